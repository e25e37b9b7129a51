"""The notices' tasks: deliver one outbox row (enqueued after the change's commit), the sweep
that enqueues again what a crash left undelivered, and the daily digest. Each is idempotent."""

from celery import shared_task

from . import services


@shared_task(name="gonghui.notices.tasks.deliver", acks_late=True)
def deliver(outbox_id):
    return services.deliver(outbox_id)


@shared_task(name="gonghui.notices.tasks.sweep")
def sweep():
    return services.sweep()


@shared_task(name="gonghui.notices.tasks.send_digests")
def send_digests():
    return services.send_digests()


@shared_task(name="gonghui.notices.tasks.deadline_reminders")
def deadline_reminders():
    from . import reminders

    return reminders.remind()
