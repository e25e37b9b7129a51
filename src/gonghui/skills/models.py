"""一户一产业工人 (seeds 000, 001): training enrolments of rural households, the skill
certificates (技能等级) gained, and the 乡村车间 (rural workshops) with their workers. Rows hang
on the union that runs the training or registered the workshop (a county federation or below),
so a county's figures are its subtree's rows."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel


class Level(models.TextChoices):
    """国家职业资格 / 职业技能等级: five levels, 五级 the lowest."""

    FIVE = "5", _("level 5 (junior worker)")
    FOUR = "4", _("level 4 (intermediate worker)")
    THREE = "3", _("level 3 (senior worker)")
    TWO = "2", _("level 2 (technician)")
    ONE = "1", _("level 1 (senior technician)")


class Enrolment(ScopedModel):
    """A person of a rural household enrolled in skills training."""

    class State(models.TextChoices):
        ENROLLED = "enrolled", _("in training")
        COMPLETED = "completed", _("completed")
        DROPPED = "dropped", _("dropped out")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="skills_enrolments")
    household = models.CharField(_("household (head and village)"), max_length=120, db_index=True)
    person = models.CharField(_("trainee"), max_length=60)
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="skills_enrolments")
    trade = models.CharField(_("trade"), max_length=60)
    course = models.CharField(_("course"), max_length=120)
    enrolled_on = models.DateField(_("enrolled on"), default=timezone.localdate)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ENROLLED,
                             db_index=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    level = models.CharField(_("skill level gained"), max_length=1, choices=Level.choices, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("training enrolment")
        verbose_name_plural = _("training enrolments")
        ordering = ["-enrolled_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(level="") | Q(state="completed"),
                                   name="skills_certificate_after_completion"),
        ]

    def __str__(self):
        return f"{self.person}（{self.household}）"


class Workshop(ScopedModel):
    """A 乡村车间: a workshop in a village that employs local rural workers."""

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="rural_workshops")
    name = models.CharField(_("name"), max_length=120)
    village = models.CharField(_("village"), max_length=120)
    product = models.CharField(_("product or work"), max_length=120)
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="rural_workshops")
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("rural workshop")
        verbose_name_plural = _("rural workshops")
        ordering = ["union__path", "name"]

    def __str__(self):
        return self.name


class Worker(ScopedModel):
    """A worker of a rural workshop (from a local household); `left_on` once they leave."""

    scope_path = "workshop__union__path"

    workshop = models.ForeignKey(Workshop, verbose_name=_("rural workshop"), on_delete=models.CASCADE,
                                 related_name="workers")
    person = models.CharField(_("worker"), max_length=60)
    household = models.CharField(_("household (head and village)"), max_length=120)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("workshop worker")
        verbose_name_plural = _("workshop workers")
        ordering = ["workshop", "id"]

    def __str__(self):
        return self.person

    def scope_union(self):
        return self.workshop.union
