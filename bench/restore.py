"""Restoring the demo city (issue 19): `gonghui restore` of a `gonghui backup` file, in minutes,
against `pg_restore` of the same dump alone. Prints figures and ratios; asserts nothing about
speed (a restore whose counts do not match its manifest fails, and the exit status says so).

1. The demo city (`gonghui demo --size BENCH_DEMO_SIZE`, 0.1 by default, about 30,000 members) is
   built once in its own database (gh_scale_city, nothing else written to it) and kept.
2. `gonghui backup` to a new age key; beside it, `pg_dump -Fc` of the same database alone.
3. The wipe: a new, empty database (gh_scale_city_restore, dropped and created again); `gonghui
   restore FILE --identity KEY` into it, run as an operator runs it (its own process: decrypt,
   check every checksum, pg_restore, files, every table's row count against the manifest).
4. The baseline: the dump inside that backup (the same bytes) restored into another empty
   database with `pg_restore` and the flags `gonghui restore` uses, nothing else.

    BENCH_RESTORE_URL=postgres://postgres@127.0.0.1:5432/gh_scale_city .venv/bin/python bench/restore.py
"""

import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
# Its own database, whatever DATABASE_URL says: tools/bench.sh runs every script on one database,
# and other scripts flush theirs. The demo city is built there once and kept.
# Not the database of bench/two_instances.py: that one gains its bench users and tokens.
SCALE_URL = os.environ.get("BENCH_RESTORE_URL", "postgres://postgres@127.0.0.1:5432/gh_scale_city")
SIZE = float(os.environ.get("BENCH_DEMO_SIZE", "0.1"))


def load():
    return "load " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def url_of(name):
    return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}"))


def fresh_database(name):
    """Drop `name` if it exists and create it empty (the wipe)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(url_of("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(name):
    import psycopg
    from psycopg import sql

    with psycopg.connect(url_of("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def timed(command, env=None):
    t0 = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - our own
    secs = time.perf_counter() - t0
    if result.returncode:
        raise SystemExit(f"{' '.join(map(str, command[:3]))} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return secs, result.stdout.strip()


def main():
    sys.path[:0] = [str(ROOT / "bench")]
    from common import start_django

    os.environ["DATABASE_URL"] = SCALE_URL
    start_django(SCALE_URL)
    from django.core.management import call_command
    from django.db import connection, connections

    from gonghui.core import backup
    from gonghui.members.models import Member
    from gonghui.orgs.models import Union

    source = os.environ["DATABASE_URL"].rsplit("/", 1)[-1]
    print(f"restore on {source}, {os.cpu_count()} CPUs, {load()}")
    if not Union.objects.exists():
        t0 = time.perf_counter()
        call_command("demo", size=SIZE, verbosity=0)
        print(f"demo city built (--size {SIZE:g}) in {time.perf_counter() - t0:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        db_bytes = cursor.fetchone()[0]
        cursor.execute("SELECT sum(n_live_tup) FROM pg_stat_user_tables")
        rows = cursor.fetchone()[0]
    print(f"city: {Member.objects.count():,} members, about {rows:,} rows, database {db_bytes / 2**20:,.0f} MB")
    connections.close_all()

    bin_dir = Path(sys.executable).parent
    work = Path(tempfile.mkdtemp(prefix="restore_bench_"))
    secret, public = backup.new_identity()
    identity = work / "operator.key"
    identity.write_text(secret)
    env = os.environ | {"GONGHUI_BACKUP_RECIPIENTS": public,
                        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    db = urlsplit(os.environ["DATABASE_URL"])
    pg = ["-h", db.hostname or "127.0.0.1", "-p", str(db.port or 5432), "-U", db.username or "postgres"]
    ok = True
    try:
        # 2. the backup, and pg_dump alone
        backup_secs, out = timed([str(bin_dir / "gonghui"), "backup", "--dir", str(work)], env)
        archive = next(work.glob("gonghui-*.tar.age"))
        dump_secs, _ = timed(["pg_dump", *pg, "-Fc", "--no-owner", "--no-privileges", "-f", str(work / "alone.dump"),
                              source])
        size = archive.stat().st_size / 2**20
        print(f"1. gonghui backup: {backup_secs / 60:.2f} min ({backup_secs:.0f} s, {size:,.0f} MB "
              f"encrypted); pg_dump -Fc alone: {dump_secs / 60:.2f} min ({dump_secs:.0f} s); ratio "
              f"{backup_secs / dump_secs:.2f}× [{load()}]")
        # the dump inside the backup, for the baseline (decrypting it is not timed)
        import pyrage

        pyrage.decrypt_file(str(archive), str(work / "backup.tar"), [pyrage.x25519.Identity.from_str(
            next(line for line in secret.splitlines() if line.startswith("AGE-SECRET-KEY-")))])
        with tarfile.open(work / "backup.tar") as tar:
            tar.extract("db.dump", work, filter="data")
        (work / "backup.tar").unlink()

        # 3. wipe, then gonghui restore as the operator runs it
        target = f"{source}_restore"
        fresh_database(target)
        restore_env = env | {"DATABASE_URL": url_of(target), "GONGHUI_VAR_DIR": str(work / "var")}
        restore_secs, out = timed([str(bin_dir / "gonghui"), "restore", str(archive), "--identity", str(identity)],
                                  restore_env)
        restore_load = load()
        # 4. pg_restore of the same dump alone, into another empty database
        alone = f"{source}_restore_alone"
        fresh_database(alone)
        alone_secs, _ = timed(["pg_restore", *pg, "--no-owner", "--no-privileges", "--exit-on-error", "-d", alone,
                               str(work / "db.dump")])
        print(f"2. gonghui restore: {restore_secs / 60:.2f} min ({restore_secs:.0f} s) [{restore_load}]: {out}")
        print(f"   pg_restore of the same dump alone: {alone_secs / 60:.2f} min ({alone_secs:.0f} s) [{load()}]")
        print(f"   ratio gonghui restore / pg_restore alone: {restore_secs / alone_secs:.2f}× (the rest: decrypting, "
              f"checksums, Django's start, counting every table)")
        drop_database(alone)
        drop_database(target)
    except SystemExit as e:
        print(e)
        ok = False
    finally:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
