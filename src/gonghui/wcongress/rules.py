"""The 职代会 rules as the rulebook holds them for a congress's jurisdiction: the delegate
minimum by staff numbers, the managers' cap, quorum and the pass rule, co-sponsors, the items
of 厂务公开. Each answer carries the Ruling(s) it used, so pages and messages name the source.
"""

import math
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.rules import rulebook
from gonghui.rules.days import meets

_SEGMENT = re.compile(r"^(\d+)-(\d*):(\d+)(?:\+(\d+)/(\d+))?$")


@dataclass(frozen=True)
class Segment:
    low: int
    high: int | None
    base: int
    per: int = 0
    step: int = 1

    def covers(self, n):
        return n >= self.low and (self.high is None or n <= self.high)

    def minimum(self, n):
        """基数 + 每增加 `step` 人增加 `per` 人, counted from the segment's start."""
        return self.base + (self.per * ((n - self.low) // self.step) if self.per else 0)


def parse_formula(text, ruling=None):
    """The segments of a delegate formula such as "0-99:30; 100-2999:30+5/100; 3000-:175"."""
    out = []
    for part in re.split(r"[;；]", text or ""):
        part = part.replace(" ", "")
        if not part:
            continue
        m = _SEGMENT.match(part)
        if m is None:
            raise ValidationError(_("The rulebook's delegate formula (%(rule)s) has a segment it cannot read: "
                                    "%(part)s.") % {"rule": ruling.label if ruling else "", "part": part})
        low, high, base, per, step = m.groups()
        out.append(Segment(int(low), int(high) if high else None, int(base), int(per or 0), int(step or 1)))
    return out


def delegate_minimum(staff, region, on=None):
    """(minimum number of delegates for `staff` workers, Ruling) in `region`'s jurisdiction."""
    ruling = rulebook.value("wcongress.delegate_formula", on=on, region=region)
    for seg in parse_formula(ruling.value, ruling):
        if seg.covers(staff):
            return seg.minimum(staff), ruling
    floor = rulebook.value("wcongress.min_delegates", on=on, region=region)
    return int(floor.value), floor


def manager_cap(congress, on=None):
    """The managers' share cap for this congress (a joint one has its own where the rulebook says so)."""
    region = congress.region_code
    if congress.kind == congress.Kind.JOINT:
        ruling = rulebook.find("wcongress.joint_manager_share_max", on=on, region=region)
        if ruling is not None:
            return ruling
    return rulebook.value("wcongress.manager_share_max", on=on, region=region)


def composition(congress, on=None):
    """How the serving delegates measure up: count against the minimum, managers against the cap.

    Returns a dict with the figures, the rulings, and `problems` (Chinese sentences naming the
    rule) that stop the congress from meeting lawfully."""
    delegates = list(congress.delegates.filter(active=True).values_list("is_manager", "is_frontline"))
    count = len(delegates)
    managers = sum(1 for m, _f in delegates if m)
    frontline = sum(1 for _m, f in delegates if f)
    region = congress.region_code
    if congress.kind == congress.Kind.JOINT:
        floor = rulebook.value("wcongress.min_delegates", on=on, region=region)
        minimum, min_ruling = int(floor.value), floor
    else:
        minimum, min_ruling = delegate_minimum(congress.staff_count, region, on=on)
    cap = manager_cap(congress, on=on)
    problems = []
    if count < minimum:
        problems.append(_("The congress has %(n)d serving delegates; %(rule)s requires at least %(min)d for "
                          "%(staff)d staff (%(source)s).") % {"n": count, "rule": min_ruling.label, "min": minimum,
                                                              "staff": congress.staff_count,
                                                              "source": min_ruling.source})
    # “不超过” includes the number (民法典 art. 1259): only more than cap × delegates is refused
    if count and meets(managers, count, cap.value, strict=True):
        problems.append(_("%(m)d of %(n)d delegates are managers, above the cap of %(cap)s (%(rule)s, "
                          "%(source)s).") % {"m": managers, "n": count, "cap": share_text(cap.value),
                                             "rule": cap.label, "source": cap.source})
    return {"count": count, "minimum": minimum, "minimum_ruling": min_ruling, "managers": managers,
            "manager_cap": cap, "manager_cap_number": math.floor(cap.value * count), "frontline": frontline,
            "problems": problems}


def share_text(value):
    """2/3 → "2/3", 1/2 → "1/2" (the way the regulations write them)."""
    return f"{value.numerator}/{value.denominator}" if value.denominator != 1 else str(value.numerator)


def quorum(congress, on=None):
    return rulebook.value("wcongress.quorum_share", on=on, region=congress.region_code)


def passing(congress, on=None):
    """(share, strict, share Ruling, strict Ruling): 半数以上 (Shanghai) or 过半数 (Zhejiang)."""
    share = rulebook.value("wcongress.passing_share", on=on, region=congress.region_code)
    strict = rulebook.value("wcongress.passing_strict", on=on, region=congress.region_code)
    return share.value, bool(strict.value), share, strict


def passing_text(congress, on=None):
    """The pass rule in words, with its source: “须全体代表过半数同意（浙江省…第十五条）”."""
    share, strict, _share_ruling, strict_ruling = passing(congress, on=on)
    if strict:
        text = _("more than %(share)s of all delegates in favour (%(source)s)")
    else:
        text = _("at least %(share)s of all delegates in favour (%(source)s)")
    return text % {"share": share_text(share), "source": strict_ruling.source}


def cosponsors_min(congress, on=None):
    return rulebook.value("wcongress.proposal_cosponsors_min", on=on, region=congress.region_code)


def disclosure_items(region, on=None):
    """[(code, name)] of what an employer must publish, and the Ruling."""
    ruling = rulebook.value("wcongress.disclosure_items", on=on, region=region)
    items = []
    for part in re.split(r"[;；]", ruling.value or ""):
        code, sep, name = part.strip().partition(":")
        if sep and code.strip() and name.strip():
            items.append((code.strip(), name.strip()))
    return items, ruling
