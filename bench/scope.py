"""Scoped reads against the demo city: what the access layer costs over hand-written SQL.

For the `county` demo login (衡阳县总工会, organisation role) it times
  (a) the scoped union list exactly as the list page builds it (``orgs.queries.union_rows``:
      restrict, select_related, only the shown columns), first page of 50 by path, and the
      subtree counts by kind;
  (b) the same two queries as raw SQL with the path prefix, written as the key range the
      access layer emits (and, for reference, as LIKE 'prefix%');
  (c) the ratio ORM / raw (the aim is at most 1.5);
  (d) the number of queries of the union list page (``orgs:union_list``) at 10 and 50 rows
      a page, which must be the same.

Runs on the database of DATABASE_URL (the local SQLite file when unset). Given a
PostgreSQL URL whose database does not exist yet, it creates it; it migrates and builds
the demo city when the database is empty. Run it through ``tools/bench.sh`` (``make bench``):

    make bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench make bench
"""

import logging
import os
import statistics
import sys
import time
import warnings

from common import ensure_postgres_database  # bench/ is on sys.path when run as a script

REPS = int(os.environ.get("BENCH_REPS", "300"))
PAGE_SIZES = (10, 25, 50, 100)
WARMUP = 30
PAGE = 50


def timed(fn):
    """(median, p95) in milliseconds over REPS calls, after WARMUP calls."""
    for _ in range(WARMUP):
        fn()
    samples = []
    for _ in range(REPS):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), statistics.quantiles(samples, n=20)[18]


RAW_LIST = """
    SELECT u.id, u.path, u.depth, u.name, u.kind, u.status, u.chair_name, u.founded_on,
           r.code, r.name, e.id, e.name
    FROM orgs_union u
    INNER JOIN orgs_region r ON r.code = u.region_id
    LEFT OUTER JOIN orgs_employer e ON e.id = u.employer_id
    WHERE u.path LIKE %s
    ORDER BY u.path
    LIMIT 50
"""
RAW_COUNTS = "SELECT u.kind, COUNT(u.id) FROM orgs_union u WHERE u.path LIKE %s GROUP BY u.kind"
# The subtree as a key range (path >= prefix AND path < next prefix), as core.access.subtree_q
# emits it: SQLite uses no index for LIKE 'prefix%' (its LIKE ignores case), but does for a range.
RAW_LIST_RANGE = RAW_LIST.replace("u.path LIKE %s", "u.path >= %s AND u.path < %s")
RAW_COUNTS_RANGE = RAW_COUNTS.replace("u.path LIKE %s", "u.path >= %s AND u.path < %s")


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    os.environ.setdefault("GONGHUI_ENV", "local")
    if os.environ.get("DATABASE_URL"):
        ensure_postgres_database(os.environ["DATABASE_URL"])

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
    from django.urls import NoReverseMatch, reverse

    from gonghui.accounts.models import User
    from gonghui.core.access import _next_path, forget
    from gonghui.orgs.models import Union
    from gonghui.orgs.queries import union_rows

    db = connection.settings_dict
    print(f"Database: {connection.vendor} {db['NAME']}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if not Union.objects.exists():
        t = time.perf_counter()
        call_command("demo", verbosity=0)
        print(f"Built the demo city in {time.perf_counter() - t:.1f}s.")
    user = User.objects.filter(username="county").first()
    if user is None:
        sys.exit("This database has a union tree but no demo login `county`; point DATABASE_URL at a demo city.")
    home = user.grants.select_related("union").get().union
    prefix = home.path + "%"
    total = Union.objects.count()
    subtree = Union.objects.filter(path__startswith=home.path).count()
    print(f"Ready in {time.perf_counter() - started:.1f}s. User `county`: {home.name} (path {home.path}), "
          f"{subtree:,} of {total:,} unions; {REPS} timed runs each after {WARMUP} warm-up runs.\n")

    def orm_list():
        return list(union_rows(user)[:PAGE])

    def orm_list_cold():
        forget(user)  # as in a fresh request: the grants are read again
        return orm_list()

    def orm_counts():
        return list(Union.objects.restrict(user).values("kind").annotate(n=Count("id")))

    def raw(query):
        params = [prefix] if "LIKE" in query else [home.path, _next_path(home.path)]

        def run():
            with connection.cursor() as c:
                c.execute(query, params)
                return c.fetchall()

        return run

    assert [u.pk for u in orm_list()] == [row[0] for row in raw(RAW_LIST)()]
    assert {r["kind"]: r["n"] for r in orm_counts()} == dict(raw(RAW_COUNTS)()) == dict(raw(RAW_COUNTS_RANGE)())
    assert [row[0] for row in raw(RAW_LIST_RANGE)()] == [u.pk for u in orm_list()]

    rows = []
    for label, orm_fn, raw_fn in (
        (f"union list, first {PAGE} by path", orm_list, raw(RAW_LIST_RANGE)),
        ("subtree counts by kind", orm_counts, raw(RAW_COUNTS_RANGE)),
    ):
        orm_med, orm_p95 = timed(orm_fn)
        raw_med, raw_p95 = timed(raw_fn)
        rows.append((label, orm_med, orm_p95, raw_med, raw_p95, orm_med / raw_med))
    extra = [("  list, grants read again", *timed(orm_list_cold)),
             ("  list, raw with LIKE 'prefix%'", *timed(raw(RAW_LIST))),
             ("  counts, raw with LIKE 'prefix%'", *timed(raw(RAW_COUNTS)))]

    head = f"{'query':<34}{'ORM median':>12}{'ORM p95':>10}{'raw median':>12}{'raw p95':>10}{'ORM/raw':>9}"
    print(head)
    print("-" * len(head))
    for label, om, op, rm, rp, ratio in rows:
        flag = "" if ratio <= 1.5 else "  (above 1.5)"
        print(f"{label:<34}{om:>10.3f}ms{op:>8.3f}ms{rm:>10.3f}ms{rp:>8.3f}ms{ratio:>8.2f}x{flag}")
    print("for comparison (ratio to the raw range query above):")
    for i, (label, med, p95) in enumerate(extra):
        base = rows[0][3] if i < 2 else rows[1][3]
        print(f"{label:<34}{med:>10.3f}ms{p95:>8.3f}ms{'':>22}{med / base:>8.2f}x")

    print()
    try:
        url = reverse("orgs:union_list")
    except NoReverseMatch:
        print("Query count: list page not available (no URL named orgs:union_list yet).")
        return
    setup_test_environment()  # lets the test client in (host "testserver") and records the context
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, before collectstatic
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # a failure is reported below, in one line
    plain_static = {**settings.STORAGES,
                    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    client = Client()
    client.force_login(user)
    counts = {}
    with override_settings(STORAGES=plain_static):  # no collectstatic manifest needed
        try:
            client.get(url, {"per_page": PAGE})  # warm-up: session, content types, template loaders
            for size in PAGE_SIZES:
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url, {"per_page": size})
                table = response.context["table"] if response.context and "table" in response.context else None
                shown = len(table.page.object_list) if table is not None and getattr(table, "page", None) else "?"
                counts[size] = (len(queries), response.status_code, shown)
        except Exception as e:  # the page is someone else's work in progress: report, do not crash
            print(f"Query count: the list page {url} failed: {type(e).__name__}: {e}")
            return
    print(f"Query count of {url} for `county`:")
    for size, (n, status, shown) in counts.items():
        print(f"  per_page={size:<4}{n:>3} queries, {shown} rows shown (HTTP {status})")
    same = len({n for n, _, _ in counts.values()}) == 1
    print("  constant: yes" if same else "  constant: NO, the page runs a query per row somewhere")
    if any(shown != size for size, (_, _, shown) in counts.items()):
        print("  note: the page did not show as many rows as asked for every size (it accepts only some sizes)")

if __name__ == "__main__":
    main()
