"""Collective contracts: every computed date at its boundary for the shipped jurisdictions
(national 20 days, Shanghai 15 days, Zhejiang 10 working days; filing 10 days; review 15 days;
renewal 3 months or 90 days), the term of one to three years, negotiators 3–10 a side, the
职代会 vote at its thresholds (through wcongress), refusals that change nothing, coverage and
the early-warning signal."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.contracts import queries, services
from gonghui.contracts.models import CollectiveContract as C
from gonghui.contracts.models import Negotiator
from gonghui.contracts.signals import employer_signals
from gonghui.core.models import AuditEntry
from gonghui.notices.models import Outbox
from gonghui.rules.models import Deadline
from gonghui.wcongress import services as wservices
from gonghui.wcongress.models import Motion

from .conftest import (
    EMPLOYER_SIDE,
    SHANGHAI,
    UNION_SIDE,
    ZHEJIANG,
    approved,
    congress,
    contract,
    drafted,
    in_force,
    negotiating,
    signed,
)

pytestmark = pytest.mark.django_db


# --- the answer to a bargaining request (集体合同规定 art.32 and the provinces) -----------------------

@pytest.mark.parametrize(("region", "requested", "due", "source"), [
    (None, date(2026, 3, 4), date(2026, 3, 24), "集体合同规定 第三十二条"),     # 20 days, a Tuesday
    (None, date(2026, 3, 2), date(2026, 3, 23), "集体合同规定 第三十二条"),     # day 20 is a Sunday: Monday
    (SHANGHAI, date(2026, 9, 14), date(2026, 9, 29), "上海市集体合同条例"),     # 15 days
    (SHANGHAI, date(2026, 9, 16), date(2026, 10, 8), "上海市集体合同条例"),     # day 15 is 国庆: after the holiday
    (ZHEJIANG, date(2026, 9, 14), date(2026, 9, 28), "浙江省集体合同条例"),     # 中秋 skipped, 9-20 调休 counted
    (ZHEJIANG, date(2026, 9, 28), date(2026, 10, 16), "浙江省集体合同条例"),    # across 国庆, 10-10 调休 counted
])
def test_answer_due_per_jurisdiction(city, region, requested, due, source):
    k = contract(city, region=region, requested_on=requested)
    assert k.reply_due_on == due
    assert source in k.rules_used["reply_due_on"]["source"]
    d = Deadline.objects.get(kind="contract_reply", object_id=str(k.pk))
    assert d.due_on == due and d.rule == "contracts.answer_days" and d.closed_at is None
    if region == ZHEJIANG:
        assert k.rules_used["reply_due_on"]["unit"] == "working_days"


def test_an_answer_on_the_last_day_is_on_time_and_the_day_after_is_late(city):
    k = contract(city, requested_on=date(2026, 3, 4))
    services.record_reply(k, acting_user=city.users["city"], replied_on=date(2026, 3, 24))
    assert k.reply_late is False and k.state == C.State.NEGOTIATING
    assert Deadline.objects.get(kind="contract_reply", object_id=str(k.pk)).closed_at is not None
    late = contract(city, requested_on=date(2026, 3, 4))
    services.record_reply(late, acting_user=city.users["city"], replied_on=date(2026, 3, 25))
    assert late.reply_late is True


def test_a_reply_before_the_request_is_refused_and_changes_nothing(city):
    k = contract(city, requested_on=date(2026, 3, 4))
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as e:
        services.record_reply(k, acting_user=city.users["city"], replied_on=date(2026, 3, 3))
    assert "集体合同规定 第三十二条" in str(e.value) and "2026-03-03" in str(e.value)
    k.refresh_from_db()
    assert k.state == C.State.REQUESTED and k.replied_on is None
    assert AuditEntry.objects.count() == before


def test_a_refusal_needs_its_reason(city):
    k = contract(city)
    with pytest.raises(ValidationError):
        services.record_reply(k, acting_user=city.users["city"], replied_on=date(2026, 3, 5), agreed=False)
    services.record_reply(k, acting_user=city.users["city"], replied_on=date(2026, 3, 5), agreed=False,
                          text="企业正在破产清算。")
    assert k.state == C.State.REFUSED


# --- negotiators (art.8) ---------------------------------------------------------------------------

@pytest.mark.parametrize(("n", "ok"), [(2, False), (3, True), (10, True), (11, False)])
def test_negotiators_three_to_ten_a_side(city, n, ok):
    k = contract(city)
    union_side = [f"工会代表{i}" for i in range(n)]
    employer_side = [f"企业代表{i}" for i in range(n)]
    if ok:
        services.set_negotiators(k, acting_user=city.users["city"], union_side=union_side, employer_side=employer_side)
        assert Negotiator.objects.filter(contract=k).count() == 2 * n
        assert Negotiator.objects.filter(contract=k, is_chief=True).count() == 2
    else:
        with pytest.raises(ValidationError) as e:
            services.set_negotiators(k, acting_user=city.users["city"], union_side=union_side,
                                     employer_side=employer_side)
        assert "集体合同规定 第八条" in str(e.value) and "3" in str(e.value) and "10" in str(e.value)
        assert not Negotiator.objects.filter(contract=k).exists()


def test_negotiators_equal_numbers_and_a_refused_list_keeps_the_old_one(city):
    k = contract(city)
    services.set_negotiators(k, acting_user=city.users["city"], union_side=UNION_SIDE, employer_side=EMPLOYER_SIDE)
    with pytest.raises(ValidationError) as e:
        services.set_negotiators(k, acting_user=city.users["city"], union_side=UNION_SIDE + ["钱代表"],
                                 employer_side=EMPLOYER_SIDE)
    assert "集体合同规定 第八条" in str(e.value)
    assert sorted(Negotiator.objects.filter(contract=k).values_list("name", flat=True)) == sorted(
        UNION_SIDE + EMPLOYER_SIDE)


# --- the draft and the vote at the 职代会 (art.36, through wcongress) --------------------------------

def test_zhejiang_draft_goes_to_the_congress_within_15_working_days(city):
    k = drafted(city, contract(city, region=ZHEJIANG, requested_on=date(2026, 4, 10)))
    # agreed 2026-04-22 (Wed): 15 working days skip 劳动节 5-1..5-5 and count 5-9 (调休)
    assert k.draft_agreed_on == date(2026, 4, 22)
    assert k.draft_due_on == date(2026, 5, 15)
    assert Deadline.objects.get(kind="contract_draft_vote", object_id=str(k.pk)).due_on == date(2026, 5, 15)
    national = drafted(city, contract(city, requested_on=date(2026, 4, 10)))
    assert national.draft_due_on is None and "draft_due_on" not in national.rules_used


def _vote(c, k, region, present, in_favour, delegates=30):
    employer = k.employers.get()
    type(employer).objects.filter(pk=employer.pk).update(headcount=80)  # under 100: 30 delegates suffice
    employer.refresh_from_db()
    kongress = congress(c, region=region, headcount=80, delegates=delegates, union=k.union, employer_=employer)
    s = wservices.create_session(kongress, acting_user=c.users["city"], held_on=timezone.localdate())
    return services.vote(k, acting_user=c.users["city"], session=s, present=present, in_favour=in_favour,
                         against=present - in_favour, abstain=0)


def test_shanghai_draft_passes_with_exactly_half_of_all_delegates(city):
    k = drafted(city, contract(city, region=SHANGHAI))
    m = _vote(city, k, SHANGHAI, present=20, in_favour=15)  # 20 of 30 = 2/3 present; 15 of 30 = 半数以上
    assert m.passed is True
    k.refresh_from_db()
    assert k.state == C.State.APPROVED and k.motion_id == m.pk
    assert "上海市职工代表大会条例" in m.rule_text


def test_zhejiang_draft_fails_with_exactly_half_and_passes_with_one_more(city):
    k = drafted(city, contract(city, region=ZHEJIANG))
    m = _vote(city, k, ZHEJIANG, present=30, in_favour=15)
    assert m.passed is False
    k.refresh_from_db()
    assert k.state == C.State.DRAFTED
    s = wservices.create_session(m.session.congress, acting_user=city.users["city"], held_on=timezone.localdate())
    m2 = services.vote(k, acting_user=city.users["city"], session=s, present=30, in_favour=16, against=14)
    assert m2.passed is True and "浙江省企业民主管理条例" in m2.rule_text
    k.refresh_from_db()
    assert k.state == C.State.APPROVED


def test_a_vote_below_two_thirds_present_is_refused_and_records_nothing(city):
    k = drafted(city, contract(city, region=SHANGHAI))
    with pytest.raises(ValidationError) as e:
        _vote(city, k, SHANGHAI, present=19, in_favour=19)  # 19 of 30 is below 2/3
    assert "2/3" in str(e.value)
    assert not Motion.objects.filter(title__contains=k.title).exists()
    k.refresh_from_db()
    assert k.state == C.State.DRAFTED and k.motion_id is None


def test_the_congress_must_be_that_of_the_employer(city):
    k = drafted(city, contract(city, region=SHANGHAI))
    other = congress(city, region=SHANGHAI, headcount=80, delegates=0)
    s = wservices.create_session(other, acting_user=city.users["city"], held_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.vote(k, acting_user=city.users["city"], session=s, present=20, in_favour=20, against=0)


# --- term (art.38), filing (art.42), review (art.45) -------------------------------------------------

@pytest.mark.parametrize(("end", "ok"), [
    (date(2026, 12, 30), False), (date(2026, 12, 31), True),   # one year is the shortest
    (date(2028, 12, 31), True), (date(2029, 1, 1), False),     # three years the longest
    (date(2029, 12, 31), False),                               # four years
])
def test_term_one_to_three_years(city, end, ok):
    k = approved(city, contract(city, requested_on=date(2025, 11, 3)))
    kw = {"acting_user": city.users["city"], "signed_on": date(2025, 12, 20), "term_start": date(2026, 1, 1),
          "term_end": end}
    if ok:
        services.sign(k, **kw)
        assert k.state == C.State.SIGNED and k.term_end == end
    else:
        with pytest.raises(ValidationError) as e:
            services.sign(k, **kw)
        assert "集体合同规定 第三十八条" in str(e.value)
        k.refresh_from_db()
        assert k.state == C.State.APPROVED and k.term_end is None and k.signed_on is None
        assert not Deadline.objects.filter(kind="contract_filing", object_id=str(k.pk)).exists()


def test_filing_on_the_last_day_is_accepted_and_a_day_later_refused(city):
    # signed 2026-04-24 (Fri): 10 days end 5-4, inside 劳动节 → 5-6
    k = signed(city, contract(city, requested_on=date(2026, 4, 1)), signed_on=date(2026, 4, 24))
    assert k.filing_due_on == date(2026, 5, 6)
    late = signed(city, contract(city, requested_on=date(2026, 4, 1)), signed_on=date(2026, 4, 24))
    with pytest.raises(ValidationError) as e:
        services.record_filing(late, acting_user=city.users["city"], filed_on=date(2026, 5, 7))
    assert "集体合同规定 第四十二条" in str(e.value) and "2026-05-06" in str(e.value)
    late.refresh_from_db()
    assert late.state == C.State.SIGNED and late.filed_on is None
    services.record_filing(k, acting_user=city.users["city"], filed_on=date(2026, 5, 6))
    assert k.state == C.State.FILED
    # review: 15 days from 5-6 → 5-21 (Thu)
    assert k.review_ends_on == date(2026, 5, 21)
    assert Deadline.objects.get(kind="contract_filing", object_id=str(k.pk)).closed_at is not None
    assert Deadline.objects.get(kind="contract_review", object_id=str(k.pk)).due_on == date(2026, 5, 21)


def test_in_force_only_after_the_review_period_and_from_the_day_after(city):
    k = signed(city, contract(city, requested_on=date(2026, 4, 1)), signed_on=date(2026, 4, 24))
    services.record_filing(k, acting_user=city.users["city"], filed_on=date(2026, 5, 6))
    with pytest.raises(ValidationError) as e:
        services.take_effect(k, acting_user=city.users["city"], today=date(2026, 5, 21))
    assert "集体合同规定 第四十五条" in str(e.value)
    services.take_effect(k, acting_user=city.users["city"], today=date(2026, 5, 22))
    assert k.state == C.State.IN_FORCE and k.effective_on == date(2026, 5, 22)
    assert {d["key"] for d in __import__("gonghui.contracts.rules", fromlist=["x"]).deadlines_of(k)} == {
        "reply_due_on", "filing_due_on", "review_ends_on", "renewal_from"}


def test_an_objection_within_the_review_reopens_bargaining_and_one_after_is_refused(city):
    k = signed(city, contract(city, requested_on=date(2026, 4, 1)), signed_on=date(2026, 4, 24))
    services.record_filing(k, acting_user=city.users["city"], filed_on=date(2026, 5, 6))
    with pytest.raises(ValidationError):
        services.record_objection(k, acting_user=city.users["city"], received_on=date(2026, 5, 22), text="条款违法")
    services.record_objection(k, acting_user=city.users["city"], received_on=date(2026, 5, 21), text="条款违法")
    assert k.state == C.State.OBJECTED
    services.agree_draft(k, acting_user=city.users["city"], agreed_on=date(2026, 5, 25), text="修改后的草案",
                         wage_increase_pct="4.5")
    assert k.state == C.State.DRAFTED and k.motion_id is None


def test_take_effect_due_task_is_idempotent(city):
    k = signed(city, contract(city, requested_on=date(2026, 4, 1)), signed_on=date(2026, 4, 24))
    services.record_filing(k, acting_user=city.users["city"], filed_on=date(2026, 5, 6))
    assert services.take_effect_due(date(2026, 5, 21)) == 0
    assert services.take_effect_due(date(2026, 5, 22)) == 1
    assert services.take_effect_due(date(2026, 5, 23)) == 0
    k.refresh_from_db()
    assert k.state == C.State.IN_FORCE


# --- renewal (art.38; 浙江 90 days) ------------------------------------------------------------------

def test_renewal_window_three_months_nationally_and_90_days_in_zhejiang(city):
    k = in_force(city, contract(city, requested_on=date(2025, 12, 1)))
    # signed 2025-12-21, term to 2028-12-20: three months before is 2028-09-20
    assert k.term_end == date(2028, 12, 20)
    assert k.renewal_from == date(2028, 9, 20)
    assert "集体合同规定 第三十八条" in k.rules_used["renewal_from"]["source"]
    d = Deadline.objects.get(kind="contract_renewal", object_id=str(k.pk))
    assert (d.started_on, d.due_on) == (date(2028, 9, 20), date(2028, 12, 20))
    zj = in_force(city, contract(city, region=ZHEJIANG, requested_on=date(2025, 12, 1)))
    assert zj.renewal_from == date(2028, 12, 20) - timedelta(days=90)
    assert "浙江省集体合同条例" in zj.rules_used["renewal_from"]["source"]


def test_renewal_reminder_on_the_first_day_of_the_window_once(city):
    k = in_force(city, contract(city, requested_on=date(2025, 12, 1)))
    assert services.remind_renewals(date(2028, 9, 19)) == 0
    assert services.remind_renewals(date(2028, 9, 20)) == 1
    assert services.remind_renewals(date(2028, 9, 21)) == 0
    notice = Outbox.objects.get(kind="contract_renewal_due")
    assert "2028-12-20" in notice.title and notice.object_id == str(k.pk)


def test_renew_makes_a_new_request_that_names_the_old_contract(city):
    k = in_force(city, contract(city, requested_on=date(2025, 12, 1)))
    new = services.renew(k, acting_user=city.users["city"], requested_on=timezone.localdate())
    assert new.renews_id == k.pk and new.state == C.State.REQUESTED
    assert Deadline.objects.get(kind="contract_renewal", object_id=str(k.pk)).closed_at is not None
    assert list(new.employers.all()) == list(k.employers.all())
    with pytest.raises(ValidationError):
        services.renew(k, acting_user=city.users["city"], requested_on=timezone.localdate())


# --- requests refused ------------------------------------------------------------------------------

def test_request_input_refused(city):
    u = city.users["city"]
    with pytest.raises(ValidationError):
        services.request_bargaining(acting_user=u, union=city.grassroots, title="x", employers=[city.employer],
                                    requested_on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError):  # a regional contract covers two or more
        services.request_bargaining(acting_user=u, union=city.township, title="x", employers=[city.employer],
                                    requested_on=date(2026, 3, 1), coverage=C.Coverage.REGIONAL)
    with pytest.raises(ValidationError):  # county2 cannot name 衡阳县's employer
        services.request_bargaining(acting_user=city.users["county2"], union=city.county2, title="x",
                                    employers=[city.employer], requested_on=date(2026, 3, 1))
    assert not C.objects.exists()


def test_wage_agreement_states_the_increase(city):
    k = negotiating(city, contract(city, kind=C.Kind.WAGE))
    with pytest.raises(ValidationError):
        services.agree_draft(k, acting_user=city.users["city"], agreed_on=date(2026, 3, 16), text="工资协议")
    services.agree_draft(k, acting_user=city.users["city"], agreed_on=date(2026, 3, 16), text="工资协议",
                         wage_increase_pct="6.5")
    assert str(k.wage_increase_pct) == "6.50"


# --- coverage and the early-warning signal ------------------------------------------------------------

def test_coverage_counts_unionised_employers_of_100_or_more_without_a_contract_in_force(city):
    from gonghui.orgs.models import Employer

    Employer.objects.filter(pk__in=[city.employer.pk, city.employer2.pk]).update(headcount=300)
    Employer.objects.filter(name="衡阳县湘江物流有限公司").update(headcount=99)  # below the target
    k = contract(city, requested_on=timezone.localdate() - timedelta(days=60))
    in_force(city, k)
    f = queries.coverage(city.users["city"], city.root)
    assert (f["total"]["total"], f["total"]["covered"], f["total"]["uncovered"]) == (2, 1, 1)
    by = {r["label"]: r for r in f["by_county"]}
    assert by["衡阳县"]["covered"] == 1 and by["衡南县"]["uncovered"] == 1
    assert "covered=false" in by["衡南县"]["uncovered_url"] and "region=430422" in by["衡南县"]["uncovered_url"]
    # a women's agreement alone does not cover
    w = contract(city, union=city.grassroots2, employer=city.employer2, kind=C.Kind.WOMEN,
                 requested_on=timezone.localdate() - timedelta(days=60))
    in_force(city, w)
    assert queries.coverage(city.users["city"], city.root)["total"]["covered"] == 1
    # county2 sees only its own county
    f2 = queries.coverage(city.users["county2"], city.county2)
    assert f2["total"]["total"] == 1 and f2["total"]["covered"] == 0


def test_signal_contract_lapsed_without_renewal(city):
    k = in_force(city, contract(city, requested_on=date(2022, 11, 1)))
    # term 2022-11-21 .. 2025-11-20
    assert k.term_end == date(2025, 11, 20) and k.is_lapsed
    other = city.employer2.pk
    out = employer_signals([city.employer.pk, other], date(2025, 11, 1), date(2025, 11, 30))
    assert out == {city.employer.pk: {"contract_lapsed": 1}, other: {"contract_lapsed": 0}}
    assert employer_signals([city.employer.pk], date(2025, 11, 21), date(2025, 12, 31))[city.employer.pk][
        "contract_lapsed"] == 0  # ended before the period
    # a renewal in force from the next day: not lapsed
    new = services.renew(k, acting_user=city.users["city"], requested_on=date(2025, 9, 1))
    C.objects.filter(pk=new.pk).update(state=C.State.IN_FORCE, term_start=date(2025, 11, 21),
                                       term_end=date(2028, 11, 20))
    assert employer_signals([city.employer.pk], date(2025, 11, 1), date(2025, 11, 30))[city.employer.pk][
        "contract_lapsed"] == 0


@pytest.mark.parametrize("region", [None, SHANGHAI, ZHEJIANG])
def test_filing_and_review_across_national_day_in_each_jurisdiction(city, region):
    """Filing 10 days and review 15 days (集体合同规定 arts.42, 45; the provinces keep them): signed
    2026-09-21, day 10 falls in 国庆 (10-1..10-7), so filing runs to 10-08; review to 10-23."""
    k = signed(city, contract(city, region=region, requested_on=date(2026, 8, 3)), signed_on=date(2026, 9, 21))
    assert k.filing_due_on == date(2026, 10, 8)
    late = signed(city, contract(city, region=region, requested_on=date(2026, 8, 3)), signed_on=date(2026, 9, 21))
    with pytest.raises(ValidationError):
        services.record_filing(late, acting_user=city.users["city"], filed_on=date(2026, 10, 9))
    services.record_filing(k, acting_user=city.users["city"], filed_on=date(2026, 10, 8))
    assert k.review_ends_on == date(2026, 10, 23)
    services.take_effect(k, acting_user=city.users["city"], today=date(2026, 10, 24))
    assert k.effective_on == date(2026, 10, 24)


@pytest.mark.parametrize("region", [SHANGHAI, ZHEJIANG])
def test_term_of_three_years_and_not_four_in_shanghai_and_zhejiang(city, region):
    """The provinces keep the statute's one to three years (集体合同规定 art.38): the last day of
    the third year is accepted, four years are refused naming the rule, and nothing is signed."""
    k = approved(city, contract(city, region=region, requested_on=date(2025, 11, 3)))
    kw = {"acting_user": city.users["city"], "signed_on": date(2025, 12, 20), "term_start": date(2026, 1, 1)}
    for end in (date(2029, 12, 31), date(2029, 1, 1), date(2026, 12, 30)):
        with pytest.raises(ValidationError) as e:
            services.sign(k, **kw, term_end=end)
        assert "集体合同规定 第三十八条" in str(e.value)
        k.refresh_from_db()
        assert k.state == C.State.APPROVED and k.term_end is None and k.signed_on is None
    services.sign(k, **kw, term_end=date(2028, 12, 31))
    assert k.state == C.State.SIGNED


@pytest.mark.parametrize(("region", "first_day", "source"), [
    (SHANGHAI, date(2028, 9, 20), "集体合同规定 第三十八条"),   # three months before 2028-12-20
    (ZHEJIANG, date(2028, 9, 21), "浙江省集体合同条例"),       # 90 days before 2028-12-20
])
def test_renewal_reminder_on_the_first_day_of_the_window_in_each_jurisdiction(city, region, first_day, source):
    k = in_force(city, contract(city, region=region, requested_on=date(2025, 12, 1)))
    assert k.term_end == date(2028, 12, 20) and k.renewal_from == first_day
    assert services.remind_renewals(first_day - timedelta(days=1)) == 0
    assert services.remind_renewals(first_day) == 1
    assert services.remind_renewals(first_day + timedelta(days=1)) == 0
    notice = Outbox.objects.get(kind="contract_renewal_due")
    assert notice.object_id == str(k.pk) and source in notice.body
