from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.core.money import YuanField
from gonghui.orgs.forms import union_field

from .models import Review, SkillGrade, Studio

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StudioForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    lead_number = forms.CharField(label=_("Lead's member number"), max_length=20)
    grade = forms.ChoiceField(label=_("Grade"), choices=Studio.Grade.choices)
    recognised_year = forms.IntegerField(label=_("Recognised in"), min_value=1990, max_value=2100)
    field = forms.CharField(label=_("Field"), max_length=80, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.order_fields(["union"])
        bootstrap(self)


class ProjectForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    title = forms.CharField(label=_("Project"), max_length=150)
    patents = forms.IntegerField(label=_("Patents"), min_value=0, initial=0)
    saving = YuanField(label=_("Saving (yuan)"), required=False)
    trainees = forms.IntegerField(label=_("People trained"), min_value=0, initial=0)


class FundingForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    amount = YuanField(label=_("Amount (yuan)"))
    purpose = forms.CharField(label=_("Purpose"), max_length=150)


class ReviewForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    result = forms.ChoiceField(label=_("Result"), choices=Review.Result.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class MentorshipForm(BootstrapMixin, forms.Form):
    mentor_number = forms.CharField(label=_("Mentor's member number"), max_length=20)
    apprentice_number = forms.CharField(label=_("Apprentice's member number"), max_length=20)
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    start_grade = forms.ChoiceField(label=_("Apprentice's grade at the start"),
                                    choices=[("", "—"), *SkillGrade.choices], required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.order_fields(["union"])
        bootstrap(self)


class CompleteForm(BootstrapMixin, forms.Form):
    result_grade = forms.ChoiceField(label=_("Grade reached"), choices=SkillGrade.choices)
