"""Filters of the assistance lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ancestor_paths
from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import AssistanceApplication, PaymentBatch, Programme, ProgrammeKind, SchoolLevel, Visit

SEARCH = {"type": "search"}
GRANTED_STATES = (AssistanceApplication.State.APPROVED, AssistanceApplication.State.PUBLICITY,
                  AssistanceApplication.State.BATCHED, AssistanceApplication.State.PAID)


class ProgrammeFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q", widget=forms.TextInput(attrs=SEARCH))
    year = df.NumberFilter(label=_("Year"))
    kind = df.ChoiceFilter(label=_("Kind"), choices=ProgrammeKind.choices)
    state = df.ChoiceFilter(label=_("State"), choices=Programme.State.choices)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Programme
        fields = ["q", "year", "kind", "state", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(period__icontains=value) | Q(owner__name__icontains=value))

    def filter_under(self, qs, name, value):
        """Programmes run in the union's subtree or above it (those it applies for)."""
        from gonghui.orgs.filtersets import _visible_union

        union = _visible_union(self.request.user, value)
        if union is None:
            return qs.none()
        return qs.filter(Q(owner__path__startswith=union.path) | Q(owner__path__in=ancestor_paths(union.path)))


class ApplicationFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q",
                      widget=forms.TextInput(attrs=SEARCH | {"placeholder": _("name, member number …")}))
    programme = df.NumberFilter(label=_("Programme"), field_name="programme_id", widget=forms.HiddenInput)
    kind = df.ChoiceFilter(label=_("Kind"), choices=ProgrammeKind.choices, field_name="programme__kind")
    year = df.NumberFilter(label=_("Year"))
    state = df.ChoiceFilter(label=_("State"), choices=AssistanceApplication.State.choices)
    school_level = df.ChoiceFilter(label=_("School level"), choices=SchoolLevel.choices)
    with_hardship_file = df.BooleanFilter(label=_("Hardship file"))
    over_yearly_cap = df.BooleanFilter(label=_("Above the yearly cap"))
    granted = df.BooleanFilter(label=_("Granted"), method="filter_granted")
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = AssistanceApplication
        fields = ["q", "programme", "kind", "year", "state", "school_level", "with_hardship_file", "over_yearly_cap",
                  "granted", "under"]

    def filter_granted(self, qs, name, value):
        """Granted: approved and not since rejected or failed (in 公示, in a batch or paid); what
        the year report counts as help given."""
        q = Q(state__in=GRANTED_STATES)
        return qs.filter(q) if value else qs.exclude(q)

    def filter_q(self, qs, name, value):
        return qs.filter(Q(member__name__contains=value) | Q(member__number=value) | Q(student_name__contains=value)
                         | Q(programme__name__icontains=value))

    filter_under = filter_under


class BatchFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q", widget=forms.TextInput(attrs=SEARCH))
    state = df.ChoiceFilter(label=_("State"), choices=PaymentBatch.State.choices)
    kind = df.ChoiceFilter(label=_("Kind"), choices=ProgrammeKind.choices, field_name="programme__kind")
    programme = df.NumberFilter(label=_("Programme"), field_name="programme_id", widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = PaymentBatch
        fields = ["q", "state", "kind", "programme", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(number__icontains=value) | Q(programme__name__icontains=value))

    filter_under = filter_under


class VisitFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q", widget=forms.TextInput(attrs=SEARCH))
    target = df.ChoiceFilter(label=_("Visited"), choices=Visit.Target.choices)
    programme = df.NumberFilter(label=_("Programme"), field_name="programme_id", widget=forms.HiddenInput)
    year = df.NumberFilter(label=_("Year"), field_name="visited_on", lookup_expr="year")
    since = df.DateFilter(label=_("From"), field_name="visited_on", lookup_expr="gte",
                          widget=forms.DateInput(attrs={"type": "date"}))
    until = df.DateFilter(label=_("To"), field_name="visited_on", lookup_expr="lte",
                          widget=forms.DateInput(attrs={"type": "date"}))
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Visit
        fields = ["q", "target", "programme", "year", "since", "until", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(visited_name__icontains=value) | Q(participants__icontains=value)
                         | Q(goods__icontains=value))

    filter_under = filter_under
