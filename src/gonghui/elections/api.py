"""The terms and elections API: terms with their re-election status, office-holders, elections
with seats, candidates, rounds, tellers' sheets and results. Same services and scoping as the
pages: a foreign id answers like a missing one, a refused change records nothing."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Union

from . import queries, services
from .filtersets import ElectionFilterSet, HolderFilterSet, TermFilterSet
from .models import Election, OfficeHolder, Round, Term

router = Router(tags=["elections"])


def _union(request, union_id):
    return get_object(request.user, Union.objects.select_related("region"), pk=union_id)


# --- terms ---------------------------------------------------------------------------------

class TermOut(Schema):
    id: int
    union_id: int
    union_name: str
    number: int
    elected_on: date
    years: int
    ends_on: date
    delay_requested_until: date | None
    delay_until: date | None
    closed_on: date | None
    due_on: date
    status: str
    chair: str | None

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name

    @staticmethod
    def resolve_chair(obj):
        holder = queries.chair_today(obj.union)
        return holder.name if holder else None


def _terms(request):
    return queries.with_status(Term.objects.select_related("union"))


@router.get("/terms", response=list[TermOut])
@paginate(Page)
def list_terms(request):
    """Terms in the caller's subtree with their re-election status (`due` within `months`,
    default the rulebook's union.reelection_notice_months; `overdue`; `delayed`; `done`;
    `current`); filters `status`, `months`, `q`, `under`."""
    require(request.user, "elections.view_term")
    return _filtered(TermFilterSet, request, Term.objects.select_related("union").restrict(request.user))


@router.get("/terms/{int:term_id}", response=TermOut)
def get_term(request, term_id: int):
    return get_object(request.user, _terms(request), pk=term_id)


class TermIn(Schema):
    union_id: int
    elected_on: date
    years: int | None = None


@router.post("/terms", response={201: TermOut})
def create_term(request, body: TermIn):
    """Record a term (the union's current one ends that day); 3 or 5 years per 工会法 art.16."""
    require(request.user, "elections.add_term")
    term = services.record_term(acting_user=request.user, union=_union(request, body.union_id),
                                elected_on=body.elected_on, years=body.years)
    return Status(201, get_object(request.user, _terms(request), pk=term.pk))


class DelayIn(Schema):
    until: date
    reason: str


@router.post("/terms/{int:term_id}/delay", response=TermOut)
def request_delay(request, term_id: int, body: DelayIn):
    term = get_object(request.user, Term.objects.select_related("union"), "change", pk=term_id)
    services.request_delay(acting_user=request.user, term=term, until=body.until, reason=body.reason)
    return get_object(request.user, _terms(request), pk=term_id)


class DecisionIn(Schema):
    approve: bool
    opinion: str = ""


@router.post("/terms/{int:term_id}/delay/decide", response=TermOut)
def decide_delay(request, term_id: int, body: DecisionIn):
    """The union above decides a requested delay (not the one who asked)."""
    term = get_object(request.user, Term.objects.select_related("union"), pk=term_id)
    services.decide_delay(acting_user=request.user, term=term, approve=body.approve, opinion=body.opinion)
    return get_object(request.user, _terms(request), pk=term_id)


class HolderOut(Schema):
    id: int
    union_id: int
    office: str
    name: str
    appointment: str
    from_on: date
    to_on: date | None
    end_reason: str
    election_id: int | None


@router.get("/office-holders", response=list[HolderOut])
@paginate(Page)
def list_holders(request):
    """Office-holders (dated rows, history kept); filters `office`, `appointment` (e.g.
    open_selection: the 公选直管 chairs), `current`, `q`, `under`."""
    require(request.user, "elections.view_officeholder")
    return _filtered(HolderFilterSet, request, OfficeHolder.objects.select_related("union").restrict(request.user))


class RecallIn(Schema):
    votes_for: int
    all_voters: int


@router.post("/office-holders/{int:holder_id}/recall", response=HolderOut)
def recall(request, holder_id: int, body: RecallIn):
    """罢免: more than half of ALL members or delegates (工会法 art.18)."""
    holder = get_object(request.user, OfficeHolder.objects.select_related("union"), "recall", pk=holder_id)
    return services.recall(acting_user=request.user, holder=holder, votes_for=body.votes_for,
                           all_voters=body.all_voters)


# --- elections -----------------------------------------------------------------------------

class CandidateOut(Schema):
    id: int
    name: str


class PostOut(Schema):
    id: int
    office: str
    seats: int
    method: str
    appointment: str
    candidates_needed: int
    candidates: list[CandidateOut]

    @staticmethod
    def resolve_candidates_needed(obj):
        return queries.candidates_needed(obj)[0]

    @staticmethod
    def resolve_candidates(obj):
        from .strokes import by_strokes

        return by_strokes(list(obj.candidates.all()))


class ElectionOut(Schema):
    id: int
    union_id: int
    title: str
    held_on: date
    meeting: str
    entitled: int
    entitled_source: str
    shortfall: str
    state: str
    term_id: int | None
    posts: list[PostOut]

    @staticmethod
    def resolve_posts(obj):
        return list(obj.posts.all())


def _elections():
    return Election.objects.select_related("union")


@router.get("/elections", response=list[ElectionOut])
@paginate(Page)
def list_elections(request):
    require(request.user, "elections.view_election")
    return _filtered(ElectionFilterSet, request, _elections().restrict(request.user))


@router.get("/elections/{int:election_id}", response=ElectionOut)
def get_election(request, election_id: int):
    return get_object(request.user, _elections(), pk=election_id)


class ElectionIn(Schema):
    union_id: int
    title: str
    held_on: date
    meeting: str
    delegates: int | None = None
    shortfall: str = "another_round"


@router.post("/elections", response={201: ElectionOut})
def create_election(request, body: ElectionIn):
    """Start an election; 应到会 is the union's members (meeting=members) or `delegates`."""
    require(request.user, "elections.add_election")
    e = services.create_election(acting_user=request.user, union=_union(request, body.union_id), title=body.title,
                                 held_on=body.held_on, meeting=body.meeting, delegates=body.delegates,
                                 shortfall=body.shortfall)
    return Status(201, e)


class PostIn(Schema):
    office: str
    seats: int
    method: str = "direct"
    appointment: str = "elected"


@router.post("/elections/{int:election_id}/seats", response={201: PostOut})
def add_seats(request, election_id: int, body: PostIn):
    e = get_object(request.user, _elections(), "change", pk=election_id)
    return Status(201, services.add_post(acting_user=request.user, election=e, office=body.office,
                                         seats=body.seats, method=body.method, appointment=body.appointment))


class CandidateIn(Schema):
    office: str
    name: str


@router.post("/elections/{int:election_id}/candidates", response={201: CandidateOut})
def add_candidate(request, election_id: int, body: CandidateIn):
    e = get_object(request.user, _elections(), "change", pk=election_id)
    post = e.posts.filter(office=body.office).first()
    if post is None:
        raise ValidationError({"office": _("Add the seats of this office first.")})
    return Status(201, services.add_candidate(acting_user=request.user, post=post, name=body.name))


@router.post("/elections/{int:election_id}/submit", response=ElectionOut)
def submit(request, election_id: int):
    """Send the candidates to the union above; refused, naming the rule, without enough 差额."""
    e = get_object(request.user, _elections(), "change", pk=election_id)
    return services.submit_candidates(acting_user=request.user, election=e)


@router.post("/elections/{int:election_id}/candidates/decide", response=ElectionOut)
def decide_candidates(request, election_id: int, body: DecisionIn):
    e = get_object(request.user, _elections(), pk=election_id)
    return services.decide_candidates(acting_user=request.user, election=e, approve=body.approve,
                                      opinion=body.opinion)


@router.post("/elections/{int:election_id}/report", response=ElectionOut)
def report(request, election_id: int):
    e = get_object(request.user, _elections(), "change", pk=election_id)
    return services.report_result(acting_user=request.user, election=e)


@router.post("/elections/{int:election_id}/result/decide", response=ElectionOut)
def decide_result(request, election_id: int, body: DecisionIn):
    """The union above's 批复: only an approved result changes the office-holders."""
    e = get_object(request.user, _elections(), pk=election_id)
    return services.decide_result(acting_user=request.user, election=e, approve=body.approve, opinion=body.opinion)


# --- rounds --------------------------------------------------------------------------------

class ResultCandidateOut(Schema):
    id: int
    name: str
    votes: int
    elected: bool
    outcome: str
    why: str


class ThresholdOut(Schema):
    votes: int
    share: str
    strict: bool
    text: str
    source: str


class RuleOut(Schema):
    name: str
    label: str
    value: str
    source: str


class ResultOut(Schema):
    kind: str
    seats: int
    entitled: int
    attendance: int
    issued: int
    returned: int
    valid: int
    invalid: int
    threshold: ThresholdOut | None
    candidates: list[ResultCandidateOut]
    unfilled: int
    runoff_seats: int
    rules: list[RuleOut]


class RoundOut(Schema):
    id: int
    post_id: int
    office: str
    number: int
    kind: str
    seats: int
    entitled: int
    attendance: int | None
    issued: int | None
    returned: int | None
    state: str
    ballot: list[CandidateOut]
    tellers: list[str]
    disagreements: list[str]
    result: ResultOut | None

    @staticmethod
    def resolve_office(obj):
        return obj.post.office

    @staticmethod
    def resolve_ballot(obj):
        return queries.ballot_candidates(obj)

    @staticmethod
    def resolve_tellers(obj):
        return [s.teller.get_username() for s in obj.sheets.select_related("teller")]

    @staticmethod
    def resolve_disagreements(obj):
        sheets = list(obj.sheets.select_related("teller"))
        return queries.sheet_disagreements(obj, sheets) if len(sheets) >= 2 and obj.state == "open" else []


def _rounds():
    return Round.objects.select_related("post__election__union")


@router.get("/elections/{int:election_id}/rounds", response=list[RoundOut])
def list_rounds(request, election_id: int):
    e = get_object(request.user, _elections(), pk=election_id)
    return list(_rounds().filter(post__election=e).order_by("post", "number"))


@router.get("/rounds/{int:round_id}", response=RoundOut)
def get_round(request, round_id: int):
    """A round: its ballot (姓氏笔画 order), turnout, the tellers so far, their disagreements, and
    once counted each candidate's votes, the threshold used, elected or not and why."""
    return get_object(request.user, _rounds(), pk=round_id)


class TurnoutIn(Schema):
    attendance: int
    issued: int
    returned: int


@router.post("/rounds/{int:round_id}/ballots", response=RoundOut)
def record_ballots(request, round_id: int, body: TurnoutIn):
    """Attendance and ballots issued and returned: refused (nothing recorded) below the quorum or
    with more returned than issued."""
    rnd = get_object(request.user, _rounds(), pk=round_id)  # the service checks the change right
    services.record_turnout(acting_user=request.user, rnd=rnd, attendance=body.attendance, issued=body.issued,
                            returned=body.returned)
    return get_object(request.user, _rounds(), pk=round_id)


class SheetIn(Schema):
    ballots: list[list[int]] | None = None
    invalid: int | None = None
    votes: dict[int, int] | None = None


@router.post("/rounds/{int:round_id}/tallies", response=RoundOut)
def enter_tallies(request, round_id: int, body: SheetIn):
    """The caller's count as a teller: `ballots` (each a list of candidate ids; [] is a blank,
    valid ballot), or per-box `votes` {candidate id: n} with `invalid`."""
    rnd = get_object(request.user, _rounds(), pk=round_id)  # the service checks the change right
    if body.ballots is not None:
        services.enter_sheet(acting_user=request.user, rnd=rnd, ballots=body.ballots)
    else:
        services.enter_sheet(acting_user=request.user, rnd=rnd,
                             tallies={"invalid": body.invalid or 0, "votes": body.votes or {}})
    return get_object(request.user, _rounds(), pk=round_id)


@router.post("/rounds/{int:round_id}/result", response=RoundOut)
def count(request, round_id: int):
    """Compare the two tellers' sheets and count: every disagreement is listed and nothing is
    counted until they agree."""
    rnd = get_object(request.user, _rounds(), pk=round_id)  # the service checks the change right
    services.count_round(acting_user=request.user, rnd=rnd)
    return get_object(request.user, _rounds(), pk=round_id)
