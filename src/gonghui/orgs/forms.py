from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.dates import ACFTU_FOUNDED
from gonghui.core.forms import BootstrapMixin, LookupField
from gonghui.core.models import Code

from . import choices
from .models import Employer, Region, Union


def region_field(**kw):
    return LookupField("orgs:region_lookup", lambda v: Region.objects.filter(code=str(v)).first(),
                       lambda v: str(Region.objects.filter(code=str(getattr(v, "pk", v))).first() or v),
                       label=_("Division"), **kw)


def union_field(user, label, **kw):
    """The union picker, cut to the user's scope. A user whose scope is one union (a grassroots
    clerk) finds it chosen already instead of searching for the only answer."""
    if "initial" not in kw:
        only = list(Union.objects.restrict(user).values_list("pk", flat=True)[:2])
        if len(only) == 1:
            kw["initial"] = only[0]
    return LookupField(
        "orgs:union_lookup",
        lambda v: Union.objects.restrict(user).filter(pk=v).first() if str(v).isdigit() else None,
        lambda v: str(Union.objects.filter(pk=getattr(v, "pk", v)).first() or v), label=label, **kw)


def employer_field(user, **kw):
    return LookupField(
        "orgs:employer_lookup",
        lambda v: Employer.objects.restrict(user).filter(pk=v).first() if str(v).isdigit() else None,
        lambda v: str(Employer.objects.filter(pk=getattr(v, "pk", v)).first() or v), label=_("Employer"), **kw)


class UnionForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=choices.UnionKind.choices)
    founded_on = forms.DateField(label=_("Founded on"), required=False,
                                 help_text=_("Not before 1 May 1925 (the founding of the All-China Federation of "
                                             "Trade Unions) and not in the future."),
                                 widget=forms.DateInput(attrs={"type": "date", "min": ACFTU_FOUNDED.isoformat()}))
    chair_name = forms.CharField(label=_("Chair"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)

    def __init__(self, *args, user, with_parent=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"] = region_field()
        self.fields["employer"] = employer_field(user, required=False,
                                                 help_text=_("Grassroots unions belong to an employer."))
        if with_parent:
            self.fields["parent"] = union_field(user, _("Parent union"))
        order = ["parent", "name", "kind", "region", "employer", "founded_on", "chair_name", "contact_phone",
                 "address"]
        self.order_fields(order)


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Kept in the union's history."))


class MoveForm(ReasonForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = union_field(user, _("New parent union"))
        self.order_fields(["parent", "reason"])


class MergeForm(ReasonForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"] = union_field(user, _("Merge into"),
                                          help_text=_("Its subordinate unions move there too."))
        self.order_fields(["into", "reason"])


class EmployerForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=20,
                           help_text=_("18 characters, as on the business licence."))
    industry = forms.ModelChoiceField(label=_("Industry (GB/T 4754)"), required=False,
                                      queryset=Code.objects.filter(table=choices.INDUSTRY, active=True))
    ownership = forms.ModelChoiceField(label=_("Ownership type"), required=False,
                                       queryset=Code.objects.filter(table=choices.OWNERSHIP, active=True))
    headcount = forms.IntegerField(label=_("Headcount"), min_value=0, initial=0)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=choices.EmployerStatus.choices,
                               initial=choices.EmployerStatus.ACTIVE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"] = region_field()
        self.order_fields(["name", "uscc", "industry", "ownership", "headcount", "region", "address", "status"])
