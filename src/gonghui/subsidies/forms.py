from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.core.money import YuanField
from gonghui.orgs.forms import union_field
from gonghui.positions.models import PositionKind

from .models import SubsidyProgramme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; the cleaned value is a list (checked by the service)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _year_field(label, **kw):
    return forms.IntegerField(label=label, min_value=2000, max_value=2100, **kw)


class PlanForm(BootstrapMixin, forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind of position"), queryset=PositionKind.objects.all())
    target = forms.IntegerField(label=_("Target count"), min_value=1, max_value=100_000)
    start_year = _year_field(_("First year"), initial=lambda: timezone.localdate().year)
    end_year = _year_field(_("Last year"), initial=lambda: timezone.localdate().year + 2)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Planning union"))
        self.order_fields(["union", "kind", "target"])
        bootstrap(self)


class ProgrammeForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, initial="基层工会阵地建设以奖代补")
    year = _year_field(_("Year"), initial=lambda: timezone.localdate().year)
    budget_fen = YuanField(label=_("Budget (yuan)"))
    pass_score = forms.IntegerField(label=_("Lowest passing score"), min_value=0, max_value=100, initial=60)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = union_field(user, _("Federation"))
        self.kinds = list(PositionKind.objects.all())
        for kind in self.kinds:
            self.fields[f"cap_{kind.pk}"] = YuanField(
                label=_("Most per %(kind)s (yuan)") % {"kind": kind.name}, required=False,
                help_text=_("Leave empty for no cap but the budget."))
        self.order_fields(["owner", "name", "year", "budget_fen", "pass_score"])
        bootstrap(self)

    def service_data(self):
        data = dict(self.cleaned_data)
        data["caps"] = {k.pk: data.pop(f"cap_{k.pk}") for k in self.kinds if data.get(f"cap_{k.pk}")}
        for k in self.kinds:
            data.pop(f"cap_{k.pk}", None)
        return data


class BudgetForm(BootstrapMixin, forms.Form):
    budget_fen = YuanField(label=_("Budget (yuan)"))


class SubsidyForm(BootstrapMixin, forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=SubsidyProgramme.objects.none())
    position_code = forms.CharField(label=_("Position code"), max_length=20)
    requested_fen = YuanField(label=_("Amount requested (yuan)"))
    statement = forms.CharField(label=_("Statement"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                                help_text=_("What was built or improved, what it cost, whom it serves."))
    files = MultipleFileField(label=_("Attachments (images or PDF)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = (SubsidyProgramme.objects.restrict(user)
                                             .filter(state=SubsidyProgramme.State.OPEN).select_related("owner"))
        bootstrap(self)


class InspectForm(BootstrapMixin, forms.Form):
    checklist = forms.MultipleChoiceField(label=_("Facilities found"), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    score = forms.IntegerField(label=_("Score (0–100)"), min_value=0, max_value=100)
    proposed_fen = YuanField(label=_("Award proposed (yuan)"), required=False,
                             help_text=_("Empty: the amount requested."))
    comment = forms.CharField(label=_("Inspection comment"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    photos = MultipleFileField(label=_("Photos"), widget=MultipleFileInput(attrs={"accept": "image/*"}))

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].choices = [(f["code"], f.get("name") or f["code"]) for f in kind.facilities or []
                                            if isinstance(f, dict) and f.get("code")]
        bootstrap(self)
        self.fields["checklist"].widget.attrs.pop("class", None)


class PayForm(BootstrapMixin, forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, initial=timezone.localdate)
    voucher_no = forms.CharField(label=_("Voucher number"), max_length=40)
