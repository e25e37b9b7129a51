"""Sending notices: `notify` writes one outbox row in the caller's transaction and enqueues its
delivery after commit; `deliver` (the task's work) writes one inbox row per recipient in bulk
and sends the SMS; `sweep` re-enqueues what a crash left undelivered; `send_digests` writes
each day's summary for those who chose the digest. Reading and choosing channels are here too.

Recipients are described, not listed, when they are many: `MembersUnder(union)` is every
member in good standing of a subtree, resolved by the task in one INSERT … SELECT, so a change
that notifies ten thousand members writes one row in its own transaction.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import subtree_q

from . import kinds
from .kinds import Channel
from .models import DigestRun, Notice, Outbox, Preference
from .queries import mine, unread_count  # noqa: F401 - part of the service API

log = logging.getLogger("gonghui.notices")

MAX_ATTEMPTS = 5  # after this many failed deliveries an outbox row waits for the operator (last_error)
SWEEP_AFTER = timedelta(minutes=5)  # an outbox row undelivered this long is enqueued again
# Member fields a description may filter on (the campaign's eligible groups).
MEMBER_LOOKUPS = {"is_model_worker", "is_migrant_worker", "is_gig_worker", "has_hardship_file", "job__contains"}


# --- recipients ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class MembersUnder:
    """Every member in good standing of `union`'s subtree; with `any_of` (dicts of member field
    lookups), only those matching one of them."""

    union: object
    any_of: tuple = ()

    def describe(self):
        for lookups in self.any_of:
            bad = set(lookups) - MEMBER_LOOKUPS
            if bad:
                raise ValueError(f"MembersUnder cannot filter on {sorted(bad)}")
        return {"members_under": self.union.path, "any_of": [dict(d) for d in self.any_of]}


@dataclass(frozen=True)
class StaffOf:
    """The staff holding a grant on `union` itself (optionally one giving `perm`)."""

    union: object
    perm: str = ""

    def describe(self):
        return {"staff_of": self.union.pk, "perm": self.perm}


def describe(recipients):
    """The JSON audience of `recipients`: users, members, querysets of either, MembersUnder,
    StaffOf, or a list of these. Users and members named one by one are listed by id (a
    queryset is read here: pass a description for a large group)."""
    from gonghui.accounts.models import User
    from gonghui.members.models import Member

    if recipients is None:
        return []
    if isinstance(recipients, MembersUnder | StaffOf):
        return [recipients.describe()]
    if isinstance(recipients, dict):  # an audience part already described ({"users": [ids]} ...)
        return [recipients] if any(recipients.values()) else []
    if isinstance(recipients, User):
        return [{"users": [recipients.pk]}]
    if isinstance(recipients, Member):
        return [{"members": [recipients.pk]}]
    if isinstance(recipients, models.QuerySet):
        if recipients.model is Member:
            return [{"members": list(recipients.order_by().values_list("pk", flat=True))}]
        return [{"users": list(recipients.order_by().values_list("pk", flat=True))}]
    out, users, members = [], [], []
    for r in recipients:
        if isinstance(r, User):
            users.append(r.pk)
        elif isinstance(r, Member):
            members.append(r.pk)
        else:
            out.extend(describe(r))
    if users:
        out.insert(0, {"users": sorted(set(users))})
    if members:
        out.insert(0, {"members": sorted(set(members))})
    return [part for part in out if any(v for k, v in part.items() if k != "any_of" and k != "perm")]


# --- sending -------------------------------------------------------------------------------------

def notify(recipients, *, kind, title, body="", url="", obj=None, key=None, acting_user=None):
    """Write the outbox row of one notice in the caller's transaction; delivery follows its commit.

    Returns the outbox row, or None when there is nobody to tell or `key` was used before (a
    producer that may run twice names its notices with a key)."""
    kind = kinds.get(kind)
    audience = describe(recipients)
    if not audience:
        return None
    values = {"kind": kind.code, "title": str(title)[:200], "body": str(body or ""), "url": str(url or "")[:300],
              "audience": audience, "key": key, "created_by": acting_user if getattr(acting_user, "pk", None) else None}
    if obj is not None:
        values |= {"object_type": obj._meta.label_lower, "object_id": str(obj.pk)}
    if key is not None:
        if Outbox.objects.filter(key=key).exists():
            return None
        try:
            with transaction.atomic():
                outbox = Outbox.objects.create(**values)
        except IntegrityError:  # another run wrote the same key meanwhile
            return None
    else:
        outbox = Outbox.objects.create(**values)
    transaction.on_commit(lambda: enqueue(outbox.pk))
    return outbox


def enqueue(outbox_id):
    """Hand one outbox row to the task queue. A broker that is down loses nothing: the row stays
    undelivered and the sweep enqueues it again."""
    from .tasks import deliver

    try:
        deliver.delay(outbox_id)
    except Exception:  # noqa: BLE001 - the sweep retries; the change has committed already
        log.exception("could not enqueue notice outbox row %s", outbox_id)


def _channel_expr(kind):
    if kind.must_not_miss:
        return Value(Channel.SMS.value, output_field=models.CharField())
    chosen = Preference.objects.filter(user_id=OuterRef("user_id"), kind=kind.code).values("channel")[:1]
    return Coalesce(Subquery(chosen), Value(str(kind.channel)), output_field=models.CharField())


def _insert_members(outbox, kind, members, now):
    """One INSERT … SELECT of the members' inbox rows (each once: ON CONFLICT DO NOTHING)."""
    rows = members.order_by().annotate(
        n_outbox=Value(outbox.pk, output_field=models.BigIntegerField()), n_user=F("user_id"), n_member=F("pk"),
        n_kind=Value(kind.code, output_field=models.CharField()), n_channel=_channel_expr(kind),
        n_created=Value(now, output_field=models.DateTimeField()),
    ).values_list("n_outbox", "n_user", "n_member", "n_kind", "n_channel", "n_created")
    inner, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(Notice._meta.db_table)
    cols = "outbox_id, user_id, member_id, kind, channel, created_at"
    sql = (f"INSERT INTO {table} ({cols}) SELECT src.n_outbox, src.n_user, src.n_member, src.n_kind, "  # noqa: S608
           f"src.n_channel, src.n_created FROM ({inner}) src WHERE 1 = 1 ON CONFLICT DO NOTHING")  # the ORM's SQL
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _insert_users(outbox, kind, user_ids, now):
    if not user_ids:
        return
    chosen = {} if kind.must_not_miss else dict(
        Preference.objects.filter(kind=kind.code, user_id__in=user_ids).values_list("user_id", "channel"))
    default = Channel.SMS if kind.must_not_miss else kind.channel
    Notice.objects.bulk_create(
        [Notice(outbox=outbox, user_id=u, kind=kind.code, channel=chosen.get(u, default), created_at=now)
         for u in user_ids], ignore_conflicts=True, batch_size=1000)


def _staff_ids(part):
    from gonghui.accounts.models import Grant

    grants = Grant.objects.filter(union_id=part["staff_of"], union__status="active", user__is_active=True)
    if part.get("perm"):
        app, codename = part["perm"].split(".", 1)
        grants = grants.filter(role__permissions__content_type__app_label=app, role__permissions__codename=codename)
    return sorted(set(grants.values_list("user_id", flat=True)))


def _fan_out(outbox, kind, part, now):
    from gonghui.members.models import Member

    if "users" in part:
        _insert_users(outbox, kind, part["users"], now)
    elif "staff_of" in part:
        _insert_users(outbox, kind, _staff_ids(part), now)
    elif "members" in part:
        for i in range(0, len(part["members"]), 500):
            _insert_members(outbox, kind, Member.objects.filter(pk__in=part["members"][i:i + 500]), now)
    elif "members_under" in part:
        members = Member.objects.filter(subtree_q("union_path", part["members_under"])).in_good_standing()
        if part.get("any_of"):
            q = Q(pk__in=[])
            for lookups in part["any_of"]:
                q |= Q(**{k: v for k, v in lookups.items() if k in MEMBER_LOOKUPS})
            members = members.filter(q)
        _insert_members(outbox, kind, members, now)
    else:
        raise ValueError(f"Unknown audience part {part!r}")


def deliver(outbox_id):
    """Fan one outbox row out into inbox rows, then send its SMS. Idempotent: rows are unique per
    outbox row and recipient, and an SMS is marked sent, so a retried delivery adds nothing."""
    outbox = Outbox.objects.filter(pk=outbox_id).first()
    if outbox is None or outbox.delivered_at is not None:
        return 0
    Outbox.objects.filter(pk=outbox.pk).update(attempts=F("attempts") + 1)
    kind = kinds.get(outbox.kind)
    try:
        with transaction.atomic():
            for part in outbox.audience:
                _fan_out(outbox, kind, part, outbox.created_at)
        _send_sms(outbox)
    except Exception as exc:
        Outbox.objects.filter(pk=outbox.pk).update(last_error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    count = Notice.objects.filter(outbox=outbox).count()
    Outbox.objects.filter(pk=outbox.pk).update(delivered_at=timezone.now(), delivered_count=count, last_error="")
    return count


def sms_text(title, body=""):
    signature = _("Union notice")
    text = f"【{signature}】{title}"
    if body:
        text += f"：{body}"
    return text[:200]


def _phone(notice):
    for who in (notice.user, notice.member):
        phone = getattr(who, "phone", None) if who is not None else None
        if phone:
            return phone.reveal() if hasattr(phone, "reveal") else str(phone)
    return None


def _send_sms(outbox):
    from gonghui.accounts import sms

    pending = (Notice.objects.filter(outbox=outbox, channel=Channel.SMS, sms_sent_at__isnull=True)
               .select_related("user", "member").order_by("pk"))
    text = sms_text(outbox.title, outbox.body)
    for notice in pending.iterator(chunk_size=500):
        phone = _phone(notice)
        if phone:
            sms.send(phone, text)
        Notice.objects.filter(pk=notice.pk).update(sms_sent_at=timezone.now())


def sweep(now=None):
    """Enqueue again every outbox row still undelivered after SWEEP_AFTER (a worker died, the
    broker was down). Rows that failed MAX_ATTEMPTS times wait for the operator."""
    now = now or timezone.now()
    ids = list(Outbox.objects.filter(delivered_at__isnull=True, created_at__lt=now - SWEEP_AFTER,
                                     attempts__lt=MAX_ATTEMPTS).order_by("pk").values_list("pk", flat=True))
    for pk in ids:
        enqueue(pk)
    return len(ids)


# --- the daily digest ----------------------------------------------------------------------------

def send_digests(now=None):
    """One summary per user with notices waiting for their digest: an inbox notice (and an SMS,
    the digest kind's channel) listing them by kind. Once per user and day (DigestRun)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    waiting = Notice.objects.filter(channel=Channel.DIGEST, digested_at__isnull=True, user__isnull=False,
                                    created_at__lte=now)
    sent = 0
    for user_id in waiting.order_by().values_list("user_id", flat=True).distinct():
        with transaction.atomic():
            run, created = DigestRun.objects.get_or_create(user_id=user_id, day=day)
            if not created:
                continue
            mine = list(waiting.filter(user_id=user_id).select_related("outbox").order_by("pk"))
            if not mine:
                continue
            by_kind = {}
            for n in mine:
                by_kind.setdefault(n.kind, []).append(n)
            lines = [f"{kinds.get(k).label}：{len(ns)}" for k, ns in by_kind.items()]
            title = _("%(n)d new notices today") % {"n": len(mine)}
            notify({"users": [user_id]}, kind="digest", title=title, body="；".join(lines),
                   url=reverse("notices:inbox"), key=f"digest:{user_id}:{day.isoformat()}")
            Notice.objects.filter(pk__in=[n.pk for n in mine]).update(digested_at=now)
            DigestRun.objects.filter(pk=run.pk).update(count=len(mine))
            sent += 1
    return sent


# --- reading -------------------------------------------------------------------------------------

def get_mine(user, pk):
    """The user's own notice, or 404 (another person's notice is "not found" too)."""
    notice = mine(user).select_related("outbox").filter(pk=pk).first()
    if notice is None:
        raise Http404(_("Not found."))
    return notice


def mark_read(user, pk):
    notice = get_mine(user, pk)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def mark_all_read(user, kind=None):
    qs = mine(user).filter(read_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.update(read_at=timezone.now())


# --- preferences ---------------------------------------------------------------------------------

def channel_for(user, kind_code):
    kind = kinds.get(kind_code)
    if kind.must_not_miss:
        return Channel.SMS
    row = Preference.objects.filter(user=user, kind=kind.code).first()
    return row.channel if row else kind.channel


@transaction.atomic
def set_preferences(user, choices):
    """Save the user's channel per kind ({kind code: channel}); refuse unknown kinds and channels,
    and turning SMS off for what must not be missed, naming the kind; nothing is saved then."""
    errors = {}
    clean = {}
    for code, channel in choices.items():
        kind = kinds.KINDS.get(code)
        if kind is None or not kind.configurable:
            errors[code] = _("Unknown notice kind: %(kind)s.") % {"kind": code}
        elif channel not in Channel.values:
            errors[code] = _("%(kind)s: choose inbox only, inbox and SMS, or daily digest.") % {"kind": kind.label}
        elif channel not in kind.choices:
            errors[code] = _("%(kind)s must not be missed: it is always sent by SMS as well.") % {"kind": kind.label}
        else:
            clean[code] = channel
    if errors:
        raise ValidationError(errors)
    before = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
    for code, channel in clean.items():
        if channel == kinds.get(code).channel:
            Preference.objects.filter(user=user, kind=code).delete()
        else:
            Preference.objects.update_or_create(user=user, kind=code, defaults={"channel": channel})
    after = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
    if after != before:
        audit.record("update", actor=user, obj=user, changes={"notice_preferences": [before, after]})
    return after
