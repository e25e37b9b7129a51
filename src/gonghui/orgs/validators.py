"""Validators for national identifiers, built on python-stdnum."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc


def clean_uscc(value):
    """Normalise and check a 统一社会信用代码 (GB 32100-2015): 18 characters with a check character."""
    raw = (value or "").strip().upper()
    try:
        return uscc.validate(raw)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _("The unified social credit code %(value)s must have 18 characters.") % {"value": raw},
            code="uscc_length") from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("The unified social credit code %(value)s has a wrong check character; "
              "please check it against the business licence.") % {"value": raw},
            code="uscc_checksum") from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("The unified social credit code %(value)s contains characters that are not allowed "
              "(digits and upper-case letters other than I, O, Z, S, V).") % {"value": raw},
            code="uscc_format") from None
