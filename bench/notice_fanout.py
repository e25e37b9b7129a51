"""A benefit campaign published to a county of 10,000 members: what notices cost the change, and
how fast the worker delivers them (PostgreSQL).

Builds the small test city in its own database with MEMBERS members in good standing under 衡阳县,
then, REPS times, alternating the order:

- the change: `campaigns.services.publish_campaign` of a draft, committed, with its notices (one
  outbox row written in the change's transaction, the delivery enqueued after commit) and the same
  change with the notices left out; median wall time of each and the ratio (aim: within 1.5×);
- the delivery: `notices.services.deliver` of that outbox row (the task's work: one INSERT … SELECT
  of the subtree's members with each one's channel, then the SMS step and the bookkeeping), and
  beside it a bulk INSERT of the same rows (prepared beforehand, written by `bulk_create`, and on
  PostgreSQL by COPY too) under another outbox row; median rows per second and the ratio (aim:
  at least 0.5× of bulk_create).

The task is enqueued to the broker of GONGHUI_BROKER_URL / REDIS_URL when set (the queue is purged
at the end), else to an in-memory broker, so the timed change never runs the fan-out inline.
Figures are printed, never asserted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_notices_bench .venv/bin/python bench/notice_fanout.py
"""

import os
import statistics
import time
from datetime import date, timedelta

from common import start_django  # bench/ is on sys.path when run as a script

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gonghui_notices_bench"
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "10000"))
REPS = int(os.environ.get("BENCH_REPS", "5"))


def setup():
    if not os.environ.get("GONGHUI_BROKER_URL") and not os.environ.get("REDIS_URL"):
        os.environ["GONGHUI_BROKER_URL"] = "memory://"  # tasks are sent, not run in process
    start_django(DEFAULT_URL)
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False)


def build():
    """The test city and MEMBERS members under 衡阳县 (two grassroots unions), written in bulk."""
    from django.db import connection, transaction

    from gonghui.members.bulk import enrol_all, member_values
    from gonghui.members.identity import clean_document
    from tests.factories import build_city
    from tests.members.test_matrix import _rid

    city = build_city()
    unions = {city.grassroots.pk: city.grassroots, city.grassroots_b.pk: city.grassroots_b}
    started = time.perf_counter()

    def rows():
        for n in range(MEMBERS):
            born = date(1970, 1, 1) + timedelta(days=n % 9000)
            doc = clean_document("resident_id", _rid(f"430421{born:%Y%m%d}{n // 9000:03d}"))
            yield member_values(union_id=(city.grassroots, city.grassroots_b)[n % 2].pk, name=f"职工{n}", doc=doc,
                                joined_on=date(2020, 1, 1))

    with transaction.atomic():
        made = enrol_all(rows(), unions=unions)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"{made:,} members under {city.county.name} written in {time.perf_counter() - started:.1f} s")
    return city


def draft(city, n):
    from django.utils import timezone

    from gonghui.campaigns import services

    now = timezone.now()
    return services.create_campaign(acting_user=city.users["publicity"], union=city.county, title=f"夏送清凉第{n}批",
                                    stock=1000, per_member_limit=1, mode="fcfs", starts_at=now + timedelta(hours=1),
                                    ends_at=now + timedelta(days=1))


def publish(city, campaign, *, notices):
    """Seconds for the change, committed (and its after-commit enqueue)."""
    from gonghui.campaigns import services

    saved = services._tell_members
    if not notices:
        services._tell_members = lambda campaign, acting_user: None
    try:
        started = time.perf_counter()
        services.publish_campaign(campaign, acting_user=city.users["publicity"])
        return time.perf_counter() - started
    finally:
        services._tell_members = saved


def baseline_rows(outbox):
    """The rows deliver writes, as Notice objects, for another outbox row (prepared, not timed)."""
    from gonghui.core.access import subtree_q
    from gonghui.members.models import Member
    from gonghui.notices.models import Notice, Outbox

    twin = Outbox.objects.create(kind=outbox.kind, title=outbox.title, audience=outbox.audience,
                                 delivered_at=outbox.created_at)
    members = Member.objects.filter(subtree_q("union_path", outbox.audience[0]["members_under"])).in_good_standing()
    return twin, [Notice(outbox=twin, user_id=u, member_id=m, kind=outbox.kind, channel="inbox",
                         created_at=outbox.created_at) for m, u in members.order_by().values_list("pk", "user_id")]


def bulk_insert(rows):
    from gonghui.notices.models import Notice

    started = time.perf_counter()
    Notice.objects.bulk_create(rows)
    return time.perf_counter() - started


def copy_insert(rows):
    from django.db import connection, transaction

    cols = ("outbox_id", "user_id", "member_id", "kind", "channel", "created_at")
    started = time.perf_counter()
    with (transaction.atomic(), connection.cursor() as cursor,
          cursor.cursor.copy(f"COPY notices_notice ({', '.join(cols)}) FROM STDIN") as copy):
        for r in rows:
            copy.write_row((r.outbox_id, r.user_id, r.member_id, r.kind, r.channel, r.created_at))
    return time.perf_counter() - started


def main():
    setup()
    from django.conf import settings
    from django.db import connection

    from gonghui.notices import services
    from gonghui.notices.models import Notice, Outbox

    city = build()
    print(f"database {connection.vendor}; broker {settings.CELERY_BROKER_URL.split('@')[-1]}; "
          f"tasks in process: {settings.CELERY_TASK_ALWAYS_EAGER}")
    change = {True: [], False: []}
    deliver, bulk, copied = [], [], []
    for rep in range(REPS):
        for notices in ((True, False) if rep % 2 == 0 else (False, True)):
            change[notices].append(publish(city, draft(city, rep * 2 + notices), notices=notices))
        outbox = Outbox.objects.order_by("-pk").filter(kind="campaign_published", delivered_at=None).first()
        _twin, rows = baseline_rows(outbox)
        copy_rows = None
        if connection.vendor == "postgresql":
            _twin, copy_rows = baseline_rows(outbox)
        steps = [("deliver", _timed, (services.deliver, outbox.pk)), ("bulk", bulk_insert, (rows,))]
        if copy_rows is not None:
            steps.append(("copy", copy_insert, (copy_rows,)))
        if rep % 2:
            steps.reverse()
        for name, run, args in steps:
            {"deliver": deliver, "bulk": bulk, "copy": copied}[name].append(run(*args))
        delivered = Notice.objects.filter(outbox=outbox).count()
        assert delivered == MEMBERS, delivered
    with_n, without = statistics.median(change[True]), statistics.median(change[False])
    print(f"\nThe change (publish a campaign to {MEMBERS:,} members), median of {REPS}:")
    print(f"  with notices     {with_n * 1000:8.1f} ms   (one outbox row, delivery enqueued after commit)")
    print(f"  without notices  {without * 1000:8.1f} ms   (baseline)")
    print(f"  ratio            {with_n / without:8.2f} ×   (aim: within 1.5×)")
    d, b = statistics.median(deliver), statistics.median(bulk)
    print(f"\nDelivery of {MEMBERS:,} inbox rows, median of {REPS}:")
    print(f"  the task (deliver)   {d * 1000:8.1f} ms  {MEMBERS / d:10,.0f} rows/s")
    print(f"  bulk_create baseline {b * 1000:8.1f} ms  {MEMBERS / b:10,.0f} rows/s")
    print(f"  ratio                {b / d:8.2f} ×   (task speed / bulk INSERT speed; aim: at least 0.5×)")
    if copied:
        c = statistics.median(copied)
        print(f"  COPY baseline        {c * 1000:8.1f} ms  {MEMBERS / c:10,.0f} rows/s  (task at {c / d:.2f}× of COPY)")
    if not settings.CELERY_BROKER_URL.startswith("memory"):
        from gonghui.celery import app

        print(f"\n{app.control.purge()} enqueued deliveries purged from the broker (no worker ran in this benchmark).")


def _timed(fn, *args):
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
