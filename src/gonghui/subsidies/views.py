"""Pages: construction plans with their progress, subsidy programmes, award subsidy
applications with their inspection, review and payment, and the totals report."""

import json

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
from django_tables2 import RequestConfig

from gonghui.core import audit
from gonghui.core.access import can, get_object, needs, require, subtree_q
from gonghui.core.forms import form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.core.navigation import current_scope_union
from gonghui.orgs.models import Union
from gonghui.positions.models import Position

from . import queries, services
from .filtersets import PlanFilterSet, ProgrammeFilterSet, SubsidyFilterSet
from .forms import BudgetForm, InspectForm, PayForm, PlanForm, ProgrammeForm, SubsidyForm
from .models import AwardSubsidy, PositionPlan, SubsidyAttachment, SubsidyProgramme
from .tables import PlanTable, PositionTable, ProgrammeTable, SubsidyTable

FORM = "orgs/form.html"



def _step(request, subsidy, call, done):
    try:
        call()
        messages.success(request, done)
    except ValidationError as e:
        show_error(request, e)
    return redirect("subsidies:detail", subsidy.pk)


# --- construction plans --------------------------------------------------------------------------

class PlanList(ListPage):
    model = PositionPlan
    filterset_class = PlanFilterSet
    table_class = PlanTable
    title = gettext_lazy("Construction plans")
    add_url_name = "subsidies:plan_create"

    def get_queryset(self):
        return queries.with_progress(super().get_queryset().select_related("union", "kind"))


@login_required
def plan_detail(request, pk):
    plan = get_object(request.user, PositionPlan.objects.select_related("union", "kind", "created_by"), pk=pk)
    progress = queries.plan_progress(plan)
    base = reverse("subsidies:plan_positions", args=[plan.pk])
    years = [{"year": y, "built": n, "running": r, "url": f"{base}?year={y}"} for y, n, r in progress.by_year]
    chart = {"type": "bar", "items": [{"label": str(y["year"]), "value": y["built"], "url": y["url"]} for y in years]}
    return render(request, "subsidies/plan_detail.html", {
        "title": str(plan), "plan": plan, "progress": progress, "years": years, "positions_url": base,
        "chart": json.dumps(chart, ensure_ascii=False),
        "can_delete": can(request.user, "subsidies.delete_positionplan", plan.union),
        "history": audit.history(plan),
    })


@login_required
def plan_positions(request, pk):
    """The positions a plan's progress counts (its figures link here), optionally one year's."""
    plan = get_object(request.user, PositionPlan.objects.select_related("union", "kind"), pk=pk)
    qs = queries.counted_positions(plan).filter(pk__in=Position.objects.restrict(request.user).values("pk"))
    year = request.GET.get("year", "")
    if year.isdigit():
        qs = qs.filter(built_year=int(year))
    table = PositionTable(qs.select_related("union").order_by("built_year", "code"), request=request)
    RequestConfig(request, paginate={"per_page": 100}).configure(table)
    return render(request, "subsidies/plan_positions.html", {
        "title": _("Positions counted by %(plan)s") % {"plan": plan}, "plan": plan, "table": table,
        "year": year if year.isdigit() else ""})


@needs("subsidies.add_positionplan")
def plan_create(request):
    form = PlanForm(request.POST or None, user=request.user)

    def save(data):
        plan = services.create_plan(acting_user=request.user, **data)
        messages.success(request, _("Plan saved."))
        return redirect("subsidies:plan_detail", plan.pk)

    return form_page(request, form, _("New construction plan"), save, template=FORM)


@login_required
@require_POST
def plan_delete(request, pk):
    plan = get_object(request.user, PositionPlan, pk=pk)
    services.delete_plan(plan, acting_user=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("Plan deleted."))
    return redirect("subsidies:plans")


# --- programmes ----------------------------------------------------------------------------------

class ProgrammeList(ListPage):
    model = SubsidyProgramme
    filterset_class = ProgrammeFilterSet
    table_class = ProgrammeTable
    title = gettext_lazy("Award subsidy programmes")
    add_url_name = "subsidies:programme_create"

    def get_queryset(self):
        return super().get_queryset().select_related("owner")


@login_required
def programme_detail(request, pk):
    programme = get_object(request.user, SubsidyProgramme.objects.select_related("owner", "created_by"), pk=pk)
    may_change = can(request.user, "subsidies.change_subsidyprogramme", programme.owner)
    form = BudgetForm(request.POST or None, initial={"budget_fen": programme.budget_fen})
    if request.method == "POST":
        require(request.user, "subsidies.change_subsidyprogramme", programme.owner, obj=programme)
        if form.is_valid():
            try:
                services.set_budget(programme, acting_user=request.user, budget_fen=form.cleaned_data["budget_fen"])
                messages.success(request, _("Budget saved."))
                return redirect("subsidies:programme_detail", programme.pk)
            except ValidationError as e:
                form.add_error("budget_fen", e.messages)
    figures = queries.programme_figures(programme)
    base = reverse("subsidies:list")
    return render(request, "subsidies/programme_detail.html", {
        "title": str(programme), "p": programme, "caps": programme.caps.select_related("kind"),
        "figures": figures, "list_url": f"{base}?programme={programme.pk}",
        "states": [(value, label, figures["by_state"].get(value, 0)) for value, label in AwardSubsidy.State.choices],
        "percent": round(100 * programme.committed_fen / programme.budget_fen) if programme.budget_fen else 0,
        "form": form if may_change else None,
        "can_apply": programme.state == "open" and can(request.user, "subsidies.add_awardsubsidy"),
        "history": audit.history(programme),
    })


@needs("subsidies.add_subsidyprogramme")
def programme_create(request):
    form = ProgrammeForm(request.POST or None, user=request.user)

    def save(data):
        programme = services.create_programme(acting_user=request.user, **form.service_data())
        messages.success(request, _("Programme saved."))
        return redirect("subsidies:programme_detail", programme.pk)

    return form_page(request, form, _("New award subsidy programme"), save, template=FORM)


@login_required
@require_POST
def programme_close(request, pk):
    programme = get_object(request.user, SubsidyProgramme, pk=pk)
    services.close_programme(programme, acting_user=request.user)
    messages.success(request, _("Programme closed to new applications."))
    return redirect("subsidies:programme_detail", programme.pk)


# --- applications ----------------------------------------------------------------------------------

class SubsidyList(ListPage):
    model = AwardSubsidy
    filterset_class = SubsidyFilterSet
    table_class = SubsidyTable
    title = gettext_lazy("Award subsidies")
    add_url_name = "subsidies:create"

    def get_queryset(self):
        return super().get_queryset().select_related("union", "programme", "position", "position__kind")


@needs("subsidies.add_awardsubsidy")
def subsidy_create(request):
    form = SubsidyForm(request.POST or None, request.FILES or None, user=request.user,
                       initial={"programme": request.GET.get("programme"), "position_code": request.GET.get("code")})

    def save(data):
        position = (Position.objects.restrict(request.user).select_related("union", "kind")
                    .filter(code=data["position_code"].strip()).first())
        if position is None:
            raise ValidationError({"position_code": _("No position with this code in your unions.")})
        subsidy = services.apply(acting_user=request.user, programme=data["programme"], position=position,
                                 requested_fen=data["requested_fen"], statement=data["statement"],
                                 uploads=data["files"])
        messages.success(request, _("Application submitted; the union above will inspect the position."))
        return redirect("subsidies:detail", subsidy.pk)

    return form_page(request, form, _("Apply for an award subsidy"), save, template=FORM)


def _may(user, perm, subsidy):
    above = services.reviewing_union(subsidy.union)
    return above is not None and can(user, perm, above)


@login_required
def subsidy_detail(request, pk):
    s = get_object(request.user, AwardSubsidy.objects.select_related(
        "union", "programme", "programme__owner", "position", "position__kind", "position__union", "created_by",
        "inspected_by", "reviewed_by", "paid_by"), pk=pk)
    S = AwardSubsidy.State
    standard = {f.get("code"): f.get("name") or f.get("code") for f in s.position.kind.facilities or []
                if isinstance(f, dict)}
    open_step = s.state in (S.SUBMITTED, S.INSPECTED)
    return render(request, "subsidies/detail.html", {
        "title": _("Award subsidy %(pk)d") % {"pk": s.pk}, "s": s,
        "checks": [(standard.get(code, code), ok) for code, ok in (s.checklist or {}).items()],
        "files": [a for a in s.attachments.all() if a.stage == SubsidyAttachment.Stage.APPLICATION],
        "photos": [a for a in s.attachments.all() if a.stage == SubsidyAttachment.Stage.INSPECTION],
        "cap": services.cap_for(s.programme, s.position.kind),
        "can_inspect": open_step and _may(request.user, "subsidies.inspect_awardsubsidy", s),
        "can_review": s.state == S.INSPECTED and _may(request.user, "subsidies.approve_awardsubsidy", s),
        "can_withdraw": s.state == S.APPROVED and _may(request.user, "subsidies.approve_awardsubsidy", s),
        "can_pay": s.state == S.APPROVED and _may(request.user, "subsidies.pay_awardsubsidy", s),
        "pay_form": PayForm(),
        "history": audit.history(s),
    })


@login_required
def subsidy_inspect(request, pk):
    s = get_object(request.user, AwardSubsidy.objects.select_related("position__kind", "union"), pk=pk)
    require(request.user, "subsidies.inspect_awardsubsidy", services.reviewing_union(s.union), obj=s)
    form = InspectForm(request.POST or None, request.FILES or None, kind=s.position.kind, initial={
        "score": s.score, "proposed_fen": s.proposed_fen, "comment": s.inspection_comment,
        "checklist": [c for c, ok in (s.checklist or {}).items() if ok]})

    def save(data):
        services.inspect(s, acting_user=request.user, score=data["score"], checklist=data["checklist"],
                         comment=data["comment"], proposed_fen=data.get("proposed_fen"), photos=data["photos"])
        messages.success(request, _("Inspection recorded."))
        return redirect("subsidies:detail", s.pk)

    return form_page(request, form, _("Inspect %(position)s") % {"position": s.position.name}, save, template=FORM)


@login_required
@require_POST
def subsidy_review(request, pk):
    s = get_object(request.user, AwardSubsidy, pk=pk)
    approve = request.POST.get("approve") == "1"
    return _step(request, s, lambda: services.review(s, acting_user=request.user, approve_it=approve,
                                                     opinion=request.POST.get("opinion", "")),
                 _("Award approved.") if approve else _("Application rejected."))


@login_required
@require_POST
def subsidy_pay(request, pk):
    s = get_object(request.user, AwardSubsidy, pk=pk)
    form = PayForm(request.POST)
    if not form.is_valid():
        require(request.user, "subsidies.pay_awardsubsidy", services.reviewing_union(s.union), obj=s)
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect("subsidies:detail", s.pk)
    return _step(request, s, lambda: services.pay(s, acting_user=request.user, **form.cleaned_data),
                 _("Payment recorded."))


@login_required
def subsidy_attachment(request, pk, attachment_pk):
    s = get_object(request.user, AwardSubsidy, pk=pk)
    attachment = SubsidyAttachment.objects.filter(subsidy=s, pk=attachment_pk).first()
    if attachment is None:
        raise Http404(_("Not found."))
    return attachment.response()


# --- report ------------------------------------------------------------------------------------------

@login_required
def report(request):
    """Totals per year for the reader's subtree, and the chosen year per union below."""
    require(request.user, "subsidies.view_awardsubsidy")
    qs = AwardSubsidy.objects.restrict(request.user)
    focus = current_scope_union(request)
    if focus is None:
        focus = Union.objects.restrict(request.user).order_by("depth", "path").first()
    if focus is not None:
        qs = qs.filter(subtree_q("union__path", focus.path))
    years = queries.totals_by_year(qs)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else (years[0]["year"] if years else timezone.localdate().year)
    base = reverse("subsidies:list")
    under = f"&under={focus.pk}" if focus else ""
    for row in years:
        row["url"] = f"{base}?year={row['year']}{under}"
        row["awarded_url"] = f"{base}?year={row['year']}&state=awarded{under}"
        row["paid_url"] = f"{base}?year={row['year']}&state=paid{under}"
    children = queries.totals_by_child(qs, focus, year) if focus else []
    for row in children:
        row["url"] = f"{base}?year={year}&under={row['union'].pk}"
        row["awarded_url"] = f"{base}?year={year}&state=awarded&under={row['union'].pk}"
    chart = {"type": "bar", "items": [{"label": str(r["year"]), "value": round(r["awarded_fen"] / 1_000_000, 2),
                                       "url": r["awarded_url"]} for r in reversed(years)]}
    return render(request, "subsidies/report.html", {
        "title": _("Award subsidy totals"), "focus": focus, "years": years, "year": year, "children": children,
        "chart": json.dumps(chart, ensure_ascii=False)})
