"""Honours API: the same services, filters and scoping as the pages.

`/honours`: the registry (list, read, record, revoke, mark deceased). `/selection-rounds`: calls
for nominations with their mix check, nominations, review at each level, clearances, 公示,
objections and award."""

from datetime import date

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.members.models import Member
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Union

from . import rules, services
from .filtersets import HonourFilterSet, NominationFilterSet, RoundFilterSet
from .models import Honour, Nomination, Objection, SelectionRound

router = Router(tags=["honours"])


class HonourOut(Schema):
    id: int
    holder_kind: str
    holder_name: str
    member_id: int | None
    union_id: int | None
    employer_id: int | None
    collective_name: str
    title: str
    title_label: str
    level: str
    year: int
    conferring_body: str
    certificate_no: str
    state: str
    state_reason: str
    source: str
    registered_with_id: int

    @staticmethod
    def resolve_title_label(obj):
        return str(obj.get_title_display())


class HonourIn(Schema):
    member_id: int | None = None
    union_id: int | None = None
    employer_id: int | None = None
    collective_name: str = ""
    title: str
    level: str
    year: int
    conferring_body: str
    certificate_no: str = ""
    source: str = ""


class ReasonIn(Schema):
    reason: str = ""


@router.get("/honours", response=list[HonourOut])
@paginate(Page)
def list_honours(request):
    """Honours in the user's subtree (filters `title`, `level`, `year`, `state`, `holder`, `under`)."""
    require(request.user, "honours.view_honour")
    return _filtered(HonourFilterSet, request, Honour.objects.restrict(request.user).select_related(
        "member", "union", "employer"))


@router.get("/honours/{int:hn_honour_id}", response=HonourOut)
def get_honour(request, hn_honour_id: int):
    return get_object(request.user, Honour.objects.select_related("member", "union", "employer"), pk=hn_honour_id)


@router.post("/honours", response={201: HonourOut})
def create_honour(request, body: HonourIn):
    """Record an honour (a person's by `member_id`, a collective's by `union_id` / `employer_id` /
    `collective_name`)."""
    require(request.user, "honours.add_honour")
    member = get_object(request.user, Member, pk=body.member_id) if body.member_id else None
    union = get_object(request.user, Union, pk=body.union_id) if body.union_id else None
    employer = None
    if body.employer_id:
        from gonghui.orgs.models import Employer

        employer = get_object(request.user, Employer, pk=body.employer_id)
    return Status(201, services.confer(acting_user=request.user, member=member, union=union, employer=employer,
                                       collective_name=body.collective_name, title=body.title, level=body.level,
                                       year=body.year, conferring_body=body.conferring_body,
                                       certificate_no=body.certificate_no, source=body.source))


@router.post("/honours/{int:hn_honour_id}/revoke", response=HonourOut)
def revoke_honour(request, hn_honour_id: int, body: ReasonIn):
    h = get_object(request.user, Honour, "change", pk=hn_honour_id)
    return services.revoke(h, acting_user=request.user, reason=body.reason)


@router.post("/honours/{int:hn_honour_id}/deceased", response=HonourOut)
def honour_holder_deceased(request, hn_honour_id: int, body: ReasonIn):
    h = get_object(request.user, Honour, "change", pk=hn_honour_id)
    return services.mark_deceased(h, acting_user=request.user, reason=body.reason)


# --- selection rounds ----------------------------------------------------------------------------

class MixOut(Schema):
    code: str
    label: str
    required: str
    part: int
    whole: int
    ok: bool
    source: str


class RoundOut(Schema):
    id: int
    union_id: int
    name: str
    year: int
    title: str
    level: str
    conferring_body: str
    criteria: str
    nominate_until: date
    exclusion_years: int
    publicity_working_days: int
    state: str
    publicity_from: date | None
    publicity_until: date | None
    quotas: list[dict]
    mix: list[MixOut]

    @staticmethod
    def resolve_quotas(obj):
        return [{"union_id": q.union_id, "union": q.union.name, "quota": q.quota} for q in obj.quotas.all()]

    @staticmethod
    def resolve_mix(obj):
        return [{"code": m.code, "label": m.label, "required": m.rule_text, "part": m.part, "whole": m.whole,
                 "ok": m.ok, "source": m.source} for m in rules.check_mix(obj, services.batch_of(obj))]


class QuotaIn(Schema):
    union_id: int
    quota: int


class RoundIn(Schema):
    union_id: int
    name: str
    year: int
    title: str
    level: str
    conferring_body: str
    nominate_until: date
    criteria: str = ""
    quotas: list[QuotaIn] = []
    mix: list[str] | None = None
    mix_overrides: dict[str, str] | None = None


def _round(request, hn_round_id):
    r = SelectionRound.objects.filter(SelectionRound.scope_q(request.user, "honours.view_selectionround")).filter(
        pk=hn_round_id).select_related("union").first()
    return r or get_object(request.user, SelectionRound, pk=hn_round_id)


@router.get("/selection-rounds", response=list[RoundOut])
@paginate(Page)
def list_rounds(request):
    """Calls for nominations the user's unions run or may nominate to."""
    require(request.user, "honours.view_selectionround")
    return _filtered(RoundFilterSet, request, SelectionRound.objects.filter(
        SelectionRound.scope_q(request.user, "honours.view_selectionround")).prefetch_related("quotas__union"))


@router.get("/selection-rounds/{int:hn_round_id}", response=RoundOut)
def get_round(request, hn_round_id: int):
    return _round(request, hn_round_id)


@router.post("/selection-rounds", response={201: RoundOut})
def create_round(request, body: RoundIn):
    union = get_object(request.user, Union, pk=body.union_id)
    quotas = [(get_object(request.user, Union, pk=q.union_id), q.quota) for q in body.quotas]
    return Status(201, services.create_round(
        acting_user=request.user, union=union, name=body.name, year=body.year, title=body.title, level=body.level,
        conferring_body=body.conferring_body, nominate_until=body.nominate_until, criteria=body.criteria,
        quotas=quotas, mix=body.mix, mix_overrides=body.mix_overrides))


@router.post("/selection-rounds/{int:hn_round_id}/publicity", response=RoundOut)
def start_publicity(request, hn_round_id: int):
    """Check the approved batch against the mix rules and start 公示."""
    return services.start_publicity(_round(request, hn_round_id), acting_user=request.user)


class AwardOut(Schema):
    awarded: list[int]
    honours: list[int]


@router.post("/selection-rounds/{int:hn_round_id}/award", response=AwardOut)
def award(request, hn_round_id: int):
    won = services.award(_round(request, hn_round_id), acting_user=request.user)
    return {"awarded": [n.pk for n in won], "honours": [n.honour_id for n in won]}


class NominationOut(Schema):
    id: int
    round_id: int
    nominated_by_id: int
    nominee_name: str
    member_id: int | None
    sector: str
    is_frontline: bool
    is_industrial_worker: bool
    is_enterprise_head: bool
    is_farmer_worker: bool
    deeds: str
    state: str
    review_step: int
    honour_id: int | None


class NominationIn(Schema):
    nominated_by_id: int
    member_id: int | None = None
    collective_name: str = ""
    sector: str = "enterprise"
    is_frontline: bool = False
    is_industrial_worker: bool = False
    is_enterprise_head: bool = False
    is_farmer_worker: bool = False
    deeds: str


@router.get("/selection-rounds/{int:hn_round_id}/nominations", response=list[NominationOut])
@paginate(Page)
def list_nominations(request, hn_round_id: int):
    r = _round(request, hn_round_id)
    return _filtered(NominationFilterSet, request, Nomination.objects.restrict(request.user).filter(round=r)
                     .select_related("member", "employer", "union"))


@router.post("/selection-rounds/{int:hn_round_id}/nominations", response={201: NominationOut})
def nominate(request, hn_round_id: int, body: NominationIn):
    r = _round(request, hn_round_id)
    by = get_object(request.user, Union, pk=body.nominated_by_id)
    member = get_object(request.user, Member, pk=body.member_id) if body.member_id else None
    return Status(201, services.nominate(
        r, acting_user=request.user, nominated_by=by, member=member,
        union=None if member else by, collective_name="" if member else body.collective_name, sector=body.sector,
        deeds=body.deeds, is_frontline=body.is_frontline, is_industrial_worker=body.is_industrial_worker,
        is_enterprise_head=body.is_enterprise_head, is_farmer_worker=body.is_farmer_worker))


class ReviewIn(Schema):
    approve: bool
    opinion: str = ""


@router.post("/selection-rounds/nominations/{int:hn_nomination_id}/review", response=NominationOut)
def review(request, hn_nomination_id: int, body: ReviewIn):
    n = get_object(request.user, Nomination, pk=hn_nomination_id)
    return services.review(n, acting_user=request.user, approve=body.approve, opinion=body.opinion)


class WithdrawIn(Schema):
    reason: str


@router.post("/selection-rounds/nominations/{int:hn_nomination_id}/withdraw", response=NominationOut)
def withdraw(request, hn_nomination_id: int, body: WithdrawIn):
    """The nominating union takes its nomination back (under review or approved, before 公示)."""
    n = get_object(request.user, Nomination, pk=hn_nomination_id)
    return services.withdraw(n, acting_user=request.user, reason=body.reason)


class ClearanceIn(Schema):
    agency: str
    result: str
    given_on: date
    reference: str = ""


@router.post("/selection-rounds/nominations/{int:hn_nomination_id}/clearances", response={201: dict})
def clearance(request, hn_nomination_id: int, body: ClearanceIn):
    n = get_object(request.user, Nomination, pk=hn_nomination_id)
    c = services.record_clearance(n, acting_user=request.user, **body.dict())
    return Status(201, {"id": c.pk, "agency": c.agency, "result": c.result,
                        "missing": [code for code, _n in services.missing_clearances(n)]})


class ObjectionIn(Schema):
    content: str
    raised_by: str = ""
    received_on: date | None = None


class ObjectionOut(Schema):
    id: int
    nomination_id: int
    received_on: date
    raised_by: str
    content: str
    state: str
    resolution: str


@router.post("/selection-rounds/nominations/{int:hn_nomination_id}/objections", response={201: ObjectionOut})
def objection(request, hn_nomination_id: int, body: ObjectionIn):
    n = get_object(request.user, Nomination, pk=hn_nomination_id)
    return Status(201, services.raise_objection(n, acting_user=request.user, content=body.content,
                                                raised_by=body.raised_by, received_on=body.received_on))


class FindingIn(Schema):
    uphold: bool
    finding: str


@router.post("/selection-rounds/objections/{int:hn_objection_id}/resolve", response=ObjectionOut)
def resolve(request, hn_objection_id: int, body: FindingIn):
    o = Objection.objects.filter(pk=hn_objection_id).first()
    if o is None:
        raise Http404(_("Not found."))
    get_object(request.user, Nomination, pk=o.nomination_id)  # 404 outside the user's scope
    return services.resolve_objection(o, acting_user=request.user, uphold=body.uphold, finding=body.finding)
