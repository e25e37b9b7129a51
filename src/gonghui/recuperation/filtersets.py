"""Filters of the 疗休养 lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import Base, Batch, Offer


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


class BaseFilterSet(FilterSet):
    q = _search(_("base or city …"))
    is_partner = df.BooleanFilter(label=_("A partner city's base"))
    active = df.BooleanFilter(label=_("In use"))

    class Meta:
        model = Base
        fields = ["q", "is_partner", "active"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(name__contains=v) | Q(city__contains=v) | Q(partner__contains=v))


class BatchFilterSet(FilterSet):
    q = _search(_("batch or base …"))
    state = df.ChoiceFilter(label=_("State"), choices=Batch.State.choices)
    base = df.NumberFilter(label=_("Base"), widget=forms.HiddenInput)
    year = df.NumberFilter(label=_("Year"), field_name="starts_on", lookup_expr="year")
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Batch
        fields = ["q", "state", "year", "base", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(name__contains=v) | Q(base__name__contains=v) | Q(base__city__contains=v))

    filter_under = filter_under


class OfferFilterSet(FilterSet):
    q = _search(_("member name or number …"))
    state = df.ChoiceFilter(label=_("State"), choices=Offer.State.choices)
    batch = df.NumberFilter(label=_("Batch"), widget=forms.HiddenInput)
    holding = df.BooleanFilter(label=_("Holding a place"), method="filter_holding")

    class Meta:
        model = Offer
        fields = ["q", "state", "holding", "batch"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(member__name__contains=v) | Q(member__number=v))

    def filter_holding(self, qs, name, value):
        return qs.filter(state__in=Offer.HOLDING) if value else qs.exclude(state__in=Offer.HOLDING)
