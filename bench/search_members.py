"""Member search and counts at a million members, scoped to a county.

For the `county` demo login (衡阳县总工会) it times
  (a) the roster page's searches exactly as the page runs them: ``MemberFilterSet`` with
      ``q`` over ``Member.objects.restrict(user).select_related("union", "last_event")``, then
      the first page of 50 in the roster's order (union, then number) and the total the page shows. The
      grants are read again on every run, as in a fresh request. Queries: none (the roster as
      it opens), the county's most frequent surname, the same in Traditional characters, its
      full pinyin, the initials and the full form of a frequent three-character name, and a
      phone tail that exists in the county. p50 and p95 of each; the aim is p95 under 50 ms
      on PostgreSQL;
  (b) the county's member count, both counted (``restrict(user).count()``) and read from the
      per-union tally the database triggers keep (``member_total``, what the unsearched roster
      shows), against a ``count(*)`` of the whole member table (p50 of each); the aim is at most
      0.05 of it;
  (c) the query plans of the slowest search, of the unsearched roster page and of the county
      count;
  (d) whole pages, status 200, for the `city` and the `county` logins: the overview, the year
      report and the member roster as they open (aims: 500, 500 and 50 ms at p95), and the
      whole city's member total.
Timings are printed, never asserted.

Database: DATABASE_URL, else the PostgreSQL database ``gonghui_members_bench`` on
127.0.0.1 (created when missing). It migrates, builds the demo city with few members when
there is no union tree, then tops the member table up to BENCH_MEMBERS (default 1,000,000)
with members made the way the demo makes them, written with COPY; a rerun on a full table
skips straight to the timings.

    .venv/bin/python bench/search_members.py
    DATABASE_URL=sqlite:////tmp/members_bench.sqlite3 BENCH_MEMBERS=200000 .venv/bin/python bench/search_members.py
"""

import os
import statistics
import sys
import time

from common import start_django  # bench/ is on sys.path when run as a script

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gonghui_members_bench"
TARGET = int(os.environ.get("BENCH_MEMBERS", "1000000"))
REPS = int(os.environ.get("BENCH_REPS", "200"))
WARMUP = 10
PAGE = 50
AIM_MS = 50.0
AIM_RATIO = 0.05
TOPUP_SEED = 7100  # the demo's members use seed 2026; the top-up draws other names and IDs
PLAN_LINES = 30


def percentiles(samples):
    """(p50, p95) of a list of milliseconds."""
    return statistics.median(samples), statistics.quantiles(samples, n=20)[18]


def timed(fn, reps=REPS):
    """Milliseconds of `reps` calls of `fn`, after WARMUP calls."""
    for _ in range(WARMUP):
        fn()
    samples = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def top_up(target, home):
    """Add members made like the demo's until the table holds about `target` rows. The demo's
    generator gives each union at most its employer's headcount, about 1.8 million members in
    all; further passes fill the unions outside the measured county `home`, so that county keeps
    a county's size (a province of ten million members has about a hundred counties) while the
    table grows to a province's."""
    from django.db import connection, transaction

    from gonghui.core.demo import DemoContext
    from gonghui.core.models import Code
    from gonghui.members.bulk import compact_tally, enrol_all
    from gonghui.members.demo import _members
    from gonghui.members.models import Member
    from gonghui.orgs.choices import UnionKind, UnionStatus
    from gonghui.orgs.models import Union

    have = Member.objects.count()
    if have >= target * 0.99:  # the demo's generator gives about as many rows as asked, and every union one at least
        print(f"{have:,} members already there (target {target:,}): nothing generated.")
        return
    # The same unions and codes as members.demo.build, in the same order.
    unions = list(Union.objects.filter(status=UnionStatus.ACTIVE, kind__in=(
        UnionKind.GRASSROOTS, UnionKind.INDUSTRY, UnionKind.JOINT)).select_related("employer").order_by("path"))
    codes = {t: list(Code.objects.filter(table=t).order_by("sort").values_list("pk", flat=True)) for t in
             ("ethnicity", "education", "political", "household")}
    # ID numbers are unique (by their keyed hash): skip any the generator draws again.
    taken = set(Member.objects.exclude(id_index=None).values_list("id_index", flat=True))
    skipped = 0
    started = time.perf_counter()
    first = have
    while have < target * 0.99:
        ctx = DemoContext(seed=TOPUP_SEED + have, size=1.0)
        wanted = target - have

        def fresh(ctx=ctx, wanted=wanted, unions=unions):
            nonlocal skipped
            for values in _members(ctx, unions, codes, wanted):
                if values["id_index"] in taken:
                    skipped += 1
                    continue
                taken.add(values["id_index"])
                yield values

        print(f"{have:,} members there; generating up to {wanted:,} more (seed {ctx.seed}) ...", flush=True)
        with transaction.atomic():  # a pass at a time: a failure keeps the passes before it
            made = enrol_all(fresh(), unions={u.pk: u for u in unions})
            compact_tally()
        have += made
        elapsed = time.perf_counter() - started
        print(f"  {have:,} members, {(have - first) / elapsed:,.0f} rows/s so far", flush=True)
        unions = [u for u in unions if not u.path.startswith(home.path)]
    written = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    done = time.perf_counter()
    print(f"Generated {have - first:,} members with their join events in {written - started:.1f}s "
          f"({(have - first) / (written - started):,.0f} rows/s), ANALYZE {done - written:.1f}s; "
          f"{skipped} drawn ID numbers skipped as already taken.")


def pick_queries(county_members):
    """Search box queries taken from the county's own data: (label, query)."""
    import opencc
    from django.db.models import Count
    from django.db.models.functions import Length, Substr

    from gonghui.members.search_keys import name_keys

    surnames = [row["s"] for row in county_members.annotate(s=Substr("name", 1, 1)).values("s")
                .annotate(n=Count("id")).order_by("-n", "s")[:30]]
    s2t = opencc.OpenCC("s2t")
    common = surnames[0]
    queries = [("no search (the roster as it opens)", ""), ("surname (Chinese)", common)]
    traditional = next(((s, s2t.convert(s)) for s in surnames if s2t.convert(s) != s), None)
    if traditional:
        queries.append((f"surname, Traditional ({traditional[0]}→{traditional[1]})", traditional[1]))
    queries.append(("full pinyin prefix", name_keys(common)[0]))
    name = (county_members.annotate(length=Length("name")).filter(length=3).values("name")
            .annotate(n=Count("id")).order_by("-n", "name").values_list("name", flat=True).first())
    if name:
        queries.append((f"pinyin initials ({name})", name_keys(name)[1]))
        queries.append(("full name", name))
    phone = county_members.exclude(phone=None).order_by("number").values_list("phone", flat=True).first()
    if phone:
        queries.append(("phone tail", phone.reveal()[-4:]))  # the tail is kept as a keyed hash only
    return queries


def pad(text, width):
    """`text` left-aligned in `width` terminal columns (a Chinese character takes two)."""
    return text + " " * max(0, width - len(text) - sum(1 for ch in text if ord(ch) >= 0x2E80))


def capture(fn):
    """The (sql, params) of every statement `fn` runs."""
    from django.db import connection

    seen = []

    def record(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        fn()
    return seen


def explain(title, sql, params):
    from django.db import connection

    if connection.vendor == "postgresql":
        prefix = "EXPLAIN (ANALYZE, BUFFERS) "
    elif connection.vendor == "sqlite":
        prefix = "EXPLAIN QUERY PLAN "
    else:
        return
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    lines = [str(row[-1]) for row in rows]  # PostgreSQL: one column; SQLite: (id, parent, notused, detail)
    print(f"{title}:")
    print(f"  SQL: {sql if len(sql) < 600 else sql[:600] + ' …'}")
    print(f"  params: {list(params or ())}")
    for line in lines[:PLAN_LINES]:
        print(f"  | {line}")
    if len(lines) > PLAN_LINES:
        print(f"  | … ({len(lines) - PLAN_LINES} more lines)")
    print()


def main():
    start_django(DEFAULT_URL)

    from django.core.management import call_command
    from django.db import connection
    from django.test import RequestFactory

    from gonghui.accounts.models import User
    from gonghui.core.access import forget
    from gonghui.members.filtersets import MemberFilterSet
    from gonghui.members.models import Member
    from gonghui.members.queries import member_total
    from gonghui.orgs.models import Union

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    if not Union.objects.exists():
        t = time.perf_counter()
        call_command("demo", members=1000, verbosity=0)  # the tree and logins; the members come below
        print(f"Built the demo city (few members) in {time.perf_counter() - t:.1f}s.")
    user = User.objects.filter(username="county").first()
    if user is None:
        sys.exit("This database has a union tree but no demo login `county`; point DATABASE_URL at a demo city.")
    home = user.grants.select_related("union").get().union
    top_up(TARGET, home)

    total = Member.objects.count()
    in_county = Member.objects.restrict(user).count()
    print(f"\nUser `county`: {home.name} (path {home.path}), {in_county:,} of {total:,} members; "
          f"{REPS} timed runs each after {WARMUP} warm-up runs.\n")

    factory = RequestFactory()

    def search(q, times=None):
        def run():
            forget(user)  # a fresh request reads the grants again
            request = factory.get("/members/", {"q": q})
            request.user = user
            filterset = MemberFilterSet({"q": q}, request=request, queryset=Member.objects.restrict(user)
                                        .select_related("union", "last_event"))
            qs = filterset.qs if filterset.is_valid() else Member.objects.none()
            t0 = time.perf_counter()
            # the paginator counts first (the unsearched roster reads the tally, as the page does)
            n = qs.count() if q else member_total(user)
            t1 = time.perf_counter()
            page = list(qs.order_by("union_path", "number")[:PAGE])  # the roster's order
            t2 = time.perf_counter()
            if times is not None:
                times["count"].append((t1 - t0) * 1000)
                times["page"].append((t2 - t1) * 1000)
            return n, page

        return run

    results = []
    for label, q in pick_queries(Member.objects.restrict(user)):
        matched, page = search(q)()
        times = {"count": [], "page": []}
        samples = timed(search(q, times))
        p50, p95 = percentiles(samples)
        results.append((label, q, matched, len(page), p50, p95, statistics.median(times["count"][WARMUP:]),
                        statistics.median(times["page"][WARMUP:])))

    head = (f"{'search':<34}{'q':<12}{'matched':>9}{'p50':>10}{'p95':>10}{'count p50':>11}{'page p50':>10}"
            f"  p95 < {AIM_MS:g} ms")
    print(head)
    print("-" * len(head))
    for label, q, matched, _shown, p50, p95, c50, g50 in results:
        print(f"{pad(label, 34)}{pad(q or '—', 12)}{matched:>9,}{p50:>8.1f}ms"
              f"{p95:>8.1f}ms{c50:>9.1f}ms{g50:>8.1f}ms  {'yes' if p95 < AIM_MS else 'NO'}")
    print("(count p50 and page p50 are the two queries of one search: the total shown, and the first "
          f"{PAGE} in the roster's order, by union then number)\n")

    # The grants are read once per request, before any count: the counts are timed on their own.
    def county_count():
        return Member.objects.restrict(user).count()

    def county_total():
        return member_total(user)

    assert county_total() == in_county, (county_total(), in_county)
    county50, county95 = percentiles(timed(county_count))
    tally50, tally95 = percentiles(timed(county_total))
    full50, full95 = percentiles(timed(Member.objects.count))
    print(f"{'count':<44}{'rows':>10}{'p50':>10}{'p95':>10}")
    print(f"{'county members: restrict(user).count()':<44}{in_county:>10,}{county50:>8.2f}ms{county95:>8.2f}ms")
    print(f"{'county members: member_total(user) (tally)':<44}{in_county:>10,}{tally50:>8.2f}ms{tally95:>8.2f}ms")
    print(f"{'whole table: Member.objects.count()':<44}{total:>10,}{full50:>8.2f}ms{full95:>8.2f}ms")
    for label, ratio in (("count", county50 / full50), ("tally", tally50 / full50)):
        verdict = "yes" if ratio <= AIM_RATIO else "NO"
        print(f"ratio county {label} / whole table (p50): {ratio:.3f}  (aim <= {AIM_RATIO}: {verdict})")
    print()

    pages(user)

    slowest = max(results, key=lambda r: r[5])
    print(f"Plans ({'EXPLAIN (ANALYZE, BUFFERS)' if connection.vendor == 'postgresql' else 'EXPLAIN QUERY PLAN'}"
          f", first {PLAN_LINES} lines)\n")
    statements = [s for s in capture(search(slowest[1])) if "members_member" in s[0]]
    for sql, params in statements:
        kind = "count" if "COUNT(" in sql.upper() else "first page"
        explain(f"slowest search, {slowest[0]} {slowest[1]!r}: {kind}", sql, params)
    if slowest[1]:
        for sql, params in capture(search("")):
            if "members_member" in sql and "COUNT(" not in sql.upper():
                explain("no search (the roster as it opens): first page", sql, params)
    for sql, params in capture(county_count):
        if "members_member" in sql:
            explain("county member count", sql, params)


def pages(county_user):
    """(d) Whole pages as the browser gets them (middleware, grants, queries, templates): the
    overview, the year report and the roster as they open, for the city and the county login."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from gonghui.accounts.models import User
    from gonghui.members.queries import member_total

    settings.ALLOWED_HOSTS = ["*"]
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages name their files as served
    city_user = User.objects.get(username="city")
    print(f"{'page (HTML, status 200)':<44}{'user':>8}{'p50':>10}{'p95':>10}  aim")
    for user in (city_user, county_user):
        client = Client()
        client.force_login(user)
        for label, url, aim in (("overview", reverse("overview:home"), 500),
                                ("year report", reverse("assistance:year_report"), 500),
                                ("member roster as it opens", reverse("members:list"), 50)):
            def get(client=client, url=url):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            p50, p95 = percentiles(timed(get, reps=max(REPS // 5, 10)))
            verdict = "yes" if p95 < aim else "NO"
            print(f"{label:<44}{user.username:>8}{p50:>8.1f}ms{p95:>8.1f}ms  {verdict} (< {aim} ms)")
    p50, p95 = percentiles(timed(lambda: member_total(city_user)))
    print(f"{'subtree total (tally), the whole city':<44}{'city':>8}{p50:>8.2f}ms{p95:>8.2f}ms  "
          f"{'yes' if p95 < AIM_MS else 'NO'} (< {AIM_MS:g} ms)")
    print()


if __name__ == "__main__":
    main()
