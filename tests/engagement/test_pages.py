"""Engagement through the API and the pages: a member starts and submits a quiz, checks in to
reading; staff set a quiz from the bank, read leaderboards and rankings, export results."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.accounts.models import ApiToken
from gonghui.engagement import services
from gonghui.engagement.models import Attempt, CheckIn, Question, Quiz

from ..factories import read_xlsx
from .conftest import answers, bank, member, plan, quiz


def _api(user):
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})


def _post(c, url, body=None):
    return c.post(url, data=json.dumps(body or {}), content_type="application/json")


def test_a_member_takes_the_quiz_through_the_api(city):
    q = quiz(city, tries=1)
    m = member(city)
    c = _api(m.user)
    listed = c.get("/api/v1/quizzes").json()
    assert [x["id"] for x in listed] == [q.pk] and listed[0]["tries_left"] == 1
    started = _post(c, f"/api/v1/quizzes/{q.pk}/attempts")
    assert started.status_code == 201
    body = started.json()
    assert len(body["questions"]) == 4 and "answer" not in body["questions"][0]
    assert 0 < body["seconds_left"] <= 120
    sheet = answers(q, wrong=1)
    r = _post(c, f"/api/v1/quizzes/{q.pk}/attempts/{body['id']}/submit", {"answers": sheet})
    assert r.status_code == 200, r.content
    result = r.json()
    assert (result["score"], result["correct"], result["best_score"], result["rank"]) == (75, 3, 75, 1)
    assert sum(1 for line in result["lines"] if not line["right"]) == 1
    # no tries left: a clear Chinese refusal
    again = _post(c, f"/api/v1/quizzes/{q.pk}/attempts")
    assert again.status_code == 422 and "机会已用完" in again.json()["detail"]
    board = c.get(f"/api/v1/quizzes/{q.pk}/leaderboard").json()
    assert board["members"][0]["score"] == 75 and "*" in board["members"][0]["member_name"]
    hy = next(u for u in board["unions"] if u["union_name"] == "衡阳县总工会")
    assert (hy["participants"], hy["members"], hy["participation_rate"]) == (1, 1, 1.0)


def test_a_late_answer_through_the_api_is_refused(city):
    q = quiz(city, limit=60)
    m = member(city)
    a = services.start_attempt(acting_user=m.user, quiz=q, now=timezone.now() - timedelta(seconds=120))
    r = _post(_api(m.user), f"/api/v1/quizzes/{q.pk}/attempts/{a.pk}/submit", {"answers": answers(q)})
    assert r.status_code == 422 and "时间已到" in r.json()["detail"]
    a.refresh_from_db()
    assert a.score is None


def test_a_member_cannot_reach_another_branchs_quiz_nor_submit_anothers_try(city):
    q = quiz(city, union=city.county2)
    m = member(city)  # under 衡阳县
    assert _post(_api(m.user), f"/api/v1/quizzes/{q.pk}/attempts").status_code == 404
    other = member(city, union=city.grassroots2)
    a = services.start_attempt(acting_user=other.user, quiz=q)
    r = _post(_api(m.user), f"/api/v1/quizzes/{q.pk}/attempts/{a.pk}/submit", {"answers": {}})
    assert r.status_code == 404


def test_staff_set_a_quiz_from_the_bank_through_the_api(city):
    bank(city)
    c = _api(city.users["publicity"])
    r = _post(c, "/api/v1/quizzes", {"union_id": city.county.pk, "month": "2026-03-01", "count": 3,
                                     "topics": ["工会法", "劳动合同法"], "time_limit_seconds": 180, "tries_allowed": 2})
    assert r.status_code == 201, r.content
    assert r.json()["questions"] == 3 and r.json()["title"] == "2026年03月 每月一答"
    bad = _post(c, "/api/v1/quizzes", {"union_id": city.county.pk, "month": "2026-04-01", "question_ids": [],
                                       "count": 3, "time_limit_seconds": 5})
    assert bad.status_code == 422 and "限时" in bad.json()["detail"]
    assert _post(_api(city.users["union"]), "/api/v1/quizzes", {"union_id": city.grassroots.pk,
                                                               "month": "2026-03-01", "count": 1}).status_code == 403
    assert len(c.get("/api/v1/quizzes/questions").json()["items"]) == 4


def test_a_member_checks_in_through_the_api(city):
    p = plan(city)
    m = member(city)
    c = _api(m.user)
    assert [x["id"] for x in c.get("/api/v1/checkins/plans").json()] == [p.pk]
    book = p.books.get()
    r = _post(c, "/api/v1/checkins", {"plan_id": p.pk, "note": "读《平凡的世界》第一部", "book_id": book.pk})
    assert r.status_code == 201 and r.json()["streak"] == 1
    twice = _post(c, "/api/v1/checkins", {"plan_id": p.pk, "note": "再打一次"})
    assert twice.status_code == 422 and "今天已经打过卡" in twice.json()["detail"]
    empty = _post(_api(member(city).user), "/api/v1/checkins", {"plan_id": p.pk, "note": ""})
    assert empty.status_code == 422 and "读书心得" in empty.json()["detail"]
    mine = c.get("/api/v1/checkins").json()
    assert mine["current_streak"] == 1 and len(mine["checkins"]) == 1
    ranks = c.get(f"/api/v1/checkins/plans/{p.pk}/rankings").json()
    hy = next(u for u in ranks if u["union_name"] == "衡阳县总工会")
    assert (hy["participants"], hy["members"], hy["checkins"]) == (1, 2, 1)
    staff = _api(city.users["publicity"]).get(f"/api/v1/checkins/plans/{p.pk}/rankings").json()
    assert staff == ranks


def test_member_h5_pages_take_the_quiz_and_check_in(city, client):
    q = quiz(city)
    p = plan(city)
    m = member(city)
    client.force_login(m.user)
    page = client.get("/engagement/quiz/")
    html = page.content.decode()
    assert page.status_code == 200 and q.title in html and "开始答题" in html
    assert len(page.content) < 200_000
    r = client.post(f"/engagement/quiz/{q.pk}/start/")
    attempt = Attempt.objects.get(member=m)
    assert r["Location"] == f"/engagement/quiz/attempts/{attempt.pk}/"
    sheet = client.get(r["Location"])
    assert b"data-seconds-left" in sheet.content and "engagement/quiz.js" in sheet.content.decode()
    post = {f"q{k}": v for k, v in answers(q).items()}
    r = client.post(f"/engagement/quiz/attempts/{attempt.pk}/", post)
    assert r["Location"] == f"/engagement/quiz/attempts/{attempt.pk}/result/"
    result = client.get(r["Location"]).content.decode()
    assert 'data-testid="score">100<' in result
    assert client.get(f"/engagement/quiz/{q.pk}/board/").status_code == 200
    r = client.post("/engagement/reading/", {"plan": p.pk, "note": "今天读了二十页"}, follow=True)
    assert "打卡成功" in r.content.decode() and CheckIn.objects.filter(member=m).count() == 1
    r = client.post("/engagement/reading/", {"plan": p.pk, "note": "again"}, follow=True)
    assert "今天已经打过卡" in r.content.decode()
    assert client.get(f"/engagement/reading/{p.pk}/board/").status_code == 200


def test_member_home_lists_the_quiz_and_reading(city, client):
    m = member(city)
    client.force_login(m.user)
    html = client.get("/").content.decode()
    assert 'data-testid="my-quiz"' in html and 'data-testid="my-reading"' in html


def test_staff_pages_set_a_quiz_and_read_boards(city, client):
    bank(city)
    client.force_login(city.users["publicity"])
    r = client.post("/engagement/quizzes/new/", {"union": city.root.pk, "month": "2026-05", "count": 4,
                                                 "time_limit_seconds": 300, "tries_allowed": 3})
    q = Quiz.objects.get(month="2026-05-01")
    assert r.status_code == 302 and q.lines.count() == 4
    detail = client.get(f"/engagement/quizzes/{q.pk}/").content.decode()
    assert "参与率" in detail and "衡阳县总工会" in detail
    r = client.post("/engagement/questions/new/", {"union": city.root.pk, "topic_name": "工会法", "kind": "single",
                                                   "text": "新题？", "options": "甲\n乙", "answer": "AB"})
    assert r.status_code == 200 and "只有一个正确答案" in r.content.decode()
    assert not Question.objects.filter(text="新题？").exists()


def test_results_export_lists_every_attempt(city, client):
    q = quiz(city)
    for _ in range(2):
        m = member(city)
        a = services.start_attempt(acting_user=m.user, quiz=q)
        services.submit_attempt(acting_user=m.user, attempt=a, answers=answers(q))
    client.force_login(city.users["publicity"])
    sheets = read_xlsx(client.get(f"/engagement/results/?quiz={q.pk}&export=xlsx"))
    rows = next(iter(sheets.values()))
    assert sum(1 for r in rows if 100 in r or "100" in r) == 2


@pytest.mark.parametrize("url", ["/engagement/questions/", "/engagement/quizzes/", "/engagement/results/",
                                 "/engagement/books/", "/engagement/plans/", "/engagement/checkins/"])
def test_staff_lists_open_and_search(city, client, url):
    client.force_login(city.users["publicity"])
    assert client.get(url, {"q": "工会"}, follow=True).status_code == 200


def test_question_import_from_xlsx(city, client):
    import io

    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    rows = [["类别", "题型", "题目", "选项", "答案", "解析"],
            ["安全生产", "单选", "发现事故隐患应当？", "立即报告|不予理会", "A", "安全生产法"],
            ["工会法", "多选", "工会的基本职责？", "维护职工合法权益|竭诚服务职工群众|经营企业", "AB", ""]]
    for i, row in enumerate(rows):
        ws.write_row(i, 0, row)
    wb.close()
    buf.seek(0)
    buf.name = "题库.xlsx"
    client.force_login(city.users["publicity"])
    r = client.post("/engagement/questions/import/", {"union": city.root.pk, "file": buf})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Question.objects.filter(topic__name="安全生产", answer=[0]).exists()
    assert Question.objects.get(text="工会的基本职责？").answer == [0, 1]


def test_staff_leaderboard_names_members_outside_their_unions_masked(city, client):
    from ..factories import user

    q = quiz(city)
    near, far = member(city, name="刘越高"), member(city, union=city.grassroots2, name="王东文")
    for m in (near, far):
        a = services.start_attempt(acting_user=m.user, quiz=q)
        services.submit_attempt(acting_user=m.user, attempt=a, answers=answers(q))
    clerk = user("clerk", "union_staff", city.grassroots)
    client.force_login(clerk)
    html = client.get(f"/engagement/quizzes/{q.pk}/").content.decode()
    assert "刘越高" in html and "王*文" in html and "王东文" not in html


def test_detail_pages_chart_the_participation_rate(city, client):
    q = quiz(city)
    p = plan(city)
    m = member(city)
    a = services.start_attempt(acting_user=m.user, quiz=q)
    services.submit_attempt(acting_user=m.user, attempt=a, answers=answers(q))
    client.force_login(city.users["publicity"])
    for url, link in ((f"/engagement/quizzes/{q.pk}/", f"/engagement/results/?quiz={q.pk}&under="),
                      (f"/engagement/plans/{p.pk}/", f"/engagement/checkins/?plan={p.pk}&under=")):
        r = client.get(url)
        spec = json.loads(r.content.decode().split('id="chart-rate" type="application/json">')[1].split("</script>")[0])
        assert spec["type"] == "bar" and {i["label"] for i in spec["items"]} >= {"衡阳县总工会", "衡南县总工会"}
        assert all(i["url"].startswith(link) for i in spec["items"])  # each bar opens the rows behind it
    spec_values = {i["label"]: i["value"] for i in spec["items"]}
    assert spec_values["衡阳县总工会"] == 0.0
