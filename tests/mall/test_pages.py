"""The mall's staff pages and the member's phone pages: lists, forms that refuse with a Chinese
message and write nothing, approval by a colleague, spending a voucher on the member page."""

from datetime import date

import pytest

from gonghui.mall.models import Order, Product, Purchase, Voucher, VoucherIssue

from ..budgets.conftest import gift
from ..factories import colleague
from .conftest import approved_budget, catalogue, issued, member, member_with_account

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.mark.parametrize("who,url", [
    ("union", "/mall/"), ("union", "/mall/suppliers/"), ("union", "/mall/orders/"), ("union", "/mall/vouchers/"),
    ("union", "/mall/vouchers/all/"), ("union", "/mall/orders/new/"), ("union", "/mall/vouchers/new/"),
    ("publicity", "/mall/products/new/"), ("publicity", "/mall/suppliers/new/")])
def test_staff_pages_open(city, login, who, url):
    catalogue(city)
    assert login(who).get(url).status_code == 200


def test_a_shopping_card_is_refused_on_the_product_form(city, login):
    s, _products = catalogue(city)
    r = login("publicity").post("/mall/products/new/", {"supplier": s.pk, "name": "节日礼品", "kind": "goods",
                                                        "form": "shopping_card", "price": "500", "stock": "10"})
    assert r.status_code == 200 and "购物卡" in r.content.decode()
    assert Product.objects.count() == 3


def test_an_order_over_the_cap_is_refused_on_the_form_and_one_within_goes_to_a_colleague(city, login):
    approved_budget(city)
    _s, (rice, tea, _show) = catalogue(city)
    m = member(city)
    gift(city, m, 100_000)
    client = login("union")
    form = {"union": city.grassroots.pk, "title": "中秋慰问品", "festival": "mid_autumn", "delivery": "per_member",
            "members": m.number, f"qty_{tea.pk}": "2"}
    r = client.post("/mall/orders/new/", form)
    assert r.status_code == 200
    text = r.content.decode()
    assert m.name in text and "1,500.00" in text
    assert not Order.objects.exists()
    r = client.post("/mall/orders/new/", form | {f"qty_{tea.pk}": "", f"qty_{rice.pk}": "5"})
    assert r.status_code == 302
    order = Order.objects.get()
    client.post(f"/mall/orders/{order.pk}/approve/")
    order.refresh_from_db()
    assert order.state == "submitted"  # nobody approves what they submitted
    login(colleague(city, "union")).post(f"/mall/orders/{order.pk}/approve/")
    order.refresh_from_db()
    assert order.state == "approved"


def test_voucher_issue_from_the_form_then_the_member_spends_it(city, login, client):
    approved_budget(city)
    _s, (rice, _tea, _show) = catalogue(city)
    m = member_with_account(city)
    r = login("union").post("/mall/vouchers/new/", {"union": city.grassroots.pk, "title": "中秋电子券",
                                                    "festival": "mid_autumn", "value": "300",
                                                    "expires_on": date(TODAY.year, 12, 31).isoformat(),
                                                    "members": m.number})
    assert r.status_code == 302, r.content.decode()[:3000]
    issue = VoucherIssue.objects.get()
    login(colleague(city, "union")).post(f"/mall/vouchers/{issue.pk}/approve/")
    v = Voucher.objects.get(member=m)
    assert v.state == "active"
    client.force_login(m.user)
    assert "中秋电子券" in client.get("/mall/my/").content.decode()
    assert client.get(f"/mall/my/{v.pk}/").status_code == 200
    client.post(f"/mall/my/{v.pk}/", {"product": rice.pk})
    v.refresh_from_db()
    assert v.balance_fen == 20_000 and Purchase.objects.count() == 1


def test_a_member_sees_only_their_own_vouchers(city, client):
    approved_budget(city)
    a, b = member_with_account(city), member_with_account(city)
    issued(city, [a, b])
    client.force_login(a.user)
    assert client.get(f"/mall/my/{Voucher.objects.get(member=b).pk}/").status_code == 404
    assert client.get(f"/mall/my/{Voucher.objects.get(member=a).pk}/").status_code == 200
