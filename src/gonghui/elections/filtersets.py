"""Filters of the elections lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import subtree_q
from gonghui.core.filtersets import FilterSet
from gonghui.orgs.filtersets import _visible_union

from . import queries
from .models import Appointment, Election, ElectionState, Office, OfficeHolder, Term


class UnderMixin:
    def filter_under(self, qs, name, value):
        union = _visible_union(self.request.user, value)
        return qs.filter(subtree_q("union__path", union.path)) if union else qs.none()

    def filter_q(self, qs, name, value):
        return qs.filter(union__name__icontains=value.strip())


class TermFilterSet(UnderMixin, FilterSet):
    q = df.CharFilter(label=_("Union name"), method="filter_q")
    status = df.ChoiceFilter(label=_("Re-election"), choices=queries.STATUSES, method="filter_status")
    months = df.NumberFilter(label=_("Due within (months)"), method="filter_months")
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Term
        fields = ["q", "status", "months", "under"]

    def __init__(self, data=None, queryset=None, **kwargs):
        """Every term carries its status; "due" means within the filter's months, else the
        rulebook's union.reelection_notice_months."""
        super().__init__(data, queryset, **kwargs)
        raw = str((data or {}).get("months") or "")
        self.queryset = queries.with_status(self.queryset, months=int(raw) if raw.isdigit() else None)

    def filter_status(self, qs, name, value):
        return qs.filter(status=value)

    def filter_months(self, qs, name, value):
        return qs  # used by `qs` for the window of "due"


class HolderFilterSet(UnderMixin, FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_name")
    office = df.ChoiceFilter(label=_("Office"), choices=Office.choices)
    appointment = df.ChoiceFilter(label=_("Way of appointment"), choices=Appointment.choices)
    current = df.BooleanFilter(label=_("Serving today"), method="filter_current", widget=forms.CheckboxInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = OfficeHolder
        fields = ["q", "office", "appointment", "current", "under"]

    def filter_name(self, qs, name, value):
        return qs.filter(Q(name__icontains=value.strip()) | Q(union__name__icontains=value.strip()))

    def filter_current(self, qs, name, value):
        return qs.filter(to_on__isnull=True) if value else qs


class ElectionFilterSet(UnderMixin, FilterSet):
    q = df.CharFilter(label=_("Union name"), method="filter_q")
    state = df.ChoiceFilter(label=_("State"), choices=ElectionState.choices)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Election
        fields = ["q", "state", "under"]
