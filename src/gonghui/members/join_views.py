"""Join applications: the worker's phone pages (no sign-in) and the union's review pages.

How the applicant comes back: by their phone and an SMS code, not by a link. Applying
already proves the phone with a code, so the status page asks for the same thing again and
then shows every application made with that phone, on any device, days later. A signed link
would be a bearer credential: forwarded in a chat or caught in a screenshot it shows the
applicant's name and the union's answer to whoever holds it, and it is lost with the browser
tab. The proven phone is kept in the session for half an hour, as its keyed hash only.
"""

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gonghui.core import bulk
from gonghui.core.access import can, get_object
from gonghui.core.audit import client_ip
from gonghui.core.forms import apply_service_errors
from gonghui.core.listing import ListPage

from . import joins
from .filtersets import JoinFilterSet
from .forms import JoinApplyForm, JoinStatusForm
from .models import JoinApplication
from .tables import JoinTable

SESSION_KEY = "join_phone"
SESSION_TTL = 30 * 60
LOOKUP_LIMIT = 20


def _verified_key(request):
    """The keyed hash of the phone this browser proved recently, or None."""
    held = request.session.get(SESSION_KEY)
    if not held or held.get("until", 0) < time.time():
        return None
    return held.get("key")


def _remember(request, phone):
    request.session[SESSION_KEY] = {"key": joins.phone_key(phone), "until": time.time() + SESSION_TTL}


def _prove_phone(request, phone, code):
    """Accept the phone if this session proved it already, else check the code (ValidationError)."""
    if _verified_key(request) == joins.phone_key(phone):
        return
    if not (code or "").strip():
        raise ValidationError({"sms_code": _("Enter the code sent to your phone (tap “Send code” first).")})
    joins.verify_code(phone, code)
    _remember(request, phone)


# --- the worker's pages ------------------------------------------------------------------------

@sensitive_post_parameters("id_number", "phone", "sms_code")
@never_cache
@require_http_methods(["GET", "POST"])
def join_apply(request):
    """Apply to join: who you are, where you work, which union; the phone proven by SMS."""
    form = JoinApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _prove_phone(request, data["phone"], data.pop("sms_code"))
            application = joins.apply(**data)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Application sent to %(union)s. You will see its answer here.")
                             % {"union": application.union.name})
            return redirect("members:join_status")
    return render(request, "members/join/apply.html", {
        "title": _("Apply to join the union"), "form": form, "verified": _verified_key(request) is not None,
    })


CODE_REPLIES = {
    "ok": gettext_lazy("A code has been sent to your phone. It is valid for 5 minutes."),
    "limited": gettext_lazy("Please wait: a number can receive one code a minute and five an hour."),
}


@require_POST
def join_code(request):
    """Send a join code (htmx answers in place; without script, back to the page)."""
    try:
        status = joins.request_code(request.POST.get("phone"), ip=client_ip.get())
        reply, ok = CODE_REPLIES[status], status == "ok"
    except ValidationError as e:
        reply, ok = " ".join(e.messages), False
    if request.htmx:
        return render(request, "accounts/sms_status.html", {"reply": reply, "ok": ok})
    (messages.info if ok else messages.warning)(request, reply)
    back = "members:join_status" if request.POST.get("back") == "status" else "members:join_apply"
    return redirect(back)


@require_GET
def join_unions(request):
    """Unions a worker may join, by name (names only, nothing inside them)."""
    q = request.GET.get("q", "").strip()
    rows = joins.joinable_unions().filter(name__icontains=q).order_by("name")[:LOOKUP_LIMIT] if q else []
    return render(request, "core/widgets/lookup_options.html", {"options": [(u.pk, u.name) for u in rows]})


@sensitive_post_parameters("phone", "sms_code")
@never_cache
@require_http_methods(["GET", "POST"])
def join_status(request):
    """The applicant's applications, once their phone is proven in this session."""
    if request.method == "POST" and request.POST.get("forget"):
        request.session.pop(SESSION_KEY, None)
        return redirect("members:join_status")
    key = _verified_key(request)
    form = JoinStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _prove_phone(request, form.cleaned_data["phone"], form.cleaned_data["sms_code"])
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            return redirect("members:join_status")
    applications = list(joins.applications_of(key)) if key else None
    return render(request, "members/join/status.html", {
        "title": _("My join applications"), "form": form, "applications": applications,
    })


@require_POST
def join_withdraw(request, pk):
    """The applicant withdraws; an application of another phone is "not found"."""
    key = _verified_key(request)
    application = JoinApplication.objects.filter(pk=pk, phone_index=key).first() if key else None
    if application is None:
        raise Http404(_("Not found."))
    try:
        joins.withdraw(application, phone_key=key)
        messages.success(request, _("Application withdrawn."))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("members:join_status")


# --- the union's pages -------------------------------------------------------------------------

class JoinList(ListPage):
    model = JoinApplication
    filterset_class = JoinFilterSet
    table_class = JoinTable
    title = gettext_lazy("Join applications")
    template_name = "members/join/list.html"
    bulk_actions = (("accept", gettext_lazy("Accept selected"), "members:join_bulk"),
                    ("reject", gettext_lazy("Reject selected"), "members:join_bulk"))

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@login_required
def join_detail(request, pk):
    application = get_object(request.user, JoinApplication.objects.select_related(
        "union", "member", "decided_by"), pk=pk)
    pending = application.state == JoinApplication.State.PENDING
    return render(request, "members/join/detail.html", {
        "title": application.name, "a": application,
        "can_decide": pending and can(request.user, "members.add_member", application.union),
        "elsewhere": joins.standing_elsewhere(application) if pending else None,
        "list_url": reverse("members:join_list"),
    })


@login_required
@require_POST
def join_decide(request, pk):
    application = get_object(request.user, JoinApplication, pk=pk)
    accept = request.POST.get("accept") == "1"
    reason = request.POST.get("reason", "")
    try:
        if accept:
            done = joins.accept(application, acting_user=request.user, reason=reason)
            messages.success(request, _("Accepted: %(name)s is now member %(number)s.") % {
                "name": done.name, "number": done.member.number})
        else:
            joins.reject(application, acting_user=request.user, reason=reason)
            messages.success(request, _("Rejected; the applicant will see your reason."))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("members:join_detail", application.pk)


@login_required
@require_POST
def join_bulk(request):
    """Accept or reject the ticked applications: first a page that lists them and asks to
    confirm (and, to reject, for the reason the applicants will read), then every one through
    the same service as the single decision, all or nothing (`core.bulk.decide_many`)."""
    return bulk.decide_many(
        request, permission="members.add_member", back=reverse("members:join_list"),
        queryset=JoinApplication.objects.restrict(request.user).select_related("union").order_by("created_at"),
        describe=lambda a: a.name, union=lambda a: a.union.name, state=lambda a: a.get_state_display(),
        actions={
            "accept": bulk.Action(act=lambda a, reason: joins.accept(a, acting_user=request.user, reason=reason),
                                  verb=_("Accepted"), title=_("Accept these applications?"),
                                  confirm=_("Accept all %(n)d")),
            "reject": bulk.Action(act=lambda a, reason: joins.reject(a, acting_user=request.user, reason=reason),
                                  verb=_("Rejected"), title=_("Reject these applications?"),
                                  confirm=_("Reject all %(n)d"), needs_reason=True, danger=True,
                                  reason_label=_("Reason (each applicant will see it)")),
        })
