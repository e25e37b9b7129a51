"""Paper-member clean-up on the demo city (300,000 members): how long the suspects take.

On the demo city (built with `gonghui demo` when the database has no union tree) it plants
suspects once (marked by member numbers starting with BENCH): members whose ID numbers fail
the check digit or are ID cards recorded as passports, a second record of existing members
under a residence permit, and three revoked grassroots unions in the `county` login's
county. Most demo members are "inactive" already: nobody signs in and their only event is
joining, years ago. Then, for the `county` (衡阳县) and `city` logins, it times
  (a) the counts of every kind (`cleanup.counts`), with the ID-number cache cold and warm;
  (b) each kind's first page as the page builds it (the queryset, its count, 50 rows and
      the "why" column);
  (c) the whole page through the test client (tabs with counts, the table), cold and warm;
  (d) the county's export of one kind, a bulk removal of 50 members and the report (rolled
      back, so the run can be repeated).
Timings are printed, never asserted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_cleanup_demo .venv/bin/python bench/cleanup.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

from common import ensure_postgres_database  # bench/ is on sys.path when run as a script

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gonghui_cleanup_demo"
REPS = int(os.environ.get("BENCH_REPS", "5"))
PLANTED = 300  # of each planted kind


def setup():
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("GONGHUI_ENV", "local")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    ensure_postgres_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from gonghui.orgs.models import Union

    if not Union.objects.exists():
        call_command("demo")


PLANTED_MARK = "bench-planted"  # the card number of the planted suspects


def plant():
    """Suspects of the kinds the demo does not have, once."""
    import datetime
    import random

    from django.db import connection, transaction
    from stdnum.cn import ric

    from gonghui.accounts.models import User
    from gonghui.members.bulk import compact_tally, enrol, member_values
    from gonghui.members.identity import Document
    from gonghui.members.models import Member
    from gonghui.orgs.models import Union

    if Member.objects.filter(card_number=PLANTED_MARK).exists():
        return
    rng = random.Random(3)
    county = User.objects.get(username="county").grants.get().union
    mine = Member.objects.filter(union__path__startswith=county.path).order_by("pk")
    sample = list(mine.values("union_id", "name", "birth_date", "sex", "joined_on")[:: max(1, mine.count() // 900)])
    for s in sample:  # the birth date is sealed: open it to plant twins born the same day
        s["birth_date"] = datetime.date.fromisoformat(s["birth_date"].reveal())
    rows = []

    for s in sample[:PLANTED]:  # a wrong check digit
        body = f"430421{s['birth_date']:%Y%m%d}{rng.randrange(1000):03d}"
        good = body + ric.calc_check_digit(body + "0")
        bad = good[:-1] + ("0" if good[-1] != "0" else "1")
        rows.append(member_values(card_number=PLANTED_MARK, union_id=s["union_id"], name=s["name"],
                                  joined_on=s["joined_on"],
                                  doc=Document("resident_id", bad, s["birth_date"], s["sex"])))
    for s in sample[PLANTED:2 * PLANTED]:  # an ID card recorded as a passport
        body = f"430421{s['birth_date']:%Y%m%d}{rng.randrange(1000):03d}"
        rows.append(member_values(card_number=PLANTED_MARK, union_id=s["union_id"], name=s["name"],
                                  joined_on=s["joined_on"],
                                  doc=Document("passport", body + ric.calc_check_digit(body + "0"))))
    for s in sample[2 * PLANTED:3 * PLANTED]:  # the same person again under a residence permit
        seq = rng.randrange(500) * 2 + (1 if s["sex"] == "M" else 0)
        body = f"830000{s['birth_date']:%Y%m%d}{seq:03d}"
        rows.append(member_values(card_number=PLANTED_MARK, union_id=s["union_id"], name=s["name"],
                                  joined_on=s["joined_on"],
                                  doc=Document("hmt_residence", body + ric.calc_check_digit(body + "0"),
                                               s["birth_date"], s["sex"])))
    with transaction.atomic():
        unions = Union.objects.in_bulk({r["union_id"] for r in rows})
        enrol(rows, unions=unions)
        compact_tally()
        closed = list(Union.objects.filter(path__startswith=county.path, kind="grassroots").order_by("path")
                      .values_list("pk", flat=True)[:3])
        Union.objects.filter(pk__in=closed).update(status="revoked")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Planted {len(rows)} suspects and revoked 3 grassroots unions in {county.name}.")


def ms(fn, reps=REPS):
    samples = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), max(samples)


def main():
    setup()
    plant()
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.test import Client

    from gonghui.accounts.models import User
    from gonghui.core.access import forget
    from gonghui.members import cleanup
    from gonghui.members.models import Member

    print(f"{connection.vendor}: {Member.objects.count():,} members")
    for username in ("county", "city"):
        user = User.objects.get(username=username)
        forget(user)
        print(f"\n== {username} ({cleanup.base(user).count():,} members in good standing in scope)")
        cache.clear()
        t = time.perf_counter()
        counts = cleanup.counts(user)
        print(f"counts, ID-number cache cold: {(time.perf_counter() - t) * 1000:,.0f} ms  {counts}")
        p50, worst = ms(lambda: cleanup.counts(user))  # noqa: B023
        print(f"counts, warm: p50 {p50:,.0f} ms, max {worst:,.0f} ms")
        for kind in cleanup.SuspectKind.values:
            def first_page(kind=kind):
                finder = cleanup.Finder(user)  # noqa: B023
                qs = finder.suspects(kind)
                n = finder.counts[kind] if kind in ("duplicate", "invalid_id") else qs.count()
                for r in qs[:50]:
                    finder.detail(kind, r)
                return n

            p50, worst = ms(first_page)
            print(f"  {kind:<13} first page of 50 + count: p50 {p50:,.0f} ms, max {worst:,.0f} ms")
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        for kind in ("duplicate", "invalid_id", "inactive"):
            cache.clear()
            t = time.perf_counter()
            r = client.get(f"/members/cleanup/?kind={kind}")
            cold = (time.perf_counter() - t) * 1000
            assert r.status_code == 200, r.status_code
            p50, worst = ms(lambda: client.get(f"/members/cleanup/?kind={kind}"))  # noqa: B023
            print(f"  page ?kind={kind:<11} cold {cold:,.0f} ms; warm p50 {p50:,.0f} ms, max {worst:,.0f} ms")
        if username == "county":
            t = time.perf_counter()
            r = client.get("/members/cleanup/?kind=invalid_id&export=xlsx")
            b"".join(r.streaming_content)
            print(f"  export of invalid_id ({counts['invalid_id']} rows): {(time.perf_counter() - t) * 1000:,.0f} ms")
            t = time.perf_counter()
            r = client.get("/members/cleanup/?kind=inactive&export=xlsx")
            b"".join(r.streaming_content)
            print(f"  export of inactive ({counts['inactive']:,} rows): {(time.perf_counter() - t) * 1000:,.0f} ms")
            with transaction.atomic():
                ids = list(cleanup.suspects(user, "inactive").values_list("pk", flat=True)[:50])
                t = time.perf_counter()
                cleanup.clean_up(acting_user=user, action="remove", kind="inactive", member_ids=ids,
                                 reason="bench")
                print(f"  remove 50 members (one transaction, 50 events and audit entries): "
                      f"{(time.perf_counter() - t) * 1000:,.0f} ms")
                p50, worst = ms(lambda: client.get("/members/cleanup/report/"))  # noqa: B023
                print(f"  report page: p50 {p50:,.0f} ms, max {worst:,.0f} ms")
                transaction.set_rollback(True)


if __name__ == "__main__":
    main()
