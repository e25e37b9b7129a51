"""Backups an operator can restore: `gonghui backup` and `gonghui restore`.

A backup is one file, ``gonghui-<time>.tar.age``: a tar of the database (``pg_dump`` custom
format on PostgreSQL, an online copy of the file on SQLite), the uploaded files (MEDIA_ROOT), the
audit anchors and ``manifest.json`` (row counts per table, the migrations applied, a SHA-256 of
every member), encrypted with age to the operator's public keys (GONGHUI_BACKUP_RECIPIENTS). The
server can write backups but cannot read them back: restoring needs the operator's identity file.

Consistency: on PostgreSQL the row counts and the dump read one exported snapshot
(``pg_export_snapshot`` + ``pg_dump --snapshot``), so the manifest describes exactly what was
dumped. Files are copied after the dump, so every file a dumped row names is in the backup.

The field keys (GONGHUI_FIELD_KEYS, GONGHUI_LOOKUP_KEY) and the audit keys are NOT in the backup:
they are backed up apart (see the README), or the sealed values cannot be opened after a restore.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pyrage
from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from . import audit

FORMAT = 1


class BackupError(Exception):
    """What went wrong, in words for the operator (the command prints it)."""


def recipients(text=None):
    """The age public keys backups are encrypted to (GONGHUI_BACKUP_RECIPIENTS, comma-separated)."""
    text = settings.GONGHUI_BACKUP_RECIPIENTS if text is None else text
    keys = [k.strip() for k in text.split(",") if k.strip()]
    if not keys:
        raise BackupError("GONGHUI_BACKUP_RECIPIENTS is empty: set it to the operator's age public key(s) "
                          "(age1...); make a key pair with `gonghui backup --new-key`.")
    try:
        return [pyrage.x25519.Recipient.from_str(k) for k in keys]
    except pyrage.RecipientError as e:
        raise BackupError(f"GONGHUI_BACKUP_RECIPIENTS: not an age public key ({e}).") from None


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_conninfo(db):
    """psql-style arguments and environment for the database Django uses."""
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    return args, env


def _tool(name):
    """The full path of a PostgreSQL client program (Debian's postgresql-client)."""
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} is not installed: apt-get install postgresql-client")
    return path


def _tables(cursor):
    if connection.vendor == "postgresql":
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return [row[0] for row in cursor.fetchall()]


def _counts(cursor):
    counts = {}
    for table in _tables(cursor):
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names come from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def _dump_postgresql(target):
    """pg_dump of one exported snapshot; the counts read the same snapshot."""
    import psycopg

    db = connection.settings_dict
    args, env = _pg_conninfo(db)
    with psycopg.connect(host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432, dbname=db["NAME"],
                         user=db.get("USER") or "postgres", password=db.get("PASSWORD") or None) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        with conn.cursor() as cursor:
            counts = _counts(cursor)
        command = [_tool("pg_dump"), *args, "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                   "-f", str(target), db["NAME"]]
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 - our own arguments
        conn.execute("COMMIT")
    if result.returncode:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return counts


def _dump_sqlite(target):
    source = sqlite3.connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # SQLite's online backup: one consistent copy while others write
        counts = _counts(copy.cursor())
    finally:
        copy.close()
        source.close()
    return counts


def make(directory=None, *, to=None):
    """Write an encrypted backup into `directory` (default VAR_DIR/backups); return its path."""
    keys = recipients(to)
    directory = Path(directory or Path(settings.VAR_DIR) / "backups")
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    with tempfile.TemporaryDirectory(dir=directory, prefix=".work-") as work:
        work = Path(work)
        dump = work / ("db.dump" if connection.vendor == "postgresql" else "db.sqlite3")
        counts = _dump_postgresql(dump) if connection.vendor == "postgresql" else _dump_sqlite(dump)
        members = [dump]
        media = Path(settings.MEDIA_ROOT)
        if media.is_dir():
            shutil.copytree(media, work / "media")
            members += sorted(p for p in (work / "media").rglob("*") if p.is_file())
        if audit.anchor_path().is_file():
            shutil.copy2(audit.anchor_path(), work / "audit_anchors.log")
            members.append(work / "audit_anchors.log")
        manifest = {
            "format": FORMAT, "made_at": timezone.now().isoformat(), "vendor": connection.vendor,
            "migrations": sorted(f"{a}.{n}" for a, n in MigrationRecorder(connection).applied_migrations()),
            "counts": counts, "files": {str(p.relative_to(work)): _sha256(p) for p in members},
        }
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        archive = work / "backup.tar"
        with tarfile.open(archive, "w") as tar:
            tar.add(work / "manifest.json", "manifest.json")
            for p in members:
                tar.add(p, str(p.relative_to(work)))
        target = directory / f"gonghui-{stamp}.tar.age"
        pyrage.encrypt_file(str(archive), str(target), keys)
    target.chmod(0o600)
    return target


def _database_is_empty():
    with connection.cursor() as cursor:
        return not _tables(cursor)


def restore(path, identity_file):
    """Bring a backup back into an EMPTY database and MEDIA_ROOT; return the manifest.

    Refuses a database that has tables (a restore never merges into live data), a file whose
    checksums do not match its manifest, and ends by comparing every table's row count."""
    try:
        identities = [pyrage.x25519.Identity.from_str(line.strip()) for line in Path(identity_file).read_text()
                      .splitlines() if line.strip().startswith("AGE-SECRET-KEY-")]
    except (OSError, pyrage.IdentityError) as e:
        raise BackupError(f"cannot read the identity file {identity_file}: {e}") from None
    if not identities:
        raise BackupError(f"{identity_file} holds no age identity (a line AGE-SECRET-KEY-...).")
    if not _database_is_empty():
        raise BackupError("the database is not empty: restore only into a new, empty database.")
    with tempfile.TemporaryDirectory(prefix="gonghui-restore-") as work:
        work = Path(work)
        try:
            pyrage.decrypt_file(str(path), str(work / "backup.tar"), identities)
        except (pyrage.DecryptError, OSError) as e:  # a wrong identity, or a file damaged or cut short
            raise BackupError(f"cannot decrypt {path} with this identity, or the file is damaged: {e}") from None
        with tarfile.open(work / "backup.tar") as tar:
            tar.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text())
        for name, digest in manifest["files"].items():
            if _sha256(work / name) != digest:
                raise BackupError(f"{name} does not match its checksum in the manifest: the backup is damaged.")
        if manifest["vendor"] != connection.vendor:
            raise BackupError(f"this backup is of a {manifest['vendor']} database, not {connection.vendor}.")
        _restore_database(work)
        if (work / "media").is_dir():
            shutil.copytree(work / "media", settings.MEDIA_ROOT, dirs_exist_ok=True)
        if (work / "audit_anchors.log").is_file() and not audit.anchor_path().exists():
            audit.anchor_path().parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(work / "audit_anchors.log", audit.anchor_path())
    with connection.cursor() as cursor:
        counts = _counts(cursor)
    wrong = {t: (n, counts.get(t)) for t, n in manifest["counts"].items() if counts.get(t) != n}
    if wrong:
        raise BackupError(f"row counts differ after the restore (table: backup, now): {wrong}")
    return manifest


def _restore_database(work):
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        connection.close()
        args, env = _pg_conninfo(db)
        command = [_tool("pg_restore"), *args, "--no-owner", "--no-privileges", "--exit-on-error",
                   "-d", db["NAME"], str(work / "db.dump")]
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 - our own arguments
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    else:
        connection.close()
        source = sqlite3.connect(work / "db.sqlite3")
        target = sqlite3.connect(db["NAME"])
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()


def new_identity():
    """A new age key pair for the operator: (secret identity text, public recipient)."""
    identity = pyrage.x25519.Identity.generate()
    return f"# made {datetime.date.today().isoformat()} by gonghui backup --new-key\n{identity}\n", str(
        identity.to_public())
