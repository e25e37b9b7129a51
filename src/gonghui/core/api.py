"""Core API: the state and progress of a background task the caller started; the token that
carries a list's search in an address."""

from datetime import datetime
from uuid import UUID

from django.http import Http404
from ninja import Field, Router, Schema

from . import queue, search
from .models import TaskRun

router = Router()


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


@router.get("/tasks/{uuid:task_id}", response=TaskOut, tags=["tasks"])
def get_task(request, task_id: UUID):
    """A task I started (a roster import's check, an export): its state, and its progress while
    it runs (done of total, phase). Someone else's task answers 404, as a missing one."""
    run = TaskRun.objects.filter(pk=task_id, started_by=request.user).first()
    if run is None:
        raise Http404
    return queue.status(run)


class SearchIn(Schema):
    q: str = Field(max_length=200)


class SearchOut(Schema):
    qh: str


@router.post("/searches", response=SearchOut, tags=["searches"])
def make_search(request, body: SearchIn):
    """The token for a search (a name, a phone, an ID number): send the text here in the body and
    filter any list with `?qh=<token>`, so the text never travels in an address (access logs keep
    addresses). Lists refuse `?q=`. The token opens only on this server."""
    return {"qh": search.token(body.q.strip())}
