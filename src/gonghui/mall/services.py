"""Every write of the mall, with its rules and audit record: suppliers and the catalogue (no
cash-like items), directed purchases (定向采购) and e-voucher issues, both paid per member through
the budgets app, and a member's purchase with a voucher.

What the budgets app guarantees, the mall inherits by calling it, never by copying it: each
member's share of an order or voucher issue is entered with ``budgets.services.enter_spending``
(the cap check under the member's row lock, the line's room), approved with
``approve_spending`` by a colleague (four eyes; one conditional UPDATE on the line, so vouchers
are never issued past the budget), and what a voucher leaves unspent at expiry goes back with
``return_unspent``. A voucher's balance falls by one conditional UPDATE per purchase, so
concurrent spends never overdraw it; a voucher is never transferred nor cashed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.budgets import caps
from gonghui.budgets import services as budgets
from gonghui.budgets.models import Benefit, Category, Festival, Form, Spending
from gonghui.core import audit
from gonghui.core.access import require, require_other_than
from gonghui.core.money import yuan
from gonghui.members.models import Member

from .models import Order, OrderInvoice, OrderItem, OrderRecipient, Product, Purchase, Supplier, Voucher, VoucherIssue

# Festival benefits are paid from the staff-activities line (工会会计制度: 职工活动支出).
CATEGORY = Category.ACTIVITIES
# Names that betray a cash-like item whatever form is claimed (基层工会经费收支管理办法: no cash,
# shopping cards or cashable vouchers; a voucher for named goods at a named shop is allowed).
CASH_LIKE_WORDS = ("购物卡", "储值卡", "预付卡", "礼品卡", "充值卡", "代金券", "现金", "红包", "消费卡")
MAX_MEMBERS = 20_000


def _festival(festival):
    if festival not in Festival.values:
        raise ValidationError({"festival": _("节日慰问只能在法定节日发放（元旦、春节、清明节、劳动节、端午节、"
                                             "中秋节、国庆节），请选择节日。")})


def _text(value, field, message, limit):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value[:limit]


def refuse_cash_like(name, form):
    """Cash, shopping cards and cashable vouchers never enter the mall nor go to members."""
    caps.refuse_forbidden_form(form)
    if form not in (Form.GOODS, Form.NAMED_VOUCHER, Form.SERVICE):
        raise ValidationError({"form": _("请选择商品形式：实物、指定商品兑换券或服务。")})
    hit = next((w for w in CASH_LIKE_WORDS if w in (name or "")), None)
    if hit:
        raise ValidationError({"name": _("“%(name)s”含“%(word)s”，属于现金、购物卡或可兑现的券，工会经费不得购买"
                                         "（基层工会经费收支管理办法）；请改为实物、服务或指定商品兑换券。") % {
            "name": name, "word": hit}}, code="forbidden_form")


# --- suppliers and catalogue ---------------------------------------------------------------------

@transaction.atomic
def add_supplier(*, acting_user, union, name, uscc="", local=False, contact="", phone=""):
    require(acting_user, "mall.add_supplier", union)
    name = _text(name, "name", _("请填写供应商名称。"), 100)
    s = Supplier.objects.create(union=union, name=name, uscc=(uscc or "").strip()[:18], local=bool(local),
                                contact=(contact or "").strip()[:50], phone=(phone or "").strip()[:20],
                                created_by=acting_user)
    audit.record("create", actor=acting_user, obj=s, changes={"name": name, "local": bool(local)})
    return s


@transaction.atomic
def add_product(*, acting_user, supplier, name, price_fen, stock, kind=Product.Kind.GOODS, form=Form.GOODS,
                description=""):
    """A catalogue item; cash-like items are refused."""
    require(acting_user, "mall.add_product", supplier.union)
    name = _text(name, "name", _("请填写商品名称。"), 100)
    refuse_cash_like(name, form)
    if kind not in Product.Kind.values:
        raise ValidationError({"kind": _("请选择商品类别。")})
    if not isinstance(price_fen, int) or price_fen <= 0:
        raise ValidationError({"price": _("请填写大于零的价格（元）。")})
    if not isinstance(stock, int) or stock < 0:
        raise ValidationError({"stock": _("库存须为零或正整数。")})
    p = Product.objects.create(supplier=supplier, name=name, kind=kind, form=form, price_fen=price_fen, stock=stock,
                               description=(description or "").strip()[:300], created_by=acting_user)
    audit.record("create", actor=acting_user, obj=p, changes={"name": name, "price_fen": price_fen, "stock": stock,
                                                               "form": form})
    return p


@transaction.atomic
def restock(product, *, acting_user, stock, price_fen=None, active=None):
    product = Product.objects.select_for_update().select_related("supplier__union").get(pk=product.pk)
    require(acting_user, "mall.change_product", product.supplier.union, obj=product)
    if not isinstance(stock, int) or stock < 0:
        raise ValidationError({"stock": _("库存须为零或正整数。")})
    changes = {"stock": [product.stock, stock]}
    product.stock = stock
    if price_fen is not None:
        if price_fen <= 0:
            raise ValidationError({"price": _("请填写大于零的价格（元）。")})
        changes["price_fen"] = [product.price_fen, price_fen]
        product.price_fen = price_fen
    if active is not None:
        product.active = bool(active)
    product.save()
    audit.record("update", actor=acting_user, obj=product, changes=changes)
    return product


def sold_to(product, union):
    """A product a union may buy: on sale, listed by the union itself or a federation above it."""
    return product.active and product.supplier.active and union.path.startswith(product.supplier.union.path)


# --- paying members through the budgets app -------------------------------------------------------

def _members(union, members):
    if members is None:
        members = Member.objects.in_good_standing().filter(union__path__startswith=union.path)
    members = list(members.select_related("union") if hasattr(members, "select_related") else members)
    if not members:
        raise ValidationError({"members": _("%(union)s 没有可发放的在册会员。") % {"union": union.name}})
    if len(members) > MAX_MEMBERS:
        raise ValidationError({"members": _("一次最多发放给 %(n)d 名会员。") % {"n": MAX_MEMBERS}})
    outside = [m for m in members if not m.union.path.startswith(union.path)]
    if outside:
        raise ValidationError({"members": _("%(name)s 不是%(union)s或其下级工会的会员。") % {
            "name": outside[0].name, "union": union.name}})
    return members


def _reserve(*, acting_user, union, members, each_fen, festival, form, purpose, origin, on):
    """One spending entry per member through the budgets app: the total is refused at once when
    the line has no room for it; each member's share is checked against their allowance. A
    refusal names the member and leaves nothing written (the caller's transaction)."""
    line, left = budgets.room_left(union, CATEGORY, on)
    total = each_fen * len(members)
    if total > left:
        raise ValidationError({"amount": _("%(n)d 名会员 × %(each)s 元 = %(total)s 元，超过预算“%(line)s”的可用余额 "
                                           "%(left)s 元（已扣除待审批支出）；请先调整预算。") % {
            "n": len(members), "each": yuan(each_fen), "total": yuan(total), "line": Category(CATEGORY).label,
            "left": yuan(max(left, 0))}}, code="over_budget")
    entries = []
    for m in members:
        try:
            spending, _allowance = budgets.enter_spending(
                acting_user=acting_user, union=union, category=CATEGORY, spent_on=on, amount_fen=each_fen,
                purpose=purpose, member=m, benefit=Benefit.FESTIVAL, festival=festival, form=form, origin=origin)
        except ValidationError as e:
            raise ValidationError({"members": _("%(name)s（%(number)s）：%(why)s") % {
                "name": m.name, "number": m.number, "why": " ".join(e.messages)}},
                code=getattr(e, "code", None) or "over_cap") from e
        entries.append(spending)
    return entries


def _approve_all(spendings, acting_user):
    for s in spendings:
        budgets.approve_spending(s, acting_user=acting_user)


def _reject_all(spendings, acting_user, reason):
    for s in spendings:
        if s.state == Spending.State.SUBMITTED:
            budgets.reject_spending(s, acting_user=acting_user, reason=reason)


# --- directed purchases (定向采购) -------------------------------------------------------------------

@transaction.atomic
def create_order(*, acting_user, union, title, festival, items, members=None, delivery=Order.Delivery.PER_MEMBER):
    """An order of `items` ([(product, quantity per member)]) for `members` (default: every
    member in good standing of `union` and below), submitted: each member's share is a spending
    entry checked against their festival allowance and the budget line."""
    require(acting_user, "mall.add_order", union)
    title = _text(title, "title", _("请填写采购名称。"), 100)
    _festival(festival)
    if delivery not in Order.Delivery.values:
        raise ValidationError({"delivery": _("请选择配送方式：发到每位会员或整批送到工会。")})
    clean = []
    for product, quantity in items or ():
        if not isinstance(quantity, int) or not 1 <= quantity <= 100:
            raise ValidationError({"items": _("“%(name)s”的每人数量须为 1 到 100。") % {"name": product.name}})
        refuse_cash_like(product.name, product.form)
        if not sold_to(product, union):
            raise ValidationError({"items": _("“%(name)s”不在%(union)s可采购的商城目录中。") % {
                "name": product.name, "union": union.name}})
        clean.append((product, quantity))
    if not clean:
        raise ValidationError({"items": _("请至少选择一件商品。")})
    members = _members(union, members)
    for product, quantity in clean:
        if product.stock < quantity * len(members):
            raise ValidationError({"items": _("“%(name)s”库存 %(stock)d，不够 %(n)d 名会员每人 %(q)d 件。") % {
                "name": product.name, "stock": product.stock, "n": len(members), "q": quantity}})
    each = sum(p.price_fen * q for p, q in clean)
    order = Order.objects.create(union=union, title=title, festival=festival, delivery=delivery, per_member_fen=each,
                                 total_fen=each * len(members), created_by=acting_user)
    OrderItem.objects.bulk_create([OrderItem(order=order, product=p, quantity=q, price_fen=p.price_fen)
                                   for p, q in clean])
    today = timezone.localdate()
    form = Form.SERVICE if all(p.form == Form.SERVICE for p, _q in clean) else Form.GOODS
    entries = _reserve(acting_user=acting_user, union=union, members=members, each_fen=each, festival=festival,
                       form=form, purpose=_("商城定向采购：%(t)s") % {"t": title}, origin=f"mall.order:{order.pk}",
                       on=today)
    OrderRecipient.objects.bulk_create([OrderRecipient(order=order, member=m, spending=s)
                                        for m, s in zip(members, entries, strict=True)])
    audit.record("create", actor=acting_user, obj=order, changes={
        "title": title, "festival": festival, "members": len(members), "per_member_fen": each,
        "items": [[p.pk, q] for p, q in clean]})
    return order


def _locked_order(order, acting_user, perm="mall.change_order"):
    order = Order.objects.select_for_update(of=("self",)).select_related("union").get(pk=order.pk)
    require(acting_user, perm, order.union, obj=order)
    return order


def _spendings(qs):
    return list(Spending.objects.filter(pk__in=qs.values_list("spending_id", flat=True)).order_by("pk"))


@transaction.atomic
def approve_order(order, *, acting_user):
    """A colleague approves: every member's share is drawn from the line (conditional UPDATE)
    and the stock taken (conditional UPDATE: never below zero)."""
    order = _locked_order(order, acting_user)
    require_other_than(acting_user, order.created_by_id, _("采购单"))
    if order.state != Order.State.SUBMITTED:
        raise ValidationError(_("该采购单已经处理过了。"))
    _approve_all(_spendings(order.recipients.all()), acting_user)
    n = order.recipients.count()
    for item in order.items.select_related("product"):
        taken = Product.objects.filter(pk=item.product_id, stock__gte=item.quantity * n).update(
            stock=F("stock") - item.quantity * n)
        if not taken:
            raise ValidationError({"items": _("“%(name)s”库存已不足 %(k)d 件，无法批准。") % {
                "name": item.product.name, "k": item.quantity * n}})
    order.state, order.decided_by, order.decided_at = Order.State.APPROVED, acting_user, timezone.now()
    order.save(update_fields=["state", "decided_by", "decided_at"])
    audit.record("update", actor=acting_user, obj=order, changes={"state": ["submitted", "approved"]})
    return order


@transaction.atomic
def reject_order(order, *, acting_user, reason):
    order = _locked_order(order, acting_user)
    require_other_than(acting_user, order.created_by_id, _("采购单"))
    reason = _text(reason, "reason", _("请填写退回理由。"), 300)
    if order.state != Order.State.SUBMITTED:
        raise ValidationError(_("该采购单已经处理过了。"))
    _reject_all(_spendings(order.recipients.all()), acting_user, reason)
    order.state, order.decided_by, order.decided_at = Order.State.REJECTED, acting_user, timezone.now()
    order.save(update_fields=["state", "decided_by", "decided_at"])
    audit.record("update", actor=acting_user, obj=order, reason=reason, changes={"state": ["submitted", "rejected"]})
    return order


@transaction.atomic
def deliver_order(order, *, acting_user, delivered_on=None, files=()):
    """Record the delivery (to every member, or in bulk to the union) with the invoices."""
    order = _locked_order(order, acting_user)
    if order.state != Order.State.APPROVED:
        raise ValidationError(_("只有已批准的采购单才能登记配送。"))
    delivered_on = delivered_on or timezone.localdate()
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("配送日期不能晚于今天。")})
    for upload in files or ():
        OrderInvoice.from_upload(upload, user=acting_user, order=order).save()
    if not order.invoices.exists():
        raise ValidationError({"files": _("请上传供应商发票或签收清单。")})
    order.recipients.update(delivered_on=delivered_on)
    order.state, order.delivered_on = Order.State.DELIVERED, delivered_on
    order.save(update_fields=["state", "delivered_on"])
    audit.record("update", actor=acting_user, obj=order, changes={"state": ["approved", "delivered"],
                                                                   "delivered_on": str(delivered_on)})
    return order


# --- e-vouchers -----------------------------------------------------------------------------------

@transaction.atomic
def issue_vouchers(*, acting_user, union, title, festival, value_fen, expires_on, members=None):
    """Submit an issue of vouchers of `value_fen` to each member (default: every member in good
    standing of `union` and below) spendable until `expires_on`: each member's voucher is a
    spending entry (a voucher for named goods in the mall) checked against their allowance and
    the line; a colleague's approval draws it and makes the vouchers spendable."""
    require(acting_user, "mall.add_voucherissue", union)
    title = _text(title, "title", _("请填写电子券名称。"), 100)
    _festival(festival)
    if not isinstance(value_fen, int) or isinstance(value_fen, bool) or value_fen <= 0:
        raise ValidationError({"value": _("请填写大于零的券面金额（元）。")})
    today = timezone.localdate()
    if expires_on is None or expires_on < today:
        raise ValidationError({"expires_on": _("截止使用日期须为今天或以后。")})
    if expires_on.year != today.year:
        raise ValidationError({"expires_on": _("电子券须在发放当年使用完毕（年度预算与年度限额），"
                                               "截止日期请选在 %(y)d 年内。") % {"y": today.year}})
    members = _members(union, members)
    issue = VoucherIssue.objects.create(union=union, title=title, festival=festival, value_fen=value_fen,
                                        expires_on=expires_on, members_count=len(members), created_by=acting_user)
    entries = _reserve(acting_user=acting_user, union=union, members=members, each_fen=value_fen, festival=festival,
                       form=Form.NAMED_VOUCHER, purpose=_("职工商城电子券：%(t)s") % {"t": title},
                       origin=f"mall.voucherissue:{issue.pk}", on=today)
    Voucher.objects.bulk_create([Voucher(issue=issue, member=m, spending=s, value_fen=value_fen,
                                         balance_fen=value_fen, expires_on=expires_on)
                                 for m, s in zip(members, entries, strict=True)])
    audit.record("create", actor=acting_user, obj=issue, changes={
        "title": title, "festival": festival, "value_fen": value_fen, "members": len(members),
        "expires_on": str(expires_on)})
    return issue


def _locked_issue(issue, acting_user):
    issue = VoucherIssue.objects.select_for_update(of=("self",)).select_related("union").get(pk=issue.pk)
    require(acting_user, "mall.change_voucherissue", issue.union, obj=issue)
    return issue


@transaction.atomic
def approve_issue(issue, *, acting_user):
    """A colleague approves the issue: each voucher is drawn from the line by the budgets app's
    conditional UPDATE (never past the budget), then becomes spendable."""
    issue = _locked_issue(issue, acting_user)
    require_other_than(acting_user, issue.created_by_id, _("电子券发放"))
    if issue.state != VoucherIssue.State.SUBMITTED:
        raise ValidationError(_("该电子券发放已经处理过了。"))
    _approve_all(_spendings(issue.vouchers.all()), acting_user)
    issue.vouchers.update(state=Voucher.State.ACTIVE)
    issue.state, issue.decided_by, issue.decided_at = VoucherIssue.State.ISSUED, acting_user, timezone.now()
    issue.save(update_fields=["state", "decided_by", "decided_at"])
    audit.record("update", actor=acting_user, obj=issue, changes={"state": ["submitted", "issued"]})
    return issue


@transaction.atomic
def reject_issue(issue, *, acting_user, reason):
    issue = _locked_issue(issue, acting_user)
    require_other_than(acting_user, issue.created_by_id, _("电子券发放"))
    reason = _text(reason, "reason", _("请填写退回理由。"), 300)
    if issue.state != VoucherIssue.State.SUBMITTED:
        raise ValidationError(_("该电子券发放已经处理过了。"))
    _reject_all(_spendings(issue.vouchers.all()), acting_user, reason)
    issue.vouchers.update(state=Voucher.State.VOID, balance_fen=0)
    issue.state, issue.decided_by, issue.decided_at = VoucherIssue.State.REJECTED, acting_user, timezone.now()
    issue.save(update_fields=["state", "decided_by", "decided_at"])
    audit.record("update", actor=acting_user, obj=issue, reason=reason, changes={"state": ["submitted", "rejected"]})
    return issue


def spend(voucher, product, *, acting_user):
    """The holder buys `product` with their voucher: the balance falls by one conditional
    UPDATE (active, not past its date, enough left), the stock by another; either failing
    leaves nothing written. Only the member the voucher was issued to may spend it."""
    with transaction.atomic():
        voucher = Voucher.objects.select_related("member", "issue__union").get(pk=voucher.pk)
        if acting_user is None or voucher.member.user_id != acting_user.pk:
            raise ValidationError(_("电子券只能由领券会员本人使用，不可转让。"), code="not_holder")
        if not sold_to(product, voucher.issue.union):
            raise ValidationError({"product": _("该商品不在本券可用的商城目录中。")})
        today = timezone.localdate()
        paid = Voucher.objects.filter(pk=voucher.pk, state=Voucher.State.ACTIVE, expires_on__gte=today,
                                      balance_fen__gte=product.price_fen).update(
            balance_fen=F("balance_fen") - product.price_fen)
        if not paid:
            voucher.refresh_from_db()
            if voucher.state != Voucher.State.ACTIVE or voucher.expires_on < today:
                why = _("该电子券已过期或尚未生效，不能使用。")
            else:
                why = _("电子券余额 %(left)s 元，不够支付“%(name)s” %(price)s 元。") % {
                    "left": yuan(voucher.balance_fen), "name": product.name, "price": yuan(product.price_fen)}
            raise ValidationError({"voucher": why}, code="voucher")
        taken = Product.objects.filter(pk=product.pk, active=True, stock__gte=1).update(stock=F("stock") - 1)
        if not taken:
            raise ValidationError({"product": _("“%(name)s”已售罄。") % {"name": product.name}}, code="sold_out")
        purchase = Purchase.objects.create(voucher=voucher, product=product, amount_fen=product.price_fen)
        audit.record("create", actor=acting_user, obj=purchase,
                     changes={"voucher": voucher.pk, "product": product.pk, "amount_fen": product.price_fen})
    return purchase


def transfer(voucher, *, acting_user, to=None):
    """A voucher is never transferred (湘工惠: 不可转让): always refused, nothing written."""
    raise ValidationError(_("电子券不可转让，也不可兑换现金：只能由领券会员本人在职工商城使用。"),
                          code="not_transferable")


def expire_due(today=None):
    """Vouchers past their date expire; what they left unspent goes back to the budget line and
    the member's allowance (``budgets.services.return_unspent``), one voucher per transaction.
    Idempotent: an expired voucher is not touched again. Returns (vouchers, fen returned)."""
    today = today or timezone.localdate()
    count = returned = 0
    due = Voucher.objects.filter(state=Voucher.State.ACTIVE, expires_on__lt=today).values_list("pk", flat=True)
    for pk in list(due.order_by("pk")):
        with transaction.atomic():
            v = Voucher.objects.select_for_update(of=("self",)).select_related("spending").filter(
                pk=pk, state=Voucher.State.ACTIVE).first()
            if v is None:
                continue
            left = v.balance_fen
            if left:
                budgets.return_unspent(v.spending, amount_fen=left, reason=_("电子券到期未使用，余额退回预算"))
            Voucher.objects.filter(pk=pk).update(state=Voucher.State.EXPIRED, balance_fen=0, returned_fen=left)
            VoucherIssue.objects.filter(pk=v.issue_id).update(returned_fen=F("returned_fen") + left)
            count, returned = count + 1, returned + left
    for issue in VoucherIssue.objects.filter(state=VoucherIssue.State.ISSUED, expires_on__lt=today):
        if not issue.vouchers.filter(state=Voucher.State.ACTIVE).exists():
            VoucherIssue.objects.filter(pk=issue.pk).update(state=VoucherIssue.State.EXPIRED)
            audit.record("update", obj=issue, changes={"state": ["issued", "expired"],
                                                       "returned_fen": issue.returned_fen})
    return count, returned
