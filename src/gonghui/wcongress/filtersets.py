"""Filters of the 职代会, proposal and 厂务公开 lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import Disclosure, Proposal, WorkersCongress


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


class CongressFilterSet(FilterSet):
    q = _search(_("congress or employer …"))
    kind = df.ChoiceFilter(label=_("Kind"), choices=WorkersCongress.Kind.choices)
    term = df.ChoiceFilter(label=_("Term"), method="filter_term", choices=[
        ("current", _("term in progress")), ("ended", _("term ended: re-election due"))])
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = WorkersCongress
        fields = ["q", "kind", "term", "under"]

    def filter_term(self, qs, name, value):
        today = timezone.localdate()
        return qs.filter(term_end__gte=today) if value == "current" else qs.filter(term_end__lt=today)

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(name__contains=v) | Q(employers__name__contains=v)).distinct()

    filter_under = filter_under


class ProposalFilterSet(FilterSet):
    q = _search(_("number, title, proposer or department …"))
    state = df.ChoiceFilter(label=_("State"), choices=Proposal.State.choices)
    overdue = df.BooleanFilter(label=_("Reply overdue"), method="filter_overdue")
    recommended = df.BooleanFilter(label=_("Recommended upward"), method="filter_recommended")
    congress = df.NumberFilter(label=_("Workers' congress"), widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Proposal
        fields = ["q", "state", "overdue", "recommended", "congress", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(number__contains=v) | Q(title__contains=v) | Q(proposer__member__name__contains=v)
                         | Q(department__contains=v))

    def filter_overdue(self, qs, name, value):
        late = Q(state=Proposal.State.ASSIGNED, due_on__lt=timezone.localdate())
        return qs.filter(late) if value else qs.exclude(late)

    def filter_recommended(self, qs, name, value):
        return qs.filter(recommended_at__isnull=not value)

    filter_under = filter_under


class DisclosureFilterSet(FilterSet):
    STATUS = [("overdue", _("overdue")), ("pending", _("to publish")), ("published", _("published on time")),
              ("late", _("published late"))]

    q = _search(_("employer or item …"))
    status = df.ChoiceFilter(label=_("Status"), choices=STATUS, method="filter_status")
    period = df.CharFilter(label=_("Period"))
    employer = df.NumberFilter(label=_("Employer"), widget=forms.HiddenInput)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Disclosure
        fields = ["q", "status", "period", "employer", "under"]

    def filter_q(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(employer__name__contains=v) | Q(item_name__contains=v))

    def filter_status(self, qs, name, value):
        today = timezone.localdate()
        from django.db.models import F

        return {
            "overdue": qs.filter(published_on__isnull=True, due_on__lt=today),
            "pending": qs.filter(published_on__isnull=True, due_on__gte=today),
            "published": qs.filter(published_on__lte=F("due_on")),
            "late": qs.filter(published_on__gt=F("due_on")),
        }.get(value, qs)

    filter_under = filter_under
