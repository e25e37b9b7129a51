"""Two clerks approve at the same moment against a budget with room for one: exactly one wins.

Real threads, each with its own database connection, meeting at a barrier just before the
approval. Runs on PostgreSQL only: SQLite's in-memory test database is one connection per
thread with its own private database, so the threads would not share the budget row at all
(the single-writer lock makes the race impossible there anyway)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gonghui.assistance import services
from gonghui.assistance.models import AssistanceApplication, ProgrammeBudget

from ..factories import build_city
from .conftest import apply, member, student_aid

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="needs separate connections to one shared database (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_exceed_the_budget():
    city = build_city()
    programme = student_aid(city, budget_fen=500_000)  # room for one 3,000 元 grant, not two
    apps = [apply(city, programme, member(city, i, is_migrant_worker=True)) for i in (1, 2, 3, 4)]
    barrier = threading.Barrier(len(apps))
    outcomes = []

    def approve(application):
        try:
            barrier.wait(timeout=30)
            services.approve(application, acting_user=city.users["rights"], opinion="同意")
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(a,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["approved", "refused", "refused", "refused"]
    budget = ProgrammeBudget.objects.get(programme=programme)
    assert budget.committed_fen == 300_000 <= budget.amount_fen
    assert AssistanceApplication.objects.filter(state="approved").count() == 1
