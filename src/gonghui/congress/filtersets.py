"""Filters of the congress lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import Congress, Delegate


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


class CongressFilterSet(FilterSet):
    q = _search(_("title or union …"))
    kind = df.ChoiceFilter(label=_("Form"), choices=Congress.Kind.choices)
    state = df.ChoiceFilter(label=_("State"), choices=Congress.State.choices)
    year = df.NumberFilter(label=_("Year"), field_name="opens_on", lookup_expr="year")
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Congress
        fields = ["q", "kind", "state", "year", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(title__contains=value.strip()) | Q(union__name__contains=value.strip()))

    filter_under = filter_under


class DelegateFilterSet(FilterSet):
    q = _search(_("name or member number …"))
    congress = df.NumberFilter(label=_("Congress"), widget=forms.HiddenInput)
    unit = df.NumberFilter(label=_("Electing unit"), widget=forms.HiddenInput)
    seat = df.ChoiceFilter(label=_("Seat"), method="filter_seat", choices=[
        ("live", _("holding the seat")), ("ended", _("seat handed on"))])
    front_line = df.BooleanFilter(label=_("Front-line worker"))
    manager = df.BooleanFilter(label=_("Manager"))
    sex = df.ChoiceFilter(label=_("Sex"), field_name="member__sex", choices=[("M", _("male")), ("F", _("female"))])
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Delegate
        fields = ["q", "congress", "unit", "seat", "front_line", "manager", "sex", "under"]

    def filter_q(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(member__name__contains=value) | Q(member__number=value))

    def filter_seat(self, qs, name, value):
        return qs.filter(ended_on__isnull=value == "live")

    filter_under = filter_under
