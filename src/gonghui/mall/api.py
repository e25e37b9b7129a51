"""The mall over the API (`/api/v1/mall/...`): the catalogue, directed purchases, voucher issues,
and a member's own vouchers (spend, never transfer). The same services, filters and scoping as
the pages. Money in integer fen."""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.members.models import Member
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Union

from . import queries, services
from .filtersets import IssueFilterSet, OrderFilterSet, ProductFilterSet, VoucherFilterSet
from .models import Order, Product, Supplier, Voucher, VoucherIssue

router = Router(tags=["mall"])


def _union(request, union_id):
    return get_object(request.user, Union.objects.all(), pk=union_id)


def _me(request):
    return Member.objects.of_user(request.user)


def _members(request, ids):
    """The named members (all in the user's scope), or None for every member of the union."""
    if not ids:
        return None
    found = list(Member.objects.restrict(request.user).select_related("union").filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"member_ids": "有会员不存在，或不在您的工会范围内。"})
    return found


# --- catalogue -----------------------------------------------------------------------------------

class SupplierOut(Schema):
    id: int
    union_id: int
    name: str
    uscc: str
    local: bool
    active: bool


class SupplierIn(Schema):
    union_id: int
    name: str
    uscc: str = ""
    local: bool = False
    contact: str = ""
    phone: str = ""


class ProductOut(Schema):
    id: int
    supplier_id: int
    supplier: str
    local: bool
    name: str
    kind: str
    form: str
    price_fen: int
    stock: int
    active: bool

    @staticmethod
    def resolve_supplier(obj):
        return obj.supplier.name

    @staticmethod
    def resolve_local(obj):
        return obj.supplier.local


class ProductIn(Schema):
    supplier_id: int
    name: str
    price_fen: int
    stock: int
    kind: str = "goods"
    form: str = "goods"
    description: str = ""


@router.get("/mall/suppliers", response=list[SupplierOut])
@paginate(Page)
def list_suppliers(request):
    """Suppliers listed in the user's subtree or by a federation above it."""
    require(request.user, "mall.view_supplier")
    return Supplier.objects.restrict(request.user)


@router.post("/mall/suppliers", response={201: SupplierOut})
def add_supplier(request, body: SupplierIn):
    union = _union(request, body.union_id)
    data = body.dict()
    data.pop("union_id")
    return Status(201, services.add_supplier(acting_user=request.user, union=union, **data))


@router.get("/mall/products", response=list[ProductOut])
@paginate(Page)
def list_products(request):
    """The catalogue (filters `q`, `kind`, `local`). A member: what their union may buy."""
    member = _me(request)
    if member is not None:
        return _filtered(ProductFilterSet, request, queries.catalogue_for(member.union))
    require(request.user, "mall.view_product")
    return _filtered(ProductFilterSet, request, Product.objects.restrict(request.user).select_related("supplier"))


@router.post("/mall/products", response={201: ProductOut})
def add_product(request, body: ProductIn):
    """A catalogue item; cash, shopping cards and cashable vouchers are refused (422)."""
    supplier = get_object(request.user, Supplier.objects.select_related("union"), pk=body.supplier_id)
    data = body.dict()
    data.pop("supplier_id")
    return Status(201, services.add_product(acting_user=request.user, supplier=supplier, **data))


# --- directed purchases --------------------------------------------------------------------------

class ItemIn(Schema):
    product_id: int
    quantity: int


class OrderIn(Schema):
    union_id: int
    title: str
    festival: str
    items: list[ItemIn]
    delivery: str = "per_member"
    member_ids: list[int] = []


class OrderOut(Schema):
    id: int
    union_id: int
    title: str
    festival: str
    delivery: str
    per_member_fen: int
    total_fen: int
    state: str
    members: int
    delivered_on: date | None

    @staticmethod
    def resolve_members(obj):
        return obj.recipients.count()


class ReasonIn(Schema):
    reason: str = ""


@router.get("/mall/orders", response=list[OrderOut])
@paginate(Page)
def list_orders(request):
    """Directed purchases in the user's subtree (filters `q`, `festival`, `state`, `under`)."""
    require(request.user, "mall.view_order")
    return _filtered(OrderFilterSet, request, Order.objects.restrict(request.user))


@router.get("/mall/orders/{int:mall_order_id}", response=OrderOut)
def get_order(request, mall_order_id: int):
    return get_object(request.user, Order.objects.all(), pk=mall_order_id)


@router.post("/mall/orders", response={201: OrderOut})
def create_order(request, body: OrderIn):
    """Submit a directed purchase for the members (`member_ids`, or every member of the union):
    refused (422, nothing written) over a member's festival cap or the budget line."""
    union = _union(request, body.union_id)
    catalogue = {p.pk: p for p in queries.catalogue_for(union).filter(pk__in=[i.product_id for i in body.items])}
    missing = [i.product_id for i in body.items if i.product_id not in catalogue]
    if missing:
        raise ValidationError({"items": _("商品 %(ids)s 不在本工会可采购的商城目录中。") % {
            "ids": ", ".join(map(str, missing))}})
    return Status(201, services.create_order(
        acting_user=request.user, union=union, title=body.title, festival=body.festival, delivery=body.delivery,
        items=[(catalogue[i.product_id], i.quantity) for i in body.items], members=_members(request, body.member_ids)))


@router.post("/mall/orders/{int:mall_order_id}/approve", response=OrderOut)
def approve_order(request, mall_order_id: int):
    """Approve: by someone other than who submitted it (four eyes)."""
    order = get_object(request.user, Order.objects.all(), "change", pk=mall_order_id)
    return services.approve_order(order, acting_user=request.user)


@router.post("/mall/orders/{int:mall_order_id}/reject", response=OrderOut)
def reject_order(request, mall_order_id: int, body: ReasonIn):
    order = get_object(request.user, Order.objects.all(), "change", pk=mall_order_id)
    return services.reject_order(order, acting_user=request.user, reason=body.reason)


# --- voucher issues and vouchers -----------------------------------------------------------------

class IssueIn(Schema):
    union_id: int
    title: str
    festival: str
    value_fen: int
    expires_on: date
    member_ids: list[int] = []


class IssueOut(Schema):
    id: int
    union_id: int
    title: str
    festival: str
    value_fen: int
    expires_on: date
    members_count: int
    total_fen: int
    returned_fen: int
    state: str


class VoucherOut(Schema):
    id: int
    issue_id: int
    title: str
    member_id: int
    value_fen: int
    balance_fen: int
    returned_fen: int
    expires_on: date
    state: str

    @staticmethod
    def resolve_title(obj):
        return obj.issue.title


class SpendIn(Schema):
    product_id: int


class PurchaseOut(Schema):
    id: int
    voucher_id: int
    product_id: int
    amount_fen: int
    balance_fen: int

    @staticmethod
    def resolve_balance_fen(obj):
        return Voucher.objects.get(pk=obj.voucher_id).balance_fen


class TransferIn(Schema):
    to_member_id: int | None = None


@router.get("/mall/voucher-issues", response=list[IssueOut])
@paginate(Page)
def list_issues(request):
    require(request.user, "mall.view_voucherissue")
    return _filtered(IssueFilterSet, request, VoucherIssue.objects.restrict(request.user))


@router.get("/mall/voucher-issues/{int:voucher_issue_id}", response=IssueOut)
def get_issue(request, voucher_issue_id: int):
    return get_object(request.user, VoucherIssue.objects.all(), pk=voucher_issue_id)


@router.post("/mall/voucher-issues", response={201: IssueOut})
def issue_vouchers(request, body: IssueIn):
    """Submit an issue of e-vouchers of `value_fen` to each member: refused (422, nothing
    written) when the total passes the budget line or one member's festival cap."""
    union = _union(request, body.union_id)
    return Status(201, services.issue_vouchers(
        acting_user=request.user, union=union, title=body.title, festival=body.festival, value_fen=body.value_fen,
        expires_on=body.expires_on, members=_members(request, body.member_ids)))


@router.post("/mall/voucher-issues/{int:voucher_issue_id}/approve", response=IssueOut)
def approve_issue(request, voucher_issue_id: int):
    issue = get_object(request.user, VoucherIssue.objects.all(), "change", pk=voucher_issue_id)
    return services.approve_issue(issue, acting_user=request.user)


@router.post("/mall/voucher-issues/{int:voucher_issue_id}/reject", response=IssueOut)
def reject_issue(request, voucher_issue_id: int, body: ReasonIn):
    issue = get_object(request.user, VoucherIssue.objects.all(), "change", pk=voucher_issue_id)
    return services.reject_issue(issue, acting_user=request.user, reason=body.reason)


@router.get("/mall/vouchers", response=list[VoucherOut])
@paginate(Page)
def list_vouchers(request):
    """A member: their own vouchers. Staff: the vouchers of their subtree (filters `q`, `state`, `issue`)."""
    member = _me(request)
    if member is not None:
        return queries.my_vouchers(member)
    require(request.user, "mall.view_voucher")
    return _filtered(VoucherFilterSet, request, Voucher.objects.restrict(request.user).select_related("issue"))


def _my_voucher(request, voucher_id):
    member = _me(request)
    voucher = queries.my_vouchers(member).filter(pk=voucher_id).first() if member else None
    if voucher is None:
        raise Http404(_("Not found."))
    return voucher


@router.post("/mall/vouchers/{int:voucher_id}/spend", response={201: PurchaseOut})
def spend(request, voucher_id: int, body: SpendIn):
    """The holder buys a product with their voucher (422 when the balance, the date or the stock refuses)."""
    voucher = _my_voucher(request, voucher_id)
    product = queries.catalogue_for(voucher.member.union).filter(pk=body.product_id).first()
    if product is None:
        raise ValidationError({"product_id": _("该商品不在本券可用的商城目录中。")})
    return Status(201, services.spend(voucher, product, acting_user=request.user))


@router.post("/mall/vouchers/{int:voucher_id}/transfer", response=VoucherOut)
def transfer(request, voucher_id: int, body: TransferIn):
    """Always refused (422): a voucher is not transferable and not cashable."""
    voucher = _my_voucher(request, voucher_id)
    return services.transfer(voucher, acting_user=request.user, to=body.to_member_id)
