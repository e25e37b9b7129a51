"""Keep the cached holiday calendar fresh in this process after an edit, and the shipped rules
loaded into every migrated database."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import days
from .models import CalendarDay


@receiver([post_save, post_delete], sender=CalendarDay)
def _calendar_changed(**kwargs):
    days.forget()


def load_shipped_rules(apps=None, **kwargs):
    """After every migrate: rules and holidays shipped since the database was created are added
    (``data.load`` is idempotent and never overwrites an operator's value), so a release that
    adds rules needs no data migration of its own. A flush (the end of every transactional
    test) sends the same signal without `apps`: the installed models are used then."""
    from .data import load

    if apps is None:
        from django.apps import apps

    load(apps.get_model("rules", "Rule"), apps.get_model("rules", "RuleValue"), apps.get_model("rules", "CalendarDay"))
