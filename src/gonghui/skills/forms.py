from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.orgs.forms import union_field

from .models import Level

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EnrolmentForm(BootstrapMixin, forms.Form):
    household = forms.CharField(label=_("Household (head and village)"), max_length=120)
    person = forms.CharField(label=_("Trainee"), max_length=60)
    trade = forms.CharField(label=_("Trade"), max_length=60)
    course = forms.CharField(label=_("Course"), max_length=120)
    enrolled_on = forms.DateField(label=_("Enrolled on"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.order_fields(["union"])
        bootstrap(self)


class CompleteForm(BootstrapMixin, forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)
    level = forms.ChoiceField(label=_("Skill level gained"), required=False,
                              choices=[("", _("no certificate"))] + Level.choices)
    certificate_no = forms.CharField(label=_("Certificate number"), max_length=40, required=False)


class WorkshopForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    village = forms.CharField(label=_("Village"), max_length=120)
    product = forms.CharField(label=_("Product or work"), max_length=120)
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE)
    workers = forms.CharField(label=_("Workers (name, household; one a line)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.order_fields(["union"])
        bootstrap(self)

    def clean_workers(self):
        out = []
        for line in self.cleaned_data["workers"].splitlines():
            if line.strip():
                person, _sep, household = line.replace("，", ",").partition(",")
                out.append((person.strip(), household.strip()))
        return out
