from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.orgs.forms import union_field
from gonghui.orgs.models import Employer

from .models import CollectiveContract as C

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RequestForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=C.Kind.choices)
    coverage = forms.ChoiceField(label=_("Coverage"), choices=C.Coverage.choices)
    employers = forms.ModelMultipleChoiceField(label=_("Employers covered"), queryset=Employer.objects.none(),
                                               widget=forms.SelectMultiple(attrs={"size": 6}))
    requested_by = forms.ChoiceField(label=_("Request made by"), choices=C.Side.choices)
    requested_on = forms.DateField(label=_("Written request on"), widget=DATE)
    request_text = forms.CharField(label=_("What the request asks"), widget=forms.Textarea(attrs={"rows": 3}),
                                   required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union that bargains"))
        self.fields["employers"].queryset = Employer.objects.restrict(user).order_by("name")
        self.order_fields(["union"])
        bootstrap(self)


class ReplyForm(BootstrapMixin, forms.Form):
    replied_on = forms.DateField(label=_("Answered on"), widget=DATE)
    agreed = forms.TypedChoiceField(label=_("Answer"), coerce=lambda v: v == "yes",
                                    choices=[("yes", _("agrees to bargain")), ("no", _("refuses"))])
    text = forms.CharField(label=_("Answer or reason for refusing"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False)


class NegotiatorsForm(BootstrapMixin, forms.Form):
    union_side = forms.CharField(label=_("The union's negotiators (one a line, chief first; name, position)"),
                                 widget=forms.Textarea(attrs={"rows": 5}))
    employer_side = forms.CharField(label=_("The employer's negotiators (one a line, chief first; name, position)"),
                                    widget=forms.Textarea(attrs={"rows": 5}))

    @staticmethod
    def lines(text):
        out = []
        for line in (text or "").splitlines():
            parts = [p.strip() for p in line.replace("，", ",").split(",", 1)]
            if parts[0]:
                out.append((parts[0], parts[1] if len(parts) > 1 else ""))
        return out


class MeetingForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    summary = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 3}))


class DraftForm(BootstrapMixin, forms.Form):
    agreed_on = forms.DateField(label=_("Draft agreed on"), widget=DATE)
    text = forms.CharField(label=_("Main terms of the draft"), widget=forms.Textarea(attrs={"rows": 4}))
    wage_increase_pct = forms.DecimalField(label=_("Wage increase agreed (%)"), max_digits=5, decimal_places=2,
                                           required=False)


class VoteForm(BootstrapMixin, forms.Form):
    session = forms.ChoiceField(label=_("Session of the workers' congress"))
    present = forms.IntegerField(label=_("Delegates present"), min_value=0)
    in_favour = forms.IntegerField(label=_("In favour"), min_value=0)
    against = forms.IntegerField(label=_("Against"), min_value=0)
    abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, initial=0)

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [(s.pk, f"{s}（{s.held_on}）") for s in sessions]


class SignForm(BootstrapMixin, forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    term_start = forms.DateField(label=_("Term starts on"), widget=DATE)
    term_end = forms.DateField(label=_("Term ends on"), widget=DATE)
    wage_increase_pct = forms.DecimalField(label=_("Wage increase agreed (%)"), max_digits=5, decimal_places=2,
                                           required=False)


class FileForm(BootstrapMixin, forms.Form):
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE)


class ObjectionForm(BootstrapMixin, forms.Form):
    received_on = forms.DateField(label=_("Objection received on"), widget=DATE)
    text = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 2}))


class RenewForm(BootstrapMixin, forms.Form):
    requested_on = forms.DateField(label=_("Written request on"), widget=DATE)
    request_text = forms.CharField(label=_("What the request asks"), widget=forms.Textarea(attrs={"rows": 2}),
                                   required=False)
