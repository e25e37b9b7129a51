"""Member filters, shared by the roster page and the API."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import subtree_q
from gonghui.core.filtersets import FilterSet
from gonghui.orgs.filtersets import _visible_union

from .identity import AGE_BANDS
from .models import JoinApplication, Member, MemberImport, Status, TransferRequest
from .queries import search_q, tail_q
from .search_keys import parse_query


def filter_under(filterset, qs, name, value):
    """The `under` filter of every scoped list: rows in the subtree of a union the user sees,
    by the model's own scope path (a foreign union filters to nothing)."""
    union = _visible_union(filterset.request.user, value)
    return qs.filter(subtree_q(qs.model.scope_path, union.path)) if union else qs.none()


class MemberFilterForm(forms.Form):
    def clean(self):
        """An age band and a search by the last four are not combined: the rows found would show
        both, and a ten-year band beside an ID number's last four leaves about 330 numbers to a
        reader who knows the union's region (gonghui.core.crypto: the one masking rule)."""
        data = super().clean()
        if data.get("age") and parse_query(data.get("q")).tail:
            self.add_error("age", _("An age band cannot be combined with a search by the last four characters of "
                                    "an ID number or phone: together they would point to a few ID numbers. Clear "
                                    "the age band or the search."))
        return data


class MemberFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q",
                      widget=forms.TextInput(attrs={"type": "search", "placeholder": _("name, pinyin, phone tail …")}))
    status = df.ChoiceFilter(label=_("Status"), choices=Status.choices, method="filter_status")
    sex = df.ChoiceFilter(label=_("Sex"), choices=[("M", _("male")), ("F", _("female"))])
    age = df.ChoiceFilter(label=_("Age"), choices=[(str(i), label) for i, (_lo, _hi, label) in enumerate(AGE_BANDS)],
                          method="filter_age")
    is_gig_worker = df.BooleanFilter(label=_("Gig worker"))
    is_migrant_worker = df.BooleanFilter(label=_("Migrant worker"))
    is_model_worker = df.BooleanFilter(label=_("Model worker"))
    has_hardship_file = df.BooleanFilter(label=_("Hardship file"))
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = Member
        fields = ["q", "status", "sex", "age", "is_gig_worker", "is_migrant_worker", "is_model_worker",
                  "has_hardship_file", "under"]
        form = MemberFilterForm

    def filter_q(self, qs, name, value):
        return qs.filter(search_q(value))

    def filter_status(self, qs, name, value):
        return qs.in_status(value)

    def filter_age(self, qs, name, value):
        after, until = AGE_BANDS[int(value)].birth_years()
        qs = qs.filter(birth_year__lte=until)
        return qs.filter(birth_year__gt=after) if after is not None else qs

    filter_under = filter_under


class TransferFilterSet(FilterSet):
    state = df.ChoiceFilter(label=_("State"), choices=TransferRequest.State.choices)
    started_by = df.ChoiceFilter(label=_("Started by"), choices=TransferRequest.Side.choices)

    class Meta:
        model = TransferRequest
        fields = ["state", "started_by"]


class ImportFilterSet(FilterSet):
    state = df.ChoiceFilter(label=_("State"), choices=MemberImport.State.choices)
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = MemberImport
        fields = ["state", "under"]

    filter_under = filter_under


def _unions_with_applications(request):
    from gonghui.orgs.models import Union

    if request is None:
        return Union.objects.none()
    seen = JoinApplication.objects.restrict(request.user).values("union_id")
    return Union.objects.filter(pk__in=seen).order_by("path")


class JoinFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="filter_q",
                      widget=forms.TextInput(attrs={"type": "search", "placeholder": _("name, phone or ID tail …")}))
    state = df.ChoiceFilter(label=_("State"), choices=JoinApplication.State.choices)
    union = df.ModelChoiceFilter(label=_("Union"), queryset=_unions_with_applications)
    is_gig_worker = df.BooleanFilter(label=_("Gig worker"))
    under = df.NumberFilter(label=_("Under union"), method="filter_under", widget=forms.HiddenInput)

    class Meta:
        model = JoinApplication
        fields = ["q", "state", "union", "is_gig_worker", "under"]

    def filter_q(self, qs, name, value):
        """Name, the last digits of the phone or ID, or a full phone or ID number (by its hash)."""
        from gonghui.core.crypto import lookup_hash

        query = parse_query(value)
        q = Q(pk__in=[])
        if query.name:
            q |= Q(name__contains=query.name)
        if query.tail:
            q |= tail_q(query.digits)
        elif query.phone:
            q |= Q(phone_index=lookup_hash("phone", query.phone))
        if query.document:
            q |= Q(id_index=lookup_hash("id", query.document))
        return qs.filter(q)

    filter_under = filter_under
