"""The coverage API: 建会率 and 入会率 of a union's area with their breakdowns, organising
targets, paper-union detection and cases (propose, approve or reject). Same rules and
scoping as the pages; definitions in `queries`."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Union

from . import queries, services
from .filtersets import CaseFilterSet, TargetFilterSet
from .models import OrganisingTarget, PaperUnionCase

router = Router(tags=["coverage"])


def _union(request, union_id):
    if union_id is None:
        union = queries.base_union(request.user)
        if union is None:
            raise ValidationError({"union": _("No union in your scope.")})
        return union
    return get_object(request.user, Union.objects.select_related("region"), pk=union_id)


class RateOut(Schema):
    label: str
    employers: int
    with_union: int
    without_union: int
    founding_rate: float | None
    staff: int
    members: int
    membership_rate: float | None

    @staticmethod
    def resolve_employers(obj):
        return obj["total"]


class SectorOut(RateOut):
    key: str
    industry_members: int
    all_members: int
    gig_workers: int


class CoverageOut(Schema):
    union_id: int
    union_name: str
    total: RateOut
    by_region: list[RateOut]
    by_industry: list[RateOut]
    by_band: list[RateOut]
    new_economy: list[SectorOut]


@router.get("/coverage", response=CoverageOut)
def coverage(request, union: int | None = None):
    """建会率 (employers with a union ÷ employers in the area) and 入会率 (working members of
    those unions ÷ their headcount) for `union`'s area (default: the top of the caller's
    scope), by division, GB/T 4754 section, size band and new-economy sector."""
    require(request.user, "coverage.view_organisingtarget")
    u = _union(request, union)
    f = queries.coverage(request.user, u)
    return {"union_id": u.pk, "union_name": u.name, "total": f["total"], "by_region": f["by_region"],
            "by_industry": f["by_industry"], "by_band": f["by_band"],
            "new_economy": queries.new_economy(request.user, u)}


class TargetOut(Schema):
    id: int
    employer_id: int
    employer_name: str
    headcount: int
    union_id: int
    union_name: str
    owner_id: int | None
    status: str
    updated_at: datetime

    @staticmethod
    def resolve_employer_name(obj):
        return obj.employer.name

    @staticmethod
    def resolve_headcount(obj):
        return obj.employer.headcount

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name


def _targets():
    return OrganisingTarget.objects.select_related("employer", "union")


@router.get("/organising-targets", response=list[TargetOut])
@paginate(Page)
def list_targets(request):
    """Employers with 25+ staff and no union in the caller's subtree; filters `status`, `q`,
    `under`, `mine`."""
    require(request.user, "coverage.view_organisingtarget")
    return _filtered(TargetFilterSet, request, _targets().restrict(request.user))


@router.get("/organising-targets/{int:target_id}", response=TargetOut)
def get_target(request, target_id: int):
    return get_object(request.user, _targets(), pk=target_id)


class TargetIn(Schema):
    status: str | None = None
    owner_id: int | None = None
    note: str = ""


@router.patch("/organising-targets/{int:target_id}", response=TargetOut)
def update_target(request, target_id: int, body: TargetIn):
    """Change the status or owner, or add a note (each kept in the target's history)."""
    from gonghui.accounts.models import User

    target = get_object(request.user, _targets(), "change", pk=target_id)
    owner = None
    if body.owner_id is not None:
        owner = User.objects.filter(pk=body.owner_id, is_active=True).first()
        if owner is None:
            raise ValidationError({"owner_id": _("No such user.")})
    services.update_target(target, acting_user=request.user, status=body.status, owner=owner, note=body.note)
    return get_object(request.user, _targets(), pk=target_id)


class RefreshIn(Schema):
    union_id: int | None = None


class RefreshOut(Schema):
    created: int
    founded: int


@router.post("/organising-targets/refresh", response=RefreshOut)
def refresh_targets(request, body: RefreshIn):
    """List the missing targets in `union_id`'s area (idempotent)."""
    require(request.user, "coverage.add_organisingtarget")
    created, founded = services.refresh_targets(acting_user=request.user, union=_union(request, body.union_id))
    return {"created": created, "founded": founded}


class PaperUnionOut(Schema):
    id: int
    name: str
    kind: str
    chair_name: str
    members: int
    signs: list[str]
    assessment_known: bool
    dues: str = "not_tracked"
    open_case: bool


@router.get("/paper-unions", response=list[PaperUnionOut])
@paginate(Page)
def detect_paper_unions(request, union: int | None = None, months: int = queries.DEFAULT_MONTHS,
                        min_signs: int = queries.DEFAULT_MIN_SIGNS):
    """Paper-union candidates under `union`: signs no_chair, no_members, no_activity and
    no_assessment (only when assessments have data) over `months`; dues are not tracked."""
    require(request.user, "coverage.view_paperunioncase")
    if not 1 <= months <= 120:
        raise ValidationError({"months": _("Give between 1 and 120 months.")})
    qs, known = queries.paper_unions(request.user, _union(request, union), months=months, min_signs=min_signs)
    return [{"id": u.pk, "name": u.name, "kind": u.kind, "chair_name": u.chair_name, "members": u.n_members,
             "signs": [k for k, _label in queries.sign_labels(u, known)], "assessment_known": known,
             "open_case": u.open_case} for u in qs[:2000]]


class CaseOut(Schema):
    id: int
    union_id: int
    union_name: str
    action: str
    into_id: int | None
    reason: str
    signs: list[str]
    state: str
    proposed_by_id: int
    decided_by_id: int | None
    decision_note: str
    members_moved: int
    proposed_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name


def _cases():
    return PaperUnionCase.objects.select_related("union")


@router.get("/paper-union-cases", response=list[CaseOut])
@paginate(Page)
def list_cases(request):
    """Revoke and merge cases in the caller's subtree; filters `action`, `state`, `q`, `under`."""
    require(request.user, "coverage.view_paperunioncase")
    return _filtered(CaseFilterSet, request, _cases().restrict(request.user))


@router.get("/paper-union-cases/{int:case_id}", response=CaseOut)
def get_case(request, case_id: int):
    return get_object(request.user, _cases(), pk=case_id)


class CaseIn(Schema):
    union_id: int
    action: str
    into_id: int | None = None
    reason: str


@router.post("/paper-union-cases", response={201: CaseOut})
def propose_case(request, body: CaseIn):
    """Propose to revoke or merge (`into_id`) a union; refused with what still blocks it."""
    union = get_object(request.user, Union, pk=body.union_id)
    into = get_object(request.user, Union, pk=body.into_id) if body.into_id is not None else None
    case = services.propose_case(acting_user=request.user, union=union, action=body.action, into=into,
                                 reason=body.reason)
    return Status(201, case)


class DecideIn(Schema):
    approve: bool
    opinion: str = ""


@router.post("/paper-union-cases/{int:case_id}/decide", response=CaseOut)
def decide_case(request, case_id: int, body: DecideIn):
    """Approve (carried out at once) or reject (with an `opinion`); not by the proposer."""
    case = get_object(request.user, _cases(), pk=case_id)
    services.decide_case(case, acting_user=request.user, approve=body.approve, note=body.opinion)
    return get_object(request.user, _cases(), pk=case_id)
