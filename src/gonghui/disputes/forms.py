from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.core.money import YuanField
from gonghui.orgs.forms import employer_field, union_field

from . import warning
from .models import Dispute, Interruption, MediationBody, MediationMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DisputeFields(BootstrapMixin, forms.Form):
    worker_name = forms.CharField(label=_("Worker (applicant)"), max_length=60)
    workers = forms.IntegerField(label=_("Workers with this claim"), min_value=1, initial=1)
    claim = forms.ChoiceField(label=_("Claim"), choices=Dispute.Claim.choices)
    claim_text = forms.CharField(label=_("What is claimed"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    amount_fen = YuanField(label=_("Amount claimed (yuan)"), required=False)
    event_on = forms.DateField(label=_("Event date"), widget=DATE)
    knew_on = forms.DateField(label=_("Knew of the infringement on"), widget=DATE)
    employed = forms.BooleanField(label=_("Still employed"), required=False, initial=True)
    employment_ended_on = forms.DateField(label=_("Employment ended on"), widget=DATE, required=False)


class DisputeForm(DisputeFields):
    received_on = forms.DateField(label=_("Mediation application received on"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union that mediates"))
        self.fields["employer"] = employer_field(user)
        self.fields["body"] = forms.ModelChoiceField(
            label=_("Mediation body"), required=False,
            queryset=MediationBody.objects.restrict(user).filter(active=True).order_by("name"))
        self.order_fields(["union", "body", "employer"])
        bootstrap(self)


class ReferralForm(DisputeFields):
    court = forms.CharField(label=_("Court"), max_length=120)
    court_case = forms.CharField(label=_("Court case number"), max_length=60)
    referred_on = forms.DateField(label=_("Referred on"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union that mediates"))
        self.fields["employer"] = employer_field(user)
        self.order_fields(["union", "court", "court_case", "referred_on", "employer"])
        bootstrap(self)


class ExtendForm(BootstrapMixin, forms.Form):
    until = forms.DateField(label=_("Agreed new end of mediation"), widget=DATE)
    note = forms.CharField(label=_("The parties' agreement"), max_length=300)


class AgreeForm(BootstrapMixin, forms.Form):
    agreed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    signed = forms.BooleanField(label=_("Signed by both parties and the mediator"), required=False)
    stamped = forms.BooleanField(label=_("Stamped by the mediation body"), required=False)
    text = forms.CharField(label=_("Agreement"), widget=forms.Textarea(attrs={"rows": 3}))
    amount_fen = YuanField(label=_("Amount agreed (yuan)"), required=False)
    pay_by = forms.DateField(label=_("To be paid by"), widget=DATE, required=False)


class PaidForm(BootstrapMixin, forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)


class PaymentOrderForm(BootstrapMixin, forms.Form):
    applied_on = forms.DateField(label=_("Applied to the court on"), widget=DATE)


class EndForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("Mediation ended on"), widget=DATE)
    reason = forms.CharField(label=_("Why no agreement"), max_length=300)


class InterruptForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("On"), widget=DATE)
    kind = forms.ChoiceField(label=_("What interrupted the time bar"), choices=Interruption.Kind.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ApplyForm(BootstrapMixin, forms.Form):
    applied_on = forms.DateField(label=_("Applied for arbitration on"), widget=DATE)
    commission = forms.CharField(label=_("Arbitration commission"), max_length=120, required=False)


class AcceptForm(BootstrapMixin, forms.Form):
    accepted_on = forms.DateField(label=_("Accepted on"), widget=DATE)
    simple = forms.BooleanField(label=_("Simple procedure"), required=False)


class RefuseForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("Decided on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ExtendAwardForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for the extension (approved by the chair)"), max_length=300)


class AwardForm(BootstrapMixin, forms.Form):
    awarded_on = forms.DateField(label=_("Award made on"), widget=DATE)
    outcome = forms.CharField(label=_("Award"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("Closed on"), widget=DATE)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}))
    withdrawn = forms.BooleanField(label=_("Withdrawn by the worker"), required=False)


class BodyForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=MediationBody.Kind.choices)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.fields["employer"] = employer_field(user, required=False)
        self.order_fields(["union", "kind", "employer"])
        bootstrap(self)


class MediatorForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    side = forms.ChoiceField(label=_("Side"), choices=MediationMember.Side.choices)
    title = forms.CharField(label=_("Post"), max_length=60, required=False)
    from_union = forms.BooleanField(label=_("Union member or officer"), required=False)
    is_chair = forms.BooleanField(label=_("Chair"), required=False)


class ReportForm(BootstrapMixin, forms.Form):
    reported_on = forms.DateField(label=_("Reported to the court on"), widget=DATE)
    note = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 2}))


class SignalForm(BootstrapMixin, forms.Form):
    code = forms.ChoiceField(label=_("Signal"), choices=[(c, warning.SIGNALS[c]) for c in warning.MANUAL])
    on = forms.DateField(label=_("On"), widget=DATE)
    count = forms.IntegerField(label=_("Count (workers or times)"), min_value=1, initial=1)
    amount_fen = YuanField(label=_("Amount (yuan)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.fields["employer"] = employer_field(user)
        self.order_fields(["union", "employer"])
        bootstrap(self)


class WatchForm(BootstrapMixin, forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    registered_capital_fen = YuanField(label=_("Registered capital (yuan)"), required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


class WatchActionForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("On"), widget=DATE)
    text = forms.CharField(label=_("Action"), max_length=300)
