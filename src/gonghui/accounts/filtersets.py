"""Filters of the staff-account list."""

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import subtree_q
from gonghui.core.filtersets import FilterSet
from gonghui.orgs.models import Union

from .models import Grant, Role, User


class StaffFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q", help_text=_("Username or name"))
    role = df.ModelChoiceFilter(label=_("Role"), queryset=Role.objects.all(), method="filter_role")
    under = df.NumberFilter(label=_("Under union"), method="filter_under")
    is_active = df.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "role", "under", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["role"].field.label_from_instance = lambda role: _(role.name)
        self.form.fields["q"].widget.input_type = "search"
        for field in self.form.fields.values():
            select = hasattr(field.widget, "choices")
            field.widget.attrs["class"] = "form-select form-select-sm" if select else "form-control form-control-sm"

    def filter_q(self, qs, name, value):
        return qs.filter(Q(username__icontains=value) | Q(full_name__icontains=value))

    def filter_role(self, qs, name, value):
        return qs.filter(pk__in=Grant.objects.filter(role=value).values("user_id"))

    def filter_under(self, qs, name, value):
        """Accounts with a grant on this union or one below it; a union the user may not see
        filters to nothing."""
        union = Union.objects.restrict(self.request.user).filter(pk=value).first()
        if union is None:
            return qs.none()
        return qs.filter(pk__in=Grant.objects.filter(subtree_q("union__path", union.path)).values("user_id"))
