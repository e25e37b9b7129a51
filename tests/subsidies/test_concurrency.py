"""Clerks approve at the same moment against a programme with room for some: the budget is never
exceeded, and exactly as many win as the budget holds.

Real threads, each with its own database connection, meeting at a barrier just before the
approval. PostgreSQL only: SQLite's in-memory test database is private to each thread's
connection (and its single-writer lock makes the race impossible there anyway)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gonghui.subsidies import services
from gonghui.subsidies.models import AwardSubsidy, SubsidyProgramme

from ..factories import build_city
from .conftest import apply, inspected, position, programme

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="needs separate connections to one shared database (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_exceed_the_budget():
    city = build_city()
    prog = programme(city, budget_fen=1_000_000)  # room for two awards of 4,000 元, not three
    subsidies = [inspected(city, apply(city, prog, position(city), requested_fen=400_000)) for _ in range(6)]
    barrier = threading.Barrier(len(subsidies))
    outcomes = []
    approvers = ["city", "county"]

    def approve(i, subsidy):
        try:
            barrier.wait(timeout=30)
            services.approve(subsidy, acting_user=city.users[approvers[i % 2]], opinion="同意")
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(i, s)) for i, s in enumerate(subsidies)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["approved"] * 2 + ["refused"] * 4
    prog = SubsidyProgramme.objects.get(pk=prog.pk)
    assert prog.committed_fen == 800_000 <= prog.budget_fen
    assert AwardSubsidy.objects.filter(state="approved").count() == 2
    assert AwardSubsidy.objects.filter(state="inspected").count() == 4
