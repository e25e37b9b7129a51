"""Assistance programmes (送温暖, 金秋助学, 劳模补助 …): who may get what, from which budget, and
how the money reaches them — application, review, 公示, payment batch, bank file, result.

A programme runs for one period (a campaign repeated next season is a new programme), so "not
paid twice by one programme in one period" is one row per member and programme, held by
partial unique constraints on live applications and on pending or paid payment lines.

Budgets are rows per union: the owner's budget and the parts split to unions below it. A part
is drawn from the budget above it, and an approval draws on the nearest budget at or above the
applicant's union, both with one conditional UPDATE (``committed + x <= amount``), so two
clerks approving at the same moment cannot overspend; a CheckConstraint holds the same line in
the database. Amounts are integer fen.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel, scope
from gonghui.core.fields import SealedField
from gonghui.core.uploads import Attachment


def default_publicity_days():
    """A new programme's days of 公示: the rulebook's assistance.publicity_days (the programme may
    set its own)."""
    from gonghui.rules import rulebook

    return rulebook.value("assistance.publicity_days").value

class ProgrammeKind(models.TextChoices):
    WINTER_WARMTH = "winter_warmth", _("Winter warmth")  # 送温暖
    STUDENT_AID = "student_aid", _("Golden autumn student aid")  # 金秋助学
    SUMMER_COOLING = "summer_cooling", _("Summer cooling")  # 夏送清凉
    SPRING_JOBS = "spring_jobs", _("Spring jobs")  # 春送岗位
    JOURNEY_HOME = "journey_home", _("Warm journey home")  # 温暖回家路
    SERIOUS_ILLNESS = "serious_illness", _("Serious illness relief")  # 大病救助
    MODEL_WORKER = "model_worker", _("Model worker subsidy")  # 劳模补助
    CONDOLENCE = "condolence", _("Condolence visits")  # 慰问
    TRAINING = "training", _("Skills training")  # 职工技能培训


class SchoolLevel(models.TextChoices):
    """金秋助学 pays by the level of school the child enters."""
    POSTGRADUATE = "postgraduate", _("postgraduate")
    UNDERGRADUATE = "undergraduate", _("undergraduate")  # 本科
    JUNIOR_COLLEGE = "junior_college", _("junior college")  # 专科
    HIGH_SCHOOL = "high_school", _("senior high school")  # 高中
    VOCATIONAL = "vocational", _("secondary vocational school")  # 中职


class AttachmentKind(models.TextChoices):
    ADMISSION = "admission", _("admission notice")  # 录取通知书
    HARDSHIP_PROOF = "hardship_proof", _("proof of hardship")
    DIAGNOSIS = "diagnosis", _("diagnosis")
    ID_CARD = "id_card", _("identity card")
    MODEL_WORKER = "model_worker", _("model worker certificate")
    TICKET = "ticket", _("ticket or receipt")
    OTHER = "other", _("other")


HARDSHIP_CATEGORIES = [("deep", _("deep hardship")), ("relative", _("relative hardship")),
                       ("accident", _("hardship from an accident"))]


class Programme(ScopedModel):
    """A campaign run by a federation (`owner`) for every union below it."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    owner = models.ForeignKey("orgs.Union", verbose_name=_("run by"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=40, blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    # Who may get it: a member qualifies by matching any group ticked here.
    any_member = models.BooleanField(_("any member in good standing"), default=False)
    hardship_categories = models.JSONField(_("hardship categories"), default=list, blank=True)
    model_workers = models.BooleanField(_("model workers"), default=False)
    gig_workers = models.BooleanField(_("gig workers"), default=False)
    migrant_workers = models.BooleanField(_("migrant workers"), default=False)
    default_amount_fen = models.PositiveIntegerField(_("standard amount (fen)"), default=0)
    per_person_limit_fen = models.PositiveIntegerField(_("per-person limit (fen)"), null=True, blank=True)
    required_attachments = models.JSONField(_("required attachments"), default=list, blank=True)
    publicity_days = models.PositiveSmallIntegerField(_("days of publicity"), default=default_publicity_days)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    scope_path = "owner__path"
    seen_from_below = True  # staff apply for their members to the programmes run above them

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-year", "-opens_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="programme_period_order"),
        ]

    def __str__(self):
        return self.name

    def scope_union(self):
        return self.owner

    def is_open(self, on=None):
        on = on or timezone.localdate()
        return self.state == self.State.OPEN and self.opens_on <= on <= self.closes_on

    @property
    def uses_school_level(self):
        return any(r.school_level for r in self.amount_rules.all())


class AmountRule(models.Model):
    """The amount a case gets (the most specific matching rule wins; an empty field matches any).
    E.g. 金秋助学: undergraduate with a hardship file 5,000 元, without 3,000 元."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="amount_rules")
    school_level = models.CharField(_("school level"), max_length=20, choices=SchoolLevel.choices, blank=True)
    with_hardship_file = models.BooleanField(_("family has an active hardship file"), null=True, blank=True)
    amount_fen = models.PositiveIntegerField(_("amount (fen)"))

    class Meta:
        verbose_name = _("amount rule")
        verbose_name_plural = _("amount rules")
        ordering = ["programme", "school_level", "with_hardship_file"]
        constraints = [models.UniqueConstraint(fields=["programme", "school_level", "with_hardship_file"],
                                               name="amount_rule_unique_case")]

    def __str__(self):
        return f"{self.programme_id} {self.school_level or '*'} {self.with_hardship_file} {self.amount_fen}"

    def matches(self, school_level, with_file):
        return ((not self.school_level or self.school_level == school_level)
                and (self.with_hardship_file is None or self.with_hardship_file == with_file))

    @property
    def specificity(self):
        return (bool(self.school_level), self.with_hardship_file is not None)


class ProgrammeBudget(ScopedModel):
    """The part of a programme's money a union spends for its subtree."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE,
                                  related_name="budgets")
    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", verbose_name=_("drawn from"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="parts")
    amount_fen = models.BigIntegerField(_("budget (fen)"))
    committed_fen = models.BigIntegerField(_("committed (fen)"), default=0)

    class Meta:
        verbose_name = _("programme budget")
        verbose_name_plural = _("programme budgets")
        ordering = ["programme", "union__path"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "union"], name="budget_one_per_union"),
            # The last line of defence behind the conditional UPDATE in services.draw.
            models.CheckConstraint(condition=Q(committed_fen__gte=0, committed_fen__lte=models.F("amount_fen")),
                                   name="budget_never_exceeded"),
        ]

    def __str__(self):
        return f"{self.programme} · {self.union}"

    @property
    def available_fen(self):
        return self.amount_fen - self.committed_fen


class AssistancePolicy(models.Model):
    """A year's cap on what one member receives across programmes: above it, an application is
    flagged for review (not refused). A year without a row uses the rulebook's
    assistance.yearly_cap_fen."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    yearly_cap_fen = models.PositiveIntegerField(_("yearly cap per member (fen)"))

    class Meta:
        verbose_name = _("assistance policy")
        verbose_name_plural = _("assistance policies")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    @classmethod
    def cap_for(cls, year):
        return cls.cap_and_source(year)[0]

    @classmethod
    def cap_and_source(cls, year):
        """(cap in fen, where it comes from): the year's row, else the rulebook value."""
        row = cls.objects.filter(year=year).first()
        if row:
            return row.yearly_cap_fen, _("assistance policy of %(year)s") % {"year": year}
        import datetime

        from django.utils import timezone

        from gonghui.rules import rulebook

        today = timezone.localdate()
        on = today if today.year == year else datetime.date(year, 12, 31)
        ruling = rulebook.value("assistance.yearly_cap_fen", on=on)
        return ruling.value, ruling.source


class AssistanceApplication(ScopedModel):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        PUBLICITY = "publicity", _("in publicity")
        BATCHED = "batched", _("in a payment batch")
        PAID = "paid", _("paid")
        FAILED = "failed", _("payment failed")

    LIVE = (State.SUBMITTED, State.APPROVED, State.PUBLICITY, State.BATCHED, State.PAID, State.FAILED)

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="applications")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="assistance_applications")
    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    budget = models.ForeignKey(ProgrammeBudget, verbose_name=_("budget"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="applications")
    year = models.PositiveSmallIntegerField(_("year"))
    amount_fen = models.PositiveIntegerField(_("amount (fen)"))
    school_level = models.CharField(_("school level"), max_length=20, choices=SchoolLevel.choices, blank=True)
    student_name = models.CharField(_("student"), max_length=60, blank=True)
    with_hardship_file = models.BooleanField(_("family has an active hardship file"), default=False)
    hardship_category = models.CharField(_("hardship category"), max_length=10, blank=True)
    reason = models.CharField(_("reason for the application"), max_length=500, blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account = SealedField(_("bank account"), kind="bank", null=True, blank=True)
    account_holder = models.CharField(_("account holder"), max_length=60, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    by_member = models.BooleanField(_("applied by the member"), default=False)
    over_yearly_cap = models.BooleanField(_("above the yearly cap"), default=False)
    cap_note = models.CharField(_("yearly cap note"), max_length=200, blank=True)
    opinion = models.CharField(_("review opinion"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    publicity_from = models.DateField(_("publicity from"), null=True, blank=True)
    publicity_until = models.DateField(_("publicity until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("applied at"), default=timezone.now)

    audit_exclude = ("bank_account",)

    class Meta:
        verbose_name = _("assistance application")
        verbose_name_plural = _("assistance applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live application per member and programme (a programme is one period).
            models.UniqueConstraint(fields=["programme", "member"], condition=~Q(state="rejected"),
                                    name="application_one_live_per_member"),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="application_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["year", "state"], name="application_year_state_idx")]

    def __str__(self):
        return f"{self.member.name} · {self.programme.name}"

    @classmethod
    def scope_q(cls, user, perm):
        """Staff by the union tree; a member their own applications (view only)."""
        s = scope(user, perm)
        q = s.q("union__path")  # an empty Q() when the scope is everything: OR-ing to it would narrow it
        if perm.endswith(".view_assistanceapplication") and user.is_authenticated and not s.everything:
            q |= Q(member__user=user)
        return q


class ApplicationAttachment(Attachment):
    application = models.ForeignKey(AssistanceApplication, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class BankFileLayout(models.Model):
    """The columns of a bank payment file: (header, field) pairs. A union's layout serves its
    subtree; the layout without a union is the default."""

    FIELDS = {
        "reference": _("line reference"),
        "payee_name": _("payee"),
        "bank_name": _("bank"),
        "bank_account": _("bank account"),
        "amount_yuan": _("amount (yuan)"),
        "amount_fen": _("amount (fen)"),
        "member_number": _("member number"),
        "union": _("union"),
        "programme": _("programme"),
        "purpose": _("purpose"),
    }
    DEFAULT_COLUMNS = [["序号", "reference"], ["收款人姓名", "payee_name"], ["收款账号", "bank_account"],
                       ["开户行", "bank_name"], ["金额（元）", "amount_yuan"], ["用途", "purpose"]]

    union = models.OneToOneField("orgs.Union", verbose_name=_("union"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    columns = models.JSONField(_("columns"), default=list)

    class Meta:
        verbose_name = _("bank file layout")
        verbose_name_plural = _("bank file layouts")

    def __str__(self):
        return self.name


class PaymentBatch(ScopedModel):
    class State(models.TextChoices):
        OPEN = "open", _("waiting for the bank")
        DONE = "done", _("result recorded")

    number = models.CharField(_("batch number"), max_length=30, unique=True)
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="batches")
    union = models.ForeignKey("orgs.Union", verbose_name=_("paying union"), on_delete=models.PROTECT,
                              related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    reissue_of = models.ForeignKey("self", verbose_name=_("re-issue of"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="reissues")
    total_fen = models.BigIntegerField(_("total (fen)"), default=0)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    result_at = models.DateTimeField(_("result recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.number


class PaymentLine(models.Model):
    """One transfer in a batch; payee and account are copied from the application when the
    batch is made, so a later correction never changes what was sent to the bank."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        PAID = "paid", _("paid")
        FAILED = "failed", _("failed")

    batch = models.ForeignKey(PaymentBatch, on_delete=models.CASCADE, related_name="lines")
    application = models.ForeignKey(AssistanceApplication, on_delete=models.PROTECT, related_name="lines")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("line reference"), max_length=40, unique=True)
    amount_fen = models.PositiveIntegerField(_("amount (fen)"))
    payee_name = models.CharField(_("payee"), max_length=60)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account = SealedField(_("bank account"), kind="bank")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    failure_reason = models.CharField(_("failure reason"), max_length=200, blank=True)
    reissued_from = models.OneToOneField("self", verbose_name=_("re-issue of"), null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="reissued_as")
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)

    audit_exclude = ("bank_account",)

    class Meta:
        verbose_name = _("payment line")
        verbose_name_plural = _("payment lines")
        ordering = ["batch", "id"]
        constraints = [
            # Never paid twice by one programme (one programme is one period): at most one line
            # per member and programme that is waiting or paid; a failed line may be re-issued.
            models.UniqueConstraint(fields=["programme", "member"], condition=Q(state__in=["pending", "paid"]),
                                    name="payment_once_per_programme"),
        ]

    def __str__(self):
        return self.reference


class Visit(ScopedModel):
    """A condolence visit (慰问) to an enterprise or a household: money and goods, who went."""

    class Target(models.TextChoices):
        ENTERPRISE = "enterprise", _("enterprise")
        HOUSEHOLD = "household", _("household")

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="visits")
    union = models.ForeignKey("orgs.Union", verbose_name=_("visiting union"), on_delete=models.PROTECT,
                              related_name="+")
    budget = models.ForeignKey(ProgrammeBudget, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="visits")
    target = models.CharField(_("visited"), max_length=12, choices=Target.choices)
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("enterprise"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    visited_name = models.CharField(_("enterprise or household"), max_length=120)
    visited_on = models.DateField(_("date"))
    amount_fen = models.PositiveIntegerField(_("money given (fen)"), default=0)
    goods = models.CharField(_("goods"), max_length=200, blank=True)
    goods_value_fen = models.PositiveIntegerField(_("value of goods (fen)"), default=0)
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("condolence visit")
        verbose_name_plural = _("condolence visits")
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target="enterprise", member__isnull=True) | Q(target="household", employer__isnull=True)),
                name="visit_target_consistent"),
        ]

    def __str__(self):
        return f"{self.visited_name} {self.visited_on}"


class VisitPhoto(Attachment):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")
