"""Counting a big congress's ballots one by one, and the ballot's stroke order: how fast.

A congress of BALLOTS delegates elects SEATS of CANDIDATES; every ballot is entered and counted
by `elections.counting` (each ballot checked: at most SEATS names, no name twice, only
candidates), then `decide` applies the threshold, the seats and ties. The baseline is the bare
tally: every mark added up with collections.Counter, no checks. Then the Unihan stroke table is
loaded (cold, once per process) and NAMES names are put in 姓氏笔画 order. Timings are printed,
never asserted. No database is needed.

    .venv/bin/python bench/count_ballots.py      # BENCH_BALLOTS=20000 BENCH_CANDIDATES=15 BENCH_SEATS=9
"""

import os
import random
import sys
import time
from collections import Counter
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from gonghui.elections import counting, strokes  # noqa: E402

BALLOTS = int(os.environ.get("BENCH_BALLOTS", "20000"))
CANDIDATES = int(os.environ.get("BENCH_CANDIDATES", "15"))
SEATS = int(os.environ.get("BENCH_SEATS", "9"))
NAMES = 2000


def main():
    rng = random.Random(7)
    ballots = [rng.sample(range(CANDIDATES), rng.randint(0, SEATS + 1)) for _ in range(BALLOTS)]
    t = time.perf_counter()
    tally = counting.tally_ballots(ballots, range(CANDIDATES), SEATS)
    d = counting.decide(tally.votes, SEATS, entitled=BALLOTS, share=Fraction(1, 2), strict=True)
    ours = time.perf_counter() - t
    t = time.perf_counter()
    bare = Counter(m for b in ballots for m in b)
    base = time.perf_counter() - t
    assert sum(bare.values()) >= sum(tally.votes.values())
    print(f"count {BALLOTS:,} ballots, {CANDIDATES} candidates, {SEATS} seats: {ours * 1000:.1f} ms "
          f"({tally.invalid:,} invalid, {len(d.elected)} elected); bare Counter {base * 1000:.1f} ms; "
          f"ratio {ours / base:.1f}x")
    t = time.perf_counter()
    table = strokes.stroke_table()
    load = time.perf_counter() - t
    han = [chr(c) for c in range(0x4E00, 0x9FA5)]
    names = ["".join(rng.choice(han) for _ in range(rng.randint(2, 3))) for _ in range(NAMES)]
    t = time.perf_counter()
    strokes.by_strokes(names, name=str)
    order = time.perf_counter() - t
    t = time.perf_counter()
    sorted(names)
    plain = time.perf_counter() - t
    print(f"Unihan stroke table: {len(table):,} characters loaded in {load:.2f} s (once per process); "
          f"{NAMES:,} names in 姓氏笔画 order {order * 1000:.1f} ms, code-point sort {plain * 1000:.2f} ms; "
          f"ratio {order / plain:.0f}x")


if __name__ == "__main__":
    main()
