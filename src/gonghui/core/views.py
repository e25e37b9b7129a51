"""Pages of the core app: the audit trail, the subtree switcher, help and task progress."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.orgs.models import Union

from . import audit
from .access import get_object, refuse, scope
from .filtersets import AuditFilterSet
from .listing import ListPage
from .models import AuditEntry
from .navigation import FOCUS_KEY
from .tables import AuditTable


def help_index(request):
    """Every help topic, for staff and members alike (no sign-in needed: it explains rules)."""
    from .help import TOPICS

    return render(request, "core/help_index.html", {"title": _("Help"), "topics": TOPICS.items()})


def help_topic(request, topic):
    from django.http import Http404

    from .help import TOPICS

    if topic not in TOPICS:
        raise Http404
    return render(request, "core/help_topic.html", {"title": TOPICS[topic], "topic": topic,
                                                    "text": f"core/help/{topic}.html"})


@login_required
@require_POST
def focus(request):
    """The subtree switcher: look at one union's subtree, or at everything again."""
    pk = request.POST.get("union")
    if pk:
        union = get_object(request.user, Union, pk=pk)
        request.session[FOCUS_KEY] = union.pk
        messages.info(request, _("Now showing %(name)s and the unions below it.") % {"name": union.name})
    else:
        request.session.pop(FOCUS_KEY, None)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


class AuditList(ListPage):
    model = AuditEntry
    filterset_class = AuditFilterSet
    table_class = AuditTable
    title = gettext_lazy("Audit trail")
    focus_filter = None
    template_name = "core/audit_list.html"


@login_required
def audit_detail(request, pk):
    entry = get_object(request.user, AuditEntry, pk=pk)
    rows = [(field, before, after) for field, before, after in audit.describe(entry)]
    return render(request, "core/audit_detail.html", {"title": _("Audit entry"), "entry": entry, "rows": rows})


@login_required
@require_POST
def audit_verify(request):
    """Re-check the whole hash chain on demand (auditors); the result is itself recorded."""
    if not scope(request.user, "core.view_auditentry").everything:  # the chain spans every subtree
        refuse(request.user, None, "core.view_auditentry")
    checked, broken, why = audit.verify()
    if broken is None:
        messages.success(request, _("The audit chain is intact: %(n)d entries checked.") % {"n": checked})
    else:
        messages.error(request, _("The audit chain is broken at entry %(id)d: %(why)s.") % {"id": broken, "why": why})
    audit.record("verify", actor=request.user, changes={"checked": checked, "broken_at": broken})
    return redirect("core:audit_list")


def _my_run(request, pk):
    """A task run the user started; anyone else's answers 404, as a missing one."""
    from django.http import Http404

    from .models import TaskRun

    run = TaskRun.objects.filter(pk=pk, started_by=request.user).first()
    if run is None:
        raise Http404
    return run


@login_required
def task_detail(request, pk):
    """A task the user started (an export): its state and progress, polled while it runs, and
    its file once it is ready."""
    from . import queue

    run = _my_run(request, pk)
    context = {"title": _("Background task"), "run": run, "status": queue.status(run),
               "has_file": queue.file_path(run.pk).exists()}
    if request.headers.get("HX-Request") and request.GET.get("part") == "status":
        return render(request, "core/_task_status.html", context)
    return render(request, "core/task_detail.html", context)


@login_required
def task_file(request, pk):
    """The file a task made (an export), for the user who started it."""
    from django.http import Http404

    from . import queue
    from .export import download

    run = _my_run(request, pk)
    path = queue.file_path(run.pk)
    if run.state != run.State.SUCCEEDED or not path.exists():
        raise Http404
    return download(open(path, "rb"), run.result or path.name)  # noqa: SIM115 - FileResponse closes it
