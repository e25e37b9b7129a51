"""Union congresses (会员大会, 会员代表大会, 地方工会代表大会): the seats shared among the electing
units, the delegates elected in them, and the sittings with their agenda, papers, attendance and
motions.

Delegates are dated rows: a replacement ends the old row (with its date and reason) and starts
a new one that points back to it, so the history of every seat stays readable. One member holds
at most one live seat in a congress (a partial unique constraint), and one sitting records a
delegate's arrival once (a unique constraint), so two clerks at two doors cannot count one
person twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel
from gonghui.core.uploads import Attachment


class Congress(ScopedModel):
    """One congress of a union: its form, its number of seats and how they were shared out."""

    class Kind(models.TextChoices):
        MEMBERS = "members", _("members' meeting (会员大会)")
        DELEGATES = "delegates", _("members' delegates congress (会员代表大会)")
        LOCAL = "local", _("local union congress (地方工会代表大会)")

    class State(models.TextChoices):
        PREPARING = "preparing", _("preparing")
        CLOSED = "closed", _("closed")

    union = models.ForeignKey("orgs.Union", verbose_name=_("convening union"), on_delete=models.PROTECT,
                              related_name="congresses")
    kind = models.CharField(_("form"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=120)
    opens_on = models.DateField(_("opens on"))
    members = models.PositiveIntegerField(_("members in good standing when set up"))
    women_members = models.PositiveIntegerField(_("women members when set up"), default=0)
    seats = models.PositiveIntegerField(_("number of delegates"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PREPARING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = ["-opens_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(seats__gte=1), name="congress_seats_positive")]

    def __str__(self):
        return self.title

    @property
    def region(self):
        """The jurisdiction whose rulebook values apply: the convening union's division."""
        return self.union.region_id


class ElectingUnit(ScopedModel):
    """A sub-union (or 工会小组) that elects its share of the seats: members counted when the
    congress was set up, its exact quota and the seats it got (largest remainder, at least one)."""

    scope_path = "congress__union__path"

    congress = models.ForeignKey(Congress, verbose_name=_("congress"), on_delete=models.CASCADE,
                                 related_name="units")
    union = models.ForeignKey("orgs.Union", verbose_name=_("electing unit"), on_delete=models.PROTECT,
                              related_name="+")
    # True for the convening union's own members who belong to no sub-union (直属会员).
    direct = models.BooleanField(_("direct members only"), default=False)
    members = models.PositiveIntegerField(_("members"))
    quota = models.DecimalField(_("exact quota"), max_digits=12, decimal_places=4)
    seats = models.PositiveIntegerField(_("seats"))

    class Meta:
        verbose_name = _("electing unit")
        verbose_name_plural = _("electing units")
        ordering = ["congress", "union__path"]
        constraints = [models.UniqueConstraint(fields=["congress", "union"], name="congress_unit_once")]

    def __str__(self):
        return self.union.name

    def scope_union(self):
        return self.congress.union


class Delegate(ScopedModel):
    """A member's seat in a congress, from the day elected until replaced (a dated row)."""

    scope_path = "congress__union__path"

    congress = models.ForeignKey(Congress, verbose_name=_("congress"), on_delete=models.CASCADE,
                                 related_name="delegates")
    unit = models.ForeignKey(ElectingUnit, verbose_name=_("electing unit"), on_delete=models.PROTECT,
                             related_name="delegates")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="congress_seats")
    front_line = models.BooleanField(_("front-line worker"), default=False)
    manager = models.BooleanField(_("manager"), default=False)
    elected_on = models.DateField(_("elected on"), default=timezone.localdate)
    ended_on = models.DateField(_("seat ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason the seat ended"), max_length=200, blank=True)
    replaces = models.OneToOneField("self", verbose_name=_("replaces"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="replaced_by")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["congress", "unit__union__path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "member"], condition=Q(ended_on__isnull=True),
                                    name="congress_one_live_seat"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | ~Q(end_reason=""),
                                   name="congress_ended_seat_has_reason"),
        ]

    def __str__(self):
        return f"{self.congress} · {self.member.name}"

    def scope_union(self):
        return self.congress.union

    @property
    def live(self):
        return self.ended_on is None


class Session(ScopedModel):
    """One sitting of a congress (大会 / 会议): where and when, and whether it is still open."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    scope_path = "congress__union__path"

    congress = models.ForeignKey(Congress, verbose_name=_("congress"), on_delete=models.CASCADE,
                                 related_name="sessions")
    title = models.CharField(_("title"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=150)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("congress session")
        verbose_name_plural = _("congress sessions")
        ordering = ["congress", "starts_at", "id"]

    def __str__(self):
        return self.title

    def scope_union(self):
        return self.congress.union


class AgendaItem(ScopedModel):
    scope_path = "session__congress__union__path"

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("agenda item"), max_length=200)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position", "id"]

    def __str__(self):
        return self.title

    def scope_union(self):
        return self.session.congress.union


class Document(ScopedModel):
    """A paper put before the session: the work report, the 经审 report, the budget, others.
    Its text is typed in, or a PDF is attached (DocumentFile), or both."""

    class Kind(models.TextChoices):
        WORK_REPORT = "work", _("work report")
        AUDIT_REPORT = "audit", _("funds review committee report (经审报告)")
        BUDGET = "budget", _("budget")
        OTHER = "other", _("other paper")

    scope_path = "session__congress__union__path"

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE,
                                related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("session paper")
        verbose_name_plural = _("session papers")
        ordering = ["session", "kind", "id"]

    def __str__(self):
        return self.title

    def scope_union(self):
        return self.session.congress.union


class DocumentFile(Attachment):
    document = models.ForeignKey(Document, verbose_name=_("paper"), on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = _("paper file")
        verbose_name_plural = _("paper files")


class Attendance(ScopedModel):
    """A delegate's arrival at a sitting, by their member card's QR or from the list."""

    class Via(models.TextChoices):
        CARD = "card", _("member card QR")
        LIST = "list", _("from the list")

    scope_path = "session__congress__union__path"

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE,
                                related_name="attendances")
    delegate = models.ForeignKey(Delegate, verbose_name=_("delegate"), on_delete=models.PROTECT,
                                 related_name="attendances")
    via = models.CharField(_("checked in by"), max_length=5, choices=Via.choices)
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("clerk"), on_delete=models.PROTECT,
                                      related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["session", "checked_in_at", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "delegate"], name="congress_checkin_once")]

    def __str__(self):
        return f"{self.session} · {self.delegate.member.name}"

    def scope_union(self):
        return self.session.congress.union


class Motion(ScopedModel):
    """A motion put to the vote; the result is kept with the figures and the rules that decided it."""

    class State(models.TextChoices):
        PENDING = "pending", _("not yet voted")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("not passed")

    scope_path = "session__congress__union__path"

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="motions")
    title = models.CharField(_("motion"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    seats = models.PositiveIntegerField(_("delegates in all"), null=True, blank=True)
    present = models.PositiveIntegerField(_("present at the vote"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("against"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    rule_text = models.CharField(_("rule applied"), max_length=400, blank=True)
    voted_at = models.DateTimeField(_("voted at"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["session", "id"]

    def __str__(self):
        return self.title

    def scope_union(self):
        return self.session.congress.union
