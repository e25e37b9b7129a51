"""Concurrent approvals against one budget on PostgreSQL: exact, and how fast.

Builds the small test city in its own database, a 金秋助学 programme whose budget has room for
exactly ROOM of the APPLICATIONS (3,000 元 each), and has THREADS clerks approve all of them at
once through `assistance.services.approve` (each approval its own transaction: lock the
application, the conditional UPDATE of the budget, the yearly-cap check, the audit record).
It prints approvals per second, checks that exactly ROOM were approved and the budget is spent
to the fen, then runs the raw baseline: the same number of bare conditional UPDATEs of the one
hot budget row from the same threads, and prints the ratio. Timings are printed, never asserted.

    .venv/bin/python bench/approvals.py          # BENCH_THREADS=8 BENCH_APPLICATIONS=1000 BENCH_ROOM=600
"""

import os
import threading
import time

from common import start_django  # bench/ is on sys.path when run as a script

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gonghui_approvals_bench"
THREADS = int(os.environ.get("BENCH_THREADS", "8"))
APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "1000"))
ROOM = int(os.environ.get("BENCH_ROOM", "600"))
AMOUNT_FEN = 300_000  # an undergraduate without a hardship file


def setup():
    start_django(DEFAULT_URL)
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False)


def build():
    """The test city, the programme and APPLICATIONS submitted applications."""
    from tests.assistance.conftest import apply, member, student_aid
    from tests.factories import build_city

    city = build_city()
    programme = student_aid(city, budget_fen=ROOM * AMOUNT_FEN)
    started = time.perf_counter()
    applications = [apply(city, programme, member(city, n, is_migrant_worker=True), by="rights")
                    for n in range(APPLICATIONS)]
    print(f"{APPLICATIONS:,} applications submitted in {time.perf_counter() - started:.1f} s")
    return city, programme, applications


def in_threads(work, items):
    """Run work(item) for every item from THREADS threads, each on its own connection; seconds."""
    from django.db import connection

    chunks = [items[i::THREADS] for i in range(THREADS)]
    gate = threading.Barrier(THREADS + 1)

    def run(chunk):
        try:
            gate.wait()
            for item in chunk:
                work(item)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    gate.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - started


def approvals(city, programme, applications):
    from django.core.exceptions import ValidationError

    from gonghui.assistance import services

    results = {"approved": 0, "refused": 0}
    lock = threading.Lock()

    def approve(application):
        try:
            services.approve(application, acting_user=city.users["rights"], opinion="同意")
            outcome = "approved"
        except ValidationError:
            outcome = "refused"
        with lock:
            results[outcome] += 1

    seconds = in_threads(approve, applications)
    budget = programme.budgets.get()
    print(f"approvals through the service: {len(applications):,} in {seconds:.2f} s = "
          f"{len(applications) / seconds:,.0f}/s with {THREADS} threads")
    print(f"  approved {results['approved']:,} (room for {ROOM:,}), refused {results['refused']:,}; "
          f"budget {budget.amount_fen / 100:,.2f} 元, committed {budget.committed_fen / 100:,.2f} 元, "
          f"over-issue {max(0, results['approved'] - ROOM)}")
    assert results["approved"] == ROOM and budget.committed_fen == budget.amount_fen, "the budget was not exact"
    return len(applications) / seconds


def baseline(programme):
    """Bare conditional UPDATEs of the hot row, autocommit, the same count from the same threads."""
    from django.db import connection

    budget = programme.budgets.get()
    budget.committed_fen = 0
    budget.save(update_fields=["committed_fen"])
    sql = ("UPDATE assistance_programmebudget SET committed_fen = committed_fen + %s "
           "WHERE id = %s AND committed_fen <= amount_fen - %s")

    def update(_n):
        with connection.cursor() as cursor:
            cursor.execute(sql, [AMOUNT_FEN, budget.pk, AMOUNT_FEN])

    seconds = in_threads(update, list(range(APPLICATIONS)))
    budget.refresh_from_db()
    print(f"baseline, bare conditional UPDATE: {APPLICATIONS:,} in {seconds:.2f} s = "
          f"{APPLICATIONS / seconds:,.0f}/s; committed {budget.committed_fen // AMOUNT_FEN:,} × 3,000 元")
    return APPLICATIONS / seconds


def main():
    setup()
    city, programme, applications = build()
    service_rate = approvals(city, programme, applications)
    raw_rate = baseline(programme)
    print(f"ratio service / baseline: {service_rate / raw_rate:.2f}")


if __name__ == "__main__":
    main()
