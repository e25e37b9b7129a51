"""The funds' rules as the rulebook holds them for an employer's jurisdiction: the 2% (工会法
art. 43), the day it is due (北京 art. 55, 上海 art. 41), late fees where the jurisdiction has them
(北京: 0.5% a day), the split of every receipt between the levels, the members' 0.5%, and the
small-firm refund's threshold. Each answer carries the Ruling(s) it used, so pages and messages
name the source.

Rounding (stated here once, tested in tests/funds):
- the 2% due: to the nearest fen, halves up (the bureau's statements do the same);
- the split: each upper level's part (county, city, province, ACFTU) is rounded *down* to the
  fen, and the grassroots union keeps the rest, so the parts always add up to the receipt exactly
  and any odd fen stays with the base union;
- late fees: per day, on the amount paid late, rounded down to the fen for the whole period;
- member dues: the wage's part under 10 yuan (`funds.dues_round_down_fen`) is dropped first,
  then 0.5% is taken and rounded down to the fen.
"""

import datetime
import re
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.rules import rulebook
from gonghui.rules.days import add_months, next_working_day

from .models import Level

UPPER = (Level.COUNTY, Level.CITY, Level.PROVINCE)


def share_text(value):
    return f"{(Fraction(value) * 100).numerator / (Fraction(value) * 100).denominator:g}%"


def half_up(amount):
    """A Fraction of fen to whole fen, halves up (amounts here are never negative)."""
    return int(amount + Fraction(1, 2))


def due_fen(wage_bill_fen, region, on=None):
    """(2% of the wage bill in fen, Ruling) — 工会法 art. 43."""
    ruling = rulebook.value("funds.contribution_share", on=on, region=region)
    return half_up(Fraction(wage_bill_fen) * Fraction(ruling.value)), ruling


def due_on(month, region):
    """The day `month`'s contribution is due: the rulebook's day of the next month, moved to the
    next working day when it falls on a rest day or holiday (民法典 art. 203)."""
    ruling = rulebook.value("funds.contribution_due_day", on=month, region=region)
    nxt = add_months(month.replace(day=1), 1)
    day = min(int(ruling.value), 28 if nxt.month == 2 else 30 if nxt.month in (4, 6, 9, 11) else 31)
    return next_working_day(nxt.replace(day=day)), ruling


@dataclass(frozen=True)
class LateFee:
    days: int
    fee_fen: int
    ruling: object

    @property
    def text(self):
        if not self.ruling or not Fraction(self.ruling.value):
            return ""
        return _("%(days)s days late × %(rate)s a day (source: %(source)s)") % {
            "days": self.days, "rate": share_text(self.ruling.value), "source": self.ruling.source}


def late_fee(amount_fen, due, paid_on, region):
    """The late fee on `amount_fen` paid on `paid_on` (or still owed on that day) against `due`.

    Days are counted from the day after the due day (民法典 art. 201): paid on the due day is 0
    days late, the next day 1. Where the jurisdiction has no late fee (the national rule, 工会法
    art. 44 gives only the payment order) the fee is 0 but the days are still counted."""
    days = max((paid_on - due).days, 0) if paid_on else 0
    ruling = rulebook.value("funds.late_fee_daily_share", on=due, region=region)
    rate = Fraction(ruling.value)
    return LateFee(days, int(Fraction(amount_fen) * rate * days), ruling)


# --- the split -------------------------------------------------------------------------------------

_PART = re.compile(r"^(county|city|province)\s*=\s*([0-9./]+)$")


@dataclass(frozen=True)
class SplitTable:
    shares: dict  # Level -> Fraction
    rulings: tuple

    @property
    def source(self):
        return "；".join(f"{r.label}：{r.source}" for r in self.rulings)

    def split(self, amount_fen):
        """{level: fen} for a receipt of `amount_fen`; the parts add up to it exactly (upper
        levels rounded down, the base union keeps the rest)."""
        amount = int(amount_fen)
        out = {}
        for level, share in self.shares.items():
            if level != Level.BASE:
                out[level] = amount * share.numerator // share.denominator if amount >= 0 else \
                    -((-amount) * share.numerator // share.denominator)
        out[Level.BASE] = amount - sum(out.values())
        return {lv: out[lv] for lv in Level.values}


def split_table(region, on=None):
    """The split for `region` (an employer's division): the base union's retention, the ACFTU's
    share and the province's table of county, city and province shares. A table that does not
    add up to the whole is refused by name, so a mis-keyed rule never loses a fen."""
    base = rulebook.value("funds.base_retention_share", on=on, region=region)
    national = rulebook.value("funds.national_share", on=on, region=region)
    upper = rulebook.value("funds.split_upper", on=on, region=region)
    shares = {Level.BASE: Fraction(base.value), Level.NATIONAL: Fraction(national.value)}
    for part in re.split(r"[;；,，]", upper.value or ""):
        part = part.strip()
        if not part:
            continue
        m = _PART.match(part)
        if m is None:
            raise ValidationError(_("The rulebook's split table (%(rule)s) has a part it cannot read: %(part)s.")
                                  % {"rule": upper.label, "part": part})
        shares[Level(m.group(1))] = Fraction(m.group(2))
    for level in UPPER:
        shares.setdefault(level, Fraction(0))
    if sum(shares.values()) != 1:
        raise ValidationError(_("The split between levels for this jurisdiction adds up to %(total)s, not 100%% "
                                "(%(rules)s): correct the rulebook first.")
                              % {"total": share_text(sum(shares.values())), "rules": upper.label})
    return SplitTable({lv: shares[lv] for lv in Level.values}, (base, upper, national))


# --- member dues -----------------------------------------------------------------------------------

def dues_fen(wage_fen, region, on=None):
    """(会费 in fen, rule text): 0.5% of the wage with its part under 10 yuan dropped first."""
    share = rulebook.value("funds.dues_share", on=on, region=region)
    step = rulebook.value("funds.dues_round_down_fen", on=on, region=region)
    step_fen = int(step.value) or 1
    base = int(wage_fen) // step_fen * step_fen
    fen = int(Fraction(base) * Fraction(share.value))
    text = f"{share_text(share.value)}（{share.source}）；{step.label} {int(step.value) / 100:g} 元（{step.source}）"
    return fen, text


# --- the small-firm refund ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Threshold:
    staff_max: int
    paid_max_fen: int
    match: str
    rulings: tuple

    def qualifies(self, staff, paid_fen):
        """Staff and amount are compared with 以下 (the threshold itself qualifies, 民法典 art. 1259)."""
        tests = []
        if self.staff_max:
            tests.append(staff <= self.staff_max)
        if self.paid_max_fen:
            tests.append(paid_fen <= self.paid_max_fen)
        if not tests:
            return False
        return any(tests) if self.match == "any" else all(tests)

    @property
    def text(self):
        parts = []
        if self.staff_max:
            parts.append(_("staff at most %(n)s") % {"n": self.staff_max})
        if self.paid_max_fen:
            parts.append(_("paid at most %(yuan)s yuan a year") % {"yuan": f"{self.paid_max_fen / 100:,.2f}"})
        joint = _(" or ") if self.match == "any" else _(" and ")
        return f"{joint.join(parts)}（{'；'.join(r.source for r in self.rulings)}）"


def small_firm_threshold(region, year):
    """The year's threshold; a year before the refund existed (no value in force) is refused
    with a message, not an error page."""
    on = datetime.date(year, 12, 31)
    try:
        staff = rulebook.value("funds.small_firm_staff_max", on=on, region=region)
        paid = rulebook.value("funds.small_firm_paid_max_fen", on=on, region=region)
        match = rulebook.value("funds.small_firm_match", on=on, region=region)
        share = rulebook.value("funds.small_firm_refund_share", on=on, region=region)
    except rulebook.NoValue:
        raise ValidationError({"year": _("Year %(year)s: the rulebook holds no small-firm refund rule in force "
                                         "that year.") % {"year": year}}) from None
    return Threshold(int(staff.value), int(paid.value), str(match.value).strip(), (staff, paid, match, share))


def refund_share(region, year):
    return Fraction(rulebook.value("funds.small_firm_refund_share", on=datetime.date(year, 12, 31),
                                   region=region).value)
