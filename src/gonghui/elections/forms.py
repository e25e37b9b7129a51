from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin
from gonghui.orgs.forms import union_field

from .models import Appointment, MeetingKind, Method, Office, Shortfall

DATE = forms.DateInput(attrs={"type": "date"})


class TermForm(BootstrapMixin, forms.Form):
    elected_on = forms.DateField(label=_("Elected on"), widget=DATE)
    years = forms.TypedChoiceField(label=_("Term length (years)"), coerce=int, required=False,
                                   choices=[("", _("the rulebook's default")), (3, "3"), (5, "5")])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"union": union_field(user, _("Union")), **self.fields}


class DelayForm(BootstrapMixin, forms.Form):
    until = forms.DateField(label=_("Delay until"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class DecisionForm(BootstrapMixin, forms.Form):
    approve = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "1",
                                     choices=[("1", _("approve")), ("0", _("send back"))])
    opinion = forms.CharField(label=_("Opinion"), max_length=300, required=False)


class HolderForm(BootstrapMixin, forms.Form):
    office = forms.ChoiceField(label=_("Office"), choices=Office.choices)
    name = forms.CharField(label=_("Name"), max_length=60)
    appointment = forms.ChoiceField(label=_("Way of appointment"), choices=Appointment.choices)
    from_on = forms.DateField(label=_("From"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"union": union_field(user, _("Union")), **self.fields}


class ElectionForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    meeting = forms.ChoiceField(label=_("Meeting"), choices=MeetingKind.choices)
    delegates = forms.IntegerField(label=_("Delegates entitled to attend"), min_value=1, required=False,
                                   help_text=_("Only for a delegates' congress; a members' meeting counts the "
                                               "roster."))
    shortfall = forms.ChoiceField(label=_("When fewer are elected than seats"), choices=Shortfall.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"union": union_field(user, _("Union")), **self.fields}


class PostForm(BootstrapMixin, forms.Form):
    office = forms.ChoiceField(label=_("Office"), choices=Office.choices)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=99)
    method = forms.ChoiceField(label=_("Elected by"), choices=Method.choices)
    appointment = forms.ChoiceField(label=_("Way of appointment"), choices=Appointment.choices)


class CandidateForm(BootstrapMixin, forms.Form):
    post = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Candidate's name"), max_length=60)


class TurnoutForm(BootstrapMixin, forms.Form):
    attendance = forms.IntegerField(label=_("Present and voting"), min_value=0)
    issued = forms.IntegerField(label=_("Ballots issued"), min_value=0)
    returned = forms.IntegerField(label=_("Ballots returned"), min_value=0)


class BallotsForm(BootstrapMixin, forms.Form):
    lines = forms.CharField(label=_("Ballots, one per line"), widget=forms.Textarea(attrs={"rows": 8}),
                            help_text=_("Write the numbers of the names marked on each ballot, e.g. \"1 3 4\"; a "
                                        "blank ballot is a line with \"-\"."))

    def ballots(self, ordered):
        """The ballots as lists of candidate ids, from the numbers on the printed ballot."""
        out = []
        for line in self.cleaned_data["lines"].splitlines():
            line = line.strip()
            if not line:
                continue
            marks = [] if line == "-" else line.replace(",", " ").replace("，", " ").split()
            try:
                out.append([ordered[int(m) - 1].pk if 0 < int(m) <= len(ordered) else 0 for m in marks])
            except ValueError:
                raise forms.ValidationError(_("Use the numbers printed on the ballot.")) from None
        return out


class RecallForm(BootstrapMixin, forms.Form):
    votes_for = forms.IntegerField(label=_("Votes for the recall"), min_value=0)
    all_voters = forms.IntegerField(label=_("All members or delegates"), min_value=1)
