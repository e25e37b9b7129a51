"""Many members sign up (and book) at the same moment: the seats are never exceeded.

Real threads, each with its own database connection, meet at a barrier before the write. On
PostgreSQL they race for the event's row; on SQLite the test database is one shared in-memory
database and the write lock serialises them (a thread that finds the lock taken tries again,
as a busy page would)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connections

from gonghui.events import services
from gonghui.events.models import Booking, CourseSession, Event, Registration

from ..factories import build_city
from .conftest import member, open_event, session

THREADS = 12


def _race(work, items):
    barrier = threading.Barrier(len(items))
    outcomes, errors = [], []

    def run(item):
        try:
            barrier.wait(timeout=30)
            for _attempt in range(200):
                try:
                    outcomes.append(work(item))
                    return
                except OperationalError as e:  # SQLite: the write lock is held by another thread
                    if "locked" not in str(e):
                        raise
                    time.sleep(0.01)
            errors.append("gave up")
        except ValidationError as e:
            outcomes.append(" ".join(e.messages))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(repr(e))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ups_never_exceed_the_seats_and_the_rest_wait_in_line():
    city = build_city()
    event = open_event(city, capacity=5)
    people = [member(city) for _ in range(THREADS)]
    outcomes = _race(lambda m: services.sign_up(event, member=m, acting_user=m.user).state, people)
    assert sorted(outcomes) == ["registered"] * 5 + ["waitlisted"] * (THREADS - 5)
    event.refresh_from_db()
    assert event.seats_taken == 5 == Registration.objects.filter(event=event, state="registered").count()
    numbers = list(Registration.objects.filter(event=event, state="waitlisted").values_list("queue_no", flat=True))
    assert len(set(numbers)) == THREADS - 5

    # cancellations at the same moment as new sign-ups: seats stay exact and nobody waits for a free seat
    seated = list(Registration.objects.filter(event=event, state="registered").select_related("member__user")[:3])
    newcomers = [member(city) for _ in range(3)]

    def act(item):
        if isinstance(item, Registration):
            services.cancel_registration(item, acting_user=item.member.user)
            return "cancelled"
        return services.sign_up(event, member=item, acting_user=item.user).state

    _race(act, [*seated, *newcomers])
    event.refresh_from_db()
    live = Registration.objects.filter(event=event, state="registered").count()
    assert event.seats_taken == live == 5
    # three seats freed, three newcomers: every waiting member is still accounted for
    assert Registration.objects.exclude(state="cancelled").filter(event=event).count() == THREADS
    assert not (live < event.capacity and Registration.objects.filter(event=event, state="waitlisted").exists())


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_never_exceed_the_session_seats_nor_two_phones_book_twice():
    city = build_city()
    s = session(city, seats=4)
    people = [member(city) for _ in range(THREADS)]
    outcomes = _race(lambda m: services.book(s, member=m, acting_user=m.user).state, people)
    assert outcomes.count("booked") == 4
    assert CourseSession.objects.get(pk=s.pk).booked == 4 == Booking.objects.filter(session=s).count()

    one = member(city)
    other = session(city, seats=10)
    outcomes = _race(lambda _i: services.book(other, member=one, acting_user=one.user).state, range(6))
    assert outcomes.count("booked") == 1
    assert CourseSession.objects.get(pk=other.pk).booked == 1
    assert Event.objects.count() == 0
