from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, LabelledErrorsMixin, bootstrap
from gonghui.orgs.forms import union_field

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _when(label):
    return forms.DateTimeField(label=label, widget=WHEN, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


class EventForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    place = forms.CharField(label=_("Place"), max_length=150)
    starts_at = _when(_("Starts at"))
    ends_at = _when(_("Ends at"))
    signup_opens_at = _when(_("Sign-up opens at"))
    signup_closes_at = _when(_("Sign-up closes at"))
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100_000)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Organising union"))
        self.order_fields(["union"])
        bootstrap(self)


class CheckinForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Check-in code"), max_length=60,
                           widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}))


class TopicForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Course topic"), max_length=100)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.order_fields(["union"])
        bootstrap(self)


class CourseForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Course"), max_length=100, required=False,
                            help_text=_("Leave empty to use the topic's title."))
    teacher = forms.CharField(label=_("Teacher"), max_length=60, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.fields["topic"] = forms.ModelChoiceField(label=_("From the topic"), queryset=topics, required=False)
        self.order_fields(["union", "topic"])
        bootstrap(self)


class SessionForm(BootstrapMixin, forms.Form):
    starts_at = _when(_("Starts at"))
    ends_at = _when(_("Ends at"))
    place = forms.CharField(label=_("Place"), max_length=150)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=10_000)


class ProposeForm(LabelledErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Course you would like"), max_length=100)
    description = forms.CharField(label=_("Why (optional)"), required=False, max_length=500,
                                  widget=forms.Textarea(attrs={"rows": 2}))
