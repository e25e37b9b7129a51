"""Demo 一户一产业工人: in each county, this year's training of rural households (the 1,200 people
given free job training in seed 002, scaled), most completed and many with a skill certificate,
and the 乡村车间 that seed 000 asks the counties to build, with their workers (some below the
rulebook's number, so not every workshop counts). Written in bulk."""

from datetime import date, timedelta

from django.utils import timezone

from gonghui.core.demo import demo_step

from .models import Enrolment, Level, Worker, Workshop

TRADES = [("电工", "低压电工作业培训"), ("焊工", "焊接技能培训"), ("家政服务员", "家政服务技能培训"),
          ("中式烹调师", "农家乐厨师培训"), ("农机修理工", "农机维修培训"), ("育婴员", "育婴员培训"),
          ("电子装配工", "电子产品装配培训"), ("缝纫工", "服装缝制培训")]
PRODUCTS = ["电子元件组装", "服装加工", "竹木制品", "鞋帽加工", "农产品分拣包装", "箱包加工"]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗"


@demo_step(order=94)
def build(ctx):
    """Training enrolments by household and county; rural workshops with their workers."""
    staff = ctx.users["city"]
    rng = ctx.rng
    year = timezone.localdate().year
    counties = list(ctx.counties.values())
    if not counties:
        return {}
    enrolments, workshops, workers = [], [], []
    n = ctx.scaled(1200, minimum=24)
    for i in range(n):
        county = counties[i % len(counties)]
        village = f"{rng.choice(['新塘', '石门', '洪市', '金兰', '界牌', '杉桥'])}村{rng.randint(1, 12)}组"
        head = rng.choice(SURNAMES) + ctx.fake.first_name()
        household = f"{head}户（{village}）"
        trade, course = TRADES[i % len(TRADES)]
        enrolled = date(year, 1, 1) + timedelta(days=rng.randint(0, 200))
        completed = enrolled + timedelta(days=rng.randint(20, 60)) if rng.random() < 0.8 else None
        if completed and completed > timezone.localdate():
            completed = None
        level = rng.choice([Level.FIVE, Level.FIVE, Level.FOUR, Level.THREE]) if completed and rng.random() < 0.6 \
            else ""
        enrolments.append(Enrolment(
            union=county, household=household, person=head if rng.random() < 0.5 else rng.choice(SURNAMES)
            + ctx.fake.first_name(), trade=trade, course=course, enrolled_on=enrolled,
            state="completed" if completed else "enrolled", completed_on=completed, level=level,
            certificate_no=f"S{year}{i:06d}" if level else "", created_by=staff))
    Enrolment.objects.bulk_create(enrolments)
    for i in range(ctx.scaled(40, minimum=6)):
        county = counties[i % len(counties)]
        village = f"{rng.choice(['新塘', '石门', '洪市', '金兰', '界牌', '杉桥'])}村"
        workshops.append(Workshop(union=county, name=f"{village}{PRODUCTS[i % len(PRODUCTS)]}乡村车间", village=village,
                                  product=PRODUCTS[i % len(PRODUCTS)],
                                  opened_on=date(year - 1, 1, 1) + timedelta(days=rng.randint(0, 500)),
                                  created_by=staff))
    Workshop.objects.bulk_create(workshops)
    for j, w in enumerate(workshops):
        # the first is a new workshop still below the rulebook's number of workers
        for _k in range(6 if j == 0 else rng.randint(10, 25)):
            head = rng.choice(SURNAMES) + ctx.fake.first_name()
            workers.append(Worker(workshop=w, person=head, household=f"{head}户（{w.village}）", joined_on=w.opened_on,
                                  left_on=w.opened_on + timedelta(days=200) if j and rng.random() < 0.05 else None))
    Worker.objects.bulk_create(workers)
    ctx.log(f"一户一产业工人: {len(enrolments)} enrolments, {len(workshops)} workshops, {len(workers)} workers")
    return {"enrolments": len(enrolments), "workshops": len(workshops), "workers": len(workers)}
