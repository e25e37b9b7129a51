"""Scoped reads: the events and topics open to a member, and the figures of 你点菜,我买单."""

from django.db.models import Q
from django.utils import timezone

from .models import Booking, Course, CourseSession, CourseTopic, Event, Registration
from .services import paths_above


def events_open_to(member):
    """Published events of the member's union and the unions above it that have not ended."""
    return (Event.objects.filter(union__path__in=paths_above(member), state=Event.State.PUBLISHED,
                                 ends_at__gte=timezone.now()).select_related("union").order_by("starts_at", "id"))


def my_registrations(member):
    return (Registration.objects.filter(member=member).select_related("event", "event__union")
            .order_by("-registered_at", "-id"))


def topics_open_to(member):
    return CourseTopic.objects.filter(union__path__in=paths_above(member)).select_related("union").order_by(
        "state", "-votes", "created_at", "id")


def sessions_open_to(member):
    return (CourseSession.objects.filter(course__union__path__in=paths_above(member),
                                         starts_at__gt=timezone.now()).select_related("course")
            .order_by("starts_at", "id"))


def ran_q(prefix=""):
    """A course has run once one of its sessions has begun."""
    return Q(**{f"{prefix}sessions__starts_at__lte": timezone.now()})


def course_figures(courses, bookings):
    """The figures seed 003 reports (courses run, person-times served), from the rows."""
    return {
        "courses_run": courses.filter(ran_q()).distinct().count(),
        "person_times": bookings.filter(state=Booking.State.ATTENDED).count(),
        "topics": None,
    }


def staff_figures(user):
    figures = course_figures(Course.objects.restrict(user), Booking.objects.restrict(user))
    figures["topics"] = CourseTopic.objects.restrict(user).count()
    return figures


def member_figures(member):
    paths = paths_above(member)
    figures = course_figures(Course.objects.filter(union__path__in=paths),
                             Booking.objects.filter(session__course__union__path__in=paths))
    figures["topics"] = CourseTopic.objects.filter(union__path__in=paths).count()
    return figures
