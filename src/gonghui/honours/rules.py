"""How the honours app reads the rulebook: the mix rules of a nomination batch, the agencies that
clear a nominated head of an enterprise, the re-nomination window and the 公示 length, and the
劳模 hardship formulas. Every number is a rulebook value for the round's (or the 劳模's)
jurisdiction, with its source (rules/wave2.md part B)."""

import re
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.rules import days, rulebook


@dataclass(frozen=True)
class Mix:
    """One mix rule: `part` nominees among `whole` nominees must be at least (`min`) or at most
    (`max`) the share. Both "不低于 / 以上" and "不超过 / 以下" include the number itself
    (民法典 art.1259), so exactly 35% meets "≥35%" and exactly 20% meets "≤20%"."""

    code: str
    rule: str
    bound: str  # "min" or "max"
    label: str
    part: str  # the nominee flag counted
    whole: str  # which nominees make the denominator: "all" persons, or one sector


MIX = {m.code: m for m in [
    Mix("industrial_worker_min", "honours.industrial_worker_share_min", "min",
        gettext_lazy("industrial workers among all nominees"), "is_industrial_worker", "all"),
    Mix("frontline_min", "honours.frontline_share_min", "min",
        gettext_lazy("front-line workers among the enterprise nominees"), "is_frontline", "enterprise"),
    Mix("enterprise_head_max", "honours.enterprise_head_share_max", "max",
        gettext_lazy("heads of enterprises among the enterprise nominees"), "is_enterprise_head", "enterprise"),
    Mix("farmer_worker_min", "honours.farmer_worker_share_min", "min",
        gettext_lazy("migrant workers among the farmer nominees"), "is_farmer_worker", "farmer"),
]}

# Which mix rules a new round takes by default, by title (the notices set them per round).
DEFAULT_MIX = {
    "model_worker": ("frontline_min", "enterprise_head_max", "farmer_worker_min"),
    "advanced_worker": ("enterprise_head_max",),
    "may_day_medal": ("industrial_worker_min", "enterprise_head_max"),
}
OTHER_MIX = ("enterprise_head_max",)


def share_text(value):
    value = Fraction(value)
    pct = value * 100
    return f"{float(pct):g}%" if pct.denominator in (1, 2, 4, 5, 10) else f"{value.numerator}/{value.denominator}"


def mix_rules_for(title, region, on=None, codes=None, overrides=None):
    """The mix rules a new round copies: [{"code", "share", "source"}] from the rulebook for
    `region` (rules without a value there are left out); `overrides` {code: share} are the
    call's own ratios ("本次评选通知")."""
    overrides = overrides or {}
    out = []
    for code in codes if codes is not None else DEFAULT_MIX.get(title, OTHER_MIX):
        mix = MIX.get(code)
        if mix is None:
            continue
        if code in overrides and overrides[code] not in (None, ""):
            share = Fraction(str(overrides[code]))
            if not 0 <= share <= 1:
                raise ValueError(code)
            out.append({"code": code, "share": f"{share.numerator}/{share.denominator}",
                        "source": _("this round's call for nominations")})
            continue
        ruling = rulebook.find(mix.rule, on=on, region=region)
        if ruling is None:
            continue
        v = ruling.value
        out.append({"code": code, "share": f"{v.numerator}/{v.denominator}", "source": ruling.source})
    return out


@dataclass
class MixResult:
    code: str
    label: str
    bound: str
    share: Fraction
    source: str
    part: int
    whole: int

    @property
    def ok(self):
        if self.whole == 0:
            return True  # no nominees of that kind: nothing to hold to the ratio
        if self.bound == "min":
            return days.at_least(self.part, self.whole, self.share)
        return Fraction(self.part) <= self.share * self.whole

    @property
    def actual_text(self):
        if not self.whole:
            return "—"
        return f"{self.part}/{self.whole}（{float(Fraction(self.part, self.whole) * 100):.1f}%）"

    @property
    def rule_text(self):
        sign = "≥" if self.bound == "min" else "≤"
        return f"{sign}{share_text(self.share)}"

    def message(self):
        if self.bound == "min":
            text = _("Mix rule broken: %(label)s are %(part)d of %(whole)d (%(pct).1f%%), below the minimum of "
                     "%(rule)s (source: %(source)s).")
        else:
            text = _("Mix rule broken: %(label)s are %(part)d of %(whole)d (%(pct).1f%%), above the maximum of "
                     "%(rule)s (source: %(source)s).")
        return text % {"label": self.label, "part": self.part, "whole": self.whole,
                       "pct": float(Fraction(self.part, self.whole) * 100), "rule": share_text(self.share),
                       "source": self.source}


def check_mix(round_, nominations):
    """Each of the round's mix rules against the batch `nominations` (persons only)."""
    people = [n for n in nominations if n.member_id is not None]
    out = []
    for rule in round_.mix_rules or []:
        mix = MIX.get(rule["code"])
        if mix is None:
            continue
        pool = people if mix.whole == "all" else [n for n in people if n.sector == mix.whole]
        out.append(MixResult(code=mix.code, label=str(mix.label), bound=mix.bound, share=Fraction(rule["share"]),
                             source=rule.get("source", ""), part=sum(1 for n in pool if getattr(n, mix.part)),
                             whole=len(pool)))
    return out


def clearance_agencies(region, on=None):
    """[(code, name)] of the agencies that must clear a nominated head of an enterprise, and the Ruling."""
    ruling = rulebook.value("honours.head_clearance_agencies", on=on, region=region)
    items = []
    for part in re.split(r"[;；]", ruling.value or ""):
        code, sep, name = part.strip().partition(":")
        if sep and code.strip() and name.strip():
            items.append((code.strip(), name.strip()))
    return items, ruling


# --- 劳模 hardship formulas ----------------------------------------------------------------------

LINES = {"working": "honours.hardship_line_working_fen", "retired": "honours.hardship_line_retired_fen",
         "farmer": "honours.hardship_line_farmer_fen"}


def monthly_top_up(status, own_income_fen, region, on=None):
    """生活困难补助 per month: the line for the 劳模's status minus their own average monthly income,
    never below zero and capped per month (湖北省省部级困难劳模补助资金管理办法 2025; each number a
    rulebook value of the jurisdiction). Returns (fen, [Ruling, ...])."""
    line = rulebook.value(LINES[status], on=on, region=region)
    cap = rulebook.value("honours.hardship_cap_month_fen", on=on, region=region)
    gap = max(0, int(line.value) - int(own_income_fen))
    return min(gap, int(cap.value)), [line, cap]


def special_help(spending_fen, region, on=None):
    """特殊困难帮扶金: the share of the self-paid cost (serious illness, disaster), capped per year.
    Returns (fen, [Ruling, ...])."""
    share = rulebook.value("honours.special_hardship_share", on=on, region=region)
    cap = rulebook.value("honours.special_hardship_cap_fen", on=on, region=region)
    amount = int(Fraction(int(spending_fen)) * share.value)
    return min(amount, int(cap.value)), [share, cap]
