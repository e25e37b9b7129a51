from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.orgs.forms import union_field
from gonghui.orgs.models import Union

from .models import Campaign

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _when(label, required=True):
    return forms.DateTimeField(label=label, required=required, widget=WHEN,
                               input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])


class CampaignForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(label=_("Description"), max_length=500, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    item = forms.ChoiceField(label=_("Item"), choices=Campaign.Item.choices)
    stock = forms.IntegerField(label=_("Stock"), min_value=1, max_value=1_000_000)
    per_member_limit = forms.IntegerField(label=_("Limit per member"), min_value=1, max_value=30, initial=1)
    mode = forms.ChoiceField(label=_("Allocation mode"), choices=Campaign.Mode.choices)
    starts_at = _when(_("Starts at"))
    ends_at = _when(_("Ends at"))
    redeem_until = _when(_("Redeem until"), required=False)
    tags = forms.MultipleChoiceField(label=_("Only these groups (none: every member)"), required=False,
                                     choices=Campaign.Tag.choices, widget=forms.CheckboxSelectMultiple)
    priority_until = _when(_("Priority window ends at (priority mode)"), required=False)
    quotas = forms.CharField(
        label=_("Union shares (quota mode)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: union name, share, release time — e.g. “衡阳县总工会, 200, 2026-03-01 12:00”."))
    publish = forms.BooleanField(label=_("Publish at once"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["union"] = union_field(user, _("Union (its members are eligible)"))
        self.order_fields(["union", "title"])
        bootstrap(self)
        self.fields["tags"].widget.attrs.pop("class", None)

    def clean_quotas(self):
        out = []
        for n, line in enumerate(self.cleaned_data["quotas"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if len(parts) != 3:
                raise ValidationError(_t("Line %(n)d: write union name, share, release time.") % {"n": n})
            union = Union.objects.restrict(self.user).filter(name=parts[0]).first()
            if union is None:
                raise ValidationError(_t("Line %(n)d: no union named %(name)s in your scope.") % {
                    "n": n, "name": parts[0]})
            if not parts[1].isdigit():
                raise ValidationError(_t("Line %(n)d: the share must be a whole number.") % {"n": n})
            try:
                release = self.fields["starts_at"].clean(parts[2])
            except ValidationError:
                raise ValidationError(_t("Line %(n)d: write the release time as 2026-03-01 12:00.") % {
                    "n": n}) from None
            out.append((union, int(parts[1]), release))
        return out


class CodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Redemption code"), max_length=40,
                           widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off",
                                                         "inputmode": "latin", "data-testid": "code-input"}))


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
