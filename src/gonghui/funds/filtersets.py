"""Filters of the funds' lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import Channel, Contribution, LedgerEntry, Level, MemberDues, Pairing, Refund, Statement


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


class MonthFilter(df.CharFilter):
    """A month as YYYY-MM (the browser's month input) or a full date."""

    def filter(self, qs, value):
        if not value:
            return qs
        parts = str(value).split("-")
        if len(parts) < 2 or not parts[0].isdigit() or not parts[1].isdigit():
            return qs.none()
        return qs.filter(**{f"{self.field_name}__year": int(parts[0]), f"{self.field_name}__month": int(parts[1])})


class StatementFilterSet(FilterSet):
    q = _search(_("file name …"))
    state = df.ChoiceFilter(label=_("State"), choices=Statement.State.choices)
    channel = df.ChoiceFilter(label=_("Collected by"), choices=Channel.choices[:2])
    month = MonthFilter(label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}))

    class Meta:
        model = Statement
        fields = ["q", "state", "channel", "month"]

    def filter_q(self, qs, name, value):
        return qs.filter(file_name__contains=value.strip())


class ContributionFilterSet(FilterSet):
    q = _search(_("employer or credit code …"))
    month = MonthFilter(label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}))
    year = df.NumberFilter(label=_("Year"), field_name="month__year")
    kind = df.ChoiceFilter(label=_("Kind"), choices=Contribution.Kind.choices)
    channel = df.ChoiceFilter(label=_("Collected by"), choices=Channel.choices)
    owing = df.BooleanFilter(label=_("Still owed"), method="filter_owing")
    late = df.BooleanFilter(label=_("Arrived late"), method="filter_late")
    statement = df.NumberFilter(label=_("Statement"), widget=forms.HiddenInput)
    employer = df.NumberFilter(label=_("Employer"), widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Contribution
        fields = ["q", "month", "year", "kind", "channel", "owing", "late", "statement", "employer", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(employer__name__contains=v) | Q(employer__uscc__startswith=v.upper()))

    def filter_owing(self, qs, name, value):
        return qs.filter(paid_fen__lt=F("due_fen")) if value else qs.filter(paid_fen__gte=F("due_fen"))

    def filter_late(self, qs, name, value):
        return qs.filter(late_days__gt=0) if value else qs.filter(late_days=0)

    filter_under = filter_under


class LedgerFilterSet(FilterSet):
    q = _search(_("employer or union …"))
    level = df.ChoiceFilter(label=_("Level"), choices=Level.choices)
    kind = df.ChoiceFilter(label=_("Kind"), choices=LedgerEntry.Kind.choices)
    month = MonthFilter(label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}))
    year = df.NumberFilter(label=_("Year"), field_name="month__year")
    union = df.NumberFilter(label=_("Union"), widget=forms.HiddenInput)
    statement = df.NumberFilter(label=_("Statement"), field_name="contribution__statement", widget=forms.HiddenInput)
    contribution = df.NumberFilter(label=_("Contribution"), widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = LedgerEntry
        fields = ["q", "level", "kind", "month", "year", "union", "statement", "contribution", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(employer__name__contains=v) | Q(union__name__contains=v))

    filter_under = filter_under


class DuesFilterSet(FilterSet):
    q = _search(_("member name or number …"))
    month = MonthFilter(label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}))
    paid = df.BooleanFilter(label=_("Paid"), field_name="paid_on", lookup_expr="isnull", exclude=True)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = MemberDues
        fields = ["q", "month", "paid", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(member__name__contains=v) | Q(member__number=v))

    filter_under = filter_under


class RefundFilterSet(FilterSet):
    q = _search(_("employer …"))
    year = df.NumberFilter(label=_("Year"))
    state = df.ChoiceFilter(label=_("State"), choices=Refund.State.choices)
    union = df.NumberFilter(label=_("County federation"), widget=forms.HiddenInput)
    batch = df.NumberFilter(label=_("Batch"), widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Refund
        fields = ["q", "year", "state", "union", "batch", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(employer__name__contains=value.strip())

    filter_under = filter_under


class PairingFilterSet(FilterSet):
    q = _search(_("employer or staff …"))
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Pairing
        fields = ["q", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(employer__name__contains=v) | Q(staff__full_name__contains=v))

    filter_under = filter_under

