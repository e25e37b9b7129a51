"""The counting module: 民法典 arts. 201-203 (periods) and 1259 (以上 / 超过), on the shipped
2025 and 2026 holiday calendars."""

import datetime
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.rules import days

D = datetime.date
pytestmark = pytest.mark.django_db

dates = st.dates(min_value=D(2024, 12, 1), max_value=D(2027, 3, 1))
HYP = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_shipped_holidays_and_adjusted_working_weekends():
    assert not days.is_working_day(D(2025, 1, 28))  # 春节, a Tuesday
    assert days.is_working_day(D(2025, 1, 26))  # Sunday made a working day (调休)
    assert days.is_working_day(D(2025, 2, 8))  # Saturday made a working day
    assert not days.is_working_day(D(2025, 10, 8))
    assert days.is_working_day(D(2025, 10, 11))
    assert not days.is_working_day(D(2026, 2, 23))
    assert days.is_working_day(D(2026, 2, 28))
    assert not days.is_working_day(D(2026, 6, 6))  # an ordinary Saturday
    assert days.is_working_day(D(2026, 6, 8))  # an ordinary Monday
    assert not days.is_working_day(D(2027, 1, 2))  # a later year: weekends only until entered


def test_period_in_days_starts_the_next_day():
    # 15 days from Monday 2026-03-02: the first day counted is 03-03, the 15th is 03-17 (a Tuesday).
    assert days.deadline(D(2026, 3, 2), 15, "days") == D(2026, 3, 17)
    assert days.deadline(D(2026, 3, 2), 1, "days") == D(2026, 3, 3)


def test_last_day_on_a_holiday_moves_to_the_day_after_it_ends():
    # 15 days from 2025-09-21 end on 10-06, inside 国庆中秋 (10-01..10-08): the deadline is 10-09.
    assert days.deadline(D(2025, 9, 21), 15, "days") == D(2025, 10, 9)
    # On a plain Saturday: the Monday after.
    assert days.deadline(D(2026, 3, 2), 5, "days") == D(2026, 3, 9)
    # On a Sunday made a working day: it stays (2025-09-28 is a 调休 working Sunday).
    assert days.deadline(D(2025, 9, 18), 10, "days") == D(2025, 9, 28)


def test_months_and_years_end_on_the_corresponding_day_or_the_month_end():
    # No 31 February: the month's last day, 2026-02-28, a Saturday made a working day (春节调休).
    assert days.deadline(D(2026, 1, 31), 1, "months") == D(2026, 2, 28)
    # 2026-05-31 is a Sunday: the Monday after.
    assert days.deadline(D(2026, 3, 31), 2, "months") == D(2026, 6, 1)
    assert days.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert days.add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert days.deadline(D(2025, 4, 15), 1, "years") == D(2026, 4, 15)


def test_working_days_skip_holidays_and_count_adjusted_weekends():
    # From Friday 2025-01-24: 01-26 (Sun, 调休) is the 1st, 01-27 the 2nd, then 春节 to 02-04, 02-05 the 3rd.
    assert days.add_working_days(D(2025, 1, 24), 1) == D(2025, 1, 26)
    assert days.add_working_days(D(2025, 1, 24), 3) == D(2025, 2, 5)
    assert days.deadline(D(2025, 1, 24), 3, "working_days") == D(2025, 2, 5)
    assert days.working_days_between(D(2025, 1, 24), D(2025, 2, 5)) == 3


def test_units_and_bad_periods_are_refused():
    with pytest.raises(ValueError):
        days.deadline(D(2026, 1, 1), 3, "weeks")
    with pytest.raises(ValueError):
        days.deadline(D(2026, 1, 1), -1, "days")


@HYP
@given(start=dates, n=st.integers(min_value=0, max_value=400),
       unit=st.sampled_from(["days", "working_days", "months", "years"]))
def test_a_deadline_is_never_on_a_non_working_day(start, n, unit):
    n = n if unit in ("days", "working_days") else n % 30
    end = days.deadline(start, n, unit)
    assert days.is_working_day(end)
    assert end > start or (n == 0 and end >= start)


@HYP
@given(start=dates, n=st.integers(min_value=0, max_value=300))
def test_adding_n_working_days_then_counting_back_gives_n(start, n):
    end = days.add_working_days(start, n)
    assert days.working_days_between(start, end) == n
    assert days.add_working_days(end, -n) <= start or n == 0
    if n:
        assert days.is_working_day(end)


@HYP
@given(start=dates, n=st.integers(min_value=1, max_value=400))
def test_a_period_in_days_starts_the_day_after(start, n):
    end = days.deadline(start, n, "days")
    plain = start + datetime.timedelta(days=n)
    # Never before the plain count (the event's own day is not counted), and only later when
    # the plain last day is not a working day; then the first working day after it.
    assert end >= plain
    if days.is_working_day(plain):
        assert end == plain
    else:
        assert all(not days.is_working_day(plain + datetime.timedelta(days=i)) for i in range((end - plain).days))


# --- 以上 / 超过 (art. 1259), exactly -------------------------------------------------------

def test_exactly_two_thirds_meets_yi_shang_but_not_chao_guo():
    assert days.at_least(60, 90, "2/3")
    assert not days.more_than(60, 90, "2/3")
    assert days.more_than(61, 90, "2/3")
    assert not days.at_least(59, 90, "2/3")
    # 2/3 of 100 is 66.67: 67 meets both, 66 neither
    assert days.at_least(67, 100, Fraction(2, 3)) and days.more_than(67, 100, Fraction(2, 3))
    assert not days.at_least(66, 100, Fraction(2, 3))


def test_exactly_half_passes_ban_shu_yi_shang_and_fails_guo_ban_shu():
    assert days.at_least(45, 90, "1/2")  # 上海: 半数以上
    assert not days.more_than(45, 90, "1/2")  # 浙江: 过半数
    assert days.more_than(46, 90, "1/2")
    assert days.meets(45, 90, "1/2", strict=False) and not days.meets(45, 90, "1/2", strict=True)


def test_floats_are_refused():
    with pytest.raises(TypeError):
        days.at_least(2, 3, 0.66)


@given(whole=st.integers(min_value=1, max_value=10_000), num=st.integers(min_value=0, max_value=12),
       den=st.integers(min_value=1, max_value=12))
def test_at_least_and_more_than_differ_only_at_the_exact_number(whole, num, den):
    ratio = Fraction(min(num, den), den)
    for part in range(max(0, int(ratio * whole) - 1), int(ratio * whole) + 3):
        exact = Fraction(part) == ratio * whole
        assert days.at_least(part, whole, ratio) == (days.more_than(part, whole, ratio) or exact)
