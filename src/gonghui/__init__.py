"""Gonghui (工会): the Django project. The task queue's app loads with it, so `@shared_task`
binds to Gonghui's configuration in web processes, workers and commands alike."""

from .celery import app as celery_app

__all__ = ["celery_app"]
