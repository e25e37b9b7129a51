"""Filters of the events and course lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import Booking, Course, CourseTopic, Event, Registration


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


def _member_q(value):
    value = value.strip()
    return Q(member__name__contains=value) | Q(member__number=value)


class EventFilterSet(FilterSet):
    q = _search(_("title or place …"))
    state = df.ChoiceFilter(label=_("State"), choices=Event.State.choices)
    when = df.ChoiceFilter(label=_("When"), method="filter_when", choices=[
        ("upcoming", _("not yet ended")), ("past", _("ended"))])
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Event
        fields = ["q", "state", "when", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(title__contains=value.strip()) | Q(place__contains=value.strip()))

    def filter_when(self, qs, name, value):
        now = timezone.now()
        return qs.filter(ends_at__gte=now) if value == "upcoming" else qs.filter(ends_at__lt=now)

    filter_under = filter_under


class RegistrationFilterSet(FilterSet):
    q = _search(_("name or member number …"))
    event = df.NumberFilter(label=_("Event"), widget=forms.HiddenInput)
    state = df.ChoiceFilter(label=_("State"), choices=Registration.State.choices)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Registration
        fields = ["q", "event", "state", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(_member_q(value) | Q(event__title__contains=value.strip()))

    filter_under = filter_under


class TopicFilterSet(FilterSet):
    q = _search(_("topic …"))
    state = df.ChoiceFilter(label=_("State"), choices=CourseTopic.State.choices)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = CourseTopic
        fields = ["q", "state", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(title__contains=value.strip())

    filter_under = filter_under


class CourseFilterSet(FilterSet):
    q = _search(_("course or teacher …"))
    ran = df.BooleanFilter(label=_("Has run"), method="filter_ran")
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Course
        fields = ["q", "ran", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(title__contains=value.strip()) | Q(teacher__contains=value.strip()))

    def filter_ran(self, qs, name, value):
        from .queries import ran_q

        ran = Course.objects.filter(ran_q()).values("pk")
        return qs.filter(pk__in=ran) if value else qs.exclude(pk__in=ran)

    filter_under = filter_under


class BookingFilterSet(FilterSet):
    q = _search(_("name, member number or course …"))
    course = df.NumberFilter(label=_("Course"), field_name="session__course", widget=forms.HiddenInput)
    session = df.NumberFilter(label=_("Session"), widget=forms.HiddenInput)
    state = df.ChoiceFilter(label=_("State"), choices=Booking.State.choices)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Booking
        fields = ["q", "course", "session", "state", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(_member_q(value) | Q(session__course__title__contains=value.strip()))

    filter_under = filter_under
