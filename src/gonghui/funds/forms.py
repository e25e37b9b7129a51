from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.money import YuanField
from gonghui.orgs.models import Union

from .models import Channel, PairingVisit


def _month(text):
    try:
        y, m = str(text).split("-")[:2]
        return date(int(y), int(m), 1)
    except (ValueError, TypeError):
        raise forms.ValidationError(_("Enter a month such as 2026-01.")) from None


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month"})

    def clean(self, value):
        value = super().clean(value)
        return _month(value) if value else None


class UnionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class StatementForm(forms.Form):
    union = UnionChoice(label=_("Importing federation"), queryset=Union.objects.none())
    channel = forms.ChoiceField(label=_("Collected by"), choices=Channel.choices[:2])
    month = MonthField(label=_("Month of the wages"))
    file = forms.FileField(label=_("Statement (xlsx or CSV)"),
                           help_text=_("Columns: 统一社会信用代码, 单位名称, 工资总额, 应缴金额, 实缴金额, 入库日期; "
                                       "a 合计 row is checked against the rows."))
    declared_rows = forms.IntegerField(label=_("Rows declared on the covering letter"), required=False, min_value=0)
    declared_paid = YuanField(label=_("Total paid declared on the covering letter (yuan)"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = Union.objects.restrict(user, "view").filter(kind="federation")


class PaymentForm(forms.Form):
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=18)
    month = MonthField(label=_("Month of the wages"))
    wage_bill = YuanField(label=_("Wage bill (yuan)"))
    paid = YuanField(label=_("Amount that arrived (yuan)"))
    received_on = forms.DateField(label=_("Arrived on"), widget=forms.DateInput(attrs={"type": "date"}))


class DuesForm(forms.Form):
    union = UnionChoice(label=_("Union"), queryset=Union.objects.none())
    month = MonthField(label=_("Month"))
    wages = forms.CharField(label=_("Wages"), widget=forms.Textarea(attrs={"rows": 8}),
                            help_text=_("One member a line: member number, then the monthly wage base in yuan."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = Union.objects.restrict(user, "view").exclude(kind="federation")


class RefundListForm(forms.Form):
    county = UnionChoice(label=_("County federation"), queryset=Union.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = Union.objects.restrict(user, "view").filter(kind="federation")


class RefundApplyForm(forms.Form):
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=18)
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)
    account_holder = forms.CharField(label=_("Account holder"), max_length=60, required=False,
                                     help_text=_("The receiving union's account the refund is paid to; the county "
                                                 "may enter it later."))
    bank_name = forms.CharField(label=_("Bank"), max_length=60, required=False)
    bank_account = forms.CharField(label=_("Bank account"), max_length=40, required=False)


class RefundAccountForm(forms.Form):
    """The receiving union's account (the number shows masked; the bank file has it in full)."""

    account_holder = forms.CharField(label=_("Account holder"), max_length=60)
    bank_name = forms.CharField(label=_("Bank"), max_length=60)
    bank_account = forms.CharField(label=_("Bank account"), max_length=40)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("approve")), ("refuse", _("refuse"))])
    reason = forms.CharField(label=_("Reason (for a refusal)"), required=False, max_length=300)


class PairingForm(forms.Form):
    county = UnionChoice(label=_("County federation"), queryset=Union.objects.none())
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=18)
    staff = forms.CharField(label=_("Staff account (user name)"), max_length=150)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = Union.objects.restrict(user, "view").filter(kind="federation")


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=forms.DateInput(attrs={"type": "date"}))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=PairingVisit.Outcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
