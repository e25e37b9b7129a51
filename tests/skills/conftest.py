"""Building blocks of the 一户一产业工人 tests: enrolments and workshops of a county."""

from datetime import timedelta

from django.utils import timezone

from gonghui.skills import services


def enrolment(c, union=None, *, household="王建国户（新塘村3组）", person="王小明", by="county"):
    return services.enrol(acting_user=c.users[by], union=union or c.county, household=household, person=person,
                          trade="电工", course="低压电工作业培训",
                          enrolled_on=timezone.localdate() - timedelta(days=40))


def workshop(c, union=None, n=3, by="county"):
    return services.create_workshop(acting_user=c.users[by], union=union or c.county, name="新塘村电子组装乡村车间",
                                    village="新塘村", product="电子元件组装",
                                    workers=[(f"工人{i}", f"户{i}（新塘村）") for i in range(n)])
