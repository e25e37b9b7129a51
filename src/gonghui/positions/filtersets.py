"""Filters of the positions list, shared by the page and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import Position, PositionKind, PositionStatus

COMPLETENESS = [("full", _("meets the standard")), ("partial", _("short of the standard")),
                ("low", _("below 60%"))]


def _kinds():
    return [(k.code, k.name) for k in PositionKind.objects.order_by("sort", "code")]


class PositionFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q", widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("name, code or address …")}))
    kind = df.ChoiceFilter(label=_("Kind"), field_name="kind__code", choices=_kinds)
    status = df.ChoiceFilter(label=_("Status"), choices=PositionStatus.choices)
    completeness = df.ChoiceFilter(label=_("Facilities"), choices=COMPLETENESS, method="filter_completeness")
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Position
        fields = ["q", "kind", "status", "completeness", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(name__contains=v) | Q(code__iexact=v) | Q(address__contains=v) | Q(union__name__contains=v))

    def filter_completeness(self, qs, name, value):
        return {"full": qs.filter(completeness__gte=100), "partial": qs.filter(completeness__lt=100),
                "low": qs.filter(completeness__lt=60)}.get(value, qs)

    filter_under = filter_under
