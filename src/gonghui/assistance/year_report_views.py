"""The year report page and its xlsx export (a task: gonghui.assistance.tasks)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from gonghui.core import queue, replica
from gonghui.core.access import refuse
from gonghui.core.navigation import current_scope_union

from . import tasks, year_report

YEARS_BACK = 5


@login_required
@replica.report
def year_report_page(request):
    """Refused (403) to readers of none of its lists; otherwise the sentences they may see."""
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - YEARS_BACK, -1))
    asked = request.POST if request.method == "POST" else request.GET
    year = int(asked["year"]) if asked.get("year", "").isdigit() else this_year
    if year not in years:
        year = this_year
    report = year_report.build(request, year)
    if not report:
        refuse(request.user, None, "assistance.view_visit")
    focus = current_scope_union(request)
    if request.method == "POST":  # the export runs as a task; its page offers the file when it is ready
        run = queue.start(tasks.export_year_report, request.user.pk, year, focus.pk if focus else None,
                          user=request.user)
        return redirect("core:task_detail", run.pk)
    return render(request, "assistance/year_report.html", {
        "title": year_report.TITLE, "year": year, "years": years, "report": report, "focus": focus})
