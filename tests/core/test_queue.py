"""The task queue in process (the test profile runs tasks inline): a TaskRun per run, tries
with a stop, idempotent daily tasks, the schedule page in /ops/ and GET /api/v1/tasks/{id}."""

import pytest
from django.core.management import call_command
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.core import queue, schedule
from gonghui.core.models import AuditEntry, TaskRun

from .worker_tasks import always_fails, counts


def started(task, *args, user=None, hooks):
    with hooks(execute=True):
        return queue.start(task, *args, user=user)


def test_a_run_is_recorded_with_its_result_and_last_progress(city, django_capture_on_commit_callbacks):
    run = started(counts, 7, user=city.users["county"], hooks=django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert (run.state, run.tries, run.result, run.done, run.total, run.phase) == ("succeeded", 1, "7 counted",
                                                                                     7, 14, "half")
    assert run.started_by == city.users["county"] and run.finished_at >= run.started_at


def test_a_task_that_keeps_failing_stops_after_its_tries(city, settings, django_capture_on_commit_callbacks):
    with pytest.raises(RuntimeError):
        started(always_fails, hooks=django_capture_on_commit_callbacks)
    run = TaskRun.objects.get(name="tests.always_fails")
    assert (run.state, run.tries) == ("failed", settings.TASK_TRIES)
    assert "RuntimeError: the bank's server is down" in run.error
    assert [r.pk for r in schedule.failed()] == [run.pk]


def test_a_rolled_back_change_starts_nothing(city, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ZeroDivisionError), transaction.atomic():
        queue.start(counts, 1)
        1 / 0  # noqa: B018
    assert not TaskRun.objects.exists()


def _run_twice(command, *args, **kwargs):
    """Run a daily command twice; return what the second run left (every table's row count)."""
    from django.apps import apps

    def tables():
        return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.label != "core.TaskRun"}

    call_command(command, *args, **kwargs)
    before = tables()
    call_command(command, *args, **kwargs)
    return before, tables()


@pytest.mark.parametrize("command", ["hardship_activate", "expire_claims", "compact_tally", "cleanup_check_ids",
                                     "audit_purge"])
def test_each_daily_task_run_twice_changes_nothing_the_second_time(city, command):
    import io

    before, after = _run_twice(command, stdout=io.StringIO())
    assert before == after


def test_the_scheduler_runs_each_periodic_task_with_a_record(city, settings):
    """What celery beat does at each entry's time: send the task; in process it runs at once."""
    for spec in settings.CELERY_BEAT_SCHEDULE.values():
        queue.registry()[spec["task"]].apply_async()
    entries = schedule.entries()
    assert [e.last.state for e in entries] == ["succeeded"] * len(settings.CELERY_BEAT_SCHEDULE)
    assert all(e.last.started_by is None and e.next_run > e.last.created_at for e in entries)
    with translation.override("zh-hans"):
        words = {e.name: schedule.in_words(settings.CELERY_BEAT_SCHEDULE[e.name]["schedule"]) for e in entries}
    assert words["hardship-activate"] == "每天 00:10" and words["audit-purge"] == "每周日 04:00"


def operator(client, city):
    """The client signed in as the operator: an admin superuser verified with TOTP."""
    from gonghui.accounts.models import User

    User.objects.filter(pk=city.users["operator"].pk).update(is_superuser=True, is_staff=True)
    user = city.users["operator"] = User.objects.get(pk=city.users["operator"].pk)
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_the_schedule_page_lists_periodic_and_failed_tasks_and_runs_one_now(
        city, client, django_capture_on_commit_callbacks):
    with pytest.raises(RuntimeError):
        started(always_fails, hooks=django_capture_on_commit_callbacks)
    c = operator(client, city)
    assert "/ops/core/taskrun/schedule/" in c.get("/ops/").content.decode()
    body = c.get("/ops/core/taskrun/schedule/").content.decode()
    assert "每天 00:10" in body and "激活公示期满的困难职工档案" in body and "the bank&#x27;s server is down" in body
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/ops/core/taskrun/schedule/", {"entry": "compact-tally"})
    assert r.status_code == 302
    run = TaskRun.objects.get(name="gonghui.members.tasks.compact_tally")
    assert (run.state, run.started_by) == ("succeeded", city.users["operator"])
    assert AuditEntry.objects.filter(action="run", object_id=str(run.pk)).exists()
    assert c.post("/ops/core/taskrun/schedule/", {"run": "not-a-uuid"}).status_code == 302
    assert TaskRun.objects.count() == 2


def test_the_schedule_page_is_for_operators_only(city, client):
    client.force_login(city.users["city"])
    assert client.get("/ops/core/taskrun/schedule/").status_code == 302  # to the admin's sign-in


def test_a_task_is_read_by_its_starter_only(city, api, django_capture_on_commit_callbacks):
    run = started(counts, 3, user=city.users["county"], hooks=django_capture_on_commit_callbacks)
    got = api("county").get(f"/api/v1/tasks/{run.pk}").json()
    assert (got["state"], got["done"], got["total"], got["result"]) == ("succeeded", 3, 6, "3 counted")
    assert api("county2").get(f"/api/v1/tasks/{run.pk}").status_code == 404
    assert api("county").get("/api/v1/tasks/00000000-0000-0000-0000-000000000000").status_code == 404
