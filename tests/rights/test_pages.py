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
    rows = [row for sheet in read_xlsx(c.get("/rights/requests/?topic=wages&export=xlsx")).values() for row in sheet]
    numbers = {str(cell) for row in rows for cell in row}
    assert late.number in numbers and not any("injury" in n or "工伤" in n for n in numbers)


def test_a_hotline_clerk_records_a_call_with_an_attachment(login, city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = SimpleUploadedFile("工资条.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "image/png")
    res = login("county").post("/rights/requests/new/", {
        "worker_name": "王师傅", "phone": "13800002222", "kind": "solve", "topic": "wages",
        "employer_name": city.employer_free.name, "description": "欠薪三个月。", "workers_involved": 12,
        "amount_claimed_fen": "36000", "received_on": "2026-03-02", "file": png})
    assert res.status_code == 302, res.content.decode()[:2000]
    r = Request.objects.get()
    assert r.channel == "hotline" and r.union == city.county and r.amount_claimed_fen == 3600000
    assert r.due_on == date(2026, 3, 9) and r.attachments.count() == 1
    a = r.attachments.get()
    assert login("county").get(f"/rights/requests/{r.pk}/files/{a.pk}/").status_code == 200
    assert login("county2").get(f"/rights/requests/{r.pk}/files/{a.pk}/").status_code == 404


def test_legal_aid_on_the_pages_income_test_then_decision(login, city):
    from gonghui.rights.models import LegalAidCase

    c = login("county")
    data = {"union": city.county.pk, "applicant_name": "赵师傅", "matter": "labour", "facts": "被拖欠工资。",
            "basis": "income", "income_per_head_fen": "2600"}
    res = c.post("/rights/legal-aid/new/", data)
    assert res.status_code == 200 and "2500.00" in res.content.decode() and not LegalAidCase.objects.exists()
    res = c.post("/rights/legal-aid/new/", data | {"income_per_head_fen": "2500"})
    assert res.status_code == 302
    case = LegalAidCase.objects.get()
    page = c.get(f"/rights/legal-aid/{case.pk}/").content.decode()
    assert "工会法律援助办法" in page and 'data-testid="decision-due"' in page
    res = c.post(f"/rights/legal-aid/{case.pk}/decide/", {"decision": "grant", "reason": ""})
    assert res.status_code == 200 and LegalAidCase.objects.get().state == "applied"  # not their own entry
    res = login("city").post(f"/rights/legal-aid/{case.pk}/decide/", {"decision": "grant", "reason": ""})
    assert res.status_code == 302 and LegalAidCase.objects.get().state == "granted"


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
    for rate in ("row-closure-rate", "row-on-time-rate"):  # the rates of a row open the requests they count
        link = re.search(rf'href="([^"]*)" data-testid="{rate}">[0-9.]+%<', page).group(1)
        listing = c.get(link.replace("&amp;", "&")).content.decode()
        assert closed.number in listing and overdue.number not in listing


def test_the_board_shows_legal_aid_by_state_with_links(login, city):
    from .conftest import aid_case

    aid_case(city, state="granted")
    page = login("county").get("/rights/requests/board/").content.decode()
    assert 'data-testid="board-legal-aid"' in page and "/rights/legal-aid/?state=granted" in page
    listing = login("county").get("/rights/legal-aid/?state=granted").content.decode()
    assert "FY" in listing


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
