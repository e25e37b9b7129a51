"""Filters of the dispute, body, referral, watch-list and signal lists, shared by pages and API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from . import warning
from .models import CourtReferral, Dispute, MediationBody, SignalEntry, Watch


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


UNDER = dict(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)


class DisputeFilterSet(FilterSet):
    q = _search(_("number, worker or employer …"))
    state = df.ChoiceFilter(label=_("State"), choices=Dispute.State.choices)
    claim = df.ChoiceFilter(label=_("Claim"), choices=Dispute.Claim.choices)
    due = df.ChoiceFilter(label=_("Deadlines"), method="filter_due", choices=[
        ("mediation_over", _("mediation period over: may apply for arbitration")),
        ("award_overdue", _("award overdue")), ("final", _("final awards (一裁终局)")),
        ("payment_order", _("agreement unpaid: payment order possible"))])
    employer = df.NumberFilter(label=_("Employer"), widget=forms.HiddenInput)
    body = df.NumberFilter(label=_("Mediation body"), widget=forms.HiddenInput)
    under = df.NumberFilter(**UNDER)

    class Meta:
        model = Dispute
        fields = ["q", "state", "claim", "due", "employer", "body", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(number__contains=v) | Q(worker_name__contains=v) | Q(employer__name__contains=v))

    def filter_due(self, qs, name, value):
        today = timezone.localdate()
        S = Dispute.State
        return {
            "mediation_over": qs.filter(state=S.MEDIATING, mediation_due_on__lt=today),
            "award_overdue": qs.filter(state=S.ACCEPTED, award_due_on__lt=today),
            "final": qs.filter(final=True),
            "payment_order": qs.filter(state=S.AGREED, paid_on__isnull=True, payment_order_on__isnull=True,
                                       pay_by__lt=today, claim__in=["wages", "injury", "compensation", "damages"]),
        }.get(value, qs)

    filter_under = filter_under


class BodyFilterSet(FilterSet):
    q = _search(_("body or employer …"))
    kind = df.ChoiceFilter(label=_("Kind"), choices=MediationBody.Kind.choices)
    under = df.NumberFilter(**UNDER)

    class Meta:
        model = MediationBody
        fields = ["q", "kind", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(name__contains=v) | Q(employer__name__contains=v))

    filter_under = filter_under


class ReferralFilterSet(FilterSet):
    q = _search(_("court or case number …"))
    outcome = df.ChoiceFilter(label=_("Outcome"), choices=CourtReferral.Outcome.choices)
    unreported = df.BooleanFilter(label=_("Not yet reported"), method="filter_unreported")
    under = df.NumberFilter(**UNDER)

    class Meta:
        model = CourtReferral
        fields = ["q", "outcome", "unreported", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(court__contains=v) | Q(court_case__contains=v))

    def filter_unreported(self, qs, name, value):
        return qs.filter(reported_on__isnull=value)

    filter_under = filter_under


class WatchFilterSet(FilterSet):
    q = _search(_("employer …"))
    level = df.ChoiceFilter(label=_("Risk level"), choices=Watch.Level.choices)
    watched = df.BooleanFilter(label=_("On the watch list"))
    under = df.NumberFilter(**UNDER)

    class Meta:
        model = Watch
        fields = ["q", "level", "watched", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(employer__name__contains=value.strip())

    filter_under = filter_under


class SignalFilterSet(FilterSet):
    q = _search(_("employer or note …"))
    code = df.ChoiceFilter(label=_("Signal"), choices=[(c, warning.SIGNALS[c]) for c in warning.MANUAL])
    employer = df.NumberFilter(label=_("Employer"), widget=forms.HiddenInput)
    under = df.NumberFilter(**UNDER)

    class Meta:
        model = SignalEntry
        fields = ["q", "code", "employer", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(employer__name__contains=v) | Q(note__contains=v))

    filter_under = filter_under
