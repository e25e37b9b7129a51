"""Hardship file filters, shared by the list page and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.core.models import Code
from gonghui.members.filtersets import filter_under

from .models import Category, DibaoStandard, HardshipFile, Intake


def _causes():
    return Code.objects.filter(table="hardship_cause").order_by("sort", "code")


class HardshipFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q",
                      widget=forms.TextInput(attrs={"type": "search", "placeholder": _("name or pinyin")}))
    year = df.NumberFilter(label=_("Year"))
    state = df.ChoiceFilter(label=_("State"), choices=HardshipFile.State.choices)
    stage = df.ChoiceFilter(label=_("Review stage"), choices=HardshipFile.Stage.choices)
    category = df.ChoiceFilter(label=_("Category"), choices=Category.choices)
    intake = df.ChoiceFilter(label=_("Intake"), choices=Intake.choices)
    cause = df.ModelChoiceFilter(label=_("Cause"), queryset=_causes(), to_field_name="code", method="filter_cause")
    due = df.BooleanFilter(label=_("Due for re-check"), method="filter_due")
    exit_suggested = df.BooleanFilter(label=_("Exit suggested"))
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = HardshipFile
        fields = ["q", "year", "state", "stage", "category", "intake", "cause", "due", "exit_suggested", "under"]

    def filter_q(self, qs, name, value):
        value = value.strip()
        q = Q(member__name__contains=value)
        if value.isascii() and value.isalpha():
            q |= Q(member__name_pinyin__startswith=value.lower()) | Q(member__name_initials__startswith=value.lower())
        return qs.filter(q)

    def filter_cause(self, qs, name, value):
        """The main cause or one of the others. The others are a JSON list of codes; a code in
        quotes matches only a whole element (codes are plain lower-case words), on SQLite and
        PostgreSQL alike."""
        return qs.filter(Q(main_cause=value) | Q(secondary_causes__icontains=f'"{value.code}"'))

    def filter_due(self, qs, name, value):
        due = Q(state=HardshipFile.State.ACTIVE, review_due__lte=timezone.localdate())
        return qs.filter(due) if value else qs.exclude(due)

    filter_under = filter_under


class DibaoFilterSet(FilterSet):
    year = df.NumberFilter(label=_("Year"))
    q = df.CharFilter(label=_("Division"), method="filter_q",
                      widget=forms.TextInput(attrs={"type": "search"}))

    class Meta:
        model = DibaoStandard
        fields = ["year", "q"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(region__name__contains=value.strip()) | Q(region__code__startswith=value.strip()))
