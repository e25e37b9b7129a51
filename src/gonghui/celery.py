"""The task queue: Celery, configured from Django's settings (the CELERY_ names).

Each app keeps its tasks in `tasks.py` (`@shared_task`); they are found by autodiscovery.
A change enqueues its task after commit (`transaction.on_commit(lambda: task.delay(...))`),
so a rolled-back change starts nothing.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")

app = Celery("gonghui")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
