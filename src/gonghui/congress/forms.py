from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.orgs.forms import union_field

from .models import Congress, Document

DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CongressForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    kind = forms.ChoiceField(label=_("Form"), choices=Congress.Kind.choices)
    opens_on = forms.DateField(label=_("Opens on"), widget=DAY)
    seats = forms.IntegerField(label=_("Number of delegates"), min_value=1, max_value=100_000, required=False,
                               help_text=_("Leave empty for the least the rulebook allows; ignored for a members' "
                                           "meeting, where every member takes part."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Convening union"))
        self.order_fields(["union"])
        bootstrap(self)


class DelegateForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Electing unit"), queryset=None)
    member_number = forms.CharField(label=_("Member number"), max_length=20)
    front_line = forms.BooleanField(label=_("Front-line worker"), required=False)
    manager = forms.BooleanField(label=_("Manager (middle level or above)"), required=False)
    elected_on = forms.DateField(label=_("Elected on"), widget=DAY, required=False)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = congress.units.select_related("union")
        bootstrap(self)


class ReplaceForm(BootstrapMixin, forms.Form):
    member_number = forms.CharField(label=_("Member number of the new delegate"), max_length=20)
    reason = forms.CharField(label=_("Reason"), max_length=200)
    on = forms.DateField(label=_("Date"), widget=DAY, required=False)
    front_line = forms.BooleanField(label=_("Front-line worker"), required=False)
    manager = forms.BooleanField(label=_("Manager (middle level or above)"), required=False)


class SessionForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=WHEN,
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    place = forms.CharField(label=_("Place"), max_length=150)
    agenda = forms.CharField(label=_("Agenda (one item a line)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 5}))


class DocumentForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    upload = forms.FileField(label=_("PDF file"), required=False)


class CheckinForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Member card code"), max_length=500,
                           widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}))


class MotionForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Motion"), max_length=200)
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VoteForm(BootstrapMixin, forms.Form):
    votes_for = forms.IntegerField(label=_("For"), min_value=0)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0)
