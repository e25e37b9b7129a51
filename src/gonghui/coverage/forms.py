from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.orgs.forms import union_field

from . import queries
from .models import CaseAction, TargetStatus


class DetectForm(BootstrapMixin, forms.Form):
    """The detection rule, chosen per run (the defaults are the city's yearly rule)."""

    months = forms.IntegerField(label=_("No activity for (months)"), min_value=1, max_value=120,
                                initial=queries.DEFAULT_MONTHS, required=False)
    min_signs = forms.IntegerField(label=_("At least this many signs"), min_value=1, max_value=4,
                                   initial=queries.DEFAULT_MIN_SIGNS, required=False)


class TargetForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TargetStatus.choices)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username
        bootstrap(self)


class CaseForm(BootstrapMixin, forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=CaseAction.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"] = union_field(user, _("Merge into"), required=False,
                                          help_text=_("Only for a merge: the union that takes the members."))
        self.order_fields(["action", "into", "reason"])
        bootstrap(self)
