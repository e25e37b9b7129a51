"""Filters of the request and legal-aid lists, shared by the pages, the board's links and the API."""

import django_filters as df
from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import AidProvider, LegalAidCase, Request, Satisfaction


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


class RequestFilterSet(FilterSet):
    q = _search(_("number, worker, employer …"))
    state = df.ChoiceFilter(label=_("State"), choices=Request.State.choices)
    topic = df.ChoiceFilter(label=_("Topic"), choices=Request.Topic.choices)
    kind = df.ChoiceFilter(label=_("Kind"), choices=Request.Kind.choices)
    klass = df.ChoiceFilter(label=_("Class"), choices=Request.Class.choices)
    channel = df.ChoiceFilter(label=_("Channel"), choices=Request.Channel.choices)
    progress = df.ChoiceFilter(label=_("Progress"), method="filter_progress", choices=[
        ("open", _("open")), ("overdue", _("overdue")), ("closed", _("closed")),
        ("on_time", _("closed on time")), ("late", _("closed late")), ("escalated", _("escalated"))])
    satisfaction = df.ChoiceFilter(label=_("Satisfaction"), method="filter_satisfaction",
                                   choices=[*Satisfaction.choices, ("followed", _("followed up (any)")),
                                            ("content", _("satisfied or basically satisfied"))])
    money = df.BooleanFilter(label=_("Money recovered"), method="filter_money")
    received_from = df.DateFilter(label=_("Received from"), field_name="received_on", lookup_expr="gte",
                                  widget=forms.DateInput(attrs={"type": "date"}))
    received_to = df.DateFilter(label=_("Received until"), field_name="received_on", lookup_expr="lte",
                                widget=forms.DateInput(attrs={"type": "date"}))
    union = df.NumberFilter(label=_("Handling union"), field_name="union_id", widget=forms.HiddenInput)
    employer = df.NumberFilter(label=_("Employer"), field_name="employer_id", widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Request
        fields = ["q", "state", "topic", "kind", "klass", "channel", "progress", "satisfaction", "money",
                  "received_from", "received_to", "union", "employer", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(number__contains=v) | Q(worker_name__contains=v) | Q(employer_name__contains=v)
                         | Q(description__contains=v))

    def filter_progress(self, qs, name, value):
        today = timezone.localdate()
        return {
            "open": lambda: qs.filter(state__in=Request.OPEN_STATES),
            "overdue": lambda: qs.filter(state__in=Request.OPEN_STATES, due_on__lt=today),
            "closed": lambda: qs.filter(state="closed"),
            "on_time": lambda: qs.filter(state="closed", closed_on__lte=F("due_on")),
            "late": lambda: qs.filter(state="closed", closed_on__gt=F("due_on")),
            "escalated": lambda: qs.filter(escalated_to__isnull=False),
        }[value]()

    def filter_satisfaction(self, qs, name, value):
        if value == "followed":
            return qs.exclude(satisfaction="")
        if value == "content":
            return qs.filter(satisfaction__in=["satisfied", "basic"])
        return qs.filter(satisfaction=value)

    def filter_money(self, qs, name, value):
        return qs.filter(money_recovered_fen__gt=0) if value else qs.filter(money_recovered_fen=0)

    filter_under = filter_under


class LegalAidFilterSet(FilterSet):
    q = _search(_("number, applicant …"))
    state = df.ChoiceFilter(label=_("State"), choices=LegalAidCase.State.choices)
    basis = df.ChoiceFilter(label=_("Eligibility"), choices=LegalAidCase.Basis.choices)
    service = df.ChoiceFilter(label=_("Service given"), choices=LegalAidCase.Service.choices)
    overdue = df.BooleanFilter(label=_("Decision overdue"), method="filter_overdue")
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = LegalAidCase
        fields = ["q", "state", "basis", "service", "overdue", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(number__contains=v) | Q(applicant_name__contains=v) | Q(facts__contains=v))

    def filter_overdue(self, qs, name, value):
        late = Q(state="applied", decision_due_on__lt=timezone.localdate())
        return qs.filter(late) if value else qs.exclude(late)

    filter_under = filter_under


class ProviderFilterSet(FilterSet):
    q = _search(_("name or firm …"))
    kind = df.ChoiceFilter(label=_("Kind"), choices=AidProvider.Kind.choices)
    active = df.BooleanFilter(label=_("On the roster"))
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = AidProvider
        fields = ["q", "kind", "active", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(name__contains=v) | Q(firm__contains=v))

    filter_under = filter_under
