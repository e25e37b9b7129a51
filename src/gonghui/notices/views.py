"""The inbox: staff see it in the shell, members on their phone pages (the same URLs, two
layouts). A person reaches only their own notices; another's is "not found"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.forms import show_error

from . import kinds, services
from .forms import InboxFilter, PreferencesForm
from .queries import mine

PER_PAGE = 20


def _is_member(user):
    return user.kind == user.Kind.MEMBER


def _template(request, name):
    return f"notices/{'h5_' if _is_member(request.user) else ''}{name}.html"


@login_required
def inbox(request):
    """My notices, newest first: filter read / unread and by kind, 20 a page."""
    form = InboxFilter(request.GET or None)
    qs = mine(request.user).select_related("outbox")
    if form.is_bound:
        qs = form.filter(qs) if form.is_valid() else qs.none()
    page = Paginator(qs.order_by("-id"), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, _template(request, "inbox"), {
        "title": _("My notices"), "form": form, "page": page, "notices": page.object_list,
        "query": query.urlencode(), "state": request.GET.get("state", ""),
    })


def _safe_next(request, default):
    target = request.POST.get("next") or default
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else default


@login_required
def detail(request, pk):
    """One notice in full, with the link to what it is about; opening it marks it read."""
    notice = services.mark_read(request.user, pk)
    return render(request, _template(request, "detail"), {"title": notice.title, "notice": notice})


@login_required
@require_POST
def read(request, pk):
    services.mark_read(request.user, pk)
    return redirect(_safe_next(request, "notices:inbox"))


@login_required
@require_POST
def read_all(request):
    kind = request.POST.get("kind") or None
    if kind and kind not in kinds.KINDS:
        messages.error(request, _("Unknown notice kind: %(kind)s.") % {"kind": kind})
        return redirect("notices:inbox")
    n = services.mark_all_read(request.user, kind)
    messages.success(request, _("%(n)d notices marked read.") % {"n": n})
    return redirect(_safe_next(request, "notices:inbox"))


@login_required
def preferences(request):
    """How I am told, per kind: inbox only, inbox and SMS, or a daily digest."""
    current = {code: services.channel_for(request.user, code) for code in kinds.KINDS}
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST":
        choices = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        try:
            services.set_preferences(request.user, choices)
        except ValidationError as e:
            show_error(request, e)
        else:
            messages.success(request, _("Your notice settings are saved."))
            return redirect("notices:preferences")
    return render(request, _template(request, "preferences"), {
        "title": _("Notice settings"), "form": form,
        "fixed": [k for k in kinds.KINDS.values() if k.configurable and k.must_not_miss]})
