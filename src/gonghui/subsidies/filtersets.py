"""Filters of the subsidies lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ancestor_paths
from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under
from gonghui.positions.models import PositionKind

from .models import AwardSubsidy, PositionPlan, SubsidyProgramme

AWARDED = (AwardSubsidy.State.APPROVED, AwardSubsidy.State.PAID)


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


def _under():
    return df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)


class PlanFilterSet(FilterSet):
    q = _search(_("union name …"))
    kind = df.ModelChoiceFilter(label=_("Kind of position"), queryset=PositionKind.objects.all())
    year = df.NumberFilter(label=_("Year in the plan"), method="filter_year")
    under = _under()

    class Meta:
        model = PositionPlan
        fields = ["q", "kind", "year", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(union__name__contains=value.strip()) | Q(note__contains=value.strip()))

    def filter_year(self, qs, name, value):
        return qs.filter(start_year__lte=value, end_year__gte=value)

    filter_under = filter_under


class ProgrammeFilterSet(FilterSet):
    q = _search(_("programme or federation name …"))
    year = df.NumberFilter(label=_("Year"))
    state = df.ChoiceFilter(label=_("State"), choices=SubsidyProgramme.State.choices)
    under = _under()

    class Meta:
        model = SubsidyProgramme
        fields = ["q", "year", "state", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__contains=value.strip()) | Q(owner__name__contains=value.strip()))

    def filter_under(self, qs, name, value):
        """Programmes a union may apply to or runs: those of its own subtree and of the
        federations above it."""
        from gonghui.orgs.filtersets import _visible_union

        union = _visible_union(self.request.user, value) if self.request else None
        if union is None:
            return qs.none()
        return qs.filter(Q(owner__path__startswith=union.path) | Q(owner__path__in=ancestor_paths(union.path)))


class SubsidyFilterSet(FilterSet):
    q = _search(_("position name or code, union …"))
    year = df.NumberFilter(label=_("Year"))
    state = df.ChoiceFilter(label=_("State"), method="filter_state",
                            choices=[*AwardSubsidy.State.choices, ("awarded", _("approved or paid"))])
    kind = df.ModelChoiceFilter(label=_("Kind of position"), queryset=PositionKind.objects.all(),
                                field_name="position__kind")
    programme = df.NumberFilter(label=_("Programme"), widget=forms.HiddenInput)
    under = _under()

    class Meta:
        model = AwardSubsidy
        fields = ["q", "year", "state", "kind", "programme", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(position__name__contains=v) | Q(position__code=v) | Q(union__name__contains=v))

    def filter_state(self, qs, name, value):
        """One state, or "awarded" for approved and paid together (the report's figures)."""
        return qs.filter(state__in=AWARDED) if value == "awarded" else qs.filter(state=value)

    filter_under = filter_under
