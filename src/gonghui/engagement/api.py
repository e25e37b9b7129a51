"""Monthly quiz and reading check-in API.

Members: the quizzes open to them, start a try (the server fixes its deadline), submit the
answers (a score, or a refusal after time), their check-ins with their streak. Staff: set a
quiz from the bank, read leaderboards and rankings of their subtree."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Union

from . import queries, services
from .filtersets import PlanFilterSet, QuestionFilterSet, QuizFilterSet
from .models import Attempt, Book, Question, Quiz, ReadingPlan

router = Router(tags=["engagement"])


def _member_or_none(request):
    return services.member_of(request.user) if request.user.kind == request.user.Kind.MEMBER else None


def _quiz_for(request, quiz_id):
    """A quiz the caller may reach: members those open to their union's branch of the tree,
    staff those in scope. Anything else is not found."""
    member = _member_or_none(request)
    if member is not None:
        quiz = queries.open_quizzes(member).filter(pk=quiz_id).first() or Quiz.objects.filter(
            pk=quiz_id, attempts__member=member).first()
        if quiz is None:
            raise Http404(_("Not found."))
        return quiz
    return get_object(request.user, Quiz.objects.select_related("union"), pk=quiz_id)


# --- quizzes -----------------------------------------------------------------------------------

class QuizOut(Schema):
    id: int
    title: str
    month: date
    union_id: int
    union_name: str
    questions: int
    time_limit_seconds: int
    tries_allowed: int
    opens_at: datetime
    closes_at: datetime


class MyQuizOut(QuizOut):
    tries_left: int | None = None
    best_score: int | None = None
    best_seconds: float | None = None


def _mine(quiz, member):
    out = {"id": quiz.pk, "title": quiz.title, "month": quiz.month, "union_id": quiz.union_id,
           "union_name": quiz.union.name, "questions": quiz.lines.count(),
           "time_limit_seconds": quiz.time_limit_seconds, "tries_allowed": quiz.tries_allowed,
           "opens_at": quiz.opens_at, "closes_at": quiz.closes_at}
    if member is not None:
        best = queries.my_best(quiz, member)
        out |= {"tries_left": queries.tries_left(quiz, member), "best_score": best.score if best else None,
                "best_seconds": best.duration_seconds if best else None}
    return out


@router.get("/quizzes", response=list[MyQuizOut])
def list_quizzes(request):
    """A member: the quizzes open to them now, with tries left and best score. Staff: the
    quizzes of their subtree (and those set above it); filters `q`, `month`, `under`."""
    member = _member_or_none(request)
    if member is not None:
        return [_mine(q, member) for q in queries.open_quizzes(member)]
    require(request.user, "engagement.view_quiz")
    qs = _filtered(QuizFilterSet, request, Quiz.objects.restrict(request.user).select_related("union"))
    return [_mine(q, None) for q in qs[:200]]


@router.get("/quizzes/{int:quiz_id}", response=MyQuizOut)
def get_quiz(request, quiz_id: int):
    quiz = _quiz_for(request, quiz_id)
    return _mine(quiz, _member_or_none(request))


class QuizIn(Schema):
    union_id: int
    month: date
    title: str = ""
    time_limit_seconds: int = 300
    tries_allowed: int = 3
    question_ids: list[int] = []
    topics: list[str] = []
    count: int = 10


@router.post("/quizzes", response={201: QuizOut})
def create_quiz(request, body: QuizIn):
    """Set a union's monthly quiz from the bank: chosen `question_ids`, or `count` drawn from
    the bank (of `topics`, if given)."""
    union = get_object(request.user, Union, pk=body.union_id)
    data = body.dict()
    data.pop("union_id")
    return Status(201, _mine(services.create_quiz(acting_user=request.user, union=union, **data), None))


class QuestionOut(Schema):
    id: int
    position: int
    topic: str
    kind: str
    text: str
    options: list[str]


class AttemptOut(Schema):
    id: int
    quiz_id: int
    try_no: int
    started_at: datetime
    deadline: datetime
    seconds_left: int
    submitted_at: datetime | None
    score: int | None
    correct: int
    total: int
    duration_seconds: float | None
    questions: list[QuestionOut]

    @staticmethod
    def resolve_seconds_left(obj):
        from django.utils import timezone

        return max(0, int((obj.deadline - timezone.now()).total_seconds())) if obj.submitted_at is None else 0

    @staticmethod
    def resolve_questions(obj):
        if obj.submitted_at is not None:
            return []
        return [{"id": q.pk, "position": i, "topic": q.topic.name, "kind": q.kind, "text": q.text,
                 "options": q.options} for i, q in enumerate(services.quiz_questions(obj.quiz), start=1)]


@router.post("/quizzes/{int:quiz_id}/attempts", response={201: AttemptOut})
def start_attempt(request, quiz_id: int):
    """Start a try (or get back the one still running): the questions without their answers,
    and the deadline the server will hold the answers to."""
    quiz = _quiz_for(request, quiz_id)
    return Status(201, services.start_attempt(acting_user=request.user, quiz=quiz))


class AnswersIn(Schema):
    answers: dict[str, list[int | str]]


class ResultLine(Schema):
    """`answer`, `right` and `explanation` are null until the answers are shown (`answers_shown`)."""

    question_id: int
    text: str
    given: list[int]
    answer: list[int] | None
    right: bool | None
    explanation: str | None


class ResultOut(Schema):
    id: int
    try_no: int
    score: int
    correct: int
    total: int
    duration_seconds: float
    best_score: int
    rank: int | None
    answers_shown: bool
    lines: list[ResultLine]


def _result(attempt):
    """A scored try; the right answers only once `services.answers_shown` (no try left, or the
    quiz over), as on the result page."""
    from . import rules

    best = queries.my_best(attempt.quiz, attempt.member)
    shown = services.answers_shown(attempt.quiz, attempt.member)
    lines = []
    for q in services.quiz_questions(attempt.quiz):
        given = attempt.answers.get(str(q.pk), [])
        lines.append({"question_id": q.pk, "text": q.text, "given": given, "answer": q.answer if shown else None,
                      "right": rules.is_right(q.kind, q.answer, given) if shown else None,
                      "explanation": q.explanation if shown else None})
    return {"id": attempt.pk, "try_no": attempt.try_no, "score": attempt.score, "correct": attempt.correct,
            "total": attempt.total, "duration_seconds": attempt.duration_seconds, "best_score": best.score,
            "rank": queries.rank_of(attempt.quiz, attempt.member), "answers_shown": shown, "lines": lines}


def _my_attempt(request, quiz_id, attempt_id):
    attempt = Attempt.objects.filter(pk=attempt_id, quiz_id=quiz_id, member__user=request.user).select_related(
        "quiz", "member").first()
    if attempt is None:
        raise Http404(_("Not found."))
    return attempt


@router.get("/quizzes/{int:quiz_id}/attempts/{int:attempt_id}", response=ResultOut)
def get_result(request, quiz_id: int, attempt_id: int):
    """One of the caller's handed-in tries, scored; the right answers once no try is left or the
    quiz is over. A try still running (or another member's) is not found."""
    attempt = _my_attempt(request, quiz_id, attempt_id)
    if attempt.submitted_at is None:
        raise Http404(_("Not found."))
    return _result(attempt)


@router.post("/quizzes/{int:quiz_id}/attempts/{int:attempt_id}/submit", response=ResultOut)
def submit_attempt(request, quiz_id: int, attempt_id: int, body: AnswersIn):
    """Hand in the answers as {question id: [option indices or letters]}. After the deadline
    (and a few seconds' grace) they are refused and not scored."""
    attempt = _my_attempt(request, quiz_id, attempt_id)
    done = services.submit_attempt(acting_user=request.user, attempt=attempt, answers=body.answers)
    return _result(done)


class BoardMember(Schema):
    rank: int
    member_name: str
    union_name: str
    score: int
    duration_seconds: float


class BoardUnion(Schema):
    union_id: int
    union_name: str
    members: int
    participants: int
    participation_rate: float
    average_score: float


class LeaderboardOut(Schema):
    quiz_id: int
    members: list[BoardMember]
    unions: list[BoardUnion]


def _masked(name):
    from gonghui.core.crypto import mask_name

    return mask_name(name)


@router.get("/quizzes/{int:quiz_id}/leaderboard", response=LeaderboardOut)
def leaderboard(request, quiz_id: int, under: int | None = None):
    """Best score per member (ties by the shorter time; names masked) and, for the unions one
    level below `under` (the organising union by default), the participation rate."""
    quiz = _quiz_for(request, quiz_id)
    below = get_object(request.user, Union, pk=under) if under and _member_or_none(request) is None else None
    members = [{"rank": i, "member_name": _masked(a.member.name), "union_name": a.union.name, "score": a.score,
                "duration_seconds": a.duration_seconds} for i, a in enumerate(queries.member_board(quiz), start=1)]
    unions = [{"union_id": r.union.pk, "union_name": r.union.name, "members": r.members,
               "participants": r.participants, "participation_rate": round(r.rate, 4),
               "average_score": r.average_score} for r in queries.quiz_union_board(quiz, below)]
    return {"quiz_id": quiz.pk, "members": members, "unions": unions}


class BankQuestionOut(Schema):
    id: int
    union_id: int
    topic: str
    kind: str
    text: str
    options: list[str]
    answer: list[int]
    explanation: str

    @staticmethod
    def resolve_topic(obj):
        return obj.topic.name


@router.get("/quizzes/questions", response=list[BankQuestionOut])
@paginate(Page)
def list_questions(request):
    """The question bank of the caller's subtree and of the unions above; filters `q`, `topic`, `kind`."""
    require(request.user, "engagement.view_question")
    return _filtered(QuestionFilterSet, request, Question.objects.restrict(request.user).select_related("topic"))


# --- reading check-in --------------------------------------------------------------------------

class BookOut(Schema):
    id: int
    title: str
    author: str


class PlanOut(Schema):
    id: int
    title: str
    description: str
    union_id: int
    union_name: str
    starts_on: date
    ends_on: date
    note_required: bool
    books: list[BookOut]

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name

    @staticmethod
    def resolve_books(obj):
        return list(obj.books.all())


@router.get("/checkins/plans", response=list[PlanOut])
def list_plans(request):
    """A member: the reading plans running now for them. Staff: plans of their subtree."""
    member = _member_or_none(request)
    if member is not None:
        return list(queries.open_plans(member))
    require(request.user, "engagement.view_readingplan")
    qs = _filtered(PlanFilterSet, request, ReadingPlan.objects.restrict(request.user).select_related("union"))
    return list(qs.prefetch_related("books")[:200])


class CheckInIn(Schema):
    plan_id: int
    note: str = ""
    book_id: int | None = None


class CheckInOut(Schema):
    id: int
    plan_id: int
    on: date
    note: str
    book: str | None
    streak: int

    @staticmethod
    def resolve_book(obj):
        return str(obj.book) if obj.book_id else None

    @staticmethod
    def resolve_streak(obj):
        return queries.streak_of(obj.member, obj.plan).current


def _plan_for_member(request, plan_id):
    member = _member_or_none(request)
    plan = queries.open_plans(member).filter(pk=plan_id).first() if member else None
    if plan is None:
        if member is None:
            raise ValidationError(_("Only members take part; this account has no member record."))
        found = ReadingPlan.objects.filter(pk=plan_id).first()
        if found is None or not member.union.path.startswith(found.union.path):
            raise Http404(_("Not found."))
        return found  # a plan of theirs that is not running: the service says so
    return plan


@router.post("/checkins", response={201: CheckInOut})
def check_in(request, body: CheckInIn):
    """Today's check-in on a reading plan, with a note: once a day, within the plan's dates."""
    plan = _plan_for_member(request, body.plan_id)
    book = Book.objects.filter(pk=body.book_id).first() if body.book_id else None
    if body.book_id and book is None:
        raise ValidationError({"book": _("This book is not on the plan's list.")})
    return Status(201, services.check_in(acting_user=request.user, plan=plan, note=body.note, book=book))


class MyCheckInsOut(Schema):
    current_streak: int
    longest_streak: int
    days: int
    checkins: list[CheckInOut]


@router.get("/checkins", response=MyCheckInsOut)
def my_checkins(request, plan_id: int | None = None):
    """My check-ins (of one plan if `plan_id`), newest first, with my streak."""
    member = services.member_of(request.user)
    if member is None:
        raise ValidationError(_("Only members take part; this account has no member record."))
    plan = ReadingPlan.objects.filter(pk=plan_id).first() if plan_id else None
    streak = queries.streak_of(member, plan)
    rows = list(queries.my_checkins(member, plan).select_related("member")[:200])
    return {"current_streak": streak.current, "longest_streak": streak.longest, "days": streak.days,
            "checkins": rows}


class RankingRow(Schema):
    union_id: int
    union_name: str
    members: int
    participants: int
    participation_rate: float
    checkins: int
    checkins_per_member: float


@router.get("/checkins/plans/{int:plan_id}/rankings", response=list[RankingRow])
def rankings(request, plan_id: int, under: int | None = None):
    """Unions one level below `under` (the plan's union by default): participation rate and
    check-ins per member."""
    member = _member_or_none(request)
    if member is not None:
        plan = _plan_for_member(request, plan_id)
        below = None
    else:
        plan = get_object(request.user, ReadingPlan.objects.select_related("union"), pk=plan_id)
        below = get_object(request.user, Union, pk=under) if under else None
    return [{"union_id": r.union.pk, "union_name": r.union.name, "members": r.members,
             "participants": r.participants, "participation_rate": round(r.rate, 4), "checkins": r.total,
             "checkins_per_member": r.per_member} for r in queries.plan_union_board(plan, below)]
