"""Pages of the monthly quiz and reading check-in: staff lists (question bank, quizzes,
results, books, reading plans, check-ins) with leaderboards and rankings, and the member's
H5 pages (this month's quiz with a countdown, reading check-in with the streak)."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.access import can, get_object, needs
from gonghui.core.crypto import mask_name
from gonghui.core.forms import form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.orgs.models import Union

from . import queries, rules, services
from .filtersets import (
    AttemptFilterSet,
    BookFilterSet,
    CheckInFilterSet,
    PlanFilterSet,
    QuestionFilterSet,
    QuizFilterSet,
)
from .forms import BookForm, ImportForm, PlanForm, QuestionForm, QuizForm
from .models import Attempt, Book, CheckIn, Question, Quiz, ReadingPlan
from .tables import AttemptTable, BookTable, CheckInTable, PlanTable, QuestionTable, QuizTable

FORM = "orgs/form.html"



def _under(request):
    """The union a board is broken down under (?under=id, among the unions the user sees)."""
    pk = request.GET.get("under")
    if pk and pk.isdigit():
        return Union.objects.restrict(request.user).filter(pk=pk).first()
    return None


# --- question bank -----------------------------------------------------------------------------

class QuestionList(ListPage):
    model = Question
    filterset_class = QuestionFilterSet
    table_class = QuestionTable
    title = gettext_lazy("Quiz question bank")
    add_url_name = "engagement:question_create"

    def get_queryset(self):
        return super().get_queryset().select_related("topic", "union")


@needs("engagement.add_question")
def question_create(request):
    form = QuestionForm(request.POST or None, user=request.user)

    def save(data):
        services.create_question(acting_user=request.user, **data)
        messages.success(request, _("Question added to the bank."))
        return redirect("engagement:questions")

    return form_page(request, form, _("New quiz question"), save, template=FORM)


@needs("engagement.add_question")
def question_import(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)

    def save(data):
        made = services.import_questions(acting_user=request.user, union=data["union"],
                                         rows=services.rows_from_xlsx(data["file"]))
        messages.success(request, _("%(n)d questions imported.") % {"n": len(made)})
        return redirect("engagement:questions")

    return form_page(request, form, _("Import quiz questions"), save, template=FORM)


# --- quizzes -----------------------------------------------------------------------------------

class QuizList(ListPage):
    model = Quiz
    filterset_class = QuizFilterSet
    table_class = QuizTable
    title = gettext_lazy("Monthly quizzes")
    add_url_name = "engagement:quiz_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs("engagement.add_quiz")
def quiz_create(request):
    form = QuizForm(request.POST or None, user=request.user)

    def save(data):
        quiz = services.create_quiz(acting_user=request.user, **data)
        messages.success(request, _("Quiz set: %(n)d questions.") % {"n": quiz.lines.count()})
        return redirect("engagement:quiz_detail", quiz.pk)

    return form_page(request, form, _("Set a monthly quiz from the bank"), save, template=FORM)


@login_required
def quiz_detail(request, pk):
    quiz = get_object(request.user, Quiz.objects.select_related("union", "created_by"), pk=pk)
    under = _under(request)
    members = queries.member_board(quiz, limit=20)
    for a in members:  # members outside the viewer's unions are named as on a 公示 list
        a.shown_name = a.member.name if can(request.user, "members.view_member", a.union) else mask_name(
            a.member.name)
    unions = queries.quiz_union_board(quiz, under)
    return render(request, "engagement/quiz_detail.html", {
        "title": str(quiz), "quiz": quiz, "questions": services.quiz_questions(quiz),
        "members": members, "unions": unions,
        "chart": _rate_chart(unions, f"{reverse('engagement:attempts')}?quiz={quiz.pk}"),
        "under": under or quiz.union, "attempts": Attempt.objects.filter(quiz=quiz).count(),
        "history": audit.history(quiz),
    })


class AttemptList(ListPage):
    model = Attempt
    filterset_class = AttemptFilterSet
    table_class = AttemptTable
    title = gettext_lazy("Quiz results")

    def get_queryset(self):
        return super().get_queryset().select_related("quiz", "member", "union")


# --- reading -----------------------------------------------------------------------------------

class BookList(ListPage):
    model = Book
    filterset_class = BookFilterSet
    table_class = BookTable
    title = gettext_lazy("Workers' library books")
    add_url_name = "engagement:book_create"
    focus_filter = None

    def get_queryset(self):
        return Book.objects.all()


@needs("engagement.add_book")
def book_create(request):
    form = BookForm(request.POST or None)

    def save(data):
        services.create_book(acting_user=request.user, **data)
        messages.success(request, _("Book added."))
        return redirect("engagement:books")

    return form_page(request, form, _("New book"), save, template=FORM)


class PlanList(ListPage):
    model = ReadingPlan
    filterset_class = PlanFilterSet
    table_class = PlanTable
    title = gettext_lazy("Reading plans")
    add_url_name = "engagement:plan_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs("engagement.add_readingplan")
def plan_create(request):
    form = PlanForm(request.POST or None, user=request.user)

    def save(data):
        plan = services.create_plan(acting_user=request.user, **data)
        messages.success(request, _("Reading plan saved."))
        return redirect("engagement:plan_detail", plan.pk)

    return form_page(request, form, _("New reading plan"), save, template=FORM)


@login_required
def plan_detail(request, pk):
    plan = get_object(request.user, ReadingPlan.objects.select_related("union", "created_by"), pk=pk)
    under = _under(request)
    unions = queries.plan_union_board(plan, under)
    return render(request, "engagement/plan_detail.html", {
        "title": str(plan), "plan": plan, "books": plan.books.all(),
        "unions": unions, "under": under or plan.union,
        "chart": _rate_chart(unions, f"{reverse('engagement:checkins')}?plan={plan.pk}"),
        "readers": queries.plan_member_board(plan), "checkins": CheckIn.objects.filter(plan=plan).count(),
        "history": audit.history(plan),
    })


class CheckInList(ListPage):
    model = CheckIn
    filterset_class = CheckInFilterSet
    table_class = CheckInTable
    title = gettext_lazy("Reading check-ins")

    def get_queryset(self):
        return super().get_queryset().select_related("plan", "member", "union", "book")


# --- the member's pages (H5) -------------------------------------------------------------------

def _rate_chart(rows, url):
    """A bar chart of participation rates (percent), each bar linking to the rows behind it."""
    return {"type": "bar", "items": [{"label": r.union.name, "value": r.percent, "url": f"{url}&under={r.union.pk}"}
                                     for r in rows]}


def _h5(request, template, title, **context):
    return render(request, f"engagement/{template}", {"title": title, **context})


@login_required
def my_quiz(request):
    """This month's quiz: start (or go on with) a try, my best, tries left, the top of the board."""
    member = services.member_of(request.user)
    if member is None:
        return _h5(request, "h5_quiz.html", _("Monthly quiz"), member=None)
    quiz = queries.current_quiz(member)
    context = {"member": member, "quiz": quiz}
    if quiz is not None:
        now = timezone.now()
        mine = list(queries.my_attempts(quiz, member))
        context |= {
            "best": queries.my_best(quiz, member), "rank": queries.rank_of(quiz, member),
            "tries_left": queries.tries_left(quiz, member), "attempts": mine,
            "running": next((a for a in mine if a.submitted_at is None and now <= a.deadline), None),
            "board": queries.member_board(quiz, limit=5), "questions": quiz.lines.count(),
        }
    return _h5(request, "h5_quiz.html", _("Monthly quiz"), **context)


@login_required
@require_POST
def quiz_start(request, pk):
    member = services.member_of(request.user)
    quiz = queries.open_quizzes(member).filter(pk=pk).first() if member else None
    if quiz is None:
        raise Http404(_("Not found."))
    try:
        attempt = services.start_attempt(acting_user=request.user, quiz=quiz)
    except ValidationError as e:
        show_error(request, e)
        return redirect("engagement:my_quiz")
    return redirect("engagement:quiz_take", attempt.pk)


def _my_attempt(request, pk):
    attempt = Attempt.objects.filter(pk=pk, member__user=request.user).select_related("quiz", "member").first()
    if attempt is None:
        raise Http404(_("Not found."))
    return attempt


@login_required
def quiz_take(request, pk):
    """The answer sheet with the countdown; the POST hands it in (the server checks the time)."""
    attempt = _my_attempt(request, pk)
    if attempt.submitted_at is not None:
        return redirect("engagement:quiz_result", attempt.pk)
    questions = services.quiz_questions(attempt.quiz)
    if request.method == "POST":
        given = {str(q.pk): request.POST.getlist(f"q{q.pk}") for q in questions}
        try:
            services.submit_attempt(acting_user=request.user, attempt=attempt, answers=given)
            return redirect("engagement:quiz_result", attempt.pk)
        except ValidationError as e:
            show_error(request, e)
            return redirect("engagement:my_quiz")
    left = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    return _h5(request, "h5_take.html", attempt.quiz.title, attempt=attempt, questions=questions, seconds_left=left)


@login_required
def quiz_result(request, pk):
    attempt = _my_attempt(request, pk)
    if attempt.submitted_at is None:
        return redirect("engagement:quiz_take", attempt.pk)
    lines = []
    for q in services.quiz_questions(attempt.quiz):
        given = attempt.answers.get(str(q.pk), [])
        lines.append({"q": q, "given": "".join(chr(65 + i) for i in given) or "—",
                      "right": rules.is_right(q.kind, q.answer, given)})
    best = queries.my_best(attempt.quiz, attempt.member)
    return _h5(request, "h5_result.html", _("My result"), attempt=attempt, lines=lines, best=best,
               shown=services.answers_shown(attempt.quiz, attempt.member),
               rank=queries.rank_of(attempt.quiz, attempt.member),
               tries_left=queries.tries_left(attempt.quiz, attempt.member))


@login_required
def quiz_board(request, pk):
    """The leaderboard for members: best score per member (names masked), unions by participation."""
    member = services.member_of(request.user)
    quiz = None
    if member is not None:
        quiz = queries.open_quizzes(member).filter(pk=pk).first() or Quiz.objects.filter(
            pk=pk, attempts__member=member).first()
    else:
        quiz = get_object(request.user, Quiz, pk=pk)
    if quiz is None:
        raise Http404(_("Not found."))
    return _h5(request, "h5_board.html", _("Leaderboard"), quiz=quiz, board=queries.member_board(quiz, limit=50),
               unions=queries.quiz_union_board(quiz), member=member)


@login_required
def my_reading(request):
    """Reading plans running for me: check in today with a note; my streak and last check-ins."""
    member = services.member_of(request.user)
    if member is None:
        return _h5(request, "h5_reading.html", _("Reading check-in"), member=None)
    today = timezone.localdate()
    plans = list(queries.open_plans(member, today))
    if request.method == "POST":
        plan = next((p for p in plans if str(p.pk) == request.POST.get("plan")), None)
        if plan is None:
            messages.error(request, _("This reading plan is not running for you."))
        else:
            book = plan.books.filter(pk=request.POST.get("book") or 0).first()
            try:
                services.check_in(acting_user=request.user, plan=plan, note=request.POST.get("note", ""), book=book)
                streak = queries.streak_of(member, plan, today)
                messages.success(request, _("Checked in. Reading streak: %(n)d days.") % {"n": streak.current})
            except ValidationError as e:
                show_error(request, e)
        return redirect("engagement:my_reading")
    rows = [{"plan": p, "streak": queries.streak_of(member, p, today), "done": queries.checked_in_today(member, p,
                                                                                                         today),
             "books": list(p.books.all())} for p in plans]
    return _h5(request, "h5_reading.html", _("Reading check-in"), member=member, rows=rows,
               recent=list(queries.my_checkins(member)[:10]), today=today)


@login_required
def reading_board(request, pk):
    member = services.member_of(request.user)
    if member is not None:
        plan = ReadingPlan.objects.filter(pk=pk).select_related("union").first()
        if plan is None or not member.union.path.startswith(plan.union.path):
            raise Http404(_("Not found."))
    else:
        plan = get_object(request.user, ReadingPlan.objects.select_related("union"), pk=pk)
    return _h5(request, "h5_reading_board.html", _("Reading rankings"), plan=plan,
               unions=queries.plan_union_board(plan), readers=queries.plan_member_board(plan, limit=10))
