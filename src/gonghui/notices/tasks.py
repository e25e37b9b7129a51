"""The notices' tasks: deliver one outbox row (enqueued after the change's commit), the sweep
that enqueues again what a crash left undelivered, the daily digest and the deadline
reminders. Each is idempotent (see gonghui.core.queue)."""

from celery import shared_task
from django.utils.translation import gettext_lazy

from . import services


@shared_task(label=gettext_lazy("Deliver a notice"))
def deliver(outbox_id):
    return services.deliver(outbox_id)


@shared_task(label=gettext_lazy("Send notices a crash left undelivered"))
def sweep():
    return services.sweep()


@shared_task(label=gettext_lazy("Send the daily digests of notices"))
def send_digests():
    return services.send_digests()


@shared_task(label=gettext_lazy("Remind of deadlines due soon, today or overdue"))
def deadline_reminders():
    from . import reminders

    return reminders.remind()
