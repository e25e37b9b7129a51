"""The funds API: receipts with their split, arrears with the late fee run up, statements'
problems, the refund refused over the threshold; scoped as the pages are."""

from datetime import date

import pytest

from gonghui.funds import services
from gonghui.funds.models import Refund

from .conftest import MONTH, finance, firm

pytestmark = pytest.mark.django_db


def _post(c, url, body):
    return c.post(url, data=body, content_type="application/json")


def test_a_receipt_and_its_split_over_the_api(city, api):
    finance(city)
    e = firm(city)
    r = _post(api("fin_city"), "/api/v1/dues/receipts", {"employer_id": e.pk, "month": "2026-01-01",
                                                        "wage_bill_fen": 1_000_000, "paid_fen": 12_345,
                                                        "received_on": "2026-02-10"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["owed_fen"] == 20_000 - 12_345
    assert sum(x["amount_fen"] for x in body["entries"]) == 12_345
    levels = {x["level"]: x["amount_fen"] for x in body["entries"]}
    assert levels == {"base": 7_409, "county": 1_851, "city": 1_234, "province": 1_234, "national": 617}
    arrears = api("county").get("/api/v1/dues/arrears").json()["items"]
    assert [a["employer_id"] for a in arrears] == [e.pk] and arrears[0]["accrued_fee_fen"] == 0
    assert api("county2").get(f"/api/v1/dues/receipts/{body['id']}").status_code == 404
    r = _post(api("fin_city"), "/api/v1/dues/receipts", {"employer_id": e.pk, "month": "2026-01-01",
                                                        "wage_bill_fen": 1_000_000, "paid_fen": 10_000,
                                                        "received_on": "2026-02-11"})
    assert r.status_code == 422 and "超过" in str(r.json())


def test_a_refund_over_the_threshold_is_refused_and_nothing_written(city, api):
    finance(city)
    e = firm(city, headcount=26)
    services.record_payment(acting_user=finance(city), employer=e, month=MONTH, wage_bill_fen=100_000,
                            paid_fen=2_000, received_on=date(2026, 2, 10))
    r = _post(api("union"), "/api/v1/refunds", {"employer_id": e.pk, "year": 2026})
    assert r.status_code in (404, 422)
    r = _post(api("fin_city"), "/api/v1/refunds", {"employer_id": e.pk, "year": 2026})
    assert r.status_code == 422 and "正常比例" in str(r.json())
    assert not Refund.objects.exists()
