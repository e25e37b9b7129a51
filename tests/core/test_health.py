"""/healthz answers without touching anything; /readyz answers 200 only when this process can work."""

import datetime

import pytest
from django.utils import timezone

from gonghui.core.models import TaskRun


def test_liveness_touches_no_database(client):
    response = client.get("/healthz")  # no db fixture: any query would raise here
    assert response.status_code == 200 and response.content == b"ok\n"


@pytest.mark.django_db
def test_ready_when_database_disk_and_queue_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body.values()) == {"OK"}
    assert any(name.startswith("Database") for name in body) and any(name.startswith("Disk") for name in body)


@pytest.mark.django_db
def test_not_ready_when_redis_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 500
    assert [v for k, v in response.json().items() if k.startswith("Redis")][0].startswith("Unavailable")


@pytest.mark.django_db
def test_not_ready_when_the_disk_is_full(client, settings):
    settings.GONGHUI_MIN_FREE_MB = 10**12
    response = client.get("/readyz")
    assert response.status_code == 500
    assert "MB free" in next(v for k, v in response.json().items() if k.startswith("Disk"))


@pytest.mark.django_db(transaction=True)
def test_not_ready_when_a_task_waits_too_long_to_start(client, settings):
    settings.GONGHUI_QUEUE_MAX_WAIT_MINUTES = 10
    run = TaskRun.objects.create(id="00000000-0000-0000-0000-000000000001", name="gonghui.members.tasks.import_roster",
                                 created_at=timezone.now() - datetime.timedelta(minutes=9))
    assert client.get("/readyz").status_code == 200  # nine minutes: still within the wait allowed
    TaskRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    response = client.get("/readyz")
    assert response.status_code == 500
    assert "1 task(s) queued for more than 10 minutes" in next(v for k, v in response.json().items()
                                                              if k.startswith("Queue"))


def test_plain_text_for_people_at_a_terminal(client, db):
    response = client.get("/readyz", headers={"Accept": "text/plain"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "Database" in response.content.decode()
