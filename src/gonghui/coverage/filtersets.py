"""Filters of the coverage lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import subtree_q
from gonghui.core.filtersets import FilterSet
from gonghui.orgs.filtersets import EmployerFilterSet, _visible_union
from gonghui.orgs.models import Union

from . import queries
from .models import CaseAction, CaseState, OrganisingTarget, PaperUnionCase, TargetStatus
from .sectors import SECTORS


class CoverageEmployerFilterSet(EmployerFilterSet):
    """The employers behind a coverage figure: the employer list's filters plus the size
    band, the GB/T 4754 section by its code, and the new-economy sector."""

    band = df.ChoiceFilter(label=_("Size band"), method="filter_band",
                           choices=[(k, label) for k, label, _lo, _hi in queries.SIZE_BANDS])
    industry_code = df.CharFilter(label=_("Industry section"), method="filter_industry_code")
    sector = df.ChoiceFilter(label=_("New-economy sector"), method="filter_sector",
                             choices=[(k, label) for k, label, _w in SECTORS])

    class Meta(EmployerFilterSet.Meta):
        fields = [*EmployerFilterSet.Meta.fields, "band", "industry_code", "sector"]

    def filter_has_union(self, qs, name, value):
        return qs.filter(has_union=value)

    def filter_band(self, qs, name, value):
        return qs.filter(queries.band_q(value))

    def filter_industry_code(self, qs, name, value):
        value = value.strip().upper()
        return qs.filter(industry__isnull=True) if value == "-" else qs.filter(industry__code=value)

    def filter_sector(self, qs, name, value):
        return qs.filter(queries.sector_q(value, ["name"]))


class IndustryUnionFilterSet(FilterSet):
    sector = df.ChoiceFilter(label=_("New-economy sector"), method="filter_sector",
                             choices=[(k, label) for k, label, _w in SECTORS])
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Union
        fields = ["sector", "under"]

    def filter_sector(self, qs, name, value):
        return qs.filter(queries.sector_q(value, ["name"]))

    def filter_under(self, qs, name, value):
        union = _visible_union(self.request.user, value)
        return qs.filter(subtree_q("path", union.path)) if union else qs.none()


class TargetFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q")
    status = df.ChoiceFilter(label=_("Status"), choices=TargetStatus.choices)
    mine = df.BooleanFilter(label=_("Mine only"), method="filter_mine", widget=forms.CheckboxInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = OrganisingTarget
        fields = ["q", "status", "mine", "under"]

    def filter_q(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(employer__name__contains=value) | Q(union__name__contains=value))

    def filter_mine(self, qs, name, value):
        return qs.filter(owner=self.request.user) if value else qs

    def filter_under(self, qs, name, value):
        union = _visible_union(self.request.user, value)
        return qs.filter(subtree_q("union__path", union.path)) if union else qs.none()


class CaseFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q")
    action = df.ChoiceFilter(label=_("Action"), choices=CaseAction.choices)
    state = df.ChoiceFilter(label=_("State"), choices=CaseState.choices)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = PaperUnionCase
        fields = ["q", "action", "state", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(union__name__contains=value.strip())

    def filter_under(self, qs, name, value):
        union = _visible_union(self.request.user, value)
        return qs.filter(subtree_q("union__path", union.path)) if union else qs.none()
