"""Dispute pages: the case list and page with its deadlines and the forms of each step, the
mediation bodies, the courts' referrals, the watch list with its breakdowns, and the signals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.accounts.models import User
from gonghui.core import audit
from gonghui.core.access import can, get_object, needs, require
from gonghui.core.forms import apply_service_errors, form_page, show_error
from gonghui.core.listing import ListPage

from . import queries, services, warning
from .filtersets import BodyFilterSet, DisputeFilterSet, ReferralFilterSet, SignalFilterSet, WatchFilterSet
from .forms import (
    AcceptForm,
    AgreeForm,
    ApplyForm,
    AwardForm,
    BodyForm,
    CloseForm,
    DisputeForm,
    EndForm,
    ExtendAwardForm,
    ExtendForm,
    InterruptForm,
    MediatorForm,
    PaidForm,
    PaymentOrderForm,
    ReferralForm,
    RefuseForm,
    ReportForm,
    SignalForm,
    WatchActionForm,
    WatchForm,
)
from .models import CourtReferral, Dispute, MediationBody, SignalEntry, Watch
from .tables import BodyTable, DisputeTable, ReferralTable, SignalTable, WatchTable

FORM = "orgs/form.html"
S = Dispute.State


class DisputeList(ListPage):
    model = Dispute
    filterset_class = DisputeFilterSet
    table_class = DisputeTable
    title = gettext_lazy("Labour disputes")
    add_url_name = "disputes:create"

    def get_queryset(self):
        return super().get_queryset().select_related("employer")


DISPUTE_KEYS = ("worker_name", "workers", "claim", "claim_text", "event_on", "knew_on", "employed",
                "employment_ended_on")


def _dispute_fields(data):
    out = {k: data[k] for k in DISPUTE_KEYS}
    out["amount_fen"] = data.get("amount_fen") or 0
    out["employer"] = data["employer"]
    return out


@needs("disputes.add_dispute")
def dispute_create(request):
    form = DisputeForm(request.POST or None, user=request.user, initial={"received_on": timezone.localdate()})

    def save(data):
        d = services.receive(acting_user=request.user, union=data["union"], body=data["body"],
                             received_on=data["received_on"], **_dispute_fields(data))
        messages.success(request, _("Dispute %(number)s received; mediation runs until %(day)s.") % {
            "number": d.number, "day": d.mediation_due_on})
        return redirect("disputes:detail", d.pk)

    return form_page(request, form, _("Receive a dispute for mediation"), save, template=FORM)


# (form class, heading, button, states in which it is offered)
ACTIONS = {
    "extend": (ExtendForm, gettext_lazy("Extend the mediation by agreement"), gettext_lazy("Extend"), [S.MEDIATING]),
    "agree": (AgreeForm, gettext_lazy("Mediation agreement"), gettext_lazy("Record the agreement"), [S.MEDIATING]),
    "end": (EndForm, gettext_lazy("No agreement"), gettext_lazy("End the mediation"), [S.MEDIATING]),
    "paid": (PaidForm, gettext_lazy("Agreement paid"), gettext_lazy("Record the payment"), [S.AGREED]),
    "payment_order": (PaymentOrderForm, gettext_lazy("Payment order (支付令)"),
                      gettext_lazy("Record the application"), [S.AGREED]),
    "apply": (ApplyForm, gettext_lazy("Application for arbitration"), gettext_lazy("Record the application"),
              [S.MEDIATING, S.UNRESOLVED, S.AGREED]),
    "interrupt": (InterruptForm, gettext_lazy("Time bar interrupted"), gettext_lazy("Record"),
                  [S.MEDIATING, S.UNRESOLVED, S.AGREED]),
    "accept": (AcceptForm, gettext_lazy("Accepted by the commission"), gettext_lazy("Record acceptance"), [S.APPLIED]),
    "refuse": (RefuseForm, gettext_lazy("Not accepted"), gettext_lazy("Record"), [S.APPLIED]),
    "extend_award": (ExtendAwardForm, gettext_lazy("Extend the award period"), gettext_lazy("Extend"), [S.ACCEPTED]),
    "award": (AwardForm, gettext_lazy("Award"), gettext_lazy("Record the award"), [S.ACCEPTED]),
    "close": (CloseForm, gettext_lazy("Close the dispute"), gettext_lazy("Close"),
              [S.MEDIATING, S.UNRESOLVED, S.APPLIED, S.NOT_ACCEPTED, S.ACCEPTED, S.AWARDED, S.AGREED]),
}


def _dispute(request, pk):
    return get_object(request.user, Dispute.objects.select_related("union", "employer", "body", "referral"), pk=pk)


def _offered(d):
    """The steps offered on the page in the dispute's state (the services check again)."""
    out = [a for a, (_f, _h, _b, states) in ACTIONS.items() if d.state in states]
    if d.state == S.MEDIATING:
        allowed = services.rules.extension_allowed(d.region_code, d.received_on) if d.received_on else None
        if not (allowed and allowed.value) or d.mediation_extended:
            out.remove("extend")
        if not d.mediation_over:
            out.remove("apply")
    if d.state == S.AGREED and not d.payment_order_open:
        out.remove("payment_order")
    if d.state == S.ACCEPTED and d.award_extended:
        out.remove("extend_award")
    return out


def _dispute_page(request, d, forms=None, status=200):
    forms = forms or {}
    may = can(request.user, "disputes.change_dispute", d.union)
    today = timezone.localdate()
    initial = {"agreed_on": today, "paid_on": today, "applied_on": today, "on": today, "accepted_on": today,
               "awarded_on": today, "signed": True}
    steps = [(a, forms.get(a) or ACTIONS[a][0](initial=initial), ACTIONS[a][1], ACTIONS[a][2])
             for a in _offered(d)] if may else []
    return render(request, "disputes/dispute_detail.html", {
        "title": f"{d.number} {d.worker_name}", "d": d, "may": may, "steps": steps,
        "deadlines": services.deadlines_of(d), "interruptions": d.interruptions.all(),
        "history": audit.history(d),
    }, status=status)


@login_required
def dispute_detail(request, pk):
    return _dispute_page(request, _dispute(request, pk))


@login_required
@require_POST
def dispute_action(request, pk, action):
    d = _dispute(request, pk)
    if action not in ACTIONS:
        raise Http404(_("Not found."))
    require(request.user, "disputes.change_dispute", d.union, obj=d)
    form = ACTIONS[action][0](request.POST)
    if form.is_valid():
        data = form.cleaned_data
        kw = {"acting_user": request.user}
        try:
            if action == "extend":
                services.extend_mediation(d, **kw, **data)
            elif action == "agree":
                services.record_agreement(d, **kw, **{**data, "amount_fen": data["amount_fen"] or 0})
            elif action == "end":
                services.end_mediation(d, **kw, **data)
            elif action == "paid":
                services.record_payment(d, **kw, **data)
            elif action == "payment_order":
                services.apply_payment_order(d, **kw, **data)
            elif action == "apply":
                services.apply_arbitration(d, **kw, **data)
            elif action == "interrupt":
                services.add_interruption(d, **kw, **data)
            elif action == "accept":
                services.accept_arbitration(d, **kw, **data)
            elif action == "refuse":
                services.refuse_arbitration(d, **kw, **data)
            elif action == "extend_award":
                services.extend_award(d, **kw, **data)
            elif action == "award":
                services.record_award(d, **kw, **data)
            else:
                services.close(d, **kw, **data)
            messages.success(request, _("Saved."))
            return redirect("disputes:detail", d.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    d = _dispute(request, pk)
    return _dispute_page(request, d, {action: form})


# --- mediation bodies ----------------------------------------------------------------------------

class BodyList(ListPage):
    model = MediationBody
    filterset_class = BodyFilterSet
    table_class = BodyTable
    title = gettext_lazy("Mediation bodies")
    add_url_name = "disputes:body_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union", "employer")


@needs("disputes.add_mediationbody")
def body_create(request):
    form = BodyForm(request.POST or None, user=request.user)

    def save(data):
        body = services.create_body(acting_user=request.user, **data)
        messages.success(request, _("Mediation body created; add its members."))
        return redirect("disputes:body_detail", body.pk)

    return form_page(request, form, _("New mediation body"), save, template=FORM)


@login_required
def body_detail(request, pk):
    body = get_object(request.user, MediationBody.objects.select_related("union", "employer"), pk=pk)
    may = can(request.user, "disputes.add_mediationmember", body.union)
    form = MediatorForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "disputes.add_mediationmember", body.union, obj=body)
        if form.is_valid():
            try:
                services.add_mediator(body, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("Member added."))
                return redirect("disputes:body_detail", body.pk)
            except ValidationError as e:
                apply_service_errors(form, e)
    return render(request, "disputes/body_detail.html", {
        "title": body.name, "body": body, "members": body.members.all(), "problems": services.body_problems(body),
        "form": form, "may": may, "disputes": queries.figures(body.disputes.all()), "history": audit.history(body)})


# --- court referrals -----------------------------------------------------------------------------

class ReferralList(ListPage):
    model = CourtReferral
    filterset_class = ReferralFilterSet
    table_class = ReferralTable
    title = gettext_lazy("Court referrals (诉调对接)")
    add_url_name = "disputes:referral_create"

    def get_queryset(self):
        return super().get_queryset().select_related("dispute")


@needs("disputes.add_courtreferral")
def referral_create(request):
    form = ReferralForm(request.POST or None, user=request.user, initial={"referred_on": timezone.localdate()})

    def save(data):
        r = services.refer(acting_user=request.user, union=data["union"], court=data["court"],
                           court_case=data["court_case"], referred_on=data["referred_on"], **_dispute_fields(data))
        messages.success(request, _("Referral recorded; report the outcome to the court by %(day)s.") % {
            "day": r.report_due_on})
        return redirect("disputes:detail", r.dispute.pk)

    return form_page(request, form, _("Court referral to union mediation"), save, template=FORM)


@login_required
@require_POST
def referral_report(request, pk):
    r = get_object(request.user, CourtReferral.objects.select_related("union", "dispute"), pk=pk)
    require(request.user, "disputes.change_courtreferral", r.union, obj=r)
    form = ReportForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"note": _("Give the day reported and the report.")})
        services.report_referral(r, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Outcome reported to the court."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("disputes:detail", r.dispute.pk)


# --- warning -------------------------------------------------------------------------------------

class WatchList(ListPage):
    model = Watch
    filterset_class = WatchFilterSet
    table_class = WatchTable
    title = gettext_lazy("Labour-relations warning: watch list")

    def get_queryset(self):
        return super().get_queryset().select_related("employer", "union", "owner")


def _owners(w):
    """Who may own a watched employer: staff holding a grant on its union or a union above."""
    return (User.objects.filter(grants__union__path__in=[u.path for u in w.union.ancestors_and_self()],
                                kind="staff").distinct().order_by("username"))


def _watch_page(request, w, form=None, action_form=None):
    since, until, window = warning.window(region=w.employer.region_id)
    live = warning.score(warning.collect([w.employer_id], since, until).get(w.employer_id, {}), w.employer.region_id)
    preserve, share = warning.preservation(w.arrears_fen, w.registered_capital_fen, w.employer.region_id)
    owners = _owners(w)
    return render(request, "disputes/watch_detail.html", {
        "title": w.employer.name, "w": w, "live": live, "window": window, "since": since, "until": until,
        "sources": warning.SOURCES, "preserve": preserve, "share": share,
        "may": can(request.user, "disputes.change_watch", w.union),
        "form": form or WatchForm(owners=owners, initial={"owner": w.owner_id,
                                                          "registered_capital_fen": w.registered_capital_fen}),
        "action_form": action_form or WatchActionForm(initial={"on": timezone.localdate()}),
        "actions": w.actions.select_related("by"), "history": audit.history(w)})


def _watch(request, pk):
    return get_object(request.user, Watch.objects.select_related("employer", "employer__region", "union", "owner"),
                      pk=pk)


@login_required
def watch_detail(request, pk):
    w = _watch(request, pk)
    if request.method != "POST":
        return _watch_page(request, w)
    require(request.user, "disputes.change_watch", w.union, obj=w)
    form = WatchForm(request.POST, owners=_owners(w))
    if form.is_valid():
        try:
            services.update_watch(w, acting_user=request.user, owner=form.cleaned_data["owner"],
                                  registered_capital_fen=form.cleaned_data["registered_capital_fen"])
            messages.success(request, _("Saved."))
            return redirect("disputes:watch_detail", w.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _watch_page(request, w, form=form)


@login_required
@require_POST
def watch_action(request, pk):
    w = _watch(request, pk)
    require(request.user, "disputes.add_watchaction", w.union, obj=w)
    form = WatchActionForm(request.POST)
    if form.is_valid():
        try:
            services.add_watch_action(w, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Action recorded."))
            return redirect("disputes:watch_detail", w.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _watch_page(request, w, action_form=form)


class SignalList(ListPage):
    model = SignalEntry
    filterset_class = SignalFilterSet
    table_class = SignalTable
    title = gettext_lazy("Warning signals entered")
    add_url_name = "disputes:signal_create"

    def get_queryset(self):
        return super().get_queryset().select_related("employer")


@needs("disputes.add_signalentry")
def signal_create(request):
    form = SignalForm(request.POST or None, user=request.user, initial={"on": timezone.localdate()})

    def save(data):
        services.add_signal(acting_user=request.user, **{**data, "amount_fen": data["amount_fen"] or 0})
        messages.success(request, _("Signal recorded; the employer was assessed again."))
        return redirect("disputes:signals")

    return form_page(request, form, _("Enter a warning signal"), save, template=FORM)
