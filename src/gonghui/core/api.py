"""Core API: the state and progress of a background task the caller started."""

from datetime import datetime
from uuid import UUID

from django.http import Http404
from ninja import Router, Schema

from . import queue
from .models import TaskRun

router = Router(tags=["tasks"])


class TaskOut(Schema):
    id: UUID
    name: str
    state: str
    state_label: str
    phase: str
    done: int
    total: int | None
    tries: int
    result: str
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


@router.get("/tasks/{uuid:task_id}", response=TaskOut)
def get_task(request, task_id: UUID):
    """A task I started (a roster import's check, an export): its state, and its progress while
    it runs (done of total, phase). Someone else's task answers 404, as a missing one."""
    run = TaskRun.objects.filter(pk=task_id, started_by=request.user).first()
    if run is None:
        raise Http404
    return queue.status(run)
