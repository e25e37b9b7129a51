"""Congress API: the same services, filters and scoping as the pages.

Staff list and read congresses in their subtree, set one up, record and replace delegates,
open sessions, check delegates in (member card code or delegate id) and record votes. Refused
input answers 422 with the Chinese message naming the rule, and nothing is recorded. A
member's account reads its own seats (/congresses/mine)."""

import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.members.models import Member
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Union

from . import queries, services
from .filtersets import CongressFilterSet, DelegateFilterSet
from .models import Congress, Delegate, Motion, Session

router = Router(tags=["congresses"])


class UnitOut(Schema):
    id: int
    union_id: int
    union_name: str
    direct: bool
    members: int
    quota: str
    seats: int

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name

    @staticmethod
    def resolve_quota(obj):
        return str(obj.quota)


class CheckOut(Schema):
    label: str
    figure: str
    ok: bool
    rule: dict


class CongressOut(Schema):
    id: int
    union_id: int
    kind: str
    title: str
    opens_on: datetime.date
    members: int
    women_members: int
    seats: int
    state: str


class CongressDetailOut(CongressOut):
    units: list[UnitOut]
    checks: list[CheckOut]

    @staticmethod
    def resolve_units(obj):
        return list(obj.units.select_related("union"))

    @staticmethod
    def resolve_checks(obj):
        return [{"label": str(c.label), "figure": c.figure, "ok": c.ok, "rule": c.ruling.as_dict()}
                for c in services.composition(obj)]


class CongressIn(Schema):
    union_id: int
    kind: str
    title: str
    opens_on: datetime.date
    seats: int | None = None


class DelegateOut(Schema):
    id: int
    congress_id: int
    unit_id: int
    member_id: int
    member_name: str
    front_line: bool
    manager: bool
    elected_on: datetime.date
    ended_on: datetime.date | None
    end_reason: str
    replaces_id: int | None

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.name


class DelegateIn(Schema):
    unit_id: int
    member_id: int
    front_line: bool = False
    manager: bool = False
    elected_on: datetime.date | None = None


class ReplaceIn(Schema):
    member_id: int
    reason: str
    on: datetime.date | None = None
    front_line: bool = False
    manager: bool = False


class SessionIn(Schema):
    title: str
    starts_at: datetime.datetime
    place: str
    agenda: list[str] = []


class MotionOut(Schema):
    id: int
    title: str
    state: str
    seats: int | None
    present: int | None
    votes_for: int | None
    votes_against: int | None
    abstentions: int | None
    rule_text: str


class QuorumOut(Schema):
    seats: int
    present: int
    needed: int
    met: bool
    rule: str


class SessionOut(Schema):
    id: int
    congress_id: int
    title: str
    starts_at: datetime.datetime
    place: str
    state: str
    agenda: list[str]
    quorum: QuorumOut
    motions: list[MotionOut]

    @staticmethod
    def resolve_agenda(obj):
        return [a.title for a in obj.agenda.all()]

    @staticmethod
    def resolve_quorum(obj):
        q = services.quorum(obj)
        return {"seats": q.seats, "present": q.present, "needed": q.needed, "met": q.met, "rule": q.rule_text}

    @staticmethod
    def resolve_motions(obj):
        return list(obj.motions.all())


class CheckinIn(Schema):
    code: str | None = None
    delegate_id: int | None = None


class CheckinOut(Schema):
    delegate_id: int
    member_name: str
    via: str
    present: int
    quorum_met: bool


class MotionIn(Schema):
    title: str
    text: str = ""


class VoteIn(Schema):
    votes_for: int
    votes_against: int
    abstentions: int


class SeatOut(Schema):
    congress_id: int
    congress_title: str
    unit_name: str
    elected_on: datetime.date
    sessions: list[dict]


@router.get("/congresses", response=list[CongressOut])
@paginate(Page)
def list_congresses(request):
    """Congresses in the caller's subtree (filters `q`, `kind`, `state`, `year`, `under`)."""
    require(request.user, "congress.view_congress")
    return _filtered(CongressFilterSet, request, Congress.objects.restrict(request.user))


@router.post("/congresses", response={201: CongressDetailOut})
def create_congress(request, body: CongressIn):
    data = body.dict()
    union = get_object(request.user, Union, pk=data.pop("union_id"))
    return Status(201, services.create_congress(acting_user=request.user, union=union, **data))


@router.get("/congresses/mine", response=list[SeatOut])
def my_seats(request):
    """A member's own seats, with each congress's sessions and agenda."""
    member = Member.objects.of_user(request.user)
    if member is None:
        raise Http404(_("Not found."))
    return [{"congress_id": s.congress_id, "congress_title": s.congress.title, "unit_name": s.unit.union.name,
             "elected_on": s.elected_on,
             "sessions": [{"title": x.title, "starts_at": x.starts_at.isoformat(), "place": x.place,
                           "agenda": [a.title for a in x.agenda.all()]}
                          for x in s.congress.sessions.prefetch_related("agenda")]}
            for s in queries.member_seats(member)]


def _congress(request, pk):
    return get_object(request.user, Congress.objects.select_related("union"), pk=pk)


@router.get("/congresses/{int:cg_congress_id}", response=CongressDetailOut)
def get_congress(request, cg_congress_id: int):
    """A congress with its electing units (members, exact quota, seats) and composition checks,
    each with the rule and source it used."""
    return _congress(request, cg_congress_id)


@router.get("/congresses/{int:cg_congress_id}/delegates", response=list[DelegateOut])
@paginate(Page)
def list_delegates(request, cg_congress_id: int):
    """The congress's delegates, past seats included (filters `seat`, `q`, `unit`, …)."""
    congress = _congress(request, cg_congress_id)
    qs = Delegate.objects.restrict(request.user).filter(congress=congress).select_related("member")
    return _filtered(DelegateFilterSet, request, qs)


@router.post("/congresses/{int:cg_congress_id}/delegates", response={201: DelegateOut})
def add_delegate(request, cg_congress_id: int, body: DelegateIn):
    """Record a delegate an electing unit elected; a member outside that unit is refused (422)."""
    congress = _congress(request, cg_congress_id)
    unit = congress.units.select_related("union").filter(pk=body.unit_id).first()
    member = Member.objects.restrict(request.user).filter(pk=body.member_id).first()
    if unit is None or member is None:
        raise Http404(_("Not found."))
    return Status(201, services.elect_delegate(unit, acting_user=request.user, member=member,
                                               front_line=body.front_line, manager=body.manager,
                                               elected_on=body.elected_on))


@router.post("/congresses/delegates/{int:cg_delegate_id}/replace", response={201: DelegateOut})
def replace_delegate(request, cg_delegate_id: int, body: ReplaceIn):
    """End a seat with its date and reason and give it to another member of the same unit."""
    delegate = get_object(request.user, Delegate.objects.select_related("congress__union", "unit__union"),
                          "change", pk=cg_delegate_id)
    member = Member.objects.restrict(request.user).filter(pk=body.member_id).first()
    if member is None:
        raise Http404(_("Not found."))
    return Status(201, services.replace_delegate(delegate, acting_user=request.user, member=member,
                                                 reason=body.reason, on=body.on, front_line=body.front_line,
                                                 manager=body.manager))


@router.post("/congresses/{int:cg_congress_id}/sessions", response={201: SessionOut})
def create_session(request, cg_congress_id: int, body: SessionIn):
    congress = _congress(request, cg_congress_id)
    return Status(201, services.create_session(congress, acting_user=request.user, **body.dict()))


def _session(request, pk, action="view"):
    return get_object(request.user, Session.objects.select_related("congress__union"), action, pk=pk)


@router.get("/congresses/sessions/{int:cg_session_id}", response=SessionOut)
def get_session(request, cg_session_id: int):
    """A session with its agenda, live attendance against the quorum and its motions."""
    return _session(request, cg_session_id)


@router.post("/congresses/sessions/{int:cg_session_id}/checkin", response={201: CheckinOut})
def checkin(request, cg_session_id: int, body: CheckinIn):
    """Check a delegate in by the member card's code, or by `delegate_id` (from the list). A
    non-delegate or a second check-in answers 422 and records nothing."""
    session = _session(request, cg_session_id)
    delegate = None
    if body.delegate_id is not None:
        delegate = Delegate.objects.filter(pk=body.delegate_id, congress=session.congress).select_related(
            "member").first()
        if delegate is None:
            raise Http404(_("Not found."))
    row = services.check_in(session, acting_user=request.user, code=body.code, delegate=delegate)
    q = services.quorum(session)
    return Status(201, {"delegate_id": row.delegate_id, "member_name": row.delegate.member.name, "via": row.via,
                        "present": q.present, "quorum_met": q.met})


@router.post("/congresses/sessions/{int:cg_session_id}/motions", response={201: MotionOut})
def add_motion(request, cg_session_id: int, body: MotionIn):
    session = _session(request, cg_session_id)
    return Status(201, services.add_motion(session, acting_user=request.user, title=body.title, text=body.text))


@router.post("/congresses/motions/{int:cg_motion_id}/vote", response=MotionOut)
def vote(request, cg_motion_id: int, body: VoteIn):
    """Record a motion's tally. Below the quorum: 422 naming the rule, nothing recorded."""
    motion = get_object(request.user, Motion.objects.select_related("session__congress__union"), "change",
                        pk=cg_motion_id)
    return services.record_vote(motion, acting_user=request.user, **body.dict())
