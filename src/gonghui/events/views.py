"""Events and 你点菜,我买单 pages: staff lists, forms and the check-in desk; the member's H5 pages."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.access import can, get_object, needs, require
from gonghui.core.forms import apply_service_errors, form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.members.models import Member

from . import queries, services
from .filtersets import BookingFilterSet, CourseFilterSet, EventFilterSet, RegistrationFilterSet, TopicFilterSet
from .forms import CheckinForm, CourseForm, EventForm, ProposeForm, SessionForm, TopicForm
from .models import Booking, Course, CourseTopic, Event, Registration
from .tables import BookingTable, CourseTable, EventTable, RegistrationTable, TopicTable

FORM = "orgs/form.html"




# --- events (staff) ----------------------------------------------------------------------------

class EventList(ListPage):
    model = Event
    filterset_class = EventFilterSet
    table_class = EventTable
    title = gettext_lazy("Events")
    add_url_name = "events:create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs("events.add_event")
def event_create(request):
    form = EventForm(request.POST or None, user=request.user)

    def save(data):
        event = services.create_event(acting_user=request.user, **data)
        messages.success(request, _("Event published."))
        return redirect("events:detail", event.pk)

    return form_page(request, form, _("New event"), save, template=FORM)


@login_required
def event_detail(request, pk):
    event = get_object(request.user, Event.objects.select_related("union", "created_by"), pk=pk)
    regs = event.registrations.select_related("member", "member__union")
    return render(request, "events/event_detail.html", {
        "title": event.title, "event": event,
        "seated": regs.filter(state__in=("registered", "attended")).order_by("registered_at", "id"),
        "waiting": regs.filter(state="waitlisted").order_by("queue_no"),
        "cancelled": regs.filter(state="cancelled").count(),
        "can_checkin": can(request.user, "events.change_registration", event.union),
        "can_cancel": event.state == Event.State.PUBLISHED and can(request.user, "events.change_event", event.union),
        "form": CheckinForm(), "history": audit.history(event),
    })


@login_required
def checkin(request, pk):
    """The check-in desk: a staff phone that scans the member's QR lands here with the code
    filled in; a scanner gun or a typed code does the same."""
    event = get_object(request.user, Event.objects.select_related("union"), pk=pk)
    require(request.user, "events.change_registration", event.union, obj=event)
    form = CheckinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    done = None
    if request.method == "POST" and form.is_valid():
        try:
            done = services.check_in(event, code=form.cleaned_data["code"], acting_user=request.user)
            messages.success(request, _("%(name)s checked in.") % {"name": done.member.name})
            form = CheckinForm()
        except ValidationError as e:
            apply_service_errors(form, e)
    attended = event.registrations.filter(state="attended").count()
    return render(request, "events/checkin.html", {"title": _("Check-in: %(title)s") % {"title": event.title},
                                                   "event": event, "form": form, "done": done,
                                                   "attended": attended})


@login_required
@require_POST
def registration_cancel(request, pk):
    reg = get_object(request.user, Registration.objects.select_related("event", "event__union"), "change", pk=pk)
    try:
        _reg, promoted = services.cancel_registration(reg, acting_user=request.user)
        messages.success(request, _("Sign-up cancelled.") + (
            " " + _("%(name)s moved up from the waitlist.") % {"name": promoted.member.name} if promoted else ""))
    except ValidationError as e:
        show_error(request, e)
    return redirect("events:detail", reg.event_id)


@login_required
@require_POST
def event_cancel(request, pk):
    event = get_object(request.user, Event.objects.select_related("union"), "change", pk=pk)
    try:
        services.cancel_event(event, acting_user=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The event is called off; every sign-up is cancelled."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("events:detail", event.pk)


class RegistrationList(ListPage):
    model = Registration
    filterset_class = RegistrationFilterSet
    table_class = RegistrationTable
    title = gettext_lazy("Event sign-ups and attendance")

    def get_queryset(self):
        return super().get_queryset().select_related("event", "member", "member__union")


# --- course demand voting (staff) --------------------------------------------------------------

class TopicList(ListPage):
    model = CourseTopic
    filterset_class = TopicFilterSet
    table_class = TopicTable
    title = gettext_lazy("Course topics (你点菜)")
    add_url_name = "events:topic_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union", "proposed_by")


@needs("events.add_coursetopic")
def topic_create(request):
    form = TopicForm(request.POST or None, user=request.user)

    def save(data):
        services.add_topic(acting_user=request.user, **data)
        messages.success(request, _("Topic open for votes."))
        return redirect("events:topics")

    return form_page(request, form, _("New course topic"), save, template=FORM)


class CourseList(ListPage):
    model = Course
    filterset_class = CourseFilterSet
    table_class = CourseTable
    title = gettext_lazy("Courses (我买单)")
    add_url_name = "events:course_create"
    template_name = "events/course_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("union", "topic")

    def get(self, request):
        # the figures seed 003 reports, from the rows the user may see; the template reads them here
        request.course_figures = queries.staff_figures(request.user)
        return super().get(request)


@needs("events.add_course")
def course_create(request):
    topics = CourseTopic.objects.restrict(request.user, "change").filter(state=CourseTopic.State.OPEN)
    topic = topics.filter(pk=request.GET.get("topic") or 0).select_related("union").first()
    initial = {"topic": topic, "union": topic.union.pk, "title": topic.title} if topic else {}
    form = CourseForm(request.POST or None, user=request.user, topics=topics, initial=initial)

    def save(data):
        course = services.create_course(acting_user=request.user, **data)
        messages.success(request, _("Course created; add its sessions."))
        return redirect("events:course_detail", course.pk)

    return form_page(request, form, _("New course"), save, template=FORM)


@login_required
def course_detail(request, pk):
    course = get_object(request.user, Course.objects.select_related("union", "topic", "created_by"), pk=pk)
    sessions = course.sessions.prefetch_related(Prefetch(
        "bookings", queryset=Booking.objects.exclude(state="cancelled").select_related("member")))
    form = SessionForm(request.POST or None)
    may_add = can(request.user, "events.add_coursesession", course.union)
    if request.method == "POST":
        require(request.user, "events.add_coursesession", course.union, obj=course)
        if form.is_valid():
            try:
                services.add_session(course, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("Session added."))
                return redirect("events:course_detail", course.pk)
            except ValidationError as e:
                apply_service_errors(form, e)
    return render(request, "events/course_detail.html", {
        "title": course.title, "course": course, "sessions": sessions, "form": form, "can_add": may_add,
        "can_attend": can(request.user, "events.change_booking", course.union), "history": audit.history(course),
    })


@login_required
@require_POST
def booking_attend(request, pk):
    booking = get_object(request.user, Booking.objects.select_related("session__course__union", "member"), "change",
                         pk=pk)
    try:
        services.record_attendance(booking, acting_user=request.user)
        messages.success(request, _("Attendance recorded for %(name)s.") % {"name": booking.member.name})
    except ValidationError as e:
        show_error(request, e)
    return redirect("events:course_detail", booking.session.course_id)


class BookingList(ListPage):
    model = Booking
    filterset_class = BookingFilterSet
    table_class = BookingTable
    title = gettext_lazy("Course bookings and attendance")

    def get_queryset(self):
        return super().get_queryset().select_related("session", "session__course", "member")


# --- the member's pages (H5) -------------------------------------------------------------------

def _me(request):
    return Member.objects.of_user(request.user)


def _no_member(request, title):
    return render(request, "events/h5_no_member.html", {"title": title})


@login_required
def my_events(request):
    member = _me(request)
    if member is None:
        return _no_member(request, _("Events"))
    mine = list(queries.my_registrations(member)[:30])
    live = {r.event_id: r for r in mine if r.state != Registration.State.CANCELLED}
    events = list(queries.events_open_to(member)[:50])
    for e in events:
        e.mine = live.get(e.pk)
    return render(request, "events/h5_events.html", {"title": _("Events"), "events": events, "mine": mine})


def _my_event(request, pk, member):
    event = queries.events_open_to(member).filter(pk=pk).first() or Event.objects.filter(
        pk=pk, registrations__member=member).select_related("union").first()
    if event is None:
        raise Http404(_("Not found."))
    return event


@login_required
def my_event(request, pk):
    import segno

    member = _me(request)
    if member is None:
        return _no_member(request, _("Events"))
    event = _my_event(request, pk, member)
    reg = Registration.objects.filter(event=event, member=member).exclude(state="cancelled").first()
    qr = code = None
    if reg is not None and reg.state == Registration.State.REGISTERED:
        code = services.checkin_code(reg)
        url = request.build_absolute_uri(reverse("events:checkin", args=[event.pk]) + "?code=" + code)
        qr = segno.make(url, error="m").svg_inline(scale=4, dark="#b3261e")
    return render(request, "events/h5_event.html", {
        "title": event.title, "event": event, "reg": reg, "qr": qr, "code": code,
        "position": services.waitlist_position(reg) if reg else None})


@login_required
@require_POST
def my_signup(request, pk):
    member = _me(request)
    if member is None:
        raise Http404(_("Not found."))
    event = _my_event(request, pk, member)
    try:
        reg = services.sign_up(event, member=member, acting_user=request.user)
        if reg.state == Registration.State.REGISTERED:
            messages.success(request, _("You are signed up; show the QR code at the venue."))
        else:
            messages.warning(request, _("The event is full; you are number %(n)d on the waitlist and will get "
                                        "a seat if someone cancels.") % {"n": services.waitlist_position(reg)})
    except ValidationError as e:
        show_error(request, e)
    return redirect("events:my_event", event.pk)


@login_required
@require_POST
def my_cancel(request, pk):
    member = _me(request)
    reg = Registration.objects.filter(event_id=pk, member=member).exclude(state="cancelled").select_related(
        "event__union").first() if member else None
    if reg is None:
        raise Http404(_("Not found."))
    try:
        services.cancel_registration(reg, acting_user=request.user)
        messages.success(request, _("Your sign-up is cancelled."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("events:my_event", pk)


@login_required
def my_topics(request):
    member = _me(request)
    if member is None:
        return _no_member(request, _("Course voting"))
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_topic(member=member, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Thank you; your topic is open for votes."))
            return redirect("events:my_topics")
        except ValidationError as e:
            apply_service_errors(form, e)
    topics = list(queries.topics_open_to(member)[:100])
    voted = set(member.topic_votes.values_list("topic_id", flat=True))
    for t in topics:
        t.voted = t.pk in voted
    return render(request, "events/h5_topics.html", {"title": _("Course voting"), "topics": topics, "form": form,
                                                    "figures": queries.member_figures(member)})


@login_required
@require_POST
def my_vote(request, pk):
    member = _me(request)
    topic = queries.topics_open_to(member).filter(pk=pk).first() if member else None
    if topic is None:
        raise Http404(_("Not found."))
    try:
        services.vote(topic, member=member, acting_user=request.user)
        messages.success(request, _("Your vote for “%(title)s” is counted.") % {"title": topic.title})
    except ValidationError as e:
        show_error(request, e)
    return redirect("events:my_topics")


@login_required
def my_courses(request):
    member = _me(request)
    if member is None:
        return _no_member(request, _("Courses"))
    bookings = list(member.course_bookings.select_related("session", "session__course").order_by(
        "-session__starts_at")[:30])
    booked = {b.session_id for b in bookings if b.state != Booking.State.CANCELLED}
    sessions = list(queries.sessions_open_to(member)[:50])
    for s in sessions:
        s.mine = s.pk in booked
    return render(request, "events/h5_courses.html", {"title": _("Courses"), "sessions": sessions,
                                                     "bookings": bookings})


@login_required
@require_POST
def my_book(request, pk):
    member = _me(request)
    session = queries.sessions_open_to(member).filter(pk=pk).select_related("course__union").first() if member else None
    if session is None:
        raise Http404(_("Not found."))
    try:
        services.book(session, member=member, acting_user=request.user)
        messages.success(request, _("Seat booked: %(session)s.") % {"session": str(session)})
    except ValidationError as e:
        show_error(request, e)
    return redirect("events:my_courses")


@login_required
@require_POST
def my_booking_cancel(request, pk):
    member = _me(request)
    booking = (Booking.objects.filter(pk=pk, member=member).select_related("session__course__union").first()
               if member else None)
    if booking is None:
        raise Http404(_("Not found."))
    try:
        services.cancel_booking(booking, acting_user=request.user)
        messages.success(request, _("Booking cancelled."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("events:my_courses")

