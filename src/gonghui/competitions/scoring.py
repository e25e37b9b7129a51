"""The scoring rules and the ranking, as pure functions (no database), so each rule can be
tested at its boundaries.

A competition states its scoring rule and its tie rule before it starts (竞赛规程):
- average: the mean of the judges' scores;
- trimmed: drop one highest and one lowest score, average the rest (needs at least three judges);
- weighted: the mean theory score and the mean practice score, weighted (e.g. 30% / 70%).
Totals are kept to three decimals (ROUND_HALF_UP), then ranked; equal totals are separated by the
tie rule (practice first or theory first), and entrants still equal share the place
(standard competition ranking: 1, 2, 2, 4).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Q3 = Decimal("0.001")
TRIM_MIN_JUDGES = 3  # dropping one highest and one lowest leaves at least one score


def _mean(values):
    return (sum(values, Decimal(0)) / len(values)).quantize(Q3, ROUND_HALF_UP)


def combine(rule, values, *, who=""):
    """One entrant's result of one part from the judges' `values` under `rule` (average or trimmed)."""
    values = [Decimal(v) for v in values]
    if not values:
        raise ValidationError(_("%(who)s has no scores yet.") % {"who": who})
    if rule == "trimmed":
        if len(values) < TRIM_MIN_JUDGES:
            raise ValidationError(_("%(who)s has %(n)d scores: dropping the highest and the lowest needs at least "
                                    "%(min)d judges' scores.") % {"who": who, "n": len(values),
                                                                   "min": TRIM_MIN_JUDGES})
        values = sorted(values)[1:-1]
    return _mean(values)


@dataclass
class Result:
    key: object
    total: Decimal
    theory: Decimal | None = None
    practice: Decimal | None = None
    place: int = 0


def result(rule, parts, *, theory_weight=0, key=None, who=""):
    """The Result of one entrant: `parts` maps part ("overall", "theory", "practice") to the
    judges' values of that part."""
    if rule == "weighted":
        theory = combine("average", parts.get("theory", []), who=f"{who}（{_('theory')}）")
        practice = combine("average", parts.get("practice", []), who=f"{who}（{_('practice')}）")
        w = Decimal(theory_weight) / 100
        total = (theory * w + practice * (1 - w)).quantize(Q3, ROUND_HALF_UP)
        return Result(key, total, theory, practice)
    return Result(key, combine(rule, parts.get("overall", []), who=who))


def rank(results, tie_rule="shared"):
    """Give each Result its place. Sorting key: total, then the tie rule's part order; entrants
    equal on the whole key share the place and the next place is skipped (1, 2, 2, 4)."""
    def sort_key(r):
        if tie_rule == "practice":
            extra = (r.practice or Decimal(0), r.theory or Decimal(0))
        elif tie_rule == "theory":
            extra = (r.theory or Decimal(0), r.practice or Decimal(0))
        else:
            extra = ()
        return (r.total, *extra)

    ordered = sorted(results, key=sort_key, reverse=True)
    previous = None
    for i, r in enumerate(ordered, start=1):
        k = sort_key(r)
        r.place = previous[1] if previous is not None and previous[0] == k else i
        previous = (k, r.place)
    return ordered
