"""DATABASE_REPLICA_URL against a real streaming replica (issue 19): a primary cluster and a
replica made from it by pg_basebackup, each on a port of its own, started by this test as the
`postgres` user. With replay on the replica paused (so it is known to lag), report pages read
the replica and show the old figure, while a clerk who just saved sees the change at once and a
task's reads move to the primary once it has written. Runs in the PostgreSQL pass."""

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.db import connection

import gonghui

ROOT = Path(gonghui.__file__).resolve().parent.parent.parent
BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1:] or [""]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(*args, **kw):
    """PostgreSQL's tools refuse to run as root: as root, run them as the postgres user."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *args], check=True, capture_output=True, text=True, timeout=300, **kw)  # noqa: S603


def _sql(port, sql):
    return _as_postgres(f"{BIN[0]}/psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d",
                        "postgres", "-Atc", sql).stdout.strip()


def _drill(phase, env):
    out = subprocess.run([sys.executable, str(ROOT / "tests/deploy/replica_drill.py"), phase], env=env,  # noqa: S603
                         cwd=str(ROOT), capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def clusters(db):
    if connection.vendor != "postgresql":
        pytest.skip("the replica drill runs in the PostgreSQL pass")
    if not BIN[0] or not Path(BIN[0], "pg_basebackup").exists():
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL's server tools (initdb, pg_basebackup) are missing")
        pytest.skip("PostgreSQL's server tools (initdb, pg_basebackup) are not installed")
    top = Path(tempfile.mkdtemp(prefix="gonghui-replica-"))
    top.chmod(0o755)
    shutil.chown(top, "postgres") if os.geteuid() == 0 else None
    primary, standby = top / "primary", top / "replica"
    ports = _free_port(), _free_port()
    opts = "-c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c port={} -c fsync=off"
    started = []
    try:
        _as_postgres(f"{BIN[0]}/initdb", "-D", str(primary), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                     "--locale=C.UTF-8")
        _as_postgres(f"{BIN[0]}/pg_ctl", "-D", str(primary), "-l", str(top / "primary.log"), "-w", "start",
                     "-o", opts.format(top, ports[0]))
        started.append(primary)
        _sql(ports[0], "CREATE DATABASE gonghui")
        yield top, primary, standby, ports, started
    finally:
        for data in reversed(started):
            subprocess.run(["runuser", "-u", "postgres", "--", f"{BIN[0]}/pg_ctl", "-D", str(data), "-m",  # noqa: S603,S607
                            "immediate", "stop"] if os.geteuid() == 0 else
                           [f"{BIN[0]}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(top, ignore_errors=True)


def test_reports_read_the_replica_and_a_clerk_sees_their_own_change(clusters, tmp_path):
    top, primary, standby, ports, started = clusters
    env = {**os.environ, "GONGHUI_ENV": "test", "GONGHUI_VAR_DIR": str(tmp_path), "DJANGO_ALLOWED_HOSTS": "testserver",
           "DATABASE_URL": f"postgres://postgres@127.0.0.1:{ports[0]}/gonghui",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("DATABASE_REPLICA_URL", None)
    env.pop("REDIS_URL", None)
    # The schema and the shipped rules as this test run's database holds them (faster than migrating)
    db = connection.settings_dict
    dump = subprocess.run([f"{BIN[0]}/pg_dump", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432),  # noqa: S603
                           "-U", db["USER"] or "postgres", "-d", db["NAME"], "--no-owner"],
                          check=True, capture_output=True, timeout=300).stdout
    _as_postgres(f"{BIN[0]}/psql", "-h", "127.0.0.1", "-p", str(ports[0]), "-U", "postgres", "-d", "gonghui", "-q",
                 "-v", "ON_ERROR_STOP=1", input=dump.decode())
    assert _drill("setup", env) == {"members": 3}
    _as_postgres(f"{BIN[0]}/pg_basebackup", "-h", "127.0.0.1", "-p", str(ports[0]), "-U", "postgres", "-D",
                 str(standby), "-R", "-X", "stream", "-c", "fast")  # spread: waits minutes for a checkpoint
    _as_postgres(f"{BIN[0]}/pg_ctl", "-D", str(standby), "-l", str(top / "replica.log"), "-w", "start",
                 "-o", f"-c listen_addresses=127.0.0.1 -c unix_socket_directories={top} -c port={ports[1]}")
    started.append(standby)
    assert _sql(ports[1], "SELECT pg_is_in_recovery()") == "t"
    _sql(ports[1], "SELECT pg_wal_replay_pause()")
    seen = _drill("lagging", env | {"DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{ports[1]}/gonghui"})
    assert seen["added_status"] == 302 and seen["pinned"], seen
    assert seen["primary"] == 4, seen  # the clerk enrolled a member
    assert seen["clerk_after"] == 4, seen  # the clerk who saved reads the primary: their change shows at once
    assert seen["other_before"] == 3 and seen["other_after"] == 3, seen  # the report read the lagging replica
    assert seen["task_before_write"] == 3 and seen["task_after_write"] == 4, seen  # after a write, the primary
    _sql(ports[1], "SELECT pg_wal_replay_resume()")
