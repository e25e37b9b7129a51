"""Construction plans for service positions and 以奖代补 (award subsidies).

A plan is a target a union sets itself for one kind of position over a span of years (seed
003: 吉水县 plans 18 township 职工之家 in 3 years, 13 done). Its progress is never stored: it is
counted from the positions actually registered (``queries.plan_progress``), so it cannot drift.

A subsidy programme is a federation's money for one year (seed 003: 吉安 paid 1,236 万元 in
2022). A union applies for a position in its subtree; the union above it inspects the position
(the kind's facilities checklist, photos, a score, the award it proposes) and
approves the amount. The approval commits
the amount on the programme in one conditional UPDATE (``committed + x <= budget``), so two
approvals at the same moment cannot overspend, and a CheckConstraint holds the same line in the
database. Amounts are integer fen.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel
from gonghui.core.uploads import Attachment


class PositionPlan(ScopedModel):
    """A union's target: `target` positions of `kind` built in its subtree from `start_year`
    to `end_year` (both included)."""

    union = models.ForeignKey("orgs.Union", verbose_name=_("planning union"), on_delete=models.PROTECT,
                              related_name="+")
    kind = models.ForeignKey("positions.PositionKind", verbose_name=_("kind of position"),
                             on_delete=models.PROTECT, related_name="+")
    target = models.PositiveIntegerField(_("target count"))
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("construction plan")
        verbose_name_plural = _("construction plans")
        ordering = ["-start_year", "union__path", "kind__sort"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="plan_years_in_order"),
            models.CheckConstraint(condition=Q(target__gte=1), name="plan_target_positive"),
        ]

    def __str__(self):
        return f"{self.union} · {self.kind} {self.start_year}–{self.end_year}"


class SubsidyProgramme(ScopedModel):
    """A federation's 以奖代补 money for one year, for positions in its subtree."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    owner = models.ForeignKey("orgs.Union", verbose_name=_("run by"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    budget_fen = models.BigIntegerField(_("budget (fen)"))
    committed_fen = models.BigIntegerField(_("committed (fen)"), default=0)
    pass_score = models.PositiveSmallIntegerField(_("lowest passing score"), default=60)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    scope_path = "owner__path"
    seen_from_below = True  # the unions below apply to it

    class Meta:
        verbose_name = _("award subsidy programme")
        verbose_name_plural = _("award subsidy programmes")
        ordering = ["-year", "owner__path", "name"]
        constraints = [
            # The last line of defence behind the conditional UPDATE in services.draw.
            models.CheckConstraint(condition=Q(committed_fen__gte=0, committed_fen__lte=models.F("budget_fen")),
                                   name="subsidy_budget_never_exceeded"),
            models.CheckConstraint(condition=Q(pass_score__lte=100), name="subsidy_pass_score_range"),
        ]

    def __str__(self):
        return self.name

    def scope_union(self):
        return self.owner

    @property
    def available_fen(self):
        return self.budget_fen - self.committed_fen


class KindCap(models.Model):
    """The most one position of a kind may be awarded by a programme."""

    programme = models.ForeignKey(SubsidyProgramme, on_delete=models.CASCADE, related_name="caps")
    kind = models.ForeignKey("positions.PositionKind", verbose_name=_("kind of position"), on_delete=models.PROTECT,
                             related_name="+")
    max_award_fen = models.BigIntegerField(_("most awarded per position (fen)"))

    class Meta:
        verbose_name = _("award cap")
        verbose_name_plural = _("award caps")
        ordering = ["programme", "kind__sort"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="subsidy_cap_one_per_kind"),
            models.CheckConstraint(condition=Q(max_award_fen__gt=0), name="subsidy_cap_positive"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.max_award_fen}"


class AwardSubsidy(ScopedModel):
    """One union's application for one position, its inspection, approval and payment."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        INSPECTED = "inspected", _("inspected")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        PAID = "paid", _("paid")

    programme = models.ForeignKey(SubsidyProgramme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="subsidies")
    position = models.ForeignKey("positions.Position", verbose_name=_("service position"), on_delete=models.PROTECT,
                                 related_name="award_subsidies")
    union = models.ForeignKey("orgs.Union", verbose_name=_("applying union"), on_delete=models.PROTECT,
                              related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    requested_fen = models.BigIntegerField(_("amount requested (fen)"))
    statement = models.TextField(_("statement"), max_length=2000)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    # The inspection: {facility code: true/false} over the kind's standard, a score and a comment.
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    proposed_fen = models.BigIntegerField(_("award proposed (fen)"), null=True, blank=True)
    inspection_comment = models.CharField(_("inspection comment"), max_length=500, blank=True)
    inspected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    inspected_at = models.DateTimeField(_("inspected at"), null=True, blank=True)
    approved_fen = models.BigIntegerField(_("amount approved (fen)"), null=True, blank=True)
    opinion = models.CharField(_("review opinion"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    voucher_no = models.CharField(_("voucher number"), max_length=40, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("applied at"), default=timezone.now)

    LIVE = (State.SUBMITTED, State.INSPECTED, State.APPROVED, State.PAID)
    DRAWN = (State.APPROVED, State.PAID)  # what has committed its amount on the programme

    class Meta:
        verbose_name = _("award subsidy")
        verbose_name_plural = _("award subsidies")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live application per position and programme (a rejected one may be made again).
            models.UniqueConstraint(fields=["programme", "position"], condition=~Q(state="rejected"),
                                    name="subsidy_one_live_per_position"),
            models.CheckConstraint(condition=Q(requested_fen__gt=0), name="subsidy_requested_positive"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__lte=100), name="subsidy_score_range"),
            models.CheckConstraint(condition=Q(proposed_fen__isnull=True) | Q(proposed_fen__gt=0),
                                   name="subsidy_proposed_positive"),
            models.CheckConstraint(condition=Q(approved_fen__isnull=True) | Q(approved_fen__gt=0),
                                   name="subsidy_approved_positive"),
        ]
        indexes = [models.Index(fields=["year", "state"], name="subsidy_year_state_idx")]
        # The steps after applying, each held by the union above the applicant.
        permissions = [
            ("inspect_awardsubsidy", _("Can inspect award subsidy positions")),
            ("approve_awardsubsidy", _("Can approve or reject award subsidies")),
            ("pay_awardsubsidy", _("Can record award subsidy payments")),
        ]

    def __str__(self):
        return f"{self.position} · {self.programme}"


class SubsidyAttachment(Attachment):
    """A file of the application (plans, invoices, photos) or a photo taken at the inspection."""

    class Stage(models.TextChoices):
        APPLICATION = "application", _("application")
        INSPECTION = "inspection", _("inspection")

    subsidy = models.ForeignKey(AwardSubsidy, on_delete=models.CASCADE, related_name="attachments")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.APPLICATION)

    class Meta:
        verbose_name = _("subsidy attachment")
        verbose_name_plural = _("subsidy attachments")
        ordering = ["subsidy", "id"]
