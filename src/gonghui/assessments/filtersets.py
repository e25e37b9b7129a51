"""Filters of the assessment lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import Assessment, CriteriaSet, RectificationTask, Showcase


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


class AssessmentFilterSet(FilterSet):
    q = _search(_("union name …"))
    year = df.NumberFilter(label=_("Year"))
    criteria_set = df.ChoiceFilter(label=_("Criteria set"), choices=CriteriaSet.choices)
    state = df.ChoiceFilter(label=_("State"), choices=Assessment.State.choices)
    outcome = df.ChoiceFilter(label=_("Outcome"), choices=Assessment.Outcome.choices)
    status = df.ChoiceFilter(label=_("Progress"), method="filter_status", widget=forms.HiddenInput, choices=[
        ("in_progress", _("in progress")), ("passed", _("passed")), ("rectification", _("in rectification")),
        ("failed", _("failed"))])
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Assessment
        fields = ["q", "year", "criteria_set", "state", "outcome", "status", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(union__name__contains=value.strip())

    def filter_status(self, qs, name, value):
        from .queries import STATUS_FILTERS

        return qs.filter(STATUS_FILTERS[value])

    filter_under = filter_under


class TaskFilterSet(FilterSet):
    q = _search(_("union name or requirement …"))
    year = df.NumberFilter(label=_("Year"), field_name="assessment__year")
    state = df.ChoiceFilter(label=_("State"), choices=RectificationTask.State.choices)
    overdue = df.BooleanFilter(label=_("Overdue only"), method="filter_overdue",
                               widget=forms.CheckboxInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = RectificationTask
        fields = ["q", "year", "state", "overdue", "under"]

    def filter_q(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(assessment__union__name__contains=value) | Q(requirement__contains=value))

    def filter_overdue(self, qs, name, value):
        from .queries import overdue_q

        return qs.filter(overdue_q()) if value else qs

    filter_under = filter_under


class ShowcaseFilterSet(FilterSet):
    q = _search(_("union name …"))
    year = df.NumberFilter(label=_("Year"))
    level = df.ChoiceFilter(label=_("Level"), choices=Showcase.Level.choices)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Showcase
        fields = ["q", "year", "level", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(union__name__contains=value.strip())

    filter_under = filter_under
