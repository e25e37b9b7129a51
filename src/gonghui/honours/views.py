"""Honours pages: the registry (list, detail with history, revoke, mark deceased, certificate),
selection rounds (call, nominations, review at each level, clearances, 公示 and objections, award),
the honours report, and the member's phone page of their own honours."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit, pdf
from gonghui.core.access import can, get_object, needs, require
from gonghui.core.forms import apply_service_errors, form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.members.models import Member
from gonghui.orgs.models import Union

from . import queries, report, rules, services
from .filtersets import HonourFilterSet, NominationFilterSet, RoundFilterSet, VisitFilterSet
from .forms import (
    ClearanceForm,
    ConferForm,
    FindingForm,
    NominateForm,
    ObjectionForm,
    ReasonForm,
    ReviewForm,
    RoundForm,
    SubsidyForm,
    VisitForm,
)
from .models import Honour, ModelWorkerVisit, Nomination, Objection, SelectionRound
from .tables import HonourTable, NominationTable, RoundTable, VisitTable

FORM = "orgs/form.html"


# --- the registry --------------------------------------------------------------------------------

class HonourList(ListPage):
    model = Honour
    filterset_class = HonourFilterSet
    table_class = HonourTable
    title = gettext_lazy("Honours")
    add_url_name = "honours:create"

    def get_queryset(self):
        return super().get_queryset().select_related("member", "union", "employer", "registered_with")


def _member_by_number(user, number):
    member = Member.objects.restrict(user).filter(number=(number or "").strip()).first()
    if member is None:
        raise ValidationError({"number": _("No member with this number in your unions.")})
    return member


@needs("honours.add_honour")
def honour_create(request):
    form = ConferForm(request.POST or None, initial={"year": timezone.localdate().year})

    def save(data):
        h = services.confer(acting_user=request.user, member=_member_by_number(request.user, data["number"]),
                            title=data["title"], level=data["level"], year=data["year"],
                            conferring_body=data["conferring_body"], certificate_no=data["certificate_no"],
                            source=data["source"])
        messages.success(request, _("Honour recorded."))
        return redirect("honours:detail", h.pk)

    return form_page(request, form, _("Record an honour"), save, template=FORM)


def _honour(request, pk):
    return get_object(request.user, Honour.objects.select_related("member", "union", "employer", "registered_with"),
                      pk=pk)


@login_required
def honour_detail(request, pk):
    h = _honour(request, pk)
    return render(request, "honours/honour_detail.html", {
        "title": str(h), "h": h, "may": can(request.user, "honours.change_honour", h.registered_with),
        "form": ReasonForm(), "history": audit.history(h),
        "others": Honour.objects.filter(member=h.member).exclude(pk=h.pk) if h.member_id else []})


@login_required
@require_POST
def honour_action(request, pk, action):
    h = _honour(request, pk)
    require(request.user, "honours.change_honour", h.registered_with, obj=h)
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        if action == "revoke":
            services.revoke(h, acting_user=request.user, reason=reason)
            messages.success(request, _("Honour revoked."))
        elif action == "deceased":
            services.mark_deceased(h, acting_user=request.user, reason=reason)
            messages.success(request, _("The holder is recorded as deceased."))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("honours:detail", h.pk)


@login_required
def certificate(request, pk):
    """The certificate (荣誉证书) of an honour, as a PDF."""
    h = _honour(request, pk)
    if h.state != Honour.State.HELD:
        messages.error(request, _("Only a held honour has a certificate."))
        return redirect("honours:detail", h.pk)
    return pdf.document(request, "honours/certificate_pdf.html", {"h": h}, title=_("Certificate of honour"),
                        issuer=h.conferring_body, qr_url=reverse("honours:detail", args=[h.pk]), obj=h)


# --- selection rounds ----------------------------------------------------------------------------

class RoundList(ListPage):
    model = SelectionRound
    filterset_class = RoundFilterSet
    table_class = RoundTable
    title = gettext_lazy("Selection rounds")
    add_url_name = "honours:round_create"
    focus_filter = None

    def get_queryset(self):
        return SelectionRound.objects.filter(SelectionRound.scope_q(self.request.user, "honours.view_selectionround")
                                             ).select_related("union")


def _quotas(user, text):
    """Quota lines "衡阳县总工会 5" → [(union, 5)], unions looked up by name in the user's scope."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        name, _sep, number = line.rpartition(" ")
        union = Union.objects.restrict(user).filter(name=name.strip()).first()
        if union is None or not number.strip().isdigit():
            raise ValidationError({"quotas": _("Quota line “%(line)s”: give a union of your area and a number.") % {
                "line": line}})
        out.append((union, int(number)))
    return out


@needs("honours.add_selectionround")
def round_create(request):
    form = RoundForm(request.POST or None, user=request.user)

    def save(data):
        r = services.create_round(acting_user=request.user, union=data["union"], name=data["name"],
                                  year=data["year"], title=data["title"], level=data["level"],
                                  conferring_body=data["conferring_body"], nominate_until=data["nominate_until"],
                                  criteria=data["criteria"], quotas=_quotas(request.user, data["quotas"]))
        messages.success(request, _("Selection round created: unions may now nominate."))
        return redirect("honours:round_detail", r.pk)

    return form_page(request, form, _("New selection round"), save, template=FORM)


def _round(request, pk):
    r = SelectionRound.objects.filter(SelectionRound.scope_q(request.user, "honours.view_selectionround")).filter(
        pk=pk).select_related("union").first()
    if r is None:
        return get_object(request.user, SelectionRound, pk=pk)  # raises the audited 404
    return r


@login_required
def round_detail(request, pk):
    r = _round(request, pk)
    nominations = list(Nomination.objects.restrict(request.user).filter(round=r)
                       .select_related("member", "employer", "union", "nominated_by", "honour").order_by("id"))
    batch = services.batch_of(r)
    used = dict(Nomination.objects.filter(round=r, state__in=Nomination.LIVE).values_list("quota")
                .annotate(n=Count("pk")).order_by())
    quotas = [(q, used.get(q.pk, 0)) for q in r.quotas.select_related("union")]
    may_run = can(request.user, "honours.change_selectionround", r.union)
    return render(request, "honours/round_detail.html", {
        "title": r.name, "r": r, "nominations": nominations, "quotas": quotas,
        "mix": rules.check_mix(r, batch), "batch_size": len(batch), "may_run": may_run,
        "may_award": can(request.user, "honours.award_selectionround", r.union),
        "may_nominate": can(request.user, "honours.add_nomination") and r.state == "nominating",
        "publicity_closed": r.publicity_closed(), "history": audit.history(r)})


@login_required
@require_POST
def round_action(request, pk, action):
    r = _round(request, pk)
    try:
        if action == "publicity":
            services.start_publicity(r, acting_user=request.user)
            messages.success(request, _("Publicity started."))
        elif action == "award":
            won = services.award(r, acting_user=request.user)
            messages.success(request, _("%(n)d honours conferred.") % {"n": len(won)})
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("honours:round_detail", r.pk)


@login_required
def nominate(request, pk):
    r = _round(request, pk)
    require(request.user, "honours.add_nomination")
    form = NominateForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            member = _member_by_number(request.user, d["number"]) if d["number"].strip() else None
            from django.db import transaction

            with transaction.atomic():
                n = services.nominate(r, acting_user=request.user, nominated_by=d["nominated_by"], member=member,
                                      collective_name=d["collective_name"] if member is None else "",
                                      employer=None, union=None if member else d["nominated_by"],
                                      sector=d["sector"], deeds=d["deeds"], is_frontline=d["is_frontline"],
                                      is_industrial_worker=d["is_industrial_worker"],
                                      is_enterprise_head=d["is_enterprise_head"],
                                      is_farmer_worker=d["is_farmer_worker"])
                if d.get("materials"):
                    services.add_material(n, acting_user=request.user, upload=d["materials"])
            messages.success(request, _("Nomination submitted for review."))
            return redirect("honours:nomination_detail", n.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return render(request, FORM, {"title": _("Nominate: %(round)s") % {"round": r.name}, "form": form,
                                  "multipart": True})


class NominationList(ListPage):
    model = Nomination
    filterset_class = NominationFilterSet
    table_class = NominationTable
    title = gettext_lazy("Nominations")

    def get_queryset(self):
        return super().get_queryset().select_related("round", "nominated_by", "member", "employer", "union")


def _nomination(request, pk):
    return get_object(request.user, Nomination.objects.select_related(
        "round", "round__union", "nominated_by", "member", "quota__union", "honour"), pk=pk)


def _nomination_page(request, n, **forms):
    chain = services.review_chain(n)
    agencies, ruling = rules.clearance_agencies(n.round.region_code)
    step_union = chain[n.review_step] if n.state == "submitted" and n.review_step < len(chain) else None
    reviews = n.reviews.select_related("union", "decided_by")
    # Nobody decides what they nominated or already decided below (services.review): they get a
    # line saying a colleague decides, not a form that would be refused.
    decided = request.user.pk in {n.submitted_by_id, *(r.decided_by_id for r in reviews)}
    may_review = step_union is not None and can(request.user, "honours.review_nomination", step_union)
    return render(request, "honours/nomination_detail.html", {
        "title": n.nominee_name, "n": n, "chain": chain, "step_union": step_union,
        "reviews": reviews,
        "clearances": n.clearances.order_by("agency", "-id"), "missing": services.missing_clearances(n),
        "clearance_rule": ruling, "objections": n.objections.all(), "materials": n.materials.all(),
        "may_review": may_review and not decided, "colleague_reviews": may_review and decided,
        "may_clear": can(request.user, "honours.change_nomination", n.nominated_by),
        "may_withdraw": n.state in (Nomination.State.SUBMITTED, Nomination.State.APPROVED)
        and can(request.user, "honours.change_nomination", n.nominated_by),
        "may_object": can(request.user, "honours.add_objection", n.round.union),
        "may_resolve": can(request.user, "honours.change_objection", n.round.union),
        "review_form": forms.get("review") or ReviewForm(),
        "clearance_form": forms.get("clearance") or ClearanceForm(agencies=agencies,
                                                                  initial={"given_on": timezone.localdate()}),
        "objection_form": forms.get("objection") or ObjectionForm(initial={"received_on": timezone.localdate()}),
        "withdraw_form": forms.get("withdraw") or ReasonForm(),
        "finding_form": FindingForm(), "history": audit.history(n)})


@login_required
def nomination_detail(request, pk):
    return _nomination_page(request, _nomination(request, pk))


@login_required
@require_POST
def nomination_action(request, pk, action):
    n = _nomination(request, pk)
    try:
        if action == "review":
            form = ReviewForm(request.POST)
            if not form.is_valid():
                return _nomination_page(request, n, review=form)
            try:
                services.review(n, acting_user=request.user, approve=form.cleaned_data["decision"] == "approve",
                                opinion=form.cleaned_data["opinion"])
            except ValidationError as e:
                apply_service_errors(form, e)
                return _nomination_page(request, n, review=form)
            messages.success(request, _("Decision recorded."))
        elif action == "clearance":
            agencies, _ruling = rules.clearance_agencies(n.round.region_code)
            form = ClearanceForm(request.POST, agencies=agencies)
            if not form.is_valid():
                return _nomination_page(request, n, clearance=form)
            services.record_clearance(n, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Opinion recorded."))
        elif action == "objection":
            form = ObjectionForm(request.POST)
            if not form.is_valid():
                return _nomination_page(request, n, objection=form)
            try:
                services.raise_objection(n, acting_user=request.user, **form.cleaned_data)
            except ValidationError as e:
                apply_service_errors(form, e)
                return _nomination_page(request, n, objection=form)
            messages.warning(request, _("Objection recorded: the nominee is on hold."))
        elif action == "withdraw":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                return _nomination_page(request, n, withdraw=form)
            try:
                services.withdraw(n, acting_user=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as e:
                apply_service_errors(form, e)
                return _nomination_page(request, n, withdraw=form)
            messages.success(request, _("Nomination withdrawn."))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("honours:nomination_detail", n.pk)


@login_required
@require_POST
def objection_resolve(request, pk):
    o = Objection.objects.filter(pk=pk).select_related("nomination").first()
    n = _nomination(request, o.nomination_id if o else 0)
    form = FindingForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"finding": _("Give the finding.")})
        services.resolve_objection(o, acting_user=request.user, uphold=form.cleaned_data["uphold"] == "uphold",
                                   finding=form.cleaned_data["finding"])
        messages.success(request, _("Finding recorded."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("honours:nomination_detail", n.pk)


class VisitList(ListPage):
    model = ModelWorkerVisit
    filterset_class = VisitFilterSet
    table_class = VisitTable
    title = gettext_lazy("Model worker visits")
    add_url_name = "honours:visit_create"

    def get_queryset(self):
        return super().get_queryset().select_related("member", "union")


def _fen(value):
    return int((value or 0) * 100)


@needs("honours.add_modelworkervisit")
def visit_create(request):
    form = VisitForm(request.POST or None, user=request.user, initial={"visited_on": timezone.localdate()})

    def save(data):
        services.record_visit(acting_user=request.user, member=_member_by_number(request.user, data["number"]),
                              union=data["union"], visited_on=data["visited_on"], amount_fen=_fen(data["amount"]),
                              note=data["note"])
        messages.success(request, _("Visit recorded."))
        return redirect("honours:visits")

    return form_page(request, form, _("Record a model worker visit"), save, template=FORM)


@needs("assistance.add_assistanceapplication")
def subsidy_create(request, kind):
    """A 劳模 subsidy computed by the jurisdiction's formula, filed as an assistance application."""
    if kind not in ("living", "special"):
        raise Http404
    form = SubsidyForm(request.POST or None, user=request.user, kind=kind)

    def save(data):
        member = _member_by_number(request.user, data["number"])
        bank = {"bank_name": data["bank_name"], "bank_account": data["bank_account"]}
        if kind == "living":
            a = services.grant_living_subsidy(acting_user=request.user, programme=data["programme"], member=member,
                                              status=data["status"], own_income_fen=_fen(data["own_income"]),
                                              months=data["months"] or 0, **bank)
        else:
            a = services.grant_special_help(acting_user=request.user, programme=data["programme"], member=member,
                                            spending_fen=_fen(data["spending"]), cause=data["cause"], **bank)
        messages.success(request, _("Application filed: %(reason)s") % {"reason": a.reason})
        return redirect("assistance:application_detail", a.pk)

    title = _("Model worker living subsidy") if kind == "living" else _("Model worker special hardship help")
    return form_page(request, form, title, save, template=FORM)


# --- the report ----------------------------------------------------------------------------------

@needs("honours.view_honour")
def honours_report(request):
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else timezone.localdate().year
    return render(request, "honours/report.html", {"title": _("Honours report"), **report.build(request.user, year)})


# --- the member's phone page ---------------------------------------------------------------------

@login_required
def my_honours(request):
    member = Member.objects.of_user(request.user)
    return render(request, "honours/h5_honours.html", {
        "title": _("My honours"), "member": member,
        "honours": list(queries.my_honours(member)) if member else []})
