"""Events (活动) and course demand voting (你点菜,我买单).

Seats are held by the database, not the form (Odoo sold more event seats than existed):
an event and a course session each keep a counter of taken seats that a CheckConstraint
holds within the capacity, and a seat is taken only by one conditional UPDATE
(taken + 1 where taken < capacity). Concurrent sign-ups queue on that row and the last seat
goes to exactly one of them, on PostgreSQL and SQLite alike. A member holds at most one live
registration per event and one booking per session (partial unique constraints).

A full event puts the member on its waitlist with a number from the event's own counter;
cancelling a seat hands it to the first in line in the same transaction.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel


class Event(ScopedModel):
    """An event a union organises for the members of its subtree."""

    class State(models.TextChoices):
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    union = models.ForeignKey("orgs.Union", verbose_name=_("organising union"), on_delete=models.PROTECT,
                              related_name="events")
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=150)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    signup_opens_at = models.DateTimeField(_("sign-up opens at"))
    signup_closes_at = models.DateTimeField(_("sign-up closes at"))
    capacity = models.PositiveIntegerField(_("seats"))
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0)
    queue_next = models.PositiveIntegerField(_("next waitlist number"), default=1)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PUBLISHED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="events_event_capacity_positive"),
            models.CheckConstraint(condition=Q(seats_taken__lte=F("capacity")),
                                   name="events_event_seats_within_capacity"),
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="events_event_ends_after_start"),
            models.CheckConstraint(condition=Q(signup_closes_at__gte=F("signup_opens_at")),
                                   name="events_event_signup_window_in_order"),
        ]

    def __str__(self):
        return self.title

    @property
    def seats_left(self):
        return self.capacity - self.seats_taken


class Registration(ScopedModel):
    """One member's sign-up for an event: a seat, a place on the waitlist, or neither any more."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("registered")
        WAITLISTED = "waitlisted", _("on the waitlist")
        CANCELLED = "cancelled", _("cancelled")
        ATTENDED = "attended", _("attended")

    scope_path = "event__union__path"

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="event_registrations")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, db_index=True)
    queue_no = models.PositiveIntegerField(_("waitlist number"), null=True, blank=True)
    registered_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    promoted_at = models.DateTimeField(_("moved up from the waitlist at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended_at = models.DateTimeField(_("time of check-in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked in by"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["event", "registered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], condition=~Q(state="cancelled"),
                                    name="events_one_live_registration"),
            models.UniqueConstraint(fields=["event", "queue_no"], name="events_waitlist_number_unique"),
            models.CheckConstraint(condition=~Q(state="waitlisted") | Q(queue_no__isnull=False),
                                   name="events_waitlisted_has_number"),
        ]
        indexes = [models.Index(fields=["event", "state", "queue_no"], name="events_reg_queue_idx")]

    def __str__(self):
        return f"{self.event} · {self.member.name}"

    def scope_union(self):
        return self.event.union


class CourseTopic(ScopedModel):
    """A course members ask for (点菜): proposed by a member or added by staff, voted on by the
    members under the union that runs the voting."""

    class State(models.TextChoices):
        OPEN = "open", _("open for votes")
        ADOPTED = "adopted", _("made a course")
        CLOSED = "closed", _("closed")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="course_topics")
    title = models.CharField(_("course topic"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    proposed_by = models.ForeignKey("members.Member", verbose_name=_("proposed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    votes = models.PositiveIntegerField(_("votes"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)

    class Meta:
        verbose_name = _("course topic")
        verbose_name_plural = _("course topics")
        ordering = ["-votes", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["union", "title"], name="events_topic_title_per_union")]

    def __str__(self):
        return self.title


class TopicVote(ScopedModel):
    """One member's vote for one topic (the database refuses a second)."""

    scope_path = "topic__union__path"

    topic = models.ForeignKey(CourseTopic, verbose_name=_("course topic"), on_delete=models.CASCADE,
                              related_name="vote_rows")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="topic_votes")
    voted_at = models.DateTimeField(_("voted at"), default=timezone.now)

    class Meta:
        verbose_name = _("topic vote")
        verbose_name_plural = _("topic votes")
        ordering = ["-voted_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["topic", "member"], name="events_one_vote_per_topic")]

    def __str__(self):
        return f"{self.topic} · {self.member_id}"

    def scope_union(self):
        return self.topic.union


class Course(ScopedModel):
    """A course the union pays for (我买单), made from a topic members voted for."""

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="courses")
    topic = models.ForeignKey(CourseTopic, verbose_name=_("course topic"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="courses")
    title = models.CharField(_("course"), max_length=100)
    teacher = models.CharField(_("teacher"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class CourseSession(ScopedModel):
    """One sitting of a course with its seats; `booked` counts live bookings and the database
    keeps it within `seats`."""

    scope_path = "course__union__path"

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=150)
    seats = models.PositiveIntegerField(_("seats"))
    booked = models.PositiveIntegerField(_("seats booked"), default=0)

    class Meta:
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="events_session_seats_positive"),
            models.CheckConstraint(condition=Q(booked__lte=F("seats")), name="events_session_seats_within_capacity"),
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="events_session_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.course} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def scope_union(self):
        return self.course.union

    @property
    def seats_left(self):
        return self.seats - self.booked


class Booking(ScopedModel):
    """A member's seat in a course session, and whether they came."""

    class State(models.TextChoices):
        BOOKED = "booked", _("booked")
        CANCELLED = "cancelled", _("cancelled")
        ATTENDED = "attended", _("attended")

    scope_path = "session__course__union__path"

    session = models.ForeignKey(CourseSession, verbose_name=_("session"), on_delete=models.PROTECT,
                                related_name="bookings")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="course_bookings")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.BOOKED, db_index=True)
    booked_at = models.DateTimeField(_("booked at"), default=timezone.now)
    attended_at = models.DateTimeField(_("attended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("course booking")
        verbose_name_plural = _("course bookings")
        ordering = ["session", "booked_at", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "member"], condition=~Q(state="cancelled"),
                                               name="events_one_booking_per_session")]

    def __str__(self):
        return f"{self.session} · {self.member.name}"

    def scope_union(self):
        return self.session.course.union
