"""The audit trail holds against someone who can write the database but not the server's
secrets (issue 14): each attack that `audit_verify` called "intact" is detected now."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone, translation

from gonghui.core import audit
from gonghui.core.models import AuditEntry

pg = connection.vendor == "postgresql"


def _write(sql, params=()):
    """Raw SQL as an attacker with the owner's rights (the trigger switched off on PostgreSQL)."""
    with connection.cursor() as c:
        if pg:
            c.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending trigger events before ALTER TABLE
            c.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
        c.execute(sql, params)
        if pg:
            c.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only")


@pytest.fixture
def trail(city):
    for i in range(6):
        audit.record("test", actor=city.users["city"], obj=city.county, changes={"i": [None, i]})
    audit.anchor()
    assert audit.verify()[1] is None
    return list(AuditEntry.objects.order_by("id"))


def _broken():
    with pytest.raises(CommandError, match="broken"):
        call_command("audit_verify")
    with translation.override("en"):
        return audit.verify()


def test_deleting_the_newest_entries_is_detected(trail):
    _write("DELETE FROM core_auditentry WHERE id >= %s", [trail[-2].id])
    _checked, broken, why = _broken()
    assert broken == trail[-1].id and "missing" in why


def test_truncate_is_detected(trail):
    with connection.cursor() as c:
        if pg:
            c.execute("SET CONSTRAINTS ALL IMMEDIATE")
        c.execute("TRUNCATE core_auditentry" if pg else "DELETE FROM core_auditentry")
    assert _broken()[1] == trail[-1].id


def test_an_emptied_table_is_detected(trail):
    _write("DELETE FROM core_auditentry")
    assert AuditEntry.objects.count() == 0
    _checked, broken, why = _broken()
    assert broken == trail[-1].id and "empty" in why


def test_a_changed_entry_re_chained_with_plain_sm3_is_detected(trail):
    """The old chain had no key: an attacker changed a row and recomputed every hash after it."""
    victim = trail[2]
    prev = victim.prev_hash
    for e in trail[2:]:
        e.prev_hash = prev
        if e.id == victim.id:
            e.reason = "nothing happened here"
        e.hash = audit.sm3(audit._payload(e))  # what the attacker can compute without the key
        _write("UPDATE core_auditentry SET reason = %s, prev_hash = %s, hash = %s WHERE id = %s",
               [e.reason, e.prev_hash, e.hash, e.id])
        prev = e.hash
    _checked, broken, why = _broken()
    assert broken == victim.id and "changed" in why


def test_a_purge_switch_delete_is_detected(trail):
    """`SET LOCAL gonghui.audit_purge = 'on'` then DELETE, as any writer could before."""
    with transaction.atomic(), connection.cursor() as c:
        if pg:
            c.execute("SET LOCAL gonghui.audit_purge = 'on'")
        c.execute("DELETE FROM core_auditentry WHERE id <= %s", [trail[1].id])
    _checked, broken, why = _broken()
    assert broken == trail[2].id and "purge" in why


def test_an_edited_anchor_file_is_detected(trail):
    path = audit.anchor_path()
    path.write_text(path.read_text().replace('"count":6', '"count":5'))
    assert _broken()[1] == 0


def test_an_unchanged_head_is_anchored_once(trail):
    before = audit.anchor_path().read_text()
    audit.anchor()
    assert audit.anchor_path().read_text() == before
    audit.record("test")
    audit.anchor()
    assert len(audit.anchor_path().read_text().splitlines()) == 2
    assert oct(audit.anchor_path().stat().st_mode & 0o777) == "0o600"


def _age(entries, days):
    """Make entries look old, re-sealed with the key (only a test may: it holds the key)."""
    prev = entries[0].prev_hash
    old = timezone.now() - timedelta(days=days)
    for e in AuditEntry.objects.order_by("id"):
        if e.id <= entries[-1].id:
            e.at = old
        e.prev_hash = prev
        e.hash = audit.entry_hash(e)
        _write("UPDATE core_auditentry SET at = %s, prev_hash = %s, hash = %s WHERE id = %s",
               [e.at, e.prev_hash, e.hash, e.id])
        prev = e.hash


def test_an_honest_purge_verifies_clean(trail, settings):
    settings.AUDIT_RETENTION_DAYS = 365
    _age(trail[:3], 400)
    audit.anchor()
    assert audit.verify()[1] is None
    result = audit.purge()
    assert result["removed"] == 3 and result["through_id"] == trail[2].id
    assert not AuditEntry.objects.filter(id__lte=trail[2].id).exists()
    checked, broken, why = audit.verify()
    assert (checked, broken) == (4, None), why
    last = audit.read_anchors()[-1]
    assert last["kind"] == "purge" and last["removed"] == 3 and last["count"] == 4
    call_command("audit_verify")


def test_a_purge_whose_anchor_was_never_written_still_verifies(trail, settings, monkeypatch):
    """A crash between the purge's commit and its anchor: the sealed purge entry explains the gap."""
    settings.AUDIT_RETENTION_DAYS = 365
    _age(trail[:2], 400)
    audit.anchor()
    monkeypatch.setattr(audit, "anchor", lambda *a, **k: None)
    audit.purge()
    assert audit.verify()[1] is None


def test_a_rotated_key_still_verifies_old_entries(trail, settings):
    old = dict(settings.AUDIT_KEYS)
    settings.AUDIT_KEYS = {"t2": bytes(range(100, 132)), **old}
    audit.record("test")
    audit.anchor()
    assert set(AuditEntry.objects.values_list("key_id", flat=True)) == {"t1", "t2"}
    assert audit.verify()[1] is None
    settings.AUDIT_KEYS = {"t2": bytes(range(100, 132))}  # the old key dropped too early
    assert audit.verify()[1] == 0  # the anchor file's first line is sealed with t1 too
    audit.anchor_path().unlink()
    with translation.override("en"):
        _checked, broken, why = audit.verify()
    assert broken == trail[0].id and "t1" in why
    settings.AUDIT_KEYS = {"t2": bytes(range(100, 132)), **old}
    assert audit.verify()[1] is None


def test_the_anchor_task_anchors(trail):
    from gonghui.core.tasks import anchor_audit

    audit.record("test")
    out = anchor_audit.delay().get()
    assert out == {"last_id": AuditEntry.objects.order_by("-id").first().id, "count": 7}


def _readme_grants(role):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = text.split("<!-- app-role-grants -->", 1)[1].split("```sql", 1)[1].split("```", 1)[0]
    return [s.strip().replace("gonghui_app", role) for s in block.split(";") if s.strip()]


@pytest.mark.postgres
@pytest.mark.skipif(not pg, reason="roles and triggers are PostgreSQL's")
def test_the_application_role_may_add_entries_and_nothing_else(trail):
    """The README's grants, applied to a role created in the test transaction (rolled back after)."""
    from django.db import DatabaseError

    role = f"{connection.settings_dict['NAME']}_app"[:60]
    with connection.cursor() as c:
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")
        c.execute(f'CREATE ROLE "{role}" NOLOGIN')
        for statement in _readme_grants(f'"{role}"'):
            c.execute(statement)

    def as_app(sql, params=()):
        with transaction.atomic(), connection.cursor() as c:
            c.execute(f'SET LOCAL ROLE "{role}"')
            c.execute(sql, params)

    target = trail[0].id
    attacks = {
        "update": "UPDATE core_auditentry SET reason = 'x' WHERE id = %s",
        "delete": "DELETE FROM core_auditentry WHERE id = %s",
        "truncate": "TRUNCATE core_auditentry",
        "disable trigger": "ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only",
        "purge switch": "SET LOCAL gonghui.audit_purge = 'on'; DELETE FROM core_auditentry WHERE id = %s",
        "purge function on young entries": "SELECT gonghui_audit_purge(%s)",
    }
    for name, sql in attacks.items():
        with pytest.raises(DatabaseError):
            as_app(sql, [target] if "%s" in sql else [])
            pytest.fail(f"the application role could {name}")
    # Even a DELETE granted by mistake opens nothing: the switch works only with the owner's rights.
    with connection.cursor() as c:
        c.execute(f'GRANT DELETE ON core_auditentry TO "{role}"')
    with pytest.raises(DatabaseError, match="append-only"):
        as_app("SET LOCAL gonghui.audit_purge = 'on'; DELETE FROM core_auditentry WHERE id = %s", [target])
    # What it may do: add entries.
    with transaction.atomic(), connection.cursor() as c:
        c.execute(f'SET LOCAL ROLE "{role}"')
        e = audit.record("test")
    assert AuditEntry.objects.filter(pk=e.pk).exists()
    assert AuditEntry.objects.count() == len(trail) + 1
    assert audit.verify()[1] is None
