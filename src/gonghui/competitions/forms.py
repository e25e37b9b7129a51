from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.core.money import YuanField
from gonghui.orgs.forms import union_field

from .models import Competition, Innovation, Level

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CompetitionForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=Competition.Kind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    trade = forms.CharField(label=_("Trade or project"), max_length=80, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    scoring_rule = forms.ChoiceField(label=_("Scoring rule"), choices=Competition.Rule.choices)
    theory_weight = forms.IntegerField(label=_("Theory weight (%)"), min_value=0, max_value=100, initial=30)
    score_min = forms.DecimalField(label=_("Lowest score"), initial=0, decimal_places=2)
    score_max = forms.DecimalField(label=_("Highest score"), initial=100, decimal_places=2)
    tie_rule = forms.ChoiceField(label=_("Tie rule"), choices=Competition.Tie.choices)
    teams = forms.BooleanField(label=_("Team entries"), required=False)
    max_age = forms.IntegerField(label=_("Age limit (years, inclusive)"), min_value=16, max_value=70, required=False)
    rounds = forms.CharField(label=_("Rounds (comma-separated, the last is the final)"), initial="初赛,决赛")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Organiser"))
        self.order_fields(["union"])
        bootstrap(self)


class RegisterForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Member number"), max_length=20)


class JudgeForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Judge's name"), max_length=60)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Judge's union"))
        bootstrap(self)


class LadderForm(BootstrapMixin, forms.Form):
    ladder = forms.CharField(
        label=_("Reward ladder"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One step a line: first place, last place, honour title code, honour level, +1 for a grade "
                    "up; e.g. “1,5,technical_expert,city,+1” and “6,20,,,+1”."))


class CorrectionForm(BootstrapMixin, forms.Form):
    value = forms.DecimalField(label=_("Corrected score"), decimal_places=2)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300, required=False)


class InnovationForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Innovation.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    number = forms.CharField(label=_("Member number (author)"), max_length=20, required=False)
    team_name = forms.CharField(label=_("Team (when a team made it)"), max_length=80, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.order_fields(["union"])
        bootstrap(self)


class ReviewForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("adopt", _("adopt")), ("reject", _("do not adopt"))])
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ClaimForm(BootstrapMixin, forms.Form):
    saving = YuanField(label=_("Yearly saving claimed (yuan)"))


class VerifyForm(BootstrapMixin, forms.Form):
    saving = YuanField(label=_("Yearly saving verified (yuan)"))
    award_grade = forms.ChoiceField(label=_("Award"), choices=[("", "—"), *Innovation.Grade.choices], required=False)
    award = YuanField(label=_("Award amount (yuan)"), required=False)
