"""The task queue: Celery, configured from Django's settings (the CELERY_ names).

Each app keeps its tasks in `tasks.py` (`@shared_task`); they are found by autodiscovery and
are all `gonghui.core.queue.RecordedTask`s (a TaskRun row per run, tries with a pause between).
Work a person starts goes through `gonghui.core.queue.start`, which sends it after commit, so
a rolled-back change starts nothing.

    celery -A gonghui worker     # runs tasks (needs a broker: REDIS_URL or GONGHUI_BROKER_URL)
    celery -A gonghui beat       # sends settings.CELERY_BEAT_SCHEDULE's periodic tasks
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")

app = Celery("gonghui", task_cls="gonghui.core.queue:RecordedTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
