"""The pages: the 换届 list with its figures, filters and export; re-election reminders to the
union and, once overdue, to the union above; the ballot PDF in 姓氏笔画 order; the round page
showing the tellers' disagreements; a foreign id answers like a missing one."""

from datetime import date, timedelta

from django.utils import timezone

from gonghui.elections import services
from gonghui.notices.models import Outbox
from gonghui.notices.reminders import remind
from gonghui.rules import days

from ..factories import read_xlsx
from ..pdf_support import pages_text, read_pdf
from .conftest import by_name, open_round, teller2, voting


def _terms(c):
    today = timezone.localdate()
    overdue = services.record_term(acting_user=c.users["city"], union=c.grassroots,
                                   elected_on=days.add_months(today, -61))
    due = services.record_term(acting_user=c.users["city"], union=c.grassroots_b,
                               elected_on=days.add_months(today, -58))
    beside = services.record_term(acting_user=c.users["city"], union=c.grassroots2,
                                  elected_on=days.add_months(today, -61))
    return overdue, due, beside


def test_reelection_list_figures_filters_and_export(city, login):
    overdue, due, beside = _terms(city)
    client = login("county")
    r = client.get("/elections/terms/")
    assert r.status_code == 200
    summary = {code: n for code, _label, n in r.context["summary"]}
    assert (summary["overdue"], summary["due"]) == (1, 1)  # 衡南县's union is not counted
    body = r.content.decode()
    assert 'href="?status=overdue"' in body and "衡南县" not in body
    r = client.get("/elections/terms/?status=overdue")
    assert [t.pk for t in r.context["table"].data] == [overdue.pk]
    r = client.get("/elections/terms/?status=due&months=1")  # due in about 2 months: not within 1
    assert list(r.context["table"].data) == []
    sheets = read_xlsx(client.get("/elections/terms/?export=xlsx"))
    rows = next(iter(sheets.values()))
    assert rows[0][:2] == ["工会", "届次"] and {row[-1] for row in rows[1:]} == {"已逾期", "即将换届"}
    # the other county sees only its own, and g1's term answers like a missing one
    assert login("county2").get(f"/elections/terms/{overdue.pk}/").status_code == 404
    assert login("county2").get(f"/elections/terms/{beside.pk}/").status_code == 200


def test_reminders_reach_the_union_and_once_overdue_the_union_above(city):
    overdue, due, _beside = _terms(city)
    remind()
    about = {o.object_id: o for o in Outbox.objects.filter(object_type="rules.deadline")}
    from gonghui.rules.models import Deadline

    d_over = Deadline.objects.get(kind="reelection", object_id=str(overdue.pk))
    d_due = Deadline.objects.get(kind="reelection", object_id=str(due.pk))
    over = about[str(d_over.pk)]
    assert over.kind == "deadline_overdue"
    assert {"staff_of": city.grassroots.pk, "perm": ""} in over.audience
    assert {"staff_of": city.township.pk, "perm": ""} in over.audience  # the union above
    soon = about[str(d_due.pk)]  # due in about two months: inside the rulebook's 90 days
    assert soon.kind == "deadline_soon" and {"staff_of": city.township.pk, "perm": ""} not in soon.audience


def test_ballot_pdf_lists_candidates_by_surname_strokes(city, login):
    e = voting(city, candidates=5)  # 王芳 张伟 李娜 刘洋 陈静
    rnd = open_round(e.posts.get())
    r = login("union").get(f"/elections/rounds/{rnd.pk}/ballot.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = "".join(pages_text(read_pdf(r)))
    positions = [text.index(n) for n in ("王芳", "刘洋", "陈静", "李娜", "张伟")]
    assert positions == sorted(positions)  # 王4 刘6 陈7(chen) 李7(li) 张7(zhang)
    assert login("county2").get(f"/elections/rounds/{rnd.pk}/ballot.pdf").status_code == 404


def test_round_page_shows_every_disagreement_and_counts_nothing(city, login):
    c = city
    e = voting(c)
    rnd = open_round(e.posts.get())
    ids = by_name(rnd)
    services.record_turnout(acting_user=c.users["union"], rnd=rnd, attendance=9, issued=9, returned=9)
    services.enter_sheet(acting_user=c.users["union"], rnd=rnd,
                         tallies={"invalid": 0, "votes": {ids["王芳"]: 9, ids["张伟"]: 8}})
    services.enter_sheet(acting_user=teller2(c), rnd=rnd,
                         tallies={"invalid": 1, "votes": {ids["王芳"]: 8, ids["张伟"]: 8}})
    client = login("union")
    page = client.get(f"/elections/rounds/{rnd.pk}/").content.decode()
    assert "王芳 的得票" in page and "无效票" in page
    r = client.post(f"/elections/rounds/{rnd.pk}/", {"form": "count"})
    assert "两名计票人录入不一致" in r.content.decode()
    rnd.refresh_from_db()
    assert rnd.result is None and rnd.state == "open"


def test_recall_page_needs_more_than_half_of_all(city, login):
    h = services.appoint(acting_user=city.users["union"], union=city.grassroots, office="chair", name="刘越高",
                         appointment="elected", from_on=date.today() - timedelta(days=400))
    client = login("union")
    r = client.post(f"/elections/holders/{h.pk}/recall/", {"votes_for": "45", "all_voters": "90"})
    assert r.status_code == 200 and "工会法 第十八条" in r.content.decode()
    r = client.post(f"/elections/holders/{h.pk}/recall/", {"votes_for": "46", "all_voters": "90"})
    assert r.status_code == 302


def test_removing_a_candidate_only_of_this_election(city, login):
    from gonghui.elections.models import Candidate

    from .conftest import make_election

    e = make_election(city)
    other = make_election(city, union=city.grassroots2, by="county2")
    client = login("union")
    mine = Candidate.objects.filter(post__election=e).first()
    theirs = Candidate.objects.filter(post__election=other).first()
    for pk in ("abc", str(theirs.pk)):
        assert client.post(f"/elections/{e.pk}/remove/", {"candidate": pk}).status_code == 302
    assert Candidate.objects.filter(pk=theirs.pk).exists()
    client.post(f"/elections/{e.pk}/remove/", {"candidate": str(mine.pk)})
    assert not Candidate.objects.filter(pk=mine.pk).exists()
