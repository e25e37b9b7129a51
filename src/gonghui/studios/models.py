"""劳模(工匠)创新工作室 (innovation studios) and 师徒结对 (mentorships).

A studio is led by an honour holder (a 劳模 at the rulebook's minimum level or above, a 五一奖章
holder or a 工匠), kept by a union, recognised at city or provincial grade in a year. Each year it
reports its projects and results (patents, savings, trainees), receives funding within its grade's
amount (a rulebook value per jurisdiction) and is reviewed. Studios of several unions, even of two
cities (洛阳 and 成都, seed 003), form alliances. A mentorship pairs a mentor and an apprentice, with
goals, dates and the skill grade the apprentice reached, often inside a studio.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel


class SkillGrade(models.TextChoices):
    """国家职业资格 / 职业技能等级 (五级到一级)."""

    GRADE5 = "5", _("初级工 (grade 5)")
    GRADE4 = "4", _("中级工 (grade 4)")
    GRADE3 = "3", _("高级工 (grade 3)")
    GRADE2 = "2", _("技师 (grade 2)")
    GRADE1 = "1", _("高级技师 (grade 1)")


class Studio(ScopedModel):
    class Grade(models.TextChoices):
        CITY = "city", _("city-level studio")
        PROVINCIAL = "provincial", _("provincial-level studio")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="studios")
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="studios")
    name = models.CharField(_("name"), max_length=120)
    lead = models.ForeignKey("members.Member", verbose_name=_("lead model worker or craftsman"),
                             on_delete=models.PROTECT, related_name="led_studios")
    lead_honour = models.CharField(_("lead's honour"), max_length=120, blank=True)
    field = models.CharField(_("field"), max_length=80, blank=True)
    grade = models.CharField(_("grade"), max_length=12, choices=Grade.choices)
    recognised_year = models.PositiveSmallIntegerField(_("recognised in"))
    members = models.ManyToManyField("members.Member", verbose_name=_("studio members"), blank=True,
                                     related_name="studios")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("innovation studio")
        verbose_name_plural = _("innovation studios")
        ordering = ["union__path", "name"]

    def __str__(self):
        return self.name


class Project(ScopedModel):
    """A yearly innovation project of a studio and its results."""

    scope_path = "studio__union__path"

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.CASCADE, related_name="projects")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("project"), max_length=150)
    patents = models.PositiveIntegerField(_("patents"), default=0)
    saving_fen = models.BigIntegerField(_("saving (fen)"), default=0)
    trainees = models.PositiveIntegerField(_("people trained"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("studio project")
        verbose_name_plural = _("studio projects")
        ordering = ["studio", "-year", "id"]
        constraints = [models.CheckConstraint(condition=Q(saving_fen__gte=0), name="studios_project_saving")]

    def __str__(self):
        return self.title

    def scope_union(self):
        return self.studio.union


class Funding(ScopedModel):
    """Money granted to a studio in a year; the year's total stays within the grade's amount."""

    scope_path = "studio__union__path"

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.CASCADE, related_name="fundings")
    year = models.PositiveSmallIntegerField(_("year"))
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    purpose = models.CharField(_("purpose"), max_length=150)
    rule_text = models.CharField(_("rule applied"), max_length=300)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("studio funding")
        verbose_name_plural = _("studio funding")
        ordering = ["studio", "-year", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="studios_funding_positive")]

    def __str__(self):
        return f"{self.studio} {self.year}"

    def scope_union(self):
        return self.studio.union


class Review(ScopedModel):
    """The yearly review of a studio (年度考核)."""

    class Result(models.TextChoices):
        EXCELLENT = "excellent", _("excellent")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    scope_path = "studio__union__path"

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField(_("year"))
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)

    class Meta:
        verbose_name = _("studio review")
        verbose_name_plural = _("studio reviews")
        ordering = ["studio", "-year"]
        constraints = [models.UniqueConstraint(fields=["studio", "year"], name="studios_review_once")]

    def __str__(self):
        return f"{self.studio} {self.year}"

    def scope_union(self):
        return self.studio.union


class Alliance(ScopedModel):
    """An alliance of studios across unions (劳模工匠人才创新工作室联盟), formed by `union`; its
    studios may belong to unions elsewhere (the partner city's)."""

    union = models.ForeignKey("orgs.Union", verbose_name=_("formed by"), on_delete=models.PROTECT,
                              related_name="studio_alliances")
    name = models.CharField(_("name"), max_length=120)
    partners = models.CharField(_("partner unions"), max_length=200, blank=True)
    formed_on = models.DateField(_("formed on"))
    studios = models.ManyToManyField(Studio, verbose_name=_("studios"), related_name="alliances")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("studio alliance")
        verbose_name_plural = _("studio alliances")
        ordering = ["-formed_on", "id"]

    def __str__(self):
        return self.name


class Mentorship(ScopedModel):
    """师徒结对: a mentor and an apprentice, their goals and dates, and the grade reached."""

    class State(models.TextChoices):
        ACTIVE = "active", _("in progress")
        COMPLETED = "completed", _("completed")
        ENDED = "ended", _("ended early")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="mentorships")
    studio = models.ForeignKey(Studio, verbose_name=_("studio"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="mentorships")
    mentor = models.ForeignKey("members.Member", verbose_name=_("mentor"), on_delete=models.PROTECT,
                               related_name="mentorships_as_mentor")
    apprentice = models.ForeignKey("members.Member", verbose_name=_("apprentice"), on_delete=models.PROTECT,
                                   related_name="mentorships_as_apprentice")
    goals = models.TextField(_("goals"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    start_grade = models.CharField(_("grade at the start"), max_length=2, choices=SkillGrade.choices, blank=True)
    result_grade = models.CharField(_("grade reached"), max_length=2, choices=SkillGrade.choices, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="studios_mentorship_dates"),
            models.CheckConstraint(condition=~Q(mentor=models.F("apprentice")), name="studios_mentor_not_self"),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.apprentice}"
