from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.orgs.forms import employer_field, union_field
from gonghui.orgs.models import Employer

from .models import Proposal, Session, WorkersCongress

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CongressForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=WorkersCongress.Kind.choices)
    employers = forms.ModelMultipleChoiceField(label=_("Employers"), queryset=Employer.objects.none(),
                                               widget=forms.SelectMultiple(attrs={"size": 6}))
    term_no = forms.IntegerField(label=_("Term number"), min_value=1, max_value=99, initial=1)
    term_start = forms.DateField(label=_("Term starts on"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union that runs it"))
        self.fields["employers"].queryset = Employer.objects.restrict(user).order_by("name")
        self.order_fields(["union"])
        bootstrap(self)


class DelegateForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Member number"), max_length=20)
    is_manager = forms.BooleanField(label=_("Middle or senior manager"), required=False)
    is_frontline = forms.BooleanField(label=_("Front-line worker"), required=False, initial=True)


class SessionForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=Session.Kind.choices)
    place = forms.CharField(label=_("Place"), max_length=150, required=False)
    papers_sent_on = forms.DateField(label=_("Papers sent on"), widget=DATE, required=False)


class ReportForm(BootstrapMixin, forms.Form):
    reported_on = forms.DateField(label=_("Reported on"), widget=DATE)


class VoteForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Motion"), max_length=200)
    present = forms.IntegerField(label=_("Delegates present"), min_value=0)
    in_favour = forms.IntegerField(label=_("In favour"), min_value=0)
    against = forms.IntegerField(label=_("Against"), min_value=0)
    abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, initial=0)


class ScreenForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("file", _("file (立案)")),
                                                               ("reject", _("do not file (不立案)"))])
    reason = forms.CharField(label=_("Written reason for not filing"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(BootstrapMixin, forms.Form):
    department = forms.CharField(label=_("Handling department"), max_length=100)


class ReplyForm(BootstrapMixin, forms.Form):
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 5}))
    signed_by = forms.CharField(label=_("Signed by (responsible manager)"), max_length=60)


class RecommendForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Why it is excellent"), max_length=300)


class ProposeForm(forms.Form):
    """The member's proposal form (H5): co-sponsors are ticked from the congress's delegates."""

    title = forms.CharField(label=_("Title"), max_length=120)
    content = forms.CharField(label=_("Content and suggestions"), widget=forms.Textarea(attrs={"rows": 6}))
    cosponsors = forms.MultipleChoiceField(label=_("Co-sponsors"), required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, delegates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cosponsors"].choices = [(d.pk, f"{d.member.name}") for d in delegates]


class EvaluateForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("Are you satisfied with the reply?"),
                                     choices=Proposal.Satisfaction.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Comment"), max_length=300, required=False)


class PlanForm(BootstrapMixin, forms.Form):
    period_start = forms.DateField(label=_("First day of the period"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"] = employer_field(user)
        self.order_fields(["employer"])
        bootstrap(self)


class PublishForm(BootstrapMixin, forms.Form):
    published_on = forms.DateField(label=_("Published on"), widget=DATE)
    channel = forms.CharField(label=_("Where published"), max_length=60, required=False,
                              help_text=_("notice board, workers' congress, intranet …"))
    content = forms.CharField(label=_("What was published"), widget=forms.Textarea(attrs={"rows": 4}))
