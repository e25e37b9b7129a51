"""The mall's pages: the catalogue and suppliers, directed purchases and voucher issues (staff,
1366 px), and the member's vouchers and shop (H5, 360 px). Thin: each write is a service call;
reads go through the access helpers (missing and forbidden rows are both "not found")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.access import can, get_object, needs, require
from gonghui.core.forms import apply_service_errors, form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.members.models import Member

from . import queries, services
from .filtersets import IssueFilterSet, OrderFilterSet, ProductFilterSet, SupplierFilterSet, VoucherFilterSet
from .forms import DeliverForm, IssueForm, OrderForm, ProductForm, ReasonForm, SupplierForm
from .models import Order, OrderInvoice, Product, Supplier, Voucher, VoucherIssue
from .tables import IssueTable, OrderTable, ProductTable, SupplierTable, VoucherTable

FORM = "orgs/form.html"


def _numbers(request, numbers):
    """The members named by number (in the user's scope), or None for every member."""
    if not numbers:
        return None
    found = {m.number: m for m in Member.objects.restrict(request.user).select_related("union")
             .filter(number__in=numbers)}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ValidationError({"members": _("没有这些会员，或不在您的工会范围内：%(n)s") % {
            "n": "、".join(missing[:10])}})
    return [found[n] for n in dict.fromkeys(numbers)]


# --- catalogue -----------------------------------------------------------------------------------

class ProductList(ListPage):
    model = Product
    filterset_class = ProductFilterSet
    table_class = ProductTable
    title = gettext_lazy("职工商城目录")
    add_url_name = "mall:product_new"

    def get_queryset(self):
        return super().get_queryset().select_related("supplier")


class SupplierList(ListPage):
    model = Supplier
    table_class = SupplierTable
    filterset_class = SupplierFilterSet
    title = gettext_lazy("商城供应商")
    add_url_name = "mall:supplier_new"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs("mall.add_supplier")
def supplier_new(request):
    form = SupplierForm(request.POST or None, user=request.user)

    def save(data):
        union = data.pop("union")
        services.add_supplier(acting_user=request.user, union=union, **data)
        messages.success(request, _("供应商已列入商城。"))
        return redirect("mall:suppliers")

    return form_page(request, form, _("新增供应商"), save, template=FORM)


@needs("mall.add_product")
def product_new(request):
    form = ProductForm(request.POST or None, user=request.user)

    def save(data):
        services.add_product(acting_user=request.user, supplier=data["supplier"], name=data["name"],
                             kind=data["kind"], form=data["form"], price_fen=data["price"], stock=data["stock"],
                             description=data.get("description", ""))
        messages.success(request, _("商品已上架。"))
        return redirect("mall:products")

    return form_page(request, form, _("上架商品"), save, template=FORM)


# --- directed purchases --------------------------------------------------------------------------

class OrderList(ListPage):
    model = Order
    filterset_class = OrderFilterSet
    table_class = OrderTable
    title = gettext_lazy("定向采购")
    add_url_name = "mall:order_new"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs("mall.add_order")
def order_new(request):
    products = Product.objects.restrict(request.user).filter(active=True, supplier__active=True) \
        .select_related("supplier").order_by("supplier__name", "name")[:60]
    form = OrderForm(request.POST or None, user=request.user, products=products)

    def save(data):
        union = data["union"]
        items = form.items()
        if not all(services.sold_to(p, union) for p, _q in items):
            raise ValidationError({"union": _("所选商品不在该工会可采购的商城目录中。")})
        order = services.create_order(acting_user=request.user, union=union, title=data["title"],
                                      festival=data["festival"], delivery=data["delivery"], items=items,
                                      members=_numbers(request, data.get("members")))
        messages.success(request, _("采购单已提交，由同事审批。"))
        return redirect("mall:order_detail", order.pk)

    return form_page(request, form, _("新建定向采购"), save, template=FORM)


def _order(request, pk, action="view"):
    return get_object(request.user, Order.objects.select_related("union", "created_by", "decided_by"), action, pk=pk)


def _order_page(request, order, **forms):
    return render(request, "mall/order_detail.html", {
        "title": order.title, "o": order, "items": order.items.select_related("product__supplier"),
        "recipients": order.recipients.select_related("member", "spending")[:200],
        "invoices": order.invoices.all(), "may": can(request.user, "mall.change_order", order.union),
        "reject_form": forms.get("reject_form") or ReasonForm(),
        "deliver_form": forms.get("deliver_form") or DeliverForm(initial={"delivered_on": timezone.localdate()}),
        "history": audit.history(order)})


@login_required
def order_detail(request, pk):
    return _order_page(request, _order(request, pk))


@login_required
@require_POST
def order_action(request, pk, action):
    order = _order(request, pk)
    require(request.user, "mall.change_order", order.union, obj=order)
    try:
        if action == "approve":
            services.approve_order(order, acting_user=request.user)
            messages.success(request, _("采购单已批准，已从预算中支出。"))
        elif action == "reject":
            services.reject_order(order, acting_user=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("采购单已退回。"))
        elif action == "deliver":
            form = DeliverForm(request.POST, request.FILES)
            if not form.is_valid():
                return _order_page(request, order, deliver_form=form)
            files = [form.cleaned_data["files"]] if form.cleaned_data.get("files") else []
            try:
                services.deliver_order(order, acting_user=request.user,
                                       delivered_on=form.cleaned_data["delivered_on"], files=files)
            except ValidationError as e:
                apply_service_errors(form, e)
                return _order_page(request, order, deliver_form=form)
            messages.success(request, _("已登记配送。"))
        else:
            raise Http404
    except ValidationError as e:
        show_error(request, e)
    return redirect("mall:order_detail", order.pk)


@login_required
def order_invoice(request, pk):
    return get_object(request.user, OrderInvoice.objects.all(), pk=pk).response()


# --- voucher issues ------------------------------------------------------------------------------

class IssueList(ListPage):
    model = VoucherIssue
    filterset_class = IssueFilterSet
    table_class = IssueTable
    title = gettext_lazy("电子券发放")
    add_url_name = "mall:issue_new"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


class VoucherList(ListPage):
    model = Voucher
    filterset_class = VoucherFilterSet
    table_class = VoucherTable
    title = gettext_lazy("电子券")
    focus_filter = None

    def get_queryset(self):
        return super().get_queryset().select_related("member", "issue")


@needs("mall.add_voucherissue")
def issue_new(request):
    today = timezone.localdate()
    form = IssueForm(request.POST or None, user=request.user,
                     initial={"expires_on": today.replace(month=10, day=31) if today.month < 10
                              else today.replace(month=12, day=31)})

    def save(data):
        issue = services.issue_vouchers(acting_user=request.user, union=data["union"], title=data["title"],
                                        festival=data["festival"], value_fen=data["value"],
                                        expires_on=data["expires_on"], members=_numbers(request, data.get("members")))
        messages.success(request, _("电子券发放已提交，由同事审批后到账。"))
        return redirect("mall:issue_detail", issue.pk)

    return form_page(request, form, _("发放电子券"), save, template=FORM)


def _issue(request, pk):
    return get_object(request.user, VoucherIssue.objects.select_related("union", "created_by", "decided_by"), pk=pk)


@login_required
def issue_detail(request, pk):
    issue = _issue(request, pk)
    return render(request, "mall/issue_detail.html", {
        "title": issue.title, "i": issue, "figures": queries.issue_figures(issue),
        "vouchers": issue.vouchers.select_related("member")[:200],
        "may": can(request.user, "mall.change_voucherissue", issue.union), "reject_form": ReasonForm(),
        "history": audit.history(issue)})


@login_required
@require_POST
def issue_action(request, pk, action):
    issue = _issue(request, pk)
    require(request.user, "mall.change_voucherissue", issue.union, obj=issue)
    try:
        if action == "approve":
            services.approve_issue(issue, acting_user=request.user)
            messages.success(request, _("电子券已发放到会员账户。"))
        elif action == "reject":
            services.reject_issue(issue, acting_user=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("电子券发放已退回。"))
        else:
            raise Http404
    except ValidationError as e:
        show_error(request, e)
    return redirect("mall:issue_detail", issue.pk)


# --- the member's pages (H5) ---------------------------------------------------------------------

def _me(request):
    return Member.objects.of_user(request.user)


@login_required
def my_vouchers(request):
    member = _me(request)
    if member is None:
        return render(request, "mall/h5_no_member.html", {"title": _("我的电子券")})
    return render(request, "mall/h5_vouchers.html", {
        "title": _("我的电子券"), "vouchers": list(queries.my_vouchers(member)[:50]),
        "purchases": list(queries.my_purchases(member)[:20])})


@login_required
def my_voucher(request, pk):
    """One voucher and the mall it can be spent in; a purchase is a POST of `product`."""
    member = _me(request)
    voucher = queries.my_vouchers(member).filter(pk=pk).first() if member else None
    if voucher is None:
        raise Http404(_("Not found."))
    catalogue = queries.catalogue_for(member.union)
    if request.method == "POST":
        product = catalogue.filter(pk=request.POST.get("product") or 0).first() \
            if str(request.POST.get("product", "")).isdigit() else None
        try:
            if product is None:
                raise ValidationError(_("该商品不在本券可用的商城目录中。"))
            services.spend(voucher, product, acting_user=request.user)
            messages.success(request, _("已用电子券购买“%(name)s”。") % {"name": product.name})
        except ValidationError as e:
            show_error(request, e)
        return redirect("mall:my_voucher", voucher.pk)
    voucher.refresh_from_db()
    return render(request, "mall/h5_voucher.html", {
        "title": voucher.issue.title, "v": voucher, "products": list(catalogue[:60]),
        "usable": voucher.state == Voucher.State.ACTIVE and voucher.expires_on >= timezone.localdate()})
