"""Funds pages: the income by level, statements (upload, progress, problems, split), contributions
and arrears, the ledger, member dues, small-firm refunds with their batches, and 双联 pairings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gonghui.accounts.models import User
from gonghui.core import audit, bulk, queue
from gonghui.core.access import can, get_object, needs, require
from gonghui.core.forms import apply_service_errors, form_page
from gonghui.core.listing import ListPage
from gonghui.members.models import Member
from gonghui.orgs.models import Employer

from . import queries, rules, services
from .filtersets import (
    ContributionFilterSet,
    DuesFilterSet,
    LedgerFilterSet,
    PairingFilterSet,
    RefundFilterSet,
    StatementFilterSet,
)
from .forms import (
    DecideForm,
    DuesForm,
    PairingForm,
    PaymentForm,
    RefundAccountForm,
    RefundApplyForm,
    RefundListForm,
    StatementForm,
    VisitForm,
)
from .models import Contribution, LedgerEntry, Level, MemberDues, Pairing, Refund, RefundBatch, Statement
from .tables import ContributionTable, DuesTable, LedgerTable, PairingTable, RefundTable, StatementTable

FORM = "orgs/form.html"


@needs("funds.view_ledgerentry")
def index(request):
    """Income by level for the user's subtree; every figure links to its ledger rows."""
    try:
        year = int(request.GET.get("year") or queries.latest_year(request.user))
    except ValueError:
        year = queries.latest_year(request.user)
    rows, by_level = queries.income(request.user, year)
    for r in rows:
        r["label"] = Level(r["level"]).label
    return render(request, "funds/index.html", {
        "title": _("Union funds"), "year": year, "rows": rows, "by_level": by_level,
        "total": sum(by_level.values()), "refunds": queries.refund_figures(request.user, year),
        "levels": LedgerEntry._meta.get_field("level").choices})


# --- statements ------------------------------------------------------------------------------

class StatementList(ListPage):
    model = Statement
    filterset_class = StatementFilterSet
    table_class = StatementTable
    title = gettext_lazy("Collection statements")
    add_url_name = "funds:statement_create"


@needs("funds.import_statement")
def statement_create(request):
    form = StatementForm(request.POST or None, request.FILES or None, user=request.user)

    def save(data):
        st = services.start_statement(acting_user=request.user, union=data["union"], month=data["month"],
                                      channel=data["channel"], upload=data["file"],
                                      declared_rows=data.get("declared_rows"),
                                      declared_paid_fen=data.get("declared_paid"))
        messages.success(request, _("Statement uploaded: it is checked whole before anything is written."))
        return redirect("funds:statement_detail", st.pk)

    return form_page(request, form, _("Import a collection statement"), save, template=FORM)


@login_required
def statement_detail(request, pk):
    st = get_object(request.user, Statement.objects.select_related("union", "task"), pk=pk)
    split = list(LedgerEntry.objects.restrict(request.user).filter(contribution__statement=st)
                 .values("level").annotate(total=models_sum()).order_by("level")) if st.state == "done" else []
    for s in split:
        s["label"] = Level(s["level"]).label
    run = queue.status(st.task) if st.task else None
    return render(request, "funds/statement_detail.html", {
        "title": str(st), "st": st, "split": split, "run": run, "history": audit.history(st)})


def models_sum():
    from django.db.models import Sum

    return Sum("amount_fen")


# --- contributions, arrears and the ledger ------------------------------------------------------

class ContributionList(ListPage):
    model = Contribution
    filterset_class = ContributionFilterSet
    table_class = ContributionTable
    title = gettext_lazy("Contributions (经费)")
    add_url_name = "funds:payment_create"
    bulk_actions = (("notify", gettext_lazy("Send arrears notices to selected"), "funds:arrears_notify"),)

    def get_queryset(self):
        return super().get_queryset().select_related("employer", "union")


@login_required
def contribution_detail(request, pk):
    c = get_object(request.user, Contribution.objects.select_related("employer", "union", "statement"), pk=pk)
    entries = c.entries.restrict(request.user).select_related("union")
    accrued = services.accrued(c) if c.owed_fen and c.due_on < timezone.localdate() else None
    return render(request, "funds/contribution_detail.html", {
        "title": str(c), "c": c, "entries": entries, "accrued": accrued,
        "table": rules.split_table(c.employer.region_id, on=c.month), "history": audit.history(c)})


@needs("funds.add_contribution")
def payment_create(request):
    form = PaymentForm(request.POST or None)

    def save(data):
        employer = Employer.objects.restrict(request.user).filter(uscc=data["uscc"].strip().upper()).first()
        if employer is None:
            raise ValidationError({"uscc": _("No employer with this code in your area.")})
        c = services.record_payment(acting_user=request.user, employer=employer, month=data["month"],
                                    wage_bill_fen=data["wage_bill"], paid_fen=data["paid"],
                                    received_on=data["received_on"])
        messages.success(request, _("Payment recorded and split between the levels."))
        return redirect("funds:contribution_detail", c.pk)

    return form_page(request, form, _("Record a direct payment"), save, template=FORM)


@login_required
@require_POST
def arrears_notify(request):
    return bulk.decide_many(
        request, permission="funds.change_contribution", back=reverse("funds:contributions") + "?owing=true",
        queryset=services.arrears_queryset(Contribution.objects.restrict(request.user)).select_related("employer",
                                                                                                       "union"),
        describe=lambda c: f"{c.employer.name} {c.month:%Y-%m}", union=lambda c: c.union.name,
        state=lambda c: _("owes %(owed)s yuan") % {"owed": f"{c.owed_fen / 100:,.2f}"},
        actions={"notify": bulk.Action(act=lambda c, _r: services.notify_arrears([c], acting_user=request.user),
                                       verb=_("Notified"), title=_("Send arrears notices?"),
                                       confirm=_("Notify all %(n)d"))})


@login_required
@require_POST
def preparatory_hand_over(request, pk):
    employer = get_object(request.user, Employer.objects.all(), pk=pk)
    try:
        fen = services.hand_over_preparatory(acting_user=request.user, employer=employer)
        messages.success(request, _("%(yuan)s yuan of preparatory fund handed to the new union.")
                         % {"yuan": f"{fen / 100:,.2f}"})
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect(reverse("funds:contributions") + f"?employer={employer.pk}")


class LedgerList(ListPage):
    model = LedgerEntry
    filterset_class = LedgerFilterSet
    table_class = LedgerTable
    title = gettext_lazy("Funds ledger")
    selectable = False

    def get_queryset(self):
        return super().get_queryset().select_related("union", "employer")


# --- member dues ---------------------------------------------------------------------------------

class DuesList(ListPage):
    model = MemberDues
    filterset_class = DuesFilterSet
    table_class = DuesTable
    title = gettext_lazy("Member dues (会费)")
    add_url_name = "funds:dues_create"
    bulk_actions = (("paid", gettext_lazy("Mark selected as paid today"), "funds:dues_bulk"),)

    def get_queryset(self):
        return super().get_queryset().select_related("member", "union")


@needs("funds.add_memberdues")
def dues_create(request):
    form = DuesForm(request.POST or None, user=request.user)

    def save(data):
        union, wages, problems = data["union"], [], []
        for n, line in enumerate(data["wages"].splitlines(), start=1):
            parts = line.replace("，", ",").replace(",", " ").split()
            if not parts:
                continue
            member = Member.objects.restrict(request.user).filter(number=parts[0]).first()
            if member is None or len(parts) < 2:
                problems.append(_("line %(n)s: no member numbered %(number)s, or no wage")
                                % {"n": n, "number": parts[0]})
                continue
            from gonghui.core.money import to_fen

            try:
                wages.append((member, to_fen(parts[1])))
            except ValidationError:
                problems.append(_("line %(n)s: %(wage)s is not an amount") % {"n": n, "wage": parts[1]})
        if problems:
            raise ValidationError({"wages": problems})
        services.set_dues(acting_user=request.user, union=union, month=data["month"], wages=wages)
        messages.success(request, _("Dues recorded."))
        return redirect(reverse("funds:dues") + f"?month={data['month']:%Y-%m}")

    return form_page(request, form, _("Record a month's member dues"), save, template=FORM)


@login_required
@require_POST
def dues_bulk(request):
    today = timezone.localdate()
    return bulk.decide_many(
        request, permission="funds.change_memberdues", back=reverse("funds:dues"),
        queryset=MemberDues.objects.restrict(request.user).select_related("member", "union"),
        describe=lambda d: f"{d.member.name} {d.month:%Y-%m}", union=lambda d: d.union.name,
        state=lambda d: _("paid") if d.paid_on else _("not paid"),
        actions={"paid": bulk.Action(act=lambda d, _r: services.mark_dues_paid([d], acting_user=request.user,
                                                                               paid_on=today),
                                     verb=_("Marked paid"), title=_("Mark these dues as paid today?"),
                                     confirm=_("Mark all %(n)d"))})


# --- refunds -------------------------------------------------------------------------------------

class RefundList(ListPage):
    model = Refund
    filterset_class = RefundFilterSet
    table_class = RefundTable
    title = gettext_lazy("Small-firm refunds")
    add_url_name = "funds:refund_apply"

    def get_queryset(self):
        return super().get_queryset().select_related("employer", "union")


@needs("funds.add_refund")
def refund_list_county(request):
    form = RefundListForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year - 1})

    def save(data):
        made = services.list_refunds(acting_user=request.user, county=data["county"], year=data["year"])
        messages.success(request, _("%(n)s firms listed for the refund.") % {"n": len(made)})
        return redirect(reverse("funds:refunds") + f"?year={data['year']}&union={data['county'].pk}")

    return form_page(request, form, _("List every qualifying small firm"), save, template=FORM)


@needs("funds.add_refund")
def refund_apply(request):
    form = RefundApplyForm(request.POST or None, initial={"year": timezone.localdate().year - 1})

    def save(data):
        employer = Employer.objects.restrict(request.user).filter(uscc=data["uscc"].strip().upper()).first()
        if employer is None:
            raise ValidationError({"uscc": _("No employer with this code in your area.")})
        r = services.apply_refund(acting_user=request.user, employer=employer, year=data["year"],
                                  account_holder=data["account_holder"], bank_name=data["bank_name"],
                                  bank_account=data["bank_account"])
        messages.success(request, _("Refund applied for."))
        return redirect("funds:refund_detail", r.pk)

    return form_page(request, form, _("Apply for the small-firm refund"), save, template=FORM)


@login_required
def refund_detail(request, pk):
    r = get_object(request.user, Refund.objects.select_related("employer", "union", "payee", "batch"), pk=pk)
    is_account = request.POST.get("action") == "account"
    form = DecideForm(request.POST if request.method == "POST" and not is_account else None)
    account_form = RefundAccountForm(request.POST if is_account else None, initial={
        "account_holder": r.account_holder or r.payee.name, "bank_name": r.bank_name})
    if request.method == "POST":
        require(request.user, "funds.change_refund", r.union, obj=r)
        try:
            if is_account:
                if account_form.is_valid():
                    try:
                        services.set_refund_account(r, acting_user=request.user, **account_form.cleaned_data)
                    except ValidationError as e:
                        apply_service_errors(account_form, e)
                    else:
                        messages.success(request, _("Bank account saved."))
                        return redirect("funds:refund_detail", r.pk)
            elif request.POST.get("action") == "check":
                services.check_refund(r, acting_user=request.user)
                messages.success(request, _("Checked against what arrived."))
                return redirect("funds:refund_detail", r.pk)
            if form.is_valid():
                services.decide_refund(r, acting_user=request.user, approve=form.cleaned_data["decision"] == "approve",
                                       reason=form.cleaned_data["reason"])
                messages.success(request, _("Decision recorded."))
                return redirect("funds:refund_detail", r.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return render(request, "funds/refund_detail.html", {
        "title": str(r), "r": r, "form": form, "account_form": account_form,
        "may": can(request.user, "funds.change_refund", r.union), "history": audit.history(r)})


@login_required
@require_POST
def batch_create(request):
    county = get_object(request.user, Refund._meta.get_field("union").related_model.objects.all(),
                        pk=request.POST.get("county") or 0)
    try:
        batch = services.make_refund_batch(acting_user=request.user, county=county)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("funds:refunds")
    return redirect("funds:batch_detail", batch.pk)


@login_required
def batch_detail(request, pk):
    batch = get_object(request.user, RefundBatch.objects.select_related("union"), pk=pk)
    if request.method == "POST":
        try:
            services.mark_batch_paid(batch, acting_user=request.user)
            messages.success(request, _("Batch recorded as paid; the refunds are in the ledger."))
            return redirect("funds:batch_detail", batch.pk)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
    return render(request, "funds/batch_detail.html", {
        "title": str(batch), "batch": batch, "refunds": batch.refunds.select_related("employer", "payee"),
        "may": can(request.user, "funds.change_refundbatch", batch.union)})


@login_required
@require_GET
def batch_bank_file(request, pk):
    """The batch's transfer file for the bank (xlsx, full accounts; the reveal is audited)."""
    batch = get_object(request.user, RefundBatch.objects.select_related("union"), "change", pk=pk)
    return services.bank_file(batch, acting_user=request.user)


# --- 双联 ----------------------------------------------------------------------------------------

class PairingList(ListPage):
    model = Pairing
    filterset_class = PairingFilterSet
    table_class = PairingTable
    title = gettext_lazy("Pairings with small firms (双联)")
    add_url_name = "funds:pairing_create"

    def get_queryset(self):
        return super().get_queryset().select_related("employer", "union", "staff")


@needs("funds.add_pairing")
def pairing_create(request):
    form = PairingForm(request.POST or None, user=request.user)

    def save(data):
        employer = Employer.objects.restrict(request.user).filter(uscc=data["uscc"].strip().upper()).first()
        staff = User.objects.filter(username=data["staff"].strip()).first()
        if employer is None:
            raise ValidationError({"uscc": _("No employer with this code in your area.")})
        if staff is None:
            raise ValidationError({"staff": _("No staff account with this user name.")})
        p = services.pair(acting_user=request.user, county=data["county"], employer=employer, staff=staff)
        return redirect("funds:pairing_detail", p.pk)

    return form_page(request, form, _("Pair a staff member with a small firm"), save, template=FORM)


@login_required
def pairing_detail(request, pk):
    p = get_object(request.user, Pairing.objects.select_related("employer", "union", "staff"), pk=pk)
    form = VisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_visit(p, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Visit recorded."))
            return redirect("funds:pairing_detail", p.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    elif request.method == "POST":
        require(request.user, "funds.add_pairingvisit", p.union, obj=p)
    return render(request, "funds/pairing_detail.html", {
        "title": str(p), "p": p, "visits": p.visits.all(), "form": form,
        "may": can(request.user, "funds.add_pairingvisit", p.union)})
