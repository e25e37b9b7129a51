"""The payout of one hospital stay under a plan's rules: a pure function of the rules, the stay
and what the member was already paid this year, so it can be tested at every boundary and
shown to the reviewer line by line.

The rules (per share; a member with n shares gets n times the amounts and n times the caps):
- the hospital allowance: the first `min_days` days of a stay are not paid (起付天数); the days
  after them are paid at `daily_allowance_fen` per day, at most `max_days_per_stay` days in one
  stay and `max_days_per_year` days in the plan year;
- the allowance of one stay is capped at `cap_per_stay_fen`, and the allowances of the year
  together at `cap_per_year_fen`;
- a serious illness or a women's special disease named by the plan adds its lump sum, once per
  disease in the plan year; lump sums are outside the allowance caps.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gonghui.core.money import yuan


@dataclass(frozen=True)
class Rules:
    daily_allowance_fen: int
    min_days: int
    max_days_per_stay: int
    max_days_per_year: int
    cap_per_stay_fen: int
    cap_per_year_fen: int

    @classmethod
    def of(cls, plan):
        return cls(plan.daily_allowance_fen, plan.min_days, plan.max_days_per_stay, plan.max_days_per_year,
                   plan.cap_per_stay_fen, plan.cap_per_year_fen)


@dataclass(frozen=True)
class Lump:
    """A covered disease's lump sum, and whether it was paid already this year."""

    name: str
    lump_sum_fen: int
    paid_before: bool = False


@dataclass
class Payout:
    fen: int = 0
    allowance_fen: int = 0
    paid_days: int = 0
    lump_fen: int = 0
    lines: list = field(default_factory=list)


def compute(rules, *, shares, days, paid_days_before=0, allowance_paid_before=0, lump=None):
    """The payout in fen and the lines that explain it (in the active language, with the
    arithmetic). `paid_days_before` and `allowance_paid_before` are the member's paid allowance
    days and fen of earlier claims this plan year."""
    out = Payout()
    line = out.lines.append
    line(_("Stay of %(days)d days, %(shares)d share(s).") % {"days": days, "shares": shares})
    beyond = max(0, days - rules.min_days)
    if beyond == 0:
        line(_("The first %(min)d days of a stay are not paid: no hospital allowance.") % {"min": rules.min_days})
    else:
        line(_("Days paid: %(days)d − %(min)d days not paid = %(beyond)d.") % {
            "days": days, "min": rules.min_days, "beyond": beyond})
    paid = beyond
    if paid > rules.max_days_per_stay:
        line(_("At most %(max)d days are paid in one stay: %(paid)d → %(max)d.") % {
            "max": rules.max_days_per_stay, "paid": paid})
        paid = rules.max_days_per_stay
    days_left = max(0, rules.max_days_per_year - paid_days_before)
    if paid > days_left:
        line(_("%(before)d days were paid earlier this year, of at most %(max)d: %(paid)d → %(left)d.") % {
            "before": paid_days_before, "max": rules.max_days_per_year, "paid": paid, "left": days_left})
        paid = days_left
    allowance = paid * rules.daily_allowance_fen * shares
    if paid:
        line(_("Allowance: %(days)d days × %(rate)s yuan × %(shares)d share(s) = %(amount)s yuan.") % {
            "days": paid, "rate": yuan(rules.daily_allowance_fen), "shares": shares, "amount": yuan(allowance)})
    stay_cap = rules.cap_per_stay_fen * shares
    if allowance > stay_cap:
        line(_("Cap per stay: %(cap)s yuan × %(shares)d share(s) = %(total)s yuan; the allowance is capped.") % {
            "cap": yuan(rules.cap_per_stay_fen), "shares": shares, "total": yuan(stay_cap)})
        allowance = stay_cap
    year_left = max(0, rules.cap_per_year_fen * shares - allowance_paid_before)
    if allowance > year_left:
        line(_("Cap per year: %(cap)s yuan × %(shares)d share(s), %(before)s yuan paid earlier: "
               "at most %(left)s yuan more.") % {
            "cap": yuan(rules.cap_per_year_fen), "shares": shares, "before": yuan(allowance_paid_before),
            "left": yuan(year_left)})
        allowance = year_left
    out.paid_days, out.allowance_fen = paid, allowance
    if lump is not None:
        if lump.paid_before:
            line(_("The lump sum for %(name)s was paid earlier this year; it is paid once a year.") % {
                "name": lump.name})
        else:
            out.lump_fen = lump.lump_sum_fen * shares
            line(_("Lump sum for %(name)s: %(sum)s yuan × %(shares)d share(s) = %(amount)s yuan.") % {
                "name": lump.name, "sum": yuan(lump.lump_sum_fen), "shares": shares, "amount": yuan(out.lump_fen)})
    out.fen = out.allowance_fen + out.lump_fen
    line(_("Payout: %(allowance)s + %(lump)s = %(total)s yuan.") % {
        "allowance": yuan(out.allowance_fen), "lump": yuan(out.lump_fen), "total": yuan(out.fen)})
    return out
