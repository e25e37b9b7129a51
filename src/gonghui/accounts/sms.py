"""Pluggable SMS sending, like Django's e-mail backends. Development prints to the console."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("gonghui.sms")


class ConsoleSmsBackend:
    """Writes the message to the log instead of sending it."""

    def send(self, phone, text):
        log.warning("SMS to %s: %s", phone, text)
        print(f"[短信] {phone}: {text}", flush=True)  # noqa: T201 - the console backend's job


class MemorySmsBackend:
    """Keeps messages in a list; tests read them from `outbox`."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone, text):
        self.outbox.append((phone, text))


def send(phone, text):
    import_string(settings.SMS_BACKEND)().send(phone, text)
