from django import forms
from django.utils.translation import gettext_lazy as _

from . import kinds
from .kinds import Channel


class InboxFilter(forms.Form):
    state = forms.ChoiceField(label=_("Show"), required=False,
                              choices=[("", _("all")), ("unread", _("unread")), ("read", _("read"))])
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", _("all kinds")), *kinds.choices()])

    def filter(self, qs):
        data = self.cleaned_data
        if data.get("state") == "unread":
            qs = qs.filter(read_at__isnull=True)
        elif data.get("state") == "read":
            qs = qs.filter(read_at__isnull=False)
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        return qs


class PreferencesForm(forms.Form):
    """One choice per configurable kind; what must not be missed is shown fixed."""

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds.KINDS.values():
            if not kind.configurable:
                continue
            field = forms.ChoiceField(label=kind.label, choices=Channel.choices, initial=current.get(kind.code),
                                      widget=forms.RadioSelect, disabled=kind.must_not_miss)
            self.fields[kind.code] = field
