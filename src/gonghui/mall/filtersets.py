"""Filters of the mall's lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.budgets.models import Festival
from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import Order, Product, Supplier, Voucher, VoucherIssue


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


class SupplierFilterSet(FilterSet):
    q = _search(_("name …"))
    local = df.BooleanFilter(label=_("Local firms only"))

    class Meta:
        model = Supplier
        fields = ["q", "local"]

    def filter_q(self, qs, name, value):
        return qs.filter(name__contains=value.strip())


class ProductFilterSet(FilterSet):
    q = _search(_("product or supplier …"))
    kind = df.ChoiceFilter(label=_("Kind"), choices=Product.Kind.choices)
    local = df.BooleanFilter(label=_("Local firms only"), field_name="supplier__local")

    class Meta:
        model = Product
        fields = ["q", "kind", "local"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(name__contains=v) | Q(supplier__name__contains=v))


class OrderFilterSet(FilterSet):
    q = _search(_("title or union …"))
    festival = df.ChoiceFilter(label=_("Festival"), choices=Festival.choices)
    state = df.ChoiceFilter(label=_("State"), choices=Order.State.choices)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Order
        fields = ["q", "festival", "state", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(title__contains=v) | Q(union__name__contains=v))

    filter_under = filter_under


class IssueFilterSet(FilterSet):
    q = _search(_("title or union …"))
    festival = df.ChoiceFilter(label=_("Festival"), choices=Festival.choices)
    state = df.ChoiceFilter(label=_("State"), choices=VoucherIssue.State.choices)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = VoucherIssue
        fields = ["q", "festival", "state", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(title__contains=v) | Q(union__name__contains=v))

    filter_under = filter_under


class VoucherFilterSet(FilterSet):
    q = _search(_("member or title …"))
    state = df.ChoiceFilter(label=_("State"), choices=Voucher.State.choices)
    issue = df.NumberFilter(label=_("Voucher issue"), widget=forms.HiddenInput)

    class Meta:
        model = Voucher
        fields = ["q", "state", "issue"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(member__name__contains=v) | Q(issue__title__contains=v))
