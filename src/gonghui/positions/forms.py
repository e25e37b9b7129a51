from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, LabelledErrorsMixin
from gonghui.orgs.forms import region_field, union_field

from .kinds import FACILITIES
from .models import PositionKind, PositionStatus


class PositionForm(BootstrapMixin, forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=PositionKind.objects.order_by("sort", "code"))
    name = forms.CharField(label=_("Name"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200)
    region = region_field(required=False)
    lat = forms.FloatField(label=_("Latitude"), help_text=_("WGS-84 decimal degrees, e.g. 26.8934"))
    lng = forms.FloatField(label=_("Longitude"), help_text=_("WGS-84 decimal degrees, e.g. 112.5719"))
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=100, required=False)
    facilities = forms.MultipleChoiceField(label=_("Facilities"), required=False,
                                           choices=sorted(FACILITIES.items()), widget=forms.CheckboxSelectMultiple,
                                           help_text=_("Only facilities in the kind's standard count."))
    contact_name = forms.CharField(label=_("Contact"), max_length=40, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=PositionStatus.choices, initial=PositionStatus.OPEN)
    opened_on = forms.DateField(label=_("Opened on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user=None, edit=False, **kwargs):
        super().__init__(*args, **kwargs)
        codes = {c for k in PositionKind.objects.all() for c in k.facility_codes()}
        names = {f["code"]: f["name"] for k in PositionKind.objects.all() for f in k.facilities}
        self.fields["facilities"].choices = sorted((c, names[c]) for c in codes)
        if not edit:
            self.fields = {"union": union_field(user, _("Owner union")), **self.fields}
        self.fields["facilities"].widget.attrs.pop("class", None)


class PhotoForm(LabelledErrorsMixin, forms.Form):
    photo = forms.FileField(label=_("Photo"))


class SelectionForm(BootstrapMixin, forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=PositionKind.objects.exclude(award_title="")
                                  .order_by("sort"), empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    size = forms.IntegerField(label=_("Positions selected"), min_value=1, max_value=500, initial=100)
    min_ratings = forms.IntegerField(label=_("Minimum ratings"), min_value=1, max_value=1000, initial=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class RatingForm(LabelledErrorsMixin, forms.Form):
    stars = forms.TypedChoiceField(label=_("Stars"), coerce=int, choices=[(i, "★" * i) for i in range(5, 0, -1)])
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
