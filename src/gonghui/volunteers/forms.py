from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.orgs.forms import union_field

from .models import Team

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class TeamForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=Team.Kind.choices)
    area = forms.CharField(label=_("Where it serves"), max_length=120, required=False)
    leader = forms.CharField(label=_("Team leader"), max_length=60, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.order_fields(["union"])
        bootstrap(self)


class NumbersForm(BootstrapMixin, forms.Form):
    numbers = forms.CharField(label=_("Member numbers (one a line)"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_numbers(self):
        text = self.cleaned_data["numbers"].replace(",", "\n").replace("，", "\n")
        return [n.strip() for n in text.splitlines() if n.strip()]


class ActivityForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    service = forms.CharField(label=_("Service given"), max_length=120)
    place = forms.CharField(label=_("Place"), max_length=150)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME)
    capacity = forms.IntegerField(label=_("Volunteers needed"), min_value=1)


class MemberActionForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Member number"), max_length=20)
    at = forms.DateTimeField(label=_("Check-out time"), widget=DATETIME, required=False)
