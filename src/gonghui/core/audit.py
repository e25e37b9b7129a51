"""Writing and checking the audit trail.

Services call ``record`` inside their transaction, after the change, so the entry is
written exactly when the change commits. The chain is serialised: on PostgreSQL an
advisory lock held to the end of the transaction; on SQLite the IMMEDIATE write lock.
"""

import datetime
import decimal
import json
from contextvars import ContextVar

from cryptography.hazmat.primitives import hashes
from django.db import connection, models, transaction
from django.utils import timezone

from .crypto import Sealed
from .models import AuditEntry

GENESIS = "0" * 64
_CHAIN_LOCK = 0x67_6F_6E_67  # "gong": the advisory-lock key of the chain head

# The request's client address, set by RequestContextMiddleware; services need not pass it.
client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


def sm3(data: bytes) -> str:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize().hex()


def _jsonable(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Sealed):
        return value.masked  # sealed values reach the trail only masked
    return value


def snapshot(obj, fields=None):
    """Field values of `obj` as plain JSON values, for before/after records."""
    out = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        if f.name in getattr(obj, "audit_exclude", ()):
            continue
        out[f.name] = _jsonable(getattr(obj, f.attname))
    return out


def _blank(value):
    return value in (None, "", [], {})


def diff(before, after):
    """{field: [before, after]} for every field that changed (empty to empty is no change)."""
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys
            if before.get(k) != after.get(k) and not (_blank(before.get(k)) and _blank(after.get(k)))}


HIDDEN_IN_HISTORY = {"id", "path", "depth", "numchild"}


def history(obj, *, limit=50, without=()):
    """An object's own audit entries, newest first, each with its readable changes as `rows`
    (what the pages' history card shows); `without` leaves out actions such as "reveal"."""
    from .models import AuditEntry

    entries = list(AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
                   .exclude(action__in=without).order_by("-id")[:limit])
    for e in entries:
        e.rows = describe(e)
    return entries


def describe(entry):
    """An entry's changes as (field label, before, after) rows for people to read: model
    field names become their Chinese labels, tree bookkeeping is left out."""
    from django.apps import apps

    try:
        model = apps.get_model(entry.object_type) if "." in entry.object_type else None
    except LookupError:
        model = None
    labels = {}
    if model is not None:
        labels = {f.name: str(f.verbose_name) for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
    rows = []
    for field, values in sorted((entry.changes or {}).items()):
        if field in HIDDEN_IN_HISTORY:
            continue
        before, after = values if isinstance(values, list) and len(values) == 2 else (None, values)
        rows.append((labels.get(field, field), before, after))
    return rows


def _payload(e):
    return json.dumps(
        [e.at.isoformat(), e.actor_id, e.actor_label, e.ip, e.action, e.object_type, e.object_id,
         e.object_repr, e.union_path, e.changes, e.reason, e.prev_hash],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
    ).encode()


def entry_hash(e):
    return sm3(_payload(e))


def _lock_chain():
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])


def _union_path_of(obj):
    if obj is None:
        return ""
    if hasattr(obj, "path") and obj._meta.model_name == "union":
        return obj.path
    union = obj.scope_union() if hasattr(obj, "scope_union") else None
    return union.path if union is not None else ""


def record(action, *, actor=None, obj=None, changes=None, reason="", union=None,
           object_type="", object_id="", object_repr="", actor_label=""):
    """Append one entry to the chain. `union` scopes who may read it (defaults from `obj`)."""
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        e = AuditEntry(
            at=timezone.now(),
            actor=actor if actor is not None and actor.is_authenticated else None,
            actor_label=actor_label or (actor.get_username() if actor is not None and actor.is_authenticated
                                        else ""),
            ip=client_ip.get(),
            action=action,
            object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
            object_id=str(object_id or (obj.pk if obj is not None else "")),
            object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
            union_path=union.path if union is not None else _union_path_of(obj),
            changes=json.loads(json.dumps(changes or {}, default=_jsonable)),
            reason=reason,
            prev_hash=last or GENESIS,
        )
        e.at = e.at.replace(microsecond=e.at.microsecond)  # stored as given on every backend
        e.hash = entry_hash(e)
        e.save()
        return e


def record_refusal(user, obj, what):
    """A refused access (see access._refusal for when it is written)."""
    record("refused", actor=user, obj=obj if isinstance(obj, models.Model) else None,
           changes={"permission": str(what)})


def verify(chunk=5000):
    """Walk the chain; return (rows checked, first broken entry id or None, message)."""
    from .models import AuditEntry as E

    first = E.objects.order_by("id").first()
    if first is None:
        return 0, None, "empty"
    allowed_starts = {GENESIS} | set(
        E.objects.filter(action="purge").values_list("changes__last_removed_hash", flat=True)
    )
    if first.prev_hash not in allowed_starts:
        return 0, first.id, "the oldest entry does not follow the genesis or a recorded purge"
    prev = first.prev_hash
    n = 0
    for e in E.objects.order_by("id").iterator(chunk_size=chunk):
        if e.prev_hash != prev:
            return n, e.id, "the entry before this one was removed or changed"
        if entry_hash(e) != e.hash:
            return n, e.id, "this entry's content was changed"
        prev = e.hash
        n += 1
    return n, None, "ok"


def purge(dry_run=False):
    """Remove the entries older than the retention period (settings.AUDIT_RETENTION_DAYS). The
    removal is itself recorded with the last removed hash, so the chain still verifies; run
    again, it finds nothing more to remove. Returns what it did, as a sentence."""
    from django.conf import settings

    cutoff = timezone.now() - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    old = AuditEntry.objects.filter(at__lt=cutoff).order_by("-id")
    last = old.first()
    if last is None:
        return "nothing older than the retention period"
    n = old.count()
    if dry_run:
        return f"{n} entries older than {cutoff:%Y-%m-%d} would be removed"
    with transaction.atomic():
        with connection.cursor() as c:
            if connection.vendor == "postgresql":
                c.execute("SET LOCAL gonghui.audit_purge = 'on'")
            # The oldest rows only: everything up to the newest row past retention.
            c.execute("DELETE FROM core_auditentry WHERE id <= %s", [last.id])
        record("purge", actor_label="system", object_type="core.auditentry",
               changes={"removed": n, "removed_through_id": last.id, "last_removed_hash": last.hash,
                        "cutoff": cutoff.isoformat()})
    return f"removed {n} entries older than {cutoff:%Y-%m-%d}"
