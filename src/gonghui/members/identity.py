"""Identity documents, mobile numbers and ages of members.

Every check names what is wrong and how to fix it; the messages are English msgids
translated in the Chinese catalogue. Check digits come from python-stdnum
(``stdnum.cn.ric``), never from a hand-written copy.

Four document types share the GB 11643 layout (18 characters: 6 region/issuer digits,
8 birth-date digits, 3 sequence digits whose last is odd for men, one MOD 11-2 check
character that may be X): the 居民身份证, the 港澳台居民居住证 and the new 外国人永久居留身份证.
For those, ``clean_document`` also returns the birth date and sex.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.cn import ric

from gonghui.core.crypto import mask

MAX_AGE = 120


class DocumentType(models.TextChoices):
    RESIDENT_ID = "resident_id", gettext_lazy("Resident identity card")  # 居民身份证
    HK_MACAO_PERMIT = "hk_macao_permit", gettext_lazy(
        "Mainland travel permit for Hong Kong and Macao residents")  # 港澳居民来往内地通行证
    TAIWAN_PERMIT = "taiwan_permit", gettext_lazy(
        "Mainland travel permit for Taiwan residents")  # 台湾居民来往大陆通行证
    HMT_RESIDENCE = "hmt_residence", gettext_lazy(
        "Residence permit for Hong Kong, Macao and Taiwan residents")  # 港澳台居民居住证
    FOREIGN_PERMANENT = "foreign_permanent", gettext_lazy(
        "Foreign permanent resident ID card")  # 外国人永久居留身份证
    PASSPORT = "passport", gettext_lazy("Passport")  # 护照


@dataclass(frozen=True)
class Document:
    """A checked identity document. ``number`` is upper-case without spaces or dashes."""

    type: str
    number: str
    birth_date: date | None = None
    sex: str | None = None  # "M" / "F", from GB 11643 numbers only
    region_code: str = ""  # first six digits of a resident ID (GB/T 2260 行政区划), else ""

    @property
    def masked(self):
        """The number as it may be shown: gonghui.core.crypto's one masking rule."""
        return mask("id", self.number)


# GB/T 2260 province codes that issue resident ID cards (71 台湾, 81 香港 and 82 澳门 do not).
RESIDENT_ID_PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
})
# 港澳台居民居住证 start with 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan).
HMT_RESIDENCE_PREFIXES = ("810000", "820000", "830000")

_SEPARATORS = re.compile(r"[\s\-]+")
_GB11643 = re.compile(r"[0-9]{17}[0-9X]")
_ALNUM = re.compile(r"[A-Z0-9]")


def _normalise(raw):
    """Full-width to half-width (NFKC), upper-case, spaces and dashes removed."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(raw or ""))).upper()


def _label(doc_type):
    return str(DocumentType(doc_type).label)


def _length_error(doc_type, number, expected):
    return ValidationError(
        _("%(document)s: the number must have %(expected)s characters; this one has %(count)s.")
        % {"document": _label(doc_type), "expected": expected, "count": len(number)},
        code="document_length")


def _format_error(doc_type, number, allowed, position):
    return ValidationError(
        _("%(document)s: the number may contain only %(allowed)s; character %(position)s (“%(char)s”) "
          "is not allowed.")
        % {"document": _label(doc_type), "allowed": allowed, "position": position + 1, "char": number[position]},
        code="document_format")


def _prefix_error(message, **values):
    return ValidationError(message % values, code="document_prefix")


def _first_bad(number, pattern):
    """Index of the first character that does not match ``pattern`` (a one-character regex), or None."""
    return next((i for i, char in enumerate(number) if not pattern.fullmatch(char)), None)


def _check_characters(doc_type, number, pattern, allowed):
    bad = _first_bad(number, pattern)
    if bad is not None:
        raise _format_error(doc_type, number, allowed, bad)


def _gb11643_shape(doc_type, number):
    """Length and characters of an 18-character GB 11643 number. The caller checks the prefix next, so that a number
    of the wrong kind is named as such before its date or check digit is judged."""
    if len(number) != 18:
        raise _length_error(doc_type, number, 18)
    if not _GB11643.fullmatch(number):
        bad = _first_bad(number[:17], re.compile("[0-9]"))
        bad = 17 if bad is None else bad
        raise _format_error(doc_type, number, _("digits, with X allowed as the last character"), bad)


def _gb11643_birth_and_sex(doc_type, number, today):
    """Birth date (real, not in the future, age at most MAX_AGE) and check digit; returns (birth_date, sex)."""
    digits = number[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise ValidationError(
            _("%(document)s: the birth date in the number (characters 7–14, “%(digits)s”) is not a real date; "
              "please check those digits against the card.") % {"document": _label(doc_type), "digits": digits},
            code="document_birth_date") from None
    if birth > today:
        raise ValidationError(
            _("%(document)s: the birth date in the number (%(date)s) is in the future; "
              "please check characters 7–14 against the card.")
            % {"document": _label(doc_type), "date": birth.isoformat()},
            code="document_birth_future")
    if age_on(birth, today) > MAX_AGE:
        raise ValidationError(
            _("%(document)s: the birth date in the number (%(date)s) would make the holder older than %(max)s; "
              "please check characters 7–14 against the card.")
            % {"document": _label(doc_type), "date": birth.isoformat(), "max": MAX_AGE},
            code="document_birth_too_old")
    expected = ric.calc_check_digit(number)
    if number[-1] != expected:
        raise ValidationError(
            _("%(document)s: the check digit is wrong; the last character should be %(expected)s "
              "if the first 17 are right. Please check the number against the card.")
            % {"document": _label(doc_type), "expected": expected},
            code="document_checksum")
    return birth, ("M" if int(number[16]) % 2 else "F")


def _resident_id(number, today):
    doc_type = DocumentType.RESIDENT_ID
    if len(number) == 15 and number.isdigit():
        raise ValidationError(
            _("%(document)s: this is the number of an old 15-digit card, which is no longer valid; "
              "please enter the 18-character number of the current card.") % {"document": _label(doc_type)},
            code="document_length")
    _gb11643_shape(doc_type, number)
    if number.startswith(HMT_RESIDENCE_PREFIXES):
        raise _prefix_error(
            _("%(document)s: numbers starting with %(prefix)s belong to the “%(other)s”; "
              "please choose that document type."),
            prefix=number[:6], other=_label(DocumentType.HMT_RESIDENCE), document=_label(doc_type))
    if number.startswith("9"):
        raise _prefix_error(
            _("%(document)s: numbers starting with 9 belong to the “%(other)s”; please choose that document type."),
            other=_label(DocumentType.FOREIGN_PERMANENT), document=_label(doc_type))
    if number[:2] not in RESIDENT_ID_PROVINCES:
        raise _prefix_error(
            _("%(document)s: the number must start with the code of a mainland province (11–65), not “%(prefix)s”. "
              "Please check the first two digits."),
            document=_label(doc_type), prefix=number[:2])
    birth, sex = _gb11643_birth_and_sex(doc_type, number, today)
    return Document(doc_type, number, birth, sex, number[:6])


def _hmt_residence(number, today):
    doc_type = DocumentType.HMT_RESIDENCE
    _gb11643_shape(doc_type, number)
    if not number.startswith(HMT_RESIDENCE_PREFIXES):
        raise _prefix_error(
            _("%(document)s: the number must start with 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan), "
              "not %(prefix)s. For a mainland identity card choose “%(resident)s”."),
            document=_label(doc_type), prefix=number[:6], resident=_label(DocumentType.RESIDENT_ID))
    birth, sex = _gb11643_birth_and_sex(doc_type, number, today)
    return Document(doc_type, number, birth, sex)


def _foreign_permanent(number, today):
    doc_type = DocumentType.FOREIGN_PERMANENT
    if len(number) == 15:  # cards issued before the 2023 style: 3 letters (nationality) + 12 digits
        if not re.fullmatch(r"[A-Z]{3}", number[:3]):
            raise _format_error(doc_type, number, _("three letters followed by 12 digits (older cards)"),
                                _first_bad(number[:3], re.compile("[A-Z]")))
        bad = _first_bad(number[3:], re.compile("[0-9]"))
        if bad is not None:
            raise _format_error(doc_type, number, _("three letters followed by 12 digits (older cards)"), bad + 3)
        return Document(doc_type, number)
    if len(number) != 18:
        raise ValidationError(
            _("%(document)s: the number must have 18 characters (cards issued since 2023) or 15 (older cards); "
              "this one has %(count)s.") % {"document": _label(doc_type), "count": len(number)},
            code="document_length")
    _gb11643_shape(doc_type, number)
    if not number.startswith("9"):
        raise _prefix_error(
            _("%(document)s: an 18-character number must start with 9, not %(prefix)s. "
              "For a mainland identity card choose “%(resident)s”."),
            document=_label(doc_type), prefix=number[0], resident=_label(DocumentType.RESIDENT_ID))
    birth, sex = _gb11643_birth_and_sex(doc_type, number, today)
    return Document(doc_type, number, birth, sex)


def _hk_macao_permit(number, today):
    doc_type = DocumentType.HK_MACAO_PERMIT
    _check_characters(doc_type, number, _ALNUM, _("letters and digits"))
    if number[0] not in "HM":
        raise _prefix_error(
            _("%(document)s: the number must start with H (Hong Kong) or M (Macao), not “%(prefix)s”."),
            document=_label(doc_type), prefix=number[0])
    bad = _first_bad(number[1:], re.compile("[0-9]"))
    if bad is not None:
        raise _format_error(doc_type, number, _("H or M followed by digits"), bad + 1)
    if len(number) not in (9, 11):
        raise ValidationError(
            _("%(document)s: the number must be H or M followed by 8 or 10 digits; this one has %(count)s digits.")
            % {"document": _label(doc_type), "count": len(number) - 1},
            code="document_length")
    return Document(doc_type, number)


def _taiwan_permit(number, today):
    doc_type = DocumentType.TAIWAN_PERMIT
    _check_characters(doc_type, number, re.compile("[0-9]"), _("digits"))
    if len(number) != 8:
        raise _length_error(doc_type, number, 8)
    return Document(doc_type, number)


def _passport(number, today):
    doc_type = DocumentType.PASSPORT
    _check_characters(doc_type, number, _ALNUM, _("letters and digits"))
    if not 5 <= len(number) <= 20:
        raise ValidationError(
            _("%(document)s: the number must have 5 to 20 letters and digits; this one has %(count)s.")
            % {"document": _label(doc_type), "count": len(number)},
            code="document_length")
    return Document(doc_type, number)


_CLEANERS = {
    DocumentType.RESIDENT_ID: _resident_id,
    DocumentType.HK_MACAO_PERMIT: _hk_macao_permit,
    DocumentType.TAIWAN_PERMIT: _taiwan_permit,
    DocumentType.HMT_RESIDENCE: _hmt_residence,
    DocumentType.FOREIGN_PERMANENT: _foreign_permanent,
    DocumentType.PASSPORT: _passport,
}


def clean_document(doc_type, raw, *, today=None):
    """Check and normalise an identity document number of ``doc_type`` (a ``DocumentType`` value).

    Returns a ``Document``; raises ``ValidationError`` with one of the codes ``document_type``,
    ``document_required``, ``document_length``, ``document_format``, ``document_prefix``,
    ``document_birth_date``, ``document_birth_future``, ``document_birth_too_old``, ``document_checksum``.
    ``today`` (default: the local date) is the day against which birth dates are judged.
    """
    try:
        doc_type = DocumentType(doc_type)
    except ValueError:
        raise ValidationError(
            _("Unknown document type %(value)s; choose one of: %(choices)s.")
            % {"value": doc_type, "choices": ", ".join(str(label) for label in DocumentType.labels)},
            code="document_type") from None
    number = _normalise(raw)
    if not number:
        raise ValidationError(_("%(document)s: please enter the number.") % {"document": _label(doc_type)},
                              code="document_required")
    return _CLEANERS[doc_type](number, today or timezone.localdate())


# Mobile numbers -------------------------------------------------------------------------------------------------

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_PHONE_SEPARATORS = re.compile(r"[\s\-().]+")


def clean_mobile(raw):
    """A mainland China mobile number as 11 digits (``1[3-9]`` + 9 digits).

    Accepts and strips +86 / 0086 / 86, spaces, dashes, dots and brackets. Raises ``ValidationError`` with one of
    the codes ``mobile_required``, ``mobile_format``, ``mobile_country``, ``mobile_landline``, ``mobile_length``,
    ``mobile_prefix``.
    """
    value = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", str(raw or "")))
    if not value:
        raise ValidationError(_("Please enter a mobile number."), code="mobile_required")
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    elif value.startswith(("+", "00")):
        raise ValidationError(
            _("Only mainland China mobile numbers (+86) can be used; %(value)s is a number from another country "
              "or region.") % {"value": raw},
            code="mobile_country")
    if not re.fullmatch(r"[0-9]+", value):
        raise ValidationError(
            _("A mobile number may contain only digits (spaces, dashes and a leading +86 are fine); "
              "%(value)s contains other characters.") % {"value": raw},
            code="mobile_format")
    if len(value) == 13 and value.startswith("86"):
        value = value[2:]
    if value.startswith("0") or value.startswith(("400", "800")) or (len(value) in (7, 8) and value[0] != "1"):
        raise ValidationError(
            _("%(value)s looks like a landline or service number; please enter an 11-digit mobile number "
              "starting with 1.") % {"value": raw},
            code="mobile_landline")
    if len(value) != 11:
        raise ValidationError(
            _("A mobile number has 11 digits; %(value)s has %(count)s.") % {"value": raw, "count": len(value)},
            code="mobile_length")
    if not _MOBILE.fullmatch(value):
        raise ValidationError(
            _("Mainland mobile numbers start with 13 to 19; %(value)s starts with %(prefix)s. "
              "Please check the number.") % {"value": raw, "prefix": value[:2]},
            code="mobile_prefix")
    return value


# Ages -----------------------------------------------------------------------------------------------------------

def age_on(birth_date, day=None):
    """Age in completed years on ``day`` (default: today); the birthday itself counts."""
    day = day or timezone.localdate()
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class AgeBand(NamedTuple):
    """Ages ``low`` <= age < ``high`` (``high`` None: no upper bound). Unpacks as ``low, high, label``."""

    low: int
    high: int | None
    label: str

    def contains(self, age):
        return age >= self.low and (self.high is None or age < self.high)

    def birth_years(self, year=None):
        """``(after, until)``: a member is in the band in ``year`` (default: this year) when
        ``after < birth_year <= until`` (``after`` None: no lower bound), ready for
        ``birth_year__gt`` / ``birth_year__lte`` filters. The age is the one reached in that year
        (年龄按出生年份计算): the birth date is sealed, only the year is kept in clear."""
        year = year or timezone.localdate().year
        return (None if self.high is None else year - self.high), year - self.low


AGE_BANDS = (
    AgeBand(0, 25, gettext_lazy("Under 25")),
    AgeBand(25, 35, gettext_lazy("25–34")),
    AgeBand(35, 45, gettext_lazy("35–44")),
    AgeBand(45, 55, gettext_lazy("45–54")),
    AgeBand(55, None, gettext_lazy("55 and over")),
)


def age_band(age):
    """The band of ``AGE_BANDS`` an age falls in."""
    return next(band for band in AGE_BANDS if band.contains(age))
