from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.orgs.forms import union_field

from .models import Assessment, Showcase


def _year_field():
    return forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=timezone.localdate().year)


class StartForm(BootstrapMixin, forms.Form):
    year = _year_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.order_fields(["union", "year"])
        bootstrap(self)


class ShowcaseForm(BootstrapMixin, forms.Form):
    year = _year_field()
    level = forms.ChoiceField(label=_("Level"), choices=Showcase.Level.choices)
    citation = forms.CharField(label=_("Citation"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.order_fields(["union", "year", "level", "citation"])
        bootstrap(self)


class FinishForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Assessment.Outcome.choices)
    comment = forms.CharField(label=_("Review opinion"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


STARS = [(i, "★") for i in range(5, 0, -1)]  # the number beside one star keeps a row within 360 px
