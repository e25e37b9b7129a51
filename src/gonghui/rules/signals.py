"""Keep the cached holiday calendar fresh in this process after an edit."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import days
from .models import CalendarDay


@receiver([post_save, post_delete], sender=CalendarDay)
def _calendar_changed(**kwargs):
    days.forget()
