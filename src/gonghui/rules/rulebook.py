"""Looking rules up: ``value(name, on=..., region=...)`` gives the value in force with its source.

A rule is looked up as of a date (default: today in Asia/Shanghai) for a region (a GB/T 2260
code; default the federation's own, ``settings.GONGHUI_JURISDICTION``), most specific first:
county (6 digits) → city (4) → province (2) → national (""). Among the values of the most
specific jurisdiction that has one in force, the one with the latest ``valid_from`` wins.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

DEFAULT_JURISDICTION = "430400"  # 衡阳市


class UnknownRule(LookupError):
    """No rule of that name exists (a typo in code, or a rule not shipped)."""


class NoValue(LookupError):
    """The rule exists but has no value in force for that region on that date."""


def jurisdiction():
    return getattr(settings, "GONGHUI_JURISDICTION", DEFAULT_JURISDICTION) or DEFAULT_JURISDICTION


def candidates(region):
    """The jurisdiction codes to try for `region`, most specific first."""
    region = (region or "").strip()
    out = []
    if len(region) >= 6 and region[4:6] != "00":
        out.append(region[:6])
    if len(region) >= 4 and region[2:4] != "00":
        out.append(region[:4])
    if len(region) >= 2:
        out.append(region[:2])
    out.append("")
    return out


@dataclass(frozen=True)
class Ruling:
    """A rule's value as used for one decision, with where it comes from."""

    name: str
    label: str
    kind: str
    value: object
    unit: str
    source: str
    jurisdiction: str
    valid_from: datetime.date
    note: str = ""

    @property
    def display(self):
        v = self.value
        if isinstance(v, bool):
            return _("yes") if v else _("no")
        if isinstance(v, tuple):
            return "；".join(str(band) for band in v)
        if isinstance(v, Fraction):
            if v.denominator == 1 or (Decimal(v.numerator) / Decimal(v.denominator)).as_tuple().exponent >= -4:
                d = Decimal(v.numerator) / Decimal(v.denominator)
                return f"{(d * 100).normalize():f}%"
            return f"{v.numerator}/{v.denominator}"
        if isinstance(v, Decimal):
            return f"{v:.2f}" if v.as_tuple().exponent >= -2 else f"{v.normalize():f}"
        if self.unit in ("days", "working_days", "months", "years"):
            from .models import Rule

            return f"{v} {Rule.Kind(self.unit).label}"
        return str(v)

    @property
    def place(self):
        """The jurisdiction in words: 全国, or the region's name."""
        if not self.jurisdiction:
            return _("national")
        from gonghui.orgs.models import Region

        code = self.jurisdiction.ljust(6, "0")
        name = Region.objects.filter(code=code).values_list("name", flat=True).first()
        return name or self.jurisdiction

    def __str__(self):
        return _("%(value)s (source: %(source)s)") % {"value": self.display, "source": self.source}

    def as_dict(self):
        v = self.value
        if isinstance(v, Fraction):
            v = f"{v.numerator}/{v.denominator}" if v.denominator != 1 else str(v.numerator)
        elif isinstance(v, Decimal):
            v = str(v)
        elif isinstance(v, tuple):
            v = [{"from": b.low, "to": b.high, "least": b.least, "most": b.most} for b in v]
        return {"name": self.name, "label": self.label, "kind": self.kind, "value": v, "unit": self.unit,
                "display": self.display, "source": self.source, "jurisdiction": self.jurisdiction,
                "valid_from": self.valid_from.isoformat(), "note": self.note}


def _today():
    return timezone.localdate()


def find(name, *, on=None, region=None):
    """The Ruling in force, or None when the rule has no value there and then (unknown names raise)."""
    from .models import Rule, RuleValue

    on = on or _today()
    if isinstance(on, datetime.datetime):
        on = timezone.localdate(on) if timezone.is_aware(on) else on.date()
    codes = candidates(region if region is not None else jurisdiction())
    rows = list(RuleValue.objects.filter(rule__name=name, jurisdiction__in=codes, valid_from__lte=on)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).select_related("rule"))
    if not rows:
        if not Rule.objects.filter(name=name).exists():
            raise UnknownRule(f"No rule named {name!r} in the rulebook (see gonghui.rules.data).")
        return None
    rows.sort(key=lambda r: (codes.index(r.jurisdiction), -r.valid_from.toordinal()))
    best = rows[0]
    rule = best.rule
    return Ruling(name=rule.name, label=rule.label, kind=rule.kind, value=best.typed,
                  unit=(best.unit or rule.kind) if rule.is_period else "", source=best.source,
                  jurisdiction=best.jurisdiction, valid_from=best.valid_from, note=best.note)


def value(name, *, on=None, region=None):
    """The Ruling in force on `on` for `region`; UnknownRule or NoValue when there is none."""
    ruling = find(name, on=on, region=region)
    if ruling is None:
        raise NoValue(f"The rule {name!r} has no value in force on {on or _today()} for region "
                      f"{region if region is not None else jurisdiction()!r}.")
    return ruling


def all_in_force(*, on=None, region=None):
    """Every rule's Ruling (None when it has no value there), in name order: the API's answer."""
    from .models import Rule

    return [(rule, find(rule.name, on=on, region=region)) for rule in Rule.objects.order_by("name")]
