"""Filters of the 一户一产业工人 lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from . import rules
from .models import Enrolment, Level, Workshop


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


class EnrolmentFilterSet(FilterSet):
    q = _search(_("household, trainee or trade …"))
    state = df.ChoiceFilter(label=_("State"), choices=Enrolment.State.choices)
    level = df.ChoiceFilter(label=_("Skill level gained"), choices=Level.choices)
    certified = df.BooleanFilter(label=_("Certificate gained"), method="filter_certified")
    year = df.NumberFilter(label=_("Year"), field_name="enrolled_on", lookup_expr="year")
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Enrolment
        fields = ["q", "state", "level", "certified", "year", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(household__contains=v) | Q(person__contains=v) | Q(trade__contains=v))

    def filter_certified(self, qs, name, value):
        return qs.exclude(level="") if value else qs.filter(level="")

    filter_under = filter_under


class WorkshopFilterSet(FilterSet):
    q = _search(_("workshop, village or product …"))
    recognised = df.BooleanFilter(label=_("Recognised (enough workers)"), method="filter_recognised")
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Workshop
        fields = ["q", "recognised", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(name__contains=v) | Q(village__contains=v) | Q(product__contains=v))

    def filter_recognised(self, qs, name, value):
        n = int(rules.workshop_min_workers().value)
        qs = qs.annotate(live=Count("workers", filter=Q(workers__left_on__isnull=True)))
        return qs.filter(live__gte=n) if value else qs.filter(live__lt=n)

    filter_under = filter_under
