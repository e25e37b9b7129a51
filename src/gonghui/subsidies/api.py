"""The subsidies API: construction plans with their progress, and award subsidies through
application, inspection, review and payment, with the pages' filters, rules and scoping.
Amounts are integer fen (`*_fen`)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.core.apitypes import Year
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Union
from gonghui.positions.models import Position, PositionKind

from . import queries, services
from .filtersets import PlanFilterSet, SubsidyFilterSet
from .models import AwardSubsidy, PositionPlan, SubsidyProgramme

router = Router(tags=["subsidies"])


class YearOut(Schema):
    year: int
    built: int
    built_so_far: int


class PlanOut(Schema):
    id: int
    union_id: int
    union_name: str
    kind: str
    kind_name: str
    target: int
    start_year: int
    end_year: int
    note: str
    done: int
    percent: int

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name

    @staticmethod
    def resolve_kind(obj):
        return obj.kind.code

    @staticmethod
    def resolve_kind_name(obj):
        return obj.kind.name

    @staticmethod
    def resolve_percent(obj):
        return min(100, round(100 * obj.done / obj.target)) if obj.target else 0


class PlanDetailOut(PlanOut):
    by_year: list[YearOut]


class PlanIn(Schema):
    union_id: int
    kind: str
    target: int
    start_year: Year
    end_year: Year
    note: str = ""


def _plan_detail(plan):
    progress = queries.plan_progress(plan)
    plan.done = progress.done
    plan.by_year = [{"year": y, "built": n, "built_so_far": r} for y, n, r in progress.by_year]
    return plan


@router.get("/position-plans", response=list[PlanOut])
@paginate(Page)
def list_plans(request):
    """Plans in the caller's subtree, each with `done` counted from the positions registered;
    filters `kind`, `year` (a year inside the plan), `q`, `under`."""
    require(request.user, "subsidies.view_positionplan")
    qs = queries.with_progress(PositionPlan.objects.restrict(request.user).select_related("union", "kind"))
    return _filtered(PlanFilterSet, request, qs)


@router.get("/position-plans/{int:position_plan_id}", response=PlanDetailOut)
def get_plan(request, position_plan_id: int):
    """One plan with its progress per year."""
    return _plan_detail(get_object(request.user, PositionPlan.objects.select_related("union", "kind"),
                                   pk=position_plan_id))


@router.post("/position-plans", response={201: PlanDetailOut})
def create_plan(request, body: PlanIn):
    """A target of `target` positions of `kind` (a position kind code) over the years given."""
    union = get_object(request.user, Union, pk=body.union_id)
    kind = PositionKind.objects.filter(code=body.kind).first()
    if kind is None:
        raise ValidationError({"kind": _("Unknown kind of position: %(kind)s.") % {"kind": body.kind}})
    plan = services.create_plan(acting_user=request.user, union=union, kind=kind, target=body.target,
                                start_year=body.start_year, end_year=body.end_year, note=body.note)
    return Status(201, _plan_detail(plan))


# --- award subsidies ---------------------------------------------------------------------------

class SubsidyOut(Schema):
    id: int
    state: str
    programme_id: int
    programme_name: str
    year: int
    position_id: int
    position_code: str
    position_name: str
    kind: str
    union_id: int
    union_name: str
    requested_fen: int
    score: int | None
    proposed_fen: int | None
    approved_fen: int | None
    paid_on: date | None
    voucher_no: str
    created_at: datetime

    @staticmethod
    def resolve_programme_name(obj):
        return obj.programme.name

    @staticmethod
    def resolve_position_code(obj):
        return obj.position.code

    @staticmethod
    def resolve_position_name(obj):
        return obj.position.name

    @staticmethod
    def resolve_kind(obj):
        return obj.position.kind.code

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name


class SubsidyDetailOut(SubsidyOut):
    statement: str
    checklist: dict[str, bool]
    inspection_comment: str
    inspected_at: datetime | None
    opinion: str
    reviewed_at: datetime | None
    attachments: list[str]

    @staticmethod
    def resolve_attachments(obj):
        return [f"{a.stage}:{a.name}" for a in obj.attachments.all()]


class SubsidyIn(Schema):
    programme_id: int
    position_id: int
    requested_fen: int
    statement: str
    union_id: int | None = None


class InspectIn(Schema):
    score: int
    checklist: list[str] = []
    comment: str = ""
    proposed_fen: int | None = None


class ReviewIn(Schema):
    approve: bool
    amount_fen: int | None = None
    opinion: str = ""


class PayIn(Schema):
    paid_on: date
    voucher_no: str


def _subsidies():
    return AwardSubsidy.objects.select_related("programme", "position", "position__kind", "union")


def _one(request, award_subsidy_id):
    return get_object(request.user, _subsidies(), pk=award_subsidy_id)


@router.get("/award-subsidies", response=list[SubsidyOut])
@paginate(Page)
def list_subsidies(request):
    """Applications in the caller's subtree; filters `year`, `state` (or `awarded`), `kind`,
    `programme`, `q`, `under`."""
    require(request.user, "subsidies.view_awardsubsidy")
    return _filtered(SubsidyFilterSet, request, _subsidies().restrict(request.user))


@router.get("/award-subsidies/{int:award_subsidy_id}", response=SubsidyDetailOut)
def get_subsidy(request, award_subsidy_id: int):
    return _one(request, award_subsidy_id)


@router.post("/award-subsidies", response={201: SubsidyDetailOut})
def create_subsidy(request, body: SubsidyIn):
    """Apply for a position in the caller's subtree (files are added on the page)."""
    programme = get_object(request.user, SubsidyProgramme.objects.select_related("owner"), pk=body.programme_id)
    position = get_object(request.user, Position.objects.select_related("union", "kind"), pk=body.position_id)
    union = get_object(request.user, Union, pk=body.union_id) if body.union_id else None
    subsidy = services.apply(acting_user=request.user, programme=programme, position=position, union=union,
                             requested_fen=body.requested_fen, statement=body.statement)
    return Status(201, _one(request, subsidy.pk))


@router.post("/award-subsidies/{int:award_subsidy_id}/inspect", response=SubsidyDetailOut)
def inspect_subsidy(request, award_subsidy_id: int, body: InspectIn):
    """The union above records the inspection: `score` 0–100, the facilities found (codes of
    the kind's standard), a comment and the award proposed (the amount requested if left out)."""
    services.inspect(_one(request, award_subsidy_id), acting_user=request.user, **body.dict())
    return _one(request, award_subsidy_id)


@router.post("/award-subsidies/{int:award_subsidy_id}/review", response=SubsidyDetailOut)
def review_subsidy(request, award_subsidy_id: int, body: ReviewIn):
    """Approve (the proposed award, or `amount_fen`; never beyond the programme's budget) or
    reject with an `opinion`."""
    services.review(_one(request, award_subsidy_id), acting_user=request.user, approve_it=body.approve,
                    opinion=body.opinion, amount_fen=body.amount_fen)
    return _one(request, award_subsidy_id)


@router.post("/award-subsidies/{int:award_subsidy_id}/pay", response=SubsidyDetailOut)
def pay_subsidy(request, award_subsidy_id: int, body: PayIn):
    """Record an approved award as paid: date and voucher number."""
    services.pay(_one(request, award_subsidy_id), acting_user=request.user, paid_on=body.paid_on,
                 voucher_no=body.voucher_no)
    return _one(request, award_subsidy_id)
