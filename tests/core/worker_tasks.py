"""Tasks for the queue's tests only; the test worker imports them (`celery worker --include`)."""

from celery import shared_task

from gonghui.core import queue


@shared_task(name="tests.always_fails")
def always_fails():
    raise RuntimeError("the bank's server is down")


@shared_task(name="tests.counts")
def counts(n):
    queue.report(n, n * 2, "half")
    return f"{n} counted"
