"""The year report page and its xlsx export."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.access import refuse
from gonghui.core.export import xlsx_response
from gonghui.core.navigation import current_scope_union

from . import year_report

YEARS_BACK = 5


@login_required
def year_report_page(request):
    """Refused (403) to readers of none of its lists; otherwise the sentences they may see."""
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - YEARS_BACK, -1))
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else this_year
    if year not in years:
        year = this_year
    report = year_report.build(request, year)
    if not report:
        refuse(request.user, None, "assistance.view_visit")
    focus = current_scope_union(request)
    if request.GET.get("export") == "xlsx":
        rows = ([m.label, year_report.wan(figure) if m.total else figure, _("10,000 yuan") if m.total else ""]
                for _sentence, figures in report for m, figure, _url in figures)
        return xlsx_response(user=request.user, title=f"{year_report.TITLE} {year}",
                             headers=[_("Figure"), _("Value"), _("Unit")], rows=rows,
                             filters={"year": year, "under": focus.pk if focus else None})
    return render(request, "assistance/year_report.html", {
        "title": year_report.TITLE, "year": year, "years": years, "report": report, "focus": focus})
