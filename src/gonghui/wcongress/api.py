"""职代会 API: the same services, filters and scoping as the pages.

Staff list and read the congresses, proposals and disclosures of their subtree, record votes,
screen, assign, answer and recommend proposals and record publications. A member's token lists
the proposals they signed and their employer's disclosures, submits a proposal as a delegate
and gives their satisfaction with a reply."""

from datetime import date, datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.orgs.api import Page, _filtered

from . import queries, rules, services
from .filtersets import CongressFilterSet, DisclosureFilterSet, ProposalFilterSet
from .models import Delegate, Disclosure, Proposal, Session, WorkersCongress

router = Router(tags=["workers-congresses"])


def _member(request):
    """The member behind a member's token, else None (staff)."""
    if getattr(request.user, "kind", None) != "member":
        return None
    return services.member_of(request.user)


class CongressOut(Schema):
    id: int
    name: str
    kind: str
    union_id: int
    term_no: int
    term_start: date
    term_end: date
    employer_ids: list[int]
    delegates: int
    delegates_minimum: int
    problems: list[str]
    quorum: str
    passing_rule: str

    @staticmethod
    def resolve_employer_ids(obj):
        return [e.pk for e in obj.employers.all()]

    @staticmethod
    def resolve_delegates(obj):
        return obj.comp["count"]

    @staticmethod
    def resolve_delegates_minimum(obj):
        return obj.comp["minimum"]

    @staticmethod
    def resolve_problems(obj):
        return [str(p) for p in obj.comp["problems"]]

    @staticmethod
    def resolve_quorum(obj):
        q = rules.quorum(obj)
        return f"{rules.share_text(q.value)}（{q.source}）"

    @staticmethod
    def resolve_passing_rule(obj):
        return rules.passing_text(obj)


def _with_composition(congress):
    congress.comp = rules.composition(congress)
    return congress


class CongressRow(Schema):
    id: int
    name: str
    kind: str
    union_id: int
    term_no: int
    term_start: date
    term_end: date


@router.get("/workers-congresses", response=list[CongressRow])
@paginate(Page)
def list_congresses(request):
    """Congresses in the user's subtree (filters `q`, `kind`, `under`)."""
    require(request.user, "wcongress.view_workerscongress")
    return _filtered(CongressFilterSet, request, WorkersCongress.objects.restrict(request.user))


@router.get("/workers-congresses/{int:wc_congress_id}", response=CongressOut)
def get_congress(request, wc_congress_id: int):
    """One congress with its delegates against the jurisdiction's minimum and its rules."""
    congress = get_object(request.user, WorkersCongress.objects.select_related("union"), pk=wc_congress_id)
    return _with_composition(congress)


class VoteIn(Schema):
    title: str
    present: int
    in_favour: int
    against: int
    abstain: int = 0


class MotionOut(Schema):
    id: int
    title: str
    delegates_total: int
    present: int
    in_favour: int
    against: int
    abstain: int
    passed: bool
    rule_text: str


@router.post("/workers-congresses/sessions/{int:wc_session_id}/votes", response={201: MotionOut})
def vote(request, wc_session_id: int, body: VoteIn):
    """Record a vote: refused (422, nothing recorded) below the quorum or with a congress not
    lawfully composed; `passed` follows the jurisdiction's pass rule, named in `rule_text`."""
    session = get_object(request.user, Session.objects.select_related("congress__union"), pk=wc_session_id)
    return Status(201, services.record_vote(session, acting_user=request.user, **body.dict()))


# --- proposals -----------------------------------------------------------------------------------

class ProposalOut(Schema):
    id: int
    number: str
    congress_id: int
    title: str
    content: str
    proposer_name: str
    cosponsors: list[str]
    state: str
    submitted_at: datetime
    refusal_reason: str
    department: str
    due_on: date | None
    overdue: bool
    reply: str
    reply_signed_by: str
    replied_at: datetime | None
    satisfaction: str
    recommended_at: datetime | None

    @staticmethod
    def resolve_proposer_name(obj):
        return obj.proposer.member.name

    @staticmethod
    def resolve_cosponsors(obj):
        return [d.member.name for d in obj.cosponsors.select_related("member")]

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue


class ProposalIn(Schema):
    congress_id: int
    title: str
    content: str
    cosponsor_ids: list[int] = []


class ScreenIn(Schema):
    file: bool
    reason: str = ""


class AssignIn(Schema):
    department: str


class ReplyIn(Schema):
    reply: str
    signed_by: str


class EvaluateIn(Schema):
    satisfaction: str
    note: str = ""


class RecommendIn(Schema):
    note: str


@router.get("/proposals", response=list[ProposalOut])
@paginate(Page)
def list_proposals(request):
    """Staff: proposals in their subtree (filters `q`, `state`, `overdue`, `recommended`,
    `congress`, `under`). A member: the proposals they proposed or co-sponsored."""
    member = _member(request)
    if member is not None:
        return queries.my_proposals(member)
    require(request.user, "wcongress.view_proposal")
    return _filtered(ProposalFilterSet, request, Proposal.objects.restrict(request.user)
                     .select_related("proposer__member"))


def _proposal(request, pk):
    member = _member(request)
    if member is not None:
        p = queries.my_proposals(member).filter(pk=pk).first()
        if p is None:
            raise Http404(_("Not found."))
        return p
    return get_object(request.user, Proposal.objects.select_related("congress__union", "proposer__member"), pk=pk)


@router.get("/proposals/{int:wc_proposal_id}", response=ProposalOut)
def get_proposal(request, wc_proposal_id: int):
    return _proposal(request, wc_proposal_id)


@router.post("/proposals", response={201: ProposalOut})
def submit(request, body: ProposalIn):
    """A delegate submits a proposal with co-sponsors (delegate ids of the same congress)."""
    member = _member(request)
    proposer = (Delegate.objects.filter(member=member, congress_id=body.congress_id, active=True)
                .select_related("congress__union", "member").first() if member else None)
    if proposer is None:
        raise Http404(_("Not found."))
    congress = proposer.congress
    cosponsors = list(congress.delegates.filter(pk__in=body.cosponsor_ids).select_related("member"))
    return Status(201, services.submit_proposal(congress, acting_user=request.user, proposer=proposer,
                                                title=body.title, content=body.content, cosponsors=cosponsors))


def _staff_proposal(request, pk):
    if _member(request) is not None:
        raise Http404(_("Not found."))
    return get_object(request.user, Proposal.objects.select_related("congress__union", "proposer__member"), pk=pk)


@router.post("/proposals/{int:wc_proposal_id}/screen", response=ProposalOut)
def screen(request, wc_proposal_id: int, body: ScreenIn):
    """立案 (`file`: true) or 不立案 with a written `reason` for the proposer."""
    p = _staff_proposal(request, wc_proposal_id)
    return services.screen_proposal(p, acting_user=request.user, file=body.file, reason=body.reason)


@router.post("/proposals/{int:wc_proposal_id}/assign", response=ProposalOut)
def assign(request, wc_proposal_id: int, body: AssignIn):
    p = _staff_proposal(request, wc_proposal_id)
    return services.assign_proposal(p, acting_user=request.user, department=body.department)


@router.post("/proposals/{int:wc_proposal_id}/reply", response=ProposalOut)
def reply(request, wc_proposal_id: int, body: ReplyIn):
    """The department's reply; refused (422) unless the proposal is filed and assigned."""
    p = _staff_proposal(request, wc_proposal_id)
    return services.reply_proposal(p, acting_user=request.user, reply=body.reply, signed_by=body.signed_by)


@router.post("/proposals/{int:wc_proposal_id}/recommend", response=ProposalOut)
def recommend(request, wc_proposal_id: int, body: RecommendIn):
    p = _staff_proposal(request, wc_proposal_id)
    return services.recommend_proposal(p, acting_user=request.user, note=body.note)


@router.post("/proposals/{int:wc_proposal_id}/evaluate", response=ProposalOut)
def evaluate(request, wc_proposal_id: int, body: EvaluateIn):
    """The proposer's satisfaction with the reply."""
    p = _proposal(request, wc_proposal_id)
    return services.evaluate_proposal(p, acting_user=request.user, satisfaction=body.satisfaction, note=body.note)


# --- 厂务公开 ------------------------------------------------------------------------------------

class DisclosureOut(Schema):
    id: int
    employer_id: int
    employer_name: str
    item: str
    item_name: str
    period: str
    due_on: date
    published_on: date | None
    channel: str
    content: str
    status: str

    @staticmethod
    def resolve_employer_name(obj):
        return obj.employer.name


class PublishIn(Schema):
    published_on: date
    content: str
    channel: str = ""


@router.get("/disclosures", response=list[DisclosureOut])
@paginate(Page)
def list_disclosures(request):
    """Staff: disclosure items in their subtree (filters `q`, `status`, `period`, `employer`,
    `under`). A member: their employer's items."""
    member = _member(request)
    if member is not None:
        return queries.my_disclosures(member).select_related("employer")
    require(request.user, "wcongress.view_disclosure")
    return _filtered(DisclosureFilterSet, request, Disclosure.objects.restrict(request.user)
                     .select_related("employer"))


@router.post("/disclosures/{int:wc_disclosure_id}/publish", response=DisclosureOut)
def publish(request, wc_disclosure_id: int, body: PublishIn):
    d = get_object(request.user, Disclosure.objects.select_related("employer", "union"), pk=wc_disclosure_id)
    return services.publish_disclosure(d, acting_user=request.user, **body.dict())
