"""The subsidies demo step: plans for the counties and the city, the 2022 programme paid in full
(1,236 万元 at full size, seed 003) and this year's at every step, never above its budget; and
without positions (the positions step not run) it skips what it cannot build."""

import datetime

import pytest
from django.db.models import Sum

from gonghui.core.demo import DemoContext
from gonghui.subsidies import demo, queries
from gonghui.subsidies.models import AwardSubsidy, PositionPlan, SubsidyProgramme

from .conftest import kind, position

pytestmark = pytest.mark.django_db


def _ctx(city, size):
    ctx = DemoContext(size=size)
    ctx.root, ctx.users = city.root, {"city": city.users["city"]}
    return ctx


def test_the_demo_pays_the_seed_total_in_2022_and_keeps_this_years_budget(city):
    kind("t_station", "户外劳动者爱心驿站")
    for i in range(30):
        union = (city.township, city.grassroots, city.grassroots2, city.township2)[i % 4]
        position(city, union, kind_code="t_home" if i % 3 else "t_station", opened_on=datetime.date(2025, 1, 1))
    summary = demo.build(_ctx(city, 1.0))
    past = SubsidyProgramme.objects.get(year=2022)
    paid = AwardSubsidy.objects.filter(programme=past, state="paid")
    assert paid.aggregate(s=Sum("approved_fen"))["s"] == 1_236_000_000 == past.committed_fen
    assert summary["paid_2022_fen"] == 1_236_000_000
    now = SubsidyProgramme.objects.get(year=demo.YEAR)
    states = set(AwardSubsidy.objects.filter(programme=now).values_list("state", flat=True))
    assert states >= {"submitted", "inspected", "approved", "paid"}
    drawn = AwardSubsidy.objects.filter(programme=now, state__in=["approved", "paid"]).aggregate(
        s=Sum("approved_fen"))["s"]
    assert drawn == now.committed_fen <= now.budget_fen
    for s in AwardSubsidy.objects.filter(programme=now).select_related("position__kind"):
        cap = now.caps.get(kind=s.position.kind).max_award_fen
        assert (s.approved_fen or 0) <= cap and (s.score is None or 0 <= s.score <= 100)
    plans = list(PositionPlan.objects.select_related("union", "kind"))
    assert {p.union.name for p in plans} == {"衡阳市总工会", "衡阳县总工会", "衡南县总工会"}
    assert all(queries.plan_progress(p).done <= p.target for p in plans)


def test_without_positions_the_demo_plans_and_skips_the_subsidies(city):
    kind()
    summary = demo.build(_ctx(city, 0.02))
    assert summary["plans"] == 3 and "skipped" in summary
    assert not AwardSubsidy.objects.exists()


def test_without_kinds_the_demo_skips(city):
    from gonghui.positions.models import PositionKind

    PositionKind.objects.all().delete()  # the positions app may load its standard kinds after migrate
    assert "skipped" in demo.build(_ctx(city, 0.02))
    assert not PositionPlan.objects.exists()
