import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable

from .models import Booking, Course, CourseTopic, Event, Registration


class EventTable(ListTable):
    title = tables.Column(verbose_name=_("Title"), linkify=("events:detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Organising union"), order_by="union__path")
    place = tables.Column(verbose_name=_("Place"))
    starts_at = tables.DateTimeColumn(verbose_name=_("Starts at"))
    signup_closes_at = tables.DateTimeColumn(verbose_name=_("Sign-up closes at"))
    capacity = tables.Column(verbose_name=_("Seats"))
    seats_taken = tables.Column(verbose_name=_("Seats taken"))
    state = tables.Column(verbose_name=_("State"))

    class Meta(ListTable.Meta):
        model = Event
        fields = ("title", "union", "place", "starts_at", "signup_closes_at", "capacity", "seats_taken", "state")
        attrs = ListTable.Meta.attrs | {"data-testid": "event-table"}


class RegistrationTable(ListTable):
    """The attendance ledger (签到台账) of events: exported as xlsx from the list."""

    event = tables.Column(verbose_name=_("Event"), accessor="event__title", linkify=(
        "events:detail", [tables.A("event_id")]))
    name = tables.Column(verbose_name=_("Member"), accessor="member__name", order_by="member__name")
    number = tables.Column(verbose_name=_("Member number"), accessor="member__number")
    union = tables.Column(verbose_name=_("Union"), accessor="member__union__name", order_by="member__union_path")
    state = tables.Column(verbose_name=_("State"))
    queue_no = tables.Column(verbose_name=_("Waitlist number"), default="")
    registered_at = tables.DateTimeColumn(verbose_name=_("Signed up at"))
    attended_at = tables.DateTimeColumn(verbose_name=_("Checked in at"), default="")

    class Meta(ListTable.Meta):
        model = Registration
        fields = ("event", "name", "number", "union", "state", "queue_no", "registered_at", "attended_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "registration-table"}


class TopicTable(ListTable):
    title = tables.Column(verbose_name=_("Course topic"))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    votes = tables.Column(verbose_name=_("Votes"))
    state = tables.Column(verbose_name=_("State"))
    proposed_by = tables.Column(verbose_name=_("Proposed by"), accessor="proposed_by__name", default="")
    created_at = tables.DateTimeColumn(verbose_name=_("Proposed at"))
    actions = tables.Column(verbose_name="", accessor="pk", orderable=False, exclude_from_export=True)

    class Meta(ListTable.Meta):
        model = CourseTopic
        fields = ("title", "union", "votes", "state", "proposed_by", "created_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "topic-table"}
        order_by = ("-votes",)

    def render_actions(self, record):
        from django.urls import reverse
        from django.utils.html import format_html

        from gonghui.core.access import can

        if record.state != CourseTopic.State.OPEN or not can(self.request.user, "events.add_course", record.union):
            return ""
        return format_html('<a class="btn btn-sm btn-outline-primary" href="{}?topic={}">{}</a>',
                           reverse("events:course_create"), record.pk, _("Make a course"))


class CourseTable(ListTable):
    title = tables.Column(verbose_name=_("Course"), linkify=("events:course_detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    teacher = tables.Column(verbose_name=_("Teacher"))
    topic = tables.Column(verbose_name=_("Course topic"), accessor="topic__title", default="")
    created_at = tables.DateTimeColumn(verbose_name=_("Created at"))

    class Meta(ListTable.Meta):
        model = Course
        fields = ("title", "union", "teacher", "topic", "created_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "course-table"}


class BookingTable(ListTable):
    course = tables.Column(verbose_name=_("Course"), accessor="session__course__title", linkify=(
        "events:course_detail", [tables.A("session__course_id")]))
    session = tables.DateTimeColumn(verbose_name=_("Session"), accessor="session__starts_at")
    name = tables.Column(verbose_name=_("Member"), accessor="member__name", order_by="member__name")
    number = tables.Column(verbose_name=_("Member number"), accessor="member__number")
    state = tables.Column(verbose_name=_("State"))
    booked_at = tables.DateTimeColumn(verbose_name=_("Booked at"))
    attended_at = tables.DateTimeColumn(verbose_name=_("Attended at"), default="")

    class Meta(ListTable.Meta):
        model = Booking
        fields = ("course", "session", "name", "number", "state", "booked_at", "attended_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "booking-table"}
