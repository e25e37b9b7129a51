"""The events demo step: seats never exceeded, waitlists behind full events, the course
figures computed from the rows, and the `member` login signed up with a QR to show."""


from django.db.models import Count, F, Q

from gonghui.events import queries
from gonghui.events.models import Booking, CourseSession, CourseTopic, Event, Registration


def test_the_demo_events_keep_their_seats_and_waitlists(demo):
    events = Event.objects.annotate(live=Count("registrations", filter=Q(
        registrations__state__in=("registered", "attended"))))
    assert events.count() >= 6
    for e in events:
        assert e.live == e.seats_taken <= e.capacity
    assert Registration.objects.filter(state="waitlisted").exists()
    assert Registration.objects.filter(state="attended").exists()
    assert Registration.objects.filter(member__user__username="member", state="registered").exists()


def test_the_demo_courses_give_the_seed_figures_from_the_rows(demo):
    assert CourseTopic.objects.count() >= 12
    assert not CourseSession.objects.filter(booked__gt=F("seats")).exists()
    for s in CourseSession.objects.annotate(n=Count("bookings"))[:20]:
        assert s.n == s.booked
    from gonghui.events.models import Course

    figures = queries.course_figures(Course.objects.all(), Booking.objects.all())
    assert figures["courses_run"] >= 10
    assert figures["person_times"] == Booking.objects.filter(state="attended").count() > 0
    for t in CourseTopic.objects.all():
        assert t.votes == t.vote_rows.count()
