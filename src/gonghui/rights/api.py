"""Rights API: workers' requests (12351) and legal aid, through the same services, filters and
scoping as the pages. Every request and case answer carries its computed deadline with the rule,
its value and its source. A member's token lists and submits their own requests."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.members.models import Member
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Union
from gonghui.rules import rulebook

from . import queries, rules, services
from .filtersets import LegalAidFilterSet, RequestFilterSet
from .models import AidProvider, LegalAidCase, Request

router = Router(tags=["rights"])


def _member(request):
    """The member behind a member's token, else None (staff)."""
    if getattr(request.user, "kind", None) != "member":
        return None
    member = Member.objects.of_user(request.user)
    if member is None:
        raise Http404(_("Not found."))
    return member


class Deadline(Schema):
    due_on: date | None
    rule: str
    label: str
    value: str
    unit: str
    source: str
    jurisdiction: str
    note: str


class RequestOut(Schema):
    id: int
    number: str
    state: str
    channel: str
    kind: str
    topic: str
    klass: str
    class_reason: str
    union_id: int
    union_name: str
    employer_id: int | None
    employer_name: str
    worker_name: str
    description: str
    workers_involved: int
    amount_claimed_fen: int
    received_on: date
    deadline: Deadline
    overdue: bool
    escalated_to_id: int | None
    result: str
    money_recovered_fen: int
    reply: str
    replied_on: date | None
    satisfaction: str
    followed_up_at: datetime | None
    closed_on: date | None
    on_time: bool | None

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name

    @staticmethod
    def resolve_deadline(obj):
        ruling = rulebook.value(obj.deadline_rule, on=obj.received_on, region=obj.union.region_id)
        return {**rules.described(obj.due_on, ruling), "value": str(ruling.value)}

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue


class RequestIn(Schema):
    kind: str
    topic: str
    description: str
    employer_name: str
    worker_name: str = ""
    phone: str = ""
    county_id: int | None = None
    workers_involved: int = 1
    amount_claimed_fen: int = 0
    received_on: date | None = None


def _request(request, pk):
    member = _member(request)
    if member is not None:
        req = queries.my_requests(member).filter(pk=pk).first()
        if req is None:
            raise Http404(_("Not found."))
        return req
    return get_object(request.user, Request.objects.select_related("union", "employer"), pk=pk)


def _staff_request(request, pk):
    if _member(request) is not None:
        raise Http404(_("Not found."))
    return _request(request, pk)


@router.get("/requests", response=list[RequestOut])
@paginate(Page)
def list_requests(request):
    """Staff: requests handled in their subtree (filters `state`, `topic`, `kind`, `klass`,
    `progress` = open / overdue / closed / on_time / late / escalated, `satisfaction`, `union`,
    `employer`, `under`, `received_from`, `received_to`). A member: their own requests."""
    member = _member(request)
    if member is not None:
        return queries.my_requests(member)
    require(request.user, "rights.view_request")
    return _filtered(RequestFilterSet, request, Request.objects.restrict(request.user).select_related("union"))


@router.get("/requests/{int:rq_id}", response=RequestOut)
def get_request(request, rq_id: int):
    return _request(request, rq_id)


@router.post("/requests", response={201: RequestOut})
def submit_request(request, body: RequestIn):
    """A member's own request, or a hotline clerk's record of a call (routed to the employer's
    union; `county_id` is the federation used when the employer has none)."""
    member = _member(request)
    county = services.counties().filter(pk=body.county_id).first() if body.county_id else None
    data = body.dict(exclude={"county_id"})
    if member is not None:
        data.update(worker_name=member.name, phone="", received_on=None)
        return Status(201, services.submit_request(acting_user=request.user, member=member, county=county, **data))
    require(request.user, "rights.add_request")
    return Status(201, services.submit_request(acting_user=request.user, channel=Request.Channel.HOTLINE,
                                               county=county, **data))


class AcceptIn(Schema):
    klass: str = "ordinary"
    reason: str = ""


class ReclassIn(Schema):
    klass: str
    reason: str = ""


class HandleIn(Schema):
    result: str
    money_recovered_fen: int = 0


class ReplyIn(Schema):
    reply: str
    replied_on: date


class FollowUpIn(Schema):
    satisfaction: str
    note: str = ""


class CloseIn(Schema):
    passed: bool = True
    note: str = ""


@router.post("/requests/{int:rq_id}/accept", response=RequestOut)
def accept(request, rq_id: int, body: AcceptIn):
    return services.accept_request(_staff_request(request, rq_id), acting_user=request.user, **body.dict())


@router.post("/requests/{int:rq_id}/reclassify", response=RequestOut)
def reclassify(request, rq_id: int, body: ReclassIn):
    """A change of class counts the deadline again; without a reason it is refused (422)."""
    return services.reclassify_request(_staff_request(request, rq_id), acting_user=request.user, **body.dict())


@router.post("/requests/{int:rq_id}/handle", response=RequestOut)
def handle(request, rq_id: int, body: HandleIn):
    return services.handle_request(_staff_request(request, rq_id), acting_user=request.user, **body.dict())


@router.post("/requests/{int:rq_id}/reply", response=RequestOut)
def reply(request, rq_id: int, body: ReplyIn):
    """A reply dated before the request was received is refused (422)."""
    return services.reply_request(_staff_request(request, rq_id), acting_user=request.user, **body.dict())


@router.post("/requests/{int:rq_id}/follow-up", response=RequestOut)
def follow_up(request, rq_id: int, body: FollowUpIn):
    return services.follow_up_request(_staff_request(request, rq_id), acting_user=request.user, **body.dict())


@router.post("/requests/{int:rq_id}/close", response=RequestOut)
def close(request, rq_id: int, body: CloseIn):
    """质检 and close; a request without its 回访 is refused (422)."""
    return services.close_request(_staff_request(request, rq_id), acting_user=request.user, **body.dict())


class BoardRow(Schema):
    key: str
    label: str
    total: int
    closed: int
    on_time: int
    overdue: int
    followed: int
    satisfied: int
    money_fen: int
    closure_rate: float | None
    on_time_rate: float | None
    satisfaction_rate: float | None


class BoardOut(Schema):
    total: BoardRow | None
    by_union: list[BoardRow]
    by_topic: list[BoardRow]


def _row(r, key, label):
    return {"key": str(key), "label": str(label), "total": r["total"], "closed": r["closed"], "on_time": r["on_time"],
            "overdue": r["overdue"], "followed": r["followed"], "satisfied": r["satisfied"], "money_fen": r["money"],
            "closure_rate": r["closure_rate"], "on_time_rate": r["on_time_rate"],
            "satisfaction_rate": r["satisfaction_rate"]}


@router.get("/requests-board", response=BoardOut)
def board(request, year: int | None = None):
    """The supervisor's figures (the list's `union` or `topic` filter opens each row)."""
    require(request.user, "rights.view_request")
    qs = Request.objects.restrict(request.user)
    if year is not None and not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Year: give a year from 2000 to 2100, not %(year)s.") % {"year": year}})
    if year:
        qs = qs.filter(received_on__year=year)
    f = queries.board(qs)
    return {"total": _row(f["total"], "", _("total")) if f["total"] else None,
            "by_union": [_row(r, r["union_id"], r["union__name"]) for r in f["by_union"]],
            "by_topic": [_row(r, r["topic"], r["label"]) for r in f["by_topic"]]}


# --- legal aid -----------------------------------------------------------------------------------

class CaseOut(Schema):
    id: int
    number: str
    state: str
    union_id: int
    applicant_name: str
    member_id: int | None
    matter: str
    facts: str
    amount_claimed_fen: int
    basis: str
    eligibility_rule: str
    applied_on: date
    decision_deadline: Deadline
    decision_overdue: bool
    refusal_reason: str
    provider_id: int | None
    provider_name: str
    service: str
    result: str
    money_recovered_fen: int
    rating: int | None

    @staticmethod
    def resolve_decision_deadline(obj):
        ruling = rulebook.value(rules.DECISION_RULE, on=obj.applied_on, region=obj.union.region_id)
        return {**rules.described(obj.decision_due_on, ruling), "value": str(ruling.value)}

    @staticmethod
    def resolve_provider_name(obj):
        return obj.provider.name if obj.provider_id else ""


class CaseIn(Schema):
    union_id: int
    member_number: str = ""
    applicant_name: str = ""
    matter: str = "labour"
    facts: str
    amount_claimed_fen: int = 0
    basis: str
    income_per_head_fen: int | None = None
    request_id: int | None = None


@router.get("/legal-aid", response=list[CaseOut])
@paginate(Page)
def list_cases(request):
    """Staff: legal-aid cases in their subtree (filters `state`, `basis`, `service`, `overdue`,
    `under`). A member: their own applications."""
    member = _member(request)
    if member is not None:
        return LegalAidCase.objects.filter(member=member).select_related("union", "provider")
    require(request.user, "rights.view_legalaidcase")
    return _filtered(LegalAidFilterSet, request, LegalAidCase.objects.restrict(request.user)
                     .select_related("union", "provider"))


def _case(request, pk, staff=False):
    member = _member(request)
    if member is not None:
        case = None if staff else LegalAidCase.objects.filter(member=member, pk=pk).select_related("union").first()
        if case is None:
            raise Http404(_("Not found."))
        return case
    return get_object(request.user, LegalAidCase.objects.select_related("union", "provider"), pk=pk)


@router.get("/legal-aid/{int:aid_id}", response=CaseOut)
def get_case(request, aid_id: int):
    return _case(request, aid_id)


@router.post("/legal-aid", response={201: CaseOut})
def apply(request, body: CaseIn):
    """An application entered by the union: eligibility (hardship file, model worker, union staff
    or the rulebook's income test) is checked at entry; refusals are 422 and write nothing."""
    if _member(request) is not None:
        raise Http404(_("Not found."))
    union = get_object(request.user, Union.objects.all(), pk=body.union_id)
    member = None
    if body.member_number.strip():
        member = Member.objects.restrict(request.user).filter(number=body.member_number.strip()).first()
        if member is None:
            raise Http404(_("Not found."))
    req = get_object(request.user, Request.objects.all(), pk=body.request_id) if body.request_id else None
    data = body.dict(exclude={"union_id", "member_number", "request_id"})
    return Status(201, services.apply_legal_aid(acting_user=request.user, union=union, member=member, request=req,
                                                employer=member.employer if member else None, **data))


class DecideIn(Schema):
    grant: bool
    reason: str = ""


class AssignIn(Schema):
    provider_id: int


class ServeIn(Schema):
    service: str
    note: str


class CloseCaseIn(Schema):
    result: str
    money_recovered_fen: int = 0
    rating: int | None = None


@router.post("/legal-aid/{int:aid_id}/decide", response=CaseOut)
def decide(request, aid_id: int, body: DecideIn):
    return services.decide_legal_aid(_case(request, aid_id, staff=True), acting_user=request.user, **body.dict())


@router.post("/legal-aid/{int:aid_id}/assign", response=CaseOut)
def assign(request, aid_id: int, body: AssignIn):
    case = _case(request, aid_id, staff=True)
    provider = AidProvider.objects.filter(pk=body.provider_id).first()
    return services.assign_legal_aid(case, acting_user=request.user, provider=provider)


@router.post("/legal-aid/{int:aid_id}/serve", response=CaseOut)
def serve(request, aid_id: int, body: ServeIn):
    return services.record_service(_case(request, aid_id, staff=True), acting_user=request.user, **body.dict())


@router.post("/legal-aid/{int:aid_id}/close", response=CaseOut)
def close_case(request, aid_id: int, body: CloseCaseIn):
    """Closing needs the result and the worker's rating (1 to 5)."""
    return services.close_legal_aid(_case(request, aid_id, staff=True), acting_user=request.user, **body.dict())


class ProviderOut(Schema):
    id: int
    union_id: int
    kind: str
    name: str
    firm: str
    licence_no: str
    active: bool


@router.get("/legal-aid-providers", response=list[ProviderOut])
@paginate(Page)
def list_providers(request):
    """The roster of union lawyers and legal-aid volunteers in the user's subtree."""
    require(request.user, "rights.view_aidprovider")
    return AidProvider.objects.restrict(request.user)
