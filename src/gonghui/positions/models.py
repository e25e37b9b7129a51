"""Service positions (服务阵地): 职工之家, 工人文化宫, 户外劳动者爱心驿站, 职工书屋, 心理辅导室,
爱心母婴室, 工会服务站, 劳模创新工作室, and more kinds as data.

Each kind carries its facilities standard (the checklist a position of that kind is held to);
each position its owner union, address, coordinates (WGS-84 degrees, as phones report them),
opening hours, the facilities it has, and a unique code printed as a QR to its public page.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel


class PositionKind(models.Model):
    """A kind of position and its facilities standard; operators add kinds in /ops/."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=40)
    # The checklist for this kind: [{"code": "water", "name": "饮用水"}, ...]; editable.
    facilities = models.JSONField(_("facilities standard"), default=list, blank=True)
    sort = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("position kind")
        verbose_name_plural = _("position kinds")
        ordering = ["sort", "code"]

    def __str__(self):
        return self.name


class PositionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    BUILDING = "building", _("under construction")
    OPEN = "open", _("open")
    SUSPENDED = "suspended", _("suspended")
    CLOSED = "closed", _("closed")


class Position(ScopedModel):
    """One service position, owned by a union (its subtree's staff keep it)."""

    union = models.ForeignKey("orgs.Union", verbose_name=_("owner union"), on_delete=models.PROTECT,
                              related_name="positions")
    kind = models.ForeignKey(PositionKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="positions")
    code = models.CharField(_("position code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200)
    region = models.ForeignKey("orgs.Region", verbose_name=_("division"), on_delete=models.PROTECT,
                               related_name="+", null=True, blank=True)
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    facilities = models.JSONField(_("facilities"), default=list, blank=True)  # codes from the kind's standard
    contact_name = models.CharField(_("contact"), max_length=40, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PositionStatus.choices,
                              default=PositionStatus.OPEN)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("service position")
        verbose_name_plural = _("service positions")
        ordering = ["union__path", "code"]
        indexes = [models.Index(fields=["lat", "lng"], name="position_lat_lng")]
        constraints = [
            models.CheckConstraint(condition=Q(lat__gte=3.8, lat__lte=53.6, lng__gte=73.5, lng__lte=135.1),
                                   name="position_in_china"),
        ]

    def __str__(self):
        return self.name
