"""Background work (roster imports now; reports and notices later).

With nothing configured a job runs in a thread of the web process, started once the request's
transaction has committed; the test profile runs it inline. A job must be safe to lose at any
moment: it keeps its state in the database, writes in one transaction, and a stale heartbeat
tells the page that it died, so the clerk can start it again.

The heartbeat and the progress of work that is inside a transaction cannot live in the
database (nobody else would see them before the commit); they go to the shared cache when
Redis is configured, else to a small file beside the database, which every web process on
the machine can read.
"""

import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connections, transaction
from django.utils import translation

log = logging.getLogger(__name__)
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="gonghui-job")  # a queued job has no heartbeat
STALE_AFTER = 60  # seconds without a heartbeat: the process running the job has died


def _run(func, args):
    translation.activate(settings.LANGUAGE_CODE)  # messages the job stores are read by Chinese clerks
    close_old_connections()
    try:
        func(*args)
    except Exception:
        log.exception("background job %s%r failed", func.__name__, args)
    finally:
        connections.close_all()


def start(func, *args):
    """Run func(*args) in the background once the current transaction commits."""
    if settings.GONGHUI_JOBS == "inline":
        transaction.on_commit(lambda: func(*args))
    else:
        transaction.on_commit(lambda: _pool.submit(_run, func, args))


def _path(key):
    return Path(settings.VAR_DIR) / "jobs" / f"{key}.json"


def report(key, **values):
    """Publish a job's progress (and heartbeat) outside any transaction."""
    values["at"] = time.time()
    if settings.REDIS_URL:
        cache.set(f"job:{key}", values, 3600)
        return
    path = _path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(values))
    tmp.replace(path)


def progress(key):
    """The last report of a job, with `stale` True when its heartbeat stopped; {} if none."""
    if settings.REDIS_URL:
        values = cache.get(f"job:{key}") or {}
    else:
        try:
            values = json.loads(_path(key).read_text())
        except (OSError, ValueError):
            values = {}
    if values:
        values["stale"] = time.time() - values["at"] > STALE_AFTER
    return values


def forget(key):
    if settings.REDIS_URL:
        cache.delete(f"job:{key}")
    else:
        _path(key).unlink(missing_ok=True)
