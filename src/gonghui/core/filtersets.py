import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import ACTIONS, AuditEntry

ALL = _("All")
DJANGO_BLANK = "---------"


def label_all(form):
    """Say "All" (全部) where a filter is not applied: the blank choice of every drop-down
    (Django's "---------") and of every yes/no filter (Django's "Unknown", 未知, which reads as
    if the answer were not known rather than "either")."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.NullBooleanSelect | df.widgets.BooleanWidget):
            widget.choices = [(widget.choices[0][0], ALL), *widget.choices[1:]]
        elif getattr(field, "empty_label", None) is not None:
            field.empty_label = ALL  # django-filters' and Django's model choice fields
            widget.choices = field.choices
        elif isinstance(field, forms.ChoiceField):
            field.choices = [("", ALL) if (value == "" and str(label) == DJANGO_BLANK) else (value, label)
                             for value, label in field.choices]
    return form


class FilterSet(df.FilterSet):
    """The base of every filterset in Gonghui (pages and API share them): filters read the same
    everywhere."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            label_all(super().form)
        return self._form


class AuditFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q")
    actor = df.CharFilter(label=_("Actor"), field_name="actor_label", lookup_expr="icontains")
    action = df.ChoiceFilter(label=_("Action"), choices=list(ACTIONS.items()))
    object_type = df.CharFilter(label=_("Object type"))
    ip = df.CharFilter(label=_("IP address"), field_name="ip")
    since = df.DateFilter(label=_("From"), field_name="at", lookup_expr="date__gte",
                          widget=forms.DateInput(attrs={"type": "date"}))
    until = df.DateFilter(label=_("To"), field_name="at", lookup_expr="date__lte",
                          widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = AuditEntry
        fields = ["q", "actor", "action", "object_type", "ip", "since", "until"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(object_repr__icontains=value) | Q(reason__icontains=value))
