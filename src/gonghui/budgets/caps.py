"""The per-member caps on union spending (基层工会经费收支管理办法 and the provincial rules), as
one function every app uses, so a member's allowance is one figure whoever pays.

``allowance(member, kind, on_date)`` answers how much of the member's allowance for that kind
of benefit is used and how much is left, with the rulebook value (and its source) that sets the
cap; ``check(member, kind, amount_fen, on_date, form=...)`` refuses, with a Chinese message that
names the rule, an amount past the cap, a festival that is not statutory, and cash, shopping
cards and cashable vouchers.

What counts as used: every :class:`Spending` row of the member and kind that is submitted or
approved (a rejected one gives its room back). Programmes, campaigns and a future mall order
paid from union funds count against the same allowance by entering their payment through
``budgets.services.enter_spending(..., origin="app.model:pk")`` (which calls ``check`` under a
lock on the member's row); an app that only wants to show the room left calls ``allowance``.

Periods: festival gifts and birthdays per calendar year (where the jurisdiction caps each
festival, as Guizhou does, per festival and year too); retirement once; weddings, births,
hospital stays and bereavements per occasion (``occasion_on``: the wedding, the birth, the
admission, the death).
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from gonghui.core.money import yuan
from gonghui.rules import rulebook

from .models import FORBIDDEN_FORMS, Benefit, Festival, Form

CAP_RULES = {
    Benefit.FESTIVAL: "funds.festival_cap_fen",
    Benefit.BIRTHDAY: "funds.birthday_cap_fen",
    Benefit.WEDDING: "funds.wedding_cap_fen",
    Benefit.CHILDBIRTH: "funds.childbirth_cap_fen",
    Benefit.HOSPITAL: "funds.hospital_cap_fen",
    Benefit.HOSPITAL_SURGERY: "funds.hospital_surgery_cap_fen",
    Benefit.BEREAVEMENT: "funds.bereavement_cap_fen",
    Benefit.BEREAVEMENT_RELATIVE: "funds.bereavement_relative_cap_fen",
    Benefit.RETIREMENT: "funds.retirement_cap_fen",
}
YEARLY = (Benefit.FESTIVAL, Benefit.BIRTHDAY)
ONCE = (Benefit.RETIREMENT,)
COUNTED = ("submitted", "approved")


@dataclass
class Allowance:
    """A member's allowance for one kind of benefit as of a date: `cap_fen` None when the
    jurisdiction's rulebook has no cap for it (then only the budget limits the spending)."""

    member: object
    kind: str
    on_date: datetime.date
    period: str
    cap_fen: int | None
    used_fen: int
    ruling: rulebook.Ruling | None = None
    festival: str = ""
    others: list = field(default_factory=list)  # looser caps that also apply (a yearly one beside a per-festival one)

    @property
    def left_fen(self):
        return None if self.cap_fen is None else max(self.cap_fen - self.used_fen, 0)

    @property
    def source(self):
        return self.ruling.source if self.ruling else ""

    @property
    def text(self):
        if self.cap_fen is None:
            return _("%(member)s: %(used)s 元 used for %(kind)s %(period)s; no cap in the rulebook for this "
                     "jurisdiction.") % {"member": self.member.name, "used": yuan(self.used_fen),
                                          "kind": Benefit(self.kind).label, "period": self.period}
        return _("%(member)s: %(used)s 元 used and %(left)s 元 left of %(cap)s 元 for %(kind)s %(period)s "
                 "(source: %(source)s).") % {
            "member": self.member.name, "used": yuan(self.used_fen), "left": yuan(self.left_fen),
            "cap": yuan(self.cap_fen), "kind": Benefit(self.kind).label, "period": self.period,
            "source": self.source}

    def as_dict(self):
        return {"member_id": self.member.pk, "kind": self.kind, "festival": self.festival,
                "on_date": self.on_date.isoformat(), "period": self.period, "cap_fen": self.cap_fen,
                "used_fen": self.used_fen, "left_fen": self.left_fen, "source": self.source,
                "rule": self.ruling.as_dict() if self.ruling else None, "text": self.text}


def region_of(member):
    return member.union.region_id


def _used(member, kind, *, year=None, festival="", occasion_on=None, exclude_pk=None):
    from .models import Spending

    qs = Spending.objects.filter(member=member, benefit=kind, state__in=COUNTED)
    if year is not None:
        qs = qs.filter(spent_on__year=year)
    if festival:
        qs = qs.filter(festival=festival)
    if occasion_on is not None:
        qs = qs.filter(occasion_on=occasion_on)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(s=Sum("amount_fen"))["s"] or 0


def _festival_rule(festival):
    return "funds.spring_festival_cap_fen" if festival == Festival.SPRING else "funds.other_festival_cap_fen"


def allowance(member, kind, on_date, *, festival="", occasion_on=None, exclude_pk=None):
    """The member's :class:`Allowance` for `kind` (a :class:`Benefit`) as of `on_date`, under
    the caps in force on that date in the member's union's jurisdiction. Where several caps
    apply (Guizhou's per festival and a yearly one), the one with the least room left is given,
    the others in ``others``."""
    kind = Benefit(kind)
    if kind not in CAP_RULES:
        raise ValueError(f"{kind!r} is not a benefit with a cap")
    region = region_of(member)
    found = []
    if kind in YEARLY:
        period = _("in %(year)s") % {"year": on_date.year}
        ruling = rulebook.find(CAP_RULES[kind], on=on_date, region=region)
        found.append(Allowance(member, kind, on_date, period, int(ruling.value) if ruling else None,
                               _used(member, kind, year=on_date.year, exclude_pk=exclude_pk), ruling, festival))
        if kind == Benefit.FESTIVAL and festival:
            each = rulebook.find(_festival_rule(festival), on=on_date, region=region)
            if each is not None:
                period = _("for %(festival)s %(year)s") % {"festival": Festival(festival).label, "year": on_date.year}
                found.append(Allowance(member, kind, on_date, period, int(each.value),
                                       _used(member, kind, year=on_date.year, festival=festival,
                                             exclude_pk=exclude_pk), each, festival))
    elif kind in ONCE:
        ruling = rulebook.find(CAP_RULES[kind], on=on_date, region=region)
        found.append(Allowance(member, kind, on_date, _("once"), int(ruling.value) if ruling else None,
                               _used(member, kind, exclude_pk=exclude_pk), ruling))
    else:
        occasion_on = occasion_on or on_date
        ruling = rulebook.find(CAP_RULES[kind], on=on_date, region=region)
        period = _("for the occasion of %(day)s") % {"day": occasion_on.isoformat()}
        found.append(Allowance(member, kind, on_date, period, int(ruling.value) if ruling else None,
                               _used(member, kind, occasion_on=occasion_on, exclude_pk=exclude_pk), ruling))
    capped = [a for a in found if a.cap_fen is not None]
    best = min(capped, key=lambda a: a.left_fen) if capped else found[-1]
    best.others = [a for a in found if a is not best and a.cap_fen is not None]
    return best


def refuse_forbidden_form(form):
    """Cash, shopping cards and cashable vouchers are never given to members from union funds."""
    if form in FORBIDDEN_FORMS:
        raise ValidationError({"form": _("%(form)s may not be given from union funds: cash, shopping cards and "
                                         "cashable vouchers are forbidden (基层工会经费收支管理办法); give goods, a "
                                         "service, or a voucher for named goods at a named shop.") % {
            "form": Form(form).label}}, code="forbidden_form")


def check(member, kind, amount_fen, on_date, *, form=Form.GOODS, festival="", occasion_on=None, exclude_pk=None):
    """Refuse a benefit of `amount_fen` to `member` that the rules forbid (raises
    ValidationError naming the field and the rule); else return the :class:`Allowance` as it
    was before this amount. Call it inside the transaction that writes the payment, with the
    member's row locked (``enter_spending`` does), so two clerks cannot both use the last room."""
    refuse_forbidden_form(form)
    if kind == Benefit.FESTIVAL and festival not in Festival.values:
        raise ValidationError({"festival": _("Festival gifts are allowed only for the statutory festivals "
                                             "(元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节): choose one.")},
                              code="festival")
    if amount_fen is None or amount_fen <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")})
    current = allowance(member, kind, on_date, festival=festival, occasion_on=occasion_on, exclude_pk=exclude_pk)
    for a in [current, *current.others]:
        if a.cap_fen is not None and a.used_fen + amount_fen > a.cap_fen:
            raise ValidationError({"amount": _("%(amount)s 元 is over the cap: %(text)s") % {
                "amount": yuan(amount_fen), "text": a.text}}, code="over_cap")
    return current
