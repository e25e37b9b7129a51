from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.core.money import YuanField, to_fen
from gonghui.orgs.forms import union_field

from .models import Payer, ScreeningBooking

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _year_field():
    return forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=timezone.localdate().year)


class PlanForm(BootstrapMixin, forms.Form):
    year = _year_field()
    name = forms.CharField(label=_("Plan name"), max_length=100, initial="职工住院医疗互助")
    premium_per_share_fen = YuanField(label=_("Premium per share (yuan)"))
    max_shares = forms.IntegerField(label=_("Most shares per member"), min_value=1, max_value=20,
                                    initial=lambda: _default_max_shares())
    daily_allowance_fen = YuanField(label=_("Hospital allowance per day and share (yuan)"))
    min_days = forms.IntegerField(label=_("Days of stay not paid (起付天数)"), min_value=0, max_value=60, initial=3)
    max_days_per_stay = forms.IntegerField(label=_("Most paid days per stay"), min_value=1, max_value=366,
                                           initial=60)
    max_days_per_year = forms.IntegerField(label=_("Most paid days per year"), min_value=1, max_value=366,
                                           initial=120)
    cap_per_stay_fen = YuanField(label=_("Cap per stay and share (yuan)"))
    cap_per_year_fen = YuanField(label=_("Cap per year and share (yuan)"))
    diseases = forms.CharField(
        label=_("Covered diseases"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One a line: cover (serious or women), code, name, lump sum per share in yuan — "
                    "e.g. “serious, S01, 恶性肿瘤, 5000” or “women, W01, 乳腺癌, 3000”."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Federation"))
        self.order_fields(["union", "year", "name"])
        bootstrap(self)

    def clean_diseases(self):
        out = []
        kinds = {"serious": "serious", "women": "women", "重大疾病": "serious", "女职工特殊疾病": "women",
                 "女工": "women"}
        for n, line in enumerate(self.cleaned_data["diseases"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if len(parts) != 4 or parts[0] not in kinds:
                raise ValidationError(_t("Line %(n)d: write cover, code, name, lump sum.") % {"n": n})
            try:
                fen = to_fen(parts[3])
            except ValidationError as e:
                raise ValidationError(_t("Line %(n)d: %(error)s") % {"n": n, "error": " ".join(e.messages)}) from None
            out.append({"kind": kinds[parts[0]], "code": parts[1], "name": parts[2], "lump_sum_fen": fen})
        return out


class EnrolForm(BootstrapMixin, forms.Form):
    year = _year_field()
    payer = forms.ChoiceField(label=_("Premium paid by"), choices=Payer.choices)
    rows = forms.CharField(
        label=_("Members"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One member a line: the member number, then the number of shares (1 when left out)."))
    file = forms.FileField(label=_("Or an xlsx file"), required=False,
                           help_text=_("First sheet: a header row, then 会员号 and 份数 in the first two columns."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.order_fields(["union", "year", "payer"])
        bootstrap(self)

    def clean_rows(self):
        rows = []
        for line in self.cleaned_data["rows"].splitlines():
            parts = line.replace("，", " ").replace(",", " ").replace("\t", " ").split()
            if parts:
                rows.append((parts[0], parts[1] if len(parts) > 1 else 1))
        return rows

    def clean(self):
        data = super().clean()
        if not data.get("rows") and not data.get("file"):
            raise ValidationError({"rows": _t("List the members or upload a file.")})
        return data


class ClaimForm(BootstrapMixin, forms.Form):
    member_number = forms.CharField(label=_("Member number"), max_length=20)
    admitted_on = forms.DateField(label=_("Admitted on"), widget=DATE)
    discharged_on = forms.DateField(label=_("Discharged on"), widget=DATE)
    hospital = forms.CharField(label=_("Hospital"), max_length=100)
    diagnosis = forms.CharField(label=_("Diagnosis"), max_length=200)
    disease_code = forms.ChoiceField(label=_("Serious illness or special disease"), required=False)
    attachment = forms.FileField(label=_("Discharge summary or invoice (image or PDF)"), required=False)

    def __init__(self, *args, diseases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disease_code"].choices = [("", _("none (hospital allowance only)"))] + [
            (d.code, f"{d.get_kind_display()} · {d.name}") for d in diseases]
        bootstrap(self)


class QuotaForm(BootstrapMixin, forms.Form):
    year = _year_field()
    slots = forms.IntegerField(label=_("Slots"), min_value=0, max_value=1_000_000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.order_fields(["union", "year", "slots"])
        bootstrap(self)


class BookingForm(BootstrapMixin, forms.Form):
    member_number = forms.CharField(label=_("Member number"), max_length=20)
    year = _year_field()


class ResultForm(BootstrapMixin, forms.Form):
    screened_on = forms.DateField(label=_("Screened on"), widget=DATE)
    result = forms.ChoiceField(label=_("Result"), choices=ScreeningBooking.Result.choices)
    note = forms.CharField(label=_("Result note"), max_length=300, required=False)


def _default_max_shares():
    from .services import default_max_shares

    return default_max_shares()
