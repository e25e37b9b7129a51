"""Coverage pages: the 建会率 / 入会率 dashboard and the employers behind each figure, the
new-economy view, organising targets, paper-union detection, cases and their report."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.accounts.models import User
from gonghui.core import audit, bulk
from gonghui.core.access import can, get_object, has_perm_anywhere, refuse, require
from gonghui.core.forms import apply_service_errors, form_page
from gonghui.core.listing import ListPage
from gonghui.core.navigation import current_scope_union
from gonghui.members.models import Member
from gonghui.orgs import choices
from gonghui.orgs.models import Employer, Union
from gonghui.orgs.tables import EmployerTable

from . import queries, services
from .filtersets import CaseFilterSet, CoverageEmployerFilterSet, IndustryUnionFilterSet, TargetFilterSet
from .forms import CaseForm, DetectForm, TargetForm
from .models import CaseState, OrganisingTarget, PaperUnionCase
from .tables import CaseTable, IndustryUnionTable, TargetTable

VIEW = "coverage.view_organisingtarget"


def _needs_view(request, perm=VIEW):
    if not has_perm_anywhere(request.user, perm):
        refuse(request.user, None, perm)


def chosen_union(request):
    """The union a page is about: ?union=<id> (404 when not visible), the subtree focus, or the
    top of the user's scope."""
    pk = request.GET.get("union")
    if pk:
        if not str(pk).isdigit():
            return None
        return get_object(request.user, Union.objects.select_related("region"), pk=pk)
    return queries.base_union(request.user, current_scope_union(request))


def _chart(rows, value="founding_rate", url="total_url"):
    return json.dumps({"type": "bar", "items": [{"label": r["label"], "value": r[value] or 0, "url": r[url]}
                                                for r in rows]}, ensure_ascii=False)


@login_required
def overview(request):
    _needs_view(request)
    union = chosen_union(request)
    ctx = {"title": _("Founding coverage"), "union": union}
    if union is not None:
        figures = queries.coverage(request.user, union)
        ctx |= {"f": figures, "chart_region": _chart(figures["by_region"]),
                "chart_band": _chart(figures["by_band"])}
    return render(request, "coverage/overview.html", ctx)


class EmployerList(ListPage):
    model = Employer
    filterset_class = CoverageEmployerFilterSet
    table_class = EmployerTable
    title = gettext_lazy("Employers behind the coverage figures")
    permission = VIEW

    def get_queryset(self):
        return (Employer.objects.restrict(self.request.user).with_union_flag()
                .select_related("industry", "ownership", "region"))


@login_required
def new_economy(request):
    _needs_view(request)
    union = chosen_union(request)
    rows = queries.new_economy(request.user, union) if union is not None else []
    return render(request, "coverage/new_economy.html", {
        "title": _("New-economy sectors"), "union": union, "rows": rows,
        "chart": _chart(rows, value="all_members") if rows else None})


class IndustryUnionList(ListPage):
    model = Union
    filterset_class = IndustryUnionFilterSet
    table_class = IndustryUnionTable
    title = gettext_lazy("Industry unions of the new-economy sectors")
    permission = VIEW

    def get_queryset(self):
        good = Member.objects.in_good_standing().filter(union=OuterRef("pk")).values("union")
        return (Union.objects.restrict(self.request.user)
                .filter(kind=choices.UnionKind.INDUSTRY, status=choices.UnionStatus.ACTIVE)
                .select_related("region")
                .annotate(n_members=Coalesce(Subquery(good.annotate(c=Count("id")).values("c")), 0),
                          n_gig=Coalesce(Subquery(good.filter(is_gig_worker=True).annotate(c=Count("id"))
                                                  .values("c")), 0)))


# --- organising targets --------------------------------------------------------------------

class TargetList(ListPage):
    model = OrganisingTarget
    filterset_class = TargetFilterSet
    table_class = TargetTable
    title = gettext_lazy("Organising targets")
    template_name = "coverage/target_list.html"
    bulk_actions = (("assign", gettext_lazy("Assign an owner to selected"), "coverage:target_bulk"),)

    def get_queryset(self):
        return super().get_queryset().select_related("employer", "union", "owner")


@require_POST
@login_required
def targets_refresh(request):
    require(request.user, "coverage.add_organisingtarget")
    union = chosen_union(request) if request.GET.get("union") else queries.base_union(
        request.user, current_scope_union(request))
    if union is None:
        refuse(request.user, None, "coverage.add_organisingtarget")
    created, founded = services.refresh_targets(acting_user=request.user, union=union)
    messages.success(request, _("%(created)d new organising targets listed; %(founded)d marked as founded.")
                     % {"created": created, "founded": founded})
    return redirect("coverage:targets")


@require_POST
@login_required
def target_bulk(request):
    """Give the ticked targets one owner, each through `services.update_target` as on the target's
    page; the owners offered are those who may work on every chosen target."""

    def owners(rows):
        allowed = None
        for union in {t.union for t in rows}:
            ids = set(_owners_of(union).values_list("pk", flat=True))
            allowed = ids if allowed is None else allowed & ids
        return [(u.pk, u.get_full_name() or u.username)
                for u in User.objects.filter(pk__in=allowed or []).order_by("username")]

    def assign(target, owner_id):
        owner = User.objects.filter(pk=int(owner_id)).first() if owner_id.isdigit() else None
        if owner is None:
            raise ValidationError({"owner": _("Choose the owner.")})
        services.update_target(target, acting_user=request.user, owner=owner)

    return bulk.decide_many(
        request, permission="coverage.change_organisingtarget", back=reverse("coverage:targets"),
        queryset=OrganisingTarget.objects.restrict(request.user).select_related("employer", "union", "owner"),
        describe=lambda t: t.employer.name, union=lambda t: t.union.name, state=lambda t: t.get_status_display(),
        actions={"assign": bulk.Action(act=assign, verb=_("Assigned"), title=_("Give these targets an owner?"),
                                       confirm=_("Assign all %(n)d"), needs_reason=True, reason_label=_("Owner"),
                                       choices=owners)})


def _owners_of(union):
    """Staff who may work on the targets of `union`: holders of the change right on it."""
    users = User.objects.filter(grants__union__path__in=[union.path[:i] for i in range(
        4, len(union.path) + 1, 4)], is_active=True).distinct().order_by("username")
    return User.objects.filter(pk__in=[u.pk for u in users if can(u, "coverage.change_organisingtarget", union)])


@login_required
def target_detail(request, pk):
    target = get_object(request.user, OrganisingTarget.objects.select_related("employer", "union", "owner",
                                                                                "employer__region"), pk=pk)
    may_change = can(request.user, "coverage.change_organisingtarget", target.union)
    form = None
    if may_change:
        form = TargetForm(request.POST or None, owners=_owners_of(target.union),
                          initial={"status": target.status, "owner": target.owner_id})
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                services.update_target(target, acting_user=request.user, status=d["status"], owner=d["owner"],
                                       note=d["note"])
            except ValidationError as e:
                apply_service_errors(form, e)
            else:
                messages.success(request, _("Target updated."))
                return redirect("coverage:target_detail", target.pk)
    elif request.method == "POST":
        refuse(request.user, target, "coverage.change_organisingtarget")
    return render(request, "coverage/target_detail.html", {
        "title": str(target), "t": target, "form": form,
        "notes": target.notes.select_related("author")[:100], "history": audit.history(target)})


# --- paper unions --------------------------------------------------------------------------

@login_required
def paper_unions(request):
    _needs_view(request, "coverage.view_paperunioncase")
    union = chosen_union(request)
    form = DetectForm(request.GET or None)
    months, min_signs = queries.DEFAULT_MONTHS, queries.DEFAULT_MIN_SIGNS
    if form.is_bound and form.is_valid():
        months = form.cleaned_data["months"] or months
        min_signs = form.cleaned_data["min_signs"] or min_signs
    rows, known = [], False
    if union is not None:
        qs, known = queries.paper_unions(request.user, union, months=months, min_signs=min_signs)
        rows = list(qs[:500])
        for u in rows:
            u.sign_list = queries.sign_labels(u, known)
    return render(request, "coverage/paper_unions.html", {
        "title": _("Paper-union detection"), "union": union, "form": form, "rows": rows,
        "assessment_known": known, "months": months,
        "may_propose": has_perm_anywhere(request.user, "coverage.add_paperunioncase")})


@login_required
def case_create(request, union_pk):
    require(request.user, "coverage.add_paperunioncase")
    union = get_object(request.user, Union.objects.select_related("region"), pk=union_pk)
    form = CaseForm(request.POST or None, user=request.user,
                    initial={"action": request.GET.get("action", "merge")})

    def save(data):
        case = services.propose_case(acting_user=request.user, union=union, action=data["action"],
                                     into=data.get("into"), reason=data["reason"])
        messages.success(request, _("Case proposed; it waits for approval by the higher union."))
        return redirect("coverage:case_detail", case.pk)

    return form_page(request, form, _("Revoke or merge %(name)s") % {"name": union.name}, save,
                     template="coverage/case_form.html", union=union)


class CaseList(ListPage):
    model = PaperUnionCase
    filterset_class = CaseFilterSet
    table_class = CaseTable
    title = gettext_lazy("Paper-union cases")

    def get_queryset(self):
        return super().get_queryset().select_related("union", "into", "proposed_by")


@login_required
def case_detail(request, pk):
    case = get_object(request.user, PaperUnionCase.objects.select_related(
        "union", "into", "proposed_by", "decided_by"), pk=pk)
    blockers = services.unresolved(case.union) if case.state == CaseState.PROPOSED else []
    return render(request, "coverage/case_detail.html", {
        "title": str(case), "case": case, "blockers": blockers,
        "signs": [str(queries.SIGN_LABELS.get(k, k)) for k in case.signs],
        "may_decide": case.state == CaseState.PROPOSED and services.may_decide(request.user, case),
        "own_case": case.proposed_by_id == request.user.pk, "history": audit.history(case)})


@require_POST
@login_required
def case_decide(request, pk):
    case = get_object(request.user, PaperUnionCase.objects.select_related("union", "proposed_by"), pk=pk)
    approve = request.POST.get("approve") == "1"
    try:
        case = services.decide_case(case, acting_user=request.user, approve=approve,
                                    note=request.POST.get("opinion", ""))
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Case carried out.") if approve else _("Case rejected."))
    return redirect("coverage:case_detail", case.pk)


@login_required
def report(request):
    _needs_view(request, "coverage.view_paperunioncase")
    union = chosen_union(request)
    data = queries.report(request.user, union) if union is not None else None
    return render(request, "coverage/report.html", {"title": _("Paper-union report"), "union": union, "r": data})

