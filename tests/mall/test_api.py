"""The mall API: money in integer fen; an order over the cap and a voucher issue over the budget
are refused with a Chinese message and nothing written; a member lists and spends only their
own vouchers and cannot transfer one."""

from datetime import date

import pytest
from django.test import Client

from gonghui.accounts.models import ApiToken
from gonghui.budgets.models import BudgetLine, Spending
from gonghui.mall.models import Order, Product, Voucher, VoucherIssue

from ..budgets.conftest import gift
from ..factories import colleague
from .conftest import approved_budget, catalogue, issued, member, member_with_account

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _api(user):
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})


def test_catalogue_and_a_shopping_card_refused(city):
    s, _p = catalogue(city)
    r = _api(city.users["union"]).get("/api/v1/mall/products")
    assert r.status_code == 200 and {i["price_fen"] for i in r.json()["items"]} == {10_000, 30_000, 50_000}
    r = _api(city.users["publicity"]).post("/api/v1/mall/products", {
        "supplier_id": s.pk, "name": "节日礼品卡", "price_fen": 50_000, "stock": 5, "form": "shopping_card"},
        content_type="application/json")
    assert r.status_code == 422 and Product.objects.count() == 3


def test_an_order_over_the_cap_is_refused_then_one_within_is_approved_by_a_colleague(city):
    approved_budget(city)
    _s, (rice, tea, _show) = catalogue(city)
    m = member(city)
    gift(city, m, 100_000)
    api = _api(city.users["union"])
    body = {"union_id": city.grassroots.pk, "title": "中秋慰问品", "festival": "mid_autumn", "member_ids": [m.pk],
            "items": [{"product_id": tea.pk, "quantity": 2}]}
    r = api.post("/api/v1/mall/orders", body, content_type="application/json")
    assert r.status_code == 422 and m.name in str(r.json())
    assert not Order.objects.exists() and Spending.objects.count() == 1
    r = api.post("/api/v1/mall/orders", body | {"items": [{"product_id": rice.pk, "quantity": 3}]},
                 content_type="application/json")
    assert r.status_code == 201 and r.json()["total_fen"] == 30_000
    oid = r.json()["id"]
    assert api.post(f"/api/v1/mall/orders/{oid}/approve").status_code == 422  # four eyes
    r = _api(city.users[colleague(city, "union")]).post(f"/api/v1/mall/orders/{oid}/approve")
    assert r.status_code == 200 and r.json()["state"] == "approved"


def test_a_voucher_issue_over_the_budget_is_refused(city):
    approved_budget(city, activities=50_000)
    ms = [member(city) for _ in range(2)]
    r = _api(city.users["union"]).post("/api/v1/mall/voucher-issues", {
        "union_id": city.grassroots.pk, "title": "春节电子券", "festival": "spring", "value_fen": 30_000,
        "expires_on": date(TODAY.year, 12, 31).isoformat(), "member_ids": [m.pk for m in ms]},
        content_type="application/json")
    assert r.status_code == 422 and "超过预算" in str(r.json())
    assert not VoucherIssue.objects.exists() and not Spending.objects.exists()
    assert BudgetLine.objects.get(category="activities").spent_fen == 0


def test_a_member_spends_their_own_voucher_and_cannot_transfer_it(city):
    approved_budget(city)
    _s, (rice, _tea, _show) = catalogue(city)
    a, b = member_with_account(city), member_with_account(city)
    issued(city, [a, b])
    mine, theirs = Voucher.objects.get(member=a), Voucher.objects.get(member=b)
    api = _api(a.user)
    r = api.get("/api/v1/mall/vouchers")
    assert [v["id"] for v in r.json()["items"]] == [mine.pk]
    r = api.post(f"/api/v1/mall/vouchers/{mine.pk}/spend", {"product_id": rice.pk}, content_type="application/json")
    assert r.status_code == 201 and r.json()["balance_fen"] == 40_000
    assert api.post(f"/api/v1/mall/vouchers/{theirs.pk}/spend", {"product_id": rice.pk},
                    content_type="application/json").status_code == 404
    r = api.post(f"/api/v1/mall/vouchers/{mine.pk}/transfer", {"to_member_id": b.pk},
                 content_type="application/json")
    assert r.status_code == 422 and "不可转让" in str(r.json())
    mine.refresh_from_db()
    assert mine.member == a and mine.balance_fen == 40_000
