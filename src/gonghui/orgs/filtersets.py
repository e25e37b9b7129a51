"""Filters shared by the list pages and the API, so the two cannot disagree."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import subtree_q
from gonghui.core.filtersets import FilterSet
from gonghui.core.models import Code

from . import choices, queries
from .models import Employer, Region, Union


def _visible_union(user, union_id):
    """The union to filter under, if the user may see it; a foreign id filters to nothing."""
    return Union.objects.restrict(user).filter(pk=union_id).first()


def _region_picker(filterset):
    """The region filter as a picker of the divisions in the user's scope, by name. A code
    from a link (the overview's figures) that lies outside the list is still accepted, so a
    shared address keeps working; the filter itself then cuts to the user's rows."""
    user = getattr(filterset.request, "user", None)
    options = queries.region_choices(user) if user is not None and user.is_authenticated else []
    wanted = (filterset.data or {}).get("region")
    if wanted and wanted not in {c for c, _label in options}:
        region = Region.objects.filter(code=wanted).first()
        if region is not None:
            options = [(region.code, region.name), *options]
    filterset.filters["region"].extra["choices"] = options


class UnionFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q")
    kind = df.ChoiceFilter(label=_("Kind"), choices=choices.UnionKind.choices)
    status = df.ChoiceFilter(label=_("Status"), choices=choices.UnionStatus.choices)
    region = df.ChoiceFilter(label=_("Division"), method="filter_region", empty_label=_("All divisions"))
    # Set by links and the subtree switcher, not typed: hidden in the filter bar.
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)
    parent = df.NumberFilter(label=_("Parent union"), method="filter_parent", widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _region_picker(self)

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
    region = df.ChoiceFilter(label=_("Division"), method="filter_region", empty_label=_("All divisions"))
    has_union = df.BooleanFilter(label=_("Has a union"), method="filter_has_union")
    min_headcount = df.NumberFilter(label=_("Headcount at least"), field_name="headcount", lookup_expr="gte")
    status = df.ChoiceFilter(label=_("Status"), choices=choices.EmployerStatus.choices)
    under = df.NumberFilter(label=_("Area of union"), method="filter_under", widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _region_picker(self)

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
