"""Liveness and readiness for the load balancer, systemd and the operator.

``/healthz`` answers as long as the process serves requests: it touches nothing else, so a
database outage does not get every web process restarted. ``/readyz`` answers 200 only when this
process can do its work: the database, Redis (cache and claim counter) and the broker answer, the
queue is moving, and the var directory has room for uploads and exports. The probes come from
django-health-check; the two checks of our own are the queue and the disk.
"""

import asyncio
import dataclasses
import datetime
import shutil
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable


def healthz(request):
    """Liveness: the process answers. Deliberately nothing more (see the module docstring)."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@dataclasses.dataclass
class Disk(HealthCheck):
    """Free space where uploads, exports and the audit anchors are written."""

    path: str = ""
    min_free_mb: int = 0

    def run(self):
        free_mb = shutil.disk_usage(self.path).free // (1024 * 1024)
        if free_mb < self.min_free_mb:
            raise ServiceUnavailable(f"{free_mb} MB free, below {self.min_free_mb} MB")


@dataclasses.dataclass
class Queue(HealthCheck):
    """The queue moves: no task waits to start longer than `max_wait_minutes` (a stopped worker,
    or a broker the web processes reach and the workers do not)."""

    max_wait_minutes: int = 10

    def run(self):
        from .models import TaskRun

        try:
            since = timezone.now() - datetime.timedelta(minutes=self.max_wait_minutes)
            waiting = TaskRun.objects.filter(state=TaskRun.State.QUEUED, created_at__lt=since).count()
        except DatabaseError as e:
            raise ServiceUnavailable(f"cannot read the task table ({type(e).__name__})") from e
        finally:
            connection.close()  # the check runs in a pool thread: leave no connection behind
        if waiting:
            raise ServiceUnavailable(f"{waiting} task(s) queued for more than {self.max_wait_minutes} minutes")


def _redis(url):
    from redis.asyncio import Redis as Client

    return Redis(client_factory=lambda: Client.from_url(url, socket_connect_timeout=2))


def readiness_checks():
    """What /readyz probes, from the settings of this deployment."""
    checks = [Database(), Disk(path=str(settings.VAR_DIR), min_free_mb=settings.GONGHUI_MIN_FREE_MB),
              Queue(max_wait_minutes=settings.GONGHUI_QUEUE_MAX_WAIT_MINUTES)]
    if settings.REDIS_URL:
        checks.append(_redis(settings.REDIS_URL))
    if settings.CELERY_BROKER_URL.startswith("redis") and settings.CELERY_BROKER_URL != settings.REDIS_URL:
        checks.append(_redis(settings.CELERY_BROKER_URL))
    return checks


def run_checks(checks):
    """Each check's result (django-health-check runs them concurrently on an event loop). The loop
    gets a thread of its own, so a caller that already runs one (a Playwright test, an async
    server) is never in the way."""

    async def gather():
        return await asyncio.gather(*(check.get_result() for check in checks))

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, gather()).result()


@never_cache
def readyz(request):
    """Readiness: one line per check, JSON (text for `Accept: text/plain`); 500 when any fails."""
    results = run_checks(readiness_checks())
    status = 500 if any(r.error for r in results) else 200
    lines = {repr(r.check): "OK" if not r.error else str(r.error) for r in results}
    if "text/plain" in request.headers.get("accept", ""):
        text = "".join(f"{name}: {state}\n" for name, state in lines.items())
        return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    return JsonResponse(lines, status=status)
