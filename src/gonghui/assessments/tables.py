import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable

from .models import Assessment, RectificationTask, Showcase


class AssessmentTable(ListTable):
    year = tables.Column(verbose_name=_("Year"), linkify=("assessments:detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path",
                          linkify=("assessments:detail", [tables.A("pk")]))
    criteria_set = tables.Column(verbose_name=_("Criteria set"))
    state = tables.Column(verbose_name=_("State"))
    outcome = tables.Column(verbose_name=_("Outcome"))
    self_total = tables.Column(verbose_name=_("Self score"))
    review_total = tables.Column(verbose_name=_("Review score"))
    submitted_at = tables.DateTimeColumn(verbose_name=_("Submitted at"))
    overdue_tasks = tables.Column(verbose_name=_("Overdue tasks"))

    class Meta(ListTable.Meta):
        model = Assessment
        fields = ("year", "union", "criteria_set", "state", "outcome", "self_total", "review_total", "submitted_at",
                  "overdue_tasks")
        attrs = ListTable.Meta.attrs | {"data-testid": "assessment-table"}

    def render_overdue_tasks(self, value):
        if value:
            return format_html('<span class="badge text-bg-danger" data-testid="overdue">{}</span>', value)
        return "—"

    def value_overdue_tasks(self, value):
        return value


class TaskTable(ListTable):
    deadline = tables.DateColumn(verbose_name=_("Deadline"))
    union = tables.Column(verbose_name=_("Union"), accessor="assessment__union__name",
                          order_by="assessment__union__path",
                          linkify=("assessments:detail", [tables.A("assessment_id")]))
    item = tables.Column(verbose_name=_("Item"), accessor="item__criterion__name", orderable=False)
    requirement = tables.Column(verbose_name=_("Requirement"))
    state = tables.Column(verbose_name=_("State"))
    overdue = tables.Column(verbose_name=_("Overdue"), empty_values=(), orderable=False)

    class Meta(ListTable.Meta):
        model = RectificationTask
        fields = ("deadline", "union", "item", "requirement", "state", "overdue")
        attrs = ListTable.Meta.attrs | {"data-testid": "task-table"}

    def render_overdue(self, record):
        if record.overdue:
            return format_html('<span class="badge text-bg-danger" data-testid="overdue">{}</span>', _("overdue"))
        return "—"

    def value_overdue(self, record):
        return str(_("overdue")) if record.overdue else ""


class ShowcaseTable(ListTable):
    year = tables.Column(verbose_name=_("Year"))
    level = tables.Column(verbose_name=_("Level"))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    citation = tables.Column(verbose_name=_("Citation"))
    published_at = tables.DateTimeColumn(verbose_name=_("Published at"), default="—")

    class Meta(ListTable.Meta):
        model = Showcase
        fields = ("year", "level", "union", "citation", "published_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "showcase-table"}
