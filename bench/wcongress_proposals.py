"""The overdue-proposal list (提案答复逾期) of a union with many proposals: how long the page takes
and how many queries it reads, against the bare query behind it.

Builds the small test city in its own database, a workers' congress of 衡阳县第一机械 with three
delegates and PROPOSALS proposals (a quarter of them assigned with a reply date already past),
then times the staff page /workers-congress/proposals/?overdue=true signed in as the grassroots
clerk (the median of RUNS requests, with its query count) and the baseline: the same 50 rows
and their count read with two bare ORM queries. It prints both and the ratio. Timings are
printed, never asserted.

    .venv/bin/python bench/wcongress_proposals.py      # BENCH_PROPOSALS=20000 BENCH_RUNS=7
"""

import os
import statistics
import time
from datetime import timedelta

from common import start_django  # bench/ is on sys.path when run as a script

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gh_wcongress_bench"
PROPOSALS = int(os.environ.get("BENCH_PROPOSALS", "20000"))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def setup():
    start_django(DEFAULT_URL)
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False)


def build():
    from django.utils import timezone

    from gonghui.wcongress.models import Delegate, Proposal
    from tests.factories import build_city
    from tests.wcongress.conftest import home_congress

    city = build_city()
    k = home_congress(city)
    ds = list(Delegate.objects.filter(congress=k))
    today = timezone.localdate()
    rows = []
    for i in range(PROPOSALS):
        late = i % 4 == 0
        rows.append(Proposal(congress=k, number=f"B-{i:06d}", title=f"提案{i}", content="内容", proposer=ds[i % 3],
                             state="assigned" if late else "replied", department="后勤保障部",
                             due_on=today - timedelta(days=1 + i % 30) if late else today + timedelta(days=30)))
    Proposal.objects.bulk_create(rows, batch_size=2000)
    return city


def timed(fn):
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    setup()
    city = build()
    from django.conf import settings
    from django.test.utils import override_settings

    plain_static = {**settings.STORAGES,
                    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=plain_static):  # no collected manifest needed to render the page
        measure(city)


def measure(city):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gonghui.wcongress.models import Proposal

    c = Client(HTTP_HOST="127.0.0.1")
    c.force_login(city.users["union"])

    def page():
        r = c.get("/workers-congress/proposals/?overdue=true")
        assert r.status_code == 200, r.status_code

    with CaptureQueriesContext(connection) as q:
        page()
    queries = len(q.captured_queries)
    page_s = timed(page)

    def bare():
        qs = Proposal.objects.filter(state="assigned", due_on__lt=timezone.localdate())
        qs.count()
        list(qs.select_related("congress", "proposer__member").order_by("-submitted_at", "-id")[:50])

    bare_s = timed(bare)
    overdue = Proposal.objects.filter(state="assigned", due_on__lt=timezone.localdate()).count()
    print(f"{PROPOSALS:,} proposals, {overdue:,} overdue; {connection.vendor}")
    print(f"overdue list page: {page_s * 1000:.1f} ms median of {RUNS}, {queries} queries")
    print(f"bare queries (count + 50 rows): {bare_s * 1000:.1f} ms")
    print(f"ratio page / bare: {page_s / bare_s:.1f}×")


if __name__ == "__main__":
    main()
