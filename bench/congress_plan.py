"""Planning the city's congress on the demo city: counting the members of every electing unit.

``congress.services.electing_units`` counts the members in good standing of every union right
below the convening one in one grouped query (the first step of the member's union path is the
group). The baseline is the obvious loop, one subtree count per unit. It prints the median of
each, their ratio, the units and members counted, and the seats the demo congress got against
the 298 of seed 004.

Runs on DATABASE_URL (the local SQLite file when unset); builds the demo city into an empty
database first. ``python bench/congress_plan.py`` or ``make bench``.
"""

import os
import statistics
import sys
import time

from common import start_django  # bench/ is on sys.path when run as a script

REPS = int(os.environ.get("BENCH_REPS", "15"))


def timed(fn):
    fn()  # warm the cache
    samples = []
    for _ in range(REPS):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def main():
    start_django("sqlite:///var/gonghui.sqlite3")
    from django.core.management import call_command

    from gonghui.congress import services
    from gonghui.congress.models import Congress
    from gonghui.core.access import subtree_q
    from gonghui.members.models import Member
    from gonghui.orgs.models import Union

    root = Union.objects.filter(depth=1).order_by("path").first()
    if root is None:
        t = time.perf_counter()
        call_command("demo", verbosity=0)
        print(f"Built the demo city in {time.perf_counter() - t:.1f}s.")
        root = Union.objects.filter(depth=1).order_by("path").first()

    def grouped():
        return services.electing_units(root)

    def per_unit():
        children = Union.objects.filter(path__startswith=root.path, depth=root.depth + 1, status="active")
        return [(u, Member.objects.in_good_standing().filter(subtree_q("union_path", u.path)).count())
                for u in children.order_by("path")]

    units = grouped()
    assert [(u.union.pk, u.members) for u in units if not u.direct] == [(u.pk, n) for u, n in per_unit()]
    fast, slow = timed(grouped), timed(per_unit)
    members = sum(u.members for u in units)
    print(f"{len(units)} electing units, {members:,} members in good standing")
    print(f"grouped query: {fast:8.1f} ms (median of {REPS})")
    print(f"one count per unit (baseline): {slow:8.1f} ms")
    print(f"ratio grouped / baseline: {fast / slow:.2f}")
    congress = Congress.objects.filter(union=root).first()
    if congress is not None:
        print(f"demo congress: {congress.seats} seats (seed 004: 298), shared as "
              + ", ".join(f"{u.union.name} {u.seats}" for u in congress.units.select_related("union")))


if __name__ == "__main__":
    sys.exit(main())
