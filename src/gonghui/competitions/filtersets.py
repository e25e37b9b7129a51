"""Filters of the competition, award and 五小 lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import Award, Competition, Innovation, Level


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


class CompetitionFilterSet(FilterSet):
    q = _search(_("name or trade …"))
    kind = df.ChoiceFilter(label=_("Kind"), choices=Competition.Kind.choices)
    level = df.ChoiceFilter(label=_("Level"), choices=Level.choices)
    state = df.ChoiceFilter(label=_("State"), choices=Competition.State.choices)
    year = df.NumberFilter(label=_("Year"))
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Competition
        fields = ["q", "kind", "level", "state", "year", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(name__contains=v) | Q(trade__contains=v))

    filter_under = filter_under


class AwardFilterSet(FilterSet):
    q = _search(_("name, certificate or competition …"))
    title = df.CharFilter(label=_("Honour title"), widget=forms.HiddenInput)
    honour_level = df.CharFilter(label=_("Honour level"), widget=forms.HiddenInput)
    competition_level = df.ChoiceFilter(label=_("Competition level"), choices=Level.choices,
                                        field_name="competition__level")
    grade_up = df.BooleanFilter(label=_("One skill grade up"))
    year = df.NumberFilter(label=_("Year"), field_name="competition__year")
    competition = df.NumberFilter(label=_("Competition"), widget=forms.HiddenInput)
    trade = df.CharFilter(label=_("Trade"), field_name="competition__trade", widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Award
        fields = ["q", "title", "honour_level", "competition_level", "grade_up", "year", "competition", "trade",
                  "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(member__name__contains=v) | Q(certificate_no__contains=v)
                         | Q(competition__name__contains=v))

    filter_under = filter_under


class InnovationFilterSet(FilterSet):
    q = _search(_("number, title or author …"))
    kind = df.ChoiceFilter(label=_("Kind"), choices=Innovation.Kind.choices)
    state = df.ChoiceFilter(label=_("State"), choices=Innovation.State.choices)
    year = df.NumberFilter(label=_("Year"))
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Innovation
        fields = ["q", "kind", "state", "year", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(number__contains=v) | Q(title__contains=v) | Q(member__name__contains=v)
                         | Q(team_name__contains=v))

    filter_under = filter_under
