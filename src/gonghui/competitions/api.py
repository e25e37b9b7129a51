"""Competitions and 五小 API: the same services, filters and scoping as the pages.

`/competitions` lists and reads competitions; `/competitions/{id}/registrations` registers and
lists entrants; `/competitions/rounds/{id}/scores` takes one judge's sheet (all lines or none);
`/competitions/rounds/{id}/ranking` reads the live or published ranking and, posted, publishes it;
`/competitions/scores/{id}/correction` corrects a published score with its reason;
`/competitions/{id}/rewards` confers the reward ladder. `/innovations` lists, submits and decides
五小 entries."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.members.models import Member
from gonghui.orgs.api import Page, _filtered

from . import services
from .filtersets import CompetitionFilterSet, InnovationFilterSet
from .models import Competition, Innovation, Registration, Round, Score

router = Router(tags=["competitions"])


class RoundOut(Schema):
    id: int
    number: int
    name: str
    is_final: bool
    published_at: datetime | None


class CompetitionOut(Schema):
    id: int
    name: str
    kind: str
    level: str
    trade: str
    year: int
    union_id: int
    scoring_rule: str
    theory_weight: int
    score_min: Decimal
    score_max: Decimal
    tie_rule: str
    state: str
    rounds: list[RoundOut]

    @staticmethod
    def resolve_rounds(obj):
        return list(obj.rounds.all())


@router.get("/competitions", response=list[CompetitionOut])
@paginate(Page)
def list_competitions(request):
    """Competitions run in the user's subtree or above it (filters `q`, `kind`, `level`, `state`, `year`)."""
    require(request.user, "competitions.view_competition")
    return _filtered(CompetitionFilterSet, request, Competition.objects.restrict(request.user).prefetch_related(
        "rounds"))


@router.get("/competitions/{int:cp_competition_id}", response=CompetitionOut)
def get_competition(request, cp_competition_id: int):
    return get_object(request.user, Competition.objects.all(), pk=cp_competition_id)


class RegistrationOut(Schema):
    id: int
    number: int
    entrant: str
    member_id: int | None
    union_id: int
    state: str

    @staticmethod
    def resolve_entrant(obj):
        return obj.entrant_name


class RegistrationIn(Schema):
    member_id: int


@router.get("/competitions/{int:cp_competition_id}/registrations", response=list[RegistrationOut])
@paginate(Page)
def list_registrations(request, cp_competition_id: int):
    """Entrants the user may see: all for the organiser, their own union's for a grassroots union."""
    c = get_object(request.user, Competition.objects.all(), pk=cp_competition_id)
    return Registration.objects.restrict(request.user).filter(competition=c).select_related("member")


@router.post("/competitions/{int:cp_competition_id}/registrations", response={201: RegistrationOut})
def create_registration(request, cp_competition_id: int, body: RegistrationIn):
    c = get_object(request.user, Competition.objects.select_related("union"), pk=cp_competition_id)
    m = get_object(request.user, Member.objects.select_related("union"), pk=body.member_id)
    return Status(201, services.register(c, acting_user=request.user, member=m))


class ScoreLine(Schema):
    registration_id: int
    part: str = "overall"
    value: str


class SheetIn(Schema):
    judge_id: int
    lines: list[ScoreLine]


class ScoreOut(Schema):
    id: int
    registration_id: int
    judge_id: int
    part: str
    value: Decimal


@router.post("/competitions/rounds/{int:cp_round_id}/scores", response={201: list[ScoreOut]})
def enter_scores(request, cp_round_id: int, body: SheetIn):
    """One judge's sheet: every line checked (range, own union, lock) before any is saved."""
    rnd = get_object(request.user, Round.objects.select_related("competition__union"), pk=cp_round_id)
    c = rnd.competition
    judge = c.judges.filter(pk=body.judge_id).first()
    if judge is None:
        raise ValidationError({"judge_id": _("This judge does not judge this competition.")})
    regs = {r.pk: r for r in c.registrations.all()}
    lines = []
    for line in body.lines:
        r = regs.get(line.registration_id)
        if r is None:
            message = _("Registration %(id)d is not an entrant of this competition.")
            raise ValidationError({"registration_id": message % {"id": line.registration_id}})
        lines.append((r, line.part, line.value))
    return Status(201, services.enter_scores(rnd, acting_user=request.user, judge=judge, lines=lines))


class PlaceOut(Schema):
    registration_id: int
    entrant: str
    total: Decimal
    theory: Decimal | None
    practice: Decimal | None
    place: int


class RankingOut(Schema):
    round_id: int
    published: bool
    lines: list[PlaceOut]


def _ranking(rnd):
    if rnd.published:
        lines = [PlaceOut(registration_id=p.registration_id, entrant=p.registration.entrant_name, total=p.total,
                          theory=p.theory, practice=p.practice, place=p.place)
                 for p in rnd.placings.select_related("registration__member")]
    else:
        lines = [PlaceOut(registration_id=r.key.pk, entrant=r.key.entrant_name, total=r.total, theory=r.theory,
                          practice=r.practice, place=r.place) for r in services.results(rnd, complete=False)]
    return RankingOut(round_id=rnd.pk, published=rnd.published, lines=lines)


@router.get("/competitions/rounds/{int:cp_round_id}/ranking", response=RankingOut)
def get_ranking(request, cp_round_id: int):
    """The published ranking, or (for the organiser, before publication) the ranking so far."""
    rnd = get_object(request.user, Round.objects.select_related("competition__union"), pk=cp_round_id)
    if not rnd.published:
        require(request.user, "competitions.view_score", rnd.competition.union, obj=rnd)
    return _ranking(rnd)


@router.post("/competitions/rounds/{int:cp_round_id}/ranking", response=RankingOut)
def publish_ranking(request, cp_round_id: int):
    """Publish: refused (422) while a score is missing; the round's scores are locked afterwards."""
    rnd = get_object(request.user, Round.objects.select_related("competition__union"), pk=cp_round_id)
    return _ranking(services.publish_ranking(rnd, acting_user=request.user))


class CorrectionIn(Schema):
    value: str
    reason: str = ""


@router.post("/competitions/scores/{int:cp_score_id}/correction", response=ScoreOut)
def correct_score(request, cp_score_id: int, body: CorrectionIn):
    s = get_object(request.user, Score.objects.select_related("round__competition__union", "judge",
                                                             "registration"), pk=cp_score_id)
    return services.correct_score(s, acting_user=request.user, value=body.value, reason=body.reason)


class AwardOut(Schema):
    id: int
    member_id: int
    place: int
    title: str
    honour_level: str
    grade_up: bool
    certificate_no: str
    honour_id: int | None


@router.post("/competitions/{int:cp_competition_id}/rewards", response={201: list[AwardOut]})
def confer_rewards(request, cp_competition_id: int):
    c = get_object(request.user, Competition.objects.select_related("union"), pk=cp_competition_id)
    return Status(201, services.confer_rewards(c, acting_user=request.user))


# --- 五小 ----------------------------------------------------------------------------------------------

class InnovationOut(Schema):
    id: int
    number: str
    union_id: int
    kind: str
    title: str
    author: str
    year: int
    state: str
    saving_claimed_fen: int | None
    saving_verified_fen: int | None
    award_grade: str

    @staticmethod
    def resolve_author(obj):
        return obj.author_name


class InnovationIn(Schema):
    union_id: int
    kind: str
    title: str
    description: str
    year: int
    member_id: int | None = None
    team_name: str = ""


class DecisionIn(Schema):
    adopt: bool
    note: str = ""


@router.get("/innovations", response=list[InnovationOut])
@paginate(Page)
def list_innovations(request):
    require(request.user, "competitions.view_innovation")
    return _filtered(InnovationFilterSet, request, Innovation.objects.restrict(request.user).select_related("member"))


@router.post("/innovations", response={201: InnovationOut})
def submit_innovation(request, body: InnovationIn):
    from gonghui.orgs.models import Union

    union = get_object(request.user, Union.objects.all(), pk=body.union_id)
    member = get_object(request.user, Member.objects.all(), pk=body.member_id) if body.member_id else None
    return Status(201, services.submit_innovation(
        acting_user=request.user, union=union, kind=body.kind, title=body.title, description=body.description,
        year=body.year, member=member, team_name=body.team_name))


@router.post("/innovations/{int:cp_innovation_id}/review", response=InnovationOut)
def review_innovation(request, cp_innovation_id: int, body: DecisionIn):
    """Adopt or not; the person who entered it cannot decide it (422)."""
    i = get_object(request.user, Innovation.objects.select_related("union"), pk=cp_innovation_id)
    return services.review_innovation(i, acting_user=request.user, adopt=body.adopt, note=body.note)


class SavingIn(Schema):
    amount_fen: int


class VerificationIn(Schema):
    amount_fen: int
    award_grade: str = ""
    award_fen: int | None = None


@router.post("/innovations/{int:cp_innovation_id}/saving", response=InnovationOut)
def claim_saving(request, cp_innovation_id: int, body: SavingIn):
    """The yearly saving claimed for an adopted entry (422 before adoption or when not above 0)."""
    i = get_object(request.user, Innovation.objects.select_related("union"), pk=cp_innovation_id)
    return services.claim_saving(i, acting_user=request.user, amount_fen=body.amount_fen)


@router.post("/innovations/{int:cp_innovation_id}/verification", response=InnovationOut)
def verify_saving(request, cp_innovation_id: int, body: VerificationIn):
    """A second person verifies the saving (at most the claim) and sets the award; the claimant
    cannot (422)."""
    i = get_object(request.user, Innovation.objects.select_related("union"), pk=cp_innovation_id)
    return services.verify_saving(i, acting_user=request.user, amount_fen=body.amount_fen,
                                  award_grade=body.award_grade, award_fen=body.award_fen)
