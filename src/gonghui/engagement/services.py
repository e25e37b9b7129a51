"""Every write of the monthly quiz and reading check-in: the permission check, the rules, the
audit record, one transaction. Members act for themselves only (the member record of the
signed-in account); staff act on the unions their grants cover."""

import random
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, dates
from gonghui.core.access import ancestor_paths, require
from gonghui.members.models import IN_GOOD_STANDING, Member

from . import rules
from .models import Attempt, Book, CheckIn, Question, Quiz, QuizQuestion, ReadingPlan, Topic

# The network between a phone and the server: an answer sent at the last second still counts.
GRACE_SECONDS = 5
MIN_LIMIT, MAX_LIMIT = 30, 7200
MAX_TRIES = 10
MAX_QUESTIONS = 50
NOTE_MAX = 500


# --- members -----------------------------------------------------------------------------------

def member_of(user):
    """The member record of a signed-in account, or None (staff accounts have none)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Member.objects.of_user(user)


def _acting_member(user, union):
    """The member acting, who must be in good standing in `union`'s subtree."""
    member = member_of(user)
    if member is None:
        raise ValidationError(_("Only members take part; this account has no member record."))
    if member.status not in IN_GOOD_STANDING:
        raise ValidationError(_("Only members in good standing take part."))
    if not member.union.path.startswith(union.path):
        raise ValidationError(_("This activity is for the members of %(union)s.") % {"union": union.name})
    return member


def month_start(value):
    return date(value.year, value.month, 1)


def month_end(value):
    nxt = date(value.year + (value.month == 12), value.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _aware(day, at=time.min):
    return timezone.make_aware(datetime.combine(day, at))


# --- question bank -----------------------------------------------------------------------------

def topic(name):
    """The topic of this name, created on first use (topics are data)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"topic": _("Give the question's topic.")})
    if len(name) > 40:
        raise ValidationError({"topic": _("A topic name has at most 40 characters.")})
    found, _created = Topic.objects.get_or_create(name=name, defaults={"sort": Topic.objects.count() + 1})
    return found


def _check_question(kind, text, options, answer, where=""):
    prefix = f"{where}: " if where else ""
    if kind not in Question.Kind.values:
        raise ValidationError({"kind": prefix + _("Choose single or multiple choice.")})
    if not (text or "").strip():
        raise ValidationError({"text": prefix + _("Write the question.")})
    options = [str(o).strip() for o in options or [] if str(o).strip()]
    if not 2 <= len(options) <= 8:
        raise ValidationError({"options": prefix + _("Give from 2 to 8 options.")})
    if len(set(options)) != len(options):
        raise ValidationError({"options": prefix + _("Two options are the same.")})
    answer = rules.normalise(answer)
    if not answer or any(i < 0 or i >= len(options) for i in answer):
        raise ValidationError({"answer": prefix + _("The answer must name one of the options (A, B, …).")})
    if kind == Question.Kind.SINGLE and len(answer) != 1:
        raise ValidationError({"answer": prefix + _("A single-choice question has exactly one right option.")})
    if kind == Question.Kind.MULTIPLE and len(answer) < 2:
        raise ValidationError({"answer": prefix + _("A multiple-choice question has at least two right options.")})
    return text.strip(), options, answer


@transaction.atomic
def create_question(*, acting_user, union, topic_name, kind, text, options, answer, explanation=""):
    require(acting_user, "engagement.add_question", union)
    text, options, answer = _check_question(kind, text, options, answer)
    q = Question.objects.create(union=union, topic=topic(topic_name), kind=kind, text=text, options=options,
                                answer=answer, explanation=(explanation or "").strip()[:500],
                                created_by=acting_user)
    audit.record("create", actor=acting_user, obj=q, changes=audit.diff({}, audit.snapshot(q)))
    return q


@transaction.atomic
def import_questions(*, acting_user, union, rows):
    """Questions from spreadsheet rows (topic, kind, question, options separated by |, answer
    letters, explanation). One bad row refuses the file, naming every bad row."""
    require(acting_user, "engagement.add_question", union)
    kinds = {"单选": "single", "单选题": "single", "single": "single", "多选": "multiple", "多选题": "multiple",
             "multiple": "multiple"}
    errors, made = [], []
    for n, row in enumerate(rows, start=2):
        cells = [str(c if c is not None else "").strip() for c in row] + [""] * 6
        topic_name, kind, text, options, answer, explanation = cells[:6]
        try:
            kind = kinds.get(kind, kind)
            checked = _check_question(kind, text, options.replace("｜", "|").split("|"),
                                      list(answer.replace(",", "").replace("，", "")), _("Row %(n)d") % {"n": n})
            if not topic_name:
                raise ValidationError(_("Row %(n)d: give the topic.") % {"n": n})
            made.append((topic_name, kind, *checked, explanation))
        except ValidationError as e:
            errors.extend(e.messages)
    if errors:
        raise ValidationError({"file": errors[:50]})
    if not made:
        raise ValidationError({"file": _("The file lists no questions.")})
    out = Question.objects.bulk_create([
        Question(union=union, topic=topic(t), kind=k, text=text, options=o, answer=a, explanation=x[:500],
                 created_by=acting_user) for t, k, text, o, a, x in made])
    audit.record("engagement_import_questions", actor=acting_user, obj=union, changes={"questions": [None, len(out)]})
    return out


def rows_from_xlsx(upload):
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(upload).get_sheet_by_index(0).to_python()
    except Exception:  # noqa: BLE001 - any unreadable file gets the same answer
        raise ValidationError({"file": _("This is not a readable xlsx file.")}) from None
    return [r for r in sheet[1:] if r and any(c not in ("", None) for c in r)]


def bank_for(user, union):
    """Active questions the organising union may use: its own bank and those of the unions above."""
    paths = [*ancestor_paths(union.path), union.path]
    return Question.objects.restrict(user).filter(active=True, union__path__in=paths)


# --- quizzes -----------------------------------------------------------------------------------

def _check_quiz(time_limit_seconds, tries_allowed):
    if not MIN_LIMIT <= time_limit_seconds <= MAX_LIMIT:
        raise ValidationError({"time_limit_seconds": _("The time limit must be from %(lo)d to %(hi)d seconds.")
                               % {"lo": MIN_LIMIT, "hi": MAX_LIMIT}})
    if not 1 <= tries_allowed <= MAX_TRIES:
        raise ValidationError({"tries_allowed": _("Tries allowed must be from 1 to %(n)d.") % {"n": MAX_TRIES}})


@transaction.atomic
def create_quiz(*, acting_user, union, month, title="", time_limit_seconds=300, tries_allowed=3, question_ids=(),
                topics=(), count=10, opens_at=None, closes_at=None):
    """The month's quiz of `union`, from chosen questions of the bank, or `count` drawn from
    the bank (of the given topics, if any), spread over the topics. It runs for the whole month
    unless `opens_at`/`closes_at` say otherwise."""
    require(acting_user, "engagement.add_quiz", union)
    _check_quiz(time_limit_seconds, tries_allowed)
    month = month_start(month)
    if Quiz.objects.filter(union=union, month=month).exists():
        raise ValidationError({"month": _("%(union)s already has a quiz for %(month)s.") % {
            "union": union.name, "month": f"{month:%Y-%m}"}})
    bank = bank_for(acting_user, union)
    if question_ids:
        ids = list(dict.fromkeys(int(i) for i in question_ids))
        chosen = list(bank.filter(pk__in=ids))
        missing = set(ids) - {q.pk for q in chosen}
        if missing:
            raise ValidationError({"question_ids": _("No such question in the bank: %(ids)s.") % {
                "ids": ", ".join(str(i) for i in sorted(missing))}})
        chosen.sort(key=lambda q: ids.index(q.pk))
    else:
        if topics:
            bank = bank.filter(topic__name__in=list(topics))
        pool = list(bank.order_by("pk"))
        if count < 1 or len(pool) < count:
            raise ValidationError({"count": _("The bank has %(n)d questions to draw from; ask for no more.")
                                   % {"n": len(pool)}})
        rng = random.Random(f"{union.pk}-{month:%Y%m}")
        chosen = rng.sample(pool, count)
    if not 1 <= len(chosen) <= MAX_QUESTIONS:
        raise ValidationError({"question_ids": _("A quiz has from 1 to %(n)d questions.") % {"n": MAX_QUESTIONS}})
    opens_at = opens_at or _aware(month)
    closes_at = closes_at or _aware(month_end(month) + timedelta(days=1))
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The quiz must close after it opens.")})
    quiz = Quiz.objects.create(union=union, month=month, title=(title or "").strip() or _(
        "%(month)s monthly quiz") % {"month": f"{month:%Y年%m月}"}, time_limit_seconds=time_limit_seconds,
        tries_allowed=tries_allowed, opens_at=opens_at, closes_at=closes_at, created_by=acting_user)
    QuizQuestion.objects.bulk_create([QuizQuestion(quiz=quiz, question=q, position=i)
                                      for i, q in enumerate(chosen, start=1)])
    audit.record("create", actor=acting_user, obj=quiz, changes=audit.diff({}, audit.snapshot(quiz))
                 | {"questions": [None, [q.pk for q in chosen]]})
    return quiz


def quiz_questions(quiz):
    return [line.question for line in quiz.lines.select_related("question", "question__topic").order_by("position")]


@transaction.atomic
def start_attempt(*, acting_user, quiz, now=None):
    """Start a try (or give back the one still running). The deadline is set here, by the
    server's clock: the phone's countdown only shows it."""
    member = _acting_member(acting_user, quiz.union)
    now = now or timezone.now()
    if not quiz.is_open(now):
        raise ValidationError(_("This quiz is not open: it runs from %(start)s to %(end)s.") % {
            "start": dates.show(quiz.opens_at),
            "end": dates.show(quiz.closes_at)})
    mine = list(Attempt.objects.select_for_update().filter(quiz=quiz, member=member).order_by("try_no"))
    running = [a for a in mine if a.submitted_at is None and now <= a.deadline]
    if running:
        return running[-1]
    if len(mine) >= quiz.tries_allowed:
        raise ValidationError(_("You have used all %(n)d tries of this quiz.") % {"n": quiz.tries_allowed})
    total = quiz.lines.count()
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz, member=member, union=member.union, try_no=len(mine) + 1, started_at=now,
                deadline=now + timedelta(seconds=quiz.time_limit_seconds), total=total)
    except IntegrityError:  # the same try started a moment ago from another phone
        raise ValidationError(_("This try was just started on another device; open the quiz again.")) from None
    audit.record("engagement_start_attempt", actor=acting_user, obj=attempt, union=member.union,
                 changes={"try_no": [None, attempt.try_no], "deadline": [None, attempt.deadline]})
    return attempt


@transaction.atomic
def submit_attempt(*, acting_user, attempt, answers, now=None):
    """Score a try. An answer that arrives after the deadline (plus the grace) is refused and
    not scored; the try stays used."""
    now = now or timezone.now()
    attempt = Attempt.objects.select_for_update().select_related("quiz", "member").get(pk=attempt.pk)
    if attempt.member.user_id != acting_user.pk:
        raise ValidationError(_("This is not your quiz attempt."))
    if attempt.submitted_at is not None:
        raise ValidationError(_("This try was already submitted."))
    if now > attempt.deadline + timedelta(seconds=GRACE_SECONDS):
        raise ValidationError(_("Time is up: the answers arrived after the %(limit)d-second limit and were not "
                                "scored.") % {"limit": attempt.quiz.time_limit_seconds})
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("Send the answers as question: chosen options.")})
    questions = quiz_questions(attempt.quiz)
    result = rules.score([(q.pk, q.kind, q.answer) for q in questions], answers)
    known = {str(q.pk) for q in questions}
    attempt.answers = {str(k): rules.normalise(v) for k, v in answers.items() if str(k) in known}
    attempt.submitted_at = now
    attempt.correct, attempt.total, attempt.score = result.correct, result.total, result.points
    attempt.duration_ms = max(0, min(int((now - attempt.started_at).total_seconds() * 1000),
                                     attempt.quiz.time_limit_seconds * 1000))
    attempt.save(update_fields=["answers", "submitted_at", "correct", "total", "score", "duration_ms"])
    audit.record("engagement_submit_attempt", actor=acting_user, obj=attempt, union=attempt.union,
                 changes={"score": [None, attempt.score], "correct": [None, attempt.correct],
                          "duration_ms": [None, attempt.duration_ms]})
    return attempt


def answers_shown(quiz, member, now=None):
    """Whether the member may see the right answers and explanations of this quiz: once they have
    no try left and none still running, or once the quiz is over. Before that a result shows
    the score only, or the second try would be a copy of the answers (a score of 100 for
    anyone who looks). "Over" is the closing time plus one time limit and the grace, when no
    try started before closing can still be handed in."""
    now = now or timezone.now()
    if now > quiz.closes_at + timedelta(seconds=quiz.time_limit_seconds + GRACE_SECONDS):
        return True
    mine = Attempt.objects.filter(quiz=quiz, member=member)
    if mine.count() < quiz.tries_allowed:
        return False
    return not mine.filter(submitted_at__isnull=True, deadline__gte=now - timedelta(seconds=GRACE_SECONDS)).exists()


# --- reading -----------------------------------------------------------------------------------

@transaction.atomic
def create_book(*, acting_user, title, author="", category="", isbn=""):
    require(acting_user, "engagement.add_book")
    title = (title or "").strip().strip("《》")
    if not title:
        raise ValidationError({"title": _("Give the book's title.")})
    book = Book.objects.create(title=title[:120], author=(author or "").strip()[:80],
                               category=(category or "").strip()[:40], isbn=(isbn or "").strip()[:20])
    audit.record("create", actor=acting_user, obj=book, changes=audit.diff({}, audit.snapshot(book)))
    return book


@transaction.atomic
def create_plan(*, acting_user, union, title, starts_on, ends_on, books=(), description="", note_required=True):
    require(acting_user, "engagement.add_readingplan", union)
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the plan a title.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The plan cannot end before it starts.")})
    plan = ReadingPlan.objects.create(union=union, title=title.strip()[:100], description=(description or "")[:500],
                                      starts_on=starts_on, ends_on=ends_on, note_required=note_required,
                                      created_by=acting_user)
    plan.books.set(books)
    audit.record("create", actor=acting_user, obj=plan, changes=audit.diff({}, audit.snapshot(plan))
                 | {"books": [None, [str(b) for b in books]]})
    return plan


@transaction.atomic
def check_in(*, acting_user, plan, note="", book=None, today=None):
    """Today's check-in of the signed-in member on `plan`: once a day, within the plan's dates."""
    member = _acting_member(acting_user, plan.union)
    today = today or timezone.localdate()
    if not plan.runs_on(today):
        raise ValidationError(_("This reading plan runs from %(start)s to %(end)s; you cannot check in on "
                                "%(today)s.") % {"start": dates.show(plan.starts_on),
                                                 "end": dates.show(plan.ends_on), "today": dates.show(today)})
    note = (note or "").strip()
    if plan.note_required and not note:
        raise ValidationError({"note": _("Write a few words on what you read today: this plan asks for a note.")})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("The note has at most %(n)d characters.") % {"n": NOTE_MAX}})
    if book is not None and not plan.books.filter(pk=book.pk).exists():
        raise ValidationError({"book": _("This book is not on the plan's list.")})
    twice = _("You have already checked in today; come back tomorrow.")
    if CheckIn.objects.filter(plan=plan, member=member, on=today).exists():
        raise ValidationError(twice)
    try:
        with transaction.atomic():
            done = CheckIn.objects.create(plan=plan, member=member, union=member.union, on=today, book=book,
                                          note=note)
    except IntegrityError:  # checked in from another phone a moment ago
        raise ValidationError(twice) from None
    audit.record("engagement_check_in", actor=acting_user, obj=done, union=member.union,
                 changes={"on": [None, today], "book": [None, str(book) if book else ""]})
    return done
