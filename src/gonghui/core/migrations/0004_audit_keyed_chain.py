"""The audit chain becomes keyed (HMAC-SM3 under settings.AUDIT_KEYS), and on PostgreSQL only
the table owner's purge function may delete from it.

Existing entries are checked against their unkeyed SM3 chain first, then re-sealed under the
current audit key; a chain already broken stops the migration (re-sealing it would bless the
tampering). The payload below is frozen here: version 1 of the keyed seal.

On PostgreSQL:
- the trigger lets a DELETE through only with `gonghui.audit_purge` on AND the table owner's
  rights, i.e. inside `gonghui_audit_purge()`; anyone may set the switch, it opens nothing;
- `gonghui_audit_purge(through_id)` (SECURITY DEFINER, owned by the migrating role) removes the
  oldest entries, never one younger than six months (网络安全法 第二十一条: network logs are kept
  no less than six months);
- UPDATE, DELETE and TRUNCATE on the table are revoked from every role but its owner.
"""

import json

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64

FUNCTIONS = """
CREATE OR REPLACE FUNCTION gonghui_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('gonghui.audit_purge', true) = 'on'
       AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION gonghui_audit_purge(through_id bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    removed bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM core_auditentry WHERE id <= through_id AND at > now() - interval '6 months') THEN
        RAISE EXCEPTION 'audit entries younger than six months are kept (网络安全法 第二十一条)';
    END IF;
    PERFORM set_config('gonghui.audit_purge', 'on', true);
    DELETE FROM core_auditentry WHERE id <= through_id;
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('gonghui.audit_purge', 'off', true);
    RETURN removed;
END;
$$;

DO $$
DECLARE
    grantee text;
BEGIN
    REVOKE UPDATE, DELETE, TRUNCATE ON core_auditentry FROM PUBLIC;
    FOR grantee IN
        SELECT DISTINCT g.grantee FROM information_schema.role_table_grants g
        WHERE g.table_name = 'core_auditentry' AND g.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
          AND g.grantee <> (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'core_auditentry'::regclass)
    LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON core_auditentry FROM %I', grantee);
    END LOOP;
END;
$$;
"""

OLD_FUNCTIONS = """
DROP FUNCTION IF EXISTS gonghui_audit_purge(bigint);
CREATE OR REPLACE FUNCTION gonghui_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('gonghui.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def _payload(e, keyed):
    row = [e.at.isoformat(), e.actor_id, e.actor_label, e.ip, e.action, e.object_type, e.object_id,
           e.object_repr, e.union_path, e.changes, e.reason, e.prev_hash]
    if keyed:
        row.append(e.key_id)
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def _sm3(data):
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize().hex()


def _hmac_sm3(key, data):
    h = hmac.HMAC(key, hashes.SM3())
    h.update(data)
    return h.finalize().hex()


def reseal(apps, schema_editor):
    Entry = apps.get_model("core", "AuditEntry")
    rows = Entry.objects.order_by("id")
    first = rows.first()
    if first is None:
        return
    starts = {GENESIS} | {c.get("last_removed_hash") for c in
                          Entry.objects.filter(action="purge").values_list("changes", flat=True)
                          if isinstance(c, dict)}
    if first.prev_hash not in starts:
        raise RuntimeError(f"The audit chain is broken at entry {first.id} (its oldest entries were removed): "
                           "refusing to re-seal it under the audit key. Keep a copy and investigate first.")
    key_id, key = next(iter(settings.AUDIT_KEYS.items()))
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as c:
        if vendor == "postgresql":
            c.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
        prev_old, prev_new = first.prev_hash, first.prev_hash
        for e in rows.iterator(chunk_size=2000):
            if e.prev_hash != prev_old or _sm3(_payload(e, False)) != e.hash:
                raise RuntimeError(f"The audit chain is broken at entry {e.id}: refusing to re-seal it under "
                                   "the audit key. Keep a copy and investigate first.")
            prev_old = e.hash
            e.prev_hash, e.key_id = prev_new, key_id
            e.hash = _hmac_sm3(key, _payload(e, True))
            c.execute("UPDATE core_auditentry SET prev_hash = %s, key_id = %s, hash = %s WHERE id = %s",
                      [e.prev_hash, e.key_id, e.hash, e.id])
            prev_new = e.hash
        if vendor == "postgresql":
            c.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only")


def forwards_sql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS, params=None)


def backwards_sql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD_FUNCTIONS, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_taskrun")]
    operations = [
        migrations.AddField(model_name="auditentry", name="key_id", field=models.CharField(default="", max_length=16)),
        migrations.RunPython(reseal, migrations.RunPython.noop),
        migrations.RunPython(forwards_sql, backwards_sql),
    ]
