"""The overdue list: open deadlines past their last day, cut to the user's subtree (each kind
of object to where the user may see that kind), filtered by kind, paginated and exported."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.access import needs
from gonghui.core.export import xlsx_response

from . import deadlines

PER_PAGE = 50


@needs("rules.view_deadline")
def overdue(request):
    today = timezone.localdate()
    kind = request.GET.get("kind") or ""
    kinds = [kind] if kind in deadlines.KINDS else None
    qs = deadlines.overdue_for(request.user, today, kinds=kinds).select_related("union")
    if request.GET.get("export") == "xlsx":
        rows = ((deadlines.kind_label(d.kind), d.title, d.union.name, d.started_on, d.due_on, (today - d.due_on).days,
                 d.rule) for d in qs.iterator(chunk_size=2000))
        return xlsx_response(user=request.user, title=_("Overdue deadlines"),
                             headers=[_("Kind"), _("Title"), _("Union"), _("Started on"), _("Due on"),
                                      _("Days overdue"), _("Rule")], rows=rows,
                             filters={"kind": kind} if kind else None)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "rules/overdue.html", {
        "title": _("Overdue deadlines"), "page": page, "today": today, "kind": kind,
        "kinds": [(k, str(label)) for k, label in deadlines.KINDS.items()],
        "rows": [(d, deadlines.kind_label(d.kind), (today - d.due_on).days) for d in page.object_list]})
