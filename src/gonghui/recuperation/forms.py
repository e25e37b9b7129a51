from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.core.money import YuanField
from gonghui.orgs.forms import union_field

from . import rules
from .models import Base

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BaseForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    city = forms.CharField(label=_("City"), max_length=40)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    beds = forms.IntegerField(label=_("Beds"), min_value=0, required=False)
    is_partner = forms.BooleanField(label=_("A partner city's base"), required=False)
    partner = forms.CharField(label=_("Partner union"), max_length=120, required=False)
    agreement = forms.CharField(label=_("Agreement"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Listed by"))
        self.order_fields(["union"])
        bootstrap(self)


class BatchForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    base = forms.ModelChoiceField(label=_("Base"), queryset=Base.objects.none())
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    capacity = forms.IntegerField(label=_("Places"), min_value=1)
    cost_per_person_fen = YuanField(label=_("Cost per person (yuan)"))
    budget_fen = YuanField(label=_("Budget (yuan)"))
    honour_required = forms.BooleanField(label=_("Honour holders only"), required=False, initial=True)
    min_level = forms.ChoiceField(label=_("Lowest honour level"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Run by"))
        self.fields["base"].queryset = Base.objects.restrict(user).filter(active=True).order_by("city", "name")
        self.fields["min_level"].choices = [("", _("any level"))] + rules.levels()
        self.order_fields(["union"])
        bootstrap(self)


class CandidatesForm(BootstrapMixin, forms.Form):
    numbers = forms.CharField(label=_("Member numbers (one a line)"), widget=forms.Textarea(attrs={"rows": 4}))
    frontline = forms.BooleanField(label=_("Front-line workers"), required=False)

    def clean_numbers(self):
        return [n.strip() for n in self.cleaned_data["numbers"].replace(",", "\n").replace("，", "\n").splitlines()
                if n.strip()]


class RespondForm(forms.Form):
    answer = forms.ChoiceField(label=_("Your reply to the offer"), widget=forms.RadioSelect,
                               choices=[("accept", pgettext_lazy("recuperation", "Accept")),
                                        ("decline", _("Decline"))])
    reason = forms.CharField(label=_("Reason (if you decline)"), max_length=200, required=False)
