"""Forms of the sign-in, account-security and staff-account pages. They parse input only;
the rules live in services.py."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.forms import BootstrapMixin, LookupField, apply_service_errors

from . import services


class StyledForm(BootstrapMixin, forms.Form):
    def apply_errors(self, error):
        """Show a service's ValidationError on the field it names, else above the form."""
        apply_service_errors(self, error)


def _phone_field():
    return forms.CharField(
        label=gettext_lazy("Mobile number"), max_length=11, min_length=11,
        help_text=gettext_lazy("The 11-digit mobile number you registered with your union."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel", "pattern": "1[0-9]{10}",
                                      "placeholder": "1xxxxxxxxxx"}))


def _clean_phone(value):
    value = (value or "").strip()
    if not services.valid_phone(value):
        raise forms.ValidationError(_("Enter an 11-digit mainland mobile number starting with 1."))
    return value


# --- signing in ----------------------------------------------------------------------------

class StaffLoginForm(StyledForm):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label=gettext_lazy("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class MemberPasswordForm(StyledForm):
    phone = _phone_field()
    password = forms.CharField(label=gettext_lazy("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"])


class MemberSmsForm(StyledForm):
    phone = _phone_field()
    sms_code = forms.CharField(
        label=gettext_lazy("SMS code"), max_length=6, min_length=6,
        help_text=gettext_lazy("The 6-digit code we sent to your phone; it is valid for 5 minutes."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                      "pattern": "[0-9]{6}"}))

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"])


class OtpForm(StyledForm):
    token = forms.CharField(
        label=gettext_lazy("6-digit code"), max_length=6, min_length=6,
        help_text=gettext_lazy("Open your authenticator app and type the code it shows for Gonghui."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                      "pattern": "[0-9]{6}", "autofocus": True}))

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("The code has 6 digits."))
        return token


# --- one's own account ---------------------------------------------------------------------

class PasswordChangeForm(StyledForm):
    old_password = forms.CharField(label=gettext_lazy("Current password"), strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password1 = forms.CharField(label=gettext_lazy("New password"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label=gettext_lazy("New password again"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("The two new passwords do not match."))
        return data


class DisableTotpForm(StyledForm):
    password = forms.CharField(
        label=gettext_lazy("Current password"), strip=False,
        help_text=gettext_lazy("To switch two-step verification off, confirm it is you."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


# --- staff accounts ------------------------------------------------------------------------

class RoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _(obj.name)


class GrantForm(StyledForm):
    """A role on a union. The choices offered are the ones the signed-in user may grant; the
    service checks them again."""

    role = RoleChoiceField(label=gettext_lazy("Role"), queryset=None,
                           help_text=gettext_lazy("What the person may do: one department's work."))
    covers_subtree = forms.BooleanField(
        label=gettext_lazy("Also covers the unions below"), required=False, initial=True,
        help_text=gettext_lazy("Tick for staff of a federation or township union who look after the unions under "
                        "it; untick to limit the role to this union alone."))

    field_order = ["role", "union", "covers_subtree"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = services.grantable_roles(user)
        grantable = services.grantable_unions(user)
        self.fields["union"] = LookupField(
            "orgs:union_lookup",
            lambda v: grantable.filter(pk=v).first() if str(v).isdigit() else None,
            lambda v: str(grantable.filter(pk=getattr(v, "pk", v)).first() or ""),
            label=gettext_lazy("Union"),
            help_text=gettext_lazy("Where the role applies: type part of the union's name and choose it. Only unions "
                            "on which you may grant roles are accepted."))
        self.order_fields(self.field_order)


class StaffCreateForm(GrantForm):
    username = forms.CharField(
        label=gettext_lazy("Username"), max_length=150,
        help_text=gettext_lazy("Used to sign in. Letters, digits and @ . + - _ only, for example zhangsan or "
                        "hyx.zhangsan."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}))
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=60,
                                help_text=gettext_lazy("The person's real name, as shown in records and the "
                                                       "audit trail."))
    password1 = forms.CharField(label=gettext_lazy("Initial password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=gettext_lazy("Initial password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=gettext_lazy("Give the password to the person in private; ask them to "
                                                "change it on the account security page after signing in."))

    field_order = ["username", "full_name", "password1", "password2", "role", "union", "covers_subtree"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords do not match."))
        return data
