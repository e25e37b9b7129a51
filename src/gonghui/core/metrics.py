"""Prometheus metrics at /metrics, readable only from the monitoring network.

Request latency, counts and errors by route come from django-prometheus's middleware. What only
the application knows (the queue's depth and the age of its oldest waiting task, imports running,
claims per second) is read from the database when Prometheus scrapes, through gauges that apps
declare with ``gauge()`` — so core names no domain app and each app reports its own work.

With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR (an empty directory per start) so the
request metrics of every worker process are summed; the systemd unit in deploy/ does.
"""

import ipaddress
import os

import prometheus_client
from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily

_GAUGES = {}


def gauge(name, documentation):
    """Declare a gauge read at scrape time: decorate a function returning a number."""

    def register(fn):
        _GAUGES[name] = (documentation, fn)
        return fn

    return register


class AppCollector:
    """The declared gauges, each read once per scrape."""

    def collect(self):
        for name, (documentation, fn) in sorted(_GAUGES.items()):
            yield GaugeMetricFamily(name, documentation, value=float(fn()))


@gauge("gonghui_tasks_queued", "Tasks waiting for a worker.")
def _queued():
    from .models import TaskRun

    return TaskRun.objects.filter(state=TaskRun.State.QUEUED).count()


@gauge("gonghui_task_oldest_queued_seconds", "Age of the task waiting longest for a worker (0: none waits).")
def _oldest():
    from .models import TaskRun

    first = (TaskRun.objects.filter(state=TaskRun.State.QUEUED).order_by("created_at")
             .values_list("created_at", flat=True).first())
    return (timezone.now() - first).total_seconds() if first else 0


@gauge("gonghui_tasks_running", "Tasks running now (retries waiting included).")
def _running():
    from .models import TaskRun

    return TaskRun.objects.filter(state__in=[TaskRun.State.RUNNING, TaskRun.State.RETRYING]).count()


@gauge("gonghui_imports_running", "Roster imports running now.")
def _imports():
    from .models import TaskRun

    return TaskRun.objects.filter(state=TaskRun.State.RUNNING, name__contains="import").count()


def _allowed(request):
    from .middleware import client_ip_of

    address = client_ip_of(request)
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net.strip(), strict=False)
               for net in settings.GONGHUI_METRICS_NETWORKS.split(",") if net.strip())


def metrics(request):
    """The exposition; any address outside GONGHUI_METRICS_NETWORKS gets a plain 404."""
    if not _allowed(request):
        raise Http404
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = prometheus_client.CollectorRegistry()
        registry.register(_Default())
    registry.register(AppCollector())
    return HttpResponse(prometheus_client.generate_latest(registry), content_type=prometheus_client.CONTENT_TYPE_LATEST)


class _Default:
    """The process-wide registry's metrics (django-prometheus's request metrics) in one process."""

    def collect(self):
        yield from prometheus_client.REGISTRY.collect()
