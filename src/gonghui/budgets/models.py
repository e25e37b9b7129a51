"""Union budgets by accounting category (预算), spending entries against them (支出), the
adjustments that move a line (预算调整), and the 经审 committee's audits (经费审查) with their
findings and rectification.

Money is integer fen. A budget line's `spent_fen` is the sum of its approved spending, kept by
one conditional UPDATE per approval so concurrent approvals never pass the line's amount.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel
from gonghui.core.uploads import Attachment


class Category(models.TextChoices):
    """The spending categories of the union accounting system (工会会计制度 支出科目)."""

    ACTIVITIES = "activities", _("Staff activities (职工活动支出)")
    RIGHTS = "rights", _("Rights protection (维权支出)")
    BUSINESS = "business", _("Union work (业务支出)")
    CAPITAL = "capital", _("Capital spending (资本性支出)")
    SUBSIDIES = "subsidies", _("Grants to lower unions (补助下级支出)")
    OTHER = "other", _("Other spending (其他支出)")


class Budget(ScopedModel):
    """A union's budget for one year: drafted, submitted, approved by the committee (a second
    person); its final accounts (决算) go to the congress only after the 经审 review."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for approval")
        APPROVED = "approved", _("approved")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    accounts_audit = models.ForeignKey("FundAudit", verbose_name=_("经审 review of the final accounts"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    sent_to_congress_on = models.DateField(_("final accounts sent to the congress on"), null=True, blank=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year", "union__path"]
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="budgets_budget_once_a_year")]

    def __str__(self):
        return f"{self.union.name} {self.year}年预算"

    @property
    def total_fen(self):
        return sum(line.amount_fen for line in self.lines.all())

    @property
    def spent_fen(self):
        return sum(line.spent_fen for line in self.lines.all())


class BudgetLine(ScopedModel):
    """One category of a budget: its amount (after approved adjustments) and what is spent."""

    scope_path = "budget__union__path"

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    spent_fen = models.BigIntegerField(_("spent (fen)"), default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["budget", "category"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "category"], name="budgets_line_once"),
            models.CheckConstraint(condition=Q(spent_fen__lte=F("amount_fen")) & Q(spent_fen__gte=0),
                                   name="budgets_line_never_overspent"),
        ]

    def __str__(self):
        return f"{self.budget} · {self.get_category_display()}"

    def scope_union(self):
        return self.budget.union

    @property
    def left_fen(self):
        return self.amount_fen - self.spent_fen


class Adjustment(ScopedModel):
    """A change to a line's amount (预算调整), approved by someone other than its submitter."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    scope_path = "line__budget__union__path"

    line = models.ForeignKey(BudgetLine, verbose_name=_("budget line"), on_delete=models.CASCADE,
                             related_name="adjustments")
    delta_fen = models.BigIntegerField(_("change (fen)"))
    reason = models.CharField(_("reason"), max_length=300)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("budget adjustment")
        verbose_name_plural = _("budget adjustments")
        ordering = ["-submitted_at", "id"]

    def __str__(self):
        return f"{self.line} {self.delta_fen:+d}"

    def scope_union(self):
        return self.line.budget.union


class Benefit(models.TextChoices):
    """What a spending on a member is, for the caps (基层工会经费收支管理办法 and provincial rules)."""

    NONE = "", _("not a benefit to one member")
    FESTIVAL = "festival", _("festival gift (节日慰问)")
    BIRTHDAY = "birthday", _("birthday (生日慰问)")
    WEDDING = "wedding", _("wedding (结婚慰问)")
    CHILDBIRTH = "childbirth", _("childbirth (生育慰问)")
    HOSPITAL = "hospital", _("hospital stay (住院慰问)")
    HOSPITAL_SURGERY = "hospital_surgery", _("hospital stay with surgery (住院手术慰问)")
    BEREAVEMENT = "bereavement", _("member's death (会员去世慰问)")
    BEREAVEMENT_RELATIVE = "bereavement_relative", _("death of a close relative (直系亲属去世慰问)")
    RETIREMENT = "retirement", _("retirement (退休慰问)")


class Festival(models.TextChoices):
    """The statutory festivals (法定节日) on which gifts may be given."""

    NEW_YEAR = "new_year", _("New Year (元旦)")
    SPRING = "spring", _("Spring Festival (春节)")
    QINGMING = "qingming", _("Qingming (清明节)")
    LABOUR = "labour", _("Labour Day (劳动节)")
    DRAGON_BOAT = "dragon_boat", _("Dragon Boat Festival (端午节)")
    MID_AUTUMN = "mid_autumn", _("Mid-Autumn Festival (中秋节)")
    NATIONAL = "national", _("National Day (国庆节)")


class Form(models.TextChoices):
    """How a benefit is given: cash, shopping cards and cashable vouchers are forbidden."""

    GOODS = "goods", _("goods in kind")
    NAMED_VOUCHER = "named_voucher", _("voucher for named goods at a named shop")
    SERVICE = "service", _("service or activity")
    TRANSFER = "transfer", _("bank transfer (condolence money)")
    CASH = "cash", _("cash")
    SHOPPING_CARD = "shopping_card", _("shopping card")
    CASHABLE_VOUCHER = "cashable_voucher", _("cashable voucher")


FORBIDDEN_FORMS = (Form.CASH, Form.SHOPPING_CARD, Form.CASHABLE_VOUCHER)


class Spending(ScopedModel):
    """One spending entry against a budget line. A benefit to one member names the member and
    the benefit; it was checked against the member's allowance when it was entered."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        RETURNED = "returned", _("returned unspent")  # a voucher that expired unspent (mall)

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="spendings")
    line = models.ForeignKey(BudgetLine, verbose_name=_("budget line"), on_delete=models.PROTECT,
                             related_name="spendings")
    spent_on = models.DateField(_("date"))
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    purpose = models.CharField(_("purpose"), max_length=200)
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="union_benefits")
    benefit = models.CharField(_("benefit"), max_length=24, choices=Benefit.choices, blank=True, default="")
    festival = models.CharField(_("festival"), max_length=12, choices=Festival.choices, blank=True, default="")
    form = models.CharField(_("given as"), max_length=20, choices=Form.choices, default=Form.GOODS)
    occasion_on = models.DateField(_("date of the occasion"), null=True, blank=True,
                                   help_text=_("The wedding, birth, admission to hospital or death the benefit "
                                               "is for."))
    # Where the entry comes from when another app pays a member from union funds (a programme,
    # a campaign, a mall order): "app_label.model:pk"; blank for entries made here.
    origin = models.CharField(_("origin"), max_length=80, blank=True)
    cap_note = models.CharField(_("allowance at entry"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT,
                                   related_name="+")
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("spending entry")
        verbose_name_plural = _("spending entries")
        ordering = ["-spent_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="budgets_spending_positive")]
        indexes = [models.Index(fields=["member", "benefit", "spent_on"], name="budgets_spending_allowance")]

    def __str__(self):
        return f"{self.purpose} ({self.amount_fen / 100:.2f} 元)"


class SpendingAttachment(Attachment, ScopedModel):
    """An invoice, receipt or list of recipients behind a spending entry."""

    scope_path = "spending__union__path"

    spending = models.ForeignKey(Spending, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("spending attachment")
        verbose_name_plural = _("spending attachments")

    def scope_union(self):
        return self.spending.union


class FundAudit(ScopedModel):
    """An audit by the 经费审查委员会 (经审) of one union's funds: yearly, on a chair leaving
    office (离任审计), or special. Named so as not to clash with the audit trail (core.audit)."""

    class Kind(models.TextChoices):
        YEARLY = "yearly", _("yearly audit of the budget and final accounts")
        DEPARTURE = "departure", _("audit on the chair leaving office (离任审计)")
        SPECIAL = "special", _("special audit")

    class State(models.TextChoices):
        OPEN = "open", _("in progress")
        REPORTED = "reported", _("report issued")

    union = models.ForeignKey("orgs.Union", verbose_name=_("audited union"), on_delete=models.PROTECT,
                              related_name="fund_audits")
    year = models.PositiveSmallIntegerField(_("year audited"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.YEARLY)
    subject = models.CharField(_("subject"), max_length=150, blank=True,
                               help_text=_("The chair leaving office, or what a special audit looks into."))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    report = models.TextField(_("audit report"), blank=True)
    reported_on = models.DateField(_("report issued on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("fund audit")
        verbose_name_plural = _("fund audits")
        ordering = ["-year", "-started_on", "id"]
        permissions = [("audit_fundaudit", "Carry out fund audits (经审)")]

    def __str__(self):
        return f"{self.union.name} {self.year}年 {self.get_kind_display()}"


class Finding(ScopedModel):
    """One finding of an audit: what, how much, the evidence, and its rectification by a date."""

    scope_path = "audit__union__path"

    audit = models.ForeignKey(FundAudit, verbose_name=_("fund audit"), on_delete=models.CASCADE,
                              related_name="findings")
    title = models.CharField(_("finding"), max_length=200)
    amount_fen = models.BigIntegerField(_("amount concerned (fen)"), default=0)
    evidence = models.TextField(_("evidence"), blank=True)
    rectify_by = models.DateField(_("rectify by"))
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    rectification = models.CharField(_("what was done"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["audit", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gte=0), name="budgets_finding_amount")]

    def __str__(self):
        return self.title

    def scope_union(self):
        return self.audit.union


class FindingEvidence(Attachment, ScopedModel):
    """A document behind a finding (a voucher, an invoice, a photo)."""

    scope_path = "finding__audit__union__path"

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = _("finding evidence")
        verbose_name_plural = _("finding evidence")

    def scope_union(self):
        return self.finding.audit.union
