"""Filters of the 志愿服务 lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import Activity, Shift, Team, Volunteer


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


class TeamFilterSet(FilterSet):
    q = _search(_("team or area …"))
    kind = df.ChoiceFilter(label=_("Kind"), choices=Team.Kind.choices)
    active = df.BooleanFilter(label=_("Active"))
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Team
        fields = ["q", "kind", "active", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__contains=value.strip()) | Q(area__contains=value.strip()))

    filter_under = filter_under


class VolunteerFilterSet(FilterSet):
    q = _search(_("member name or number …"))
    team = df.NumberFilter(label=_("Team"), widget=forms.HiddenInput)
    active = df.BooleanFilter(label=_("Active"))

    class Meta:
        model = Volunteer
        fields = ["q", "team", "active"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(member__name__contains=value.strip()) | Q(member__number=value.strip()))


class ActivityFilterSet(FilterSet):
    q = _search(_("activity or service …"))
    year = df.NumberFilter(label=_("Year"), field_name="event__starts_at", lookup_expr="year")
    team = df.NumberFilter(label=_("Team"), widget=forms.HiddenInput)

    class Meta:
        model = Activity
        fields = ["q", "year", "team"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(event__title__contains=value.strip()) | Q(service__contains=value.strip()))


class ShiftFilterSet(FilterSet):
    q = _search(_("member name or number …"))
    year = df.NumberFilter(label=_("Year"))
    team = df.NumberFilter(label=_("Team"), field_name="activity__team")
    activity = df.NumberFilter(label=_("Activity"), widget=forms.HiddenInput)
    member = df.NumberFilter(label=_("Member"), widget=forms.HiddenInput)

    class Meta:
        model = Shift
        fields = ["q", "year", "team", "activity", "member"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(member__name__contains=value.strip()) | Q(member__number=value.strip()))
