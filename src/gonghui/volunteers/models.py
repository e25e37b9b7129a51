"""志愿服务 (volunteer service): the unions' volunteer teams (seed 002: seven groups that go into
the communities every week; seed 000: the 红马甲 who help older passengers at bus stops), their
volunteers, activities built on `gonghui.events` events (sign-up and check-in there), the
check-out that closes each volunteer's shift, and the hours that make the star levels.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.access import ScopedModel


class Team(ScopedModel):
    """A 志愿服务队 of a union."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", _("community help group")
        TRANSPORT = "transport", _("bus-stop helpers (红马甲)")
        CARE = "care", _("care for workers in hardship")
        OTHER = "other", _("other")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="volunteer_teams")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.COMMUNITY)
    area = models.CharField(_("where it serves"), max_length=120, blank=True)
    leader = models.CharField(_("team leader"), max_length=60, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["union__path", "name"]

    def __str__(self):
        return self.name


class Volunteer(ScopedModel):
    """A member serving in a team (a member may serve in several)."""

    scope_path = "team__union__path"

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="volunteers")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="volunteering")
    joined_on = models.DateField(pgettext_lazy("volunteers", "joined on"), default=timezone.localdate)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["team", "id"]
        constraints = [models.UniqueConstraint(fields=["team", "member"], name="volunteers_once_a_team")]

    def __str__(self):
        return self.member.name

    def scope_union(self):
        return self.team.union


class Activity(ScopedModel):
    """A team's activity: an event of `gonghui.events` (sign-up, seats and check-in live there)."""

    scope_path = "team__union__path"

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="activities")
    event = models.OneToOneField("events.Event", verbose_name=_("event"), on_delete=models.PROTECT,
                                 related_name="volunteer_activity")
    service = models.CharField(_("service given"), max_length=120)

    class Meta:
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")
        ordering = ["-event__starts_at", "id"]

    def __str__(self):
        return self.event.title

    def scope_union(self):
        return self.team.union


class Shift(ScopedModel):
    """One volunteer's service at an activity: checked in (the event's check-in), checked out
    here; the minutes between them, within the activity's time, are their service hours."""

    scope_path = "activity__team__union__path"

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="shifts")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="volunteer_shifts")
    registration = models.OneToOneField("events.Registration", verbose_name=_("event registration"),
                                        on_delete=models.PROTECT, related_name="volunteer_shift")
    checked_in_at = models.DateTimeField(pgettext_lazy("volunteers", "checked in at"))
    checked_out_at = models.DateTimeField(_("checked out at"))
    minutes = models.PositiveIntegerField(_("minutes of service"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("volunteer shift")
        verbose_name_plural = _("volunteer shifts")
        ordering = ["-checked_in_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(checked_out_at__gt=models.F("checked_in_at")),
                                              name="volunteers_out_after_in")]

    def __str__(self):
        return f"{self.activity} · {self.member.name}"

    def scope_union(self):
        return self.activity.team.union

    @property
    def hours(self):
        return round(self.minutes / 60, 1)
