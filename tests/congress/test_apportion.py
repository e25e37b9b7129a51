"""Sharing seats among electing units: Hamilton's largest remainder with at least one seat each,
checked against a plain reference written here without the code under test."""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.congress.services import apportion


def reference(total, sizes):
    """The rule as a clerk would do it by hand: lift every unit whose quota is under one to one
    seat and share the rest again, until no quota is under one; then whole parts, then the
    largest remainders (more members first on a tie, then the earlier unit)."""
    lifted = []
    while True:
        rest = [i for i in range(len(sizes)) if i not in lifted]
        seats = total - len(lifted)
        weight = sum(sizes[i] for i in rest)
        quota = {i: (Fraction(seats * sizes[i], weight) if weight else Fraction(seats, len(rest))) for i in rest}
        under = [i for i in rest if quota[i] < 1]
        if not under:
            break
        lifted += under
    out = {i: 1 for i in lifted}
    for i in rest:
        out[i] = quota[i].numerator // quota[i].denominator
    left = seats - sum(out[i] for i in rest)
    ranked = sorted(rest, key=lambda i: (quota[i] - out[i], sizes[i], -i), reverse=True)
    for i in ranked[:left]:
        out[i] += 1
    return [out[i] for i in range(len(sizes))], quota


units = st.lists(st.integers(min_value=0, max_value=50000), min_size=1, max_size=25)


# generation is cheap; a busy machine is not a failure
RELAXED = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@RELAXED
@given(units, st.integers(min_value=0, max_value=1500))
def test_properties(sizes, extra):
    total = len(sizes) + extra
    seats, quotas = apportion(total, sizes)
    assert sum(seats) == total
    assert all(s >= 1 for s in seats)
    expected, pool_quota = reference(total, sizes)
    assert seats == expected
    for i, s in enumerate(seats):
        if i in pool_quota:  # shared by quota: within one seat of it
            assert abs(s - pool_quota[i]) < 1
        else:  # lifted to its one seat from a quota under one
            assert s == 1


@RELAXED
@given(st.lists(st.integers(min_value=1, max_value=5000), min_size=1, max_size=12), st.integers(0, 400))
def test_within_one_of_the_plain_quota_when_nobody_is_lifted(sizes, extra):
    total = len(sizes) + extra
    plain = [Fraction(total * s, sum(sizes)) for s in sizes]
    if min(plain) < 1:
        return  # a unit lifted to one seat takes it from the others
    seats, _ = apportion(total, sizes)
    assert all(abs(s - q) < 1 for s, q in zip(seats, plain, strict=True))


def test_known_example():
    # 298 seats among four counties of 120,000 / 90,000 / 60,000 / 30,000 members:
    # quotas 119.2, 89.4, 59.6, 29.8 → 119, 89, 59, 29 and the two largest remainders (.8, .6)
    assert apportion(298, [120000, 90000, 60000, 30000])[0] == [119, 89, 60, 30]


def test_small_unit_gets_one_seat():
    seats, _ = apportion(10, [1000, 1])
    assert seats == [9, 1]


def test_too_few_seats():
    with pytest.raises(ValueError):
        apportion(2, [5, 5, 5])
