"""Concurrent approvals never overspend a line, and concurrent gifts to one member never pass
the cap: real threads, each with its own connection, meeting at a barrier (the approach of
tests/assistance/test_concurrency.py). PostgreSQL only: SQLite's in-memory test database is
private to each thread's connection."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gonghui.budgets import services
from gonghui.budgets.models import BudgetLine, Spending

from ..factories import build_city, colleague
from .conftest import approved_budget, member

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="needs separate connections to one shared database (PostgreSQL)")


def _race(work, items):
    barrier = threading.Barrier(len(items))
    outcomes = []

    def run(item):
        try:
            barrier.wait(timeout=30)
            work(item)
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_overspend_a_line():
    c = build_city()
    approved_budget(c, business=120_000, activities=1)
    line = BudgetLine.objects.get(category="business")
    entries = [services.enter_spending(acting_user=c.users["union"], union=c.grassroots, category="business",
                                       spent_on=date.today(), amount_fen=30_000, purpose=f"培训{i}")[0]
               for i in range(4)]
    cut = services.propose_adjustment(line, acting_user=c.users["union"], delta_fen=-80_000, reason="压缩")
    approver = c.users[colleague(c, "union")]
    services.decide_adjustment(cut, acting_user=approver, approve=True)  # room for one entry now
    outcomes = _race(lambda s: services.approve_spending(s, acting_user=approver), entries)
    assert outcomes == ["done", "refused", "refused", "refused"]
    line.refresh_from_db()
    assert (line.amount_fen, line.spent_fen) == (40_000, 30_000)
    assert Spending.objects.filter(state="approved").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_gifts_to_one_member_never_pass_the_cap():
    c = build_city()
    approved_budget(c)
    m = member(c)
    clerks = [c.users["operator"], c.users[colleague(c, "operator")], c.users["union"]]

    def give(user):
        services.enter_spending(acting_user=user, union=c.grassroots, category="activities", spent_on=date.today(),
                                amount_fen=100_000, purpose="春节慰问品", member=m, benefit="festival",
                                festival="spring")

    outcomes = _race(give, clerks)  # Hunan's cap is 1,500 元 a year: room for one 1,000 元 gift
    assert outcomes == ["done", "refused", "refused"]
    assert Spending.objects.filter(member=m).count() == 1
