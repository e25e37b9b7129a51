"""Counting days and shares as Chinese law counts. Every app counts through this module.

- 民法典 art. 201: a period counted in days (or months, years) starts on the day after the
  triggering day, so "15 days from the 1st" ends on the 16th.
- 民法典 art. 202: a period in months or years ends on the corresponding day of the last month;
  without one, on the last day of that month.
- 民法典 art. 203: when the last day is a statutory holiday (weekends included), the period ends
  on the first working day after it.
- 民法典 art. 1259: "以上 / 以下 / 以内 / 届满" include the stated number, "不满 / 超过 / 以外"
  exclude it. So "三分之二以上" is met by exactly 2/3 and "半数以上" by exactly half, while
  "超过三分之二" and "过半数" need strictly more: ``at_least`` and ``more_than``.

Working days skip weekends and public holidays (``CalendarDay`` holiday rows) and count the
weekend days made working days by 调休 (``CalendarDay`` working rows). Years without calendar
rows count Monday to Friday.
"""

import calendar as _calendar
import datetime
import threading
import time
from decimal import Decimal
from fractions import Fraction

UNITS = ("days", "working_days", "months", "years")
_ONE = datetime.timedelta(days=1)
_TTL = 60  # seconds: another process's calendar edit is seen within a minute (and at once by recompute)


class Calendar:
    """The exceptions to the Monday-to-Friday week, read once: {date: "holiday" | "working"}."""

    def __init__(self, days=None):
        if days is None:
            from .models import CalendarDay

            days = dict(CalendarDay.objects.values_list("date", "kind"))
        self.days = dict(days)
        self.loaded = time.monotonic()

    def is_working_day(self, d):
        kind = self.days.get(d)
        if kind is not None:
            return kind == "working"
        return d.weekday() < 5


_lock = threading.Lock()
_current = None


def current():
    global _current
    cal = _current
    if cal is None or time.monotonic() - cal.loaded > _TTL:
        with _lock:
            cal = _current = Calendar()
    return cal


def forget():
    """Drop the cached calendar (after an edit, and between tests)."""
    global _current
    _current = None


def _cal(cal):
    return cal if cal is not None else current()


def is_working_day(d, *, cal=None):
    return _cal(cal).is_working_day(d)


def next_working_day(d, *, cal=None):
    """`d` itself when it is a working day, else the first working day after it (art. 203)."""
    cal = _cal(cal)
    while not cal.is_working_day(d):
        d += _ONE
    return d


def add_working_days(d, n, *, cal=None):
    """The n-th working day after `d` (`d` itself is not counted, art. 201); n < 0 counts back."""
    cal = _cal(cal)
    step = _ONE if n >= 0 else -_ONE
    left = abs(n)
    while left:
        d += step
        if cal.is_working_day(d):
            left -= 1
    return d


def working_days_between(a, b, *, cal=None):
    """How many working days lie after `a` up to and including `b` (negative when b < a), so
    ``working_days_between(a, add_working_days(a, n)) == n``."""
    cal = _cal(cal)
    if b < a:
        return -working_days_between(b, a, cal=cal)
    count = 0
    d = a
    while d < b:
        d += _ONE
        if cal.is_working_day(d):
            count += 1
    return count


def add_months(d, months):
    """The corresponding day `months` later; the month's last day when there is none (art. 202)."""
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    last = _calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(d.day, last))


def deadline(start, n, unit, *, cal=None):
    """The last day of a period of `n` `unit`s that starts after `start` (arts. 201-203).

    A period never ends on a non-working day: it moves to the next working day (art. 203).
    """
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")
    if isinstance(start, datetime.datetime):
        raise TypeError("deadline() counts whole days: pass a date (the local date of the event)")
    n = int(n)
    if n < 0:
        raise ValueError("a period cannot be negative")
    cal = _cal(cal)
    if unit == "working_days":
        return add_working_days(start, n, cal=cal) if n else next_working_day(start, cal=cal)
    if unit == "days":
        end = start + datetime.timedelta(days=n)
    elif unit == "months":
        end = add_months(start, n)
    else:
        end = add_months(start, 12 * n)
    return next_working_day(end, cal=cal)


def _fraction(x):
    if isinstance(x, Fraction):
        return x
    if isinstance(x, Decimal | int):
        return Fraction(x)
    if isinstance(x, str):
        return Fraction(x)
    if isinstance(x, float):
        raise TypeError("use Fraction, Decimal, int or a string such as '2/3', never a float")
    return Fraction(x)


def at_least(part, whole, ratio):
    """"以上 / 以下 / 以内 / 届满": part ≥ ratio × whole, exactly (art. 1259: the number is included).

    at_least(60, 90, "2/3") is True (三分之二以上); at_least(45, 90, "1/2") is True (半数以上).
    """
    return _fraction(part) >= _fraction(ratio) * _fraction(whole)


def more_than(part, whole, ratio):
    """"超过 / 过半数" (and the negation of "不满"): part > ratio × whole, exactly (art. 1259).

    more_than(45, 90, "1/2") is False (45 of 90 is not 过半数); more_than(46, 90, "1/2") is True.
    """
    return _fraction(part) > _fraction(ratio) * _fraction(whole)


def meets(part, whole, ratio, *, strict):
    """``more_than`` when the rule says 超过 / 过半数 (`strict`), else ``at_least``."""
    return more_than(part, whole, ratio) if strict else at_least(part, whole, ratio)
