"""Mutual medical aid API: plans, enrolments and claims, with the filters, rules and scoping
of the pages. Amounts are integer fen (`*_fen`); each claim carries the lines that explain
its payout."""

from datetime import date, datetime

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.members.models import Member
from gonghui.orgs.api import Page, _filtered

from . import services
from .filtersets import ClaimFilterSet, EnrolmentFilterSet, PlanFilterSet
from .models import Claim, Enrolment, Plan

router = Router(tags=["medicalaid"])


class DiseaseOut(Schema):
    kind: str
    code: str
    name: str
    lump_sum_fen: int


class PlanOut(Schema):
    id: int
    year: int
    name: str
    union_id: int
    union_name: str
    premium_per_share_fen: int
    max_shares: int
    daily_allowance_fen: int
    min_days: int
    max_days_per_stay: int
    max_days_per_year: int
    cap_per_stay_fen: int
    cap_per_year_fen: int
    note: str
    diseases: list[DiseaseOut]

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name

    @staticmethod
    def resolve_diseases(obj):
        return list(obj.diseases.all())


@router.get("/medical-aid/plans", response=list[PlanOut])
@paginate(Page)
def list_plans(request):
    """Plans of the caller's subtree and of the federations above it; filters `year`, `q`."""
    require(request.user, "medicalaid.view_plan")
    qs = Plan.objects.restrict(request.user).select_related("union").prefetch_related("diseases")
    return _filtered(PlanFilterSet, request, qs)


@router.get("/medical-aid/plans/{int:aid_plan_id}", response=PlanOut)
def get_plan(request, aid_plan_id: int):
    return get_object(request.user, Plan.objects.select_related("union"), pk=aid_plan_id)


class LineOut(Schema):
    member_id: int
    member_number: str
    member_name: str
    union_id: int
    shares: int
    premium_fen: int

    @staticmethod
    def resolve_member_number(obj):
        return obj.member.number

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.name


class EnrolmentOut(Schema):
    id: int
    year: int
    union_id: int
    union_name: str
    plan_id: int
    payer: str
    people: int
    shares: int
    total_premium_fen: int
    created_at: datetime

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name


class EnrolmentDetailOut(EnrolmentOut):
    members: list[LineOut]

    @staticmethod
    def resolve_members(obj):
        return list(obj.lines.select_related("member").order_by("member__number"))


@router.get("/medical-aid/enrolments", response=list[EnrolmentOut])
@paginate(Page)
def list_enrolments(request):
    """Enrolment batches in the caller's subtree; filters `year`, `payer`, `q`, `under`."""
    require(request.user, "medicalaid.view_enrolment")
    qs = Enrolment.objects.restrict(request.user).select_related("union")
    return _filtered(EnrolmentFilterSet, request, qs)


@router.get("/medical-aid/enrolments/{int:aid_enrolment_id}", response=EnrolmentDetailOut)
def get_enrolment(request, aid_enrolment_id: int):
    return get_object(request.user, Enrolment.objects.select_related("union"), pk=aid_enrolment_id)


class ClaimOut(Schema):
    id: int
    state: str
    member_id: int
    member_number: str
    member_name: str
    union_id: int
    plan_id: int
    year: int
    admitted_on: date
    discharged_on: date
    days: int
    hospital: str
    cover: str | None
    payout_fen: int
    allowance_fen: int
    lump_fen: int
    paid_days: int
    opinion: str
    created_at: datetime
    reviewed_at: datetime | None
    paid_at: datetime | None

    @staticmethod
    def resolve_member_number(obj):
        return obj.member.number

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.name

    @staticmethod
    def resolve_cover(obj):
        return obj.disease.kind if obj.disease_id else None


class ClaimDetailOut(ClaimOut):
    """One claim with its health data; every such read is audited."""

    diagnosis: str
    disease_code: str | None
    disease_name: str | None
    explanation: list[str]

    @staticmethod
    def resolve_disease_code(obj):
        return obj.disease.code if obj.disease_id else None

    @staticmethod
    def resolve_disease_name(obj):
        return obj.disease.name if obj.disease_id else None


class ClaimIn(Schema):
    member_id: int
    admitted_on: date
    discharged_on: date
    hospital: str
    diagnosis: str
    disease_code: str = ""


class ReviewIn(Schema):
    approve: bool
    opinion: str = ""


class PayIn(Schema):
    payment_ref: str = ""


def _claims():
    return Claim.objects.select_related("member", "disease")


@router.get("/medical-aid/claims", response=list[ClaimOut])
@paginate(Page)
def list_claims(request):
    """Claims in the caller's subtree; filters `year`, `state`, `cover`, `q`, `under`."""
    require(request.user, "medicalaid.view_claim")
    return _filtered(ClaimFilterSet, request, _claims().restrict(request.user))


def _read(request, aid_claim_id):
    return services.read_claim(get_object(request.user, _claims(), pk=aid_claim_id), acting_user=request.user)


@router.get("/medical-aid/claims/{int:aid_claim_id}", response=ClaimDetailOut)
def get_claim(request, aid_claim_id: int):
    return _read(request, aid_claim_id)


@router.post("/medical-aid/claims", response={201: ClaimDetailOut})
def create_claim(request, body: ClaimIn):
    """File a claim for one hospital stay of an enrolled member; the payout is computed."""
    member = get_object(request.user, Member.objects.select_related("union", "last_event"), pk=body.member_id)
    data = body.dict()
    data.pop("member_id")
    return Status(201, services.file_claim(acting_user=request.user, member=member, **data))


@router.post("/medical-aid/claims/{int:aid_claim_id}/review", response=ClaimDetailOut)
def review_claim(request, aid_claim_id: int, body: ReviewIn):
    """Approve (the payout is computed again) or reject with an `opinion` (required then)."""
    claim = get_object(request.user, Claim, "change", pk=aid_claim_id)
    services.review(claim, acting_user=request.user, approve=body.approve, opinion=body.opinion)
    return _read(request, aid_claim_id)


@router.post("/medical-aid/claims/{int:aid_claim_id}/pay", response=ClaimDetailOut)
def pay_claim(request, aid_claim_id: int, body: PayIn):
    """Record an approved claim as paid."""
    claim = get_object(request.user, Claim, "change", pk=aid_claim_id)
    services.pay(claim, acting_user=request.user, payment_ref=body.payment_ref)
    return _read(request, aid_claim_id)
