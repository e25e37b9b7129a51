"""Scoped reads: which employers a contract covers on a day, the coverage of 百人以上建会企业
(seed 001's target: every unionised employer with 100 or more staff under a contract in force)
by county and industry, and the contracts that lapsed without a renewal.

Covered means: a comprehensive contract or a wage agreement (综合 or 工资专项; a women's or a
safety agreement alone does not count) in force on the day, its term including the day.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from gonghui.coverage.queries import employers_in
from gonghui.orgs.models import Region

from . import rules
from .models import CollectiveContract

C = CollectiveContract
COVERING_KINDS = (C.Kind.GENERAL, C.Kind.WAGE)


def in_force_on(day):
    """Contracts in force on `day`: took effect, and the term includes the day."""
    return C.objects.filter(state=C.State.IN_FORCE, term_start__lte=day, term_end__gte=day)


def covered_flag(day=None):
    """An Exists() for employer querysets: a covering contract in force on `day` names the employer."""
    day = day or timezone.localdate()
    return Exists(in_force_on(day).filter(kind__in=COVERING_KINDS, employers=OuterRef("pk")))


def target_employers(user, union, day=None):
    """The target group in `union`'s area: active employers with a union of their own and at least
    the rulebook's headcount, annotated with `covered`. Returns (queryset, Ruling)."""
    minimum = rules.coverage_min_staff(union.region_id)
    qs = (employers_in(user, union).filter(has_union=True, headcount__gte=int(minimum.value))
          .annotate(covered=covered_flag(day)))
    return qs, minimum


def _url(**params):
    return reverse("contracts:coverage_employers") + "?" + urlencode(
        {k: v for k, v in params.items() if v not in (None, "")})


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _row(label, params, total, covered, under):
    return {"label": label, "total": total, "covered": covered, "uncovered": total - covered,
            "rate": _rate(covered, total),
            "total_url": _url(under=under, target="true", **params),
            "covered_url": _url(under=under, target="true", covered="true", **params),
            "uncovered_url": _url(under=under, target="true", covered="false", **params)}


def coverage(user, union, day=None):
    """Totals and the breakdowns by county (six-digit division) and by GB/T 4754 section; each
    figure with the address of the employers behind it."""
    qs, minimum = target_employers(user, union, day)
    under = union.pk

    def grouped(key):
        return qs.annotate(k=key).values("k").annotate(
            total=Count("id"), covered_n=Count("id", filter=Q(covered=True))).order_by("k")

    agg = qs.aggregate(total=Count("id"), covered_n=Count("id", filter=Q(covered=True)))
    total = _row(str(union), {}, agg["total"], agg["covered_n"], under)
    counties = list(grouped(Substr("region_id", 1, 6)))
    names = dict(Region.objects.filter(code__in=[r["k"] for r in counties]).values_list("code", "name"))
    by_county = [_row(names.get(r["k"], r["k"]), {"region": r["k"]}, r["total"], r["covered_n"], under)
                 for r in counties]
    industries = list(grouped(Coalesce("industry__code", Value(""))))
    from gonghui.core.models import Code
    from gonghui.orgs import choices

    inames = dict(Code.objects.filter(table=choices.INDUSTRY).values_list("code", "name"))
    by_industry = [_row(f"{r['k']} {inames.get(r['k'], '')}" if r["k"] else _("industry not given"),
                        {"industry_code": r["k"] or "-"}, r["total"], r["covered_n"], under) for r in industries]
    return {"union": union, "minimum": minimum, "total": total, "by_county": by_county, "by_industry": by_industry}


def lapsed_without_renewal(since, until, employer_ids=None):
    """(contract, employer id) pairs: a covering contract whose term ended within [since, until]
    and, on the day after it ended, no other covering contract in force for that employer."""
    qs = (C.objects.filter(state=C.State.IN_FORCE, kind__in=COVERING_KINDS, term_end__gte=since,
                           term_end__lte=until)
          .prefetch_related("employers"))
    if employer_ids is not None:
        qs = qs.filter(employers__in=list(employer_ids)).distinct()
    wanted = set(employer_ids) if employer_ids is not None else None
    out = []
    for contract in qs:
        after = contract.term_end + datetime.timedelta(days=1)
        followers = set(in_force_on(after).filter(kind__in=COVERING_KINDS).exclude(pk=contract.pk)
                        .values_list("employers", flat=True))
        for e in contract.employers.all():
            if (wanted is None or e.pk in wanted) and e.pk not in followers:
                out.append((contract, e.pk))
    return out


def figures(qs):
    """Counts for the list header, one per status filter of the list (each opens its rows)."""
    from .filtersets import ContractFilterSet

    fs = ContractFilterSet()
    return {key: fs.filter_status(qs, "status", key).count() for key, _label in ContractFilterSet.STATUS}
