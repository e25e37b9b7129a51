"""Union funds: the employers' 2% (经费, glossary `contribution`) per employer and month, the
monthly statements of the tax or finance bureau that bring them in, the ledger that splits every
receipt between the levels of the union tree, the members' 0.5% (会费, `member dues`), the
small-firm refund (小微企业工会经费返还) and the county staff's pairings with small firms (双联).

Money is integer fen everywhere. A union's income is a sum of `LedgerEntry` rows: nothing is
stored as a running total that could drift from the rows behind it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel
from gonghui.core.fields import SealedField


class Level(models.TextChoices):
    """The levels a receipt is split between (the rulebook's `funds.split_upper` and shares)."""

    BASE = "base", _("grassroots union")
    COUNTY = "county", _("county federation")
    CITY = "city", _("city federation")
    PROVINCE = "province", _("provincial federation")
    NATIONAL = "national", _("ACFTU")


class Channel(models.TextChoices):
    TAX = "tax", _("collected by the tax bureau")
    FINANCE = "finance", _("transferred by the finance bureau")
    DIRECT = "direct", _("paid directly")


class Statement(ScopedModel):
    """One monthly statement of the tax or finance bureau, imported by a federation's finance
    staff. Checked whole before anything is written: a statement whose totals do not match its
    rows is rejected with every such row named, and leaves no contribution and no ledger row."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        DONE = "done", _("imported")
        REJECTED = "rejected", _("rejected")

    union = models.ForeignKey("orgs.Union", verbose_name=_("importing union"), on_delete=models.PROTECT,
                              related_name="+")
    channel = models.CharField(_("collected by"), max_length=10, choices=Channel.choices[:2], default=Channel.TAX)
    month = models.DateField(_("month"), help_text=_("first day of the month the wages were paid"))
    file_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64, editable=False)
    declared_rows = models.PositiveIntegerField(_("rows declared"), null=True, blank=True)
    declared_paid_fen = models.BigIntegerField(_("total paid declared (fen)"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    wage_total_fen = models.BigIntegerField(_("wage bill (fen)"), default=0)
    due_total_fen = models.BigIntegerField(_("due (fen)"), default=0)
    paid_total_fen = models.BigIntegerField(_("paid (fen)"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    task = models.ForeignKey("core.TaskRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("collection statement")
        verbose_name_plural = _("collection statements")
        ordering = ["-month", "-id"]
        permissions = [("import_statement", _("Can import a collection statement"))]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.file_name}"


class Contribution(ScopedModel):
    """What one employer owes and paid for one month: 2% of its wage bill (工会法 art. 43), or the
    same share as 筹备金 while it has no union (held by the county until one is founded).

    `union` is the union the row belongs to: the employer's own union, else the county
    federation that holds its 筹备金."""

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("contribution (2%)")
        PREPARATORY = "preparatory", _("preparatory fund (no union yet)")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer"), on_delete=models.PROTECT,
                                 related_name="contributions")
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CONTRIBUTION)
    channel = models.CharField(_("collected by"), max_length=10, choices=Channel.choices)
    statement = models.ForeignKey(Statement, verbose_name=_("statement"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="contributions")
    wage_bill_fen = models.BigIntegerField(_("wage bill (fen)"))
    due_fen = models.BigIntegerField(_("due (fen)"))
    paid_fen = models.BigIntegerField(_("paid (fen)"), default=0)
    due_on = models.DateField(_("due on"))
    received_on = models.DateField(_("arrived on"), null=True, blank=True)
    late_days = models.PositiveIntegerField(_("days late"), default=0)
    late_fee_fen = models.BigIntegerField(_("late fee (fen)"), default=0)
    late_fee_rule = models.CharField(_("late-fee rule applied"), max_length=300, blank=True)
    notified_at = models.DateTimeField(_("arrears notice sent at"), null=True, blank=True)
    refunded_to = models.ForeignKey("orgs.Union", verbose_name=_("preparatory fund refunded to"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-month", "employer_id"]
        constraints = [models.UniqueConstraint(fields=["employer", "month"], name="funds_contribution_once")]
        indexes = [models.Index(fields=["month", "union"])]

    def __str__(self):
        return f"{self.employer} {self.month:%Y-%m}"

    @property
    def owed_fen(self):
        return max(self.due_fen - self.paid_fen, 0)


class LedgerEntry(ScopedModel):
    """One level's part of a receipt (or of a refund, negative where money leaves a level).

    `union` is the union credited: the level's own union where the tree holds it; the province's
    and the ACFTU's parts stay on the topmost federation of the tree, which remits them, with
    `level` saying whose they are."""

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("contribution")
        PREPARATORY = "preparatory", _("preparatory fund")
        PREPARATORY_REFUND = "prep_refund", _("preparatory fund handed to the new union")
        SMALL_FIRM_REFUND = "refund", _("small-firm refund")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    contribution = models.ForeignKey(Contribution, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="entries")
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer"), on_delete=models.PROTECT,
                                 related_name="+")
    month = models.DateField(_("month"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CONTRIBUTION)
    amount_fen = models.BigIntegerField(_("amount (fen)"))

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-month", "id"]
        indexes = [models.Index(fields=["union", "month"]), models.Index(fields=["employer", "month"])]

    def __str__(self):
        return f"{self.get_level_display()} {self.amount_fen}"


class MemberDues(ScopedModel):
    """One member's 会费 for one month: 0.5% of the wage base (the wage's part under 10 yuan not
    counted), and whether it was paid."""

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="dues")
    month = models.DateField(_("month"))
    wage_fen = models.BigIntegerField(_("wage base (fen)"))
    dues_fen = models.BigIntegerField(_("dues (fen)"))
    rule = models.CharField(_("rule applied"), max_length=300, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("member dues")
        verbose_name_plural = _("member dues")
        ordering = ["-month", "member_id"]
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="funds_dues_once")]

    def __str__(self):
        return f"{self.member} {self.month:%Y-%m}"


class RefundBatch(ScopedModel):
    """A county's transfer batch of approved small-firm refunds, as the bank receives it."""

    class State(models.TextChoices):
        OPEN = "open", _("waiting for the bank")
        PAID = "paid", _("paid")

    union = models.ForeignKey("orgs.Union", verbose_name=_("paying union"), on_delete=models.PROTECT,
                              related_name="+")
    number = models.CharField(_("batch number"), max_length=30, unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    total_fen = models.BigIntegerField(_("total (fen)"), default=0)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("refund batch")
        verbose_name_plural = _("refund batches")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.number


class Refund(ScopedModel):
    """One small firm's refund for one year: applied by its union or listed by the county,
    checked against what arrived, approved by a second person, paid through a batch."""

    class State(models.TextChoices):
        APPLIED = "applied", _("applied")
        CHECKED = "checked", _("checked")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")
        PAID = "paid", _("paid")

    union = models.ForeignKey("orgs.Union", verbose_name=_("county federation"), on_delete=models.PROTECT,
                              related_name="+")
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer"), on_delete=models.PROTECT,
                                 related_name="small_firm_refunds")
    payee = models.ForeignKey("orgs.Union", verbose_name=_("receiving union"), on_delete=models.PROTECT,
                              related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    staff = models.PositiveIntegerField(_("staff"))
    paid_fen = models.BigIntegerField(_("paid in the year (fen)"))
    refund_fen = models.BigIntegerField(_("refund (fen)"))
    rule = models.CharField(_("threshold applied"), max_length=400)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.APPLIED)
    listed_by_county = models.BooleanField(_("listed by the county"), default=False)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=300, blank=True)
    batch = models.ForeignKey(RefundBatch, verbose_name=_("batch"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="refunds")
    # the receiving union's account, entered once per refund (by the applying union or the county)
    account_holder = models.CharField(_("account holder"), max_length=60, blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account = SealedField(_("bank account"), kind="bank", null=True, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("small-firm refund")
        verbose_name_plural = _("small-firm refunds")
        ordering = ["-year", "employer_id"]
        constraints = [models.UniqueConstraint(fields=["employer", "year"], name="funds_refund_once")]

    audit_exclude = ("bank_account",)

    def __str__(self):
        return f"{self.employer} {self.year}"


class Pairing(ScopedModel):
    """双联: a county staff member paired with a small firm, to visit it and help it found a union
    and apply for the refund."""

    union = models.ForeignKey("orgs.Union", verbose_name=_("county federation"), on_delete=models.PROTECT,
                              related_name="+")
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer"), on_delete=models.PROTECT,
                                 related_name="pairings")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("paired staff"), on_delete=models.PROTECT,
                              related_name="+")
    since = models.DateField(_("paired since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("pairing (双联)")
        verbose_name_plural = _("pairings (双联)")
        ordering = ["union__path", "employer__name"]
        constraints = [models.UniqueConstraint(fields=["employer", "staff"], name="funds_pairing_once")]

    def __str__(self):
        return f"{self.employer} – {self.staff}"


class PairingVisit(ScopedModel):
    class Outcome(models.TextChoices):
        VISITED = "visited", _("visited, nothing decided")
        PREPARING = "preparing", _("preparing to found a union")
        FOUNDED = "founded", _("union founded")
        APPLIED = "applied", _("refund applied for")
        HELPED = "helped", _("difficulty solved")

    scope_path = "pairing__union__path"

    pairing = models.ForeignKey(Pairing, verbose_name=_("pairing"), on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("pairing visit")
        verbose_name_plural = _("pairing visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self):
        return f"{self.pairing} {self.visited_on}"

    def scope_union(self):
        return self.pairing.union
