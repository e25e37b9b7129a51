"""一户一产业工人 rules and figures: a certificate only after completion (nothing written
otherwise), a workshop's worker list all or nothing, recognised workshops by the rulebook's
number at its boundary, households counted once, each figure linking to its rows."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.rules.models import RuleValue
from gonghui.skills import queries, services
from gonghui.skills.models import Enrolment, Workshop

from .conftest import enrolment, workshop

pytestmark = pytest.mark.django_db


def test_a_certificate_needs_its_number_and_a_completed_training(city):
    e = enrolment(city)
    with pytest.raises(ValidationError) as err:
        services.complete(e, acting_user=city.users["county"], completed_on=timezone.localdate(), level="5")
    assert "certificate_no" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.complete(e, acting_user=city.users["county"], completed_on=e.enrolled_on - timedelta(days=1))
    assert Enrolment.objects.get(pk=e.pk).state == "enrolled"
    done = services.complete(e, acting_user=city.users["county"], completed_on=timezone.localdate(), level="5",
                             certificate_no="S2026000001")
    assert done.state == "completed" and done.get_level_display()
    with pytest.raises(ValidationError):
        services.complete(done, acting_user=city.users["county"], completed_on=timezone.localdate())


def test_a_worker_line_without_a_household_registers_no_workshop(city):
    with pytest.raises(ValidationError) as err:
        services.create_workshop(acting_user=city.users["county"], union=city.county, name="车间", village="村",
                                 product="服装", workers=[("张三", "张三户"), ("李四", "")])
    assert "2" in str(err.value)
    assert not Workshop.objects.exists()


def test_figures_count_households_once_and_recognise_workshops_at_the_rulebook_number(city, login):
    enrolment(city, person="王小明")
    enrolment(city, person="王小红")  # the same household
    enrolment(city, household="李强户（石门村1组）", person="李强")
    rule = RuleValue.objects.filter(rule__name="skills.workshop_min_workers").first().rule
    RuleValue.objects.create(rule=rule, jurisdiction="43", valid_from="2020-01-01", value="3",
                             source="湖南省乡村车间认定办法（测试值）")
    workshop(city, n=3)
    workshop(city, n=2)
    out, levels, minimum = queries.figures(city.users["county"])
    by = {code: (v, url) for code, v, url in out}
    assert by["enrolments"][0] == 3 and by["households"][0] == 2
    assert by["workshops"][0] == 2 and by["recognised"][0] == 1 and by["workers"][0] == 5
    assert "测试值" in minimum.source
    page = login("county").get(by["recognised"][1]).content.decode()
    table = page.split('data-testid="workshop-table"')[1]
    assert table.count("新塘村电子组装乡村车间") == 1
    assert queries.figures(city.users["county2"])[0][0][1] == 0  # 衡南县 sees none of 衡阳县's rows
