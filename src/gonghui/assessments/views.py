"""六有六规范 pages: the assessments list, one assessment with its items (self-assessment,
evidence, review, rectification tasks), the tasks list with overdue flags, the progress of a
subtree, showcases and their published list, and the members' survey (H5)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.access import can, get_object, has_perm_anywhere, needs, refuse, require
from gonghui.core.export import xlsx_response
from gonghui.core.forms import form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.core.navigation import current_scope_union
from gonghui.members.models import Member
from gonghui.orgs.models import Union

from . import queries, services
from .filtersets import AssessmentFilterSet, ShowcaseFilterSet, TaskFilterSet
from .forms import STARS, FinishForm, ShowcaseForm, StartForm
from .models import SURVEY_QUESTIONS, Assessment, AssessmentItem, Evidence, RectificationTask, Showcase
from .tables import AssessmentTable, ShowcaseTable, TaskTable

FORM = "orgs/form.html"



def _back(assessment, anchor=""):
    return redirect(reverse("assessments:detail", args=[assessment.pk]) + anchor)



# --- assessments ---------------------------------------------------------------------------------

class AssessmentList(ListPage):
    model = Assessment
    filterset_class = AssessmentFilterSet
    table_class = AssessmentTable
    title = gettext_lazy("六有六规范 assessments")
    add_url_name = "assessments:start"

    def get_queryset(self):
        return super().get_queryset().select_related("union").annotate(
            overdue_tasks=Count("tasks", filter=queries.overdue_q("tasks__")))


@needs("assessments.add_assessment")
def start(request):
    form = StartForm(request.POST or None, user=request.user, initial={"union": request.GET.get("union")})

    def save(data):
        a = services.start(acting_user=request.user, union=data["union"], year=data["year"])
        messages.success(request, _("Assessment started; score each item and add evidence."))
        return redirect("assessments:detail", a.pk)

    return form_page(request, form, _("Start a 六有六规范 assessment"), save, template=FORM)


@login_required
def detail(request, pk):
    a = get_object(request.user, Assessment.objects.select_related("union", "created_by", "reviewed_by"), pk=pk)
    items = list(a.items.select_related("criterion").prefetch_related("evidence").order_by("criterion__sort"))
    tasks = list(a.tasks.select_related("item__criterion").order_by("deadline", "pk"))
    survey = queries.survey_summary(a.union, a.year)
    for item in items:
        item.survey = survey if item.criterion.satisfaction else None
        item.suggested = queries.suggested_score(survey, item.criterion) if item.survey else None
    user = request.user
    draft = a.state == Assessment.State.DRAFT
    reviewer = services.may_review(user, a.union)
    return render(request, "assessments/detail.html", {
        "title": str(a), "a": a, "items": items, "tasks": tasks, "survey": survey,
        "max_total": sum(i.criterion.max_score for i in items),
        "can_edit": draft and can(user, "assessments.change_assessment", a.union),
        "can_attach": draft and can(user, "assessments.add_evidence", a.union),
        "can_review": reviewer and a.state == Assessment.State.SUBMITTED,
        "can_task": reviewer and a.state != Assessment.State.DRAFT,
        "can_verify": reviewer,
        "can_report": can(user, "assessments.change_rectificationtask", a.union),
        "finish_form": FinishForm() if reviewer and a.state == Assessment.State.SUBMITTED else None,
        "today": timezone.localdate(),
        "history": audit.history(a),
    })


def _item_of(request, pk, item_pk, action="view"):
    a = get_object(request.user, Assessment, action, pk=pk)
    item = AssessmentItem.objects.filter(assessment=a, pk=item_pk).first()
    if item is None:
        raise Http404(_("Not found."))
    return a, item


@login_required
@require_POST
def self_assess(request, pk, item_pk):
    a, item = _item_of(request, pk, item_pk, "change")
    try:
        services.self_assess(a, item, acting_user=request.user, score=request.POST.get("self_score"),
                             statement=request.POST.get("statement", ""))
        messages.success(request, _("Self score saved."))
    except ValidationError as e:
        show_error(request, e)
    return _back(a, f"#item-{item.pk}")


@login_required
@require_POST
def evidence_add(request, pk, item_pk):
    a, item = _item_of(request, pk, item_pk)
    try:
        services.add_evidence(a, item, acting_user=request.user, uploads=request.FILES.getlist("file"))
        messages.success(request, _("Evidence added."))
    except ValidationError as e:
        show_error(request, e)
    return _back(a, f"#item-{item.pk}")


@login_required
def evidence(request, pk, evidence_pk):
    a = get_object(request.user, Assessment, pk=pk)
    e = Evidence.objects.filter(item__assessment=a, pk=evidence_pk).first()
    if e is None:
        raise Http404(_("Not found."))
    return e.response()


@login_required
@require_POST
def submit(request, pk):
    a = get_object(request.user, Assessment, "change", pk=pk)
    try:
        services.submit(a, acting_user=request.user)
        messages.success(request, _("Submitted to the union above for review."))
    except ValidationError as e:
        show_error(request, e)
    return _back(a)


@login_required
@require_POST
def review_item(request, pk, item_pk):
    a, item = _item_of(request, pk, item_pk)
    try:
        services.review_item(a, item, acting_user=request.user, score=request.POST.get("reviewer_score"),
                             comment=request.POST.get("reviewer_comment", ""))
        messages.success(request, _("Review score saved."))
    except ValidationError as e:
        show_error(request, e)
    return _back(a, f"#item-{item.pk}")


@login_required
@require_POST
def task_add(request, pk):
    a = get_object(request.user, Assessment, pk=pk)
    if not services.may_review(request.user, a.union):
        refuse(request.user, a, services.REVIEW)
    item = AssessmentItem.objects.filter(assessment=a, pk=request.POST.get("item") or 0).first()
    try:
        if item is None:
            raise ValidationError({"item": _("Choose the item the task is about.")})
        try:
            deadline = date.fromisoformat(request.POST.get("deadline", ""))
        except ValueError:
            deadline = None
        services.add_task(a, item, acting_user=request.user, requirement=request.POST.get("requirement", ""),
                          deadline=deadline)
        messages.success(request, _("Rectification task set."))
    except ValidationError as e:
        show_error(request, e)
    return _back(a, "#tasks")


@login_required
@require_POST
def finish(request, pk):
    a = get_object(request.user, Assessment, pk=pk)
    form = FinishForm(request.POST)
    try:
        services.finish_review(a, acting_user=request.user, outcome=form.data.get("outcome", ""),
                               comment=form.data.get("comment", ""))
        messages.success(request, _("Review closed."))
    except ValidationError as e:
        show_error(request, e)
    return _back(a)


@login_required
@require_POST
def task_done(request, pk):
    task = get_object(request.user, RectificationTask, "change", pk=pk)
    try:
        services.report_task_done(task, acting_user=request.user, note=request.POST.get("note", ""))
        messages.success(request, _("Reported done; the union above verifies it."))
    except ValidationError as e:
        show_error(request, e)
    return _back(task.assessment, "#tasks")


@login_required
@require_POST
def task_verify(request, pk):
    task = get_object(request.user, RectificationTask, pk=pk)
    try:
        services.verify_task(task, acting_user=request.user, accept=request.POST.get("accept") == "1")
        messages.success(request, _("Task verified.") if request.POST.get("accept") == "1"
                         else _("Task sent back."))
    except ValidationError as e:
        show_error(request, e)
    return _back(task.assessment, "#tasks")


class TaskList(ListPage):
    model = RectificationTask
    filterset_class = TaskFilterSet
    table_class = TaskTable
    title = gettext_lazy("Rectification tasks")

    def get_queryset(self):
        return super().get_queryset().select_related("assessment__union", "item__criterion")


# --- progress ------------------------------------------------------------------------------------

def _progress_under(request):
    """The union whose subtree the page counts: ?under=, else the focus, else the user's top union."""
    pk = request.GET.get("under")
    union = Union.objects.restrict(request.user).filter(pk=pk).first() if str(pk or "").isdigit() else None
    union = union or current_scope_union(request)
    if union is None:
        union = Union.objects.restrict(request.user).order_by("depth", "path").first()
    return union


PROGRESS_COLUMNS = (
    ("unions", gettext_lazy("Unions to assess")),
    ("not_started", gettext_lazy("Not started")),
    ("in_progress", gettext_lazy("In progress")),
    ("assessed", gettext_lazy("Assessed")),
    ("passed", gettext_lazy("Passed")),
    ("rectification", gettext_lazy("In rectification")),
    ("failed", gettext_lazy("Failed")),
    ("overdue_tasks", gettext_lazy("Overdue tasks")),
)


def _figure_url(key, union, year):
    if key == "not_started":
        return reverse("assessments:not_started") + "?" + urlencode({"under": union.pk, "year": year})
    if key == "overdue_tasks":
        return reverse("assessments:tasks") + "?" + urlencode({"under": union.pk, "year": year, "overdue": "true"})
    if key == "unions":
        return reverse("assessments:not_started") + "?" + urlencode({"under": union.pk, "year": year, "all": 1})
    query = {"under": union.pk, "year": year}
    query |= {"state": "reviewed"} if key == "assessed" else {"status": key}
    return reverse("assessments:list") + "?" + urlencode(query)


@login_required
def progress(request):
    """Per subtree: unions to assess, not started, in progress, assessed, passed, in rectification,
    failed, overdue tasks; each figure links to its rows; one row per union directly below."""
    require(request.user, "assessments.view_assessment")
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    under = _progress_under(request)
    if under is None:
        raise Http404(_("Not found."))
    units = [under, *Union.objects.restrict(request.user).filter(path__startswith=under.path,
                                                                 depth=under.depth + 1).order_by("path")]
    rows = []
    for union in units:
        figures = queries.progress(request.user, year, union)
        rows.append({"union": union, "cells": [(figures[k], _figure_url(k, union, year)) for k, _l in
                                               PROGRESS_COLUMNS]})
    if request.GET.get("export") == "xlsx":
        return xlsx_response(user=request.user, title=_("Assessment progress %(year)d") % {"year": year},
                             headers=[_("Union"), *[str(label) for _k, label in PROGRESS_COLUMNS]],
                             rows=([r["union"].name, *[c[0] for c in r["cells"]]] for r in rows),
                             filters={"under": under.pk, "year": year})
    return render(request, "assessments/progress.html", {
        "title": _("Assessment progress"), "year": year, "under": under, "rows": rows,
        "columns": [label for _k, label in PROGRESS_COLUMNS],
        "export_query": urlencode({"under": under.pk, "year": year, "export": "xlsx"}),
    })


@login_required
def not_started(request):
    require(request.user, "assessments.view_assessment")
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    under = _progress_under(request)
    every = request.GET.get("all") == "1"
    unions = (queries.assessed_unions(request.user, under) if every
              else queries.not_started(request.user, year, under)).order_by("path")
    title = _("Unions to assess in %(year)d") if every else _("Unions not yet assessed in %(year)d")
    return render(request, "assessments/not_started.html", {
        "title": title % {"year": year}, "year": year, "under": under, "every": every,
        "unions": unions[:500], "count": unions.count(),
        "can_start": has_perm_anywhere(request.user, "assessments.add_assessment"),
    })


# --- showcases -----------------------------------------------------------------------------------

class ShowcaseList(ListPage):
    model = Showcase
    filterset_class = ShowcaseFilterSet
    table_class = ShowcaseTable
    title = gettext_lazy("Showcase unions")
    add_url_name = "assessments:showcase_create"
    template_name = "assessments/showcase_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs(services.SHOWCASE)
def showcase_create(request):
    form = ShowcaseForm(request.POST or None, user=request.user)

    def save(data):
        services.designate_showcase(acting_user=request.user, **data)
        messages.success(request, _("Showcase designated; publish the list when it is complete."))
        return redirect("assessments:showcases")

    return form_page(request, form, _("Designate a showcase union"), save, template=FORM)


@needs(services.SHOWCASE)
@require_POST
def showcase_publish(request):
    try:
        year = int(request.POST.get("year") or timezone.localdate().year)
        n = services.publish_showcases(acting_user=request.user, year=year)
        messages.success(request, _("%(n)d showcases published.") % {"n": n})
    except (ValidationError, ValueError) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    return redirect("assessments:showcases")


@login_required
def published(request):
    """The published showcase list: every signed-in user reads it (it is public news)."""
    rows = (Showcase.objects.filter(published_at__isnull=False).select_related("union")
            .order_by("-year", "-level", "union__name"))
    years = {}
    for s in rows:
        years.setdefault(s.year, {}).setdefault(s.get_level_display(), []).append(s)
    return render(request, "assessments/published.html", {"title": _("六有六规范 showcase unions"),
                                                          "years": years})


# --- the members' survey (H5) --------------------------------------------------------------------

@login_required
def survey(request):
    member = Member.objects.of_user(request.user)
    year = timezone.localdate().year
    done = None
    if member is not None:
        from .models import SurveyResponse

        done = SurveyResponse.objects.filter(member=member, year=year).first()
        if request.method == "POST" and done is None:
            try:
                services.answer_survey(member=member, year=year, comment=request.POST.get("comment", ""),
                                       answers=[request.POST.get(f"q{i}") for i in range(1, 6)])
                messages.success(request, _("Thank you; your answers were recorded."))
                return redirect("assessments:survey")
            except ValidationError as e:
                show_error(request, e)
    return render(request, "assessments/survey.html", {
        "title": _("Member satisfaction survey"), "member": member, "year": year, "done": done,
        "questions": [(f"q{i}", q) for i, q in enumerate(SURVEY_QUESTIONS, start=1)], "stars": STARS,
        "posted": request.POST if request.method == "POST" else {},
    })
