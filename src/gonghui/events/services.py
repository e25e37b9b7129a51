"""Every write of events and course demand voting: the permission or membership check, the
rules, the audit record, one transaction. Refused input writes nothing.

Seats (see models): an event's or a session's seat is taken only by a conditional UPDATE of
its counter (the CheckConstraint stands behind it); the partial unique constraints stop a
second live sign-up or booking that two phones send at once."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from gonghui.core import audit, dates
from gonghui.core.access import ROOT_PATH_LEN, ancestor_paths, require
from gonghui.members.models import IN_GOOD_STANDING, Member

from .models import Booking, Course, CourseSession, CourseTopic, Event, Registration, TopicVote

CHECKIN_SALT = "gonghui.events.checkin"


def _local(dt):
    return dates.show(dt)


# --- who may take part -------------------------------------------------------------------------

def member_of(user):
    """The member record of a member's account, or a clear refusal."""
    member = Member.objects.of_user(user)
    if member is None:
        raise ValidationError(_("Your account is not linked to a member record."))
    return member


def paths_above(member):
    """The union paths whose events and topics reach the member: their union and every one above."""
    path = member.union_path or member.union.path
    return [*ancestor_paths(path), path]


def _check_member(member, union):
    if member.status not in IN_GOOD_STANDING:
        raise ValidationError(_("Only members in good standing can take part."))
    if union.path not in paths_above(member):
        raise ValidationError(_("This is open only to members of %(union)s and the unions under it.") % {
            "union": union.name})


# --- events ------------------------------------------------------------------------------------

def _check_event(values):
    if not values["title"].strip():
        raise ValidationError({"title": _("Give the event a title.")})
    if not values["place"].strip():
        raise ValidationError({"place": _("Say where the event takes place.")})
    if values["capacity"] is None or values["capacity"] < 1:
        raise ValidationError({"capacity": _("An event needs at least one seat.")})
    if values["ends_at"] < values["starts_at"]:
        raise ValidationError({"ends_at": _("The event ends before it starts.")})
    if values["signup_closes_at"] < values["signup_opens_at"]:
        raise ValidationError({"signup_closes_at": _("Sign-up closes before it opens.")})
    if values["signup_closes_at"] > values["ends_at"]:
        raise ValidationError({"signup_closes_at": _("Sign-up must close before the event ends.")})


@transaction.atomic
def create_event(*, acting_user, union, title, place, starts_at, ends_at, signup_opens_at, signup_closes_at,
                 capacity, description=""):
    """An event of `union` for the members of its subtree."""
    require(acting_user, "events.add_event", union)
    values = {"title": title or "", "place": place or "", "starts_at": starts_at, "ends_at": ends_at,
              "signup_opens_at": signup_opens_at, "signup_closes_at": signup_closes_at, "capacity": capacity}
    _check_event(values)
    values["title"], values["place"] = values["title"].strip(), values["place"].strip()
    event = Event.objects.create(union=union, description=(description or "").strip(), created_by=acting_user,
                                 **values)
    audit.record("create", actor=acting_user, obj=event, changes=audit.diff({}, audit.snapshot(event)))
    return event


@transaction.atomic
def sign_up(event, *, member, acting_user):
    """A seat if one is free, else a place at the end of the waitlist.

    The seat is one conditional UPDATE. When it finds the event full, the waitlist number is
    drawn by an UPDATE of the same row, which holds the row until commit; the seat is tried
    once more under that lock, so a cancellation that committed meanwhile is not missed and
    none can slip between the check and the waitlist row."""
    _check_member(member, event.union)
    now = timezone.now()
    if event.state != Event.State.PUBLISHED:
        raise ValidationError(_("This event has been cancelled."))
    if now < event.signup_opens_at:
        raise ValidationError(_("Sign-up opens at %(at)s.") % {"at": _local(event.signup_opens_at)})
    if now > event.signup_closes_at:
        raise ValidationError(_("Sign-up closed at %(at)s.") % {"at": _local(event.signup_closes_at)})
    if Registration.objects.filter(event=event, member=member).exclude(state=Registration.State.CANCELLED).exists():
        raise ValidationError(_("You have already signed up for this event."))
    seat = Event.objects.filter(pk=event.pk, seats_taken__lt=F("capacity")).update(seats_taken=F("seats_taken") + 1)
    queue_no = None
    if not seat:
        Event.objects.filter(pk=event.pk).update(queue_next=F("queue_next") + 1)  # holds the row from here
        seat = Event.objects.filter(pk=event.pk, seats_taken__lt=F("capacity")).update(
            seats_taken=F("seats_taken") + 1)
        if not seat:
            queue_no = Event.objects.values_list("queue_next", flat=True).get(pk=event.pk) - 1
    state = Registration.State.REGISTERED if seat else Registration.State.WAITLISTED
    try:
        with transaction.atomic():
            reg = Registration.objects.create(event=event, member=member, state=state, queue_no=queue_no,
                                              registered_at=now)
    except IntegrityError:  # the same member from a second phone, a moment ago
        raise ValidationError(_("You have already signed up for this event.")) from None
    audit.record("event_signup", actor=acting_user, obj=reg, changes={"state": [None, state],
                                                                       "queue_no": [None, queue_no]})
    return reg


@transaction.atomic
def cancel_event(event, *, acting_user, reason):
    """Call an event off: every live sign-up is cancelled with it and the seats are freed."""
    require(acting_user, "events.change_event", event.union, obj=event)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the event is called off; the members who signed up will see it.")})
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.state == Event.State.CANCELLED:
        raise ValidationError(_("This event has been cancelled."))
    if timezone.now() >= event.starts_at:
        raise ValidationError(_("The event has started and can no longer be called off."))
    n = Registration.objects.filter(event=event, state__in=(Registration.State.REGISTERED,
                                                            Registration.State.WAITLISTED)).update(
        state=Registration.State.CANCELLED, cancelled_at=timezone.now())
    event.state, event.seats_taken = Event.State.CANCELLED, 0
    event.save(update_fields=["state", "seats_taken"])
    audit.record("event_cancelled", actor=acting_user, obj=event, reason=reason,
                 changes={"state": ["published", "cancelled"], "registrations_cancelled": [None, n]})
    return event


def waitlist_position(reg):
    """1 for the first in line."""
    if reg.state != Registration.State.WAITLISTED:
        return None
    return Registration.objects.filter(event_id=reg.event_id, state=Registration.State.WAITLISTED,
                                       queue_no__lt=reg.queue_no).count() + 1


@transaction.atomic
def cancel_registration(reg, *, acting_user):
    """The member (or staff who manage the event) cancels; a freed seat goes to the first on
    the waitlist in this same transaction, so it is never free for a moment."""
    member = Member.objects.of_user(acting_user)
    if member is None or member.pk != reg.member_id:
        require(acting_user, "events.change_registration", reg.event.union, obj=reg)
    event = Event.objects.select_for_update().get(pk=reg.event_id)
    reg = Registration.objects.select_for_update().get(pk=reg.pk)
    if reg.state not in (Registration.State.REGISTERED, Registration.State.WAITLISTED):
        raise ValidationError(_("Only a live sign-up can be cancelled."))
    if timezone.now() >= event.starts_at:
        raise ValidationError(_("The event has started; the sign-up can no longer be cancelled."))
    had_seat = reg.state == Registration.State.REGISTERED
    before = reg.state
    reg.state, reg.cancelled_at = Registration.State.CANCELLED, timezone.now()
    reg.save(update_fields=["state", "cancelled_at"])
    audit.record("event_cancel", actor=acting_user, obj=reg, changes={"state": [before, reg.state]})
    promoted = None
    if had_seat:
        promoted = (Registration.objects.select_for_update().filter(event=event, state=Registration.State.WAITLISTED)
                    .order_by("queue_no").first())
        if promoted is not None:
            promoted.state, promoted.promoted_at = Registration.State.REGISTERED, timezone.now()
            promoted.save(update_fields=["state", "promoted_at"])
            audit.record("event_promoted", actor=acting_user, obj=promoted, changes={
                "state": [Registration.State.WAITLISTED, Registration.State.REGISTERED],
                "seat_from": [None, reg.pk]})
        else:
            Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") - 1)
    return reg, promoted


def checkin_code(reg):
    """The code in the member's QR (and typed by hand if the camera fails): event, registration
    and a keyed signature, so a code cannot be made up or moved to another event."""
    body = f"{reg.event_id}-{reg.pk}"
    return f"{body}-{salted_hmac(CHECKIN_SALT, body).hexdigest()[:10].upper()}"


@transaction.atomic
def check_in(event, *, code, acting_user):
    """Staff at the venue scan or type a member's code."""
    require(acting_user, "events.change_registration", event.union, obj=event)
    parts = (code or "").strip().upper().split("-")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        raise ValidationError({"code": _("This is not a check-in code.")})
    body = f"{int(parts[0])}-{int(parts[1])}"
    if not constant_time_compare(parts[2], salted_hmac(CHECKIN_SALT, body).hexdigest()[:10].upper()):
        raise ValidationError({"code": _("This check-in code is not valid.")})
    if int(parts[0]) != event.pk:
        other = Event.objects.filter(pk=int(parts[0])).first()
        raise ValidationError({"code": _("This code is for another event: %(title)s.") % {
            "title": other.title if other else "?"}})
    reg = Registration.objects.select_for_update().select_related("member").filter(
        pk=int(parts[1]), event=event).first()
    if reg is None:
        raise ValidationError({"code": _("This check-in code is not valid.")})
    if reg.state == Registration.State.ATTENDED:
        raise ValidationError({"code": _("%(name)s was already checked in at %(at)s.") % {
            "name": reg.member.name, "at": _local(reg.attended_at)}})
    if reg.state == Registration.State.WAITLISTED:
        raise ValidationError({"code": _("%(name)s is on the waitlist and has no seat.") % {"name": reg.member.name}})
    if reg.state == Registration.State.CANCELLED:
        raise ValidationError({"code": _("%(name)s cancelled this sign-up.") % {"name": reg.member.name}})
    reg.state, reg.attended_at, reg.checked_in_by = Registration.State.ATTENDED, timezone.now(), acting_user
    reg.save(update_fields=["state", "attended_at", "checked_in_by"])
    audit.record("event_checkin", actor=acting_user, obj=reg, changes={"state": ["registered", "attended"]})
    return reg


# --- course demand voting (你点菜,我买单) -------------------------------------------------------

def _check_topic(union, title):
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Name the course you would like.")})
    if len(title) > 100:
        raise ValidationError({"title": _("Keep the topic under 100 characters.")})
    if CourseTopic.objects.filter(union=union, title=title).exists():
        raise ValidationError({"title": _("The topic “%(title)s” has already been proposed; vote for it instead.") % {
            "title": title}})
    return title


def _create_topic(union, title, description, acting_user, member=None):
    try:
        with transaction.atomic():
            topic = CourseTopic.objects.create(union=union, title=title, description=(description or "").strip(),
                                               proposed_by=member, created_by=acting_user)
    except IntegrityError:
        raise ValidationError({"title": _("The topic “%(title)s” has already been proposed; vote for it "
                                          "instead.") % {"title": title}}) from None
    audit.record("create", actor=acting_user, obj=topic, changes=audit.diff({}, audit.snapshot(topic)))
    return topic


@transaction.atomic
def add_topic(*, acting_user, union, title, description=""):
    """Staff put a topic up for votes."""
    require(acting_user, "events.add_coursetopic", union)
    return _create_topic(union, _check_topic(union, title), description, acting_user)


@transaction.atomic
def propose_topic(*, member, acting_user, title, description=""):
    """A member proposes a topic to the city federation that runs the voting."""
    from gonghui.orgs.models import Union

    path = member.union_path or member.union.path
    union = Union.objects.get(path=path[:ROOT_PATH_LEN])
    _check_member(member, union)
    return _create_topic(union, _check_topic(union, title), description, acting_user, member)


@transaction.atomic
def vote(topic, *, member, acting_user):
    _check_member(member, topic.union)
    if topic.state != CourseTopic.State.OPEN:
        raise ValidationError(_("Voting on this topic has closed."))
    try:
        with transaction.atomic():
            row = TopicVote.objects.create(topic=topic, member=member)
    except IntegrityError:
        raise ValidationError(_("You have already voted for this topic.")) from None
    CourseTopic.objects.filter(pk=topic.pk).update(votes=F("votes") + 1)
    audit.record("topic_vote", actor=acting_user, obj=row, changes={"topic": [None, topic.pk]})
    return row


@transaction.atomic
def create_course(*, acting_user, union, title, teacher="", description="", topic=None):
    """A course made from a topic (which then leaves the vote) or on the union's own account."""
    require(acting_user, "events.add_course", union)
    if topic is not None:
        require(acting_user, "events.change_coursetopic", topic.union, obj=topic)
        topic = CourseTopic.objects.select_for_update().get(pk=topic.pk)
        title = title or topic.title
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the course a title.")})
    course = Course.objects.create(union=union, topic=topic, title=title.strip(), teacher=(teacher or "").strip(),
                                   description=(description or "").strip(), created_by=acting_user)
    if topic is not None and topic.state == CourseTopic.State.OPEN:
        topic.state = CourseTopic.State.ADOPTED
        topic.save(update_fields=["state"])
        audit.record("update", actor=acting_user, obj=topic, changes={"state": ["open", "adopted"]})
    audit.record("create", actor=acting_user, obj=course, changes=audit.diff({}, audit.snapshot(course)))
    return course


@transaction.atomic
def add_session(course, *, acting_user, starts_at, ends_at, place, seats):
    require(acting_user, "events.add_coursesession", course.union, obj=course)
    if seats is None or seats < 1:
        raise ValidationError({"seats": _("A session needs at least one seat.")})
    if ends_at < starts_at:
        raise ValidationError({"ends_at": _("The session ends before it starts.")})
    if not (place or "").strip():
        raise ValidationError({"place": _("Say where the session takes place.")})
    session = CourseSession.objects.create(course=course, starts_at=starts_at, ends_at=ends_at, place=place.strip(),
                                           seats=seats)
    audit.record("create", actor=acting_user, obj=session, changes=audit.diff({}, audit.snapshot(session)))
    return session


@transaction.atomic
def book(session, *, member, acting_user):
    """A seat in a session: one conditional UPDATE of its counter; a full session refuses."""
    _check_member(member, session.course.union)
    if timezone.now() >= session.starts_at:
        raise ValidationError(_("This session has already started."))
    if Booking.objects.filter(session=session, member=member).exclude(state=Booking.State.CANCELLED).exists():
        raise ValidationError(_("You have already booked this session."))
    if not CourseSession.objects.filter(pk=session.pk, booked__lt=F("seats")).update(booked=F("booked") + 1):
        raise ValidationError(_("This session is full (%(seats)d seats).") % {"seats": session.seats})
    try:
        with transaction.atomic():
            booking = Booking.objects.create(session=session, member=member)
    except IntegrityError:
        raise ValidationError(_("You have already booked this session.")) from None
    audit.record("course_booked", actor=acting_user, obj=booking, changes={"session": [None, session.pk]})
    return booking


@transaction.atomic
def cancel_booking(booking, *, acting_user):
    member = Member.objects.of_user(acting_user)
    if member is None or member.pk != booking.member_id:
        require(acting_user, "events.change_booking", booking.session.course.union, obj=booking)
    booking = Booking.objects.select_for_update().select_related("session").get(pk=booking.pk)
    if booking.state != Booking.State.BOOKED:
        raise ValidationError(_("Only a live booking can be cancelled."))
    if timezone.now() >= booking.session.starts_at:
        raise ValidationError(_("The session has started; the booking can no longer be cancelled."))
    booking.state = Booking.State.CANCELLED
    booking.save(update_fields=["state"])
    CourseSession.objects.filter(pk=booking.session_id).update(booked=F("booked") - 1)
    audit.record("course_booking_cancelled", actor=acting_user, obj=booking, changes={"state": ["booked", "cancelled"]})
    return booking


@transaction.atomic
def record_attendance(booking, *, acting_user):
    require(acting_user, "events.change_booking", booking.session.course.union, obj=booking)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.state == Booking.State.ATTENDED:
        raise ValidationError(_("Attendance was already recorded."))
    if booking.state != Booking.State.BOOKED:
        raise ValidationError(_("This booking was cancelled."))
    booking.state, booking.attended_at = Booking.State.ATTENDED, timezone.now()
    booking.save(update_fields=["state", "attended_at"])
    audit.record("course_attended", actor=acting_user, obj=booking, changes={"state": ["booked", "attended"]})
    return booking
