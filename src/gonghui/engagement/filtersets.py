"""Filters of the engagement lists, shared by the pages and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ancestor_paths, subtree_q
from gonghui.core.filtersets import FilterSet
from gonghui.members.filtersets import filter_under

from .models import Attempt, Book, CheckIn, Question, Quiz, ReadingPlan, Topic


def _search(placeholder):
    return df.CharFilter(label=_("Search"), method="filter_q",
                         widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


def _under():
    return df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)


def filter_branch(filterset, qs, name, value):
    """Rows a union's members see: set by the union, the unions above it or those below it."""
    from gonghui.orgs.filtersets import _visible_union

    union = _visible_union(filterset.request.user, value) if filterset.request else None
    if union is None:
        return qs.none()
    return qs.filter(subtree_q("union__path", union.path) | Q(union__path__in=ancestor_paths(union.path)))


def _member_q(value):
    value = value.strip()
    return Q(member__name__contains=value) | Q(member__number=value)


class QuestionFilterSet(FilterSet):
    q = _search(_("question text …"))
    topic = df.ModelChoiceFilter(label=_("Topic"), queryset=Topic.objects.all())
    kind = df.ChoiceFilter(label=_("Kind"), choices=Question.Kind.choices)
    active = df.BooleanFilter(label=_("In use"))
    under = _under()

    class Meta:
        model = Question
        fields = ["q", "topic", "kind", "active", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(text__contains=value.strip())

    filter_under = filter_branch


class QuizFilterSet(FilterSet):
    q = _search(_("quiz title or union …"))
    month = df.DateFilter(label=_("Month"), widget=forms.DateInput(attrs={"type": "date"}))
    under = _under()

    class Meta:
        model = Quiz
        fields = ["q", "month", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(title__contains=value.strip()) | Q(union__name__contains=value.strip()))

    filter_under = filter_branch


class AttemptFilterSet(FilterSet):
    q = _search(_("member name or number …"))
    quiz = df.ModelChoiceFilter(label=_("Quiz"), queryset=Quiz.objects.all())
    submitted = df.BooleanFilter(label=_("Submitted"), field_name="submitted_at", lookup_expr="isnull",
                                 exclude=True)
    under = _under()

    class Meta:
        model = Attempt
        fields = ["q", "quiz", "submitted", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(_member_q(value))

    filter_under = filter_under


class BookFilterSet(FilterSet):
    q = _search(_("title or author …"))
    category = df.CharFilter(label=_("Book category"))

    class Meta:
        model = Book
        fields = ["q", "category"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(title__contains=value.strip()) | Q(author__contains=value.strip()))


class PlanFilterSet(FilterSet):
    q = _search(_("plan title or union …"))
    under = _under()

    class Meta:
        model = ReadingPlan
        fields = ["q", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(title__contains=value.strip()) | Q(union__name__contains=value.strip()))

    filter_under = filter_branch


class CheckInFilterSet(FilterSet):
    q = _search(_("member name or number …"))
    plan = df.ModelChoiceFilter(label=_("Reading plan"), queryset=ReadingPlan.objects.all())
    on = df.DateFilter(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    under = _under()

    class Meta:
        model = CheckIn
        fields = ["q", "plan", "on", "under"]

    def filter_q(self, qs, name, value):
        return qs.filter(_member_q(value))

    filter_under = filter_under
