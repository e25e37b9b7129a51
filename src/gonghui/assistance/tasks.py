"""Assistance's background tasks (see gonghui.core.queue)."""

from types import SimpleNamespace

from celery import current_task, shared_task
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@shared_task(label=gettext_lazy("Export the year report"))
def export_year_report(user_id, year, focus_id=None):
    """The year report's figures as an xlsx for the user who asked (their subtree, their focus
    union), kept as the task's file and downloaded from the task's page. Returns the name the
    file is offered under. Idempotent: a run that finds its file written does nothing."""
    from gonghui.accounts.models import User
    from gonghui.core import replica
    from gonghui.core.export import file_name, write_xlsx
    from gonghui.core.navigation import FOCUS_KEY
    from gonghui.core.queue import file_path

    from . import year_report

    path = file_path(current_task.request.id)
    title = f"{year_report.TITLE} {year}"
    if path.exists():
        return file_name(title)
    user = User.objects.get(pk=user_id)
    reader = SimpleNamespace(user=user, session={FOCUS_KEY: focus_id} if focus_id else {}, GET={})
    with replica.reads():  # the year report is read whole; the replica may serve it
        report = year_report.build(reader, year)
    rows = ([m.label, year_report.wan(figure) if m.total else figure, _("10,000 yuan") if m.total else ""]
            for _sentence, figures in report for m, figure, _url in figures)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as out:
        write_xlsx(out, user=user, title=title, headers=[_("Figure"), _("Value"), _("Unit")], rows=rows,
                   filters={"year": year, "under": focus_id})
    tmp.replace(path)
    return file_name(title)
