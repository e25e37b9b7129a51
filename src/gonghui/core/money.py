"""Money: integer fen in the database and in every sum, yuan with two decimals on screen.

Floats never touch an amount. Forms take yuan (``YuanField``) and hand fen to the services;
pages and exports show fen with ``yuan()``.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum import luhn

MAX_FEN = 10**13  # 1,000 亿元: beyond any union budget, well inside a 64-bit column


def to_fen(value, *, allow_negative=False):
    """Yuan (str, int or Decimal, at most two decimals) to integer fen; refuses floats and junk."""
    if isinstance(value, float):
        raise TypeError("money is never a float")
    try:
        amount = Decimal(str(value).replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        raise ValidationError(_("Enter an amount in yuan, such as 1200 or 1200.50."), code="invalid") from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:
        raise ValidationError(_("An amount has at most two decimals (fen)."), code="invalid")
    if amount < 0 and not allow_negative:
        raise ValidationError(_("The amount cannot be negative."), code="negative")
    fen = int(amount * 100)
    if abs(fen) >= MAX_FEN:
        raise ValidationError(_("The amount is too large."), code="too_large")
    return fen


def yuan(fen):
    """Integer fen as yuan for people: 1234550 → "12,345.50"."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def yuan_decimal(fen):
    """Integer fen as a Decimal of yuan, for the API and spreadsheets that add it up."""
    return (Decimal(int(fen)) / 100).quantize(Decimal("0.01"))


class YuanField(forms.CharField):
    """A form field in yuan whose cleaned value is integer fen."""

    default_error_messages = {"required": gettext_lazy("Enter an amount.")}

    def __init__(self, *args, allow_negative=False, **kwargs):
        self.allow_negative = allow_negative
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return yuan(value).replace(",", "") if isinstance(value, int) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return to_fen(value, allow_negative=self.allow_negative)


def validate_bank_account(value):
    """A bank account for payments: digits only; a personal card number (16 to 19 digits) must
    pass its Luhn check digit. Corporate accounts (other lengths) carry no standard check digit."""
    digits = "".join(str(value).split())
    if not digits.isdigit() or not 8 <= len(digits) <= 30:
        raise ValidationError(_("A bank account number has 8 to 30 digits."), code="invalid")
    if 16 <= len(digits) <= 19 and not luhn.is_valid(digits):
        raise ValidationError(_("This bank card number's check digit is wrong; please check every digit."),
                              code="checksum")
    return digits
