"""Scoped reads for the dashboard: counts over the user's subtree, each with the list URL
that shows the rows behind it."""

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from gonghui.core.access import scope, subtree_q

from . import choices
from .models import Employer, Region, Union


def _url(name, **params):
    return reverse(name) + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def union_rows(user):
    """The union list's rows: scoped, with the columns the list shows and nothing more."""
    return Union.objects.restrict(user).select_related("region", "employer").only(
        "id", "path", "depth", "numchild", "name", "kind", "status", "chair_name", "founded_on",
        "region__code", "region__name", "employer__id", "employer__name")


def region_choices(user, perm="orgs.view_union"):
    """The region picker's options: every division inside the regions of the unions at the top
    of the user's scope, by name, counties first with their townships indented beneath them.
    A clerk picks 衡阳县 or 西渡镇 by name instead of typing 430421."""
    s = scope(user, perm)
    if s.empty:
        return []
    tops = Union.objects.filter(depth=1) if s.everything else Union.objects.filter(path__in=[*s.subtrees, *s.nodes])
    codes = set(tops.values_list("region_id", flat=True))
    bases = list(Region.objects.filter(code__in=codes))
    # A region inside another top region is already listed under it.
    bases = [b for b in bases if not any(o is not b and b.code.startswith(o.prefix) and o.level < b.level
                                         for o in bases)]
    q = Q(pk__in=[])
    for b in bases:
        q |= Q(code__startswith=b.prefix, level__gte=b.level)
    rows = Region.objects.filter(q).filter(level__lte=4).order_by("code").values_list("code", "name", "level")
    top = min((b.level for b in bases), default=1)
    return [(code, "\u3000" * (level - top) + name) for code, name, level in rows]


def base_union(user, focus=None):
    """The union the figures are about: the chosen focus, or the top of the user's scope."""
    if focus is not None:
        return focus
    return Union.objects.restrict(user).order_by("depth", "path").first()


def union_figures(user, focus=None):
    base = base_union(user, focus)
    under = focus.pk if focus else None
    unions = Union.objects.restrict(user).filter(status=choices.UnionStatus.ACTIVE)
    if focus is not None:
        unions = unions.filter(subtree_q("path", focus.path))
    by_kind = dict(unions.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    kinds = [{"label": str(label), "value": by_kind.get(kind, 0),
              "url": _url("orgs:union_list", kind=kind, status="active", under=under)}
             for kind, label in choices.UnionKind.choices]
    regions = []
    if base is not None:
        region = base.region
        width = {1: 4, 2: 6, 3: 9}.get(region.level)
        if width:
            counts = (unions.filter(region__code__startswith=region.prefix)
                      .annotate(area=Substr("region_id", 1, width)).values("area")
                      .annotate(n=Count("id")).order_by("area"))
            counts = {c["area"]: c["n"] for c in counts}
            names = dict(Region.objects.filter(code__in=[a.ljust(6, "0") if width == 4 else a for a in counts])
                         .values_list("code", "name"))
            for area, n in counts.items():
                code = area.ljust(6, "0") if width == 4 else area
                label = names.get(code, code)
                if code == region.code:
                    label = _("%(name)s (own level)") % {"name": label}
                regions.append({"label": label, "value": n,
                                "url": _url("orgs:union_list", region=code, status="active", under=under)})
    return {"base": base, "total": sum(by_kind.values()), "by_kind": kinds, "by_region": regions,
            "total_url": _url("orgs:union_list", status="active", under=under)}


def employer_figures(user, focus=None):
    """建会率: employers in scope that have an active union of their own, overall and among
    those with 25 or more staff (the ones federations are expected to organise)."""
    under = focus.pk if focus else None
    qs = Employer.objects.restrict(user).filter(status=choices.EmployerStatus.ACTIVE)
    if focus is not None:
        if focus.kind in choices.UnionKind.regional():
            qs = qs.filter(region__code__startswith=focus.region.prefix)
        else:
            qs = qs.filter(subtree_q("unions__path", focus.path)).distinct()
    agg = qs.with_union_flag().aggregate(
        total=Count("id"), with_union=Count("id", filter=Q(has_union=True)),
        big=Count("id", filter=Q(headcount__gte=25)),
        big_with_union=Count("id", filter=Q(has_union=True, headcount__gte=25)))

    def rate(part, whole):
        return round(100 * part / whole, 1) if whole else None

    return {
        **agg,
        "without_union": agg["total"] - agg["with_union"],
        "rate": rate(agg["with_union"], agg["total"]),
        "big_rate": rate(agg["big_with_union"], agg["big"]),
        "total_url": _url("orgs:employer_list", status="active", under=under),
        "with_url": _url("orgs:employer_list", status="active", has_union="true", under=under),
        "without_url": _url("orgs:employer_list", status="active", has_union="false", under=under),
        "big_without_url": _url("orgs:employer_list", status="active", has_union="false", min_headcount=25,
                                under=under),
    }
