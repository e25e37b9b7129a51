"""The periodic tasks as the operator reads them: settings.CELERY_BEAT_SCHEDULE with each
entry's schedule in words, its last run, that run's outcome and the next run."""

from dataclasses import dataclass
from datetime import timedelta

from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from . import queue
from .models import TaskRun

WEEKDAYS = {"0": "周日", "7": "周日", "1": "周一", "2": "周二", "3": "周三", "4": "周四", "5": "周五", "6": "周六"}


def in_words(schedule):
    """A crontab or an interval as a Chinese sentence: 每天 00:10, 每周日 04:00, 每 15 分钟."""
    if isinstance(schedule, int | float | timedelta):
        seconds = int(schedule.total_seconds() if isinstance(schedule, timedelta) else schedule)
        if seconds % 3600 == 0:
            return _("Every %(n)s hours") % {"n": seconds // 3600}
        if seconds % 60 == 0:
            return _("Every %(n)s minutes") % {"n": seconds // 60}
        return _("Every %(n)s seconds") % {"n": seconds}
    if isinstance(schedule, crontab):
        minute, hour = str(schedule._orig_minute), str(schedule._orig_hour)
        dow, dom, moy = str(schedule._orig_day_of_week), str(schedule._orig_day_of_month), \
            str(schedule._orig_month_of_year)
        if minute.isdigit() and hour.isdigit() and dom == "*" and moy == "*":
            at = f"{int(hour):02d}:{int(minute):02d}"
            if dow == "*":
                return _("Every day at %(time)s") % {"time": at}
            if dow in WEEKDAYS:
                return _("Every week on %(day)s at %(time)s") % {"day": WEEKDAYS[dow], "time": at}
            if dom.isdigit():
                return _("Every month on day %(day)s at %(time)s") % {"day": dom, "time": at}
        if minute.isdigit() and hour == "*" and (dow, dom, moy) == ("*", "*", "*"):
            return _("Every hour at minute %(minute)s") % {"minute": minute}
        if minute.startswith("*/") and (hour, dow, dom, moy) == ("*", "*", "*", "*"):
            return _("Every %(n)s minutes") % {"n": minute[2:]}
        return f"cron {minute} {hour} {dom} {moy} {dow}"
    return str(schedule)


@dataclass
class Entry:
    name: str
    task: str
    label: str
    when: str
    last: TaskRun | None
    next_run: object


def entries():
    """Each periodic task with its last run and its next run, in the order settings declares them."""
    out = []
    now = timezone.now()
    for name, spec in settings.CELERY_BEAT_SCHEDULE.items():
        schedule = spec["schedule"]
        last = TaskRun.objects.filter(name=spec["task"]).order_by("-created_at").first()
        since = last.created_at if last else now
        if isinstance(schedule, int | float | timedelta):
            step = schedule if isinstance(schedule, timedelta) else timedelta(seconds=schedule)
            next_run = since + step if last else now
        else:
            next_run = now + schedule.remaining_estimate(since)
        out.append(Entry(name, spec["task"], queue.label(spec["task"]), in_words(schedule), last, max(next_run, now)))
    return out


def failed(limit=50):
    return list(TaskRun.objects.filter(state=TaskRun.State.FAILED).select_related("started_by")
                .order_by("-created_at")[:limit])
