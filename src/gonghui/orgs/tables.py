import django_tables2 as tables
from django.db.models import Min
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable

from .models import Employer, Region, Union


class UnionTable(ListTable):
    """The union list as a tree: in path order (the default) each name is indented by its depth
    below the top of the user's scope, and a node with children has a toggle that folds them
    away (app.js, data-tree-toggle). Sorted by another column it is a flat list again."""

    name = tables.Column(verbose_name=_("Name"), order_by="path")
    kind = tables.Column(verbose_name=_("Kind"))
    status = tables.Column(verbose_name=_("Status"))
    region = tables.Column(verbose_name=_("Division"), order_by="region_id")
    employer = tables.Column(verbose_name=_("Employer"), order_by="employer__name")
    chair_name = tables.Column(verbose_name=_("Chair"))
    founded_on = tables.DateColumn(verbose_name=_("Founded on"))

    class Meta(ListTable.Meta):
        model = Union
        fields = ("name", "kind", "status", "region", "employer", "chair_name", "founded_on")
        attrs = ListTable.Meta.attrs | {"data-testid": "union-table", "data-tree": "1"}
        row_attrs = {"data-path": lambda record: record.path, "data-depth": lambda record: record.depth}
        order_by = ("name",)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        top = None
        if request is not None:
            top = Union.objects.restrict(request.user).aggregate(top=Min("depth"))["top"]
        self.top_depth = top or 1

    @property
    def as_tree(self):
        order = [str(o) for o in (self.order_by or ())]
        return order in ([], ["name"])

    def render_name(self, value, record):
        link = format_html('<a href="{}">{}</a>', reverse("orgs:union_detail", args=[record.pk]), value)
        if not self.as_tree:
            return link
        level = min(max(record.depth - self.top_depth, 0), 8)  # the CSP forbids inline styles: classes
        if record.numchild:
            toggle = format_html(
                '<button type="button" class="tree-toggle" data-tree-toggle aria-expanded="true" '
                'aria-label="{}" title="{}"></button>', _("Show or hide the unions below"),
                _("Show or hide the unions below"))
        else:
            toggle = mark_safe('<span class="tree-leaf" aria-hidden="true"></span>')
        return format_html('<span class="tree-name tree-l{}">{}{}</span>', level, toggle, link)


class EmployerTable(ListTable):
    name = tables.Column(verbose_name=_("Name"), linkify=("orgs:employer_detail", [tables.A("pk")]))
    uscc = tables.Column(verbose_name=_("Unified social credit code"))
    industry = tables.Column(verbose_name=_("Industry"), order_by="industry__code")
    ownership = tables.Column(verbose_name=_("Ownership type"), order_by="ownership__code")
    headcount = tables.Column(verbose_name=_("Headcount"))
    region = tables.Column(verbose_name=_("Division"), order_by="region_id")
    has_union = tables.BooleanColumn(verbose_name=_("Has a union"), yesno="✔,✘")
    status = tables.Column(verbose_name=_("Status"))

    class Meta(ListTable.Meta):
        model = Employer
        fields = ("name", "uscc", "industry", "ownership", "headcount", "region", "has_union", "status")


class RegionTable(ListTable):
    code = tables.Column(verbose_name=_("Division code"), linkify=("orgs:region_detail", [tables.A("pk")]))
    name = tables.Column(verbose_name=_("Name"))
    level = tables.Column(verbose_name=_("Level"), accessor="level_name", order_by="level")
    parent = tables.Column(verbose_name=_("Parent division"), order_by="parent_id")

    class Meta(ListTable.Meta):
        model = Region
        fields = ("code", "name", "level", "parent")
