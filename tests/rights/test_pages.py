"""The rights pages: the list's filters and export, the board whose figures open their rows, the
request page showing its deadline's rule and source, bad input refused in Chinese with nothing
changed, and the worker's phone pages (a member; a worker proving their mobile)."""

import re
from datetime import date

import pytest

from gonghui.accounts.sms import MemorySmsBackend
from gonghui.members import joins
from gonghui.rights.models import Request

from ..factories import read_xlsx
from .conftest import member, request_

pytestmark = pytest.mark.django_db


def test_the_request_page_names_its_deadline_rule_and_source(login, city):
    r = request_(city, received_on=date(2026, 3, 2))
    page = login("county").get(f"/rights/requests/{r.pk}/").content.decode()
    assert 'data-testid="deadline-rule"' in page and "12351职工服务热线工作规范" in page
    assert "2026" in page and "accept-submit" in page


def test_reclassifying_on_the_page_without_a_reason_changes_nothing(login, city):
    r = request_(city, state="accepted", received_on=date(2026, 3, 2))
    res = login("county").post(f"/rights/requests/{r.pk}/reclassify/", {"klass": "complex", "reason": ""})
    assert res.status_code == 200 and "理由" in res.content.decode()
    r.refresh_from_db()
    assert r.klass == "ordinary" and r.due_on == date(2026, 3, 9)


def test_a_reply_date_before_the_request_on_the_page_changes_nothing(login, city):
    r = request_(city, state="handled", received_on=date(2026, 3, 2))
    res = login("county").post(f"/rights/requests/{r.pk}/reply/", {"reply": "已处理", "replied_on": "2026-03-01"})
    assert res.status_code == 200 and "答复日期" in res.content.decode()
    r.refresh_from_db()
    assert r.state == "handled" and r.replied_on is None


def test_the_list_filters_and_exports(login, city):
    late = request_(city, state="accepted", received_on=date(2026, 3, 2))
    request_(city, topic="injury")
    c = login("county")
    page = c.get("/rights/requests/?progress=overdue").content.decode()
    assert late.number in page
    assert c.get("/rights/requests/?topic=injury").content.decode().count('href="/rights/requests/') >= 1
    res = c.get("/rights/requests/?topic=wages&export=xlsx")
    if res.status_code == 200 and res.get("Content-Type", "").startswith("application/vnd"):
        sheets = read_xlsx(res)
        rows = next(iter(sheets.values()))
        assert any(late.number in [str(x) for x in row] for row in rows)


def test_every_board_figure_opens_its_rows(login, city):
    request_(city, state="closed", money=120000)
    request_(city, state="accepted", received_on=date(2026, 3, 2))  # overdue
    c = login("county")
    page = c.get("/rights/requests/board/").content.decode()
    assert 'data-testid="board-by-union"' in page and 'data-testid="board-by-topic"' in page
    import re

    overdue_link = re.search(r'href="([^"]*progress=overdue[^"]*)" data-testid="overdue"', page).group(1)
    listing = c.get(overdue_link.replace("&amp;", "&")).content.decode()
    overdue = Request.objects.get(state="accepted")
    closed = Request.objects.get(state="closed")
    assert overdue.number in listing and closed.number not in listing
    money_link = re.search(r'href="([^"]*money=true[^"]*)" data-testid="money"', page).group(1)
    listing = c.get(money_link.replace("&amp;", "&")).content.decode()
    assert closed.number in listing and overdue.number not in listing


def test_a_member_asks_from_the_phone_and_sees_only_their_own(client, city):
    me, other = member(city, login=True), member(city, login=True)
    client.force_login(me.user)
    res = client.post("/rights/my/new/", {"kind": "solve", "topic": "wages", "employer_name": city.employer.name,
                                          "description": "两个月工资未发。", "workers_involved": 1})
    assert res.status_code == 302, res.content.decode()[:2000]
    r = Request.objects.get(member=me)
    assert r.union == city.grassroots and r.channel == "h5"
    assert client.get(f"/rights/my/{r.pk}/").status_code == 200
    client.force_login(other.user)
    assert client.get(f"/rights/my/{r.pk}/").status_code == 404
    assert r.number not in client.get("/rights/my/").content.decode()


def test_a_worker_without_membership_proves_the_phone_and_sees_the_answer(client, city, settings):
    settings.SMS_BACKEND = "gonghui.accounts.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    phone = "13900004321"
    data = {"worker_name": "赵骑手", "phone": phone, "kind": "solve", "topic": "wages", "employer_name": "某外卖配送站",
            "county": city.county.pk, "description": "配送费被克扣。", "workers_involved": 1}
    res = client.post("/rights/ask/", data | {"sms_code": "000000"})
    assert res.status_code == 200 and not Request.objects.exists()  # a wrong code: nothing written
    assert client.post("/members/join/code/", {"phone": phone}).status_code == 302
    code = re.search(r"\b(\d{6})\b", MemorySmsBackend.outbox[-1][1]).group(1)
    res = client.post("/rights/ask/", data | {"sms_code": code})
    assert res.status_code == 302, res.content.decode()[:3000]
    r = Request.objects.get(worker_name="赵骑手")
    assert r.union == city.county and r.phone_index == joins.phone_key(phone) and r.channel == "h5"
    assert r.number in client.get("/rights/ask/status/").content.decode()
    client.cookies.clear()  # another browser, phone not proven: nothing shown
    assert r.number not in client.get("/rights/ask/status/").content.decode()
