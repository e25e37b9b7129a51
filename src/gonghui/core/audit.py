"""Writing and checking the audit trail.

Services call ``record`` inside their transaction, after the change, so the entry is
written exactly when the change commits. The chain is serialised: on PostgreSQL an
advisory lock held to the end of the transaction; on SQLite the IMMEDIATE write lock.
"""

import datetime
import decimal
import fcntl
import json
import os
from contextvars import ContextVar
from datetime import timedelta
from hmac import compare_digest
from pathlib import Path

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .crypto import KEY_ID, Sealed, _check_key
from .logs import request_id
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
        # keys a service records that are not fields (a round's count, a candidate added)
        labels |= {key: str(label) for key, label in getattr(model, "audit_labels", {}).items()}
    rows = []
    for field, values in sorted((entry.changes or {}).items()):
        if field in HIDDEN_IN_HISTORY:
            continue
        before, after = values if isinstance(values, list) and len(values) == 2 else (None, values)
        rows.append((labels.get(field, field), before, after))
    return rows


def _payload(e):
    fields = [e.at.isoformat(), e.actor_id, e.actor_label, e.ip, e.action, e.object_type, e.object_id,
              e.object_repr, e.union_path, e.changes, e.reason, e.prev_hash, e.key_id]
    if e.request_id:  # sealed when present; entries from before the field keep their seals
        fields.append(e.request_id)
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def key_ring():
    """settings.AUDIT_KEYS checked: an ordered {key id: 32 bytes}, the first one current."""
    ring = getattr(settings, "AUDIT_KEYS", None)
    if not ring:
        raise ImproperlyConfigured("AUDIT_KEYS is empty: configure GONGHUI_AUDIT_KEYS.")
    for key_id, key in ring.items():
        if not KEY_ID.match(key_id):
            raise ImproperlyConfigured(f"AUDIT_KEYS: the key id {key_id!r} must be 1-16 lower-case letters or digits.")
        _check_key(f"AUDIT_KEYS[{key_id!r}]", key)
    return ring


def current_key_id():
    return next(iter(key_ring()))


def mac(key_id, data: bytes) -> str:
    """HMAC-SM3 of `data` under the audit key `key_id` (KeyError for a key no longer configured)."""
    h = hmac.HMAC(key_ring()[key_id], hashes.SM3())
    h.update(data)
    return h.finalize().hex()


def entry_hash(e):
    """The entry's seal: HMAC-SM3 of its content and the previous seal, under the key it names.
    Without the key nobody can re-chain entries after changing one."""
    return mac(e.key_id, _payload(e))


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
            request_id=request_id.get(),
            action=action,
            object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
            object_id=str(object_id or (obj.pk if obj is not None else "")),
            object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
            union_path=union.path if union is not None else _union_path_of(obj),
            changes=json.loads(json.dumps(changes or {}, default=_jsonable)),
            reason=reason,
            prev_hash=last or GENESIS,
            key_id=current_key_id(),
        )
        e.at = e.at.replace(microsecond=e.at.microsecond)  # stored as given on every backend
        e.hash = entry_hash(e)
        e.save()
        return e


def record_refusal(user, obj, what):
    """A refused access (see access._refusal for when it is written)."""
    record("refused", actor=user, obj=obj if isinstance(obj, models.Model) else None,
           changes={"permission": str(what)})


# --- anchors: the chain's head kept outside the database ------------------------------------

class AnchorFileError(Exception):
    """The anchor file was edited: a line whose seal does not match, or a cut line."""


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE or Path(settings.VAR_DIR) / "audit_anchors.log")


def _line_mac(key_id, prev_mac, body):
    return mac(key_id, f"{prev_mac}\n{body}".encode())


def read_anchors(path=None):
    """Every anchor of the file, oldest first, each line's seal checked (it covers the line
    before, so a line cannot be edited, removed or reordered unnoticed)."""
    path = path or anchor_path()
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as f:
        return _parse_anchors(f)[0]


def _parse_anchors(f):
    """(records, the last line's seal) of an open anchor file."""
    out = []
    prev = GENESIS
    for n, line in enumerate(f, start=1):
        body, _sep, seal = line.rstrip("\n").rpartition(" ")
        try:
            rec = json.loads(body)
            ok = line.endswith("\n") and hmac_equal(_line_mac(rec["k"], prev, body), seal)
        except (ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            raise AnchorFileError(n)
        out.append(rec)
        prev = seal
    return out, prev


def hmac_equal(a, b):
    return compare_digest(a.encode(), b.encode())


def _head():
    """(last id, count, last hash) of the committed chain, read under the chain lock so no
    entry is half-way in."""
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
        count = AuditEntry.objects.count()
    return (last[0], count, last[1]) if last else (None, 0, None)


def anchor(kind="schedule", **extra):
    """Append the chain's head (last id, count, hash) to the anchor file; return the record.

    Scheduled every few minutes (task `gonghui.core.tasks.anchor_audit`) and written at every
    purge: rows lost after an anchor (the tail, a truncation, the whole table) are found by
    `verify`. A scheduled anchor of an unchanged head is not written again.
    """
    last_id, count, last_hash = _head()
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "r+", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # one writer at a time: each line seals the one before
        f.seek(0)
        anchors, prev_mac = _parse_anchors(f)
        prev = anchors[-1] if anchors else None
        if kind == "schedule" and not extra and prev is not None and \
                (prev["last_id"], prev["count"], prev["hash"]) == (last_id, count, last_hash):
            return prev
        rec = {"at": timezone.now().isoformat(), "kind": kind, "last_id": last_id, "count": count,
               "hash": last_hash, "k": current_key_id(), **extra}
        body = json.dumps(rec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        f.write(f"{body} {_line_mac(rec['k'], prev_mac, body)}\n")
        f.flush()
        os.fsync(f.fileno())
    return rec


# --- purge ------------------------------------------------------------------------------------

def purge(*, dry_run=False, now=None):
    """Remove entries older than settings.AUDIT_RETENTION_DAYS, the oldest first; the one way
    to shorten the trail (`gonghui audit_purge` and its scheduled task call it).

    The removal is itself an entry naming the last removed seal (the new oldest entry follows
    it), and the head after it is anchored, so an honest purge verifies clean. On PostgreSQL
    the rows go through `gonghui_audit_purge()`, the table owner's function; the application's
    role cannot delete from the table itself. Returns {"removed", "through_id", "cutoff"}.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    result = {"removed": 0, "through_id": None, "cutoff": cutoff.isoformat()}
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.filter(at__lt=cutoff).order_by("-id").values_list("id", "hash").first()
        if last is None:
            return result
        result.update(removed=AuditEntry.objects.filter(id__lte=last[0]).count(), through_id=last[0])
        if dry_run:
            return result
        with connection.cursor() as c:
            if connection.vendor == "postgresql":
                c.execute("SELECT gonghui_audit_purge(%s)", [last[0]])
            else:  # SQLite: no roles, no triggers; the chain and the anchors still tell
                c.execute("DELETE FROM core_auditentry WHERE id <= %s", [last[0]])
        entry = record("purge", actor_label="system", object_type="core.auditentry",
                       changes={"removed": result["removed"], "removed_through_id": last[0],
                                "last_removed_hash": last[1], "cutoff": result["cutoff"]})
    anchor("purge", purge_id=entry.id, removed=result["removed"], removed_through_id=last[0])
    return result


# --- verify -----------------------------------------------------------------------------------

def verify(chunk=5000):
    """Walk the chain and hold it against the last anchor.

    Returns (entries checked, the id of the first entry found wrong or None, why). An edited
    entry fails its seal (HMAC-SM3 under a key outside the database); a removed one breaks the
    chain; removed oldest entries need a sealed purge entry naming them; a removed tail, a
    truncation or an emptied table fall short of the last anchor. An anchor file that was
    edited answers id 0.
    """
    from .models import AuditEntry as E

    try:
        anchors = read_anchors()
    except AnchorFileError as exc:
        return 0, 0, _("the anchor file was edited at line %(n)d") % {"n": exc.args[0]}
    last_anchor = anchors[-1] if anchors else None
    ring = key_ring()
    first = E.objects.order_by("id").first()
    if first is None:
        if last_anchor and last_anchor["count"]:
            return 0, last_anchor["last_id"], _("the trail is empty but %(n)d entries were anchored") % {
                "n": last_anchor["count"]}
        return 0, None, _("empty")
    # A removed start is allowed only where a purge says so: a sealed purge entry (checked on
    # the walk below) or a purge anchor.
    purges = list(E.objects.filter(action="purge").values_list("id", "changes"))
    allowed_starts = {GENESIS} | {ch.get("last_removed_hash") for _id, ch in purges if isinstance(ch, dict)}
    if first.prev_hash not in allowed_starts:
        return 0, first.id, _("the oldest entries were removed without a recorded purge")
    expected = None
    if last_anchor and last_anchor["last_id"] is not None:
        later = [ch for pid, ch in purges if pid > last_anchor["last_id"] and isinstance(ch, dict)]
        if any((ch.get("removed_through_id") or 0) >= last_anchor["last_id"] for ch in later):
            last_anchor = None  # the anchored head itself was purged since, by a sealed purge
        else:
            expected = last_anchor["count"] - sum(int(ch.get("removed") or 0) for ch in later)
    prev = first.prev_hash
    n = 0
    anchored_seen = False
    for e in E.objects.order_by("id").iterator(chunk_size=chunk):
        if e.prev_hash != prev:
            return n, e.id, _("the entry before this one was removed or changed")
        if e.key_id not in ring:
            return n, e.id, _("this entry is sealed with key %(k)s, which is not configured") % {"k": e.key_id}
        if not hmac_equal(entry_hash(e), e.hash):
            return n, e.id, _("this entry's content was changed")
        prev = e.hash
        n += 1
        if last_anchor and e.id == last_anchor["last_id"]:
            anchored_seen = True
            if e.hash != last_anchor["hash"] or n != expected:
                return n, e.id, _("the trail up to this entry differs from its anchor of %(at)s") % {
                    "at": last_anchor["at"]}
    if last_anchor and not anchored_seen:
        return n, last_anchor["last_id"], _("entries anchored at %(at)s are missing (the newest ones were "
                                             "removed)") % {"at": last_anchor["at"]}
    return n, None, "ok"
