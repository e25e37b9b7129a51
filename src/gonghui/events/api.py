"""Events and course API: the same services, filters and scoping as the pages.

Staff (with events rights) list, read and create events in their subtree and check members
in; a member's account lists the events open to them and signs up or cancels. Courses: the
topics (a member sees those open to them and votes or proposes), the courses and their
sessions, and booking a seat."""

from datetime import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Union

from . import queries, services
from .filtersets import CourseFilterSet, EventFilterSet, TopicFilterSet
from .models import Course, CourseTopic, Event, Registration

router = Router(tags=["events"])


def _member(request):
    """The member behind a member's token, else None (staff)."""
    if getattr(request.user, "kind", None) != "member":
        return None
    return services.member_of(request.user)


class EventOut(Schema):
    id: int
    title: str
    union_id: int
    union_name: str
    place: str
    description: str
    starts_at: datetime
    ends_at: datetime
    signup_opens_at: datetime
    signup_closes_at: datetime
    capacity: int
    seats_taken: int
    state: str

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name


class EventIn(Schema):
    union_id: int
    title: str
    place: str
    starts_at: datetime
    ends_at: datetime
    signup_opens_at: datetime
    signup_closes_at: datetime
    capacity: int
    description: str = ""


class RegistrationOut(Schema):
    id: int
    event_id: int
    member_id: int
    state: str
    waitlist_position: int | None
    registered_at: datetime
    attended_at: datetime | None
    checkin_code: str | None

    @staticmethod
    def resolve_waitlist_position(obj):
        return services.waitlist_position(obj)

    @staticmethod
    def resolve_checkin_code(obj):
        return services.checkin_code(obj) if obj.state == Registration.State.REGISTERED else None


class CheckinIn(Schema):
    code: str


class CheckinOut(Schema):
    registration_id: int
    member_name: str
    state: str


@router.get("/events", response=list[EventOut])
@paginate(Page)
def list_events(request):
    """Staff: events in their subtree (filters `q`, `state`, `when`, `under`). A member: the
    events open to them now."""
    member = _member(request)
    if member is not None:
        return queries.events_open_to(member)
    require(request.user, "events.view_event")
    return _filtered(EventFilterSet, request, Event.objects.restrict(request.user).select_related("union"))


def _event_for(request, ev_event_id):
    member = _member(request)
    if member is not None:
        event = queries.events_open_to(member).filter(pk=ev_event_id).first() or Event.objects.filter(
            pk=ev_event_id, registrations__member=member).select_related("union").first()
        if event is None:
            raise Http404(_("Not found."))
        return event, member
    return get_object(request.user, Event.objects.select_related("union"), pk=ev_event_id), None


@router.get("/events/{int:ev_event_id}", response=EventOut)
def get_event(request, ev_event_id: int):
    return _event_for(request, ev_event_id)[0]


@router.post("/events", response={201: EventOut})
def create_event(request, body: EventIn):
    data = body.dict()
    union = get_object(request.user, Union, pk=data.pop("union_id"))
    return Status(201, services.create_event(acting_user=request.user, union=union, **data))


@router.post("/events/{int:ev_event_id}/register", response={201: RegistrationOut})
def register(request, ev_event_id: int):
    """A member signs up: `state` is `registered` (a seat) or `waitlisted` with its position."""
    event, member = _event_for(request, ev_event_id)
    if member is None:
        raise Http404(_("Not found."))
    return Status(201, services.sign_up(event, member=member, acting_user=request.user))


@router.post("/events/{int:ev_event_id}/cancel", response=RegistrationOut)
def cancel(request, ev_event_id: int):
    """A member cancels their sign-up; a freed seat goes to the first on the waitlist."""
    event, member = _event_for(request, ev_event_id)
    reg = Registration.objects.filter(event=event, member=member).exclude(state="cancelled").first() if member else None
    if reg is None:
        raise Http404(_("Not found."))
    reg.event = event
    return services.cancel_registration(reg, acting_user=request.user)[0]


@router.post("/events/{int:ev_event_id}/checkin", response=CheckinOut)
def checkin(request, ev_event_id: int, body: CheckinIn):
    """Staff check a member in with the code of their QR."""
    event = get_object(request.user, Event.objects.select_related("union"), pk=ev_event_id)
    reg = services.check_in(event, code=body.code, acting_user=request.user)
    return {"registration_id": reg.pk, "member_name": reg.member.name, "state": reg.state}


# --- courses -----------------------------------------------------------------------------------

class TopicOut(Schema):
    id: int
    title: str
    description: str
    union_id: int
    votes: int
    state: str
    created_at: datetime


class TopicIn(Schema):
    title: str
    description: str = ""
    union_id: int | None = None


class VoteOut(Schema):
    topic_id: int
    votes: int


class SessionOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    place: str
    seats: int
    booked: int


class CourseOut(Schema):
    id: int
    title: str
    teacher: str
    union_id: int
    topic_id: int | None
    sessions: list[SessionOut]

    @staticmethod
    def resolve_sessions(obj):
        return list(obj.sessions.all())


class BookingOut(Schema):
    id: int
    session_id: int
    state: str
    booked_at: datetime


@router.get("/courses/topics", response=list[TopicOut])
@paginate(Page)
def list_topics(request):
    """Staff: topics in their subtree (filters `q`, `state`). A member: topics open to them."""
    member = _member(request)
    if member is not None:
        return queries.topics_open_to(member)
    require(request.user, "events.view_coursetopic")
    return _filtered(TopicFilterSet, request, CourseTopic.objects.restrict(request.user).select_related("union"))


@router.post("/courses/topics", response={201: TopicOut})
def propose_topic(request, body: TopicIn):
    """A member proposes a topic (to the city federation); staff add one to `union_id`."""
    member = _member(request)
    if member is not None:
        return Status(201, services.propose_topic(member=member, acting_user=request.user, title=body.title,
                                                  description=body.description))
    union = get_object(request.user, Union, pk=body.union_id or 0)
    return Status(201, services.add_topic(acting_user=request.user, union=union, title=body.title,
                                          description=body.description))


@router.post("/courses/topics/{int:ev_topic_id}/vote", response={201: VoteOut})
def vote(request, ev_topic_id: int):
    member = _member(request)
    topic = queries.topics_open_to(member).filter(pk=ev_topic_id).first() if member else None
    if topic is None:
        raise Http404(_("Not found."))
    services.vote(topic, member=member, acting_user=request.user)
    topic.refresh_from_db()
    return Status(201, {"topic_id": topic.pk, "votes": topic.votes})


@router.get("/courses", response=list[CourseOut])
@paginate(Page)
def list_courses(request):
    """Staff: courses in their subtree (filters `q`, `ran`). A member: courses open to them."""
    member = _member(request)
    if member is not None:
        qs = Course.objects.filter(union__path__in=services.paths_above(member))
    else:
        require(request.user, "events.view_course")
        qs = _filtered(CourseFilterSet, request, Course.objects.restrict(request.user))
    return qs.prefetch_related("sessions")


@router.post("/courses/sessions/{int:ev_session_id}/book", response={201: BookingOut})
def book(request, ev_session_id: int):
    """A member books a seat; a full session answers 422 with the reason."""
    member = _member(request)
    session = (queries.sessions_open_to(member).filter(pk=ev_session_id).select_related("course__union").first()
               if member else None)
    if session is None:
        raise Http404(_("Not found."))
    return Status(201, services.book(session, member=member, acting_user=request.user))


