"""Pluggable SMS sending, like Django's e-mail backends. Development prints to the console."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from gonghui.core.crypto import mask

log = logging.getLogger("gonghui.sms")


class ConsoleSmsBackend:
    """Writes the message to the log instead of sending it. The phone shows masked (138****8000):
    logs are kept and shipped, and a log line is no place for a member's full number (PIPL art. 51)."""

    def send(self, phone, text):
        shown = mask("phone", phone)
        log.warning("SMS to %s: %s", shown, text)
        print(f"[短信] {shown}: {text}", flush=True)  # noqa: T201 - the console backend's job


class MemorySmsBackend:
    """Keeps messages in a list; tests read them from `outbox`."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone, text):
        self.outbox.append((phone, text))


def send(phone, text):
    import_string(settings.SMS_BACKEND)().send(phone, text)
