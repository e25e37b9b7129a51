"""Collective-contract API: the same services, filters and scoping as the pages. Every answer
about a contract carries its computed dates, each with the rule and source that set it."""

from datetime import date
from decimal import Decimal

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Employer, Union
from gonghui.wcongress.models import Session

from . import rules, services
from .filtersets import ContractFilterSet
from .models import CollectiveContract as C

router = Router(tags=["collective-contracts"])


class DeadlineOut(Schema):
    key: str
    label: str
    due_on: date
    met_on: date | None
    rule: str
    rule_label: str
    rule_text: str
    source: str
    n: int
    unit: str


class NegotiatorOut(Schema):
    side: str
    name: str
    position: str
    is_chief: bool


class ContractOut(Schema):
    id: int
    title: str
    union_id: int
    coverage: str
    kind: str
    state: str
    status: str
    employer_ids: list[int]
    requested_by: str
    requested_on: date
    reply_due_on: date
    replied_on: date | None
    draft_agreed_on: date | None
    motion_id: int | None
    signed_on: date | None
    term_start: date | None
    term_end: date | None
    wage_increase_pct: Decimal | None
    filing_due_on: date | None
    filed_on: date | None
    review_ends_on: date | None
    effective_on: date | None
    renewal_from: date | None
    renews_id: int | None
    negotiators: list[NegotiatorOut]
    deadlines: list[DeadlineOut]

    @staticmethod
    def resolve_employer_ids(obj):
        return [e.pk for e in obj.employers.all()]

    @staticmethod
    def resolve_status(obj):
        return "expired" if obj.is_lapsed else obj.state

    @staticmethod
    def resolve_negotiators(obj):
        return list(obj.negotiators.all())

    @staticmethod
    def resolve_deadlines(obj):
        return [{**d, "label": str(d["label"])} for d in rules.deadlines_of(obj)]


class RequestIn(Schema):
    union_id: int
    title: str
    employer_ids: list[int]
    requested_on: date
    kind: str = C.Kind.GENERAL
    coverage: str = C.Coverage.SINGLE
    requested_by: str = C.Side.UNION
    request_text: str = ""


class ReplyIn(Schema):
    replied_on: date
    agreed: bool = True
    text: str = ""


class NegotiatorsIn(Schema):
    union_side: list[str]
    employer_side: list[str]


class MeetingIn(Schema):
    held_on: date
    summary: str
    place: str = ""


class DraftIn(Schema):
    agreed_on: date
    text: str
    wage_increase_pct: Decimal | None = None


class VoteIn(Schema):
    session_id: int
    present: int
    in_favour: int
    against: int
    abstain: int = 0


class SignIn(Schema):
    signed_on: date
    term_start: date
    term_end: date
    wage_increase_pct: Decimal | None = None


class FileIn(Schema):
    filed_on: date


class ObjectionIn(Schema):
    received_on: date
    text: str


def _get(request, pk):
    return get_object(request.user, C.objects.select_related("union", "motion__session"), pk=pk)


@router.get("/collective-contracts", response=list[ContractOut])
@paginate(Page)
def list_contracts(request):
    """Contracts in the user's subtree (filters `kind`, `coverage`, `state`, `status`
    (current, expiring, lapsed, open, late), `employer`, `under`; search by `qh`)."""
    require(request.user, "contracts.view_collectivecontract")
    return _filtered(ContractFilterSet, request, C.objects.restrict(request.user)
                     .select_related("union", "motion__session").prefetch_related("employers", "negotiators"))


@router.get("/collective-contracts/{int:cc_id}", response=ContractOut)
def get_contract(request, cc_id: int):
    return _get(request, cc_id)


@router.post("/collective-contracts", response={201: ContractOut})
def create_contract(request, body: RequestIn):
    """A written bargaining request; the answer's due date comes back with its rule."""
    union = get_object(request.user, Union.objects.select_related("region"), pk=body.union_id)
    employers = list(Employer.objects.restrict(request.user).filter(pk__in=body.employer_ids))
    if len(employers) != len(set(body.employer_ids)):
        from django.http import Http404

        raise Http404
    contract = services.request_bargaining(
        acting_user=request.user, union=union, title=body.title, employers=employers, requested_on=body.requested_on,
        kind=body.kind, coverage=body.coverage, requested_by=body.requested_by, request_text=body.request_text)
    return Status(201, contract)


def _step(request, cc_id, fn, **kw):
    contract = _get(request, cc_id)
    fn(contract, acting_user=request.user, **kw)
    return _get(request, cc_id)


@router.post("/collective-contracts/{int:cc_id}/reply", response=ContractOut)
def reply(request, cc_id: int, body: ReplyIn):
    return _step(request, cc_id, services.record_reply, **body.dict())


@router.post("/collective-contracts/{int:cc_id}/negotiators", response=ContractOut)
def negotiators(request, cc_id: int, body: NegotiatorsIn):
    return _step(request, cc_id, services.set_negotiators, **body.dict())


@router.post("/collective-contracts/{int:cc_id}/meetings", response=ContractOut)
def meeting(request, cc_id: int, body: MeetingIn):
    return _step(request, cc_id, services.add_meeting, **body.dict())


@router.post("/collective-contracts/{int:cc_id}/draft", response=ContractOut)
def draft(request, cc_id: int, body: DraftIn):
    return _step(request, cc_id, services.agree_draft, **body.dict())


@router.post("/collective-contracts/{int:cc_id}/vote", response=ContractOut)
def vote(request, cc_id: int, body: VoteIn):
    """The draft voted at the 职代会 (a wcongress motion: its quorum and pass rule)."""
    contract = _get(request, cc_id)
    data = body.dict()
    session = get_object(request.user, Session.objects.select_related("congress__union"), pk=data.pop("session_id"))
    services.vote(contract, acting_user=request.user, session=session, **data)
    return _get(request, cc_id)


@router.post("/collective-contracts/{int:cc_id}/sign", response=ContractOut)
def sign(request, cc_id: int, body: SignIn):
    return _step(request, cc_id, services.sign, **body.dict())


@router.post("/collective-contracts/{int:cc_id}/file", response=ContractOut)
def file_contract(request, cc_id: int, body: FileIn):
    return _step(request, cc_id, services.record_filing, **body.dict())


@router.post("/collective-contracts/{int:cc_id}/objection", response=ContractOut)
def objection(request, cc_id: int, body: ObjectionIn):
    return _step(request, cc_id, services.record_objection, **body.dict())


@router.post("/collective-contracts/{int:cc_id}/in-force", response=ContractOut)
def in_force(request, cc_id: int):
    """No objection came within the review period: in force from the day after it."""
    return _step(request, cc_id, services.take_effect)
