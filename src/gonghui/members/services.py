"""Every write to the member registry, with its rules and its audit record.

Identity numbers and phones never reach the audit trail or a message in plain text: the
trail records that they changed, and reveals are recorded as their own action.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import require
from gonghui.core.crypto import lookup_hash
from gonghui.core.dates import not_in_future

from .identity import clean_document, clean_mobile
from .models import IN_GOOD_STANDING, EventKind, Member, MemberEvent, Status, status_of
from .search_keys import name_keys, simplified

# The model-worker tag is not among them: the honours registry derives it (honours.services).
OPTIONAL_FIELDS = ("ethnicity", "education", "political", "household", "employer", "employer_name", "job",
                   "gig_platform", "is_gig_worker", "is_migrant_worker", "joined_on",
                   "card_number")


def _clean_name(name):
    name = simplified((name or "").strip())
    if not name:
        raise ValidationError({"name": _("The name may not be empty.")})
    if len(name) > 60:
        raise ValidationError({"name": _("The name is too long (at most 60 characters).")})
    return name


def _identity(doc_type, id_number, field="id_number"):
    try:
        return clean_document(doc_type, id_number)
    except ValidationError as e:
        raise ValidationError({field: e.messages}) from None


def _phone(phone):
    if not phone:
        return ""
    try:
        return clean_mobile(phone)
    except ValidationError as e:
        raise ValidationError({"phone": e.messages}) from None


def existing_member(doc):
    """The member already holding this document, if any (by its keyed hash)."""
    return Member.objects.select_related("union", "last_event").filter(
        id_index=lookup_hash("id", doc.number)).first()


def _already_member_error(member):
    return ValidationError({"id_number": _(
        "This person is already a member of %(union)s (member number %(number)s). To move them here, "
        "start a transfer instead.") % {"union": member.union.name, "number": member.number}},
        code="already_member")


def _apply_identity(member, name, doc, phone):
    member.name = name
    member.name_pinyin, member.name_initials = name_keys(name)
    member.doc_type = doc.type
    member.id_number = doc.number  # sealed on save, with its look-up and tail hashes
    member.birth_year = doc.birth_date.year if doc.birth_date else None
    member.birth_date = doc.birth_date.isoformat() if doc.birth_date else None
    member.sex = doc.sex or ""
    member.phone = phone or None


def _event(member, kind, union, *, actor, from_union=None, on=None, reason=""):
    event = MemberEvent.objects.create(member=member, kind=kind, union=union, from_union=from_union,
                                       on=on or timezone.localdate(), reason=reason,
                                       actor=actor if actor is not None and actor.is_authenticated else None)
    member.last_event = event
    Member.objects.filter(pk=member.pk).update(last_event=event, union=union, union_path=union.path)
    member.union = union
    return event


def _number(member):
    """Member numbers: the union's county code and the row id, e.g. 430421000012345."""
    return f"{member.union.region_id[:6]}{member.pk:09d}"


@transaction.atomic
def add_member(*, acting_user, union, name, doc_type="resident_id", id_number, phone="", **optional):
    """Enrol a person in `union` (the user needs the add right there). Someone already in
    good standing elsewhere is refused with where they are; someone who left rejoins."""
    require(acting_user, "members.add_member", union)
    if not union.is_active:
        raise ValidationError({"union": _("%(name)s is not active; members cannot join it.") % {"name": union.name}})
    not_in_future(optional.get("joined_on"), field="joined_on", label=_("Joined on"))
    name, doc, phone = _clean_name(name), _identity(doc_type, id_number), _phone(phone)
    member = existing_member(doc)
    if member is not None and member.status in IN_GOOD_STANDING:
        raise _already_member_error(member)
    rejoin = member is not None
    if member is None:
        member = Member(union=union, number=f"tmp{uuid.uuid4().hex[:17]}")  # replaced once the id is known
    before = audit.snapshot(member) if rejoin else {}
    _apply_identity(member, name, doc, phone)
    member.union = union
    for k in OPTIONAL_FIELDS:
        if k in optional:
            setattr(member, k, optional[k])
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:  # the same document enrolled at the same moment elsewhere
        raise _already_member_error(existing_member(doc)) from None
    if not rejoin:
        member.number = _number(member)
        Member.objects.filter(pk=member.pk).update(number=member.number)
    _event(member, EventKind.JOIN, union, actor=acting_user, on=optional.get("joined_on"))
    audit.record("create" if not rejoin else "rejoin", actor=acting_user, obj=member,
                 changes=audit.diff(before, audit.snapshot(member)) | {"id_number": ["", "(sealed)"]})
    return member


@transaction.atomic
def update_member(member, *, acting_user, **data):
    require(acting_user, "members.change_member", member.union)
    not_in_future(data.get("joined_on"), field="joined_on", label=_("Joined on"))
    before = audit.snapshot(member)
    sealed_changed = []
    if {"name", "doc_type", "id_number", "phone"} & set(data):
        name = _clean_name(data.get("name", member.name))
        doc = _identity(data.get("doc_type", member.doc_type), data.get("id_number") or member.id_number.reveal())
        phone = _phone(data["phone"]) if "phone" in data else (member.phone.reveal() if member.phone else "")
        other = existing_member(doc)
        if other is not None and other.pk != member.pk:
            raise _already_member_error(other)
        if doc.number != member.id_number.reveal():
            sealed_changed.append("id_number")
        if phone != (member.phone.reveal() if member.phone else ""):
            sealed_changed.append("phone")
        _apply_identity(member, name, doc, phone)
    for k in OPTIONAL_FIELDS:
        if k in data:
            setattr(member, k, data[k])
    member.save()
    changes = audit.diff(before, audit.snapshot(member)) | {f: ["(sealed)", "(sealed)"] for f in sealed_changed}
    audit.record("update", actor=acting_user, obj=member, changes=changes)
    return member


# Which events may follow which status: a member who left or died has no further events
# except rejoining (add_member); retirement and unemployment keep 会籍.
ALLOWED = {
    EventKind.LEAVE: IN_GOOD_STANDING,
    EventKind.RETIRE: (Status.ACTIVE, Status.UNEMPLOYED, Status.HELD),
    EventKind.UNEMPLOYED: (Status.ACTIVE, Status.HELD),
    EventKind.EMPLOYER_CLOSED: (Status.ACTIVE,),
    EventKind.DEATH: IN_GOOD_STANDING,
}


@transaction.atomic
def record_event(member, *, acting_user, kind, reason="", on=None):
    """Leaving, retirement, unemployment, employer closed, death: each a recorded event.
    When the employer closes, the member is held by the union above theirs."""
    require(acting_user, "members.change_member", member.union)
    if kind not in ALLOWED:
        raise ValidationError({"kind": _("Choose what happened.")})
    if member.status not in ALLOWED[kind]:
        raise ValidationError({"kind": _("This cannot be recorded for a member whose status is %(status)s.")
                               % {"status": Status(member.status).label}})
    not_in_future(on, field="on", label=_("Date it happened"))
    union = member.union
    if kind == EventKind.EMPLOYER_CLOSED:
        from gonghui.orgs.models import Union

        union = Union.objects.get_parent(member.union) or member.union
    before = {"status": member.status, "union": member.union_id}
    _event(member, kind, union, actor=acting_user, from_union=member.union if union != member.union else None,
           on=on, reason=reason)
    audit.record(kind, actor=acting_user, obj=member, reason=reason,
                 changes=audit.diff(before, {"status": status_of(kind), "union": union.pk}))
    return member


def reveal(member, *, acting_user, field):
    """The full ID number, phone or birth date, for users holding the reveal right; every reveal
    is recorded (the birth date is masked beside the masked ID: gonghui.core.crypto's rule)."""
    require(acting_user, "members.reveal_member", member.union)
    if field not in ("id_number", "phone", "birth_date"):
        raise ValidationError(_("Nothing to reveal."))
    value = getattr(member, field)
    audit.record("reveal", actor=acting_user, obj=member, changes={"field": [None, field]})
    return value.reveal() if value else ""


def union_phone_for_member(member, *, acting_user):
    """The contact phone of a member's own union in full, for calling it from the member pages:
    masked until the member asks, and the asking is recorded like a staff reveal."""
    union = member.union
    audit.record("reveal", actor=acting_user, obj=union, changes={"field": [None, "contact_phone"]})
    return union.contact_phone.reveal() if union.contact_phone else ""
