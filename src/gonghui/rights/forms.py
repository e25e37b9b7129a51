from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.core.money import YuanField
from gonghui.orgs.forms import union_field

from .models import AidProvider, LegalAidCase, Request, Satisfaction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _county_field():
    from .services import counties

    return forms.ModelChoiceField(label=_("County (city, district) where you work"), queryset=counties(),
                                  required=False, help_text=_("Used when your employer has no union of its own."))


class AskForm(forms.Form):
    """The worker's request on the phone page (a member, or a worker proving their mobile)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Request.Kind.choices, initial=Request.Kind.SOLVE)
    topic = forms.ChoiceField(label=_("Topic"), choices=Request.Topic.choices)
    employer_name = forms.CharField(label=_("Employer (full name)"), max_length=120)
    description = forms.CharField(label=_("Describe what happened"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    workers_involved = forms.IntegerField(label=_("Workers involved"), min_value=1, initial=1)
    amount_claimed_fen = YuanField(label=_("Amount owed to you (yuan), if any"), required=False)

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"] = _county_field()
        if member is None:
            self.fields["worker_name"] = forms.CharField(label=_("Your name"), max_length=60)
            self.fields["phone"] = forms.CharField(label=_("Mobile phone"), max_length=20)
            self.fields["sms_code"] = forms.CharField(label=_("SMS code"), max_length=8, required=False)
        else:
            self.fields["file"] = forms.FileField(label=_("Attachment (photo or PDF, optional)"), required=False)


class HotlineForm(BootstrapMixin, forms.Form):
    """A hotline clerk records a call."""

    worker_name = forms.CharField(label=_("Caller's name"), max_length=60)
    phone = forms.CharField(label=_("Caller's mobile phone"), max_length=20, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Request.Kind.choices, initial=Request.Kind.SOLVE)
    topic = forms.ChoiceField(label=_("Topic"), choices=Request.Topic.choices)
    employer_name = forms.CharField(label=_("Employer (full name)"), max_length=120)
    description = forms.CharField(label=_("Describe what happened"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    workers_involved = forms.IntegerField(label=_("Workers involved"), min_value=1, initial=1)
    amount_claimed_fen = YuanField(label=_("Amount claimed (yuan)"), required=False)
    received_on = forms.DateField(label=_("Call received on"), widget=DATE)
    file = forms.FileField(label=_("Attachment (photo or PDF, optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"] = _county_field()
        bootstrap(self)


class AcceptForm(BootstrapMixin, forms.Form):
    klass = forms.ChoiceField(label=_("Class"), choices=Request.Class.choices)
    reason = forms.CharField(label=_("Reason for the class (above ordinary)"), max_length=300, required=False)


class ReclassForm(BootstrapMixin, forms.Form):
    klass = forms.ChoiceField(label=_("New class"), choices=Request.Class.choices)
    reason = forms.CharField(label=_("Reason for the change"), max_length=300, required=False)


class HandleForm(BootstrapMixin, forms.Form):
    result = forms.CharField(label=_("How it was handled"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    money_recovered_fen = YuanField(label=_("Money recovered (yuan)"), required=False)


class ReplyForm(BootstrapMixin, forms.Form):
    reply = forms.CharField(label=_("Reply to the worker"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    replied_on = forms.DateField(label=_("Replied on"), widget=DATE)


class FollowUpForm(BootstrapMixin, forms.Form):
    satisfaction = forms.ChoiceField(label=_("Worker's satisfaction"), choices=Satisfaction.choices)
    note = forms.CharField(label=_("Follow-up note"), max_length=300, required=False)


class CloseForm(BootstrapMixin, forms.Form):
    passed = forms.ChoiceField(label=_("Quality check"), choices=[("1", _("passed: close the request")),
                                                                   ("0", _("failed: handle it again"))])
    note = forms.CharField(label=_("Quality check note"), max_length=300, required=False)


class LegalAidForm(BootstrapMixin, forms.Form):
    member_number = forms.CharField(label=_("Member number (if a member)"), max_length=20, required=False)
    applicant_name = forms.CharField(label=_("Applicant"), max_length=60, required=False)
    matter = forms.ChoiceField(label=_("Matter"), choices=LegalAidCase.Matter.choices)
    facts = forms.CharField(label=_("Facts and claims"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    amount_claimed_fen = YuanField(label=_("Amount claimed (yuan)"), required=False)
    basis = forms.ChoiceField(label=_("Eligibility"), choices=LegalAidCase.Basis.choices)
    income_per_head_fen = YuanField(label=_("Household monthly income per head (yuan, for the income test)"),
                                    required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union that gives the aid"))
        self.order_fields(["union"])
        bootstrap(self)


class DecideForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("grant", _("grant legal aid")),
                                                               ("refuse", _("refuse"))])
    reason = forms.CharField(label=_("Written reason for a refusal"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(BootstrapMixin, forms.Form):
    provider = forms.ModelChoiceField(label=_("Lawyer or volunteer"), queryset=AidProvider.objects.none())

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        bootstrap(self)


class ServiceForm(BootstrapMixin, forms.Form):
    service = forms.ChoiceField(label=_("Service given"), choices=LegalAidCase.Service.choices)
    note = forms.CharField(label=_("Service notes"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class CloseAidForm(BootstrapMixin, forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=LegalAidCase.Result.choices)
    money_recovered_fen = YuanField(label=_("Money recovered (yuan)"), required=False)
    rating = forms.TypedChoiceField(label=_("Worker's rating"), coerce=int,
                                    choices=[("", "—")] + [(i, "★" * i) for i in range(5, 0, -1)], required=False)


class ProviderForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AidProvider.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=60)
    firm = forms.CharField(label=_("Law firm or organisation"), max_length=120, required=False)
    licence_no = forms.CharField(label=_("Practising licence number"), max_length=40, required=False)
    phone = forms.CharField(label=_("Office phone"), max_length=30, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Roster of union"))
        self.order_fields(["union"])
        bootstrap(self)
