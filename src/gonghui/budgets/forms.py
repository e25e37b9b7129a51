from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.core.money import YuanField
from gonghui.orgs.forms import union_field

from .models import Benefit, Category, Festival, Form, FundAudit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BudgetForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        for value, label in Category.choices:
            self.fields[value] = YuanField(label=label, required=False)
        self.order_fields(["union", "year"])
        bootstrap(self)


class AdjustmentForm(BootstrapMixin, forms.Form):
    line = forms.ChoiceField(label=_("Budget line"))
    delta = YuanField(label=_("Change (元, negative to reduce)"), allow_negative=True)
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [(line.pk, line.get_category_display()) for line in budget.lines.all()]


class SentForm(BootstrapMixin, forms.Form):
    sent_on = forms.DateField(label=_("Sent to the congress on"), widget=DATE)


class SpendingForm(BootstrapMixin, forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    spent_on = forms.DateField(label=_("Date"), widget=DATE)
    amount = YuanField(label=_("Amount (元)"))
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    member_number = forms.CharField(label=_("Member number (for a benefit to one member)"), max_length=20,
                                    required=False)
    benefit = forms.ChoiceField(label=_("Benefit"), choices=Benefit.choices, required=False)
    festival = forms.ChoiceField(label=_("Festival"), choices=[("", "—"), *Festival.choices], required=False)
    form = forms.ChoiceField(label=_("Given as"), choices=Form.choices, initial=Form.GOODS)
    occasion_on = forms.DateField(label=_("Date of the occasion"), widget=DATE, required=False,
                                  help_text=_("The wedding, birth, admission to hospital or death the benefit is for."))
    files = forms.FileField(label=_("Invoice or receipt (PDF or image)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union that spends"))
        self.order_fields(["union"])
        bootstrap(self)


class RejectForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class AuditForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year audited"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), choices=FundAudit.Kind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=150, required=False,
                              help_text=_("The chair leaving office, or what a special audit looks into."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Audited union"))
        self.order_fields(["union"])
        self.initial.setdefault("year", timezone.localdate().year - 1)
        bootstrap(self)


class FindingForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Finding"), max_length=200)
    amount = YuanField(label=_("Amount concerned (元)"), required=False)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    rectify_by = forms.DateField(label=_("Rectify by"), widget=DATE)
    files = forms.FileField(label=_("Evidence file (PDF or image)"), required=False)


class RectifyForm(BootstrapMixin, forms.Form):
    rectified_on = forms.DateField(label=_("Rectified on"), widget=DATE)
    rectification = forms.CharField(label=_("What was done"), max_length=300)


class ReportForm(BootstrapMixin, forms.Form):
    report = forms.CharField(label=_("Audit report"), widget=forms.Textarea(attrs={"rows": 6}))
    reported_on = forms.DateField(label=_("Report issued on"), widget=DATE)
