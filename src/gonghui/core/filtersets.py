import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import ACTIONS, AuditEntry


class AuditFilterSet(df.FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q")
    actor = df.CharFilter(label=_("Actor"), field_name="actor_label", lookup_expr="icontains")
    action = df.ChoiceFilter(label=_("Action"), choices=list(ACTIONS.items()))
    object_type = df.CharFilter(label=_("Object type"))
    ip = df.CharFilter(label=_("IP address"), field_name="ip")
    since = df.DateFilter(label=_("From"), field_name="at", lookup_expr="date__gte",
                          widget=forms.DateInput(attrs={"type": "date"}))
    until = df.DateFilter(label=_("To"), field_name="at", lookup_expr="date__lte",
                          widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = AuditEntry
        fields = ["q", "actor", "action", "object_type", "ip", "since", "until"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(object_repr__icontains=value) | Q(reason__icontains=value))
