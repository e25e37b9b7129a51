"""A hardship file's way: open, submit, two reviews, 公示 with objections, active; re-check,
monthly incomes and the exit rule, exit and 返困; bad input writes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEntry
from gonghui.hardship import services
from gonghui.hardship.models import DibaoStandard, HardshipFile, Objection, Review
from gonghui.hardship.queries import active_categories
from gonghui.members import services as member_services

from ..members.test_matrix import _rid, member_in_county
from .conftest import active_file, county_rights, file_data, luhn_card, opened, standards

pytestmark = pytest.mark.django_db


def test_open_submit_review_publicity_active(city):
    f = opened(city)
    assert f.state == "draft" and f.household.count() == 3
    assert f.household.get(relation="spouse").health.reveal() == "慢性肾病"
    services.submit(f, acting_user=city.users["union"], opinion="经基层工会核实")
    f.refresh_from_db()
    assert (f.state, f.stage, f.category, f.dibao_monthly_fen) == ("review", "county", "deep", 85_000)
    assert "833.33" in f.explanation and "850.00" in f.explanation
    # the city organisation department and the union clerk cannot review; the county rights clerk can
    for who in ("city", "union", "county"):
        with pytest.raises(PermissionDenied):
            services.review(f, acting_user=city.users[who], decision="approve")
    services.review(f, acting_user=county_rights(city), decision="approve", opinion="情况属实")
    f.refresh_from_db()
    assert f.stage == "city"
    with pytest.raises(PermissionDenied):  # the city stage is the root's
        services.review(f, acting_user=county_rights(city), decision="approve")
    services.review(f, acting_user=city.users["rights"], decision="approve", opinion="同意")
    f.refresh_from_db()
    assert f.state == "publicity" and (f.publicity_until - f.publicity_from).days == 6
    assert services.activate_due(today=f.publicity_until) == 0  # the last day of 公示 is still 公示
    assert services.activate_due(today=f.publicity_until + datetime.timedelta(days=1)) == 1
    assert services.activate_due(today=f.publicity_until + datetime.timedelta(days=2)) == 0  # idempotent
    f.refresh_from_db()
    assert f.state == "active" and f.review_due == f.activated_on.replace(year=f.activated_on.year + 1)
    assert f.member.__class__.objects.get(pk=f.member_id).has_hardship_file
    assert active_categories([f.member_id]) == {f.member_id: "deep"}
    # a whole city's members at once: more ids than SQLite takes in one statement
    assert active_categories([*range(-40_000, 0), f.member_id]) == active_categories() == {f.member_id: "deep"}
    steps = list(f.reviews.values_list("decision", "opinion"))
    assert steps[0] == ("submit", "经基层工会核实") and ("approve", "情况属实") in steps and steps[-1][0] == "activate"
    assert AuditEntry.objects.filter(object_type="hardship.hardshipfile", object_id=str(f.pk)).count() >= 5


def test_publicity_days_follow_the_rulebook(city):
    from gonghui.rules import services as rule_services

    rule_services.add_value("hardship.publicity_days", jurisdiction="43", valid_from=datetime.date(2026, 1, 1),
                            value="5", source="湖南省测试文件")
    f = active_file(city)
    assert (f.publicity_until - f.publicity_from).days == 4


def test_no_dibao_standard_no_submission(city):
    f = opened(city)
    DibaoStandard.objects.all().delete()
    with pytest.raises(ValidationError) as e:
        services.submit(f, acting_user=city.users["union"])
    assert "低保" in str(e.value.message_dict["dibao_monthly"])
    f.refresh_from_db()
    assert f.state == "draft"


def test_the_county_standard_wins_over_the_city(city):
    DibaoStandard.objects.create(region_id="430421", year=2026, monthly_fen=70_000)
    f = opened(city)
    services.submit(f, acting_user=city.users["union"])
    f.refresh_from_db()
    assert f.dibao_monthly_fen == 70_000 and f.category == "relative"


def test_return_and_reject_need_a_reason(city):
    f = opened(city)
    services.submit(f, acting_user=city.users["union"])
    with pytest.raises(ValidationError):
        services.review(f, acting_user=county_rights(city), decision="return", opinion="")
    services.review(f, acting_user=county_rights(city), decision="return", opinion="缺少诊断证明")
    f.refresh_from_db()
    assert f.state == "draft"
    services.update_file(f, acting_user=city.users["union"], annual_income_fen=1_200_000)
    services.submit(f, acting_user=city.users["union"])
    services.review(f, acting_user=county_rights(city), decision="reject", opinion="非困难家庭")
    f.refresh_from_db()
    assert f.state == "rejected"
    assert f.bank_account.reveal() == luhn_card()  # kept through the edit, nobody typed it again


def test_a_household_above_the_line_cannot_be_approved(city):
    f = opened(city, annual_income_fen=30_000_000)
    services.submit(f, acting_user=city.users["union"])
    f.refresh_from_db()
    assert f.category == "none"
    with pytest.raises(ValidationError, match="不属于困难"):
        services.review(f, acting_user=county_rights(city), decision="approve", opinion="同意")
    f.refresh_from_db()
    assert (f.state, f.stage) == ("review", "county")  # nothing changed
    services.review(f, acting_user=county_rights(city), decision="reject", opinion="收入高于认定标准")
    f.refresh_from_db()
    assert f.state == "rejected"


@pytest.mark.parametrize("outcome, state", [("upheld_reject", "rejected"), ("upheld_return", "draft")])
def test_an_upheld_objection_stops_the_file(city, outcome, state):
    f = opened(city)
    services.submit(f, acting_user=city.users["union"])
    services.review(f, acting_user=county_rights(city), decision="approve")
    services.review(f, acting_user=city.users["rights"], decision="approve")
    o = services.record_objection(f, acting_user=city.users["rights"], content="其配偶经营门店，收入未申报",
                                  raised_by="匿名")
    f.refresh_from_db()
    # a pending objection holds the file in 公示
    assert services.activate_due(today=f.publicity_until + datetime.timedelta(days=1)) == 0
    with pytest.raises(ValidationError):
        services.decide_objection(o, acting_user=city.users["rights"], outcome=outcome, reason="")
    services.decide_objection(o, acting_user=city.users["rights"], outcome=outcome, reason="经核实属实")
    f.refresh_from_db()
    assert f.state == state
    assert Objection.objects.get(pk=o.pk).reason == "经核实属实"
    assert f.reviews.last().opinion.endswith("经核实属实")


def test_a_dismissed_objection_lets_the_file_become_active(city):
    f = opened(city)
    services.submit(f, acting_user=city.users["union"])
    services.review(f, acting_user=county_rights(city), decision="approve")
    services.review(f, acting_user=city.users["rights"], decision="approve")
    o = services.record_objection(f, acting_user=city.users["rights"], content="怀疑有车")
    services.decide_objection(o, acting_user=city.users["rights"], outcome="dismissed", reason="车辆为单位所有")
    f.refresh_from_db()
    assert services.activate_due(today=f.publicity_until + datetime.timedelta(days=1)) == 1


def test_recheck_makes_next_years_version(city):
    f = active_file(city)
    standards(city, 2027, 90_000)
    assert services.due_for_recheck(HardshipFile.objects.all(), today=f.review_due).filter(pk=f.pk).exists()
    assert not services.due_for_recheck(HardshipFile.objects.all(),
                                        today=f.review_due - datetime.timedelta(days=1)).exists()
    new = services.recheck(f, acting_user=city.users["union"])
    assert (new.year, new.intake, new.previous_id, new.state) == (2027, "stock", f.pk, "draft")
    assert new.household.count() == 3 and new.health.reveal() == f.health.reveal()
    with pytest.raises(ValidationError):
        services.recheck(f, acting_user=city.users["union"])


def test_incomes_above_dibao_suggest_exit_then_exit_and_return(city):
    f = active_file(city)
    months = [datetime.date(2026, m, 1) for m in range(4, 10)]
    for i, m in enumerate(months):
        services.record_income(f, acting_user=city.users["union"], month=m,
                               per_capita_fen=85_001 if i != 2 else 85_000)
    f.refresh_from_db()
    assert not f.exit_suggested  # one month at 低保 breaks the run
    services.record_income(f, acting_user=city.users["union"], month=months[2], per_capita_fen=90_000)
    f.refresh_from_db()
    assert f.exit_suggested
    with pytest.raises(PermissionDenied):  # a grassroots clerk proposes, the rights department exits
        services.exit_file(f, acting_user=city.users["union"], kind="relieved", reason="收入稳定")
    with pytest.raises(ValidationError):
        services.exit_file(f, acting_user=city.users["rights"], kind="relieved", reason="")
    services.exit_file(f, acting_user=city.users["rights"], kind="relieved", reason="连续六个月收入高于低保")
    f.refresh_from_db()
    assert f.state == "exited" and f.exit_kind == "relieved"
    member = f.member.__class__.objects.get(pk=f.member_id)
    assert not member.has_hardship_file
    back = services.return_to_hardship(member, acting_user=city.users["union"], year=2027, **file_data())
    assert back.intake == "returned" and back.previous_id == f.pk


def test_return_needs_an_exited_file(city):
    f = active_file(city)
    with pytest.raises(ValidationError):
        services.return_to_hardship(f.member, acting_user=city.users["union"], year=2027, **file_data())


@pytest.mark.parametrize("over, field", [
    ({"annual_income_fen": -1}, "annual_income"),
    ({"household_size": 0}, "household_size"),
    ({"bank_account": "6222020200112233441" if luhn_card().endswith("0") else "6222020200112233440"},
     "bank_account"),
    ({"secondary_causes": ["schooling", "elderly", "disaster", "accident"]}, "secondary_causes"),
    ({"secondary_causes": ["illness"]}, "secondary_causes"),
    ({"main_cause": "nope"}, "main_cause"),
    ({"household": [{"name": "王芳", "relation": "spouse", "id_number": "430421199001011234"}]},
     "household-1-id_number"),
    ({"household": [{"name": "王芳", "relation": "spouse", "annual_income_fen": -3}]}, "household-1-annual_income"),
])
def test_bad_input_names_the_field_and_writes_nothing(city, over, field):
    standards(city)
    member = member_in_county(city)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as e:
        services.open_file(acting_user=city.users["union"], member=member, year=2026, **file_data(**over))
    assert field in e.value.message_dict, e.value.message_dict
    assert not HardshipFile.objects.exists() and AuditEntry.objects.count() == before


def test_a_non_member_cannot_have_a_file(city):
    member = member_in_county(city)
    member_services.record_event(member, acting_user=city.users["city"], kind="leave", reason="离职")
    member.refresh_from_db()
    with pytest.raises(ValidationError) as e:
        opened(city, member)
    assert "member" in e.value.message_dict
    with pytest.raises(ValidationError):
        services.open_file(acting_user=city.users["union"], member=None, **file_data())


def test_a_clerk_outside_the_union_cannot_open(city):
    other = member_services.add_member(acting_user=city.users["city"], union=city.grassroots2, name="王东文",
                                       id_number=_rid("43042219850615002"))
    with pytest.raises(PermissionDenied):
        opened(city, other)


def test_one_file_per_member_and_year(city):
    opened(city)
    with pytest.raises(ValidationError):
        opened(city)
    assert Review.objects.count() == 0


def test_the_demo_step_builds_files_in_every_state(city):
    """The demo step on the small test city: standards, files across states, a consistent flag."""
    from gonghui.core.demo import DemoContext
    from gonghui.hardship.demo import build
    from gonghui.members.models import Member

    for i in range(8):
        member_services.add_member(acting_user=city.users["city"], union=city.grassroots, name=f"测试{i}",
                                   id_number=_rid(f"430421199001021{i:02d}"))
    ctx = DemoContext(size=1.0)
    ctx.users = city.users
    summary = build(ctx)
    assert summary["files"] == 8 and DibaoStandard.objects.filter(year=2026).exists()
    files = HardshipFile.objects.all()
    assert files.filter(state="active").exists()
    assert all(f.explanation for f in files.exclude(state="draft"))
    assert not files.filter(state__in=("publicity", "active", "exited"), category="none").exists()
    active = set(files.filter(state="active").values_list("member_id", flat=True))
    assert set(Member.objects.filter(has_hardship_file=True).values_list("pk", flat=True)) == active


def test_the_daily_command_activates_once(city):
    import io

    from django.core.management import call_command

    f = opened(city)
    services.submit(f, acting_user=city.users["union"])
    services.review(f, acting_user=county_rights(city), decision="approve")
    services.review(f, acting_user=city.users["rights"], decision="approve")
    f.refresh_from_db()
    day = (f.publicity_until + datetime.timedelta(days=1)).isoformat()
    out = io.StringIO()
    call_command("hardship_activate", date=day, stdout=out)
    call_command("hardship_activate", date=day, stdout=out)
    assert out.getvalue().split("\n")[:2] == ["1 file(s) activated", "0 file(s) activated"]
    assert HardshipFile.objects.get(pk=f.pk).state == "active"


def test_a_new_file_takes_its_intake_from_the_history(city):
    f = active_file(city)
    nxt = services.open_file(acting_user=city.users["union"], member=f.member, year=2027, **file_data())
    assert (nxt.intake, nxt.previous_id) == ("stock", f.pk)
    fresh = services.open_file(acting_user=city.users["union"], member=f.member, year=2025, **file_data())
    assert (fresh.intake, fresh.previous_id) == ("new", None)
