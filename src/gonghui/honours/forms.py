from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.orgs.forms import union_field

from . import titles
from .models import Clearance, Honour, Nomination

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConferForm(BootstrapMixin, forms.Form):
    """Record an honour conferred elsewhere (a national or provincial title) for a member."""

    number = forms.CharField(label=_("Member number"), max_length=20)
    title = forms.ChoiceField(label=_("Title"), choices=titles.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Honour.Level.choices)
    year = forms.IntegerField(label=_("Year"))
    conferring_body = forms.CharField(label=_("Conferring body"), max_length=120)
    certificate_no = forms.CharField(label=_("Certificate number"), max_length=60, required=False)
    source = forms.CharField(label=_("How it was won"), max_length=200, required=False)


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RoundForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    year = forms.IntegerField(label=_("Year"))
    title = forms.ChoiceField(label=_("Title"), choices=titles.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Honour.Level.choices)
    conferring_body = forms.CharField(label=_("Conferring body"), max_length=120)
    nominate_until = forms.DateField(label=_("Nominations close on"), widget=DATE)
    criteria = forms.CharField(label=_("Criteria"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    quotas = forms.CharField(label=_("Quotas"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("One line per county or industry union: name, then the number, e.g. "
                                         "“衡阳县总工会 5”."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Organising union"))
        self.order_fields(["union"])
        self.initial.setdefault("year", timezone.localdate().year)
        bootstrap(self)


class NominateForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Member number (a person)"), max_length=20, required=False)
    collective_name = forms.CharField(label=_("Collective (team, post, department)"), max_length=120,
                                      required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=Nomination.Sector.choices)
    is_frontline = forms.BooleanField(label=_("Front-line worker"), required=False)
    is_industrial_worker = forms.BooleanField(label=_("Industrial worker"), required=False)
    is_enterprise_head = forms.BooleanField(label=_("Head of an enterprise"), required=False)
    is_farmer_worker = forms.BooleanField(label=_("Migrant worker from the countryside"), required=False)
    deeds = forms.CharField(label=_("Deeds"), widget=forms.Textarea(attrs={"rows": 4}))
    materials = forms.FileField(label=_("Materials (PDF or image)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominated_by"] = union_field(user, _("Nominating union"))
        self.order_fields(["nominated_by"])
        bootstrap(self)


class ReviewForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("approve")), ("reject", _("reject"))])
    opinion = forms.CharField(label=_("Opinion"), max_length=300, required=False)


class ClearanceForm(BootstrapMixin, forms.Form):
    agency = forms.ChoiceField(label=_("Agency"), choices=())
    result = forms.ChoiceField(label=_("Result"), choices=Clearance.Result.choices)
    given_on = forms.DateField(label=_("Given on"), widget=DATE)
    reference = forms.CharField(label=_("Document reference"), max_length=60, required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = list(agencies)
        bootstrap(self)


class ObjectionForm(BootstrapMixin, forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    raised_by = forms.CharField(label=_("Raised by"), max_length=60, required=False)
    content = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 3}))


class FindingForm(BootstrapMixin, forms.Form):
    uphold = forms.ChoiceField(label=_("Finding"), choices=[("dismiss", _("dismissed")), ("uphold", _("upheld"))])
    finding = forms.CharField(label=_("Finding"), max_length=300)


class VisitForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Member number"), max_length=20)
    visited_on = forms.DateField(label=_("Visited on"), widget=DATE)
    amount = forms.DecimalField(label=_("Condolence money (yuan)"), min_value=0, decimal_places=2, max_digits=10)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Visiting union"))
        self.order_fields(["union"])
        bootstrap(self)


class SubsidyForm(BootstrapMixin, forms.Form):
    """生活困难补助 (line − income) or 特殊困难帮扶 (share of the self-paid cost), as an application."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    number = forms.CharField(label=_("Member number"), max_length=20)
    status = forms.ChoiceField(label=_("Status of the model worker"), required=False, choices=[
        ("working", _("working")), ("retired", _("retired")), ("farmer", _("farmer"))])
    own_income = forms.DecimalField(label=_("Own average monthly income (yuan)"), min_value=0, decimal_places=2,
                                    max_digits=10, required=False)
    months = forms.IntegerField(label=_("Months"), min_value=1, max_value=12, required=False)
    spending = forms.DecimalField(label=_("Self-paid cost (yuan)"), min_value=0, decimal_places=2, max_digits=10,
                                  required=False)
    cause = forms.CharField(label=_("Cause of the hardship"), max_length=200, required=False)
    bank_name = forms.CharField(label=_("Bank"), max_length=60)
    bank_account = forms.CharField(label=_("Bank account"), max_length=40)

    def __init__(self, *args, user, kind, **kwargs):
        from gonghui.assistance.models import Programme

        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.restrict(user).filter(kind="model_worker").order_by(
            "-year", "name")
        drop = ("spending", "cause") if kind == "living" else ("status", "own_income", "months")
        for name in drop:
            del self.fields[name]
        bootstrap(self)
