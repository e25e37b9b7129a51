"""Nearest service positions: 100,000 positions, the nearest 10 open ones to random points,
on PostgreSQL and on SQLite (aim: p95 under 20 ms).

`queries.nearest` reads a box of the (lat, lng) index that grows until it holds enough
candidates, then sorts them by exact haversine distance. The raw baseline reads every open
row's coordinates and sorts all of them by the same distance (a full scan). Prints p50, p95 and
p99 in ms for both and the ratio of the baselines to the box search; checks that both give the
same positions. Timings are printed, never asserted.

    .venv/bin/python bench/nearest_positions.py     # both databases, one after the other
    DATABASE_URL=sqlite:////tmp/x.sqlite3 .venv/bin/python bench/nearest_positions.py   # only that one
    BENCH_POSITIONS=100000 BENCH_QUERIES=500 BENCH_BASELINE=30
"""

import os
import random
import subprocess
import sys
import time
from pathlib import Path

from common import start_django  # bench/ is on sys.path when run as a script

POSITIONS = int(os.environ.get("BENCH_POSITIONS", "100000"))
QUERIES = int(os.environ.get("BENCH_QUERIES", "500"))
BASELINE = int(os.environ.get("BENCH_BASELINE", "30"))
LIMIT = 10
BACKENDS = {"PostgreSQL": "postgres://postgres@127.0.0.1:5432/gonghui_positions_bench",
            "SQLite": "sqlite:////tmp/gonghui_positions_bench.sqlite3"}
HUNAN = ((24.6, 30.1), (108.8, 114.3))  # most positions, and every query point, in Hunan
CHINA = ((18.5, 48.0), (80.0, 130.0))


def setup():
    """The shared start (bench/common.py), then an empty database: each run builds its own points."""
    start_django(os.environ["DATABASE_URL"])
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False)


def build(rng):
    from django.db import connection

    from gonghui.positions.kinds import ensure_kinds
    from gonghui.positions.models import Position, PositionKind
    from tests.factories import build_city

    ensure_kinds()
    city = build_city()
    kinds = list(PositionKind.objects.order_by("pk"))
    unions = [city.grassroots, city.grassroots2, city.township, city.county]
    rows = []
    for i in range(POSITIONS):
        (la0, la1), (ln0, ln1) = HUNAN if rng.random() < 0.7 else CHINA
        rows.append(Position(union=unions[i % len(unions)], kind=kinds[i % len(kinds)], code=f"B{i:07d}",
                             name=f"阵地{i}", address="基准", lat=rng.uniform(la0, la1), lng=rng.uniform(ln0, ln1),
                             status="open" if rng.random() < 0.9 else "closed"))
    Position.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as c:
        c.execute("ANALYZE")


def percentiles(samples):
    s = sorted(samples)

    def at(q):
        return s[min(len(s) - 1, int(q * len(s)))] * 1000

    return at(0.50), at(0.95), at(0.99)


def run_one(label):
    from gonghui.positions import queries

    rng = random.Random(6)
    t0 = time.perf_counter()
    build(rng)
    print(f"{label}: {POSITIONS:,} positions built in {time.perf_counter() - t0:.1f} s; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (timings grow with it)")
    points = [(rng.uniform(*HUNAN[0]), rng.uniform(*HUNAN[1])) for _ in range(QUERIES)]
    queries.nearest(*points[0], LIMIT)  # warm the connection and caches
    box, full, cpu = [], [], []
    for lat, lng in points:
        t, c = time.perf_counter(), time.process_time()
        queries.nearest(lat, lng, LIMIT)
        box.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    for lat, lng in points[:BASELINE]:
        t = time.perf_counter()
        want = queries.brute_force_nearest(lat, lng, LIMIT)
        full.append(time.perf_counter() - t)
        got = queries.nearest(lat, lng, LIMIT)
        assert [pk for _d, pk in want] == [p.pk for p in got], "the box search disagrees with the full scan"
    b, f = percentiles(box), percentiles(full)
    print(f"{label}: nearest-{LIMIT} by growing box  p50 {b[0]:.2f} ms  p95 {b[1]:.2f} ms  p99 {b[2]:.2f} ms"
          f"  ({QUERIES} points)")
    c = percentiles(cpu)
    print(f"{label}: the same, CPU of this process  p50 {c[0]:.2f} ms  p95 {c[1]:.2f} ms  p99 {c[2]:.2f} ms"
          "  (less sensitive to the machine's load; PostgreSQL's own work is not in it)")
    print(f"{label}: raw full-scan baseline      p50 {f[0]:.2f} ms  p95 {f[1]:.2f} ms  p99 {f[2]:.2f} ms"
          f"  ({BASELINE} points, same answers)")
    print(f"{label}: full scan / box at p50 {f[0] / b[0]:.0f}x, at p95 {f[1] / b[1]:.0f}x")


if __name__ == "__main__":
    if os.environ.get("DATABASE_URL"):
        url = os.environ["DATABASE_URL"]
        setup()
        run_one("PostgreSQL" if url.startswith("postgres") else "SQLite")
    else:
        status = 0
        for url in BACKENDS.values():
            if url.startswith("sqlite"):
                Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
            status |= subprocess.call([sys.executable, __file__],  # noqa: S603 (this script, a fixed URL)
                                      env=os.environ | {"DATABASE_URL": url})
        sys.exit(status)
