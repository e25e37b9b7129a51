"""The category of a household (困难类别), from its figures and the 低保 standard.

Pure arithmetic, no database: the services, the pages and the property tests all call
``classify``. Every comparison is made exactly on integer fen and the policy's decimals as
fractions, multiplied out instead of divided, so a household one fen either side of a
threshold always lands on its own side; the per-person figure in the explanation is only
for people to read (rounded down to the fen, which keeps "below" and "not below" true of the
figure shown too, when the threshold is a whole number of fen).

Precedence, when more than one rule holds: 深度困难 (deep) first, then 意外致困 (accident),
then 相对困难 (relative). A household below 低保 is in deep hardship whatever caused it; a
household hit by an accident is filed under the accident, which names its cause, rather than
under the milder relative category.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from gonghui.core.money import yuan

from .models import Category

# The multiple and the share are rulebook values (hardship.relative_multiple,
# hardship.accident_share): the services look them up and pass them in, with their sources.


def _percent(share):
    """A share for people: 4/5 → "80%" (exact; at most two decimals shown)."""
    pct = Fraction(share) * 100
    if pct.denominator == 1:
        return f"{pct.numerator}%"
    return f"{(Decimal(pct.numerator) / Decimal(pct.denominator)).quantize(Decimal('0.01')).normalize():f}%"


@dataclass(frozen=True)
class Result:
    category: str
    lines: tuple[str, ...]
    per_capita_fen: Fraction  # exact, fen per person per month

    @property
    def explanation(self):
        return "\n".join(self.lines)


def _fen(value: Fraction):
    """A fraction of fen for people: rounded down to the fen, as yuan."""
    return yuan(value.numerator // value.denominator)


def _check(annual_income_fen, necessary_spending_fen, accident_costs_fen, household_size, dibao_monthly_fen):
    from django.core.exceptions import ValidationError

    errors = {}
    if annual_income_fen is None or annual_income_fen < 0:
        errors["annual_income"] = _("The household's annual income cannot be negative.")
    if necessary_spending_fen is None or necessary_spending_fen < 0:
        errors["necessary_spending"] = _("The necessary spending cannot be negative.")
    if accident_costs_fen is None or accident_costs_fen < 0:
        errors["accident_costs"] = _("The accident or disaster costs cannot be negative.")
    if household_size is None or household_size < 1:
        errors["household_size"] = _("The household has at least one person.")
    if dibao_monthly_fen is None or dibao_monthly_fen <= 0:
        errors["dibao_monthly"] = _("There is no 低保 standard to compare with.")
    if errors:
        raise ValidationError(errors)


def classify(*, annual_income_fen, necessary_spending_fen, accident_costs_fen, household_size, dibao_monthly_fen,
             relative_multiple, accident_share):
    """The category and the lines that explain it (Chinese through gettext, amounts in yuan).

    深度困难: (income − spending) ÷ 12 ÷ size < 低保, i.e. income − spending < 低保 × 12 × size.
    相对困难: the same per-person figure < relative_multiple × 低保.
    意外致困: accident costs > accident_share × annual income.
    Precedence: deep, then accident, then relative (see the module docstring).
    """
    _check(annual_income_fen, necessary_spending_fen, accident_costs_fen, household_size, dibao_monthly_fen)
    multiple, share = Fraction(relative_multiple), Fraction(accident_share)
    net = annual_income_fen - necessary_spending_fen
    per_capita = Fraction(net, 12 * household_size)
    deep = net < dibao_monthly_fen * 12 * household_size
    relative = net < multiple * dibao_monthly_fen * 12 * household_size
    accident = accident_costs_fen > 0 and accident_costs_fen > share * annual_income_fen

    figures = {"income": yuan(annual_income_fen), "spending": yuan(necessary_spending_fen), "size": household_size,
               "per_capita": _fen(per_capita), "dibao": yuan(dibao_monthly_fen)}
    lines = []
    if deep:
        lines.append(_("(%(income)s − %(spending)s) ÷ 12 ÷ %(size)d = %(per_capita)s yuan per person a month, below "
                       "the 低保 standard of %(dibao)s yuan → deep hardship") % figures)
    else:
        lines.append(_("(%(income)s − %(spending)s) ÷ 12 ÷ %(size)d = %(per_capita)s yuan per person a month, not "
                       "below the 低保 standard of %(dibao)s yuan") % figures)
        rel = figures | {"multiple": f"{Decimal(relative_multiple):g}", "threshold": _fen(multiple * dibao_monthly_fen)}
        if relative:
            lines.append(_("%(per_capita)s yuan is below %(multiple)s × %(dibao)s = %(threshold)s yuan → relative "
                           "hardship") % rel)
        else:
            lines.append(_("%(per_capita)s yuan is not below %(multiple)s × %(dibao)s = %(threshold)s yuan") % rel)
    if accident_costs_fen:
        acc = {"costs": yuan(accident_costs_fen), "share": _percent(accident_share),
               "limit": _fen(share * annual_income_fen), "income": yuan(annual_income_fen)}
        if accident:
            lines.append(_("Accident or disaster costs of %(costs)s yuan exceed %(share)s of the annual income of "
                           "%(income)s yuan (%(limit)s yuan) → hardship from an accident") % acc)
        else:
            lines.append(_("Accident or disaster costs of %(costs)s yuan do not exceed %(share)s of the annual "
                           "income of %(income)s yuan (%(limit)s yuan)") % acc)

    if deep:
        category = Category.DEEP
    elif accident:
        category = Category.ACCIDENT
    elif relative:
        category = Category.RELATIVE
    else:
        category = Category.NONE
    if accident and (deep or relative):
        lines.append(_("More than one rule applies; deep hardship comes before hardship from an accident, which "
                       "comes before relative hardship: %(category)s.") % {"category": Category(category).label})
    elif category == Category.NONE:
        lines.append(_("No rule applies: not in hardship."))
    return Result(category, tuple(lines), per_capita)
