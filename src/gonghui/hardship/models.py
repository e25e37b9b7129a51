"""Hardship files (困难职工档案, 建档立卡): a worker's household, its income and its causes of
hardship, the category that follows from the 低保 standard, and the file's way through review,
公示 and the years.

A file belongs to one year. Next year's re-check (年审) makes a new version that points to the
one before (``previous``) and says how the household came in: 存量 (carried over), 增量 (new)
or 返困 (back after an exit). Amounts are integer fen.

Health, disability, income and bank details are sensitive: pages and the API show them only to
holders of ``hardship.read_details_hardshipfile`` in scope (the rights & assistance department),
every such read is audited, and lists mask them. The bank account, ID numbers and health notes
are sealed (SM4) in the database.
"""


from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel
from gonghui.core.fields import SealedField
from gonghui.core.models import Code
from gonghui.core.uploads import Attachment


class Category(models.TextChoices):
    DEEP = "deep", _("deep hardship")  # 深度困难
    RELATIVE = "relative", _("relative hardship")  # 相对困难
    ACCIDENT = "accident", _("hardship from an accident")  # 意外致困
    NONE = "none", _("not in hardship")


class Intake(models.TextChoices):
    STOCK = "stock", _("carried over")  # 存量
    NEW = "new", _("new this year")  # 增量
    RETURNED = "returned", _("returned to hardship")  # 返困


class DibaoStandard(models.Model):
    """The 低保 standard of one division for one year, yuan per person per month (as fen).

    A file uses the standard of its union's division, or of the nearest division above it
    that has one for the file's year."""

    region = models.ForeignKey("orgs.Region", verbose_name=_("division"), on_delete=models.PROTECT,
                               related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    monthly_fen = models.PositiveIntegerField(_("低保 standard (fen per person per month)"))
    note = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("低保 standard")
        verbose_name_plural = _("低保 standards")
        ordering = ["-year", "region"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="dibao_one_per_region_year")]

    def __str__(self):
        return f"{self.region} {self.year}"


class HardshipPolicy(models.Model):
    """The year's exit rule an operator may change; a year without a row uses the default.
    The 相对困难 multiple, the 意外致困 share and the days of 公示 are rulebook values
    (gonghui.rules: hardship.relative_multiple, hardship.accident_share, hardship.publicity_days)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    exit_months = models.PositiveSmallIntegerField(_("months above 低保 before exit"), default=6)

    class Meta:
        verbose_name = _("hardship policy")
        verbose_name_plural = _("hardship policies")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    @classmethod
    def for_year(cls, year):
        return cls.objects.filter(year=year).first() or cls(year=year)


class HardshipFile(ScopedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("under review")
        PUBLICITY = "publicity", _("公示")
        ACTIVE = "active", _("active")
        REJECTED = "rejected", _("rejected")
        EXITED = "exited", _("exited")

    class Stage(models.TextChoices):
        """Who reviews next while the file is under review."""
        GRASSROOTS = "grassroots", _("grassroots union")
        COUNTY = "county", _("township or county federation")
        CITY = "city", _("city federation")

    class ExitKind(models.TextChoices):
        RELIEVED = "relieved", _("解困 (hardship relieved)")
        LIFTED = "lifted", _("脱困 (out of hardship)")

    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="hardship_files")
    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    intake = models.CharField(_("intake"), max_length=10, choices=Intake.choices, default=Intake.NEW)
    previous = models.OneToOneField("self", verbose_name=_("previous year's file"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="next_version")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    stage = models.CharField(_("review stage"), max_length=12, choices=Stage.choices, blank=True)

    # Inputs of the category (sensitive: income).
    household_size = models.PositiveSmallIntegerField(_("household size"))
    annual_income_fen = models.BigIntegerField(_("household annual income (fen)"))
    necessary_spending_fen = models.BigIntegerField(_("necessary annual spending (fen)"), default=0)
    accident_costs_fen = models.BigIntegerField(_("accident or disaster costs (fen)"), default=0)
    main_cause = models.ForeignKey(Code, verbose_name=_("main cause"), on_delete=models.PROTECT,
                                   limit_choices_to={"table": "hardship_cause"}, related_name="+")
    secondary_causes = models.JSONField(_("other causes"), default=list, blank=True)  # up to three codes
    housing = models.ForeignKey(Code, verbose_name=_("housing"), on_delete=models.PROTECT, null=True, blank=True,
                                limit_choices_to={"table": "housing"}, related_name="+")
    housing_note = models.CharField(_("housing details"), max_length=200, blank=True)
    health = SealedField(_("health"), kind="health", null=True, blank=True)
    disability = SealedField(_("disability"), kind="health", null=True, blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account = SealedField(_("bank account"), kind="bank", null=True, blank=True)
    account_holder = models.CharField(_("account holder"), max_length=60, blank=True)

    # The result, kept with the standard and the rules it was computed from.
    dibao_monthly_fen = models.PositiveIntegerField(_("低保 standard applied (fen per person per month)"),
                                                    null=True)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices, default=Category.NONE)
    explanation = models.TextField(_("how the category was found"), blank=True)

    publicity_from = models.DateField(_("公示 from"), null=True, blank=True)
    publicity_until = models.DateField(_("公示 until"), null=True, blank=True)
    activated_on = models.DateField(_("active since"), null=True, blank=True)
    review_due = models.DateField(_("yearly re-check due"), null=True, blank=True)
    exit_kind = models.CharField(_("exit"), max_length=10, choices=ExitKind.choices, blank=True)
    exit_reason = models.CharField(_("reason for exit"), max_length=300, blank=True)
    exited_on = models.DateField(_("exited on"), null=True, blank=True)
    # Set when monthly incomes stayed above 低保 for the policy's exit months (see services).
    exit_suggested = models.BooleanField(_("exit suggested"), default=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    # Fields only the rights department reads; audit entries never carry their values.
    SENSITIVE = ("annual_income_fen", "necessary_spending_fen", "accident_costs_fen", "health", "disability",
                 "bank_name", "bank_account", "account_holder", "dibao_monthly_fen", "explanation")
    audit_exclude = (*SENSITIVE, "updated_at")

    class Meta:
        verbose_name = _("hardship file")
        verbose_name_plural = _("hardship files")
        ordering = ["-year", "union", "-created_at"]
        permissions = [("read_details_hardshipfile",
                        _("Can read health, disability, income and bank details of hardship files"))]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="hardship_one_file_per_member_year"),
            models.CheckConstraint(condition=models.Q(household_size__gte=1), name="hardship_household_size_min"),
            models.CheckConstraint(condition=models.Q(annual_income_fen__gte=0, necessary_spending_fen__gte=0,
                                                      accident_costs_fen__gte=0),
                                   name="hardship_amounts_not_negative"),
        ]
        indexes = [models.Index(fields=["year", "state", "category"], name="hardship_year_state_idx")]

    def __str__(self):
        return f"{self.member.name} {self.year}"

    @property
    def secondary_cause_names(self):
        names = dict(Code.objects.filter(table="hardship_cause", code__in=self.secondary_causes)
                     .values_list("code", "name"))
        return [names.get(c, c) for c in self.secondary_causes]


class Relation(models.TextChoices):
    SELF = "self", _("the worker")
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    SIBLING = "sibling", _("sibling")
    GRANDCHILD = "grandchild", _("grandchild")
    OTHER = "other", _("other relative")


class HouseholdMember(models.Model):
    """One person of the file's household; reached only through the file (its scope decides)."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="household")
    name = models.CharField(_("name"), max_length=60)
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    id_number = SealedField(_("ID number"), kind="id", null=True, blank=True)
    health = SealedField(_("health"), kind="health", null=True, blank=True)
    annual_income_fen = models.BigIntegerField(_("annual income (fen)"), default=0)
    school_or_employer = models.CharField(_("school or employer"), max_length=120, blank=True)

    audit_exclude = ("id_number", "health", "annual_income_fen")

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["file", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(annual_income_fen__gte=0),
                                              name="hardship_household_income_not_negative")]

    def __str__(self):
        return self.name


class Review(models.Model):
    """One step of a file's way: submitted, reviewed at a stage, objection decided, exit, re-check."""

    class Decision(models.TextChoices):
        SUBMIT = "submit", _("submitted")
        APPROVE = "approve", _("approved")
        RETURN = "return", _("sent back")
        REJECT = "reject", _("rejected")
        ACTIVATE = "activate", _("active after 公示")
        EXIT = "exit", _("exited")

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField(_("review stage"), max_length=12, choices=HardshipFile.Stage.choices, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    opinion = models.TextField(_("opinion"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["file", "at", "id"]

    def __str__(self):
        return f"{self.file} {self.get_decision_display()}"


class Objection(models.Model):
    """An objection raised during 公示, and what the reviewers decided about it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("pending")
        UPHELD_REJECT = "upheld_reject", _("upheld: file rejected")
        UPHELD_RETURN = "upheld_return", _("upheld: file sent back")
        DISMISSED = "dismissed", _("dismissed")

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="objections")
    raised_by = models.CharField(_("raised by"), max_length=60, blank=True)
    content = models.TextField(_("objection"))
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, default=Outcome.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["file", "recorded_at", "id"]

    def __str__(self):
        return f"{self.file} {self.get_outcome_display()}"


class MonthlyIncome(models.Model):
    """The household's per-person income of one month, for the exit rule."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="monthly_incomes")
    month = models.DateField(_("month"))  # the first day of the month
    per_capita_fen = models.BigIntegerField(_("income per person (fen)"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("monthly income")
        verbose_name_plural = _("monthly incomes")
        ordering = ["file", "-month"]
        constraints = [models.UniqueConstraint(fields=["file", "month"], name="hardship_income_one_per_month"),
                       models.CheckConstraint(condition=models.Q(per_capita_fen__gte=0),
                                              name="hardship_income_not_negative")]

    def __str__(self):
        return f"{self.file} {self.month:%Y-%m}"


class HardshipAttachment(Attachment):
    class Kind(models.TextChoices):
        DIAGNOSIS = "diagnosis", _("diagnosis")
        CERTIFICATE = "certificate", _("certificate")
        SIGNED_FORM = "signed_form", _("signed form")
        OTHER = "other", _("other")

    hardship_file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["hardship_file", "uploaded_at"]
