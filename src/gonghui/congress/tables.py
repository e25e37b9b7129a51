import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable

from .models import Congress, Delegate


class CongressTable(ListTable):
    title = tables.Column(verbose_name=_("Title"), linkify=("congress:detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Convening union"), order_by="union__path")
    kind = tables.Column(verbose_name=_("Form"))
    opens_on = tables.DateColumn(verbose_name=_("Opens on"))
    members = tables.Column(verbose_name=_("Members"))
    seats = tables.Column(verbose_name=_("Delegates"))
    state = tables.Column(verbose_name=_("State"))

    class Meta(ListTable.Meta):
        model = Congress
        fields = ("title", "union", "kind", "opens_on", "members", "seats", "state")
        attrs = ListTable.Meta.attrs | {"data-testid": "congress-table"}


class DelegateTable(ListTable):
    """The delegates' roll (代表名册): exported as xlsx from the list."""

    congress = tables.Column(verbose_name=_("Congress"), accessor="congress__title",
                             linkify=("congress:detail", [tables.A("congress_id")]))
    name = tables.Column(verbose_name=_("Delegate"), accessor="member__name", order_by="member__name")
    number = tables.Column(verbose_name=_("Member number"), accessor="member__number")
    sex = tables.Column(verbose_name=_("Sex"), accessor="member__sex")
    unit = tables.Column(verbose_name=_("Electing unit"), accessor="unit__union__name", order_by="unit__union__path")
    front_line = tables.BooleanColumn(verbose_name=_("Front-line worker"))
    manager = tables.BooleanColumn(verbose_name=_("Manager"))
    elected_on = tables.DateColumn(verbose_name=_("Elected on"))
    ended_on = tables.DateColumn(verbose_name=_("Seat ended on"), default="")
    end_reason = tables.Column(verbose_name=_("Reason"), default="")
    actions = tables.Column(verbose_name="", accessor="pk", orderable=False, exclude_from_export=True)

    class Meta(ListTable.Meta):
        model = Delegate
        fields = ("congress", "name", "number", "sex", "unit", "front_line", "manager", "elected_on", "ended_on",
                  "end_reason")
        attrs = ListTable.Meta.attrs | {"data-testid": "delegate-table"}

    def render_actions(self, record):
        from django.urls import reverse
        from django.utils.html import format_html

        from gonghui.core.access import can

        if record.ended_on is not None or not can(self.request.user, "congress.change_delegate",
                                                   record.congress.union):
            return ""
        return format_html('<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>',
                           reverse("congress:delegate_replace", args=[record.pk]), _("Replace"))

    def render_sex(self, record):
        return record.member.get_sex_display()

    def value_sex(self, record):
        return record.member.get_sex_display()
