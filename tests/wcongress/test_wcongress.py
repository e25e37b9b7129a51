"""职代会 rules and workflows: both jurisdictions' pass rules at the boundary, the quorum at
exactly two thirds, the delegate formula and the managers' cap per jurisdiction, proposals
from submission to reply (refusal reason, overdue, nobody screens their own), 厂务公开."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from gonghui.core.access import get_object
from gonghui.notices.models import Outbox
from gonghui.rules import deadlines
from gonghui.wcongress import queries, rules, services
from gonghui.wcongress.models import Delegate, Disclosure, Motion, Proposal, WorkersCongress

from .conftest import SHANGHAI, ZHEJIANG, congress, firm, home_congress, member, proposal

pytestmark = pytest.mark.django_db


# --- the delegate formula --------------------------------------------------------------------------

@pytest.mark.parametrize(("staff", "least"), [
    (50, 30), (99, 30), (100, 30), (199, 30), (200, 35), (1000, 75), (2999, 170), (3000, 175), (12000, 175)])
def test_shanghai_delegate_minimum(staff, least):
    """上海市职代会条例 art.21: 30 plus 5 per extra 100 from 100 staff; 175 from 3000."""
    minimum, ruling = rules.delegate_minimum(staff, SHANGHAI)
    assert minimum == least
    assert "上海市职工代表大会条例" in ruling.source


@pytest.mark.parametrize(("staff", "least"), [
    (99, 30), (100, 40), (200, 47), (999, 96), (1000, 100), (2000, 120), (4999, 160), (5000, 200)])
def test_zhejiang_delegate_minimum(staff, least):
    """浙江省企业民主管理条例 art.10: 40 + 7 per 100 (100–1000), 100 + 20 per 1000 (1000–5000), 200 from 5000."""
    minimum, ruling = rules.delegate_minimum(staff, ZHEJIANG)
    assert minimum == least
    assert "浙江省企业民主管理条例" in ruling.source


def test_elsewhere_the_national_floor_of_thirty_applies():
    assert rules.delegate_minimum(2500, "430421")[0] == 30


def test_a_formula_the_operator_mistyped_is_named_not_crashed():
    with pytest.raises(ValidationError, match="100-x"):
        rules.parse_formula("0-99:30; 100-x:5")


# --- votes -----------------------------------------------------------------------------------------

def _vote(c, k, present, in_favour):
    s = services.create_session(k, acting_user=c.users["city"], held_on=timezone.localdate())
    return services.record_vote(s, acting_user=c.users["city"], title="职工代表大会决议", present=present,
                                in_favour=in_favour, against=present - in_favour, abstain=0)


def test_45_of_90_passes_in_shanghai_and_fails_in_zhejiang(city):
    """Shanghai art.31: 半数以上 of all delegates (exactly half passes); Zhejiang art.15: 过半数."""
    sh = congress(city, region=SHANGHAI, delegates=90)
    zj = congress(city, region=ZHEJIANG, delegates=90)
    assert _vote(city, sh, 90, 45).passed is True
    assert _vote(city, zj, 90, 45).passed is False
    assert _vote(city, zj, 90, 46).passed is True
    assert _vote(city, sh, 90, 44).passed is False
    assert "浙江省企业民主管理条例" in Motion.objects.filter(session__congress=zj).first().rule_text


def test_the_quorum_is_met_by_exactly_two_thirds_and_missed_below(city):
    k = congress(city, region=ZHEJIANG, delegates=90)
    assert _vote(city, k, 60, 50).present == 60  # 60 of 90 is 三分之二以上
    s = services.create_session(k, acting_user=city.users["city"], held_on=timezone.localdate())
    with pytest.raises(ValidationError) as e:
        services.record_vote(s, acting_user=city.users["city"], title="决议", present=59, in_favour=59, against=0,
                             abstain=0)
    assert "59" in str(e.value) and "2/3" in str(e.value) and "浙江省企业民主管理条例 第十五条" in str(e.value)
    assert not Motion.objects.filter(session=s).exists()
    s.refresh_from_db()
    assert s.present is None


def test_managers_above_a_fifth_of_delegates_stop_the_vote(city):
    ok = congress(city, region=SHANGHAI, headcount=100, delegates=30, managers=6)  # 6 of 30 = 1/5: allowed
    assert _vote(city, ok, 30, 20).passed
    over = congress(city, region=SHANGHAI, headcount=100, delegates=30, managers=7)
    with pytest.raises(ValidationError, match="上海市职工代表大会条例 第十六条"):
        _vote(city, over, 30, 20)
    assert not Motion.objects.filter(session__congress=over).exists()


def test_too_few_delegates_for_the_staff_stop_the_vote(city):
    k = congress(city, region=ZHEJIANG, headcount=800, delegates=30)  # Zhejiang wants 89 for 800 staff
    with pytest.raises(ValidationError, match="89"):
        _vote(city, k, 30, 20)


def test_more_votes_than_delegates_present_are_refused(city):
    k = congress(city, region=SHANGHAI, headcount=100, delegates=30)
    s = services.create_session(k, acting_user=city.users["city"], held_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.record_vote(s, acting_user=city.users["city"], title="决议", present=25, in_favour=20, against=6,
                             abstain=0)
    assert not Motion.objects.exists()


def test_a_delegate_must_work_for_an_employer_of_the_congress(city):
    k = congress(city, region=SHANGHAI, headcount=100)
    outsider = member(city, city.grassroots)
    with pytest.raises(ValidationError, match="does not work|不属于|用人单位"):
        services.add_delegate(k, acting_user=city.users["city"], member=outsider)


def test_a_joint_congress_needs_two_employers_and_uses_its_own_managers_cap(city):
    e1, u1 = firm(city, SHANGHAI, 40)
    e2, _u2 = firm(city, SHANGHAI, 50)
    with pytest.raises(ValidationError):
        services.create_congress(acting_user=city.users["city"], union=u1, name="联合职代会", employers=[e1],
                                 term_start=date(2026, 1, 1), kind="joint")
    k = services.create_congress(acting_user=city.users["city"], union=u1, name="黄浦区小微企业联合职代会",
                                 employers=[e1, e2], term_start=date(2026, 1, 1), kind="joint")
    assert rules.manager_cap(k).value == Fraction(3, 10)  # Shanghai art.38: 30%
    assert k.term_end == date(2030, 12, 31)  # five-year term


# --- proposals -------------------------------------------------------------------------------------

def test_too_few_co_sponsors_are_refused_naming_the_rule(city):
    k = home_congress(city)
    ds = list(Delegate.objects.filter(congress=k))
    with pytest.raises(ValidationError) as e:
        services.submit_proposal(k, acting_user=ds[0].member.user, proposer=ds[0], title="增设母婴室",
                                 content="厂区增设爱心母婴室。", cosponsors=[ds[1]])
    assert "附议人" in str(e.value) and "2" in str(e.value)
    assert not Proposal.objects.exists()
    # the proposer does not count as their own co-sponsor
    with pytest.raises(ValidationError):
        services.submit_proposal(k, acting_user=ds[0].member.user, proposer=ds[0], title="增设母婴室",
                                 content="厂区增设爱心母婴室。", cosponsors=[ds[0], ds[1]])
    p = services.submit_proposal(k, acting_user=ds[0].member.user, proposer=ds[0], title="增设母婴室",
                                 content="厂区增设爱心母婴室。", cosponsors=[ds[1], ds[2]])
    assert p.number == f"{timezone.localdate().year}-001" and p.cosponsors.count() == 2
    assert Outbox.objects.filter(kind="proposal_submitted", object_id=str(p.pk)).exists()


def test_a_proposal_not_filed_needs_a_reason_which_the_proposer_gets(city):
    p = proposal(city)
    with pytest.raises(ValidationError, match="reason|理由"):
        services.screen_proposal(p, acting_user=city.users["city"], file=False, reason="  ")
    assert Proposal.objects.get(pk=p.pk).state == "submitted"
    services.screen_proposal(p, acting_user=city.users["city"], file=False, reason="属于个人诉求，转信访渠道。")
    p.refresh_from_db()
    assert p.state == "not_filed" and p.refusal_reason == "属于个人诉求，转信访渠道。"
    notice = Outbox.objects.get(kind="proposal_decided", object_id=str(p.pk))
    assert "属于个人诉求" in notice.title and notice.audience == [{"members": [p.proposer.member_id]}]


def test_a_reply_to_an_unfiled_proposal_is_refused_and_nothing_recorded(city):
    p = proposal(city, state="not_filed")
    with pytest.raises(ValidationError) as e:
        services.reply_proposal(p, acting_user=city.users["city"], reply="答复", signed_by="王经理")
    assert p.number in str(e.value)
    p.refresh_from_db()
    assert p.reply == "" and p.state == "not_filed"
    with pytest.raises(ValidationError):
        services.assign_proposal(p, acting_user=city.users["city"], department="人力资源部")


def test_assignment_counts_the_reply_deadline_from_the_rulebook_and_the_reply_closes_it(city):
    p = proposal(city, state="assigned")
    today = timezone.localdate()
    from gonghui.rules import days

    assert p.due_on == days.deadline(today, 3, "months")  # wcongress.proposal_reply_months: 3 [R]
    assert deadlines.open_for(city.users["city"], kinds=["proposal_reply"]).filter(object_id=str(p.pk)).exists()
    services.reply_proposal(p, acting_user=city.users["city"], reply="已落实。", signed_by="王经理")
    assert not deadlines.open_for(city.users["city"], kinds=["proposal_reply"]).filter(object_id=str(p.pk)).exists()


def test_an_assigned_proposal_past_its_due_date_is_overdue(city):
    p = proposal(city, state="assigned")
    Proposal.objects.filter(pk=p.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    assert list(queries.overdue_proposals(Proposal.objects.all())) == [p]
    assert queries.proposal_figures(Proposal.objects.all())["overdue"] == 1
    late = deadlines.overdue_for(city.users["city"], on=p.due_on + timedelta(days=1), kinds=["proposal_reply"])
    assert late.filter(object_id=str(p.pk)).exists()


def test_nobody_screens_or_answers_their_own_proposal(city):
    k = home_congress(city)
    ds = list(Delegate.objects.filter(congress=k).select_related("member"))
    # the clerk of the union is also a delegate who co-sponsors
    m = member(city, city.grassroots)
    m.user = city.users["union"]
    m.save(update_fields=["user"])
    clerk_delegate = services.add_delegate(k, acting_user=city.users["city"], member=m)
    p = services.submit_proposal(k, acting_user=ds[0].member.user, proposer=ds[0], title="优化排班",
                                 content="夜班轮换。", cosponsors=[ds[1], clerk_delegate])
    with pytest.raises(ValidationError, match="nobody approves|任何人不得审批"):
        services.screen_proposal(p, acting_user=city.users["union"], file=True)
    assert Proposal.objects.get(pk=p.pk).state == "submitted"
    assert not services.may_handle(city.users["union"], p)
    services.screen_proposal(p, acting_user=city.users["city"], file=True)


def test_only_the_proposer_evaluates_and_the_union_recommends_upward(city):
    p = proposal(city, state="replied")
    with pytest.raises(ValidationError):
        services.evaluate_proposal(p, acting_user=city.users["city"], satisfaction="satisfied")
    cosponsor = p.cosponsors.first().member.user
    with pytest.raises(ValidationError):
        services.evaluate_proposal(p, acting_user=cosponsor, satisfaction="satisfied")
    services.evaluate_proposal(p, acting_user=p.proposer.member.user, satisfaction="basic", note="希望尽快落实")
    services.recommend_proposal(p, acting_user=city.users["union"], note="惠及全体夜班职工")
    p.refresh_from_db()
    assert p.state == "evaluated" and p.satisfaction == "basic" and p.recommended_at is not None
    with pytest.raises(ValidationError):
        services.recommend_proposal(p, acting_user=city.users["union"], note="again")


# --- 厂务公开 ----------------------------------------------------------------------------------------

def test_the_rulebook_list_is_planned_per_period_and_overdue_items_show(city):
    made = services.plan_disclosures(city.employer, acting_user=city.users["union"], period_start=date(2026, 1, 1))
    items, _ruling = rules.disclosure_items("430421")
    assert [d.item for d in made] == [code for code, _name in items] and len(made) == 10
    assert made[0].due_on == date(2026, 6, 30) and made[0].period == "2026年1—6月"
    assert services.plan_disclosures(city.employer, acting_user=city.users["union"],
                                     period_start=date(2026, 1, 1)) == []  # idempotent
    services.publish_disclosure(made[0], acting_user=city.users["union"], published_on=date(2026, 3, 1),
                                content="2025年度经营情况", channel="厂务公开栏")
    made[0].refresh_from_db()
    assert made[0].status == "published"
    overdue = queries.overdue_disclosures(Disclosure.objects.all(), on=date(2026, 7, 1))
    assert overdue.count() == 9
    with pytest.raises(ValidationError):
        services.publish_disclosure(made[0], acting_user=city.users["union"], published_on=date(2026, 3, 2),
                                    content="again")
    with pytest.raises(ValidationError):
        services.publish_disclosure(made[1], acting_user=city.users["union"],
                                    published_on=timezone.localdate() + timedelta(days=1), content="future")


def test_a_member_sees_only_their_employers_disclosures(city):
    services.plan_disclosures(city.employer, acting_user=city.users["city"], period_start=date(2026, 1, 1))
    services.plan_disclosures(city.employer2, acting_user=city.users["city"], period_start=date(2026, 1, 1))
    mine = member(city, city.grassroots)
    assert {d.employer_id for d in queries.my_disclosures(mine)} == {city.employer.pk}


# --- scoping from both sides -----------------------------------------------------------------------

def test_the_clerk_keeps_their_own_congress_and_never_reaches_anothers(city):
    home = home_congress(city, delegates=0, logins=0)
    away = congress(city, region=SHANGHAI, headcount=100)
    clerk = city.users["union"]
    assert get_object(clerk, WorkersCongress, pk=home.pk) == home
    with pytest.raises(Http404):
        get_object(clerk, WorkersCongress, pk=away.pk)
    with pytest.raises(PermissionDenied):
        services.create_session(away, acting_user=clerk, held_on=timezone.localdate())
    assert set(WorkersCongress.objects.restrict(city.users["county2"])) == set()
    assert set(WorkersCongress.objects.restrict(city.users["city"])) == {home, away}


def test_a_member_reaches_only_proposals_they_signed(city):
    p = proposal(city)
    stranger = member(city, city.grassroots)
    assert not queries.my_proposals(stranger).filter(pk=p.pk).exists()
    assert queries.my_proposals(p.cosponsors.first().member).filter(pk=p.pk).exists()


def test_every_shipped_wcongress_value_fits_the_rulebook_column():
    """A value longer than the column is refused on save (and by PostgreSQL): the disclosure list
    once was, and live-server tests lost every rule after a flush."""
    from gonghui.rules.data import RULES
    from gonghui.rules.models import RuleValue

    limit = RuleValue._meta.get_field("value").max_length
    for name, (*_head, values) in RULES.items():
        if name.startswith("wcongress."):
            assert all(len(v[2]) <= limit for v in values), name


def test_an_overdue_reply_is_told_to_the_congress_union_staff(city):
    """The reply deadline is a tracked deadline: the daily reminders name it once it is overdue."""
    from gonghui.notices import reminders

    p = proposal(city, state="assigned")
    counts = reminders.remind(p.due_on + timedelta(days=1))
    assert counts["overdue"] >= 1
    notice = Outbox.objects.get(kind="deadline_overdue", title__contains=p.number)
    assert any(part.get("staff_of") == city.grassroots.pk for part in notice.audience)


def test_the_proposal_list_reads_a_fixed_number_of_queries(login, city):
    """No query per row (select_related on the congress and the proposer): 3 rows and 12 rows
    are read with the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    k = home_congress(city)
    c = login("city")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/workers-congress/proposals/").status_code == 200
        return len(ctx.captured_queries)

    for _ in range(3):
        proposal(city, k)
    few = count()
    for _ in range(9):
        proposal(city, k)
    assert count() == few


def test_a_clerk_cannot_name_another_countys_employer_in_a_congress(city):
    with pytest.raises(ValidationError):
        services.create_congress(acting_user=city.users["union"], union=city.grassroots, name="越权职代会",
                                 employers=[city.employer2], term_start=date(2026, 1, 1))
    assert not WorkersCongress.objects.exists()


def test_shanghai_sessions_send_papers_seven_days_ahead_and_report_within_seven_working_days(city):
    """上海 art.30 (papers 7 days before) and art.37 (report within 7 working days); Zhejiang has
    neither rule, so neither is asked."""
    from gonghui.rules import days

    sh = congress(city, region=SHANGHAI, headcount=100, delegates=30)
    held = date(2026, 4, 20)
    with pytest.raises(ValidationError, match="上海市职工代表大会条例 第三十条"):
        services.create_session(sh, acting_user=city.users["city"], held_on=held, papers_sent_on=date(2026, 4, 14))
    s = services.create_session(sh, acting_user=city.users["city"], held_on=held, papers_sent_on=date(2026, 4, 13))
    services.record_vote(s, acting_user=city.users["city"], title="决议", present=30, in_favour=20, against=10,
                         abstain=0)
    due = deadlines.open_for(city.users["city"], kinds=["congress_report"]).get(object_id=str(s.pk)).due_on
    assert due == days.add_working_days(held, 7)
    with pytest.raises(ValidationError):
        services.report_session(s, acting_user=city.users["city"], reported_on=held - timedelta(days=1))
    services.report_session(s, acting_user=city.users["city"], reported_on=held + timedelta(days=3))
    assert not deadlines.open_for(city.users["city"], kinds=["congress_report"]).exists()

    zj = congress(city, region=ZHEJIANG, headcount=100, delegates=40)
    z = services.create_session(zj, acting_user=city.users["city"], held_on=held, papers_sent_on=held)
    services.record_vote(z, acting_user=city.users["city"], title="决议", present=40, in_favour=30, against=10,
                         abstain=0)
    assert not deadlines.open_for(city.users["city"], kinds=["congress_report"]).exists()
