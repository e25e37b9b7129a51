import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry


class ListTable(tables.Table):
    """Base of every list table. Sort and page links swap only the results (hx-boost on the
    results area); links in the rows open their page normally."""

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "tbody": {"hx-boost": "false"}}


class AuditTable(ListTable):
    at = tables.DateTimeColumn(verbose_name=_("Time"), linkify=True)
    actor_label = tables.Column(verbose_name=_("Actor"))
    ip = tables.Column(verbose_name=_("IP address"))
    action = tables.Column(verbose_name=_("Action"), accessor="action_label", order_by="action")
    object_type = tables.Column(verbose_name=_("Object type"))
    object_repr = tables.Column(verbose_name=_("Object"))
    reason = tables.Column(verbose_name=_("Reason"))

    class Meta(ListTable.Meta):
        model = AuditEntry
        fields = ("at", "actor_label", "ip", "action", "object_type", "object_repr", "reason")
        order_by = ("-at",)
