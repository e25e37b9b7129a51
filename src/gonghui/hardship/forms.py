"""Forms of the hardship pages: they take yuan and hand fen to the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.core.models import Code
from gonghui.core.money import YuanField

from .models import HardshipAttachment, HardshipFile, Objection, Relation


def _causes():
    return Code.objects.filter(table="hardship_cause", active=True).order_by("sort", "code")


class FileForm(BootstrapMixin, forms.Form):
    household_size = forms.IntegerField(label=_("Household size"), min_value=1, max_value=30)
    annual_income = YuanField(label=_("Household annual income (yuan)"))
    necessary_spending = YuanField(label=_("Necessary annual spending (yuan)"), required=False,
                                   help_text=_("Medical costs, schooling and other spending the household cannot "
                                               "avoid."))
    accident_costs = YuanField(label=_("Accident or disaster costs (yuan)"), required=False)
    main_cause = forms.ModelChoiceField(label=_("Main cause"), queryset=Code.objects.none(), to_field_name="code")
    secondary_causes = forms.MultipleChoiceField(label=_("Other causes (up to three)"), required=False,
                                                 widget=forms.CheckboxSelectMultiple)
    housing = forms.ModelChoiceField(label=_("Housing"), queryset=Code.objects.none(), required=False,
                                     to_field_name="code")
    housing_note = forms.CharField(label=_("Housing details"), max_length=200, required=False)
    health = forms.CharField(label=_("Health"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    disability = forms.CharField(label=_("Disability"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    bank_name = forms.CharField(label=_("Bank"), max_length=60, required=False)
    bank_account = forms.CharField(label=_("Bank account"), max_length=40, required=False)
    account_holder = forms.CharField(label=_("Account holder"), max_length=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["main_cause"].queryset = _causes()
        self.fields["secondary_causes"].choices = [(c.code, c.name) for c in _causes()]
        self.fields["housing"].queryset = Code.objects.filter(table="housing", active=True).order_by("sort", "code")
        self.fields["secondary_causes"].widget.attrs["class"] = ""
        bootstrap(self)
        self.fields["secondary_causes"].widget.attrs["class"] = "form-check-input"

    def service_data(self):
        d = dict(self.cleaned_data)
        return {"household_size": d["household_size"], "annual_income_fen": d["annual_income"],
                "necessary_spending_fen": d.get("necessary_spending") or 0,
                "accident_costs_fen": d.get("accident_costs") or 0, "main_cause": d["main_cause"],
                "secondary_causes": d.get("secondary_causes") or [], "housing": d.get("housing"),
                "housing_note": d.get("housing_note", ""), "health": d.get("health", ""),
                "disability": d.get("disability", ""), "bank_name": d.get("bank_name", ""),
                "bank_account": d.get("bank_account", ""), "account_holder": d.get("account_holder", "")}


class ClerkFileForm(FileForm):
    member = forms.CharField(label=_("Member"), max_length=30,
                             help_text=_("The member number or the full ID number of the applicant."))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    field_order = ["member", "year"]


class HouseholdForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=60)
    relation = forms.ChoiceField(label=_("Relation"), choices=[("", "—"), *Relation.choices])
    id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)
    health = forms.CharField(label=_("Health"), max_length=200, required=False)
    annual_income = YuanField(label=_("Annual income (yuan)"), required=False)
    school_or_employer = forms.CharField(label=_("School or employer"), max_length=120, required=False)


# One blank card to start with; more are added one at a time on the page (gonghui/formset.js).
HouseholdFormSet = forms.formset_factory(HouseholdForm, extra=1, max_num=30, can_delete=True)


def household_rows(formset):
    return [{"name": f.cleaned_data["name"], "relation": f.cleaned_data["relation"],
             "id_number": f.cleaned_data.get("id_number", ""), "health": f.cleaned_data.get("health", ""),
             "annual_income_fen": f.cleaned_data.get("annual_income") or 0,
             "school_or_employer": f.cleaned_data.get("school_or_employer", "")}
            for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class OpinionForm(BootstrapMixin, forms.Form):
    opinion = forms.CharField(label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("approve")), ("return", _("send back")),
                                                                ("reject", _("reject"))])
    opinion = forms.CharField(label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionForm(BootstrapMixin, forms.Form):
    raised_by = forms.CharField(label=_("Raised by"), max_length=60, required=False)
    content = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideObjectionForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[c for c in Objection.Outcome.choices
                                                             if c[0] != Objection.Outcome.PENDING])
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ExitForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Exit"), choices=HardshipFile.ExitKind.choices)
    reason = forms.CharField(label=_("Reason for exit"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class IncomeForm(BootstrapMixin, forms.Form):
    month = forms.DateField(label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}),
                            input_formats=["%Y-%m", "%Y-%m-%d"])
    per_capita = YuanField(label=_("Income per person in the month (yuan)"))


class AttachmentForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=HardshipAttachment.Kind.choices)
    upload = forms.FileField(label=_("File"))


class DibaoForm(BootstrapMixin, forms.Form):
    region = forms.CharField(label=_("Division code"), max_length=12)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    monthly = YuanField(label=_("低保 standard (yuan per person per month)"))
    note = forms.CharField(label=_("Source"), max_length=200, required=False)
