"""The electronic member card (会员卡): a signed, expiring token in a QR code. A clerk who
scans or pastes it sees the member's name, union and status, nothing more.

The phone card's code lives ten minutes (a screenshot passed on stops working soon). A printed
card (the PDF) carries a code signed under its own salt that lives a year, the date printed on
it; its verdict is still read live, so a member who has left shows as left."""

from dataclasses import dataclass

from django.core import signing

from .models import Member

SALT = "gonghui.members.card"
VALID_FOR = 10 * 60  # seconds: a screenshot of the card stops working soon after
PRINTED_SALT = "gonghui.members.card.printed"
PRINTED_VALID_DAYS = 365  # a printed card is good for a year from the day it is printed


def issue(member):
    return signing.TimestampSigner(salt=SALT).sign_object({"m": member.pk})


def issue_printed(member):
    """The code of a printed card, and the last day it is good for."""
    import datetime

    from django.utils import timezone

    until = timezone.localdate() + datetime.timedelta(days=PRINTED_VALID_DAYS - 1)
    return signing.TimestampSigner(salt=PRINTED_SALT).sign_object({"m": member.pk}), until


def _unsign(token, max_age):
    """The card's data: a phone card's code within `max_age`, or a printed card's within its year."""
    try:
        return signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired:
        raise
    except signing.BadSignature:
        return signing.TimestampSigner(salt=PRINTED_SALT).unsign_object(token, max_age=PRINTED_VALID_DAYS * 86400)


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str = ""
    name: str = ""
    union: str = ""
    status: str = ""


def read(token, max_age=VALID_FOR):
    """The member a card's code names, and "" — or None and the reason the code is refused. For
    desks that act on the member (a congress check-in), not only show the verdict."""
    from django.utils.translation import gettext as _

    try:
        data = _unsign((token or "").strip(), max_age)
    except signing.SignatureExpired:
        return None, _("This card code has expired; ask the member to open their card again.")
    except signing.BadSignature:
        return None, _("This is not a valid member card code.")
    member = Member.objects.select_related("union", "last_event").filter(pk=data.get("m")).first()
    if member is None:
        return None, _("This is not a valid member card code.")
    return member, ""


def verify(token, max_age=VALID_FOR):
    """Check a card token; the verdict carries only what the card may show."""
    from django.utils.translation import gettext as _

    try:
        data = _unsign((token or "").strip(), max_age)
    except signing.SignatureExpired:
        return Verdict(False, _("This card code has expired; ask the member to open their card again."))
    except signing.BadSignature:
        return Verdict(False, _("This is not a valid member card code."))
    member = Member.objects.select_related("union", "last_event").filter(pk=data.get("m")).first()
    if member is None:
        return Verdict(False, _("This is not a valid member card code."))
    return Verdict(True, name=member.name, union=member.union.name, status=member.get_status_display())
