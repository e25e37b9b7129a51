"""Filters of the collective-contract list and of the employers behind the coverage figures,
shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.coverage.filtersets import CoverageEmployerFilterSet
from gonghui.members.filtersets import filter_under

from . import queries, rules
from .models import CollectiveContract as C


class ContractFilterSet(FilterSet):
    STATUS = [("current", _("in force today")), ("expiring", _("renewal window open")),
              ("lapsed", _("expired")), ("open", _("being negotiated")), ("late", _("answer overdue"))]

    q = df.CharFilter(label=_("Search"), method="filter_q",
                      widget=forms.TextInput(attrs={"type": "search", "placeholder": _("title, union or employer …")}))
    kind = df.ChoiceFilter(label=_("Kind"), choices=C.Kind.choices)
    coverage = df.ChoiceFilter(label=_("Coverage"), choices=C.Coverage.choices)
    state = df.ChoiceFilter(label=_("State"), choices=C.State.choices)
    status = df.ChoiceFilter(label=_("Status"), choices=STATUS, method="filter_status")
    employer = df.NumberFilter(label=_("Employer"), field_name="employers", widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = C
        fields = ["q", "kind", "coverage", "state", "status", "employer", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(title__contains=v) | Q(union__name__contains=v) | Q(employers__name__contains=v)).distinct()

    def filter_status(self, qs, name, value):
        today = timezone.localdate()
        return {
            "current": qs.filter(state=C.State.IN_FORCE, term_start__lte=today, term_end__gte=today),
            "expiring": qs.filter(state=C.State.IN_FORCE, renewal_from__lte=today, term_end__gte=today),
            "lapsed": qs.filter(state=C.State.IN_FORCE, term_end__lt=today),
            "open": qs.exclude(state__in=[C.State.IN_FORCE, C.State.REFUSED]),
            "late": qs.filter(state=C.State.REQUESTED, reply_due_on__lt=today),
        }.get(value, qs)

    filter_under = filter_under


class ContractEmployerFilterSet(CoverageEmployerFilterSet):
    """The employers behind a coverage figure: the coverage list's filters, plus the target group
    (unionised, at least the rulebook's headcount) and whether a contract is in force."""

    target = df.BooleanFilter(label=_("Target group (unionised, 100 staff or more)"), method="filter_target")
    covered = df.BooleanFilter(label=_("Contract in force"), method="filter_covered")

    class Meta(CoverageEmployerFilterSet.Meta):
        fields = [*CoverageEmployerFilterSet.Meta.fields, "target", "covered"]

    def filter_target(self, qs, name, value):
        minimum = int(rules.coverage_min_staff().value)
        target = Q(has_union=True, headcount__gte=minimum)
        return qs.filter(target) if value else qs.exclude(target)

    def filter_covered(self, qs, name, value):
        return qs.annotate(covered_now=queries.covered_flag()).filter(covered_now=value)
