"""六有六规范: the yearly assessment of grassroots unions (seed 003, 吉安).

A union founded less than five years ago is assessed against the six haves (六有), an older
one against the six norms (六规范); the criteria of each set are data an operator edits per
year (``Criterion``, in the admin at /ops/). The union scores itself item by item with
evidence; the union above it reviews each item, may set rectification tasks with deadlines,
and closes the review as passed, in rectification or failed. Federations designate showcase
unions (示范点) and publish the list. Members rate their union's work in a short survey on
their phone; its average is shown beside the self score of the satisfaction item.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel
from gonghui.core.uploads import Attachment


class CriteriaSet(models.TextChoices):
    HAVES = "haves", _("six haves (unions founded under 5 years ago)")
    NORMS = "norms", _("six norms (unions founded 5 years ago or more)")


class Criterion(models.Model):
    """One item of a year's set, with its most points and the guidance the assessors follow."""

    year = models.PositiveSmallIntegerField(_("year"))
    criteria_set = models.CharField(_("criteria set"), max_length=10, choices=CriteriaSet.choices)
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=60)
    max_score = models.PositiveSmallIntegerField(_("most points"))
    guidance = models.TextField(_("guidance"), blank=True)
    # The item that the members' satisfaction survey informs (会员满意 / 工作绩效规范化).
    satisfaction = models.BooleanField(_("fed by the members' survey"), default=False)
    sort = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        ordering = ["-year", "criteria_set", "sort", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "criteria_set", "code"], name="assessments_criterion_code"),
            models.CheckConstraint(condition=Q(max_score__gte=1), name="assessments_criterion_max_positive"),
        ]

    def __str__(self):
        return f"{self.year} {self.name}"


class Assessment(ScopedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("self-assessment")
        SUBMITTED = "submitted", _("submitted for review")
        REVIEWED = "reviewed", _("reviewed")

    class Outcome(models.TextChoices):
        PASSED = "passed", _("passed")
        RECTIFICATION = "rectification", _("in rectification")
        FAILED = "failed", _("failed")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    criteria_set = models.CharField(_("criteria set"), max_length=10, choices=CriteriaSet.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices, blank=True)
    self_total = models.PositiveSmallIntegerField(_("self score"), default=0)
    review_total = models.PositiveSmallIntegerField(_("review score"), null=True, blank=True)
    review_comment = models.TextField(_("review opinion"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-year", "union__path"]
        permissions = [("review_assessment", _("Can review the assessments of the unions below")),
                       ("designate_showcase", _("Can designate and publish showcase unions"))]
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="assessments_one_per_union_year"),
            models.CheckConstraint(condition=Q(outcome="") | Q(state="reviewed"),
                                   name="assessments_outcome_only_when_reviewed"),
        ]

    def __str__(self):
        return f"{self.year} {self.union.name}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("assessments:detail", args=[self.pk])


class AssessmentItem(ScopedModel):
    """One criterion of one assessment: the union's score and statement, the reviewer's."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT,
                                  related_name="+")
    self_score = models.PositiveSmallIntegerField(_("self score"), null=True, blank=True)
    statement = models.TextField(_("statement"), blank=True)
    reviewer_score = models.PositiveSmallIntegerField(_("review score"), null=True, blank=True)
    reviewer_comment = models.TextField(_("review comment"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    scope_path = "assessment__union__path"

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["assessment", "criterion__sort", "criterion__code"]
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="assessments_item_once")]

    def __str__(self):
        return self.criterion.name

    def scope_union(self):
        return self.assessment.union


class Evidence(Attachment, ScopedModel):
    """A document or photo backing one item (image or PDF, size limited: core.uploads)."""

    item = models.ForeignKey(AssessmentItem, on_delete=models.CASCADE, related_name="evidence")

    scope_path = "item__assessment__union__path"

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def scope_union(self):
        return self.item.assessment.union


class RectificationTask(ScopedModel):
    class State(models.TextChoices):
        OPEN = "open", _("to rectify")
        DONE = "done", _("done, awaiting verification")
        VERIFIED = "verified", _("verified")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="tasks")
    item = models.ForeignKey(AssessmentItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="tasks")
    requirement = models.TextField(_("requirement"))
    deadline = models.DateField(_("deadline"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    note = models.TextField(_("note on the work done"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("set at"), default=timezone.now)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    scope_path = "assessment__union__path"

    class Meta:
        verbose_name = _("rectification task")
        verbose_name_plural = _("rectification tasks")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["state", "deadline"], name="assessments_task_due_idx")]

    def __str__(self):
        return self.requirement[:60]

    def scope_union(self):
        return self.assessment.union

    @property
    def overdue(self):
        """Still open past its deadline (the lists flag it; `queries.overdue_q` is the filter)."""
        return self.state == self.State.OPEN and self.deadline < timezone.localdate()


class Showcase(ScopedModel):
    """A showcase union (示范点) of a year, city or provincial, as designated by a federation."""

    class Level(models.TextChoices):
        CITY = "city", _("city showcase")
        PROVINCIAL = "provincial", _("provincial showcase")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="showcases")
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    citation = models.CharField(_("citation"), max_length=200, blank=True)
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    designated_at = models.DateTimeField(_("designated at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("showcase union")
        verbose_name_plural = _("showcase unions")
        ordering = ["-year", "level", "union__path"]
        constraints = [models.UniqueConstraint(fields=["union", "year", "level"], name="assessments_showcase_once")]

    def __str__(self):
        return f"{self.year} {self.get_level_display()} {self.union.name}"


SURVEY_QUESTIONS = (
    _("The union listens to members and speaks up for them"),
    _("The union's activities suit members"),
    _("Help in hardship comes quickly"),
    _("Union dues and accounts are open"),
    _("Overall, I am satisfied with my union"),
)


class SurveyResponse(ScopedModel):
    """One member's answers for their union in one year: five questions of 1–5 stars."""

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    q1 = models.PositiveSmallIntegerField(SURVEY_QUESTIONS[0])
    q2 = models.PositiveSmallIntegerField(SURVEY_QUESTIONS[1])
    q3 = models.PositiveSmallIntegerField(SURVEY_QUESTIONS[2])
    q4 = models.PositiveSmallIntegerField(SURVEY_QUESTIONS[3])
    q5 = models.PositiveSmallIntegerField(SURVEY_QUESTIONS[4])
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("satisfaction survey response")
        verbose_name_plural = _("satisfaction survey responses")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="assessments_survey_once_per_year"),
            *[models.CheckConstraint(condition=Q(**{f"q{i}__gte": 1, f"q{i}__lte": 5}),
                                     name=f"assessments_survey_q{i}_stars") for i in range(1, 6)],
        ]
        indexes = [models.Index(fields=["union", "year"], name="assessments_survey_union_idx")]

    def __str__(self):
        return f"{self.year} {self.member_id}"
