"""Two phones at once: one try is started, one answer sheet scored, one check-in a day.

Real threads, each with its own database connection, meeting at a barrier. PostgreSQL only
(see test_assistance_concurrency for why SQLite's in-memory test database cannot race)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gonghui.engagement import services
from gonghui.engagement.models import Attempt, CheckIn

from ..factories import build_city
from .conftest import answers, member, plan, quiz

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="needs separate connections to one shared database (PostgreSQL)")


def _race(n, work):
    barrier = threading.Barrier(n)
    outcomes = []

    def run():
        try:
            barrier.wait(timeout=30)
            outcomes.append(("ok", work()))
        except ValidationError as e:
            outcomes.append(("refused", " ".join(e.messages)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_four_phones_starting_at_once_use_one_try():
    city = build_city()
    q = quiz(city, tries=2)
    m = member(city)
    outcomes = _race(4, lambda: services.start_attempt(acting_user=m.user, quiz=q).pk)
    assert len(outcomes) == 4
    assert Attempt.objects.filter(quiz=q, member=m).count() == 1
    started = {pk for kind, pk in outcomes if kind == "ok"}
    assert len(started) == 1  # the others got the same try back, or were told it had just started


@pytest.mark.django_db(transaction=True)
def test_one_answer_sheet_sent_twice_at_once_is_scored_once():
    city = build_city()
    q = quiz(city)
    m = member(city)
    a = services.start_attempt(acting_user=m.user, quiz=q)
    sheet = answers(q)
    outcomes = _race(3, lambda: services.submit_attempt(acting_user=m.user, attempt=a, answers=sheet).score)
    assert sorted(kind for kind, _v in outcomes) == ["ok", "refused", "refused"]
    assert all("已经交卷" in v for kind, v in outcomes if kind == "refused")


@pytest.mark.django_db(transaction=True)
def test_two_check_ins_at_once_make_one():
    city = build_city()
    p = plan(city)
    m = member(city)
    outcomes = _race(3, lambda: services.check_in(acting_user=m.user, plan=p, note="同时打卡").pk)
    assert sorted(kind for kind, _v in outcomes) == ["ok", "refused", "refused"]
    assert CheckIn.objects.filter(member=m).count() == 1
