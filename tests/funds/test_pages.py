"""The funds pages: lists filter and export, the income dashboard's figures are sums of ledger
rows and link to them, bad input on the forms is refused in Chinese with nothing written, and
the refund's four eyes hold on the page."""

from datetime import date

import pytest

from gonghui.funds import services
from gonghui.funds.models import Contribution, LedgerEntry, MemberDues, Refund

from ..factories import read_xlsx
from .conftest import MONTH, finance, firm

pytestmark = pytest.mark.django_db


def _paid(city, e, paid=20_000):
    return services.record_payment(acting_user=finance(city), employer=e, month=MONTH, wage_bill_fen=1_000_000,
                                   paid_fen=paid, received_on=date(2026, 2, 10))


def test_the_dashboard_sums_the_ledger_and_links_to_its_rows(login, city):
    _paid(city, firm(city))
    page = login("county").get("/funds/?year=2026").content.decode()
    assert "120.00" in page and "30.00" in page  # 衡阳县 sees the base union's 60% and its own 15%
    assert "/funds/ledger/?year=2026&level=county" in page
    assert city.root.name not in page.split("income-by-union")[1].split("</table>")[0]  # not the city's 10%
    city_page = login("city").get("/funds/?year=2026").content.decode()
    assert "200.00" in city_page  # the whole receipt, every level
    r = login("county").get("/funds/ledger/?year=2026&level=county")
    assert r.status_code == 200 and "30.00" in r.content.decode()


def test_lists_export_what_the_filters_select(login, city):
    _paid(city, firm(city, name="导出测试甲有限公司"))
    _paid(city, firm(city, name="导出测试乙有限公司"), paid=10_000)
    r = login("city").get("/funds/contributions/?owing=true&export=xlsx")
    rows = next(iter(read_xlsx(r).values()))
    names = [row[0] for row in rows[1:]]
    assert names == ["导出测试乙有限公司"]


def test_a_direct_payment_over_what_is_owed_is_refused_in_chinese(login, city):
    e = firm(city)
    _paid(city, e, paid=15_000)
    city.users["fin_city"].refresh_from_db()
    r = login("fin_city").post("/funds/contributions/new/", {"uscc": e.uscc, "month": "2026-01",
                                                            "wage_bill": "10000", "paid": "50.01",
                                                            "received_on": "2026-03-01"})
    assert r.status_code == 200 and "超过尚欠的 50.00 元" in r.content.decode()
    assert Contribution.objects.get(employer=e).paid_fen == 15_000
    assert LedgerEntry.objects.filter(employer=e).count() == 5


def test_dues_lines_with_a_stranger_are_refused_whole(login, city):
    from tests.wcongress.conftest import member

    m = member(city, city.grassroots)
    m.number = m.number or "M-1"
    r = login("union").post("/funds/dues/new/", {"union": city.grassroots.pk, "month": "2026-01",
                                                 "wages": f"{m.number} 3456.78\nNO-SUCH 3000"})
    assert r.status_code == 200 and "第 2 行" in r.content.decode()
    assert not MemberDues.objects.exists()
    r = login("union").post("/funds/dues/new/", {"union": city.grassroots.pk, "month": "2026-01",
                                                 "wages": f"{m.number} 3456.78"})
    assert r.status_code == 302 and MemberDues.objects.get().dues_fen == 1725


def test_the_refund_page_keeps_four_eyes(login, city):
    fin = finance(city, "county")
    e = firm(city, headcount=8)
    _paid(city, e)
    r = services.check_refund(services.apply_refund(acting_user=fin, employer=e, year=2026), acting_user=fin)
    page = login("fin_county").post(f"/funds/refunds/{r.pk}/", {"decision": "approve"}).content.decode()
    assert "同事" in page or "本人" in page
    assert Refund.objects.get(pk=r.pk).state == "checked"
    resp = login("fin_county_colleague").post(f"/funds/refunds/{r.pk}/", {"decision": "approve"})
    assert resp.status_code == 302 and Refund.objects.get(pk=r.pk).state == "approved"


def test_the_dashboard_opens_on_the_latest_year_with_receipts(login, city):
    services.record_payment(acting_user=finance(city), employer=firm(city), month=date(2025, 3, 1),
                            wage_bill_fen=1_000_000, paid_fen=20_000, received_on=date(2025, 4, 10))
    page = login("city").get("/funds/").content.decode()
    assert "2025" in page.split("</h1>")[0] and "200.00" in page
    assert login("city").get("/funds/?year=2024").content.decode().count("200.00") == 0
