"""Join applications (入会申请): a worker applies from a phone, the chosen union reviews.

The applicant has no account yet. They prove they hold the phone they give with an SMS code
(the accounts app's pluggable backend, with a code kept apart from sign-in codes), and they
later reach their applications by that phone again. Staff accept or reject with the
add-member right on the chosen union; accepting enrols the person through
`services.add_member` (so the 会籍 history starts with a join event) and gives them a member
account for signing in by SMS code. Every step is audited; ID numbers and phones reach the
trail only masked.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts import sms
from gonghui.accounts.models import SmsCode, User
from gonghui.accounts.services import _take_sms_slot
from gonghui.core import audit
from gonghui.core.access import require
from gonghui.core.crypto import lookup_hash, mask
from gonghui.notices.services import notify
from gonghui.orgs.choices import UnionKind
from gonghui.rules.deadlines import close, track

from . import services
from .identity import clean_mobile
from .models import IN_GOOD_STANDING, JoinApplication, Member

State = JoinApplication.State

# Unions a worker may choose: those that hold members directly (not federations, townships
# or union groups).
JOINABLE_KINDS = (UnionKind.GRASSROOTS, UnionKind.INDUSTRY, UnionKind.JOINT)
SMS_PURPOSE = "join"

# Throttles (cache counters, shared through Redis when it is configured).
CODES_PER_IP_HOUR = 20  # on top of the per-number limit of sign-in codes (1 a minute, 5 an hour)
FAILED_CODES_LIMIT = 5  # wrong codes for one number in VERIFY_WINDOW, then it must wait
VERIFY_WINDOW = 15 * 60
APPLICATIONS_PER_PHONE_DAY = 5
_IP_KEY = "gonghui:join:ip:{ip}"
_FAILED_KEY = "gonghui:join:failed:{key}"


def joinable_unions():
    """Active unions a worker may apply to."""
    from gonghui.orgs.models import Union

    return Union.objects.filter(status="active", kind__in=JOINABLE_KINDS)


def _count(key, ttl):
    """Increment a cache counter that lives `ttl` seconds from its first use; return it."""
    cache.add(key, 0, ttl)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, ttl)
        return 1


def _phone(raw):
    try:
        return clean_mobile(raw)
    except ValidationError as e:
        raise ValidationError({"phone": e.messages}) from None


# --- proving the phone -----------------------------------------------------------------------

@transaction.atomic
def request_code(phone, *, ip=None):
    """Send a join code to any mainland mobile number. Returns "ok" or "limited"; a bad number
    raises ValidationError on `phone`. Unlike sign-in codes it goes to numbers without an
    account too: the applicant has none yet, so there is nothing to probe."""
    phone = _phone(phone)
    if ip and _count(_IP_KEY.format(ip=ip), 3600) > CODES_PER_IP_HOUR:
        return "limited"
    if not _take_sms_slot(phone):
        return "limited"
    code = SmsCode.issue(phone, purpose=SMS_PURPOSE)
    minutes = int(settings.SMS_CODE_TTL.total_seconds() // 60)
    sms.send(phone, _("Your Gonghui code for applying to join the union is %(code)s, valid for %(minutes)d "
                      "minutes. Never share it with anyone.") % {"code": code, "minutes": minutes})
    audit.record("sms_code", object_type="members.joinapplication", object_repr=mask("phone", phone),
                 actor_label=mask("phone", phone), changes={"purpose": [None, SMS_PURPOSE]})
    return "ok"


def verify_code(phone, code):
    """True when `code` is a live join code for `phone` (used up on success). After
    FAILED_CODES_LIMIT wrong codes the number must wait VERIFY_WINDOW, so six digits cannot
    be guessed."""
    phone = _phone(phone)
    code = (code or "").strip()
    key = _FAILED_KEY.format(key=lookup_hash("phone", phone)[:32])
    if (cache.get(key) or 0) >= FAILED_CODES_LIMIT:
        raise ValidationError({"sms_code": _("Too many wrong codes for this number. Please wait 15 minutes and "
                                             "request a new code.")})
    if not (code.isdigit() and len(code) == 6 and SmsCode.consume(phone, code, purpose=SMS_PURPOSE)):
        _count(key, VERIFY_WINDOW)
        raise ValidationError({"sms_code": _("The SMS code is wrong or has expired. Request a new code and try "
                                             "again.")})
    cache.delete(key)
    return True


# --- the applicant's side ------------------------------------------------------------------

def _check_union(union):
    if union is None:
        raise ValidationError({"union": _("Choose the union you want to join.")})
    if not union.is_active or union.kind not in JOINABLE_KINDS:
        raise ValidationError({"union": _("%(name)s does not take members directly; choose a grassroots, "
                                          "industry or joint union.") % {"name": union.name}})


def _already_member_error(member, phone):
    """Where the person already belongs, and that a transfer is the way. The union and member
    number are named only to the holder of the phone on the member record: an ID number alone
    should not tell a stranger where someone works."""
    if member.phone and member.phone == phone:
        message = _("You are already a member of %(union)s (member number %(number)s). You need not join again: "
                    "to move to another union, ask either union for a transfer.") % {
            "union": member.union.name, "number": member.number}
    else:
        message = _("This ID number already belongs to a member of a union in the city. You need not join "
                    "again: to move to another union, ask the union you chose for a transfer; it can "
                    "find your membership by your ID number.")
    return ValidationError({"id_number": ValidationError(message, code="already_member")})


def _pending_error():
    return ValidationError({"id_number": ValidationError(
        _("An application for this ID number is already waiting for review. Check its status, or withdraw it "
          "before applying again."), code="pending")})


@transaction.atomic
def apply(*, union, name, id_number, phone, doc_type="resident_id", employer_name="", gig_platform="",
          is_gig_worker=False, job=""):
    """A worker applies to join `union`. The caller has verified `phone` (verify_code).
    Refused: a union that does not take members, a person already in good standing (told
    where, and that a transfer is the way), and a second pending application."""
    _check_union(union)
    name = services._clean_name(name)
    doc = services._identity(doc_type, id_number)
    phone = _phone(phone)
    employer_name, gig_platform, job = ((v or "").strip() for v in (employer_name, gig_platform, job))
    if len(employer_name) > 120:
        raise ValidationError({"employer_name": _("The employer or platform is too long (at most 120 characters).")})
    if len(gig_platform) > 60:
        raise ValidationError({"gig_platform": _("The platform is too long (at most 60 characters).")})
    if len(job) > 60:
        raise ValidationError({"job": _("The job is too long (at most 60 characters).")})
    member = services.existing_member(doc)
    if member is not None and member.status in IN_GOOD_STANDING:
        raise _already_member_error(member, phone)
    if JoinApplication.objects.filter(id_index=lookup_hash("id", doc.number), state=State.PENDING).exists():
        raise _pending_error()
    recent = JoinApplication.objects.filter(phone_index=lookup_hash("phone", phone),
                                            created_at__gte=timezone.now() - timedelta(days=1))
    if recent.count() >= APPLICATIONS_PER_PHONE_DAY:
        raise ValidationError(_("Too many applications from this phone today. Please try again tomorrow."))
    application = JoinApplication(
        union=union, name=name, doc_type=doc.type, id_number=doc.number, phone=phone, employer_name=employer_name,
        gig_platform=gig_platform, is_gig_worker=bool(is_gig_worker or gig_platform), job=job)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same person applied at the same moment
        raise _pending_error() from None
    # The union answers within the rulebook's members.join_review_days (a stored deadline).
    track(application, kind="join_review", started_on=timezone.localdate(application.created_at),
          rule="members.join_review_days", union=application.union,
          title=_("Join application of %(name)s") % {"name": application.name},
          url=reverse("members:join_detail", args=[application.pk]))
    audit.record("join_apply", obj=application, actor_label=mask("phone", phone),
                 changes=audit.diff({}, audit.snapshot(application)) | {"id_number": ["", "(sealed)"],
                                                                       "phone": ["", "(sealed)"]})
    return application


def phone_key(phone):
    """The keyed hash a verified phone is remembered by (the session never holds the number)."""
    return lookup_hash("phone", _phone(phone))


def applications_of(key):
    """The applications made with the phone of this key, newest first: what the applicant sees."""
    return JoinApplication.objects.filter(phone_index=key).select_related("union", "member")


@transaction.atomic
def withdraw(application, *, phone_key):
    """The applicant withdraws a waiting application, proven by the phone they applied with."""
    application = JoinApplication.objects.select_for_update().get(pk=application.pk)
    if not phone_key or application.phone_index != phone_key:
        raise ValidationError(_("Only the applicant can withdraw this application."))
    if application.state != State.PENDING:
        raise ValidationError(_("This application has already been decided."))
    application.state, application.decided_at = State.WITHDRAWN, timezone.now()
    application.save(update_fields=["state", "decided_at"])
    close(application, "join_review")
    audit.record("join_withdrawn", obj=application, actor_label=str(application.phone),
                 changes={"state": [State.PENDING, State.WITHDRAWN]})
    return application


# --- the union's side ----------------------------------------------------------------------

def _locked(application, acting_user):
    application = JoinApplication.objects.select_for_update(of=("self",)).select_related("union").get(
        pk=application.pk)
    require(acting_user, "members.add_member", application.union, obj=application)
    if application.state != State.PENDING:
        raise ValidationError(_("This application has already been decided."))
    return application


def member_account(member, phone):
    """The member's sign-in account: linked when a member account with this phone exists and
    belongs to nobody else, created (SMS sign-in only, no password) when none does. A staff
    account with the number is left alone. Returns the account or None."""
    if member.user_id:
        return member.user
    existing = User.by_phone(phone).first()
    if existing is not None:
        if existing.kind != User.Kind.MEMBER or hasattr(existing, "member"):
            return None
        user = existing
    else:
        username = f"m{member.number}"
        if User.objects.filter(username=username).exists():
            username = f"m{member.number}-{member.pk}"
        user = User(username=username, kind=User.Kind.MEMBER, full_name=member.name, phone=phone)
        user.set_unusable_password()
        user.save()
    Member.objects.filter(pk=member.pk).update(user=user)
    member.user = user
    return user


@transaction.atomic
def accept(application, *, acting_user, reason=""):
    """Enrol the applicant in the chosen union (a join event) and give them a member account."""
    application = _locked(application, acting_user)
    phone = application.phone.reveal()
    member = services.add_member(
        acting_user=acting_user, union=application.union, name=application.name, doc_type=application.doc_type,
        id_number=application.id_number.reveal(), phone=phone, employer_name=application.employer_name,
        gig_platform=application.gig_platform, is_gig_worker=application.is_gig_worker, job=application.job)
    account = member_account(member, phone)
    application.state, application.member = State.ACCEPTED, member
    application.reason = (reason or "").strip()[:300]
    application.decided_by, application.decided_at = acting_user, timezone.now()
    application.save(update_fields=["state", "member", "reason", "decided_by", "decided_at"])
    close(application, "join_review")
    audit.record("join_accepted", actor=acting_user, obj=application, reason=application.reason,
                 changes={"state": [State.PENDING, State.ACCEPTED], "member": [None, member.number],
                          "account": [None, account.username if account else None]})
    from django.urls import reverse

    notify(member, kind="join_decided", obj=application, acting_user=acting_user,
           title=_("Welcome: you have joined %(union)s") % {"union": application.union.name},
           body=_("Your member number is %(number)s.") % {"number": member.number}, url=reverse("members:card"))
    return application


@transaction.atomic
def reject(application, *, acting_user, reason):
    """Refuse the application; the applicant sees the reason, so it is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the reason for rejecting; the applicant will see it.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("The reason is too long (at most 300 characters).")})
    application = _locked(application, acting_user)
    application.state, application.reason = State.REJECTED, reason
    application.decided_by, application.decided_at = acting_user, timezone.now()
    application.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    close(application, "join_review")
    audit.record("join_rejected", actor=acting_user, obj=application, reason=reason,
                 changes={"state": [State.PENDING, State.REJECTED]})
    # An applicant who already has a member account (they left before) is told in it; one
    # without an account reads the answer on the status page, as before.
    account = User.by_phone(application.phone.reveal()).filter(kind=User.Kind.MEMBER).first()
    if account is not None:
        notify(account, kind="join_decided", obj=application, acting_user=acting_user,
               title=_("Your application to join %(union)s was not accepted") % {"union": application.union.name},
               body=reason)
    return application


def standing_elsewhere(application):
    """For the reviewer: the member record this applicant already has in good standing, if any
    (the person may have joined since applying). Found by the same keyed hash of the ID number."""
    member = Member.objects.select_related("union", "last_event").filter(id_index=application.id_index).first()
    return member if member is not None and member.status in IN_GOOD_STANDING else None
