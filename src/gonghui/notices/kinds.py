"""Every kind of notice, in one place: its code name, its Chinese label, the channel it takes
when the recipient has chosen none, and whether it must not be missed (then it always goes by
SMS as well, whatever the recipient chose).

An app that sends a new kind adds one `Kind` here; the preferences page, the filters and the
API read this registry. The models take their choices from `choices` by reference, so a new kind
needs no migration. Deadline reminders keep their lead time (days before the due date when
"due soon" is sent) per deadline kind in `DEADLINE_LEAD_DAYS`, unless the rulebook holds it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INBOX = "inbox", _("inbox only")
    SMS = "sms", _("inbox and SMS")
    DIGEST = "digest", _("daily digest")


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    channel: str = Channel.INBOX
    must_not_miss: bool = False
    members: bool = False  # sent to members (their phone pages) rather than to staff
    configurable: bool = True  # offered on the preferences page

    @property
    def choices(self):
        """The channels a recipient may choose for this kind."""
        if self.must_not_miss:
            return [Channel.SMS]
        return list(Channel)


KINDS = {k.code: k for k in [
    Kind("campaign_published", _("Benefit campaign published"), members=True),
    Kind("join_decided", _("Join application decided"), Channel.SMS, members=True),
    Kind("transfer_decided", _("Transfer decided")),
    Kind("hardship_decided", _("Hardship file reviewed")),
    Kind("congress_session_called", _("Congress session called"), members=True),
    Kind("claim_decided", _("Claim decided"), Channel.SMS, members=True),
    Kind("proposal_submitted", _("Workers' congress proposal to handle")),
    Kind("proposal_decided", _("Your proposal screened or answered"), members=True),
    Kind("contract_renewal_due", _("Collective contract to renew")),
    Kind("request_received", _("Workers' request to handle")),
    Kind("request_answered", _("Your request accepted or answered"), members=True),
    Kind("request_overdue", _("Workers' request overdue and escalated"), Channel.SMS, must_not_miss=True),
    Kind("legal_aid_decided", _("Legal aid application decided"), Channel.SMS, members=True),
    Kind("warning_raised", _("Labour-relations warning raised"), Channel.SMS),
    Kind("contribution_arrears", _("Union contribution in arrears")),
    Kind("recuperation_offer", _("Recuperation place offered"), Channel.SMS, members=True),
    Kind("deadline_soon", _("Deadline coming up")),
    Kind("deadline_today", _("Deadline today"), Channel.SMS),
    Kind("deadline_overdue", _("Deadline overdue"), Channel.SMS, must_not_miss=True),
    Kind("digest", _("Daily digest"), Channel.SMS, configurable=False),
    # Sent to staff and members alike (accounts.services.notify_owner_of_lockout).
    Kind("account_locked", _("Account locked after failed sign-ins"), Channel.SMS, must_not_miss=True),
]}

# Days before the due date when "due soon" is sent, per deadline kind (gonghui.rules Deadline.kind);
# kinds not listed use DEFAULT_LEAD_DAYS. The rulebook's value "notice_lead_days.<kind>" wins when set.
DEFAULT_LEAD_DAYS = 3
DEADLINE_LEAD_DAYS = {
    "join_review": 1,
    "transfer_review": 2,
    "hardship_review": 14,
    "publicity_end": 1,
    "claim_expiry": 2,
    "rectification": 5,
    "proposal_reply": 7,
    "disclosure_due": 7,
    "contract_reply": 5,
    "contract_filing": 3,
    "request_due": 1,
    "legal_aid_decision": 2,
    "dispute_mediation": 3,
    "dispute_time_bar": 30,
    "dispute_accept": 2,
    "dispute_award": 7,
    "dispute_court": 5,
    "dispute_payment": 3,
    "referral_report": 5,
}


def get(code):
    """The kind with this code; an unknown code is a programming error."""
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"Unknown notice kind {code!r}; register it in gonghui.notices.kinds.") from None


def choices():
    return [(k.code, k.label) for k in KINDS.values()]
