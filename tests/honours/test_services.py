"""劳模 services: the 生活困难补助 formula (line − own income, capped per month) at its boundaries, per
status and per jurisdiction; 特殊困难帮扶 by share and cap; both paid as applications of the
model-worker programme (so the assistance year report counts them); the yearly 慰问."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.assistance import services as assistance
from gonghui.assistance.models import AssistanceApplication
from gonghui.honours import rules, services
from gonghui.honours.models import HelpScheme, ModelWorkerVisit
from gonghui.rules.models import Rule, RuleValue

from ..assistance.conftest import account
from .conftest import honour, member

pytestmark = pytest.mark.django_db
HUBEI, HUNAN = "420100", "430421"


@pytest.mark.parametrize(("status", "income", "month"), [
    ("working", 556_600, 100_000), ("working", 556_700, 99_900), ("working", 0, 100_000),
    ("working", 656_500, 100), ("working", 656_600, 0), ("working", 700_000, 0),
    ("retired", 300_000, 55_200), ("retired", 355_200, 0), ("farmer", 0, 100_000), ("farmer", 20_000, 80_000)])
def test_hubei_monthly_top_up(status, income, month, db):
    """湖北 2025: line (6,566 working, 3,552 retired, 1,000 farmer) − own income, at most 1,000 a month."""
    got, rulings = rules.monthly_top_up(status, income, HUBEI)
    assert got == month
    assert all("湖北" in r.source for r in rulings) and {r.jurisdiction for r in rulings} == {"42"}


def test_a_province_with_its_own_line(db):
    """An operator's value for 湖南 wins there; 湖北 keeps its own."""
    rule = Rule.objects.get(name="honours.hardship_line_working_fen")
    RuleValue.objects.create(rule=rule, jurisdiction="43", valid_from=datetime.date(2025, 1, 1), value="300000",
                             source="湖南省困难劳模帮扶办法（测试值）")
    assert rules.monthly_top_up("working", 250_000, HUNAN)[0] == 50_000
    assert rules.monthly_top_up("working", 250_000, HUBEI)[0] == 100_000


@pytest.mark.parametrize(("spent", "help_"), [(100_000, 50_000), (2_000_000, 1_000_000), (3_000_000, 1_000_000)])
def test_special_help_share_and_cap(spent, help_, db):
    assert rules.special_help(spent, HUNAN)[0] == help_


def _programme(city, name="劳模生活困难补助"):
    today = timezone.localdate()
    return assistance.create_programme(
        acting_user=city.users["rights"], owner=city.root, name=name, kind="model_worker", year=today.year,
        opens_on=today - datetime.timedelta(days=5), closes_on=today + datetime.timedelta(days=30),
        budget_fen=10_000_000, model_workers=True, default_amount_fen=2_000_000)


def test_living_subsidy_is_an_assistance_application(city):
    m = member(city)
    honour(city, m, level="provincial", year=2015)
    p = _programme(city)
    a = services.grant_living_subsidy(acting_user=city.users["rights"], programme=p, member=m, status="working",
                                      own_income_fen=600_000, months=6, bank_name="农业银行",
                                      bank_account=account(3))
    assert (a.amount_fen, a.state, a.programme_id) == (6 * 56_600, "submitted", p.pk)
    assert "6,566.00" in a.reason or "656600" in a.reason
    assert HelpScheme.objects.get(programme=p).kind == "living"
    with pytest.raises(ValidationError):  # not below the line: nothing is written
        services.grant_living_subsidy(acting_user=city.users["rights"], programme=_programme(city, "第二期"),
                                      member=m, status="working", own_income_fen=700_000, months=6)
    assert AssistanceApplication.objects.count() == 1
    with pytest.raises(ValidationError):  # the same programme cannot pay special help
        services.grant_special_help(acting_user=city.users["rights"], programme=p, member=m, spending_fen=10_000,
                                    cause="大病")


def test_only_a_model_worker_is_helped(city):
    m = member(city)
    honour(city, m, title="craftsman", level="provincial")
    with pytest.raises(ValidationError):
        services.grant_living_subsidy(acting_user=city.users["rights"], programme=_programme(city), member=m,
                                      status="retired", own_income_fen=0, months=1, bank_name="农业银行",
                                      bank_account=account(4))
    assert not AssistanceApplication.objects.exists()


def test_yearly_visit_once_with_the_level(city):
    m = member(city)
    honour(city, m, level="city", year=2010)
    honour(city, m, level="national", year=2020)
    v = services.record_visit(acting_user=city.users["city"], member=m, union=city.county,
                              visited_on=timezone.localdate(), amount_fen=200_000)
    assert (v.level, v.year) == ("national", timezone.localdate().year)
    with pytest.raises(ValidationError):
        services.record_visit(acting_user=city.users["city"], member=m, union=city.county,
                              visited_on=timezone.localdate(), amount_fen=200_000)
    with pytest.raises(ValidationError):
        services.record_visit(acting_user=city.users["city"], member=member(city), union=city.county,
                              visited_on=timezone.localdate())
    assert ModelWorkerVisit.objects.count() == 1
