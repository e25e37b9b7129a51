"""Mutual medical aid: plans, enrolment, claims, review and payment, screening bookings."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.core.models import AuditEntry
from gonghui.medicalaid import queries, services
from gonghui.medicalaid.models import Claim, EnrolledMember, Enrolment, ScreeningQuota
from gonghui.members import services as member_services

from .conftest import RULES, YEAR, city_plan, claim, enrolled, member, quota

pytestmark = pytest.mark.django_db


def _messages(exc):
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


# --- plans ---------------------------------------------------------------------------------------

def test_a_plan_is_set_by_a_federation_and_seen_below_it(city):
    plan = city_plan(city)
    assert plan.diseases.count() == 2
    assert AuditEntry.objects.filter(action="create", object_type="medicalaid.plan").exists()
    # the grassroots clerk sees the city's plan (to enrol into it), not the other way round
    from gonghui.medicalaid.models import Plan
    assert Plan.objects.restrict(city.users["union"]).filter(pk=plan.pk).exists()


def test_a_plan_is_not_set_by_a_grassroots_union_nor_twice(city):
    city_plan(city)
    with pytest.raises(ValidationError) as e:
        services.create_plan(acting_user=city.users["rights"], union=city.grassroots, year=YEAR, **RULES)
    assert "union" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.create_plan(acting_user=city.users["rights"], union=city.root, year=YEAR, **RULES)
    assert "year" in e.value.message_dict
    with pytest.raises(PermissionDenied):
        services.create_plan(acting_user=city.users["county"], union=city.county, year=YEAR, **RULES)


def test_a_county_plan_comes_before_the_citys(city):
    city_plan(city)
    county = services.create_plan(acting_user=city.users["rights"], union=city.county, year=YEAR,
                                  **(RULES | {"name": "衡阳县互助", "daily_allowance_fen": 4000}))
    assert services.plan_for(city.grassroots, YEAR) == county
    assert services.plan_for(city.grassroots2, YEAR).union == city.root


def test_plan_caps_must_agree(city):
    with pytest.raises(ValidationError) as e:
        services.create_plan(acting_user=city.users["rights"], union=city.root, year=YEAR,
                             **(RULES | {"cap_per_stay_fen": 900_000}))
    assert "cap_per_stay_fen" in e.value.message_dict


# --- enrolment -----------------------------------------------------------------------------------

def test_a_union_clerk_enrols_their_own_members(city):
    city_plan(city)
    a, b = member(city), member(city, sex="F")
    e = services.enrol(acting_user=city.users["union"], union=city.grassroots, year=YEAR, payer="employer",
                       rows=[(a.number, 1), (b.number, 2)])
    assert (e.people, e.shares, e.total_premium_fen) == (2, 3, 15000)
    assert queries.enrolled_count(city.users["rights"], YEAR) == 2
    assert queries.enrolled_count(city.users["rights"], YEAR, under=city.county2) == 0
    assert AuditEntry.objects.filter(action="medicalaid_enrol").count() == 1


def test_a_bad_row_refuses_the_batch_naming_every_bad_row(city):
    city_plan(city)
    good, gone, twice = member(city), member(city), member(city)
    member_services.record_event(gone, acting_user=city.users["city"], kind="leave", reason="离职")
    services.enrol(acting_user=city.users["rights"], union=city.grassroots, year=YEAR, rows=[(twice.number, 1)])
    with pytest.raises(ValidationError) as e:
        services.enrol(acting_user=city.users["rights"], union=city.grassroots, year=YEAR, rows=[
            (good.number, 1), (gone.number, 1), (twice.number, 1), (good.number, 1), (good.number + "X", 1)])
    text = _messages(e)
    assert "第 2 行" in text or "Row 2" in text
    for number in (gone.number, twice.number):
        assert number in text
    assert Enrolment.objects.count() == 1 and EnrolledMember.objects.count() == 1


@pytest.mark.parametrize("shares", [0, 4, "两份", None, 1.5, "-1", True])
def test_shares_out_of_range_are_refused(city, shares):
    city_plan(city)
    m = member(city)
    with pytest.raises(ValidationError) as e:
        services.enrol(acting_user=city.users["rights"], union=city.grassroots, year=YEAR, rows=[(m.number, shares)])
    assert m.number in _messages(e)
    assert not EnrolledMember.objects.exists()


def test_a_member_outside_the_union_or_scope_is_not_enrolled(city):
    city_plan(city)
    other = member(city, union=city.grassroots2)
    with pytest.raises(ValidationError):
        services.enrol(acting_user=city.users["rights"], union=city.grassroots, year=YEAR, rows=[(other.number, 1)])
    with pytest.raises(PermissionDenied):
        services.enrol(acting_user=city.users["union"], union=city.grassroots2, year=YEAR, rows=[(other.number, 1)])


def test_no_plan_no_enrolment(city):
    m = member(city)
    with pytest.raises(ValidationError) as e:
        services.enrol(acting_user=city.users["rights"], union=city.grassroots, year=YEAR, rows=[(m.number, 1)])
    assert "year" in e.value.message_dict


def test_the_database_holds_one_enrolment_per_member_and_year(city):
    from django.db import IntegrityError, transaction

    m = enrolled(city)
    line = EnrolledMember.objects.get(member=m)
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolledMember.objects.create(enrolment=line.enrolment, plan=line.plan, year=YEAR, member=m, union=m.union,
                                      shares=1, premium_fen=5000)


# --- claims --------------------------------------------------------------------------------------

def test_a_claim_is_computed_with_its_arithmetic(city):
    c = claim(city, days=10)
    assert c.state == "submitted"
    assert c.payout_fen == 7 * 3000  # ten days, three not paid
    assert any("7" in line and "30.00" in line and "210.00" in line for line in c.explanation)


def test_claim_dates_reversed_or_in_the_future_are_refused(city):
    m = enrolled(city)
    today = timezone.localdate()
    for admitted, discharged, field in ((date(YEAR, 5, 5), date(YEAR, 5, 2), "discharged_on"),
                                        (today - timedelta(days=2), today + timedelta(days=1), "discharged_on")):
        with pytest.raises(ValidationError) as e:
            services.file_claim(acting_user=city.users["union"], member=m, admitted_on=admitted,
                                discharged_on=discharged, hospital="衡阳市中心医院", diagnosis="骨折")
        assert field in e.value.message_dict
    assert not Claim.objects.exists()


def test_a_member_not_enrolled_cannot_claim(city):
    city_plan(city)
    m = member(city)
    with pytest.raises(ValidationError) as e:
        claim(city, m)
    assert "member" in e.value.message_dict


def test_overlapping_stays_are_refused(city):
    first = claim(city, days=10, ago=40)
    with pytest.raises(ValidationError) as e:
        claim(city, first.member, days=10, ago=35)
    assert "admitted_on" in e.value.message_dict
    claim(city, first.member, days=5, ago=30)  # admitted on the day of discharge: a new stay


def test_womens_cover_is_for_women(city):
    man, woman = enrolled(city), enrolled(city, sex="F")
    with pytest.raises(ValidationError) as e:
        claim(city, man, disease_code="W01")
    assert "disease_code" in e.value.message_dict
    c = claim(city, woman, days=2, disease_code="W01")
    assert c.payout_fen == 300_000 and c.lump_fen == 300_000


def test_review_then_pay_and_the_year_caps_follow_approved_claims(city):
    m = enrolled(city, shares=2)
    rights = city.users["rights"]
    first = services.review(claim(city, m, days=63, ago=200), acting_user=rights, approve=True)
    assert first.paid_days == 60 and first.allowance_fen == 60 * 3000 * 2  # 60-day cap per stay
    second = services.review(claim(city, m, days=50, ago=100), acting_user=rights, approve=True)
    assert second.paid_days == 30  # 90 days a year
    assert second.allowance_fen == 540_000 - 360_000  # 2,700 yuan a year per share
    paid = services.pay(second, acting_user=rights, payment_ref="BANK-1")
    assert paid.state == "paid"
    with pytest.raises(ValidationError):
        services.pay(paid, acting_user=rights)


def test_reject_needs_an_opinion_and_review_needs_the_right(city):
    c = claim(city)
    with pytest.raises(PermissionDenied):
        services.review(c, acting_user=city.users["union"], approve=True)
    with pytest.raises(ValidationError):
        services.review(c, acting_user=city.users["rights"], approve=False, opinion=" ")
    done = services.review(c, acting_user=city.users["rights"], approve=False, opinion="非住院治疗")
    assert done.state == "rejected" and done.opinion == "非住院治疗"
    with pytest.raises(ValidationError):
        services.review(done, acting_user=city.users["rights"], approve=True)


def test_a_union_clerk_files_for_their_own_union_only(city):
    ours, theirs = enrolled(city), enrolled(city, union=city.grassroots2)
    stay = {"admitted_on": date(YEAR, 3, 1), "discharged_on": date(YEAR, 3, 9), "diagnosis": "阑尾炎"}
    c = services.file_claim(acting_user=city.users["union"], member=ours, hospital="衡阳县人民医院", **stay)
    assert c.created_by == city.users["union"]
    with pytest.raises(PermissionDenied):
        services.file_claim(acting_user=city.users["union"], member=theirs, hospital="衡南县人民医院", **stay)


# --- screening -----------------------------------------------------------------------------------

def test_quota_set_by_the_federation_above_and_never_below_bookings(city):
    with pytest.raises(PermissionDenied):
        services.set_quota(acting_user=city.users["union"], union=city.grassroots, year=YEAR, slots=3)
    q = quota(city, slots=1)
    services.book_screening(acting_user=city.users["union"], member=member(city, sex="F"), year=YEAR)
    with pytest.raises(ValidationError):
        services.set_quota(acting_user=city.users["rights"], union=city.grassroots, year=YEAR, slots=0)
    assert services.set_quota(acting_user=city.users["rights"], union=city.grassroots, year=YEAR, slots=4).slots == 4
    assert ScreeningQuota.objects.get(pk=q.pk).booked == 1


def test_bookings_stay_within_the_quota_and_cancelling_returns_the_slot(city):
    quota(city, slots=1)
    a, b = member(city, sex="F"), member(city, sex="F")
    booking = services.book_screening(acting_user=city.users["union"], member=a, year=YEAR)
    with pytest.raises(ValidationError) as e:
        services.book_screening(acting_user=city.users["union"], member=b, year=YEAR)
    assert "year" in e.value.message_dict
    services.cancel_booking(booking, acting_user=city.users["union"])
    services.book_screening(acting_user=city.users["union"], member=b, year=YEAR)
    assert ScreeningQuota.objects.get().booked == 1


def test_screening_is_for_women_once_a_year(city):
    quota(city)
    with pytest.raises(ValidationError):
        services.book_screening(acting_user=city.users["union"], member=member(city), year=YEAR)
    w = member(city, sex="F")
    services.book_screening(acting_user=city.users["union"], member=w, year=YEAR)
    with pytest.raises(ValidationError):
        services.book_screening(acting_user=city.users["union"], member=w, year=YEAR)
    assert ScreeningQuota.objects.get().booked == 1


def test_recording_a_result(city):
    quota(city)
    b = services.book_screening(acting_user=city.users["union"], member=member(city, sex="F"), year=YEAR)
    with pytest.raises(PermissionDenied):
        services.record_screening(b, acting_user=city.users["union"], screened_on=timezone.localdate(),
                                  result="normal")
    done = services.record_screening(b, acting_user=city.users["rights"], screened_on=timezone.localdate(),
                                     result="follow_up", note="乳腺结节，建议复查")
    assert done.state == "screened"
    with pytest.raises(ValidationError):
        services.cancel_booking(done, acting_user=city.users["union"])


def test_quotas_are_shared_out_from_the_top_down(city):
    from gonghui.medicalaid import queries

    rights = city.users["rights"]
    county = services.set_quota(acting_user=rights, union=city.county, year=YEAR, slots=10)
    services.set_quota(acting_user=rights, union=city.grassroots, year=YEAR, slots=6)
    with pytest.raises(ValidationError) as e:
        services.set_quota(acting_user=rights, union=city.grassroots_b, year=YEAR, slots=5)
    assert "slots" in e.value.message_dict
    services.set_quota(acting_user=rights, union=city.grassroots_b, year=YEAR, slots=3)
    county.refresh_from_db()
    assert (county.allocated, county.free) == (9, 1)
    # a member of the township (no quota of its own) books from the county's last free slot
    services.book_screening(acting_user=rights, member=member(city, union=city.township, sex="F"), year=YEAR)
    with pytest.raises(ValidationError):
        services.book_screening(acting_user=rights, member=member(city, union=city.township, sex="F"), year=YEAR)
    with pytest.raises(ValidationError):  # the county's quota cannot shrink below what it gave and booked
        services.set_quota(acting_user=rights, union=city.county, year=YEAR, slots=9)
    services.set_quota(acting_user=rights, union=city.grassroots, year=YEAR, slots=2)  # gives 4 back
    county.refresh_from_db()
    assert (county.allocated, county.booked, county.free) == (5, 1, 4)
    assert queries.screening_totals(rights, YEAR) == {"slots": 10, "booked": 1, "screened": 0}
    with pytest.raises(ValidationError):  # the township would sit above quotas already set below it
        services.set_quota(acting_user=rights, union=city.township, year=YEAR, slots=4)


def test_the_database_refuses_a_quota_overdrawn(city):
    from django.db import IntegrityError, transaction

    q = quota(city, slots=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScreeningQuota.objects.filter(pk=q.pk).update(booked=2, allocated=1)


def test_a_roster_of_wrong_numbers_gets_a_short_answer(city):
    city_plan(city)
    with pytest.raises(ValidationError) as e:
        services.enrol(acting_user=city.users["rights"], union=city.grassroots, year=YEAR,
                       rows=[(f"9999{i:06d}", 1) for i in range(80)])
    messages = e.value.message_dict["rows"]
    assert len(messages) == 51 and "30" in messages[-1]
