"""Filters of the medical-aid lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ancestor_paths
from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import Claim, CoveredDisease, EnrolledMember, Enrolment, Payer, Plan, ScreeningBooking, ScreeningQuota


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


def _member_q(value, prefix="member__"):
    """A member by name (or its start) or by member number."""
    value = value.strip()
    return Q(**{f"{prefix}name__contains": value}) | Q(**{f"{prefix}number": value})


class PlanFilterSet(FilterSet):
    q = _search(_("plan or federation name …"))
    year = df.NumberFilter(label=_("Year"))
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Plan
        fields = ["q", "year"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__contains=value.strip()) | Q(union__name__contains=value.strip()))

    def filter_under(self, qs, name, value):
        """Plans that cover the union: its own and those of the federations above it."""
        from gonghui.orgs.filtersets import _visible_union

        union = _visible_union(self.request.user, value) if self.request else None
        if union is None:
            return qs.none()
        return qs.filter(union__path__in=[*ancestor_paths(union.path), union.path])


class EnrolmentFilterSet(FilterSet):
    q = _search(_("union name …"))
    year = df.NumberFilter(label=_("Year"))
    payer = df.ChoiceFilter(label=_("Premium paid by"), choices=Payer.choices)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Enrolment
        fields = ["q", "year", "payer", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(union__name__contains=value.strip())

    filter_under = filter_under


class EnrolledFilterSet(FilterSet):
    q = _search(_("name or member number …"))
    year = df.NumberFilter(label=_("Year"))
    shares = df.NumberFilter(label=_("Shares"))
    sex = df.ChoiceFilter(label=_("Sex"), field_name="member__sex", choices=[("M", _("male")), ("F", _("female"))])
    enrolment = df.NumberFilter(label=_("Enrolment"), widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = EnrolledMember
        fields = ["q", "year", "shares", "sex", "enrolment", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(_member_q(value))

    filter_under = filter_under


class ClaimFilterSet(FilterSet):
    q = _search(_("name, member number, hospital …"))
    year = df.NumberFilter(label=_("Year"))
    state = df.ChoiceFilter(label=_("State"), choices=Claim.State.choices)
    cover = df.ChoiceFilter(label=_("Cover"), method="filter_cover", choices=[
        ("stay", _("hospital allowance only")), *CoveredDisease.Kind.choices])
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Claim
        fields = ["q", "year", "state", "cover", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(_member_q(value) | Q(hospital__contains=value.strip()))

    def filter_cover(self, qs, name, value):
        return qs.filter(disease__isnull=True) if value == "stay" else qs.filter(disease__kind=value)

    filter_under = filter_under


class QuotaFilterSet(FilterSet):
    q = _search(_("union name …"))
    year = df.NumberFilter(label=_("Year"))
    full = df.BooleanFilter(label=_("Used up"), method="filter_full")
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = ScreeningQuota
        fields = ["q", "year", "full", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(union__name__contains=value.strip())

    def filter_full(self, qs, name, value):
        from django.db.models import F

        used = F("booked") + F("allocated")
        return qs.filter(slots__lte=used) if value else qs.filter(slots__gt=used)

    filter_under = filter_under


class BookingFilterSet(FilterSet):
    q = _search(_("name or member number …"))
    year = df.NumberFilter(label=_("Year"))
    state = df.ChoiceFilter(label=_("State"), choices=ScreeningBooking.State.choices)
    result = df.ChoiceFilter(label=_("Result"), choices=ScreeningBooking.Result.choices)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = ScreeningBooking
        fields = ["q", "year", "state", "result", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(_member_q(value))

    filter_under = filter_under
