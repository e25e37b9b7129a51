"""The electronic member card (会员卡): a signed, expiring token in a QR code. A clerk who
scans or pastes it sees the member's name, union and status, nothing more."""

from dataclasses import dataclass

from django.core import signing

from .models import Member

SALT = "gonghui.members.card"
VALID_FOR = 10 * 60  # seconds: a screenshot of the card stops working soon after


def issue(member):
    return signing.TimestampSigner(salt=SALT).sign_object({"m": member.pk})


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str = ""
    name: str = ""
    union: str = ""
    status: str = ""


def verify(token, max_age=VALID_FOR):
    """Check a card token; the verdict carries only what the card may show."""
    from django.utils.translation import gettext as _

    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object((token or "").strip(), max_age=max_age)
    except signing.SignatureExpired:
        return Verdict(False, _("This card code has expired; ask the member to open their card again."))
    except signing.BadSignature:
        return Verdict(False, _("This is not a valid member card code."))
    member = Member.objects.select_related("union", "last_event").filter(pk=data.get("m")).first()
    if member is None:
        return Verdict(False, _("This is not a valid member card code."))
    return Verdict(True, name=member.name, union=member.union.name, status=member.get_status_display())
