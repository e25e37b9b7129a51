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
from gonghui.core.uploads import Attachment


class PositionKind(models.Model):
    """A kind of position and its facilities standard; operators add kinds in /ops/."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=40)
    # The checklist for this kind: [{"code": "water", "name": "饮用水"}, ...]; editable.
    facilities = models.JSONField(_("facilities standard"), default=list, blank=True)
    sort = models.PositiveSmallIntegerField(_("sort order"), default=0)
    # Codes of this kind's positions start with it: YZ0001 for a 爱心驿站.
    prefix = models.CharField(_("code prefix"), max_length=6, default="ZD")
    # The yearly selection of the best-rated positions of this kind (百优驿站), blank for none.
    award_title = models.CharField(_("yearly award"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("position kind")
        verbose_name_plural = _("position kinds")
        ordering = ["sort", "code"]

    def __str__(self):
        return self.name

    def facility_codes(self):
        return [f["code"] for f in self.facilities]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # an edited standard changes how complete this kind's positions are
        for p in self.positions.only("pk", "facilities", "kind_id").iterator():
            done = p.compute_completeness(self)
            if done != p.completeness:
                Position.objects.filter(pk=p.pk).update(completeness=done)


class PositionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    BUILDING = "building", _("under construction")
    OPEN = "open", _("open to visitors")
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
    # Percent of the kind's standard met, kept by save() (and by the kind's save) for filtering.
    completeness = models.PositiveSmallIntegerField(_("facilities completeness"), default=0)
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

    @property
    def is_open(self):
        return self.status == PositionStatus.OPEN

    def facility_rows(self):
        """The kind's standard, each item with whether this position has it."""
        have = set(self.facilities or [])
        return [{"code": f["code"], "name": f["name"], "has": f["code"] in have} for f in self.kind.facilities]

    def compute_completeness(self, kind=None):
        """Percent of the kind's facilities standard this position meets (100 when the kind has none)."""
        standard = (kind or self.kind).facility_codes()
        if not standard:
            return 100
        return round(100 * len(set(standard) & set(self.facilities or [])) / len(standard))

    def save(self, *args, **kwargs):
        self.completeness = self.compute_completeness()
        super().save(*args, **kwargs)


class PositionPhoto(Attachment):
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="photos")

    class Meta:
        verbose_name = _("position photo")
        verbose_name_plural = _("position photos")
        ordering = ["position", "uploaded_at"]


class CheckIn(ScopedModel):
    """A member's visit to a position: one per member, position and day (the database says so)."""

    scope_path = "position__union__path"

    position = models.ForeignKey(Position, verbose_name=_("position"), on_delete=models.CASCADE,
                                 related_name="checkins")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="position_checkins")
    day = models.DateField(_("day"))
    at = models.DateTimeField(_("checked in at"), default=timezone.now)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-at"]
        constraints = [models.UniqueConstraint(fields=["member", "position", "day"], name="checkin_once_a_day")]

    def scope_union(self):
        return self.position.union


class Rating(ScopedModel):
    """A member's rating of a position, 1 to 5 stars: one per member, position and year."""

    scope_path = "position__union__path"

    position = models.ForeignKey(Position, verbose_name=_("position"), on_delete=models.CASCADE,
                                 related_name="ratings")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="position_ratings")
    year = models.PositiveSmallIntegerField(_("year"))
    stars = models.PositiveSmallIntegerField(_("stars"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    at = models.DateTimeField(_("rated at"), default=timezone.now)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "position", "year"], name="rating_once_a_year"),
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="rating_stars_1_to_5"),
        ]

    def scope_union(self):
        return self.position.union


class Selection(ScopedModel):
    """A federation's yearly selection of the best-rated positions of one kind (百优驿站, 百优食堂):
    proposed from the ratings, confirmed by staff (audited)."""

    union = models.ForeignKey("orgs.Union", verbose_name=_("federation"), on_delete=models.PROTECT,
                              related_name="+")
    kind = models.ForeignKey(PositionKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    size = models.PositiveSmallIntegerField(_("positions selected"), default=100)
    min_ratings = models.PositiveSmallIntegerField(_("minimum ratings"), default=3)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    class Meta:
        verbose_name = _("yearly selection")
        verbose_name_plural = _("yearly selections")
        ordering = ["-year", "kind"]
        constraints = [models.UniqueConstraint(fields=["union", "kind", "year"], name="selection_once_a_year")]

    def __str__(self):
        return f"{self.year} {self.kind.award_title or self.kind.name}"


class SelectionEntry(models.Model):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="entries")
    position = models.ForeignKey(Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    average = models.FloatField(_("average stars"))
    ratings = models.PositiveIntegerField(_("ratings"))

    class Meta:
        ordering = ["selection", "rank"]
        constraints = [models.UniqueConstraint(fields=["selection", "position"], name="selection_entry_once")]

    def __str__(self):
        return f"{self.rank}. {self.position}"
