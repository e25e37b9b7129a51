"""Filters of the campaign lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import subtree_q
from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import Burst, Campaign, Claim


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


class CampaignFilterSet(FilterSet):
    q = _search(_("title …"))
    mode = df.ChoiceFilter(label=_("Allocation mode"), choices=Campaign.Mode.choices)
    state = df.ChoiceFilter(label=_("State"), choices=Campaign.State.choices)
    item = df.ChoiceFilter(label=_("Item"), choices=Campaign.Item.choices)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Campaign
        fields = ["q", "mode", "state", "item"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(title__contains=value.strip()) | Q(union__name__contains=value.strip()))

    def filter_under(self, qs, name, value):
        return filter_under(self, qs, name, value)


class ClaimFilterSet(FilterSet):
    q = _search(_("code, member name or number …"))
    state = df.ChoiceFilter(label=_("State"), choices=Claim.State.choices)
    campaign = df.NumberFilter(label=_("Campaign"), widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Claim
        fields = ["q", "state", "campaign"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(code=v.upper()) | Q(member__name__contains=v) | Q(member__number=v))

    def filter_under(self, qs, name, value):
        return filter_under(self, qs, name, value)


class RedemptionFilterSet(FilterSet):
    q = _search(_("code or campaign …"))
    since = df.DateFilter(label=_("From"), field_name="redeemed_at", lookup_expr="date__gte",
                          widget=forms.DateInput(attrs={"type": "date"}))
    until = df.DateFilter(label=_("To"), field_name="redeemed_at", lookup_expr="date__lte",
                          widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Claim
        fields = ["q", "since", "until"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(code=v.upper()) | Q(campaign__title__contains=v))


class BurstFilterSet(FilterSet):
    kind = df.ChoiceFilter(label=_("Source"), choices=Burst.Kind.choices)
    campaign = df.NumberFilter(label=_("Campaign"), widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Burst
        fields = ["kind", "campaign"]

    def filter_under(self, qs, name, value):
        from gonghui.members.filtersets import _visible_union

        union = _visible_union(self.request.user, value)
        return qs.filter(subtree_q("campaign__union__path", union.path)) if union else qs.none()
