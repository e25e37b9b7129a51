"""Events: sign-up within the window, seats held by the database, the waitlist moved up on
cancellation, check-in codes; course voting and booking; the figures."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core.models import AuditEntry
from gonghui.events import queries, services
from gonghui.events.models import Booking, CourseSession, CourseTopic, Event, Registration, TopicVote

from .conftest import course, member, open_event, session, topic

pytestmark = pytest.mark.django_db


def _sign(event, m):
    return services.sign_up(event, member=m, acting_user=m.user)


def test_seats_then_waitlist_in_order(city):
    event = open_event(city, capacity=2)
    regs = [_sign(event, member(city)) for _ in range(4)]
    assert [r.state for r in regs] == ["registered", "registered", "waitlisted", "waitlisted"]
    assert [services.waitlist_position(r) for r in regs[2:]] == [1, 2]
    event.refresh_from_db()
    assert event.seats_taken == 2
    assert AuditEntry.objects.filter(action="event_signup").count() == 4


def test_cancelling_a_seat_moves_the_first_in_line_up(city):
    event = open_event(city, capacity=1)
    first, second, third = (_sign(event, member(city)) for _ in range(3))
    _reg, promoted = services.cancel_registration(first, acting_user=first.member.user)
    assert promoted.pk == second.pk
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.state, third.state) == ("registered", "waitlisted")
    assert services.waitlist_position(third) == 1
    event.refresh_from_db()
    assert event.seats_taken == 1
    # a waitlisted member who cancels frees no seat
    services.cancel_registration(third, acting_user=third.member.user)
    event.refresh_from_db()
    assert event.seats_taken == 1
    # the last seat given back with nobody waiting is free again
    services.cancel_registration(second, acting_user=second.member.user)
    event.refresh_from_db()
    assert event.seats_taken == 0


def test_sign_up_outside_the_window_or_twice_is_refused(city):
    m = member(city)
    later = open_event(city, signup_opens_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(ValidationError, match="报名将于"):
        _sign(later, m)
    over = open_event(city, signup_opens_at=timezone.now() - timedelta(days=2),
                      signup_closes_at=timezone.now() - timedelta(days=1))
    with pytest.raises(ValidationError, match="报名已于"):
        _sign(over, m)
    event = open_event(city)
    _sign(event, m)
    with pytest.raises(ValidationError, match="已报名"):
        _sign(event, m)
    assert Registration.objects.filter(member=m).count() == 1


def test_members_outside_the_subtree_cannot_sign_up(city):
    event = open_event(city, union=city.county)
    with pytest.raises(ValidationError, match="衡阳县总工会"):
        _sign(event, member(city, city.grassroots2))
    assert not Registration.objects.exists()


def test_the_database_refuses_more_seats_than_capacity_and_a_second_live_registration(city):
    event = open_event(city, capacity=1)
    r = _sign(event, member(city))
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(seats_taken=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, member=r.member, state="registered")


def test_check_in_by_code(city):
    event = open_event(city, capacity=1)
    seated, waiting = _sign(event, member(city)), _sign(event, member(city))
    staff = city.users["publicity"]
    for bad, message in [("abc", "不是签到码"), (f"{event.pk}-{seated.pk}-0000000000", "无效"),
                         (services.checkin_code(waiting), "候补")]:
        with pytest.raises(ValidationError, match=message):
            services.check_in(event, code=bad, acting_user=staff)
    other = open_event(city, title="读书分享会")
    with pytest.raises(ValidationError, match="读书分享会"):
        services.check_in(event, code=services.checkin_code(_sign(other, member(city))), acting_user=staff)
    reg = services.check_in(event, code=services.checkin_code(seated).lower(), acting_user=staff)
    assert reg.state == "attended" and reg.checked_in_by == staff
    with pytest.raises(ValidationError, match="已于"):
        services.check_in(event, code=services.checkin_code(seated), acting_user=staff)


def test_union_staff_check_in_only_at_their_own_unions_events(city):
    from django.core.exceptions import PermissionDenied

    event = open_event(city, union=city.grassroots, by="union")
    mine = _sign(event, member(city))
    services.check_in(event, code=services.checkin_code(mine), acting_user=city.users["union"])
    county_event = open_event(city)
    reg = _sign(county_event, member(city))
    with pytest.raises(PermissionDenied):
        services.check_in(county_event, code=services.checkin_code(reg), acting_user=city.users["union"])
    with pytest.raises(PermissionDenied):  # the organisation department holds no events rights
        open_event(city, by="county")


def test_votes_are_one_per_member_per_topic(city):
    t = topic(city)
    m = member(city)
    services.vote(t, member=m, acting_user=m.user)
    with pytest.raises(ValidationError, match="已经投过"):
        services.vote(t, member=m, acting_user=m.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        TopicVote.objects.create(topic=t, member=m)
    t.refresh_from_db()
    assert t.votes == 1


def test_a_member_proposes_to_the_city_and_duplicates_are_refused(city):
    m = member(city)
    t = services.propose_topic(member=m, acting_user=m.user, title="  短视频拍摄 ")
    assert (t.union, t.title, t.proposed_by) == (city.root, "短视频拍摄", m)
    with pytest.raises(ValidationError, match="投票"):
        services.propose_topic(member=member(city), acting_user=m.user, title="短视频拍摄")
    with pytest.raises(ValidationError):
        services.propose_topic(member=m, acting_user=m.user, title=" ")


def test_course_from_topic_booking_full_session_and_attendance(city):
    t = topic(city)
    c = services.create_course(acting_user=city.users["publicity"], union=city.root, title="", topic=t)
    t.refresh_from_db()
    assert (c.title, t.state) == ("职场礼仪", CourseTopic.State.ADOPTED)
    s = session(city, c, seats=1)
    m = member(city)
    b = services.book(s, member=m, acting_user=m.user)
    with pytest.raises(ValidationError, match="已预约"):
        services.book(s, member=m, acting_user=m.user)
    other = member(city)
    with pytest.raises(ValidationError, match="已满"):
        services.book(s, member=other, acting_user=other.user)
    services.cancel_booking(b, acting_user=m.user)
    b2 = services.book(s, member=other, acting_user=other.user)
    s.refresh_from_db()
    assert s.booked == 1
    services.record_attendance(b2, acting_user=city.users["publicity"])
    with pytest.raises(ValidationError):
        services.record_attendance(b2, acting_user=city.users["publicity"])
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseSession.objects.filter(pk=s.pk).update(booked=2)


def test_figures_count_courses_run_and_person_times_from_the_rows(city):
    c = course(city)
    past = CourseSession.objects.create(course=c, starts_at=timezone.now() - timedelta(days=3),
                                        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2), place="x",
                                        seats=5)
    people = [member(city) for _ in range(3)]
    for i, m in enumerate(people):
        Booking.objects.create(session=past, member=m, state="attended" if i < 2 else "booked")
    course(city, title="还没开课")
    session(city, course(city, title="下周开课"))
    figures = queries.staff_figures(city.users["publicity"])
    assert (figures["courses_run"], figures["person_times"]) == (1, 2)
    assert queries.member_figures(people[0])["person_times"] == 2
    assert queries.staff_figures(city.users["union"])["courses_run"] == 0  # the county's courses are above it


def test_calling_an_event_off_cancels_every_sign_up_and_needs_a_reason(city):
    event = open_event(city, capacity=1)
    regs = [_sign(event, member(city)) for _ in range(2)]
    with pytest.raises(ValidationError, match="原因"):
        services.cancel_event(event, acting_user=city.users["publicity"], reason=" ")
    services.cancel_event(event, acting_user=city.users["publicity"], reason="天气原因")
    event.refresh_from_db()
    assert (event.state, event.seats_taken) == ("cancelled", 0)
    assert {r.state for r in Registration.objects.filter(pk__in=[r.pk for r in regs])} == {"cancelled"}
    with pytest.raises(ValidationError, match="已取消"):
        _sign(event, member(city))
