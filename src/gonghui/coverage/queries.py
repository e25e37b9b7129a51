"""Scoped reads: founding coverage, the new-economy view, paper-union detection, the report.

Definitions (also shown on the coverage page):

- **Employers in scope**: employers in operation that the user may see and that lie in the
  area of the chosen union (its division and everything inside it, for a federation or a
  township union; the employers of the unions below it, for any other union).
- **建会率 (founding rate)** = employers in scope with an active union of their own ÷
  employers in scope.
- **入会率 (membership rate)** = members (status "member", i.e. working, not retired or
  unemployed) of the active unions of those unionised employers ÷ their headcount.
  Both only over unionised employers: staff of an employer without a union cannot have
  joined its union.

Every breakdown (divisions, GB/T 4754 sections, size bands, new-economy sectors) is two
grouped queries, one over employers and one over members, whatever the number of rows.
"""

from datetime import timedelta

from django.apps import apps
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.access import subtree_q
from gonghui.core.models import AuditEntry
from gonghui.members.models import Member, MemberEvent, Status
from gonghui.orgs import choices
from gonghui.orgs.models import Employer, Region, Union

from .models import TARGET_MIN_HEADCOUNT, CaseAction, CaseState, PaperUnionCase
from .sectors import SECTORS

# Employer size bands (key, label, lowest, highest headcount).
SIZE_BANDS = [
    ("lt25", gettext_lazy("fewer than 25"), 0, 24),
    ("25to99", gettext_lazy("25 to 99"), 25, 99),
    ("100to999", gettext_lazy("100 to 999"), 100, 999),
    ("1000up", gettext_lazy("1000 or more"), 1000, None),
]
BAND_KEYS = [b[0] for b in SIZE_BANDS]


def band_q(key, prefix=""):
    for k, _label, low, high in SIZE_BANDS:
        if k == key:
            q = Q(**{f"{prefix}headcount__gte": low})
            return q & Q(**{f"{prefix}headcount__lte": high}) if high is not None else q
    return Q(pk__in=[])


def _band_case(prefix=""):
    return Case(*[When(band_q(k, prefix), then=Value(k)) for k in BAND_KEYS], default=Value(""))


def _url(name, **params):
    return reverse(name) + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def base_union(user, union=None):
    """The union the figures are about: the one asked for (if visible), else the top of the
    user's scope."""
    if union is not None:
        return union
    return Union.objects.restrict(user).order_by("depth", "path").first()


def employers_in(user, union):
    """Employers in scope (see the module docstring), annotated with `has_union`."""
    qs = Employer.objects.restrict(user).filter(status=choices.EmployerStatus.ACTIVE)
    if union.kind in choices.UnionKind.regional():
        qs = qs.filter(region__code__startswith=union.region.prefix)
    else:
        qs = qs.filter(pk__in=Union.objects.filter(subtree_q("path", union.path), employer__isnull=False)
                       .values("employer_id"))
    return qs.with_union_flag()


def members_of_unionised(user, employers):
    """Working members of the active unions of the unionised employers among `employers`."""
    return (Member.objects.restrict(user).in_status(Status.ACTIVE)
            .filter(union__status=choices.UnionStatus.ACTIVE,
                    union__employer__in=employers.filter(has_union=True).values("pk")))


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _row(label, key_params, e, members, under):
    total, with_union, staff = e.get("total", 0), e.get("with_union", 0), e.get("staff") or 0
    params = {"under": under, "status": choices.EmployerStatus.ACTIVE, **key_params}
    return {
        "label": label, "total": total, "with_union": with_union, "without_union": total - with_union,
        "founding_rate": _rate(with_union, total), "staff": staff, "members": members,
        "membership_rate": _rate(members, staff),
        "total_url": _url("coverage:employers", **params),
        "with_url": _url("coverage:employers", has_union="true", **params),
        "without_url": _url("coverage:employers", has_union="false", **params),
    }


def _grouped(employers, members, emp_key, mem_key):
    e = {r["k"]: r for r in employers.annotate(k=emp_key).values("k").annotate(
        total=Count("id"), with_union=Count("id", filter=Q(has_union=True)),
        staff=Sum("headcount", filter=Q(has_union=True))).order_by("k")}
    m = dict(members.annotate(k=mem_key).values("k").annotate(n=Count("id")).values_list("k", "n"))
    return e, m


def coverage(user, union):
    """The figures for `union`'s area: totals and the breakdowns by division, industry and
    size band (each row with the URLs of the employers behind it)."""
    employers = employers_in(user, union)
    members = members_of_unionised(user, employers)
    under = union.pk
    agg = employers.aggregate(total=Count("id"), with_union=Count("id", filter=Q(has_union=True)),
                              staff=Sum("headcount", filter=Q(has_union=True)))
    total = _row(str(union), {}, agg, members.count(), under)

    # divisions one level below the union's own
    region = union.region
    width = {1: 4, 2: 6, 3: 9}.get(region.level, 9) if union.kind in choices.UnionKind.regional() else 6
    e, m = _grouped(employers, members, Substr("region_id", 1, width), Substr("union__employer__region_id", 1, width))
    codes = {k: (k.ljust(6, "0") if width == 4 else k) for k in e}
    names = dict(Region.objects.filter(code__in=codes.values()).values_list("code", "name"))
    by_region = []
    for k, row in e.items():
        code = codes[k]
        label = names.get(code, code)
        if code == region.code:
            label = _("%(name)s (own level)") % {"name": label}
        by_region.append(_row(label, {"region": code}, row, m.get(k, 0), under))

    e, m = _grouped(employers, members, Coalesce("industry__code", Value("")),
                    Coalesce("union__employer__industry__code", Value("")))
    names = dict(employers.model.industry.field.related_model.objects.filter(table=choices.INDUSTRY)
                 .values_list("code", "name"))
    by_industry = [_row(f"{k} {names.get(k, '')}" if k else _("industry not given"), {"industry_code": k or "-"},
                        row, m.get(k, 0), under) for k, row in e.items()]

    e, m = _grouped(employers, members, _band_case(), _band_case("union__employer__"))
    by_band = [_row(str(label), {"band": k}, e.get(k, {}), m.get(k, 0), under) for k, label, _lo, _hi in SIZE_BANDS]
    return {"union": union, "total": total, "by_region": by_region, "by_industry": by_industry, "by_band": by_band}


def _sector_case(fields):
    whens = []
    for key, _label, words in SECTORS:
        q = Q(pk__in=[])
        for w in words:
            for f in fields:
                q |= Q(**{f"{f}__contains": w})
        whens.append(When(q, then=Value(key)))
    return Case(*whens, default=Value(""))


def sector_q(key, fields):
    for k, _label, words in SECTORS:
        if k == key:
            q = Q(pk__in=[])
            for w in words:
                for f in fields:
                    q |= Q(**{f"{f}__contains": w})
            return q
    return Q(pk__in=[])


def new_economy(user, union):
    """Per new-economy sector: employers (by name), unionised ones, members of their unions,
    members who joined through the sector's industry unions, and the gig workers among all
    of them. Three grouped queries."""
    employers = employers_in(user, union)
    e = {r["k"]: r for r in employers.annotate(k=_sector_case(["name"])).values("k").annotate(
        total=Count("id"), with_union=Count("id", filter=Q(has_union=True)),
        staff=Sum("headcount", filter=Q(has_union=True))).order_by("k")}
    members = Member.objects.restrict(user).in_good_standing().filter(
        subtree_q("union_path", union.path), union__status=choices.UnionStatus.ACTIVE)
    via_employer = members.filter(union__employer__in=employers.filter(has_union=True).values("pk"))
    m = {r["k"]: r for r in via_employer.annotate(k=_sector_case(["union__employer__name"])).values("k").annotate(
        n=Count("id"), gig=Count("id", filter=Q(is_gig_worker=True))).order_by("k")}
    via_industry = members.filter(union__kind=choices.UnionKind.INDUSTRY)
    i = {r["k"]: r for r in via_industry.annotate(k=_sector_case(["union__name"])).values("k").annotate(
        n=Count("id"), gig=Count("id", filter=Q(is_gig_worker=True))).order_by("k")}
    rows = []
    for key, label, _words in SECTORS:
        row = _row(str(label), {"sector": key}, e.get(key, {}), m.get(key, {}).get("n", 0), union.pk)
        row["key"] = key
        row["industry_members"] = i.get(key, {}).get("n", 0)
        row["all_members"] = row["members"] + row["industry_members"]
        row["gig_workers"] = m.get(key, {}).get("gig", 0) + i.get(key, {}).get("gig", 0)
        row["industry_members_url"] = _url("coverage:industry_unions", under=union.pk, sector=key)
        rows.append(row)
    return rows


# --- paper unions --------------------------------------------------------------------------

PAPER_KINDS = (choices.UnionKind.GRASSROOTS, choices.UnionKind.JOINT, choices.UnionKind.INDUSTRY)
DEFAULT_MONTHS = 12
DEFAULT_MIN_SIGNS = 3
# Audit entries that do not show a union at work: refusals, reveals, and this app's own
# cases and targets (proposing to revoke a union is no sign of its life).
NOT_ACTIVITY = ("refused", "reveal", "export")


def assessment_model():
    """The assessments app's Assessment model, when that app is installed, has the model, and
    holds data; else None (the sign is then "unknown")."""
    if not apps.is_installed("gonghui.assessments"):
        return None
    try:
        model = apps.get_model("assessments", "Assessment")
    except LookupError:
        return None
    if "union" not in {f.name for f in model._meta.get_fields()}:
        return None
    if not model.objects.exists():
        return None
    return model


def _assessment_date_field(model):
    names = {f.name for f in model._meta.get_fields()}
    return next((f for f in ("submitted_at", "assessed_at", "created_at", "updated_at") if f in names), None)


def paper_unions(user, union, *, months=DEFAULT_MONTHS, min_signs=DEFAULT_MIN_SIGNS):
    """Active grassroots, joint and industry unions under `union`, older than `months`, with
    at least `min_signs` of: no chair, no member in good standing, no activity (no member
    event, no audit entry about the union or its rows) in `months`, no assessment in
    `months` (only when the assessments app has data). Dues are not tracked yet.
    One query, annotated with each sign, most signs first."""
    since = timezone.now() - timedelta(days=round(months * 30.44))
    qs = (Union.objects.restrict(user).filter(subtree_q("path", union.path), status=choices.UnionStatus.ACTIVE,
                                              kind__in=PAPER_KINDS)
          .exclude(founded_on__gt=since.date()).select_related("region", "employer"))
    qs = qs.annotate(
        has_members=Exists(Member.objects.in_good_standing().filter(union=OuterRef("pk"))),
        recent_event=Exists(MemberEvent.objects.filter(union=OuterRef("pk"), created_at__gte=since)),
        recent_audit=Exists(AuditEntry.objects.filter(union_path=OuterRef("path"), at__gte=since)
                            .exclude(action__in=NOT_ACTIVITY).exclude(object_type__startswith="coverage.")),
        open_case=Exists(PaperUnionCase.objects.filter(union=OuterRef("pk"), state=CaseState.PROPOSED)),
        n_members=Coalesce(Subquery(Member.objects.in_good_standing().filter(union=OuterRef("pk"))
                                    .values("union").annotate(c=Count("id")).values("c")), 0),
    )
    signs = [Case(When(chair_name="", then=1), default=0, output_field=IntegerField()),
             Case(When(has_members=False, then=1), default=0, output_field=IntegerField()),
             Case(When(recent_event=False, recent_audit=False, then=1), default=0, output_field=IntegerField())]
    model = assessment_model()
    field = _assessment_date_field(model) if model is not None else None
    if model is not None:
        recent = model.objects.filter(union=OuterRef("pk"))
        if field:
            recent = recent.filter(**{f"{field}__gte": since})
        qs = qs.annotate(recent_assessment=Exists(recent))
        signs.append(Case(When(recent_assessment=False, then=1), default=0, output_field=IntegerField()))
    total = signs[0]
    for s in signs[1:]:
        total = total + s
    qs = qs.annotate(signs=total).filter(signs__gte=min_signs).order_by("-signs", "path")
    return qs, model is not None


SIGN_LABELS = {"no_chair": gettext_lazy("no chair"), "no_members": gettext_lazy("no members"),
               "no_activity": gettext_lazy("no activity"), "no_assessment": gettext_lazy("no assessment")}


def sign_labels(u, assessment_known):
    """The signs found on an annotated union, as (key, label) pairs."""
    out = []
    if not u.chair_name:
        out.append(("no_chair", _("no chair")))
    if not u.has_members:
        out.append(("no_members", _("no members")))
    if not u.recent_event and not u.recent_audit:
        out.append(("no_activity", _("no activity")))
    if assessment_known and not u.recent_assessment:
        out.append(("no_assessment", _("no assessment")))
    return out


def signs_of(user, union, months=DEFAULT_MONTHS):
    """The sign keys found on one union now (kept on a case as what was seen)."""
    qs, known = paper_unions(user, union, months=months, min_signs=0)
    u = qs.filter(pk=union.pk).first()
    return [k for k, _label in sign_labels(u, known)] if u is not None else []


def report(user, union):
    """Paper-union work under `union`: cases carried out by year (revoked, merged, members
    moved), and the tree's revoked and merged unions whoever revoked them."""
    cases = PaperUnionCase.objects.restrict(user).filter(subtree_q("union__path", union.path))
    done = cases.filter(state=CaseState.DONE)
    by_year = list(done.annotate(year=ExtractYear("decided_at")).values("year").annotate(
        revoked=Count("id", filter=Q(action=CaseAction.REVOKE)), merged=Count("id", filter=Q(action=CaseAction.MERGE)),
        moved=Coalesce(Sum("members_moved"), 0)).order_by("-year"))
    totals = done.aggregate(revoked=Count("id", filter=Q(action=CaseAction.REVOKE)),
                            merged=Count("id", filter=Q(action=CaseAction.MERGE)),
                            moved=Coalesce(Sum("members_moved"), 0))
    totals["proposed"] = cases.filter(state=CaseState.PROPOSED).count()
    tree = dict(Union.objects.restrict(user).filter(subtree_q("path", union.path))
                .exclude(status=choices.UnionStatus.ACTIVE).values("status").annotate(n=Count("id"))
                .values_list("status", "n"))
    return {"union": union, "by_year": by_year, "totals": totals,
            "tree_revoked": tree.get(choices.UnionStatus.REVOKED, 0),
            "tree_merged": tree.get(choices.UnionStatus.MERGED, 0),
            "cases_url": _url("coverage:cases", under=union.pk, state=CaseState.DONE),
            "revoked_url": _url("orgs:union_list", under=union.pk, status=choices.UnionStatus.REVOKED),
            "merged_url": _url("orgs:union_list", under=union.pk, status=choices.UnionStatus.MERGED)}


MIN_HEADCOUNT = TARGET_MIN_HEADCOUNT
