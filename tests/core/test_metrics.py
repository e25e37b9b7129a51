"""/metrics: request latency by route and the application's own gauges, for the monitoring network only."""

import datetime

import pytest
from django.utils import timezone

from gonghui.core.models import TaskRun

pytestmark = pytest.mark.django_db


def scrape(client, **extra):
    return client.get("/metrics", **extra)


def value(text, name):
    line = next(line for line in text.splitlines() if line.startswith(name + " "))
    return float(line.split()[1])


def test_latency_by_route_and_the_queue_gauges(client):
    client.get("/healthz")
    TaskRun.objects.create(id="00000000-0000-0000-0000-000000000002", name="gonghui.members.tasks.import_roster",
                           created_at=timezone.now() - datetime.timedelta(seconds=90))
    response = scrape(client)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="healthz"}' in text
    assert value(text, "gonghui_tasks_queued") == 1
    assert 89 <= value(text, "gonghui_task_oldest_queued_seconds") < 600
    assert value(text, "gonghui_claims_per_second") == 0


def test_an_address_outside_the_monitoring_network_gets_not_found(client, settings):
    assert scrape(client, REMOTE_ADDR="10.1.2.3").status_code == 404
    settings.GONGHUI_METRICS_NETWORKS = "10.1.0.0/16"
    assert scrape(client, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_a_forged_forwarded_address_does_not_open_it(client, settings):
    """Behind nginx the address is the last X-Forwarded-For entry, the one nginx appended."""
    settings.BEHIND_PROXY = True
    response = scrape(client, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1, 203.0.113.9")
    assert response.status_code == 404
