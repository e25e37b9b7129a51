import base64
import binascii
import hmac

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from gonghui.core import audit, crypto
from gonghui.core.fields import SealedField

BATCH = 2000


def sealed_models():
    """(model, [its SealedFields]) for every installed model that has one."""
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, SealedField)]
        if fields and not model._meta.proxy and model._meta.managed:
            yield model, fields


def _old_key(text):
    text = text.strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        try:
            key = base64.b64decode(text.translate(str.maketrans("-_", "+/")) + "=" * (-len(text) % 4), validate=True)
        except (binascii.Error, ValueError):
            raise CommandError("--lookup-from-old takes the old LOOKUP_KEY as 64 hex digits (or base64).") from None
    if len(key) != crypto.KEY_BYTES:
        raise CommandError(f"--lookup-from-old: the old key must be {crypto.KEY_BYTES} bytes.")
    return key


class Command(BaseCommand):
    help = (
        "Re-seal every encrypted field (ID numbers, phones) with the current key, the first of "
        "GONGHUI_FIELD_KEYS. To rotate: put a new key first and keep the old ones after it, run this, "
        "then drop the old keys. Works in batches of 2,000 rows, each committed on its own, so an "
        "interrupted run can simply be started again.\n"
        "With --lookup-from-old OLDKEY it also recomputes every look-up hash: configure the NEW "
        "GONGHUI_LOOKUP_KEY first, then pass the old one here (until this finishes, look-ups of rows "
        "not yet done fail)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--lookup-from-old", metavar="KEYHEX",
                            help="the previous LOOKUP_KEY (hex): recompute every look-up hash with the new one")

    def handle(self, *args, lookup_from_old=None, **options):
        current = crypto.current_key_id()
        old_lookup = _old_key(lookup_from_old) if lookup_from_old else None
        if old_lookup is not None and hmac.compare_digest(old_lookup, crypto.lookup_key()):
            raise CommandError("--lookup-from-old is the LOOKUP_KEY still configured: set the new GONGHUI_LOOKUP_KEY "
                               "first, then pass the old key here.")
        resealed, reindexed = {}, {}
        for model, fields in sealed_models():
            label = model._meta.label
            resealed[label] = self._reseal(model, fields, current)
            line = f"{label}: {resealed[label]} rows re-sealed with {current}"
            if old_lookup is not None and any(f.index for f in fields):
                reindexed[label] = self._reindex(model, [f for f in fields if f.index], old_lookup)
                line += f", {reindexed[label]['rewritten']} look-up hashes recomputed"
                if reindexed[label]["unexpected"]:
                    line += f" ({reindexed[label]['unexpected']} matched neither the old nor the new key)"
            self.stdout.write(line)
        changes = {"current_key": current, "resealed": resealed}
        if old_lookup is not None:
            changes["lookup_recomputed"] = reindexed
        audit.record("rotate_keys", actor_label="system", changes=changes)
        self.stdout.write(self.style.SUCCESS(f"done: {sum(resealed.values())} rows re-sealed"))

    def _reseal(self, model, fields, current):
        """Rows with a token under another key, until none is left; each batch its own transaction."""
        stale = Q()
        for f in fields:
            stale |= Q(**{f"{f.name}__isnull": False}) & ~Q(**{f"{f.name}__sealed_with": current})
        names = [f.name for f in fields]
        columns = ["pk", *names, *(f.index for f in fields if f.index)]
        total = 0
        manager = model._base_manager
        while True:
            with transaction.atomic():
                # Locked (PostgreSQL; SQLite's IMMEDIATE transaction locks the whole file), so an edit
                # made meanwhile is not overwritten with the old value.
                batch = list(manager.filter(stale).order_by("pk").only(*columns).select_for_update()[:BATCH])
                if not batch:
                    return total
                for obj in batch:
                    for f in fields:
                        value = getattr(obj, f.attname)
                        if value is None or value.key_id == current:
                            continue
                        try:
                            plain = value.reveal()
                        except crypto.SealError as e:
                            raise CommandError(f"{model._meta.label} #{obj.pk} {f.name}: {e}") from None
                        setattr(obj, f.attname, crypto.Sealed.wrap(plain, f.kind))
                manager.bulk_update(batch, names)
                total += len(batch)

    def _reindex(self, model, fields, old_key):
        """Every look-up hash from the plaintext with the new LOOKUP_KEY, in keyset-paged batches.
        Rows already done (hash under the new key) are skipped, so a rerun is cheap."""
        done, rewritten, unexpected, last_pk = 0, 0, 0, None
        present = Q()
        for f in fields:
            present |= Q(**{f"{f.name}__isnull": False})
        tails = [f.tail_index for f in fields if f.tail_index]  # "the last four" hashes: the same key
        columns = ["pk", *(f.name for f in fields), *(f.index for f in fields), *tails]
        manager = model._base_manager
        while True:
            with transaction.atomic():
                rows = manager.filter(present).order_by("pk").only(*columns).select_for_update()
                if last_pk is not None:
                    rows = rows.filter(pk__gt=last_pk)
                batch = list(rows[:BATCH])
                if not batch:
                    return {"checked": done, "rewritten": rewritten, "unexpected": unexpected}
                changed = []
                for obj in batch:
                    dirty = False
                    for f in fields:
                        value = getattr(obj, f.attname)
                        stored = getattr(obj, f.index)
                        if value is None:
                            if stored is not None:
                                setattr(obj, f.index, None)
                                dirty = True
                            continue
                        plain = value.reveal()
                        if f.tail_index and getattr(obj, f.tail_index) != crypto.tail_hash(f.kind, plain):
                            setattr(obj, f.tail_index, crypto.tail_hash(f.kind, plain))
                            dirty = True
                        new = crypto.lookup_hash(f.kind, plain)
                        if stored == new:
                            continue
                        if stored is not None and stored != crypto.lookup_hash(f.kind, plain, key=old_key):
                            unexpected += 1
                        setattr(obj, f.index, new)
                        dirty = True
                    if dirty:
                        changed.append(obj)
                if changed:
                    manager.bulk_update(changed, [f.index for f in fields] + tails)
                rewritten += len(changed)
                done += len(batch)
                last_pk = batch[-1].pk
