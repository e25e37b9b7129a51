"""The restore drill: a city → backup → restore into an empty database → the same rows, an intact
audit chain, sealed values that open, attachments that read back."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from gonghui.accounts.models import User
from gonghui.core import audit, backup

from ..factories import build_city, user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def operator_key(tmp_path):
    secret, public = backup.new_identity()
    path = tmp_path / "operator.key"
    path.write_text(secret)
    return path, public


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database of the same kind as the test database; its DATABASE_URL."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{db['NAME']}_restored"
    params = {"host": db.get("HOST") or "127.0.0.1", "port": db.get("PORT") or 5432,
              "user": db.get("USER") or "postgres"}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{params['user']}@{params['host']}:{params['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def gonghui(database_url, tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGHUI_", "REDIS_URL"))}
    env.update(GONGHUI_ENV="test", DATABASE_URL=database_url, GONGHUI_VAR_DIR=str(tmp_path / "restored-var"),
               GONGHUI_MEDIA_ROOT=str(tmp_path / "restored-media"))
    return subprocess.run([sys.executable, "-m", "gonghui", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def test_backup_then_restore_into_an_empty_database(settings, tmp_path, operator_key, empty_database):
    identity, public = operator_key
    build_city()
    user("sealed", phone="13912345678")
    (Path(settings.MEDIA_ROOT) / "positions").mkdir(parents=True)
    (Path(settings.MEDIA_ROOT) / "positions" / "驿站.jpg").write_bytes(b"\xff\xd8 photo of the station")
    audit.anchor("test")
    made = backup.make(tmp_path / "backups", to=public)
    assert made.stat().st_mode & 0o777 == 0o600
    assert b"13912345678" not in made.read_bytes()  # encrypted: nothing readable without the identity

    r = gonghui(empty_database, tmp_path, "restore", str(made), "--identity", str(identity))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "counts match the manifest" in r.stdout
    users = User.objects.count()
    check = gonghui(empty_database, tmp_path, "shell", "--no-imports", "-c",
                    "from gonghui.accounts.models import User; "
                    "print(User.objects.count(), User.objects.get(username='sealed').phone.reveal())")
    assert check.stdout.split() == [str(users), "13912345678"], check.stderr
    verify = gonghui(empty_database, tmp_path, "audit_verify")
    assert verify.returncode == 0 and "intact" in verify.stdout, verify.stdout + verify.stderr
    assert (tmp_path / "restored-media" / "positions" / "驿站.jpg").read_bytes() == b"\xff\xd8 photo of the station"

    again = gonghui(empty_database, tmp_path, "restore", str(made), "--identity", str(identity))
    assert again.returncode != 0 and "not empty" in again.stderr


def test_a_wrong_identity_or_a_damaged_file_restores_nothing(tmp_path, operator_key, empty_database):
    _identity, public = operator_key
    build_city()
    made = backup.make(tmp_path / "backups", to=public)
    stranger = tmp_path / "stranger.key"
    stranger.write_text(backup.new_identity()[0])
    r = gonghui(empty_database, tmp_path, "restore", str(made), "--identity", str(stranger))
    assert r.returncode != 0 and "cannot decrypt" in r.stderr
    damaged = tmp_path / "damaged.tar.age"
    data = bytearray(made.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    r = gonghui(empty_database, tmp_path, "restore", str(damaged), "--identity", str(operator_key[0]))
    assert r.returncode != 0 and "cannot decrypt" in r.stderr
    tables = gonghui(empty_database, tmp_path, "shell", "--no-imports", "-c",
                     "from django.db import connection; print(len(connection.introspection.table_names()))")
    assert tables.stdout.strip() == "0"


def test_no_backup_without_the_operators_public_key(settings):
    settings.GONGHUI_BACKUP_RECIPIENTS = ""
    with pytest.raises(Exception, match="GONGHUI_BACKUP_RECIPIENTS is empty"):
        call_command("backup")
