"""Counting the ID numbers that fit what a reader knows about a person (the one helper of the
masking and clear-column tests).

The reader is assumed to know the union's region, i.e. the first six digits (most members were
born where they work). A GB 11643 number is region + birth date (8 digits) + three sequence digits
(the last odd for men) + a MOD 11-2 check character. What else the reader knows narrows it: a
birth date, month or year; the last characters (tail); the sex. We count every number of the
region with a birth date in a member's lifetime that fits, with the check digit computed here and
checked against python-stdnum.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum.cn import ric

REGION = "430421"  # 衡阳县, the demo's county
CHECK = "10X98765432"  # GB 11643: check character for (weighted sum mod 11)
WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]


def check_char(body17):
    return CHECK[sum(int(d) * w for d, w in zip(body17, WEIGHTS, strict=True)) % 11]


@dataclass
class Known:
    """What a reader knows about one person's ID number besides its region."""

    born: date | None = None  # the full birth date
    month: tuple[int, int] | None = None  # (year, month)
    year: int | None = None
    tail: str = ""  # the last characters, e.g. "123X"
    sex: str = ""  # "M" / "F"
    sources: dict = field(default_factory=dict)  # what told it: {"tail": "members_member.id_tail", ...}


def lifetime(today=None):
    """Birth dates of members: 16 to 70 years old."""
    today = today or date.today()
    return date(today.year - 70, 1, 1), date(today.year - 16, 12, 31)


def candidates(known: Known, region=REGION, window=None):
    """How many ID numbers of `region` with a birth date in `window` fit `known`."""
    first, last = window or lifetime()
    tail = known.tail.upper()
    # How many sequence numbers fit the tail and the sex, for each residue of the weighted sum of
    # the first 14 digits: per day one table look-up instead of a thousand check digits.
    seq_weights = WEIGHTS[14:]
    per_residue = [0] * 11
    for seq in range(1000):
        digits = f"{seq:03d}"
        if known.sex and (int(digits[2]) % 2 == 1) != (known.sex == "M"):
            continue
        partial = sum(int(d) * w for d, w in zip(digits, seq_weights, strict=True))
        for residue in range(11):
            number = digits + CHECK[(residue + partial) % 11]
            if number.endswith(tail[-4:]):
                per_residue[residue] += 1
    n, day = 0, first
    while day <= last:
        fits = ((known.born is None or day == known.born)
                and (known.month is None or (day.year, day.month) == known.month)
                and (known.year is None or day.year == known.year))
        head = f"{region}{day:%Y%m%d}"
        if fits and head.endswith(tail[:-4]):  # a tail longer than four reaches into the date
            n += per_residue[sum(int(d) * w for d, w in zip(head, WEIGHTS[:14], strict=True)) % 11]
        day += timedelta(days=1)
    return n


def self_check():
    """The check digit here is GB 11643's (python-stdnum agrees)."""
    for body in ("43042119900101123", "11010519491231002", "43040519850615002"):
        assert check_char(body) == ric.calc_check_digit(body + "0"), body
    one_day = (date(1990, 1, 1), date(1990, 1, 1))
    assert candidates(Known(born=date(1990, 1, 1), tail="123" + check_char("43042119900101123")), window=one_day) == 1
