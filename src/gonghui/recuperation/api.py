"""疗休养 API (`/api/v1/recuperation`): the same services, filters and scoping as the pages.

Staff list bases, batches and offers of their subtree, create batches (refused, 422, above the
rulebook's days cap), add candidates, allocate and record attendance. A member's token lists
their own offers and accepts or declines one."""

from datetime import date, datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.members.models import Member
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Union

from . import queries, services
from .filtersets import BaseFilterSet, BatchFilterSet, OfferFilterSet
from .models import Base, Batch, Offer

router = Router(tags=["recuperation"])


def _member(request):
    if getattr(request.user, "kind", None) != "member":
        return None
    return services.member_of(request.user)


class BaseOut(Schema):
    id: int
    union_id: int
    name: str
    city: str
    address: str
    is_partner: bool
    partner: str
    agreement: str
    beds: int
    active: bool


class BatchOut(Schema):
    id: int
    union_id: int
    base_id: int
    name: str
    starts_on: date
    ends_on: date
    days: int
    days_rule: str
    capacity: int
    cost_per_person_fen: int
    budget_fen: int
    honour_required: bool
    min_level: str
    state: str
    seed_hash: str
    seed: str
    allocated_at: datetime | None

    @staticmethod
    def resolve_seed(obj):
        return obj.seed_published


class BatchIn(Schema):
    union_id: int
    base_id: int
    name: str
    starts_on: date
    ends_on: date
    capacity: int
    cost_per_person_fen: int
    budget_fen: int
    honour_required: bool = True
    min_level: str = ""


class OfferOut(Schema):
    id: int
    batch_id: int
    batch_name: str
    member_id: int
    member_name: str
    state: str
    rank: int | None
    honour_level: str
    is_frontline: bool
    never_been: bool
    lot: str
    respond_by: datetime | None
    answered_at: datetime | None
    replaces_id: int | None

    @staticmethod
    def resolve_batch_name(obj):
        return obj.batch.name

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.name


class CandidatesIn(Schema):
    numbers: list[str]
    frontline: bool = False


class AttendanceIn(Schema):
    attended_offer_ids: list[int]


class AnswerIn(Schema):
    accept: bool
    reason: str = ""


class FiguresOut(Schema):
    figures: dict


@router.get("/recuperation/bases", response=list[BaseOut])
@paginate(Page)
def list_bases(request):
    """Bases the user may send people to: their subtree's and those listed above them."""
    require(request.user, "recuperation.view_base")
    return _filtered(BaseFilterSet, request, Base.objects.restrict(request.user))


@router.get("/recuperation/batches", response=list[BatchOut])
@paginate(Page)
def list_batches(request):
    """Batches in the user's subtree (filters `q`, `state`, `year`, `base`, `under`)."""
    require(request.user, "recuperation.view_batch")
    return _filtered(BatchFilterSet, request, Batch.objects.restrict(request.user))


@router.post("/recuperation/batches", response={201: BatchOut})
def create_batch(request, body: BatchIn):
    """A batch; refused (422, nothing written) when it lasts longer than the rulebook's cap,
    costs more than its budget or names a base the union may not use."""
    union = get_object(request.user, Union.objects.all(), pk=body.union_id)
    base = Base.objects.restrict(request.user).filter(pk=body.base_id).first()
    data = body.dict()
    data.pop("union_id"), data.pop("base_id")
    return Status(201, services.create_batch(acting_user=request.user, union=union, base=base, **data))


def _batch(request, pk):
    return get_object(request.user, Batch.objects.select_related("union", "base"), pk=pk)


@router.get("/recuperation/batches/{int:rc_batch_id}", response=BatchOut)
def get_batch(request, rc_batch_id: int):
    return _batch(request, rc_batch_id)


@router.get("/recuperation/batches/{int:rc_batch_id}/figures", response=FiguresOut)
def batch_figures(request, rc_batch_id: int):
    """Places by state and the cost (committed, spent, left) against the budget, in fen."""
    return {"figures": queries.batch_figures(_batch(request, rc_batch_id))}


@router.post("/recuperation/batches/{int:rc_batch_id}/candidates", response={201: dict})
def add_candidates(request, rc_batch_id: int, body: CandidatesIn):
    """Candidates by member number; one refused member refuses the list (422, each named)."""
    batch = _batch(request, rc_batch_id)
    require(request.user, "recuperation.add_offer", batch.union, obj=batch)
    found = {m.number: m for m in Member.objects.restrict(request.user).filter(number__in=body.numbers)}
    missing = [n for n in body.numbers if n not in found]
    if missing:
        from django.core.exceptions import ValidationError

        raise ValidationError({"numbers": _("No member with these numbers in your unions: %(numbers)s.") % {
            "numbers": "、".join(missing)}})
    n = services.add_candidates(batch, acting_user=request.user, members=[found[x] for x in body.numbers],
                                frontline=body.frontline)
    return Status(201, {"added": n})


@router.post("/recuperation/batches/{int:rc_batch_id}/allocate", response=BatchOut)
def allocate(request, rc_batch_id: int):
    """Priority, then the lot with the batch's seed (published in the answer)."""
    return services.allocate(_batch(request, rc_batch_id), acting_user=request.user)


@router.post("/recuperation/batches/{int:rc_batch_id}/attendance", response=FiguresOut)
def attendance(request, rc_batch_id: int, body: AttendanceIn):
    batch = _batch(request, rc_batch_id)
    services.record_attendance(batch, acting_user=request.user, attended=body.attended_offer_ids)
    return {"figures": queries.batch_figures(batch)}


@router.get("/recuperation/offers", response=list[OfferOut])
@paginate(Page)
def list_offers(request):
    """Staff: offers in their subtree (filters `q`, `state`, `holding`, `batch`). A member: their own."""
    member = _member(request)
    if member is not None:
        return queries.my_offers(member)
    require(request.user, "recuperation.view_offer")
    return _filtered(OfferFilterSet, request, Offer.objects.restrict(request.user).select_related("batch", "member"))


@router.get("/recuperation/offers/{int:rc_offer_id}", response=OfferOut)
def get_offer(request, rc_offer_id: int):
    member = _member(request)
    if member is not None:
        offer = queries.my_offers(member).filter(pk=rc_offer_id).first()
        if offer is None:
            raise Http404(_("Not found."))
        return offer
    return get_object(request.user, Offer.objects.select_related("batch", "member"), pk=rc_offer_id)


@router.post("/recuperation/offers/{int:rc_offer_id}/answer", response=OfferOut)
def answer(request, rc_offer_id: int, body: AnswerIn):
    """The member accepts or declines; refused (422, nothing changed) after the time to answer."""
    member = _member(request)
    offer = queries.my_offers(member).filter(pk=rc_offer_id).first() if member else None
    if offer is None:
        raise Http404(_("Not found."))
    return services.respond(offer, acting_user=request.user, accept=body.accept, reason=body.reason)
