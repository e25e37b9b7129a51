"""Uploaded rosters at rest: a file only the server's user may read (0600 in a 0700 directory),
sealed with the field key so the disk never holds a name, ID number or phone in clear, read back
in memory, and deleted by the scheduler once left unconfirmed past the retention."""

import os
import time

from django.conf import settings

from gonghui.core import queue
from gonghui.core.models import AuditEntry, TaskRun
from gonghui.members import imports
from gonghui.members.models import MemberImport

from .test_imports import IDS, chinese, csv_file, good_rows, start, xlsx_file  # noqa: F401 - chinese: autouse

State = MemberImport.State


def _run_scheduled(name):
    """What celery beat does at the entry's time: send the task (in process, it runs at once)."""
    spec = settings.CELERY_BEAT_SCHEDULE[name]
    queue.registry()[spec["task"]].apply_async()
    return TaskRun.objects.filter(name=spec["task"]).latest("created_at")


def test_the_roster_is_0600_in_a_0700_directory(city, django_capture_on_commit_callbacks):
    settings.IMPORT_DIR.mkdir(mode=0o755, parents=True)  # as an older version left it
    imp = start(city, csv_file(good_rows(city, 2)), hooks=django_capture_on_commit_callbacks)
    assert imp.state == State.CHECKED  # read back and checked
    assert oct(os.stat(settings.IMPORT_DIR).st_mode & 0o777) == "0o700"
    assert oct(os.stat(imports._path(imp)).st_mode & 0o777) == "0o600"


def test_the_file_on_disk_holds_no_name_id_or_phone_in_clear(city, django_capture_on_commit_callbacks):
    rows = good_rows(city, 3)
    for upload in (csv_file(rows), xlsx_file(rows), csv_file(rows, name="gbk.csv", encoding="gb18030")):
        imp = start(city, upload, hooks=django_capture_on_commit_callbacks)
        assert (imp.state, imp.valid_rows) == (State.CHECKED, 3), imp.message
        stored = imports._path(imp).read_bytes()
        for name, id_number, phone, *_rest in rows:
            for clear in (name.encode("utf-8"), name.encode("gb18030"), id_number.encode(), phone.encode()):
                assert clear not in stored
        assert not any(p.name.endswith((".csv", ".xlsx")) for p in settings.IMPORT_DIR.iterdir())
    # Written from the sealed file: every row arrives.
    with django_capture_on_commit_callbacks(execute=True):
        imports.confirm(imp, acting_user=city.users["county"])
    imp.refresh_from_db()
    assert (imp.state, imp.written_rows) == (State.DONE, 3) and not imports._path(imp).exists()


def test_an_altered_file_is_refused_not_read(city, django_capture_on_commit_callbacks):
    imp = start(city, csv_file(good_rows(city, 1)), hooks=django_capture_on_commit_callbacks)
    data = bytearray(imports._path(imp).read_bytes())
    data[-20] ^= 1
    imports._path(imp).write_bytes(bytes(data))
    MemberImport.objects.filter(pk=imp.pk).update(state=State.QUEUED)
    imports.run_check(imp.pk)
    imp.refresh_from_db()
    assert imp.state == State.REJECTED and "重新上传" in imp.message


def test_the_scheduler_deletes_uploads_left_past_the_retention(city, django_capture_on_commit_callbacks):
    old = start(city, csv_file(good_rows(city, 1)), hooks=django_capture_on_commit_callbacks)
    fresh = start(city, csv_file(good_rows(city, 2)), hooks=django_capture_on_commit_callbacks)
    past = time.time() - (settings.IMPORT_RETENTION_DAYS + 1) * 86400
    MemberImport.objects.filter(pk=old.pk).update(updated_at="2020-01-01T00:00:00Z")
    os.utime(imports._path(old), (past, past))
    stray = settings.IMPORT_DIR / "0123abcd.part"  # an upload cut off before its import was recorded
    stray.write_bytes(b"sealed bytes")
    os.utime(stray, (past, past))
    run = _run_scheduled("expire-imports")
    assert run.state == "succeeded" and run.started_by is None
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.state == State.CANCELLED and f"{settings.IMPORT_RETENTION_DAYS} 天" in old.message
    assert not imports._path(old).exists() and not stray.exists()
    assert fresh.state == State.CHECKED and imports._path(fresh).exists()  # within the retention: kept
    assert AuditEntry.objects.filter(action="cancel", object_id=str(old.pk), actor_label="system").count() == 1
    assert _run_scheduled("expire-imports").state == "succeeded"  # again: nothing more to do
    assert imports._path(fresh).exists()


def test_an_import_whose_task_died_expires_too_but_a_running_one_does_not(city, django_capture_on_commit_callbacks):
    dead = start(city, csv_file(good_rows(city, 1)), hooks=django_capture_on_commit_callbacks)
    running = start(city, csv_file(good_rows(city, 2)), hooks=django_capture_on_commit_callbacks)
    MemberImport.objects.filter(pk__in=[dead.pk, running.pk]).update(state=State.CHECKING,
                                                                     updated_at="2020-01-01T00:00:00Z")
    queue.report(42, 100, "check", run_id=running.task_id)  # its check still reports: alive
    assert imports.expire_abandoned() == (1, 0)
    dead.refresh_from_db()
    running.refresh_from_db()
    assert dead.state == State.CANCELLED and not imports._path(dead).exists()
    assert running.state == State.CHECKING and imports._path(running).exists()
