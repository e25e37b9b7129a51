"""Paper-member clean-up (纸上会员清理, issue 3): finding members who are on a roster but not
real, and clearing them in audited bulk actions.

Four kinds of suspects, always within the user's subtree and among members in good standing:

- ``duplicate``: the same name, date of birth and sex twice or more in the subtree. The ID
  number cannot be the duplicate key: ``id_index`` is unique, so one number is never on two
  rows. The same person under two document types (an ID card and a residence permit, say)
  shows up here; documents that carry no date of birth (passports, travel permits) cannot be
  compared this way, and are caught by the next kind when their number is really an ID card.
- ``invalid_id``: sealed numbers that fail today's rules for their document type (imported
  before validation), or a resident ID number recorded under another document type. The
  numbers are opened in blocks of ``BLOCK`` rows; only a code saying what is wrong leaves this
  module, never the number. Verdicts are cached per block and computed again when a row of
  the block changes (or the day changes: the age rules depend on it).
- ``union_closed``: members of unions that were revoked or merged into another.
- ``inactive``: no membership event and no sign-in of the linked account for N months.
  There are no union dues records yet; a dues module adds its own evidence of activity with
  ``register_activity`` and the kind takes it into account without other changes.

The bulk actions (remove, transfer, merge) check every member before anything is written,
then write all of them in one transaction: a refused member stops the whole action with a
message naming them. Every member touched gets a ``cleanup`` entry in the audit trail, with
the action, the kind of suspect and the reason; the report counts those entries.
"""

import calendar
import datetime
import hashlib
from collections import defaultdict

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F, Max, Q, Sum, Window
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, dates
from gonghui.core.access import can, get_object, has_perm_anywhere, refuse, scope, subtree_q
from gonghui.core.crypto import SealError
from gonghui.core.models import AuditEntry
from gonghui.orgs.choices import UnionStatus

from . import services, transfers
from .identity import DocumentType, clean_document
from .models import IN_GOOD_STANDING, EventKind, Member, Status, TransferRequest

AUDIT_ACTION = "cleanup"
DEFAULT_MONTHS = 12
MAX_MONTHS = 120
MAX_MEMBERS = 500  # per action: one transaction, one audit entry per member
BLOCK = 5000  # rows opened together when ID numbers are checked again
CACHE_PREFIX = "cleanup"  # of every cache key written here


class SuspectKind(models.TextChoices):
    DUPLICATE = "duplicate", gettext_lazy("Likely duplicates")
    INVALID_ID = "invalid_id", gettext_lazy("Invalid ID numbers")
    UNION_CLOSED = "union_closed", gettext_lazy("Union revoked or merged")
    INACTIVE = "inactive", gettext_lazy("No activity")


class Action(models.TextChoices):
    REMOVE = "remove", gettext_lazy("Remove from the roster")
    TRANSFER = "transfer", gettext_lazy("Transfer")
    MERGE = "merge", gettext_lazy("Merge duplicates")


# What is wrong with an ID number, by the code of clean_document's error (never the number).
PROBLEMS = {
    "document_type": gettext_lazy("unknown document type"),
    "document_required": gettext_lazy("no number recorded"),
    "document_length": gettext_lazy("wrong length"),
    "document_format": gettext_lazy("characters not allowed for this document"),
    "document_prefix": gettext_lazy("region or prefix not valid for this document type"),
    "document_birth_date": gettext_lazy("the date of birth in the number is not a real date"),
    "document_birth_future": gettext_lazy("the date of birth in the number is in the future"),
    "document_birth_too_old": gettext_lazy("the date of birth in the number is more than 120 years ago"),
    "document_checksum": gettext_lazy("wrong check digit"),
    "wrong_type": gettext_lazy("a resident ID number recorded under another document type"),
    "unreadable": gettext_lazy("cannot be decrypted (its key is missing from the key ring)"),
}


# --- activity --------------------------------------------------------------------------------

def _events_since(cutoff_date, cutoff_at):
    return Q(last_event__on__gte=cutoff_date)


def _logins_since(cutoff_date, cutoff_at):
    return Q(user__last_login__gte=cutoff_at)


# Each source gives the filter for members who showed activity since the cutoff. A dues
# module (there is none yet: no dues are recorded) registers "paid dues since" here.
ACTIVITY_SOURCES = [_events_since, _logins_since]


def register_activity(source):
    """Add `source(cutoff_date, cutoff_datetime) -> Q` as evidence that a member is active."""
    if source not in ACTIVITY_SOURCES:
        ACTIVITY_SOURCES.append(source)
    return source


def months_before(day, months):
    """The same day `months` earlier (the month's last day when it is shorter)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return day.replace(year=y, month=m + 1, day=min(day.day, calendar.monthrange(y, m + 1)[1]))


def clean_months(months):
    try:
        months = int(months if months not in (None, "") else DEFAULT_MONTHS)
    except (TypeError, ValueError):
        months = 0
    if not 1 <= months <= MAX_MONTHS:
        raise ValidationError({"months": _("Months without activity must be a whole number from 1 to %(max)s.")
                               % {"max": MAX_MONTHS}})
    return months


# --- ID numbers checked again ----------------------------------------------------------------

GB11643_TYPES = (DocumentType.RESIDENT_ID, DocumentType.HMT_RESIDENCE, DocumentType.FOREIGN_PERMANENT)
VERDICTS_FOR = 7 * 24 * 3600  # seconds a block's verdicts are kept when nothing in it changes


def id_problem(doc_type, number, today):
    """None for a number that passes today's rules, else a code of PROBLEMS."""
    try:
        clean_document(doc_type, number, today=today)
    except ValidationError as e:
        return e.code if e.code in PROBLEMS else "document_format"
    if doc_type not in GB11643_TYPES and len(number) == 18:
        try:
            clean_document(DocumentType.RESIDENT_ID, number, today=today)
        except ValidationError:
            return None
        return "wrong_type"
    return None


def _scan_block(block, today):
    """{pk: problem} for the rows of one block (every row of it, whatever the caller sees:
    only the codes are kept, never a number)."""
    out = {}
    rows = (Member.objects.filter(pk__gte=block * BLOCK, pk__lt=(block + 1) * BLOCK)
            .values_list("pk", "doc_type", "id_number"))
    for pk, doc_type, sealed in rows.iterator(chunk_size=BLOCK):
        try:
            number = sealed.reveal() if sealed is not None else ""
        except SealError:
            out[pk] = "unreadable"
            continue
        problem = id_problem(doc_type, number, today)
        if problem:
            out[pk] = problem
    return out


def id_problems(queryset):
    """{pk: problem code} for the members of `queryset` whose ID number fails today's rules.

    Opening a sealed number costs about 35 µs, so the work goes block by block over the
    primary key, and a block's verdicts are cached under its row count, sum of keys and
    latest change: only blocks that changed are opened again. (The verdicts are kept for a
    week at most; the two rules that depend on the day, a birth date in the future and an age
    over 120, change a verdict only on the day the number itself says.)
    """
    blocks = set(queryset.order_by().annotate(block=F("pk") / BLOCK).values_list("block", flat=True).distinct())
    if not blocks:
        return {}
    in_blocks = Q(pk__in=[])
    for b in sorted(blocks):
        in_blocks |= Q(pk__gte=b * BLOCK, pk__lt=(b + 1) * BLOCK)
    prints = (Member.objects.filter(in_blocks).annotate(block=F("pk") / BLOCK).values("block")
              .annotate(n=Count("pk"), keys=Sum("pk"), last=Max("updated_at")).order_by())
    keys = {p["block"]: f"{CACHE_PREFIX}:ids:{p['block']}:{p['n']}:{p['keys']}:{p['last'].isoformat()}"
            for p in prints}
    cached = cache.get_many(list(keys.values()))
    today = timezone.localdate()
    problems, fresh = {}, {}
    for block, key in keys.items():
        verdicts = cached.get(key)
        if verdicts is None:
            verdicts = fresh[key] = _scan_block(block, today)
        problems.update(verdicts)
    if fresh:
        cache.set_many(fresh, timeout=VERDICTS_FOR)
    if not problems:
        return {}
    wanted = set(queryset.filter(pk__in=list(problems)).values_list("pk", flat=True))
    return {pk: code for pk, code in problems.items() if pk in wanted}


# --- suspects --------------------------------------------------------------------------------

def base(user, under=None):
    """Members in good standing the user may see, within `under` (a union) when given."""
    qs = Member.objects.restrict(user, "view").in_good_standing()
    if under is not None:
        qs = qs.filter(subtree_q("union_path", under.path))
    return qs


def clean_kind(kind):
    if kind not in SuspectKind.values:
        raise ValidationError({"kind": _("Choose what to look for: %(choices)s.")
                               % {"choices": "、".join(str(label) for label in SuspectKind.labels)}})
    return kind


def fingerprint():
    """A key that changes whenever anything a duplicate or ID verdict depends on changes: a
    member added, removed or edited (updated_at), any membership event (event ids only grow),
    a union moved, merged or revoked. One pass over the member table (tens of milliseconds at
    300,000 rows) instead of recomputing the suspects."""
    from gonghui.orgs.models import Union

    m = Member.objects.order_by().aggregate(n=Count("pk"), top=Max("pk"), changed=Max("updated_at"),
                                            event=Max("last_event_id"))
    tree = hashlib.sha256(repr(list(Union.objects.order_by("pk").values_list("pk", "path", "status")))
                          .encode()).hexdigest()[:16]
    changed = m["changed"].isoformat() if m["changed"] else ""
    return f"{m['n']}:{m['top']}:{changed}:{m['event']}:{tree}"


class Finder:
    """The suspects one user sees (within `under`, when given): one object per request, so the
    fingerprint and the cached findings are read once for the tabs, the counts and the table."""

    def __init__(self, user, *, months=DEFAULT_MONTHS, under=None):
        self.user, self.under, self.months = user, under, clean_months(months)
        self.base = base(user, under)

    @cached_property
    def _key(self):
        s = scope(self.user, "members.view_member")
        where = repr((s.subtrees, s.nodes, self.under.path if self.under is not None else ""))
        return f"{fingerprint()}:{hashlib.sha256(where.encode()).hexdigest()[:16]}"

    def _cached(self, name, compute):
        key = f"{CACHE_PREFIX}:{name}:{self._key}"
        found = cache.get(key)
        if found is None:
            found = compute()
            cache.set(key, found, timeout=VERDICTS_FOR)
        return found

    @cached_property
    def twins(self):
        """{pk: how many members share the name, birth date and sex} for likely duplicates. The
        database groups by name, birth year and sex (the date is sealed); the few members who
        share those have their dates opened here to keep the real twins."""
        def compute():
            window = Window(Count("pk"), partition_by=[F("name"), F("birth_year"), F("sex")])
            rows = (self.base.filter(birth_year__isnull=False).annotate(twins=window).filter(twins__gt=1)
                    .order_by().values_list("pk", "name", "sex", "birth_date"))
            groups = defaultdict(list)
            for pk, name, sex, born in rows:
                groups[(name, sex, born.reveal() if born else None)].append(pk)
            return {pk: len(pks) for pks in groups.values() if len(pks) > 1 for pk in pks}

        return self._cached("twins", compute)

    @cached_property
    def problems(self):
        """{pk: problem code} for invalid ID numbers."""
        return self._cached("ids", lambda: id_problems(self.base))

    @cached_property
    def cutoff(self):
        day = months_before(timezone.localdate(), self.months)
        return day, timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    def suspects(self, kind):
        """The suspects of one kind as a queryset of members (twins next to each other)."""
        kind = clean_kind(kind)
        qs = self.base.select_related("union", "last_event", "user")
        if kind == SuspectKind.DUPLICATE:
            return qs.filter(pk__in=list(self.twins)).order_by("name", "birth_year", "sex", "number")
        if kind == SuspectKind.INVALID_ID:
            return qs.filter(pk__in=list(self.problems)).order_by("union_path", "number")
        if kind == SuspectKind.UNION_CLOSED:
            return (qs.filter(union__status__in=(UnionStatus.REVOKED, UnionStatus.MERGED))
                    .select_related("union__merged_into").order_by("union_path", "number"))
        active = Q(pk__in=[])
        for source in ACTIVITY_SOURCES:
            active |= source(*self.cutoff)
        return qs.exclude(active).order_by("union_path", "number")

    @cached_property
    def counts(self):
        """{kind: number of suspects}."""
        return {SuspectKind.DUPLICATE: len(self.twins), SuspectKind.INVALID_ID: len(self.problems),
                SuspectKind.UNION_CLOSED: self.suspects(SuspectKind.UNION_CLOSED).count(),
                SuspectKind.INACTIVE: self.suspects(SuspectKind.INACTIVE).count()}

    def detail(self, kind, member):
        """Why a member is listed, in words (never the ID number)."""
        if kind == SuspectKind.INVALID_ID:
            return str(PROBLEMS.get(self.problems.get(member.pk), ""))
        if kind == SuspectKind.DUPLICATE:
            return _("%(n)s members with this name, date of birth and sex") % {"n": self.twins.get(member.pk, 2)}
        if kind == SuspectKind.UNION_CLOSED:
            union = member.union
            if union.status == UnionStatus.MERGED and union.merged_into_id:
                return _("%(union)s was merged into %(into)s") % {"union": union.name,
                                                                   "into": union.merged_into.name}
            return _("%(union)s was revoked") % {"union": union.name}
        last_login = member.user.last_login if member.user_id and member.user else None
        on = member.last_event.on if member.last_event_id else None
        return _("last membership event %(on)s; last sign-in %(login)s") % {
            "on": dates.show(on) if on else "—",
            "login": dates.show(last_login, with_time=False) if last_login else _("never")}


def suspects(user, kind, *, months=DEFAULT_MONTHS, under=None):
    """Shortcut: the suspects of one kind for `user` (see Finder)."""
    return Finder(user, months=months, under=under).suspects(kind)


def counts(user, *, months=DEFAULT_MONTHS, under=None):
    """Shortcut: {kind: number of suspects} for `user`."""
    return Finder(user, months=months, under=under).counts


# --- bulk actions ----------------------------------------------------------------------------

def _label(member):
    return _("%(name)s (member number %(number)s)") % {"name": member.name, "number": member.number}


def _fetch(user, member_ids):
    """The chosen members, each visible to the user; the first one that is missing or outside
    their subtree answers 404 (recorded like any refused look-up), so ids cannot be probed."""
    try:
        ids = list(dict.fromkeys(int(i) for i in member_ids))
    except (TypeError, ValueError):
        raise ValidationError({"member_ids": _("Choose members from the list.")}) from None
    if not ids:
        raise ValidationError({"member_ids": _("Choose at least one member.")})
    if len(ids) > MAX_MEMBERS:
        raise ValidationError({"member_ids": _("At most %(max)s members can be cleared at a time; you chose "
                                               "%(n)s.") % {"max": MAX_MEMBERS, "n": len(ids)}})
    found = {m.pk: m for m in Member.objects.restrict(user, "view").select_related("union", "last_event", "user")
             .filter(pk__in=ids)}
    for pk in ids:
        if pk not in found:
            get_object(user, Member, pk=pk)  # raises 404 and records the refusal
    return [found[pk] for pk in ids]


def _nothing_done(message):
    return ValidationError(_("%(problem)s Nothing was done.") % {"problem": message})


def _check_member(user, member, perm="members.change_member"):
    if not can(user, perm, member.union):
        audit.record_refusal(user, member, perm)
        raise _nothing_done(_("You may not change %(member)s of %(union)s.") % {
            "member": _label(member), "union": member.union.name})
    if member.status not in IN_GOOD_STANDING:
        raise _nothing_done(_("%(member)s is no longer on the roster (%(status)s).") % {
            "member": _label(member), "status": Status(member.status).label})


def _same_person(a, b):
    return a.name == b.name and (a.birth_date is None or b.birth_date is None or a.birth_date == b.birth_date)


def _record(user, member, *, action, kind, reason, cleared, union=None, **changes):
    audit.record(AUDIT_ACTION, actor=user, obj=member, union=union or member.union, reason=reason,
                 changes={"action": action, "kind": kind, "cleared": cleared, **changes})


def clean_up(*, acting_user, action, kind, member_ids, reason, to_union=None, keep_id=None):
    """Clear the chosen suspects: remove them (a leave event), transfer them to `to_union`
    (through the transfer service; the user needs the rights on both sides), or merge
    duplicates into the member `keep_id` (the others leave, pointing to the kept member).

    Every member is checked first; then all are written in one transaction, or none.
    Returns the members cleared.
    """
    user = acting_user
    if not has_perm_anywhere(user, "members.change_member"):
        refuse(user, None, "members.change_member")
    if action not in Action.values:
        raise ValidationError({"action": _("Choose remove, transfer or merge.")})
    kind = clean_kind(kind)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the reason for the clean-up.")})
    if len(reason) > 200:
        raise ValidationError({"reason": _("The reason is too long (at most 200 characters).")})
    members = _fetch(user, member_ids)
    for member in members:
        _check_member(user, member)
    prefix = _("Paper member clean-up")
    if action == Action.TRANSFER:
        _check_transfer(user, members, to_union)
    keep = None
    if action == Action.MERGE:
        keep = _check_merge(members, keep_id)
    with transaction.atomic():
        # Lock the rows, then check their status again: another clerk may have acted meanwhile.
        locked = dict(Member.objects.select_for_update().filter(pk__in=[m.pk for m in members]).order_by("pk")
                      .values_list("pk", "last_event_id"))
        for member in members:
            if locked[member.pk] != member.last_event_id:
                raise _nothing_done(_("%(member)s was changed by someone else meanwhile; reload the list.")
                                    % {"member": _label(member)})
        if action == Action.REMOVE:
            cleared = members
            for member in members:
                _run(member, services.record_event, member, acting_user=user, kind=EventKind.LEAVE,
                     reason=f"{prefix}：{reason}")
                _record(user, member, action=action, kind=kind, reason=reason, cleared=True)
        elif action == Action.TRANSFER:
            cleared = members
            for member in members:
                source = member.union
                done = _run(member, transfers.request_transfer_out, member, acting_user=user, to_union=to_union,
                            reason=f"{prefix}：{reason}")
                if done.state != TransferRequest.State.ACCEPTED:  # cannot happen: both sides were checked
                    raise _nothing_done(_("The transfer of %(member)s was not accepted.") % {"member": _label(member)})
                _record(user, member, action=action, kind=kind, reason=reason, cleared=True, union=source,
                        to_union=to_union.name)
        else:
            cleared = [m for m in members if m.pk != keep.pk]
            for member in cleared:
                why = _("%(prefix)s: merged into %(kept)s: %(reason)s") % {
                    "prefix": prefix, "kept": _label(keep), "reason": reason}
                _run(member, services.record_event, member, acting_user=user, kind=EventKind.LEAVE, reason=why[:300])
                moved = {}
                if member.user_id and not keep.user_id:  # the person's login follows the kept record
                    user_id = member.user_id
                    Member.objects.filter(pk=member.pk).update(user=None)
                    Member.objects.filter(pk=keep.pk).update(user_id=user_id)
                    keep.user_id, member.user_id = user_id, None
                    moved = {"account_moved_to": keep.number}
                _record(user, member, action=action, kind=kind, reason=reason, cleared=True, kept=keep.number,
                        **moved)
            _record(user, keep, action=action, kind=kind, reason=reason, cleared=False,
                    merged=[m.number for m in cleared])
    return cleared


def _run(member, func, *args, **kwargs):
    """A service call for one member; its refusal names the member and undoes the action."""
    try:
        return func(*args, **kwargs)
    except ValidationError as e:
        raise _nothing_done(_("%(member)s: %(error)s") % {"member": _label(member), "error": " ".join(e.messages)}
                            ) from None


def _check_transfer(user, members, to_union):
    if to_union is None:
        raise ValidationError({"to_union": _("Choose the union to transfer to.")})
    if to_union.status != UnionStatus.ACTIVE:
        raise ValidationError({"to_union": _("%(name)s is not active.") % {"name": to_union.name}})
    if not can(user, "members.add_member", to_union):
        audit.record_refusal(user, to_union, "members.add_member")
        raise ValidationError({"to_union": _(
            "You may not add members to %(union)s: a clean-up transfer needs your rights on both sides. "
            "Ask that union from the transfers page instead. Nothing was done.") % {"union": to_union.name}})
    for member in members:
        if member.union_id == to_union.pk:
            raise _nothing_done(_("%(member)s already belongs to %(union)s.") % {
                "member": _label(member), "union": to_union.name})
        if TransferRequest.objects.filter(member=member, state=TransferRequest.State.PENDING).exists():
            raise _nothing_done(_("A transfer of %(member)s is already waiting for an answer.") % {
                "member": _label(member)})


def _check_merge(members, keep_id):
    if len(members) < 2:
        raise ValidationError({"member_ids": _("Choose two or more records of the same person to merge.")})
    keep = next((m for m in members if str(m.pk) == str(keep_id)), None)
    if keep is None:
        raise ValidationError({"keep_id": _("Choose which of the chosen records to keep.")})
    for member in members:
        if member is not keep and not _same_person(member, keep):
            raise _nothing_done(_("%(member)s does not look like the same person as %(kept)s (the name or the "
                                  "date of birth differs).") % {"member": _label(member), "kept": _label(keep)})
    return keep


# --- the report ------------------------------------------------------------------------------

def report(user, *, under=None, since=None, until=None):
    """What was cleared in the user's subtree, by month: rows of (month, {kind: n},
    {action: n}, total), newest first, read from the audit trail's clean-up entries."""
    entries = AuditEntry.objects.filter(action=AUDIT_ACTION, changes__cleared=True).filter(
        scope(user, "members.view_member").q("union_path"))
    if under is not None:
        entries = entries.filter(subtree_q("union_path", under.path))
    if since is not None:
        entries = entries.filter(at__date__gte=since)
    if until is not None:
        entries = entries.filter(at__date__lte=until)
    grouped = (entries.annotate(month=TruncMonth("at"), kind=KeyTextTransform("kind", "changes"),
                                act=KeyTextTransform("action", "changes"))
               .values("month", "kind", "act").annotate(n=Count("id")).order_by())
    months = {}
    for g in grouped:
        month = timezone.localtime(g["month"]).date() if isinstance(g["month"], datetime.datetime) else g["month"]
        row = months.setdefault(month, {"kinds": dict.fromkeys(SuspectKind.values, 0),
                                        "actions": dict.fromkeys(Action.values, 0), "total": 0})
        if g["kind"] in row["kinds"]:
            row["kinds"][g["kind"]] += g["n"]
        if g["act"] in row["actions"]:
            row["actions"][g["act"]] += g["n"]
        row["total"] += g["n"]
    return [{"month": m, **months[m]} for m in sorted(months, reverse=True)]
