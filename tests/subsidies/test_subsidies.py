"""Construction plans and award subsidies: progress counted from the positions registered, the
budget never exceeded, the steps held by the union above the applicant, bad input refused with
nothing changed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.core.models import AuditEntry
from gonghui.positions.models import Position
from gonghui.subsidies import queries, services
from gonghui.subsidies.models import AwardSubsidy, PositionPlan, SubsidyProgramme

from ..factories import colleague
from .conftest import (
    PNG,
    YEAR,
    apply,
    approved,
    finance,
    inspected,
    kind,
    position,
    programme,
)

pytestmark = pytest.mark.django_db


# --- construction plans ----------------------------------------------------------------------------

def _plan(c, union=None, target=18, first=YEAR - 2, last=YEAR, kind_code="t_home"):
    return services.create_plan(acting_user=c.users["city"], union=union or c.county, kind=kind(kind_code),
                                target=target, start_year=first, end_year=last)


def test_progress_counts_open_positions_of_the_kind_in_the_subtree_within_the_years(city):
    """Seed 003: 18 township 职工之家 planned in 3 years, 13 done."""
    plan = _plan(city)
    for i in range(13):  # built over the three years, in the county's subtree
        position(city, city.township if i % 2 else city.grassroots, opened_on=datetime.date(YEAR - 2 + i % 3, 5, 1))
    position(city, city.grassroots2, opened_on=datetime.date(YEAR, 1, 1))  # the other county
    position(city, city.grassroots, kind_code="t_station")  # another kind
    position(city, city.grassroots, status="closed")  # closed
    position(city, city.grassroots, status="building")  # not yet open
    position(city, city.grassroots, opened_on=datetime.date(YEAR - 3, 12, 31))  # before the plan
    progress = queries.plan_progress(plan)
    assert progress.done == 13 and progress.left == 5 and progress.percent == 72
    assert [(y, n) for y, n, _r in progress.by_year] == [(YEAR - 2, 5), (YEAR - 1, 4), (YEAR, 4)]
    assert progress.by_year[-1][2] == 13
    # the list's one-query annotation agrees with the detail's count
    assert queries.with_progress(PositionPlan.objects.filter(pk=plan.pk)).get().done == 13
    assert queries.counted_positions(plan).count() == 13


def test_a_position_without_opening_date_counts_by_its_registration(city):
    plan = _plan(city, first=YEAR, last=YEAR)
    registered = timezone.make_aware(datetime.datetime(YEAR, 3, 1, 10))
    position(city, opened_on=None, created_at=registered)
    position(city, opened_on=None, created_at=registered.replace(year=YEAR - 1))
    assert queries.plan_progress(plan).done == 1
    assert queries.with_progress(PositionPlan.objects.filter(pk=plan.pk)).get().done == 1


def test_progress_follows_a_position_closed_later(city):
    plan = _plan(city)
    p = position(city)
    assert queries.plan_progress(plan).done == 1
    Position.objects.filter(pk=p.pk).update(status="closed")
    assert queries.plan_progress(plan).done == 0


@pytest.mark.parametrize("kw, field", [({"target": 0}, "target"), ({"first": YEAR, "last": YEAR - 1}, "end_year"),
                                       ({"first": 1990}, "start_year")])
def test_bad_plans_are_refused(city, kw, field):
    with pytest.raises(ValidationError) as e:
        _plan(city, **kw)
    assert field in e.value.message_dict
    assert not PositionPlan.objects.exists()


def test_a_county_plans_only_in_its_subtree(city):
    with pytest.raises(PermissionDenied):
        services.create_plan(acting_user=city.users["county2"], union=city.county, kind=kind(), target=3,
                             start_year=YEAR, end_year=YEAR)
    with pytest.raises(PermissionDenied):
        services.create_plan(acting_user=city.users["union"], union=city.grassroots, kind=kind(), target=3,
                             start_year=YEAR, end_year=YEAR)


# --- applying --------------------------------------------------------------------------------------

def test_the_grassroots_union_applies_with_attachments(city):
    upload = SimpleUploadedFile("照片.png", PNG)
    s = services.apply(acting_user=city.users["union"], programme=programme(city), position=position(city),
                       requested_fen=200_000, statement="建成职工之家", uploads=[upload])
    assert s.state == "submitted" and s.union == city.grassroots and s.year == YEAR
    assert [a.name for a in s.attachments.all()] == ["照片.png"]
    assert AuditEntry.objects.filter(object_type="subsidies.awardsubsidy", object_id=str(s.pk),
                                     action="create").exists()


def test_a_file_that_is_not_an_image_or_pdf_refuses_the_application(city):
    prog, pos = programme(city), position(city)
    with pytest.raises(ValidationError) as e:
        services.apply(acting_user=city.users["union"], programme=prog, position=pos, requested_fen=200_000,
                       statement="建成职工之家", uploads=[SimpleUploadedFile("a.exe", b"MZ\x90\x00")])
    assert "files" in e.value.message_dict
    assert not AwardSubsidy.objects.exists()


def test_one_live_application_per_position_and_programme(city):
    prog, pos = programme(city), position(city)
    first = apply(city, prog, pos)
    with pytest.raises(ValidationError) as e:
        apply(city, prog, pos)
    assert "once per programme" in e.value.message_dict["position"][0] or "一次" in e.value.message_dict["position"][0]
    services.reject(first, acting_user=city.users["county"], opinion="材料不全")
    assert apply(city, prog, pos).state == "submitted"  # a rejected one may apply again


def test_applying_for_a_position_outside_ones_subtree_is_refused(city):
    prog = programme(city)
    with pytest.raises(ValidationError) as e:
        apply(city, prog, position(city, city.grassroots2), union=city.grassroots)
    assert "position" in e.value.message_dict
    with pytest.raises(PermissionDenied):  # the clerk holds no right on the other union
        apply(city, prog, position(city, city.grassroots2))


def test_requests_above_the_cap_or_the_budget_are_refused(city):
    prog = programme(city, budget_fen=500_000, caps={kind().pk: 300_000})
    with pytest.raises(ValidationError) as e:
        apply(city, prog, requested_fen=300_001)
    assert "3,000.00" in e.value.message_dict["requested_fen"][0]
    prog2 = programme(city, budget_fen=100_000)
    with pytest.raises(ValidationError) as e:
        apply(city, prog2, requested_fen=100_001)
    assert "1,000.00" in e.value.message_dict["requested_fen"][0]
    assert not AwardSubsidy.objects.exists()


def test_the_programme_owner_does_not_apply_to_itself(city):
    county_prog = programme(city, owner=city.county)
    with pytest.raises(ValidationError):
        apply(city, county_prog, position(city, city.county), by="county", union=city.county)


# --- inspection --------------------------------------------------------------------------------------

@pytest.mark.parametrize("score", [-1, 101, None, "80", 85.5])
def test_the_inspection_score_is_a_whole_number_from_0_to_100(city, score):
    s = apply(city)
    with pytest.raises(ValidationError) as e:
        services.inspect(s, acting_user=city.users["county"], score=score)
    assert "score" in e.value.message_dict
    s.refresh_from_db()
    assert s.state == "submitted" and s.score is None


@pytest.mark.parametrize("score", [0, 100])
def test_the_score_range_includes_its_ends(city, score):
    assert inspected(city, score=score).score == score


def test_the_checklist_follows_the_kind_standard(city):
    s = inspected(city)
    assert s.checklist == {"water": True, "seats": True, "aircon": False, "first_aid": False}
    with pytest.raises(ValidationError) as e:
        services.inspect(s, acting_user=city.users["county"], score=80, checklist=["pool"])
    assert "checklist" in e.value.message_dict


def test_inspection_photos_must_be_images(city):
    s = apply(city)
    with pytest.raises(ValidationError):
        services.inspect(s, acting_user=city.users["county"], score=80,
                         photos=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")])
    s = services.inspect(s, acting_user=city.users["county"], score=80, photos=[SimpleUploadedFile("p.png", PNG)])
    assert s.attachments.get().stage == "inspection"


def test_the_proposal_cannot_exceed_the_request(city):
    s = apply(city, requested_fen=200_000)
    with pytest.raises(ValidationError) as e:
        services.inspect(s, acting_user=city.users["county"], score=90, proposed_fen=200_001)
    assert "proposed_fen" in e.value.message_dict


# --- who does which step -----------------------------------------------------------------------------

def test_the_union_above_inspects_and_approves_the_county_beside_it_cannot(city):
    s = apply(city)  # grassroots under the township under 衡阳县
    for persona in ("county2", "union", "auditor"):
        with pytest.raises(PermissionDenied):
            services.inspect(s, acting_user=city.users[persona], score=80)
    s = inspected(city, s, by="county")
    with pytest.raises(PermissionDenied):
        services.approve(s, acting_user=city.users["county2"])
    assert services.approve(s, acting_user=city.users["city"]).state == "approved"


def test_a_union_cannot_approve_its_own_application(city):
    """The county applies for a township position: only the city above it may inspect and approve."""
    s = apply(city, pos=position(city, city.township), by="county", union=city.county)
    with pytest.raises(PermissionDenied):
        services.inspect(s, acting_user=city.users["county"], score=90)
    s = inspected(city, s, by="city")
    with pytest.raises(PermissionDenied):
        services.approve(s, acting_user=city.users["county"])
    assert services.approve(s, acting_user=city.users["city"]).state == "approved"


def test_finance_reads_and_records_payments_but_does_not_approve(city):
    clerk = finance(city)
    s = inspected(city)
    assert AwardSubsidy.objects.restrict(clerk).filter(pk=s.pk).exists()
    with pytest.raises(PermissionDenied):
        services.approve(s, acting_user=clerk)
    s = services.approve(s, acting_user=city.users["county"])
    s = services.pay(s, acting_user=clerk, paid_on=timezone.localdate(), voucher_no="记-2026-031")
    assert s.state == "paid" and s.paid_by == clerk


# --- approval and the budget ---------------------------------------------------------------------------

def test_approval_commits_on_the_budget_and_rejection_gives_it_back(city):
    prog = programme(city, budget_fen=1_000_000)
    s = approved(city, apply(city, prog, requested_fen=400_000), amount_fen=350_000)
    prog.refresh_from_db()
    assert s.approved_fen == 350_000 and prog.committed_fen == 350_000
    services.reject(s, acting_user=city.users["county"], opinion="验收后发现虚报")
    prog.refresh_from_db()
    assert prog.committed_fen == 0


def test_an_award_above_the_remaining_budget_is_refused_and_nothing_changes(city):
    prog = programme(city, budget_fen=500_000)
    approved(city, apply(city, prog, requested_fen=300_000))
    s = inspected(city, apply(city, prog, requested_fen=200_000))
    services.set_budget(prog, acting_user=city.users["city"], budget_fen=400_000)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as e:
        services.approve(s, acting_user=city.users["county"])
    message = e.value.message_dict["amount_fen"][0]
    assert "1,000.00" in message and "2,000.00" in message  # what is left, what was asked
    s.refresh_from_db()
    prog.refresh_from_db()
    assert s.state == "inspected" and s.approved_fen is None and prog.committed_fen == 300_000
    assert AuditEntry.objects.count() == before


def test_an_award_above_the_kind_cap_is_refused(city):
    prog = programme(city, caps={kind().pk: 250_000})
    s = inspected(city, apply(city, prog, requested_fen=250_000))
    with pytest.raises(ValidationError) as e:
        services.approve(s, acting_user=city.users["county"], amount_fen=260_000)
    assert "amount_fen" in e.value.message_dict


def test_a_score_below_the_pass_mark_cannot_be_approved(city):
    prog = programme(city, pass_score=60)
    s = inspected(city, apply(city, prog), score=59)
    with pytest.raises(ValidationError) as e:
        services.approve(s, acting_user=city.users["county"])
    assert "score" in e.value.message_dict
    with pytest.raises(ValidationError):  # not inspected yet
        services.approve(apply(city, prog), acting_user=city.users["county"])


def test_the_budget_cannot_drop_below_what_is_approved(city):
    prog = programme(city, budget_fen=500_000)
    approved(city, apply(city, prog, requested_fen=300_000))
    with pytest.raises(ValidationError) as e:
        services.set_budget(prog, acting_user=city.users["city"], budget_fen=299_999)
    assert "budget_fen" in e.value.message_dict
    prog.refresh_from_db()
    assert prog.budget_fen == 500_000


def test_the_database_refuses_an_overspent_programme(city):
    from django.db import IntegrityError, transaction

    prog = programme(city, budget_fen=100)
    with pytest.raises(IntegrityError), transaction.atomic():
        SubsidyProgramme.objects.filter(pk=prog.pk).update(committed_fen=101)


def test_draw_is_conditional(city):
    prog = programme(city, budget_fen=1000)
    assert services.draw(prog.pk, 600)
    assert not services.draw(prog.pk, 401)
    assert services.draw(prog.pk, 400)
    prog.refresh_from_db()
    assert prog.committed_fen == 1000


# --- payment ---------------------------------------------------------------------------------------

def test_payment_needs_an_approved_award_a_voucher_and_a_date_not_in_the_future(city):
    s = inspected(city)
    with pytest.raises(ValidationError):
        services.pay(s, acting_user=city.users["county"], paid_on=timezone.localdate(), voucher_no="V1")
    s = services.approve(s, acting_user=city.users["county"])
    with pytest.raises(ValidationError) as e:
        services.pay(s, acting_user=city.users["county"], paid_on=timezone.localdate(), voucher_no=" ")
    assert "voucher_no" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.pay(s, acting_user=city.users["county"], paid_on=timezone.localdate() + datetime.timedelta(days=1),
                     voucher_no="V1")
    assert "paid_on" in e.value.message_dict
    s = services.pay(s, acting_user=city.users["county"], paid_on=timezone.localdate(), voucher_no="V1")
    assert s.state == "paid"
    with pytest.raises(ValidationError):
        services.reject(s, acting_user=city.users["county"], opinion="晚了")


# --- totals ----------------------------------------------------------------------------------------------

def test_totals_per_year_and_per_union_below(city):
    prog = programme(city, budget_fen=10_000_000)
    a = approved(city, apply(city, prog, requested_fen=300_000))
    services.pay(a, acting_user=city.users["county"], paid_on=timezone.localdate(), voucher_no="V1")
    approved(city, apply(city, prog, position(city, city.grassroots2), requested_fen=200_000, by="county2",
                         union=city.grassroots2), by=colleague(city, "county2"))
    apply(city, prog)  # submitted: counted as an application, not as money
    years = queries.totals_by_year(AwardSubsidy.objects.all())
    assert years == [{"year": YEAR, "applications": 3, "awarded": 2, "awarded_fen": 500_000, "paid": 1,
                      "paid_fen": 300_000}]
    rows = {r["union"].name: r for r in queries.totals_by_child(AwardSubsidy.objects.all(), city.root, YEAR)}
    assert rows["衡阳县总工会"]["awarded_fen"] == 300_000 and rows["衡阳县总工会"]["applications"] == 2
    assert rows["衡南县总工会"]["awarded_fen"] == 200_000
