from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, LookupField, bootstrap
from gonghui.core.money import YuanField
from gonghui.members.models import Member
from gonghui.orgs.forms import employer_field, union_field

from .models import (
    HARDSHIP_CATEGORIES,
    AttachmentKind,
    Programme,
    ProgrammeKind,
    SchoolLevel,
    Visit,
    default_publicity_days,
)

DATE = {"type": "date"}
FILE_WORDS = {"yes": True, "有": True, "有档": True, "no": False, "无": False, "无档": False, "any": None,
              "": None, "不限": None}


def member_field(user, label):
    """A member of the user's scope, found by name or member number."""
    return LookupField(
        "assistance:member_lookup",
        lambda v: Member.objects.restrict(user).filter(pk=v).first() if str(v).isdigit() else None,
        lambda v: str(Member.objects.filter(pk=getattr(v, "pk", v)).first() or v), label=label)


def parse_rules(text):
    """Lines "school level, hardship file (有/无/不限), yuan" → [(level, with_file, fen)]."""
    from gonghui.core.money import to_fen

    levels = {str(label): value for value, label in SchoolLevel.choices} | {v: v for v in SchoolLevel.values}
    rules = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if len(parts) != 3 or parts[0] not in levels | {"": ""} or parts[1] not in FILE_WORDS:
            raise ValidationError(gettext("Line %(n)d of the amount rules: write “school level, 有/无/不限, amount”, "
                                     "e.g. “本科, 有, 5000”.") % {"n": n})
        rules.append((levels.get(parts[0], ""), FILE_WORDS[parts[1]], to_fen(parts[2])))
    return rules


class ProgrammeForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.CharField(label=_("Period"), max_length=40, required=False)
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs=DATE))
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs=DATE))
    budget_fen = YuanField(label=_("Budget of the running union (yuan)"))
    any_member = forms.BooleanField(label=_("Any member in good standing"), required=False)
    hardship_categories = forms.MultipleChoiceField(label=_("Hardship categories"), choices=HARDSHIP_CATEGORIES,
                                                    required=False, widget=forms.CheckboxSelectMultiple)
    model_workers = forms.BooleanField(label=_("Model workers"), required=False)
    gig_workers = forms.BooleanField(label=_("Gig workers"), required=False)
    migrant_workers = forms.BooleanField(label=_("Migrant workers"), required=False)
    default_amount_fen = YuanField(label=_("Standard amount (yuan)"), required=False,
                                   help_text=_("Used when there are no amount rules."))
    amount_rules = forms.CharField(label=_("Amount rules"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text=_("One rule a line: school level, 有/无/不限 (hardship file), amount in "
                                               "yuan, e.g. “本科, 有, 5000”."))
    per_person_limit_fen = YuanField(label=_("Per-person limit (yuan)"), required=False)
    required_attachments = forms.MultipleChoiceField(label=_("Required attachments"), choices=AttachmentKind.choices,
                                                     required=False, widget=forms.CheckboxSelectMultiple)
    publicity_days = forms.IntegerField(label=_("Days of publicity"), min_value=0, max_value=60,
                                        initial=default_publicity_days)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = union_field(user, _("Run by"))
        self.order_fields(["name", "kind", "owner"])
        bootstrap(self)

    def clean_amount_rules(self):
        return parse_rules(self.cleaned_data.get("amount_rules"))

    def clean_default_amount_fen(self):
        return self.cleaned_data.get("default_amount_fen") or 0


class BudgetForm(BootstrapMixin, forms.Form):
    amount_fen = YuanField(label=_("Budget (yuan)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.order_fields(["union", "amount_fen"])
        bootstrap(self)


class ApplyForm(BootstrapMixin, forms.Form):
    """The clerk's form (with `member`) and the member's own (without)."""

    amount_fen = YuanField(label=_("Amount (yuan)"), required=False,
                           help_text=_("Leave empty for the amount the rules give."))
    school_level = forms.ChoiceField(label=_("School level"), choices=[("", "—"), *SchoolLevel.choices],
                                     required=False)
    student_name = forms.CharField(label=_("Student"), max_length=60, required=False)
    reason = forms.CharField(label=_("Reason for the application"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    bank_name = forms.CharField(label=_("Bank"), max_length=60, required=False)
    bank_account = forms.CharField(label=_("Bank account"), max_length=40, required=False)
    account_holder = forms.CharField(label=_("Account holder"), max_length=60, required=False)

    def __init__(self, *args, user, programme=None, programmes=None, with_member=True, **kwargs):
        super().__init__(*args, **kwargs)
        if programmes is not None:
            # Choosing another programme reloads the form with its own fields (school level, attachments).
            reload = {"hx-get": reverse("assistance:application_create"), "hx-trigger": "change",
                      "hx-select": "main", "hx-target": "main", "hx-swap": "outerHTML", "hx-push-url": "true"}
            self.fields["programme"] = forms.ModelChoiceField(label=_("Programme"), queryset=programmes,
                                                              widget=forms.Select(attrs=reload))
        if with_member:
            self.fields["member"] = member_field(user, _("Member"))
        kinds = programme.required_attachments if programme else list(AttachmentKind.values)
        for kind in kinds:
            self.fields[f"attachment_{kind}"] = forms.FileField(label=AttachmentKind(kind).label,
                                                                required=programme is not None)
        if programme is not None and not programme.uses_school_level:
            del self.fields["school_level"], self.fields["student_name"]
        self.order_fields(["programme", "member"])
        bootstrap(self)

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["attachments"] = [(k.removeprefix("attachment_"), data.pop(k)) for k in list(data)
                               if k.startswith("attachment_")]
        return data


class OpinionForm(BootstrapMixin, forms.Form):
    opinion = forms.CharField(label=_("Opinion"), max_length=300, required=False)


class AccountForm(BootstrapMixin, forms.Form):
    bank_name = forms.CharField(label=_("Bank"), max_length=60)
    bank_account = forms.CharField(label=_("Bank account"), max_length=40)
    account_holder = forms.CharField(label=_("Account holder"), max_length=60, required=False)


class BatchForm(BootstrapMixin, forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Paying union"),
                                           help_text=_("Every application under it whose publicity has ended."))
        bootstrap(self)


class ResultForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("The bank's result file (xlsx or CSV)"),
                           help_text=_("Columns: 序号 (line reference), 状态 (成功/失败), 原因; optional 金额 and "
                                       "账号."))


class VisitForm(BootstrapMixin, forms.Form):
    target = forms.ChoiceField(label=_("Visited"), choices=Visit.Target.choices)
    visited_name = forms.CharField(label=_("Enterprise or household"), max_length=120, required=False,
                                   help_text=_("Filled from the enterprise or member when left empty."))
    visited_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE))
    amount_fen = YuanField(label=_("Money given (yuan)"), required=False)
    goods = forms.CharField(label=_("Goods"), max_length=200, required=False)
    goods_value_fen = YuanField(label=_("Value of goods (yuan)"), required=False)
    participants = forms.CharField(label=_("Participants"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    photos = forms.FileField(label=_("Photos"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"] = forms.ModelChoiceField(
            label=_("Programme"), queryset=Programme.objects.restrict(user).filter(state="open").order_by("-year"))
        self.fields["union"] = union_field(user, _("Visiting union"))
        self.fields["employer"] = employer_field(user, required=False)
        self.fields["member"] = member_field(user, _("Member"))
        self.fields["member"].required = False
        self.order_fields(["programme", "union", "target", "employer", "member"])
        bootstrap(self)


class LayoutForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60, required=False)
    columns = forms.CharField(label=_("Columns"), widget=forms.Textarea(attrs={"rows": 8}),
                              help_text=_("One column a line: header, field. Fields: reference, payee_name, "
                                          "bank_name, bank_account, amount_yuan, amount_fen, member_number, union, "
                                          "programme, purpose."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.order_fields(["union", "name", "columns"])
        bootstrap(self)

    def clean_columns(self):
        from .services import parse_layout

        try:
            return parse_layout(self.cleaned_data.get("columns"))
        except ValidationError as e:
            raise ValidationError(e.messages) from None
