"""The staff-account list: one row per account, with its roles and unions."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.tables import ListTable

from .models import User


def _grants(record):
    return [(_(g.role.name), g.union.name, "" if g.covers_subtree else _("this union only"))
            for g in record.grants.all()]


class StaffTable(ListTable):
    username = tables.Column(verbose_name=gettext_lazy("Username"),
                             linkify=("accounts:staff_detail", {"pk": tables.A("pk")}))
    full_name = tables.Column(verbose_name=gettext_lazy("Full name"))
    grants = tables.Column(verbose_name=gettext_lazy("Roles and unions"), accessor="pk", orderable=False,
                           attrs={"td": {"class": "small"}})
    is_active = tables.BooleanColumn(verbose_name=gettext_lazy("Active"))
    last_login = tables.DateTimeColumn(verbose_name=gettext_lazy("Last sign-in"), default="—")

    class Meta(ListTable.Meta):
        model = User
        fields = ("username", "full_name", "grants", "is_active", "last_login")
        order_by = ("username",)
        attrs = ListTable.Meta.attrs | {"data-testid": "staff-table"}
        empty_text = gettext_lazy("No staff accounts match these filters.")

    def render_grants(self, record):
        return format_html_join(
            "", '<div>{} · {} <span class="text-muted">{}</span></div>', _grants(record)) or "—"

    def value_grants(self, record):
        return "; ".join(f"{role} · {union}{' (' + only + ')' if only else ''}"
                         for role, union, only in _grants(record))

    def value_last_login(self, record):
        return timezone.localtime(record.last_login).strftime("%Y-%m-%d %H:%M") if record.last_login else ""

    def value_is_active(self, record):
        return _("yes") if record.is_active else _("no")
