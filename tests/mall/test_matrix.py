"""The mall's pages and API operations in the access matrix (conventions in test_access_matrix).

The catalogue is listed by the city federation (衡阳市总工会) for its whole subtree: everyone
with a view right reads it (also from below), only the operator and the publicity department
add to it. Orders and voucher issues belong to 衡阳县第一机械's grassroots union: its clerk
(`union`) submits them; the organisation department (city, county) and the auditor read them
and change nothing; county2 (衡南县) does not see them (not found); the clerk may not approve
what they submitted (four eyes) while the operator may. Staff have no member record, so the
member's voucher pages and operations answer "not found". Posts that reach a service carry
input it refuses (a shopping card, an order without items, a voucher of no value), so a page
answers 200 with the form and the API 422, and nothing is written."""

from datetime import date

from ..budgets.test_matrix import KEEPER_REDIRECT, SEEN, _budget, action, pk
from ..matrix import ID_MAKERS, who

TODAY = date.today()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _catalogue(c):
    from gonghui.mall import services
    from gonghui.mall.models import Product

    found = Product.objects.filter(supplier__union=c.root).order_by("pk").first()
    if found:
        return found
    s = services.add_supplier(acting_user=c.users["operator"], union=c.root, name="衡阳本地特产有限公司", local=True)
    return services.add_product(acting_user=c.users["operator"], supplier=s, name="衡阳大米 10kg", price_fen=10_000,
                                stock=1000, kind="local")


def _member(c):
    from gonghui.members.models import Member

    from ..budgets.conftest import member

    return Member.objects.filter(union=c.grassroots).order_by("pk").first() or member(c)


def _order(c, state="submitted"):
    from gonghui.mall import services
    from gonghui.mall.models import Order

    found = Order.objects.filter(union=c.grassroots, state=state).first()
    if found:
        return found
    _budget(c)
    return services.create_order(acting_user=c.users["union"], union=c.grassroots, title="中秋慰问品",
                                 festival="mid_autumn", items=[(_catalogue(c), 1)], members=[_member(c)])


def _invoice(c):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.mall import services
    from gonghui.mall.models import OrderInvoice

    found = OrderInvoice.objects.filter(order__union=c.grassroots).first()
    if found:
        return found
    from ..factories import colleague

    order = _order(c)
    services.approve_order(order, acting_user=c.users[colleague(c, "union")])
    services.deliver_order(order, acting_user=c.users["union"],
                           files=[SimpleUploadedFile("发票.pdf", PDF, "application/pdf")])
    return order.invoices.get()


def _issue(c):
    from gonghui.mall import services
    from gonghui.mall.models import VoucherIssue

    found = VoucherIssue.objects.filter(union=c.grassroots, state="submitted").first()
    if found:
        return found
    _budget(c)
    return services.issue_vouchers(acting_user=c.users["union"], union=c.grassroots, title="中秋电子券",
                                   festival="mid_autumn", value_fen=20_000, expires_on=date(TODAY.year, 12, 31),
                                   members=[_member(c)])


def _voucher(c):
    from gonghui.mall import services
    from gonghui.mall.models import Voucher

    from ..factories import colleague

    found = Voucher.objects.filter(state="active").first()
    if found:
        return found
    services.approve_issue(_issue(c), acting_user=c.users[colleague(c, "union")])
    return Voucher.objects.get(state="active")


CATALOGUE_FORM = who(403, operator=200, publicity=200)
CLERK_FORM = who(403, union=200, operator=200)


def _bad_product(c):
    return {"supplier": _catalogue(c).supplier_id, "name": "超市购物卡", "kind": "goods", "form": "shopping_card",
            "price": "500", "stock": "10"}


def _bad_order(c):
    _catalogue(c)
    return {"union": c.grassroots.pk, "title": "中秋慰问品", "festival": "mid_autumn", "delivery": "per_member"}


MALL_PAGES = [
    ("mall:products", {}, "get", None, who(200, publicity=200)),
    ("mall:product_new", {}, "get", None, CATALOGUE_FORM),
    ("mall:product_new", {}, "post", _bad_product, CATALOGUE_FORM),
    ("mall:suppliers", {}, "get", None, who(200, publicity=200)),
    ("mall:supplier_new", {}, "get", None, CATALOGUE_FORM),
    ("mall:supplier_new", {}, "post", lambda c: {"union": c.root.pk, "name": ""}, CATALOGUE_FORM),
    ("mall:orders", {}, "get", None, who(200)),
    ("mall:order_new", {}, "get", None, CLERK_FORM),
    ("mall:order_new", {}, "post", _bad_order, CLERK_FORM),  # no item chosen
    ("mall:order_detail", pk(_order), "get", None, SEEN),
    ("mall:order_action", action(_order, "approve"), "post", {}, KEEPER_REDIRECT),
    ("mall:order_invoice", pk(_invoice), "get", None, SEEN),
    ("mall:issues", {}, "get", None, who(200)),
    ("mall:vouchers", {}, "get", None, who(200)),
    ("mall:issue_new", {}, "get", None, CLERK_FORM),
    ("mall:issue_new", {}, "post",
     lambda c: {"union": c.grassroots.pk, "title": "中秋电子券", "festival": "mid_autumn", "value": "0",
                "expires_on": date(TODAY.year, 12, 31).isoformat()}, CLERK_FORM),
    ("mall:issue_detail", pk(_issue), "get", None, SEEN),
    ("mall:issue_action", action(_issue, "approve"), "post", {}, KEEPER_REDIRECT),
    ("mall:my_vouchers", {}, "get", None, who(200)),
    ("mall:my_voucher", pk(_voucher), "get", None, who(404)),
]

ID_MAKERS["mall_order_id"] = lambda c: _order(c).pk
ID_MAKERS["voucher_issue_id"] = lambda c: _issue(c).pk
ID_MAKERS["voucher_id"] = lambda c: _voucher(c).pk

API_READ = who(200, anon=401)
API_ONE = who(200, anon=401, county2=404)
API_KEEPER = who(422, anon=401, city=403, county=403, county2=404, auditor=403)

MALL_API = [
    ("get", "/api/v1/mall/suppliers", None, API_READ),
    ("post", "/api/v1/mall/suppliers", lambda c: {"union_id": c.grassroots.pk, "name": ""},
     who(403, anon=401, county2=404, operator=422)),
    ("get", "/api/v1/mall/products", None, API_READ),
    ("post", "/api/v1/mall/products",
     lambda c: {"supplier_id": _catalogue(c).supplier_id, "name": "超市购物卡", "price_fen": 50_000, "stock": 5,
                "form": "shopping_card"}, who(403, anon=401, operator=422, publicity=422)),
    ("get", "/api/v1/mall/orders", None, API_READ),
    ("get", "/api/v1/mall/orders/{mall_order_id}", None, API_ONE),
    ("post", "/api/v1/mall/orders",
     lambda c: {"union_id": c.grassroots.pk, "title": "中秋慰问品", "festival": "mid_autumn", "items": []},
     API_KEEPER),
    # submitted by the clerk: the clerk may not approve it (422), the operator does
    ("post", "/api/v1/mall/orders/{mall_order_id}/approve", None, API_KEEPER | {"operator": 200}),
    ("post", "/api/v1/mall/orders/{mall_order_id}/reject", {"reason": ""}, API_KEEPER),
    ("get", "/api/v1/mall/voucher-issues", None, API_READ),
    ("get", "/api/v1/mall/voucher-issues/{voucher_issue_id}", None, API_ONE),
    ("post", "/api/v1/mall/voucher-issues",
     lambda c: {"union_id": c.grassroots.pk, "title": "中秋电子券", "festival": "mid_autumn", "value_fen": 0,
                "expires_on": date(TODAY.year, 12, 31).isoformat()}, API_KEEPER),
    ("post", "/api/v1/mall/voucher-issues/{voucher_issue_id}/approve", None, API_KEEPER | {"operator": 200}),
    ("post", "/api/v1/mall/voucher-issues/{voucher_issue_id}/reject", {"reason": ""}, API_KEEPER),
    ("get", "/api/v1/mall/vouchers", None, API_READ),
    # staff have no vouchers of their own: a member's voucher is "not found" to them
    ("post", "/api/v1/mall/vouchers/{voucher_id}/spend", lambda c: {"product_id": _catalogue(c).pk},
     who(404, anon=401)),
    ("post", "/api/v1/mall/vouchers/{voucher_id}/transfer", {}, who(404, anon=401)),
]
