"""Budget, spending and 经审 pages. Thin: each write is a service call; reads go through the
access helpers (missing and forbidden rows are both "not found")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit, pdf
from gonghui.core.access import can, get_object, needs, require
from gonghui.core.forms import apply_service_errors, form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.members.models import Member

from . import caps, queries, services
from .filtersets import AuditFilterSet, BudgetFilterSet, SpendingFilterSet
from .forms import (
    AdjustmentForm,
    AuditForm,
    BudgetForm,
    FindingForm,
    RectifyForm,
    RejectForm,
    ReportForm,
    SentForm,
    SpendingForm,
)
from .models import Adjustment, Budget, Category, Finding, FundAudit, Spending, SpendingAttachment
from .tables import AuditTable, BudgetTable, SpendingTable

FORM = "orgs/form.html"


# --- budgets -------------------------------------------------------------------------------------

class BudgetList(ListPage):
    model = Budget
    filterset_class = BudgetFilterSet
    table_class = BudgetTable
    title = gettext_lazy("Budgets")
    add_url_name = "budgets:create"

    def get_queryset(self):
        return super().get_queryset().select_related("union").prefetch_related("lines")


@needs("budgets.add_budget")
def budget_create(request):
    form = BudgetForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})

    def save(data):
        lines = {c: data.get(c) or 0 for c in Category.values}
        budget = services.create_budget(acting_user=request.user, union=data["union"], year=data["year"],
                                        lines=lines, note=data.get("note", ""))
        messages.success(request, _("Budget drafted; submit it for the committee's approval."))
        return redirect("budgets:detail", budget.pk)

    return form_page(request, form, _("New budget"), save, template=FORM)


def _budget(request, pk, action="view"):
    return get_object(request.user, Budget.objects.select_related("union", "accounts_audit"), action, pk=pk)


def _budget_context(request, budget, **forms):
    rows, totals = queries.final_accounts(budget)
    may = can(request.user, "budgets.change_budget", budget.union)
    return {"title": str(budget), "budget": budget, "rows": rows, "totals": totals, "may": may,
            "may_adjust": may and budget.state == Budget.State.APPROVED,
            "adjustments": Adjustment.objects.filter(line__budget=budget).select_related("line", "submitted_by",
                                                                                         "decided_by"),
            "adjust_form": forms.get("adjust_form") or AdjustmentForm(budget=budget),
            "sent_form": forms.get("sent_form") or SentForm(initial={"sent_on": timezone.localdate()}),
            "reviews": FundAudit.objects.filter(union=budget.union, year=budget.year),
            "history": audit.history(budget)}


@login_required
def budget_detail(request, pk):
    budget = _budget(request, pk)
    return render(request, "budgets/budget_detail.html", _budget_context(request, budget))


@login_required
@require_POST
def budget_action(request, pk, action):
    budget = _budget(request, pk)
    require(request.user, "budgets.change_budget", budget.union, obj=budget)
    try:
        if action == "submit":
            services.submit_budget(budget, acting_user=request.user)
            messages.success(request, _("Budget submitted for approval."))
        elif action == "approve":
            services.approve_budget(budget, acting_user=request.user)
            messages.success(request, _("Budget approved."))
        elif action == "sent":
            form = SentForm(request.POST)
            if not form.is_valid():
                return render(request, "budgets/budget_detail.html", _budget_context(request, budget, sent_form=form))
            services.send_accounts_to_congress(budget, acting_user=request.user, sent_on=form.cleaned_data["sent_on"])
            messages.success(request, _("Final accounts recorded as sent to the congress."))
        else:
            raise Http404
    except ValidationError as e:
        show_error(request, e)
    return redirect("budgets:detail", budget.pk)


@login_required
@require_POST
def budget_adjust(request, pk):
    budget = _budget(request, pk)
    require(request.user, "budgets.add_adjustment", budget.union, obj=budget)
    form = AdjustmentForm(request.POST, budget=budget)
    if form.is_valid():
        try:
            line = budget.lines.get(pk=form.cleaned_data["line"])
            services.propose_adjustment(line, acting_user=request.user, delta_fen=form.cleaned_data["delta"],
                                        reason=form.cleaned_data["reason"])
            messages.success(request, _("Adjustment submitted; a colleague decides it."))
            return redirect("budgets:detail", budget.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return render(request, "budgets/budget_detail.html", _budget_context(request, budget, adjust_form=form))


@login_required
@require_POST
def adjustment_decide(request, pk, action):
    adj = get_object(request.user, Adjustment.objects.select_related("line__budget__union"), "change", pk=pk)
    if action not in ("approve", "reject"):
        raise Http404
    try:
        services.decide_adjustment(adj, acting_user=request.user, approve=action == "approve")
        messages.success(request, _("Adjustment decided."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("budgets:detail", adj.line.budget_id)


@login_required
def accounts_pdf(request, pk):
    """The final accounts (决算) of a budget as PDF: per category the budget, the approved
    adjustments, what was spent and what is left, with the 经审 review that precedes the congress."""
    budget = _budget(request, pk)
    rows, totals = queries.final_accounts(budget)
    title = _("Final accounts %(year)s: %(union)s") % {"year": budget.year, "union": budget.union.name}
    return pdf.document(request, "budgets/accounts_pdf.html", {"budget": budget, "rows": rows, "totals": totals},
                        title=title, issuer=budget.union.name, obj=budget)


@login_required
def report(request):
    """Spending by category and level for the user's subtree, and budget against actual."""
    require(request.user, "budgets.view_budget")
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    levels, totals = queries.spending_by_category_and_level(request.user, year)
    return render(request, "budgets/report.html", {
        "title": _("Budget against actual"), "year": year, "levels": levels, "totals": totals,
        "categories": Category.choices, "lines": queries.budget_against_actual(request.user, year),
        "grand_total": sum(totals.values())})


# --- spending ------------------------------------------------------------------------------------

class SpendingList(ListPage):
    model = Spending
    filterset_class = SpendingFilterSet
    table_class = SpendingTable
    title = gettext_lazy("Spending entries")
    add_url_name = "budgets:spending_new"

    def get_queryset(self):
        return super().get_queryset().select_related("union", "line", "member", "approved_by")


@needs("budgets.add_spending")
def spending_new(request):
    form = SpendingForm(request.POST or None, request.FILES or None, user=request.user,
                        initial={"spent_on": timezone.localdate()})

    def save(data):
        member = None
        number = (data.get("member_number") or "").strip()
        if number:
            member = Member.objects.restrict(request.user).select_related("union").filter(number=number).first()
            if member is None:
                raise ValidationError({"member_number": _("No member with this number in your unions.")})
        elif data.get("benefit"):
            raise ValidationError({"member_number": _("Name the member who receives the benefit.")})
        files = [data["files"]] if data.get("files") else []
        spending, _allowance = services.enter_spending(
            acting_user=request.user, union=data["union"], category=data["category"], spent_on=data["spent_on"],
            amount_fen=data["amount"], purpose=data["purpose"], member=member, benefit=data.get("benefit") or "",
            festival=data.get("festival") or "", form=data["form"], occasion_on=data.get("occasion_on"), files=files)
        messages.success(request, _("Spending entered; a colleague approves it.") + (
            " " + spending.cap_note if spending.cap_note else ""))
        return redirect("budgets:spending_detail", spending.pk)

    return form_page(request, form, _("Enter spending"), save, template=FORM)


def _spending(request, pk, action="view"):
    return get_object(request.user, Spending.objects.select_related("union", "line", "member", "entered_by",
                                                                     "approved_by"), action, pk=pk)


@login_required
def spending_detail(request, pk):
    spending = _spending(request, pk)
    allowance = None
    if spending.member_id and spending.benefit:
        allowance = caps.allowance(spending.member, spending.benefit, spending.spent_on,
                                   festival=spending.festival, occasion_on=spending.occasion_on)
    return render(request, "budgets/spending_detail.html", {
        "title": spending.purpose, "s": spending, "allowance": allowance,
        "may": can(request.user, "budgets.change_spending", spending.union) and spending.state == "submitted",
        "reject_form": RejectForm(), "files": spending.attachments.all(), "history": audit.history(spending)})


@login_required
@require_POST
def spending_action(request, pk, action):
    spending = _spending(request, pk)
    require(request.user, "budgets.change_spending", spending.union, obj=spending)
    try:
        if action == "approve":
            services.approve_spending(spending, acting_user=request.user)
            messages.success(request, _("Spending approved."))
        elif action == "reject":
            services.reject_spending(spending, acting_user=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("Spending rejected."))
        else:
            raise Http404
    except ValidationError as e:
        show_error(request, e)
    return redirect("budgets:spending_detail", spending.pk)


@login_required
def spending_file(request, pk):
    f = get_object(request.user, SpendingAttachment.objects.all(), pk=pk)
    return f.response()


# --- 经审 ---------------------------------------------------------------------------------------------

class AuditList(ListPage):
    model = FundAudit
    filterset_class = AuditFilterSet
    table_class = AuditTable
    title = gettext_lazy("Fund audits (经审)")
    add_url_name = "budgets:audit_new"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs(services.AUDIT_PERM)
def audit_new(request):
    form = AuditForm(request.POST or None, user=request.user)

    def save(data):
        a = services.open_audit(acting_user=request.user, union=data["union"], year=data["year"], kind=data["kind"],
                                subject=data.get("subject", ""))
        messages.success(request, _("Audit opened; record its findings."))
        return redirect("budgets:audit_detail", a.pk)

    return form_page(request, form, _("New fund audit"), save, template=FORM)


def _audit(request, pk):
    return get_object(request.user, FundAudit.objects.select_related("union"), pk=pk)


def _audit_context(request, a, **forms):
    return {"title": str(a), "a": a, "findings": a.findings.prefetch_related("files"),
            "may": can(request.user, services.AUDIT_PERM, a.union),
            "finding_form": forms.get("finding_form") or FindingForm(),
            "rectify_form": forms.get("rectify_form") or RectifyForm(initial={"rectified_on": timezone.localdate()}),
            "report_form": forms.get("report_form") or ReportForm(initial={"reported_on": timezone.localdate()}),
            "history": audit.history(a)}


@login_required
def audit_detail(request, pk):
    a = _audit(request, pk)
    return render(request, "budgets/audit_detail.html", _audit_context(request, a))


@login_required
@require_POST
def audit_action(request, pk, action):
    a = _audit(request, pk)
    require(request.user, services.AUDIT_PERM, a.union, obj=a)
    forms = {"finding": (FindingForm, "finding_form"), "report": (ReportForm, "report_form")}
    if action not in forms:
        raise Http404
    form_class, key = forms[action]
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if action == "finding":
                services.add_finding(a, acting_user=request.user, title=d["title"], amount_fen=d.get("amount") or 0,
                                     evidence=d.get("evidence", ""), rectify_by=d["rectify_by"],
                                     files=[d["files"]] if d.get("files") else [])
                messages.success(request, _("Finding recorded; its rectification deadline is tracked."))
            else:
                services.issue_report(a, acting_user=request.user, report=d["report"], reported_on=d["reported_on"])
                messages.success(request, _("Audit report issued."))
            return redirect("budgets:audit_detail", a.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return render(request, "budgets/audit_detail.html", _audit_context(request, a, **{key: form}))


@login_required
@require_POST
def finding_rectify(request, pk):
    f = get_object(request.user, Finding.objects.select_related("audit__union"), pk=pk)
    require(request.user, services.AUDIT_PERM, f.audit.union, obj=f)
    form = RectifyForm(request.POST)
    if form.is_valid():
        try:
            services.record_rectification(f, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Rectification recorded."))
            return redirect("budgets:audit_detail", f.audit_id)
        except ValidationError as e:
            apply_service_errors(form, e)
    return render(request, "budgets/audit_detail.html", _audit_context(request, f.audit, rectify_form=form))


@login_required
def audit_pdf(request, pk):
    a = _audit(request, pk)
    title = _("Audit report: %(audit)s") % {"audit": str(a)}
    return pdf.document(request, "budgets/audit_pdf.html", {"a": a, "findings": a.findings.all()},
                        title=title, issuer=a.union.name, obj=a)
