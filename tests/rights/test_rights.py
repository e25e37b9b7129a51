"""Workers' requests (12351) and legal aid: routing, the deadline of each class at its boundaries
in every shipped jurisdiction, the flow down and back up, bad input refused in Chinese with nothing
changed, escalation of overdue requests, legal-aid eligibility and its decision period, and the
signals the early-warning helper reads."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.notices.models import Outbox
from gonghui.rights import rules, services
from gonghui.rights.models import LegalAidCase, Request
from gonghui.rights.signals import employer_signals
from gonghui.rules import days
from gonghui.rules.models import Deadline, Rule, RuleValue

from ..factories import colleague, hardship_file
from .conftest import PROVINCES, aid_case, firm, member, provider, received_for_due, request_

pytestmark = pytest.mark.django_db

CLASSES = [("ordinary", 5), ("difficult", 15), ("complex", 30)]


# --- deadlines ---------------------------------------------------------------------------------

@pytest.mark.parametrize("province", sorted(PROVINCES))
@pytest.mark.parametrize("klass, n", CLASSES)
def test_each_class_counts_working_days_from_the_day_after_receipt_in_every_jurisdiction(city, province, klass, n):
    """Received Monday 2 March 2026 (no holiday near): the n-th working day after it, in every
    shipped jurisdiction (the national 12351 value applies: no province ships its own)."""
    _e, union = firm(city, PROVINCES[province])
    due, ruling = rules.request_deadline(date(2026, 3, 2), klass, union.region_id)
    assert due == days.add_working_days(date(2026, 3, 2), n)
    assert ruling.value == n and ruling.unit == "working_days" and "12351" in ruling.source
    if klass == "ordinary":
        assert due == date(2026, 3, 9)  # Tue 3 … Fri 6, Mon 9: the fifth working day


@pytest.mark.parametrize("province", sorted(PROVINCES))
def test_a_holiday_in_the_period_and_a_working_weekend_day(city, province):
    """Received Mon 28 Sep 2026: 29, 30 Sep, then 国庆 1-7 Oct are skipped, 8, 9 Oct, and Sat 10 Oct
    is a 调休 working day: the fifth working day is Saturday 10 October."""
    _e, union = firm(city, PROVINCES[province])
    due, _r = rules.request_deadline(date(2026, 9, 28), "ordinary", union.region_id)
    assert due == date(2026, 10, 10)


@pytest.mark.parametrize("province", sorted(PROVINCES))
def test_received_before_a_holiday_the_deadline_lands_after_it(city, province):
    """Received Fri 3 Apr 2026, 清明 4-6 Apr: the five working days are 7, 8, 9, 10, 13 Apr; received
    on a holiday (1 Oct), counting starts after it: 8, 9, 10, 12, 13 Oct."""
    _e, union = firm(city, PROVINCES[province])
    assert rules.request_deadline(date(2026, 4, 3), "ordinary", union.region_id)[0] == date(2026, 4, 13)
    assert rules.request_deadline(date(2026, 10, 1), "ordinary", union.region_id)[0] == date(2026, 10, 13)


def test_a_province_value_in_the_rulebook_changes_only_that_province(city):
    """The class periods are data: a Zhejiang value (3 working days) applies to Zhejiang unions only."""
    RuleValue.objects.create(rule=Rule.objects.get(name="rights.hotline_ordinary_working_days"), jurisdiction="33",
                             valid_from=date(2020, 1, 1), value="3", unit="", source="浙江省测试规定 第一条")
    _e, zj = firm(city, PROVINCES["33"])
    _e, sh = firm(city, PROVINCES["31"])
    due_zj, ruling = rules.request_deadline(date(2026, 3, 2), "ordinary", zj.region_id)
    assert due_zj == date(2026, 3, 5) and ruling.source == "浙江省测试规定 第一条"
    assert rules.request_deadline(date(2026, 3, 2), "ordinary", sh.region_id)[0] == date(2026, 3, 9)


@pytest.mark.parametrize("province", sorted(PROVINCES))
def test_legal_aid_decision_period_over_the_may_holiday(city, province):
    """Applied Thu 30 Apr 2026: 劳动节 1-5 May skipped, Sat 9 May worked: 6, 7, 8, 9, 11, 12, 13 May."""
    _e, union = firm(city, PROVINCES[province])
    due, ruling = rules.decision_deadline(date(2026, 4, 30), union.region_id)
    assert due == date(2026, 5, 13) and ruling.value == 7 and "工会法律援助办法" in ruling.source


def test_closed_on_its_last_day_is_on_time_and_a_day_later_is_late(city):
    today = timezone.localdate()
    on_time = request_(city, state="followed_up", received_on=received_for_due(today))
    assert on_time.due_on == today
    late_received = received_for_due(today - timedelta(days=1))
    late = request_(city, state="followed_up", received_on=late_received)
    assert late.due_on < today
    closer = city.users[colleague(city, "city")]
    assert services.close_request(on_time, acting_user=closer).on_time is True
    assert services.close_request(late, acting_user=closer).on_time is False
    assert not Deadline.objects.filter(kind="request_due", closed_at__isnull=True,
                                       object_id__in=[str(on_time.pk), str(late.pk)]).exists()


def test_the_class_sets_the_deadline_and_a_change_counts_again_from_receipt(city):
    r = request_(city, state="accepted", klass="difficult", received_on=date(2026, 3, 2))
    assert r.due_on == days.add_working_days(date(2026, 3, 2), 15) and r.class_reason
    r = services.reclassify_request(r, acting_user=city.users["city"], klass="complex",
                                    reason="涉及集体欠薪，需多部门联动。")
    assert r.klass == "complex" and r.due_on == days.add_working_days(date(2026, 3, 2), 30)
    d = Deadline.objects.get(kind="request_due", object_id=str(r.pk))
    assert d.due_on == r.due_on and d.closed_at is None


# --- routing -----------------------------------------------------------------------------------

def test_routed_to_the_employers_union_or_else_the_county(city):
    assert request_(city).union == city.grassroots
    # 衡阳县未建会建材 has no union: its request goes to the federation over its township (衡阳县总工会)
    r = services.submit_request(acting_user=city.users["city"], kind="consult", topic="contract",
                                description="试用期问题。", worker_name="王", employer_name=city.employer_free.name)
    assert r.employer == city.employer_free and r.union == city.county
    # an employer not in the register: the county the caller names
    r = services.submit_request(acting_user=city.users["city"], kind="consult", topic="rest", description="加班。",
                                worker_name="王", employer_name="某外卖站点", county=city.county2)
    assert r.employer is None and r.union == city.county2
    with pytest.raises(ValidationError) as e:
        services.submit_request(acting_user=city.users["city"], kind="consult", topic="rest", description="加班。",
                                worker_name="王", employer_name="某外卖站点")
    assert "county" in e.value.message_dict


def test_a_clerk_cannot_record_a_request_for_a_union_outside_their_scope(city):
    with pytest.raises(PermissionDenied):
        services.submit_request(acting_user=city.users["county2"], kind="solve", topic="wages", description="欠薪。",
                                worker_name="王", employer=city.employer)
    assert not Request.objects.exists()


def test_a_worker_without_membership_needs_a_proven_phone(city):
    with pytest.raises(ValidationError):
        services.submit_request(kind="solve", topic="wages", description="欠薪。", worker_name="王",
                                employer=city.employer)
    r = services.submit_request(kind="solve", topic="wages", description="欠薪。", worker_name="王",
                                employer=city.employer, phone="13900001234",
                                phone_key=services.phone_hash("13900001234"))
    assert r.channel == "h5" and r.phone_index == services.phone_hash("13900001234")


# --- the flow and bad input --------------------------------------------------------------------

def test_the_whole_flow_notifies_the_union_and_the_member(city):
    m = member(city, login=True)
    r = services.submit_request(acting_user=m.user, member=m, kind="solve", topic="injury",
                                description="工伤认定材料单位不配合。", worker_name=m.name, employer=city.employer)
    assert Outbox.objects.filter(kind="request_received", object_id=str(r.pk)).exists()
    staff = city.users["union"]
    r = services.accept_request(r, acting_user=staff)
    assert Outbox.objects.filter(kind="request_answered", object_id=str(r.pk)).count() == 1
    r = services.handle_request(r, acting_user=staff, result="协助申请工伤认定。", money_recovered_fen=0)
    r = services.reply_request(r, acting_user=staff, reply="已受理工伤认定。", replied_on=timezone.localdate())
    r = services.follow_up_request(r, acting_user=city.users["city"], satisfaction="basic")
    with pytest.raises(ValidationError):  # the handler does not check their own work
        services.close_request(r, acting_user=staff)
    r = services.close_request(r, acting_user=city.users["city"])
    assert r.state == "closed" and r.closed_on == timezone.localdate()


def test_a_reply_dated_before_the_request_is_refused_and_nothing_changes(city):
    r = request_(city, state="handled", received_on=date(2026, 3, 2))
    with pytest.raises(ValidationError) as e:
        services.reply_request(r, acting_user=city.users["city"], reply="已处理。", replied_on=date(2026, 3, 1))
    assert "replied_on" in e.value.message_dict
    r.refresh_from_db()
    assert r.state == "handled" and r.replied_on is None and r.reply == ""
    assert services.reply_request(r, acting_user=city.users["city"], reply="已处理。",
                                  replied_on=date(2026, 3, 2)).state == "replied"  # the same day is allowed


def test_closing_without_a_follow_up_call_is_refused_and_nothing_changes(city):
    r = request_(city, state="replied")
    with pytest.raises(ValidationError) as e:
        services.close_request(r, acting_user=city.users[colleague(city, "city")])
    assert "回访" in str(e.value)
    r.refresh_from_db()
    assert r.state == "replied" and r.closed_at is None


def test_reclassifying_without_a_reason_is_refused_and_nothing_changes(city):
    r = request_(city, state="accepted", received_on=date(2026, 3, 2))
    with pytest.raises(ValidationError) as e:
        services.reclassify_request(r, acting_user=city.users["city"], klass="complex", reason=" ")
    assert "reason" in e.value.message_dict
    r.refresh_from_db()
    assert r.klass == "ordinary" and r.due_on == date(2026, 3, 9)
    with pytest.raises(ValidationError):  # accepting above 一般 needs a reason too
        services.accept_request(request_(city), acting_user=city.users["city"], klass="difficult")


def test_a_failed_quality_check_sends_it_back_to_be_handled_again(city):
    r = request_(city, state="followed_up")
    r = services.close_request(r, acting_user=city.users[colleague(city, "city")], passed=False,
                               note="未核实补发凭证。")
    assert r.state == "accepted" and r.followed_up_at is None and r.quality_note


def test_overdue_requests_escalate_once_to_the_union_above(city):
    today = timezone.localdate()
    late = request_(city, state="accepted", received_on=received_for_due(today - timedelta(days=1)))
    due_today = request_(city, state="accepted", received_on=received_for_due(today))
    closed = request_(city, state="closed", received_on=received_for_due(today - timedelta(days=1)))
    assert services.escalate_overdue() == 1
    late.refresh_from_db()
    due_today.refresh_from_db()
    closed.refresh_from_db()
    assert late.escalated_to == city.township  # the union above 第一机械's union
    assert due_today.escalated_to is None and closed.escalated_to is None
    assert Outbox.objects.filter(kind="request_overdue", object_id=str(late.pk)).count() == 2
    assert services.escalate_overdue() == 0  # a second run changes nothing


# --- legal aid ---------------------------------------------------------------------------------

def test_legal_aid_eligibility_by_each_ground(city):
    staff = city.users["city"]
    plain = member(city)

    def apply(m, basis, income=None):
        return services.apply_legal_aid(acting_user=staff, union=city.county, member=m, applicant_name=m.name,
                                        facts="欠薪。", basis=basis, income_per_head_fen=income)

    for basis in ("hardship", "model_worker", "union_staff"):
        with pytest.raises(ValidationError) as e:
            apply(plain, basis)
        assert "basis" in e.value.message_dict
    assert not LegalAidCase.objects.exists()
    assert apply(member(city, is_model_worker=True), "model_worker").basis == "model_worker"
    poor = member(city)
    hardship_file(poor, by=staff)
    assert apply(poor, "hardship").state == "applied"
    limit = int(rules.income_limit(timezone.localdate(), city.county.region_id).value)
    assert apply(plain, "income", limit).eligibility_rule  # “不高于” includes the limit
    with pytest.raises(ValidationError) as e:
        apply(plain, "income", limit + 1)
    assert "income_per_head_fen" in e.value.message_dict


def test_legal_aid_decision_is_due_in_the_rulebooks_days_and_decided_by_a_colleague(city):
    case = aid_case(city)
    assert case.decision_due_on == rules.decision_deadline(case.applied_on, city.county.region_id)[0]
    assert Deadline.objects.filter(kind="legal_aid_decision", object_id=str(case.pk), closed_at__isnull=True).exists()
    with pytest.raises(ValidationError):
        services.decide_legal_aid(case, acting_user=city.users["city"], grant=True)
    with pytest.raises(ValidationError):  # a refusal names its reason
        services.decide_legal_aid(case, acting_user=city.users[colleague(city, "city")], grant=False)
    case = services.decide_legal_aid(case, acting_user=city.users[colleague(city, "city")], grant=True)
    assert case.state == "granted"
    assert not Deadline.objects.filter(kind="legal_aid_decision", object_id=str(case.pk),
                                       closed_at__isnull=True).exists()


def test_assignment_draws_on_the_roster_of_the_union_or_above(city):
    case = aid_case(city, state="granted")
    elsewhere = provider(city, union=city.county2)
    with pytest.raises(ValidationError):
        services.assign_legal_aid(case, acting_user=city.users["city"], provider=elsewhere)
    from_city = provider(city, union=city.root, kind="volunteer")
    assert services.assign_legal_aid(case, acting_user=city.users["city"], provider=from_city).provider == from_city


def test_a_case_closes_only_with_the_workers_rating(city):
    case = aid_case(city, state="served")
    with pytest.raises(ValidationError) as e:
        services.close_legal_aid(case, acting_user=city.users["city"], result="won", money_recovered_fen=100)
    assert "rating" in e.value.message_dict
    case.refresh_from_db()
    assert case.state == "served" and case.money_recovered_fen == 0
    case = services.close_legal_aid(case, acting_user=city.users["city"], result="won", money_recovered_fen=100,
                                    rating=4)
    assert case.state == "closed" and case.rating == 4


# --- signals for the early-warning helper ------------------------------------------------------

def test_employer_signals_count_requests_and_wage_arrears_in_the_period(city):
    request_(city, received_on=date(2026, 3, 2))
    request_(city, received_on=date(2026, 3, 31), topic="injury")
    request_(city, received_on=date(2026, 4, 1))  # after the period
    request_(city, employer=city.employer2, received_on=date(2026, 3, 5))
    out = employer_signals([city.employer.pk, city.employer2.pk, city.employer_free.pk], date(2026, 3, 1),
                           date(2026, 3, 31))
    assert out == {city.employer.pk: {"requests": 2, "wage_arrears": 1},
                   city.employer2.pk: {"requests": 1, "wage_arrears": 1},
                   city.employer_free.pk: {"requests": 0, "wage_arrears": 0}}
