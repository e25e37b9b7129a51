"""Filters of the budget, spending and audit lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import Benefit, Budget, Category, FundAudit, Spending


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


class BudgetFilterSet(FilterSet):
    q = _search(_("union …"))
    year = df.NumberFilter(label=_("Year"))
    state = df.ChoiceFilter(label=_("State"), choices=Budget.State.choices)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Budget
        fields = ["q", "year", "state", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(union__name__contains=value.strip())

    filter_under = filter_under


class SpendingFilterSet(FilterSet):
    q = _search(_("purpose, union or member …"))
    year = df.NumberFilter(label=_("Year"), field_name="spent_on", lookup_expr="year")
    category = df.ChoiceFilter(label=_("Category"), field_name="line__category", choices=Category.choices)
    benefit = df.ChoiceFilter(label=_("Benefit"), choices=[c for c in Benefit.choices if c[0]])
    state = df.ChoiceFilter(label=_("State"), choices=Spending.State.choices)
    union = df.NumberFilter(label=_("Union"), widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Spending
        fields = ["q", "year", "category", "benefit", "state", "union", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(purpose__contains=v) | Q(union__name__contains=v) | Q(member__name__contains=v))

    filter_under = filter_under


class AuditFilterSet(FilterSet):
    q = _search(_("union or subject …"))
    year = df.NumberFilter(label=_("Year"))
    kind = df.ChoiceFilter(label=_("Kind"), choices=FundAudit.Kind.choices)
    state = df.ChoiceFilter(label=_("State"), choices=FundAudit.State.choices)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = FundAudit
        fields = ["q", "year", "kind", "state", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(union__name__contains=v) | Q(subject__contains=v))

    filter_under = filter_under
