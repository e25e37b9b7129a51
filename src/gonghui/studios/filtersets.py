"""Filters of the studio, mentorship and alliance lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import Alliance, Mentorship, Studio


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


class StudioFilterSet(FilterSet):
    q = _search(_("studio, lead or field …"))
    grade = df.ChoiceFilter(label=_("Grade"), choices=Studio.Grade.choices)
    recognised_year = df.NumberFilter(label=_("Recognised in"))
    alliance = df.NumberFilter(label=_("Alliance"), field_name="alliances", widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Studio
        fields = ["q", "grade", "recognised_year", "alliance", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(name__contains=v) | Q(lead__name__contains=v) | Q(field__contains=v))

    filter_under = filter_under


class MentorshipFilterSet(FilterSet):
    q = _search(_("mentor or apprentice …"))
    state = df.ChoiceFilter(label=_("State"), choices=Mentorship.State.choices)
    studio = df.NumberFilter(label=_("Studio"), widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Mentorship
        fields = ["q", "state", "studio", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(mentor__name__contains=v) | Q(apprentice__name__contains=v))

    filter_under = filter_under


class AllianceFilterSet(FilterSet):
    q = _search(_("alliance or partner …"))
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Alliance
        fields = ["q", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(name__contains=v) | Q(partners__contains=v))

    filter_under = filter_under
