"""Filters shared by the list pages and the API, so the two cannot disagree."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import subtree_q
from gonghui.core.filtersets import FilterSet
from gonghui.core.models import Code

from . import choices
from .models import Employer, Region, Union


def _visible_union(user, union_id):
    """The union to filter under, if the user may see it; a foreign id filters to nothing."""
    return Union.objects.restrict(user).filter(pk=union_id).first()


class UnionFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q")
    kind = df.ChoiceFilter(label=_("Kind"), choices=choices.UnionKind.choices)
    status = df.ChoiceFilter(label=_("Status"), choices=choices.UnionStatus.choices)
    region = df.CharFilter(label=_("Division code"), method="filter_region")
    # Set by links and the subtree switcher, not typed: hidden in the filter bar.
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)
    parent = df.NumberFilter(label=_("Parent union"), method="filter_parent", widget=forms.HiddenInput)

    class Meta:
        model = Union
        fields = ["q", "kind", "status", "region", "under", "parent"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(chair_name__icontains=value))

    def filter_region(self, qs, name, value):
        region = Region.objects.filter(code=value).first()
        return qs.filter(region__code__startswith=region.prefix) if region else qs.none()

    def filter_under(self, qs, name, value):
        union = _visible_union(self.request.user, value)
        return qs.filter(subtree_q("path", union.path)) if union else qs.none()

    def filter_parent(self, qs, name, value):
        union = _visible_union(self.request.user, value)
        return qs.filter(subtree_q("path", union.path), depth=union.depth + 1) if union else qs.none()


class EmployerFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q")
    industry = df.ModelChoiceFilter(label=_("Industry"), queryset=Code.objects.filter(table=choices.INDUSTRY))
    ownership = df.ModelChoiceFilter(label=_("Ownership type"),
                                     queryset=Code.objects.filter(table=choices.OWNERSHIP))
    region = df.CharFilter(label=_("Division code"), method="filter_region")
    has_union = df.BooleanFilter(label=_("Has a union"), method="filter_has_union")
    min_headcount = df.NumberFilter(label=_("Headcount at least"), field_name="headcount", lookup_expr="gte")
    status = df.ChoiceFilter(label=_("Status"), choices=choices.EmployerStatus.choices)
    under = df.NumberFilter(label=_("Area of union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Employer
        fields = ["q", "industry", "ownership", "region", "has_union", "min_headcount", "status", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(uscc__startswith=value.upper()))

    def filter_region(self, qs, name, value):
        region = Region.objects.filter(code=value).first()
        return qs.filter(region__code__startswith=region.prefix) if region else qs.none()

    def filter_has_union(self, qs, name, value):
        return qs.with_union_flag().filter(has_union=value)

    def filter_under(self, qs, name, value):
        union = _visible_union(self.request.user, value)
        if union is None:
            return qs.none()
        if union.kind in choices.UnionKind.regional():
            return qs.filter(region__code__startswith=union.region.prefix)
        return qs.filter(subtree_q("unions__path", union.path)).distinct()


class RegionFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q")
    level = df.NumberFilter(label=_("Level"))
    parent = df.CharFilter(label=_("Parent division code"), field_name="parent_id")

    class Meta:
        model = Region
        fields = ["q", "level", "parent"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__contains=value) | Q(code__startswith=value))
