"""Filters of the honours registry and the selection rounds, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from . import titles
from .models import Honour, Nomination, SelectionRound


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


class HonourFilterSet(FilterSet):
    q = _search(_("holder, certificate or conferring body …"))
    title = df.ChoiceFilter(label=_("Title"), choices=titles.choices)
    level = df.ChoiceFilter(label=_("Level"), choices=Honour.Level.choices)
    year = df.NumberFilter(label=_("Year"))
    state = df.ChoiceFilter(label=_("State"), choices=Honour.State.choices)
    holder = df.ChoiceFilter(label=_("Holder"), choices=Honour.HolderKind.choices, method="filter_holder")
    model_workers = df.BooleanFilter(label=_("Makes a model worker"), method="filter_model_workers")
    round = df.NumberFilter(label=_("Selection round"), field_name="nomination__round", widget=forms.HiddenInput)
    member = df.NumberFilter(label=_("Member"), widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Honour
        fields = ["q", "title", "level", "year", "state", "holder", "model_workers", "round", "member", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(member__name__contains=v) | Q(collective_name__contains=v) | Q(employer__name__contains=v)
                         | Q(union__name__contains=v) | Q(certificate_no__contains=v)
                         | Q(conferring_body__contains=v) | Q(member__number=v))

    def filter_holder(self, qs, name, value):
        return qs.filter(member__isnull=value == Honour.HolderKind.COLLECTIVE)

    def filter_model_workers(self, qs, name, value):
        from .services import model_worker_q

        return qs.filter(model_worker_q()) if value else qs.exclude(model_worker_q())

    filter_under = filter_under


class RoundFilterSet(FilterSet):
    q = _search(_("name of the round …"))
    state = df.ChoiceFilter(label=_("State"), choices=SelectionRound.State.choices)
    title = df.ChoiceFilter(label=_("Title"), choices=titles.choices)
    year = df.NumberFilter(label=_("Year"))

    class Meta:
        model = SelectionRound
        fields = ["q", "state", "title", "year"]

    def filter_q(self, qs, name, value):
        return qs.filter(name__contains=value.strip())


class NominationFilterSet(FilterSet):
    q = _search(_("nominee …"))
    state = df.ChoiceFilter(label=_("State"), choices=Nomination.State.choices)
    round = df.NumberFilter(label=_("Selection round"), widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Nomination
        fields = ["q", "state", "round", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(member__name__contains=v) | Q(collective_name__contains=v) | Q(employer__name__contains=v))

    filter_under = filter_under


class VisitFilterSet(FilterSet):
    q = _search(_("model worker …"))
    level = df.ChoiceFilter(label=_("Level"), choices=Honour.Level.choices)
    year = df.NumberFilter(label=_("Year"))
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        from .models import ModelWorkerVisit

        model = ModelWorkerVisit
        fields = ["q", "level", "year", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(member__name__contains=value.strip())

    filter_under = filter_under
