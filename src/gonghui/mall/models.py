"""The workers' mall (职工商城, 湘工惠 in seed 001): suppliers and their catalogue, enterprise
unions' directed purchases (定向采购) for their members, and e-vouchers (电子券) a union issues to
each member, spendable only in the mall.

Money is integer fen. Every order and voucher paid from union funds is a spending entry of the
budgets app per member (``budgets.services.enter_spending`` with ``origin``), so it reserves
from the budget line and counts against the member's allowance (``budgets.caps``) like any other
benefit. A voucher's balance only goes down by one conditional UPDATE per purchase, so
concurrent spends never overdraw it (a CHECK constraint backs it).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.budgets.models import Festival, Form
from gonghui.core.access import ScopedModel
from gonghui.core.uploads import Attachment

# The forms a mall product may take: cash, shopping cards and cashable vouchers never.
PRODUCT_FORMS = [(Form.GOODS.value, Form.GOODS.label), (Form.NAMED_VOUCHER.value, Form.NAMED_VOUCHER.label),
                 (Form.SERVICE.value, Form.SERVICE.label)]


class Supplier(ScopedModel):
    """A firm selling in the mall, listed by a federation (市总 / 县总) for its subtree; the
    county's own firms sell its local specialities (本地特产)."""

    seen_from_below = True

    union = models.ForeignKey("orgs.Union", verbose_name=_("listed by"), on_delete=models.PROTECT,
                              related_name="mall_suppliers")
    name = models.CharField(_("name"), max_length=100)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    local = models.BooleanField(_("local firm"), default=False)
    contact = models.CharField(_("contact"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("mall supplier")
        verbose_name_plural = _("mall suppliers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Product(ScopedModel):
    """One item of the catalogue: goods, a local speciality or a service, at a price, with stock."""

    class Kind(models.TextChoices):
        GOODS = "goods", _("goods")
        LOCAL = "local", _("local speciality (本地特产)")
        SERVICE = "service", _("service")

    scope_path = "supplier__union__path"
    seen_from_below = True

    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT,
                                 related_name="products")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.GOODS)
    form = models.CharField(_("given as"), max_length=20, choices=PRODUCT_FORMS, default=Form.GOODS)
    price_fen = models.BigIntegerField(_("price (fen)"))
    stock = models.PositiveIntegerField(_("stock"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    active = models.BooleanField(_("on sale"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("mall product")
        verbose_name_plural = _("mall products")
        ordering = ["supplier__name", "name"]
        constraints = [models.CheckConstraint(condition=Q(price_fen__gt=0), name="mall_product_price")]

    def __str__(self):
        return self.name

    def scope_union(self):
        return self.supplier.union


class Order(ScopedModel):
    """A directed purchase (定向采购) of an enterprise union for its members, paid from a budget
    line: submitted (each member's share entered as a spending entry, checked against the cap
    and the line), approved by a colleague (drawn from the line, stock taken), delivered per
    member or in bulk, with the supplier's invoices."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        DELIVERED = "delivered", _("delivered")
        REJECTED = "rejected", _("rejected")

    class Delivery(models.TextChoices):
        PER_MEMBER = "per_member", _("to each member")
        BULK = "bulk", _("in bulk to the union")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="mall_orders")
    title = models.CharField(_("title"), max_length=100)
    festival = models.CharField(_("festival"), max_length=12, choices=Festival.choices)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.PER_MEMBER)
    per_member_fen = models.BigIntegerField(_("per member (fen)"))
    total_fen = models.BigIntegerField(_("total (fen)"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("directed purchase")
        verbose_name_plural = _("directed purchases")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class OrderItem(ScopedModel):
    """A product and how many of it each member receives, at the price of the day."""

    scope_path = "order__union__path"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveSmallIntegerField(_("quantity per member"))
    price_fen = models.BigIntegerField(_("price (fen)"))

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        ordering = ["order", "id"]

    def scope_union(self):
        return self.order.union


class OrderRecipient(ScopedModel):
    """A member an order is for, with the spending entry that pays their share."""

    scope_path = "order__union__path"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="recipients")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="mall_orders")
    spending = models.OneToOneField("budgets.Spending", on_delete=models.PROTECT, related_name="+")
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("order recipient")
        verbose_name_plural = _("order recipients")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["order", "member"], name="mall_recipient_once")]

    def scope_union(self):
        return self.order.union


class OrderInvoice(Attachment, ScopedModel):
    """The supplier's invoice (发票) or the signed delivery list of an order."""

    scope_path = "order__union__path"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="invoices")

    class Meta:
        verbose_name = _("order invoice")
        verbose_name_plural = _("order invoices")

    def scope_union(self):
        return self.order.union


class VoucherIssue(ScopedModel):
    """A union's issue of e-vouchers (电子券) of one value to each of its members, for a festival,
    expiring on a date (湘工惠: a year's benefits as vouchers, spent by 10-31). Submitted with a
    spending entry per member (cap and line checked), approved by a colleague (drawn from the
    line, vouchers created); at expiry the unspent value goes back to the line."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ISSUED = "issued", _("issued")
        REJECTED = "rejected", _("rejected")
        EXPIRED = "expired", _("expired")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="voucher_issues")
    title = models.CharField(_("title"), max_length=100)
    festival = models.CharField(_("festival"), max_length=12, choices=Festival.choices)
    value_fen = models.BigIntegerField(_("value per member (fen)"))
    expires_on = models.DateField(_("spend by"))
    members_count = models.PositiveIntegerField(_("members"), default=0)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    returned_fen = models.BigIntegerField(_("returned to the budget (fen)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("voucher issue")
        verbose_name_plural = _("voucher issues")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(value_fen__gt=0), name="mall_issue_value")]

    def __str__(self):
        return self.title

    @property
    def total_fen(self):
        return self.value_fen * self.members_count


class Voucher(ScopedModel):
    """One member's e-voucher: spendable only in the mall, by its holder, until its date; never
    transferred, never cashed."""

    class State(models.TextChoices):
        PENDING = "pending", _("awaiting approval")
        ACTIVE = "active", _("active")
        EXPIRED = "expired", _("expired")
        VOID = "void", _("void")

    scope_path = "issue__union__path"

    issue = models.ForeignKey(VoucherIssue, verbose_name=_("voucher issue"), on_delete=models.PROTECT,
                              related_name="vouchers")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="vouchers")
    spending = models.OneToOneField("budgets.Spending", on_delete=models.PROTECT, related_name="+")
    value_fen = models.BigIntegerField(_("value (fen)"))
    balance_fen = models.BigIntegerField(_("balance (fen)"))
    expires_on = models.DateField(_("spend by"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    returned_fen = models.BigIntegerField(_("returned to the budget (fen)"), default=0)

    class Meta:
        verbose_name = _("e-voucher")
        verbose_name_plural = _("e-vouchers")
        ordering = ["-expires_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(balance_fen__gte=0) & Q(balance_fen__lte=F("value_fen")),
                                   name="mall_voucher_never_overdrawn"),
            models.UniqueConstraint(fields=["issue", "member"], name="mall_voucher_once"),
        ]
        indexes = [models.Index(fields=["state", "expires_on"], name="mall_voucher_due")]

    def __str__(self):
        return f"{self.issue.title} · {self.member.name}"

    def scope_union(self):
        return self.issue.union

    @property
    def spent_fen(self):
        return self.value_fen - self.balance_fen - self.returned_fen


class Purchase(ScopedModel):
    """A member's purchase in the mall paid with a voucher."""

    scope_path = "voucher__issue__union__path"

    voucher = models.ForeignKey(Voucher, verbose_name=_("e-voucher"), on_delete=models.PROTECT,
                                related_name="purchases")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    bought_at = models.DateTimeField(_("bought at"), default=timezone.now)

    class Meta:
        verbose_name = _("voucher purchase")
        verbose_name_plural = _("voucher purchases")
        ordering = ["-bought_at", "-id"]

    def __str__(self):
        return f"{self.product.name} ({self.amount_fen / 100:.2f} 元)"

    def scope_union(self):
        return self.voucher.issue.union
