"""The county's overdue list at 100,000 open deadlines, on PostgreSQL: one indexed query.

Builds a demo-like tree in its own database (a city, 12 counties, 12 townships each, 20
grassroots unions per township: about 3,000 unions), then DEADLINES open deadlines spread over
the grassroots unions (four kinds of object, due dates from 60 days ago to 60 days ahead, so
about half are overdue). It then times, for the county organisation clerk:

- the list query as the page runs it (``deadlines.overdue_for``: first page of 50 by due date,
  cut to the clerk's subtree per kind of object they may see), and its count;
- the page itself (GET /rules/overdue/ through Django's test client: grants, count, page);
- the baseline: the same first page as raw SQL on the same partial index (union_path, due_on)
  WHERE closed_at IS NULL, with the subtree as a key range;

and prints p50 / p95 of each, the ratio to the baseline and the EXPLAIN of the ORM query
(checked to use the index). Timings are printed, never asserted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/overdue_list.py
    # BENCH_DEADLINES=100000 BENCH_REPS=200
"""

import datetime
import os
import random
import time

from common import start_django  # bench/ is on sys.path when run as a script

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gonghui_overdue_bench"
DEADLINES = int(os.environ.get("BENCH_DEADLINES", "100000"))
REPS = int(os.environ.get("BENCH_REPS", "200"))
WARMUP = 20
COUNTIES, TOWNSHIPS, GRASSROOTS = 12, 12, 20
TYPES = ("members.joinapplication", "members.transferrequest", "hardship.hardshipfile",
         "assessments.rectificationtask")
KIND_OF = {"members.joinapplication": "join_review", "members.transferrequest": "transfer_review",
           "hardship.hardshipfile": "hardship_review", "assessments.rectificationtask": "rectification"}


def setup():
    start_django(DEFAULT_URL)


def build():
    """The tree and the deadlines (reused when the database already holds them)."""
    from django.db import connection, transaction

    from gonghui.orgs.models import Region, Union
    from gonghui.rules.models import Deadline
    from tests.factories import user

    if Deadline.objects.filter(kind__in=KIND_OF.values()).count() == DEADLINES:
        county = Union.objects.get(name="基准县总工会 1")
        from gonghui.accounts.models import User

        return county, User.objects.get(username="bench_county")
    started = time.perf_counter()
    with transaction.atomic():
        Deadline.objects.all().delete()
        Union.objects.filter(name__startswith="基准").delete()
        from gonghui.accounts.models import User

        User.objects.filter(username="bench_county").delete()
        region = Region.objects.get(code="430400")
        root = Union.objects.add_root(dict(name="基准市总工会", kind="federation", region=region))
        rows, grassroots = [], []
        for c in range(1, COUNTIES + 1):
            county = Union.objects.add_child(root, dict(name=f"基准县总工会 {c}", kind="federation", region=region))
            for t in range(1, TOWNSHIPS + 1):
                town = Union.objects.add_child(county, dict(name=f"基准镇工会 {c}-{t}", kind="township",
                                                            region=region))
                for g in range(1, GRASSROOTS + 1):
                    rows.append(Union(name=f"基准企业工会 {c}-{t}-{g}", kind="grassroots", region=region,
                                      depth=town.depth + 1, numchild=0,
                                      path=Union._get_path(town.path, town.depth + 1, g)))
                Union.objects.filter(pk=town.pk).update(numchild=GRASSROOTS)
        grassroots = Union.objects.bulk_create(rows, batch_size=2000)
        if connection.vendor != "postgresql" or grassroots[0].pk is None:
            grassroots = list(Union.objects.filter(name__startswith="基准企业工会"))
        rng = random.Random(2026)
        today = datetime.date.today()
        batch = []
        for i in range(DEADLINES):
            u = grassroots[rng.randrange(len(grassroots))]
            ot = TYPES[i % len(TYPES)]
            due = today + datetime.timedelta(days=rng.randint(-60, 60))
            batch.append(Deadline(kind=KIND_OF[ot], object_type=ot, object_id=str(i), union_id=u.pk,
                                  union_path=u.path, title=f"基准事项 {i}", url="/", started_on=due
                                  - datetime.timedelta(days=15), n=15, unit="days", due_on=due))
            if len(batch) == 5000:
                Deadline.objects.bulk_create(batch)
                batch = []
        Deadline.objects.bulk_create(batch)
    with connection.cursor() as cur:
        cur.execute("ANALYZE rules_deadline")
    county = Union.objects.get(name="基准县总工会 1")
    clerk = user("bench_county", "organisation", county)
    print(f"{len(grassroots):,} grassroots unions and {DEADLINES:,} open deadlines built in "
          f"{time.perf_counter() - started:.1f} s")
    return county, clerk


def timed(fn):
    for _ in range(WARMUP):
        fn()
    samples = []
    for _ in range(REPS):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return samples[len(samples) // 2], samples[int(len(samples) * 0.95) - 1]


def main():
    setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from gonghui.core import access
    from gonghui.rules import deadlines

    county, clerk = build()
    today = timezone.localdate()
    overdue = deadlines.overdue_for(clerk, today).count()
    print(f"the county clerk's overdue list holds {overdue:,} of {DEADLINES:,} open deadlines")

    def orm_page():
        access.forget(clerk)
        qs = deadlines.overdue_for(clerk, today).select_related("union")
        return qs.count(), list(qs[:50])

    def orm_first():
        access.forget(clerk)
        return list(deadlines.overdue_for(clerk, today)[:50])

    lo, hi = county.path, access._next_path(county.path)
    raw_sql = ("SELECT id, kind, title, union_id, started_on, due_on FROM rules_deadline "
               "WHERE closed_at IS NULL AND union_path >= %s AND union_path < %s AND due_on < %s "
               "ORDER BY due_on, id LIMIT 50")

    def raw_first():
        with connection.cursor() as cur:
            cur.execute(raw_sql, [lo, hi, today])
            return cur.fetchall()

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(clerk)

    def page():
        r = client.get("/rules/overdue/")
        assert r.status_code == 200

    qs = deadlines.overdue_for(clerk, today)[:50]
    with connection.cursor() as cur:
        sql, params = qs.query.sql_with_params()
        cur.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cur.fetchall())
        cur.execute("EXPLAIN " + raw_sql, [lo, hi, today])
        raw_plan = "\n".join(r[0] for r in cur.fetchall())
    print("EXPLAIN of the list query:\n" + plan)
    print("uses the partial index rules_deadline_open:", "rules_deadline_open" in plan)
    print("EXPLAIN of the raw baseline:\n" + raw_plan)

    r_med, r_p95 = timed(raw_first)
    print(f"raw SQL first page (baseline)      p50 {r_med:7.2f} ms  p95 {r_p95:7.2f} ms")
    o_med, o_p95 = timed(orm_first)
    print(f"overdue_for first page (ORM)       p50 {o_med:7.2f} ms  p95 {o_p95:7.2f} ms  "
          f"ratio at p95 {o_p95 / r_p95:.2f}x")
    c_med, c_p95 = timed(orm_page)
    print(f"overdue_for count + first page     p50 {c_med:7.2f} ms  p95 {c_p95:7.2f} ms")
    from django.test.utils import override_settings

    plain_static = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=plain_static):  # no collected manifest needed to render the page
        p_med, p_p95 = timed(page)
    print(f"GET /rules/overdue/ (whole page)   p50 {p_med:7.2f} ms  p95 {p_p95:7.2f} ms  "
          f"ratio at p95 {p_p95 / r_p95:.1f}x")


if __name__ == "__main__":
    main()
