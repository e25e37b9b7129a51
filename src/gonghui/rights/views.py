"""Rights pages: the staff's request list, hotline form, request page with its actions and the
supervisor's board; legal aid and its roster; the worker's phone pages (a member signed in, or
a worker who proves their mobile by SMS as join applications do)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core import audit
from gonghui.core.access import can, get_object, needs, require
from gonghui.core.forms import apply_service_errors, form_page
from gonghui.core.listing import ListPage
from gonghui.core.money import yuan
from gonghui.members import join_views
from gonghui.members.models import Member
from gonghui.rules import rulebook

from . import queries, services
from .filtersets import LegalAidFilterSet, ProviderFilterSet, RequestFilterSet
from .forms import (
    AcceptForm,
    AskForm,
    AssignForm,
    CloseAidForm,
    CloseForm,
    DecideForm,
    FollowUpForm,
    HandleForm,
    HotlineForm,
    LegalAidForm,
    ProviderForm,
    ReclassForm,
    ReplyForm,
    ServiceForm,
)
from .models import AidProvider, LegalAidCase, Request
from .tables import LegalAidTable, ProviderTable, RequestTable

FORM = "orgs/form.html"


# --- requests: staff ------------------------------------------------------------------------------

class RequestList(ListPage):
    model = Request
    filterset_class = RequestFilterSet
    table_class = RequestTable
    title = gettext_lazy("Workers' requests (12351)")
    add_url_name = "rights:create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs("rights.add_request")
def request_create(request):
    """A hotline clerk records a call."""
    form = HotlineForm(request.POST or None, request.FILES or None, initial={"received_on": timezone.localdate()})

    def save(data):
        upload = data.get("file")
        req = services.submit_request(
            acting_user=request.user, channel=Request.Channel.HOTLINE, kind=data["kind"], topic=data["topic"],
            description=data["description"], worker_name=data["worker_name"], employer_name=data["employer_name"],
            county=data.get("county"), phone=data.get("phone", ""), workers_involved=data["workers_involved"],
            amount_claimed_fen=data.get("amount_claimed_fen") or 0, received_on=data["received_on"],
            files=[upload] if upload else [])
        messages.success(request, _("Request %(number)s recorded and sent to %(union)s.") % {
            "number": req.number, "union": req.union.name})
        return redirect("rights:detail", req.pk)

    return form_page(request, form, _("Record a hotline call (12351)"), save, template="rights/hotline.html")


def _request(request, pk):
    return get_object(request.user, Request.objects.select_related("union", "employer", "member", "escalated_to"),
                      pk=pk)


ACTIONS = {"accept": AcceptForm, "reclassify": ReclassForm, "handle": HandleForm, "reply": ReplyForm,
           "follow_up": FollowUpForm, "close": CloseForm}


def _deadline(req):
    ruling = rulebook.value(req.deadline_rule, on=req.received_on, region=req.union.region_id)
    return ruling


def _request_page(request, req, forms=None):
    forms = forms or {}
    today = timezone.localdate()
    for name, cls in ACTIONS.items():
        if name not in forms:
            initial = {"replied_on": today} if name == "reply" else {"klass": req.klass}
            forms[name] = cls(initial=initial)
    return render(request, "rights/request_detail.html", {
        "title": req.number, "r": req, "ruling": _deadline(req), "forms": forms,
        "may": services.may_handle(request.user, req), "attachments": req.attachments.all(),
        "aid_cases": req.legal_aid_cases.all(), "history": audit.history(req), "money": yuan(req.money_recovered_fen)})


@login_required
def request_detail(request, pk):
    return _request_page(request, _request(request, pk))


@login_required
@require_POST
def request_action(request, pk, action):
    req = _request(request, pk)
    if action not in ACTIONS:
        raise Http404(_("Not found."))
    require(request.user, "rights.change_request", req.union, obj=req)
    form = ACTIONS[action](request.POST)
    if form.is_valid():
        d = form.cleaned_data
        u = request.user
        try:
            if action == "accept":
                services.accept_request(req, acting_user=u, klass=d["klass"], reason=d["reason"])
            elif action == "reclassify":
                services.reclassify_request(req, acting_user=u, klass=d["klass"], reason=d["reason"])
            elif action == "handle":
                services.handle_request(req, acting_user=u, result=d["result"],
                                        money_recovered_fen=d.get("money_recovered_fen") or 0)
            elif action == "reply":
                services.reply_request(req, acting_user=u, reply=d["reply"], replied_on=d["replied_on"])
            elif action == "follow_up":
                services.follow_up_request(req, acting_user=u, satisfaction=d["satisfaction"], note=d["note"])
            else:
                services.close_request(req, acting_user=u, passed=d["passed"] == "1", note=d["note"])
            messages.success(request, _("Saved."))
            return redirect("rights:detail", req.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _request_page(request, req, {action: form})


@login_required
def request_file(request, pk, file_pk):
    """An attachment, for those who may see the request (members: their own)."""
    req = Request.objects.filter(pk=pk).first()
    member = Member.objects.of_user(request.user)
    if req is None or not (member is not None and queries.my_requests(member).filter(pk=pk).exists()):
        req = _request(request, pk)
    attachment = req.attachments.filter(pk=file_pk).first()
    if attachment is None:
        raise Http404(_("Not found."))
    return attachment.response()


def _links(base, extra):
    """The list addresses behind one row of figures (each count opens its requests)."""
    def url(**params):
        return reverse("rights:list") + "?" + urlencode(base | extra | params)

    return {"total": url(), "closed": url(progress="closed"), "on_time": url(progress="on_time"),
            "overdue": url(progress="overdue"), "followed": url(satisfaction="followed"),
            "satisfied": url(satisfaction="content"), "money": url(money="true")}


@login_required
def board(request):
    """The supervisor's board: on-time rate, closure rate, satisfaction and money recovered,
    in total, by handling union and by topic; each figure is a link to the list filtered the same
    way."""
    require(request.user, "rights.view_request")
    qs = Request.objects.restrict(request.user)
    year = request.GET.get("year", "")
    if not (year.isdigit() and 2000 <= int(year) <= 2100):
        year = ""  # a year the board cannot hold shows every year
    if year:
        qs = qs.filter(received_on__year=int(year))
    figures = queries.board(qs)
    base = {"received_from": f"{year}-01-01", "received_to": f"{year}-12-31"} if year.isdigit() else {}
    if figures["total"]:
        figures["total"]["links"] = _links(base, {})
    for r in figures["by_union"]:
        r["label"], r["links"] = r["union__name"], _links(base, {"union": r["union_id"]})
    for r in figures["by_topic"]:
        r["links"] = _links(base, {"topic": r["topic"]})
    for r in [figures["total"], *figures["by_union"], *figures["by_topic"]]:
        if r:
            r["money_yuan"] = yuan(r["money"])
    years = sorted({d.year for d in Request.objects.restrict(request.user).dates("received_on", "year")},
                   reverse=True)
    aid = None
    if can(request.user, "rights.view_legalaidcase"):
        cases = LegalAidCase.objects.restrict(request.user)
        if year:
            cases = cases.filter(applied_on__year=int(year))
        aid = queries.legal_aid_figures(cases)
        aid["money_yuan"] = yuan(aid["money"])
        url = reverse("rights:aid_list")
        aid["rows"] = [(label, aid[state], f"{url}?state={state}") for state, label in LegalAidCase.State.choices]
        aid["overdue_url"] = f"{url}?overdue=true"
    return render(request, "rights/board.html", {"title": _("Requests board"), "f": figures, "year": year,
                                                 "years": years, "aid": aid})


# --- legal aid: staff --------------------------------------------------------------------------------

class LegalAidList(ListPage):
    model = LegalAidCase
    filterset_class = LegalAidFilterSet
    table_class = LegalAidTable
    title = gettext_lazy("Legal aid")
    add_url_name = "rights:aid_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union", "provider")


@needs("rights.add_legalaidcase")
def aid_create(request):
    form = LegalAidForm(request.POST or None, user=request.user)

    def save(data):
        member = None
        number = (data.get("member_number") or "").strip()
        if number:
            member = Member.objects.restrict(request.user).filter(number=number).first()
            if member is None:
                raise ValidationError({"member_number": _("No member with this number in your unions.")})
        case = services.apply_legal_aid(
            acting_user=request.user, union=data["union"], member=member, applicant_name=data["applicant_name"],
            matter=data["matter"], facts=data["facts"], amount_claimed_fen=data.get("amount_claimed_fen") or 0,
            basis=data["basis"], income_per_head_fen=data.get("income_per_head_fen"),
            employer=member.employer if member else None)
        messages.success(request, _("Application %(number)s recorded; decide by %(day)s.") % {
            "number": case.number, "day": case.decision_due_on})
        return redirect("rights:aid_detail", case.pk)

    return form_page(request, form, _("New legal aid application"), save, template=FORM)


AID_ACTIONS = {"decide": DecideForm, "assign": AssignForm, "serve": ServiceForm, "close": CloseAidForm}


def _aid(request, pk):
    return get_object(request.user, LegalAidCase.objects.select_related("union", "member", "provider"), pk=pk)


def _aid_form(name, case, data=None):
    if name == "assign":
        return AssignForm(data, providers=services.providers_for(case.union))
    return AID_ACTIONS[name](data)


def _aid_page(request, case, forms=None):
    forms = forms or {}
    for name in AID_ACTIONS:
        forms.setdefault(name, _aid_form(name, case))
    return render(request, "rights/aid_detail.html", {
        "title": case.number, "c": case, "forms": forms,
        "may": can(request.user, "rights.change_legalaidcase", case.union), "history": audit.history(case),
        "money": yuan(case.money_recovered_fen)})


@login_required
def aid_detail(request, pk):
    return _aid_page(request, _aid(request, pk))


@login_required
@require_POST
def aid_action(request, pk, action):
    case = _aid(request, pk)
    if action not in AID_ACTIONS:
        raise Http404(_("Not found."))
    require(request.user, "rights.change_legalaidcase", case.union, obj=case)
    form = _aid_form(action, case, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        u = request.user
        try:
            if action == "decide":
                services.decide_legal_aid(case, acting_user=u, grant=d["decision"] == "grant", reason=d["reason"])
            elif action == "assign":
                services.assign_legal_aid(case, acting_user=u, provider=d["provider"])
            elif action == "serve":
                services.record_service(case, acting_user=u, service=d["service"], note=d["note"])
            else:
                services.close_legal_aid(case, acting_user=u, result=d["result"],
                                         money_recovered_fen=d.get("money_recovered_fen") or 0, rating=d["rating"])
            messages.success(request, _("Saved."))
            return redirect("rights:aid_detail", case.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _aid_page(request, case, {action: form})


class ProviderList(ListPage):
    model = AidProvider
    filterset_class = ProviderFilterSet
    table_class = ProviderTable
    title = gettext_lazy("Lawyers and volunteers")
    add_url_name = "rights:provider_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs("rights.add_aidprovider")
def provider_create(request):
    form = ProviderForm(request.POST or None, user=request.user)

    def save(data):
        services.add_provider(acting_user=request.user, **data)
        messages.success(request, _("Added to the roster."))
        return redirect("rights:providers")

    return form_page(request, form, _("Add a lawyer or volunteer"), save, template=FORM)


# --- the worker's phone pages ------------------------------------------------------------------------

def _me(request):
    return Member.objects.of_user(request.user)


@login_required
def my_requests(request):
    member = _me(request)
    if member is None:
        return render(request, "rights/h5_no_member.html", {"title": _("Ask the union for help (12351)")})
    return render(request, "rights/h5_requests.html", {
        "title": _("Ask the union for help (12351)"), "requests": list(queries.my_requests(member)[:50]),
        "cases": list(member.legal_aid_cases.order_by("-applied_on")[:20])})


@login_required
def my_request_new(request):
    member = _me(request)
    if member is None:
        return render(request, "rights/h5_no_member.html", {"title": _("New request")})
    employer = member.employer or member.union.employer
    form = AskForm(request.POST or None, request.FILES or None, member=member,
                   initial={"employer_name": employer.name if employer else ""})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            req = services.submit_request(
                acting_user=request.user, member=member, worker_name=member.name, kind=d["kind"], topic=d["topic"],
                description=d["description"], employer_name=d["employer_name"], county=d.get("county"),
                workers_involved=d["workers_involved"], amount_claimed_fen=d.get("amount_claimed_fen") or 0,
                files=[d["file"]] if d.get("file") else [])
            messages.success(request, _("Request %(number)s sent to %(union)s.") % {
                "number": req.number, "union": req.union.name})
            return redirect("rights:my_request", req.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return render(request, "rights/h5_request_new.html", {"title": _("New request"), "form": form, "member": member})


@login_required
def my_request(request, pk):
    member = _me(request)
    req = queries.my_requests(member).filter(pk=pk).first() if member else None
    if req is None:
        raise Http404(_("Not found."))
    return render(request, "rights/h5_request.html", {"title": req.number, "r": req,
                                                      "attachments": req.attachments.all()})


@sensitive_post_parameters("phone", "sms_code")
@never_cache
@require_http_methods(["GET", "POST"])
def ask(request):
    """A worker who is not a member (or not signed in) asks for help, proving their mobile by SMS."""
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            join_views._prove_phone(request, d["phone"], d["sms_code"])
            req = services.submit_request(
                worker_name=d["worker_name"], phone=d["phone"], phone_key=join_views._verified_key(request),
                kind=d["kind"], topic=d["topic"], description=d["description"], employer_name=d["employer_name"],
                county=d.get("county"), workers_involved=d["workers_involved"],
                amount_claimed_fen=d.get("amount_claimed_fen") or 0)
            messages.success(request, _("Request %(number)s sent to %(union)s. You will see its answer here.") % {
                "number": req.number, "union": req.union.name})
            return redirect("rights:ask_status")
        except ValidationError as e:
            apply_service_errors(form, e)
    return render(request, "rights/ask.html", {"title": _("Ask the union for help (12351)"), "form": form,
                                               "verified": join_views._verified_key(request) is not None})


@never_cache
def ask_status(request):
    """The requests made with the phone this browser proved (as the join status page)."""
    key = join_views._verified_key(request)
    return render(request, "rights/ask_status.html", {
        "title": _("My requests"), "requests": list(queries.my_requests(phone_key=key)[:50]) if key else None})
