"""An election from candidates to the approved result, through the services; every refusal
changes nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.elections import queries, services
from gonghui.elections.models import Election, Office, OfficeHolder, Round, Term
from gonghui.orgs.models import Union

from .conftest import by_name, cast, make_election, open_round, teller2, voting


def committee(e):
    return e.posts.get(office=Office.COMMITTEE)


def test_whole_election_changes_office_holders_only_when_approved(city):
    c = city
    e = voting(c, delegates=9, seats=3, candidates=4, plenum_chair=True)
    r = cast(c, open_round(committee(e)), {"王芳": 8, "张伟": 7, "李娜": 6, "刘洋": 2})
    assert [x["name"] for x in r.result["candidates"] if x["elected"]] == ["王芳", "张伟", "李娜"]
    assert r.result["threshold"]["votes"] == 5  # more than half of 9 entitled
    # the committee is complete: its first plenum elects the chair, 3 entitled (those elected)
    chair_round = open_round(e.posts.get(office=Office.CHAIR))
    assert chair_round.entitled == 3
    cast(c, chair_round, {"王芳": 3})
    assert not OfficeHolder.objects.filter(union=c.grassroots).exists()
    services.report_result(acting_user=c.users["union"], election=e)
    assert not OfficeHolder.objects.filter(union=c.grassroots).exists()
    e = services.decide_result(acting_user=c.users["county"], election=e, approve=True)
    assert queries.chair_today(c.grassroots).name == "王芳"
    assert Union.objects.get(pk=c.grassroots.pk).chair_name == "王芳"
    assert set(OfficeHolder.objects.filter(union=c.grassroots, office="committee").values_list("name", flat=True)) \
        == {"王芳", "张伟", "李娜"}
    assert e.term.number == 1 and e.term.elected_on == e.held_on


def test_nobody_approves_what_they_submitted(city):
    c = city
    e = make_election(c, by="county")
    services.submit_candidates(acting_user=c.users["county"], election=e)
    with pytest.raises(ValidationError, match="任何人不得审批自己提交的事项"):
        services.decide_candidates(acting_user=c.users["county"], election=e, approve=True)
    assert Election.objects.get(pk=e.pk).state == "submitted"
    # the union itself is not the union above
    with pytest.raises(PermissionDenied):
        services.decide_candidates(acting_user=c.users["union"], election=e, approve=True)
    # the other county's federation cannot reach it
    with pytest.raises(PermissionDenied):
        services.decide_candidates(acting_user=c.users["county2"], election=e, approve=True)
    services.decide_candidates(acting_user=c.users["city"], election=e, approve=True)


def test_too_few_candidates_names_the_rule(city):
    e = make_election(city, seats=3, candidates=3)
    with pytest.raises(ValidationError) as exc:
        services.submit_candidates(acting_user=city.users["union"], election=e)
    assert "委员差额比例" in str(exc.value) and "至少需要4名" in str(exc.value)
    assert Election.objects.get(pk=e.pk).state == "nominating"


def test_audit_committee_may_be_equal(city):
    e = make_election(city, seats=3, candidates=4)
    post = services.add_post(acting_user=city.users["union"], election=e, office=Office.AUDIT, seats=3)
    for n in ("甲一", "乙二", "丙三"):
        services.add_candidate(acting_user=city.users["union"], post=post, name=n)
    services.submit_candidates(acting_user=city.users["union"], election=e)


def test_committee_size_must_be_odd_and_in_band(city):
    e = services.create_election(acting_user=city.users["union"], union=city.grassroots, title="x",
                                 held_on=date(2026, 6, 1), meeting="delegates", delegates=9)
    for seats in (4, 7, 1):
        with pytest.raises(ValidationError, match="奇数"):
            services.add_post(acting_user=city.users["union"], election=e, office=Office.COMMITTEE, seats=seats)
    assert not e.posts.exists()


def test_quorum_and_returned_over_issued_record_nothing(city):
    c = city
    e = voting(c, delegates=9)
    r = open_round(committee(e))
    # 2/3 of 9 is 6: strict (超过) by default, so 6 present is no vote
    with pytest.raises(ValidationError, match="不足法定人数|不符合"):
        services.record_turnout(acting_user=c.users["union"], rnd=r, attendance=6, issued=6, returned=6)
    with pytest.raises(ValidationError, match="作废"):
        services.record_turnout(acting_user=c.users["union"], rnd=r, attendance=8, issued=7, returned=8)
    r.refresh_from_db()
    assert (r.attendance, r.issued, r.returned, r.result) == (None, None, None, None)
    services.record_turnout(acting_user=c.users["union"], rnd=r, attendance=7, issued=7, returned=7)


def test_tellers_who_disagree_are_shown_every_difference(city):
    c = city
    e = voting(c, delegates=9)
    r = open_round(committee(e))
    ids = by_name(r)
    services.record_turnout(acting_user=c.users["union"], rnd=r, attendance=9, issued=9, returned=3)
    services.enter_sheet(acting_user=c.users["union"], rnd=r, ballots=[[ids["王芳"]], [], [ids["张伟"]] * 2])
    with pytest.raises(ValidationError, match="两名计票人"):
        services.count_round(acting_user=c.users["union"], rnd=r)
    services.enter_sheet(acting_user=teller2(c), rnd=r, ballots=[[ids["王芳"]], [], [ids["李娜"]]])
    with pytest.raises(ValidationError) as exc:
        services.count_round(acting_user=c.users["union"], rnd=r)
    text = " ".join(exc.value.messages)
    assert "第3张选票" in text and "无效票" in text and "李娜" in text
    assert Round.objects.get(pk=r.pk).result is None


def test_ballot_with_too_many_names_is_invalid_but_returned(city):
    c = city
    e = voting(c, delegates=9)
    r = open_round(committee(e))
    ids = list(by_name(r).values())
    services.record_turnout(acting_user=c.users["union"], rnd=r, attendance=9, issued=9, returned=9)
    ballots = [ids[:3]] * 7 + [ids] + [[]]  # one names 4 of 3 seats, one is blank
    for who in (c.users["union"], teller2(c)):
        services.enter_sheet(acting_user=who, rnd=r, ballots=ballots)
    r = services.count_round(acting_user=c.users["union"], rnd=r)
    assert (r.result["returned"], r.result["valid"], r.result["invalid"]) == (9, 8, 1)
    assert len(r.result["elected"]) == 3


def test_tie_at_last_seat_opens_a_runoff_among_the_tied(city):
    c = city
    e = voting(c, delegates=9, seats=3, candidates=5)
    r = cast(c, open_round(committee(e)), {"王芳": 9, "张伟": 8, "李娜": 5, "刘洋": 5, "陈静": 0})
    assert r.result["runoff"] and r.result["runoff_seats"] == 1
    runoff = open_round(committee(e))
    assert runoff.kind == "runoff" and set(by_name(runoff)) == {"李娜", "刘洋"}
    runoff = cast(c, runoff, {"李娜": 4, "刘洋": 5})
    assert [x["name"] for x in runoff.result["candidates"] if x["elected"]] == ["刘洋"]
    assert [x.name for x in queries.elected_of(committee(e))] == ["王芳", "张伟", "刘洋"]


def test_fewer_passing_than_seats_opens_another_vote_with_the_surplus(city):
    c = city
    e = voting(c, delegates=9, seats=3, candidates=5)
    r = cast(c, open_round(committee(e)), {"王芳": 9, "张伟": 4, "李娜": 3, "刘洋": 2, "陈静": 1})
    assert r.result["unfilled"] == 2
    another = open_round(committee(e))
    # 2 seats at 5% need 3 candidates: the next three in the first round's order
    assert another.kind == "another" and another.seats == 2
    assert set(by_name(another)) == {"张伟", "李娜", "刘洋"}
    cast(c, another, {"张伟": 6, "李娜": 5, "刘洋": 1})
    assert queries.post_finished(committee(e))


def test_fewer_passing_leaves_seats_empty_when_set_up_so(city):
    c = city
    e = voting(c, delegates=9, seats=3, candidates=4, shortfall="leave_empty")
    cast(c, open_round(committee(e)), {"王芳": 9, "张伟": 4, "李娜": 3, "刘洋": 2})
    assert queries.post_finished(committee(e)) and queries.unfilled_of(committee(e)) == 2


def test_recall_needs_more_than_half_of_all(city):
    c = city
    h = services.appoint(acting_user=c.users["union"], union=c.grassroots, office="chair", name="刘越高",
                         appointment="elected", from_on=date(2024, 1, 1))
    with pytest.raises(ValidationError, match="工会法 第十八条"):
        services.recall(acting_user=c.users["union"], holder=h, votes_for=45, all_voters=90)
    assert OfficeHolder.objects.get(pk=h.pk).to_on is None
    services.recall(acting_user=c.users["union"], holder=h, votes_for=46, all_voters=90)
    assert queries.chair_today(c.grassroots) is None
    # the vacancy is tracked: filled within the rulebook's three months (union.vacancy_fill_months)
    from gonghui.rules.models import Deadline

    vacancy = Deadline.objects.get(kind="vacancy_fill", closed_at__isnull=True)
    assert vacancy.union == c.grassroots and vacancy.n == 3 and vacancy.unit == "months"
    services.appoint(acting_user=c.users["union"], union=c.grassroots, office="chair", name="周新",
                     appointment="elected", from_on=date.today())
    assert not Deadline.objects.filter(kind="vacancy_fill", closed_at__isnull=True).exists()


def test_open_selection_chair_is_placed_by_the_union_above(city):
    c = city
    with pytest.raises(PermissionDenied):
        services.appoint(acting_user=c.users["union"], union=c.grassroots, office="chair", name="赵公选",
                         appointment="open_selection", from_on=date(2025, 1, 1))
    h = services.appoint(acting_user=c.users["county"], union=c.grassroots, office="chair", name="赵公选",
                         appointment="open_selection", from_on=date(2025, 1, 1))
    assert queries.chair_today(c.grassroots) == h
    old = services.appoint(acting_user=c.users["county"], union=c.grassroots, office="chair", name="钱新",
                           appointment="appointed", from_on=date(2025, 6, 1))
    assert queries.chair_today(c.grassroots) == old
    assert queries.chair_today(c.grassroots, on=date(2025, 3, 1)) == h  # history kept


def test_terms_due_overdue_delayed_done(city):
    c = city
    today = date(2026, 12, 7)
    t_over = services.record_term(acting_user=c.users["union"], union=c.grassroots, elected_on=date(2021, 8, 1))
    t_due = services.record_term(acting_user=c.users["county"], union=c.grassroots_b, elected_on=date(2022, 3, 1))
    assert t_over.ends_on == date(2026, 8, 1) and t_due.ends_on == date(2027, 3, 1)
    status = dict(queries.with_status(Term.objects.all(), today, 6).values_list("pk", "status"))
    assert status == {t_over.pk: "overdue", t_due.pk: "due"}
    # a delay: asked by the union, approved by the union above, at most six months (rulebook)
    with pytest.raises(ValidationError, match="union.reelection_delay_months|换届最长延期"):
        services.request_delay(acting_user=c.users["union"], term=t_over, until=date(2027, 3, 1), reason="改制")
    services.request_delay(acting_user=c.users["union"], term=t_over, until=date(2026, 12, 31), reason="改制")
    with pytest.raises(PermissionDenied):
        services.decide_delay(acting_user=c.users["union"], term=t_over, approve=True)
    services.decide_delay(acting_user=c.users["county"], term=t_over, approve=True)
    status = dict(queries.with_status(Term.objects.all(), today, 6).values_list("pk", "status"))
    assert status[t_over.pk] == "delayed"
    new = services.record_term(acting_user=c.users["union"], union=c.grassroots, elected_on=date(2026, 12, 1),
                               years=3)
    assert new.ends_on == date(2029, 12, 1)
    status = dict(queries.with_status(Term.objects.all(), today, 6).values_list("pk", "status"))
    assert status[t_over.pk] == "done" and status[new.pk] == "current"
    with pytest.raises(ValidationError, match="三|3"):
        services.record_term(acting_user=c.users["union"], union=c.grassroots, elected_on=date(2027, 1, 1), years=4)
