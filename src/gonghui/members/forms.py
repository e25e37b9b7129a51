from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, LabelledErrorsMixin, bootstrap
from gonghui.core.models import Code
from gonghui.orgs.forms import employer_field, union_field

from .identity import DocumentType
from .models import EventKind
from .services import ALLOWED


def _codes(table):
    return forms.ModelChoiceField(queryset=Code.objects.filter(table=table, active=True), required=False)


class MemberForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=60)
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices,
                                 initial=DocumentType.RESIDENT_ID)
    id_number = forms.CharField(label=_("ID number"), max_length=30,
                                help_text=_("Date of birth and sex are read from a resident ID number."))
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    job = forms.CharField(label=_("Job"), max_length=60, required=False)
    employer_name = forms.CharField(label=_("Employer or platform (as given)"), max_length=120, required=False)
    gig_platform = forms.CharField(label=_("Gig platform"), max_length=60, required=False)
    is_gig_worker = forms.BooleanField(label=_("Gig worker"), required=False)
    is_migrant_worker = forms.BooleanField(label=_("Migrant worker"), required=False)
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, with_union=False, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in (("ethnicity", _("Ethnicity")), ("education", _("Education")),
                            ("political", _("Political status")), ("household", _("Household type"))):
            self.fields[name] = _codes(name)  # each code table is named after its field
            self.fields[name].label = label
        self.fields["employer"] = employer_field(user, required=False)
        if with_union:
            self.fields["union"] = union_field(user, _("Union"))
        self.order_fields(["union", "name", "doc_type", "id_number", "phone", "ethnicity", "education", "political",
                           "household", "employer", "employer_name", "job", "gig_platform"])
        bootstrap(self)


class EventForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=[(k.value, k.label) for k in EventKind if k in ALLOWED])
    on = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Note"), max_length=300, required=False)


def directory_field(label):
    """Any active union of the city (names only), for transfers across counties."""
    from gonghui.core.forms import LookupField
    from gonghui.orgs.models import Union

    return LookupField("members:union_directory",
                       lambda v: Union.objects.filter(pk=v, status="active").first() if str(v).isdigit() else None,
                       lambda v: str(Union.objects.filter(pk=getattr(v, "pk", v)).first() or v), label=label)


class TransferForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_union"] = directory_field(_("Transfer to"))
        self.order_fields(["to_union", "reason"])


class TransferInForm(BootstrapMixin, forms.Form):
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices,
                                 initial=DocumentType.RESIDENT_ID)
    id_number = forms.CharField(label=_("ID number"), max_length=30)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_union"] = union_field(user, _("Transfer into"))
        self.order_fields(["to_union", "doc_type", "id_number", "reason"])


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Roster file (xlsx or CSV)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Union"))
        self.fields["union"].help_text = _("Rows without a union number join this union.")
        self.order_fields(["union", "file"])
        bootstrap(self)


# --- join applications (the worker's phone pages) ------------------------------------------

def joinable_union_field():
    """Active grassroots, industry and joint unions anywhere in the city, found by name."""
    from gonghui.core.forms import LookupField

    from .joins import joinable_unions

    return LookupField("members:join_unions",
                       lambda v: joinable_unions().filter(pk=v).first() if str(v).isdigit() else None,
                       lambda v: str(joinable_unions().filter(pk=getattr(v, "pk", v)).first() or ""),
                       label=_("Union to join"),
                       help_text=_("Type part of its name: your company's union, or an industry union such as "
                                   "logistics or delivery, or a joint union near you."))


class _PhoneCodeFields(LabelledErrorsMixin, forms.Form):
    phone = forms.CharField(label=_("Mobile phone"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    sms_code = forms.CharField(label=_("SMS code"), max_length=6, required=False,
                               widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                             "autocomplete": "one-time-code"}))

    def clean_phone(self):
        from .identity import clean_mobile

        return clean_mobile(self.cleaned_data["phone"])


class JoinApplyForm(BootstrapMixin, _PhoneCodeFields):
    name = forms.CharField(label=_("Full name"), max_length=60)
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices,
                                 initial=DocumentType.RESIDENT_ID)
    id_number = forms.CharField(label=_("ID number"), max_length=30)
    employer_name = forms.CharField(label=_("Employer or platform"), max_length=120, required=False,
                                    help_text=_("The company you work for, or the platform you take orders from."))
    is_gig_worker = forms.BooleanField(label=_("I work through a platform (courier, rider, truck or ride-hailing "
                                               "driver …)"), required=False)
    gig_platform = forms.CharField(label=_("Platform"), max_length=60, required=False)
    job = forms.CharField(label=_("Job"), max_length=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = joinable_union_field()
        self.order_fields(["union", "name", "doc_type", "id_number", "phone", "sms_code", "employer_name",
                           "is_gig_worker", "gig_platform", "job"])
        bootstrap(self)


class JoinStatusForm(BootstrapMixin, _PhoneCodeFields):
    pass
