"""Background work on the task queue (Celery; the app is in gonghui/celery.py).

Each app keeps its tasks in `tasks.py` as `@shared_task`s; every one of them is a
`RecordedTask`, which keeps a TaskRun row per run (state, tries, error, result) and tries a
failing task again, with a growing pause, until settings.TASK_TRIES tries have been spent.
A person's work is started with `start(task, *args, user=...)`: the TaskRun is written in the
caller's transaction and the task is sent once it commits, so a rolled-back change starts
nothing. The scheduler (celery beat, reading settings.CELERY_BEAT_SCHEDULE) sends periodic
tasks, whose runs are recorded the same way.

With a broker the task runs in a worker process. With none (the embedded default) it runs in
process: a person's task in a thread of the web process (the request does not wait), a
periodic one in the scheduler's process; the test profile runs it inline.

Tasks must be idempotent: a worker may die at any moment (its message then goes to another
worker), so a task writes in one transaction, or in steps that can be repeated.

Progress is published outside any transaction (a task's own transaction would hide it until
the end): to the shared cache when Redis is configured, else to a small file beside the
database that every web process on the machine can read. It doubles as a heartbeat.
"""

import json
import logging
import time
import traceback
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from celery import Task, current_task
from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connections, transaction
from django.db.models import F
from django.utils import timezone, translation

log = logging.getLogger(__name__)
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="gonghui-task")
STALE_AFTER = 60  # seconds without a progress report: the process running the task has died


class RecordedTask(Task):
    """The base of every Gonghui task (celery.py makes it the app's task class)."""

    label = ""  # what the operator reads on the schedule page: @shared_task(label=gettext_lazy(...))

    def __call__(self, *args, **kwargs):
        run_id = self.request.id
        if not run_id:  # called as a plain function (a management command run by hand)
            return self.run(*args, **kwargs)
        with translation.override(settings.LANGUAGE_CODE):  # stored messages are read by Chinese users
            while True:
                run = _begin(run_id, self.name, args)
                if run is None:
                    return None
                try:
                    result = self.run(*args, **kwargs)
                except Exception as exc:
                    error = "".join(traceback.format_exception(exc))[-4000:]
                    if run.tries >= settings.TASK_TRIES:
                        _end(run_id, "failed", error=error)
                        raise
                    _end(run_id, "retrying", error=error)
                    delay = settings.TASK_RETRY_DELAY * 2 ** (run.tries - 1)
                    if not self.request.is_eager:
                        raise self.retry(exc=exc, countdown=delay, max_retries=None) from exc
                    if settings.PROFILE != "test":
                        time.sleep(delay)
                    continue
                _end(run_id, "succeeded", result=result)
                return result


def _begin(run_id, name, args):
    """Count a try and mark the run running; None when it must not run (again)."""
    from .models import TaskRun

    run, _created = TaskRun.objects.get_or_create(id=run_id, defaults={"name": name, "args": list(args)})
    if run.state == TaskRun.State.SUCCEEDED:  # delivered again after it ended (a lost acknowledgement)
        return None
    if run.tries >= settings.TASK_TRIES:  # its worker died under each try
        _end(run_id, "failed", error=f"{run.error}\nGave up after {run.tries} tries: the worker running it stopped."
             .strip())
        return None
    TaskRun.objects.filter(pk=run_id).update(state=TaskRun.State.RUNNING, tries=F("tries") + 1,
                                             started_at=timezone.now(), finished_at=None)
    run.refresh_from_db()
    return run


def _end(run_id, state, *, error="", result=None):
    from .models import TaskRun

    last = progress(run_id)
    values = {"state": state, "error": error, "finished_at": timezone.now()}
    if state != "retrying":
        values["result"] = "" if result is None else str(result)[:500]
        forget(run_id)
    if last:
        values |= {"done": last.get("done", 0), "total": last.get("total"), "phase": last.get("phase", "")[:40]}
    TaskRun.objects.filter(pk=run_id).update(**values)


# Starting work ---------------------------------------------------------------------------------------------------

def start(task, *args, user=None):
    """Record a run of `task(*args)` for `user` and send it once the current transaction commits."""
    from .models import TaskRun

    run = TaskRun.objects.create(id=uuid.uuid4(), name=task.name, args=list(args), started_by=user)
    transaction.on_commit(lambda: send(task, run.pk, args))
    return run


def in_process():
    """True when tasks run in process (no broker configured, or the test profile)."""
    from gonghui.celery import app

    return app.conf.task_always_eager


def send(task, run_id, args):
    if not in_process():
        task.apply_async(args, task_id=str(run_id))
    elif settings.PROFILE == "test":
        task.apply(args, task_id=str(run_id))
    else:
        _pool.submit(_in_thread, task, str(run_id), args)


def _in_thread(task, run_id, args):
    close_old_connections()
    try:
        outcome = task.apply(args, task_id=run_id)
        if outcome.failed():
            log.error("task %s %s failed: %s", task.name, run_id, outcome.result)
    finally:
        connections.close_all()


# Progress --------------------------------------------------------------------------------------------------------

def _path(run_id):
    return Path(settings.VAR_DIR) / "tasks" / f"{run_id}.json"


def report(done, total=None, phase="", *, run_id=None):
    """Publish the progress of the task running now, or of `run_id` (nothing outside a task)."""
    run_id = run_id or (current_task.request.id if current_task else None)
    if not run_id:
        return
    values = {"done": done, "total": total, "phase": phase, "at": time.time()}
    if settings.REDIS_URL:
        cache.set(f"task:{run_id}", values, 3600)
        return
    path = _path(run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(values))
    tmp.replace(path)


def progress(run_id):
    """The last report of a run, with `stale` True when its reports stopped; {} if none."""
    if settings.REDIS_URL:
        values = cache.get(f"task:{run_id}") or {}
    else:
        try:
            values = json.loads(_path(run_id).read_text())
        except (OSError, ValueError):
            values = {}
    if values:
        values["stale"] = time.time() - values["at"] > STALE_AFTER
    return values


def forget(run_id):
    if settings.REDIS_URL:
        cache.delete(f"task:{run_id}")
    else:
        _path(run_id).unlink(missing_ok=True)


def status(run):
    """A TaskRun's state and progress as the starter sees them: the live figures while it runs."""
    out = {"id": str(run.pk), "name": run.name, "label": label(run.name), "state": run.state,
           "state_label": run.get_state_display(),
           "phase": run.phase, "done": run.done, "total": run.total, "tries": run.tries, "result": run.result,
           "error": run.error.strip().splitlines()[-1] if run.error.strip() else "",
           "created_at": run.created_at, "started_at": run.started_at, "finished_at": run.finished_at}
    if run.is_running:
        live = progress(run.pk)
        out |= {k: live[k] for k in ("done", "total", "phase") if k in live}
    return out


def file_path(run_id):
    """Where a task that makes a file (an export) keeps it; the task's page offers it to the starter."""
    return Path(settings.VAR_DIR) / "task-files" / f"{run_id}.xlsx"


def registry():
    """Every task by name. A web process imports the apps' tasks.py only when it needs one, so
    this imports them all (a worker or the scheduler does so as it starts)."""
    from gonghui.celery import app

    app.autodiscover_tasks(force=True)
    return app.tasks


def label(name):
    """What a task is called on the pages: its label, else its dotted name."""
    task = registry().get(name)
    return str(getattr(task, "label", "") or name)
