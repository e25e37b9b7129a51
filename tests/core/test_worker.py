"""The queue with real worker processes (`celery -A gonghui worker`) on Redis, in the
PostgreSQL pass: a worker killed with SIGKILL in the middle of a roster import's write leaves
nothing written, and another worker finishes it, once; a task that keeps failing stops after
its tries and shows its error. Skipped on SQLite and without Redis."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from gonghui.celery import app
from gonghui.core.models import TaskRun
from gonghui.members import imports
from gonghui.members.models import Member, MemberEvent, MemberImport

from ..members.test_imports import csv_file, good_rows
from .worker_tasks import always_fails

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
WAIT = 90  # seconds any one step may take before the test gives up
VISIBILITY = 5  # seconds before a message a dead worker held goes to another worker


@pytest.fixture
def broker():
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL and Redis (REDIS_URL)")
    import redis

    url = os.environ.get("GONGHUI_TEST_BROKER_URL") or settings.REDIS_URL.rsplit("/", 1)[0] + "/9"
    redis.Redis.from_url(url).flushdb()  # no message left over from an earlier run
    saved = app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_transport_options
    app.conf.broker_url, app.conf.task_always_eager = url, False
    app.conf.broker_transport_options = {"visibility_timeout": VISIBILITY}
    _reset_pools()
    yield url
    app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_transport_options = saved
    _reset_pools()


def _reset_pools():
    """The app's connection pools were picked for the broker it had; pick them again (kombu
    keeps one pool per broker, so the pools themselves stay open)."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def workers(broker, transactional_db):
    """workers.start() starts a worker process on the test database; every one is killed at the end."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    env = os.environ | {
        "GONGHUI_ENV": "test", "DJANGO_SETTINGS_MODULE": "gonghui.settings",
        "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL, "GONGHUI_BROKER_URL": broker, "GONGHUI_VAR_DIR": str(settings.VAR_DIR),
        "GONGHUI_TASK_VISIBILITY_TIMEOUT": str(VISIBILITY), "GONGHUI_TASK_RETRY_DELAY": "1",
    }
    started = []

    class Workers:
        def start(self):
            log = open(Path(settings.VAR_DIR) / f"worker-{len(started)}.log", "wb")  # noqa: SIM115
            proc = subprocess.Popen(
                [str(Path(sys.executable).parent / "celery"), "-A", "gonghui", "worker", "--pool=solo",
                 "--without-gossip", "--without-mingle", "--without-heartbeat", "--include",
                 "tests.core.worker_tasks", "-l", "info"],
                cwd=Path(__file__).resolve().parents[2], env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
            started.append((proc, log))
            return proc

        def kill(self, proc):
            os.killpg(proc.pid, signal.SIGKILL)  # kill -9: no chance to finish, roll back or say goodbye
            proc.wait(timeout=10)

    yield Workers()
    for proc, log in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()


def until(check, what):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def _waiting_for_lock(table):
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM pg_locks l JOIN pg_class t ON t.oid = l.relation "
                  "WHERE NOT l.granted AND t.relname = %s", [table])
        return c.fetchone()[0] > 0


def test_a_worker_killed_mid_write_leaves_nothing_and_another_finishes_the_import_once(city, workers):
    import psycopg

    first = workers.start()
    imp = imports.start_import(acting_user=city.users["county"], union=city.grassroots,
                               upload=csv_file(good_rows(city, 5)))
    until(lambda: MemberImport.objects.get(pk=imp.pk).state == "checked", "the check")
    imp.refresh_from_db()
    assert imp.valid_rows == 5
    # Another session holds the events table, so the write stops inside its transaction: the
    # members are written, their events wait.
    db = connection.settings_dict
    holder = psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                             password=db.get("PASSWORD") or None, dbname=db["NAME"])
    try:
        holder.execute("LOCK TABLE members_memberevent IN EXCLUSIVE MODE")
        imports.confirm(imp, acting_user=city.users["county"], skip_bad_rows=False)
        until(lambda: _waiting_for_lock("members_memberevent"), "the write to reach the events")
        workers.kill(first)
    finally:
        holder.rollback()
        holder.close()
    assert Member.objects.count() == 0 and MemberEvent.objects.count() == 0  # nothing half-written
    imp.refresh_from_db()
    assert imp.state == "writing" and imp.task.state == "running"
    workers.start()
    until(lambda: MemberImport.objects.get(pk=imp.pk).state == "done", "another worker to finish the write")
    imp.refresh_from_db()
    assert (imp.written_rows, Member.objects.count(), MemberEvent.objects.count()) == (5, 5, 5)
    assert Member.objects.values("id_index").distinct().count() == 5  # each row once
    assert (imp.task.state, imp.task.tries) == ("succeeded", 2)


def test_a_task_that_keeps_failing_on_a_worker_stops_after_its_tries(city, workers):
    workers.start()
    run = imports.queue.start(always_fails, user=city.users["county"])  # autocommit: sent at once
    until(lambda: TaskRun.objects.get(pk=run.pk).state == "failed", "the last try")
    run.refresh_from_db()
    assert run.tries == settings.TASK_TRIES and "RuntimeError: the bank's server is down" in run.error
    time.sleep(2)  # no further try comes
    run.refresh_from_db()
    assert (run.state, run.tries) == ("failed", settings.TASK_TRIES)
