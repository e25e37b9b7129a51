"""Log lines that an operator can follow across processes: every line carries the request id
that the audit trail records for the same request (`AuditEntry.request_id`), so "who changed
this row" in the trail leads to the log lines of that request and back.

Production writes one JSON object per line (python-json-logger), which a log collector reads
without parsing rules; `GONGHUI_LOG_FORMAT=plain` gives the readable form `make run` uses.
"""

import logging
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter

# The current request's id, set by RequestContextMiddleware. Kept here, in a module free of
# Django imports, because logging is configured before the apps are loaded.
request_id: ContextVar[str] = ContextVar("request_id", default="")

JSON_FIELDS = ["asctime", "levelname", "name", "request_id", "message"]


class RequestIdFilter(logging.Filter):
    """Adds the current request's id (empty outside a request) to every record."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


class ExpectedRefusalFilter(logging.Filter):
    """Drops Django's warning line for a 409 response. A 409 is a refusal the API gives on
    purpose (sold out, the limit reached, a state that no longer allows the action): the answer
    the user reads, not a fault for the operator. A flash rush would otherwise write a warning
    per member who came too late, at about a quarter of a millisecond each."""

    def filter(self, record):
        return getattr(record, "status_code", None) != 409


class JsonLogFormatter(JsonFormatter):
    """JSON lines with the time, level, logger, request id and message (and any `extra`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", JSON_FIELDS)
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        kwargs.setdefault("json_ensure_ascii", False)  # Chinese messages stay readable
        super().__init__(*args, **kwargs)


def config(fmt):
    """settings.LOGGING for the chosen format ("json" or "plain")."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "gonghui.core.logs.RequestIdFilter"},
                    "expected_refusals": {"()": "gonghui.core.logs.ExpectedRefusalFilter"}},
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {"()": "gonghui.core.logs.JsonLogFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": fmt, "filters": ["request_id"]}},
        "root": {"handlers": ["console"], "level": "INFO"},
        # WeasyPrint logs each step of every PDF at INFO; its warnings (a CSS rule it ignores) still show.
        # Tasks run in process (no broker) would log a line per task at INFO; a worker logs its own.
        "loggers": {"django.request": {"filters": ["expected_refusals"]},
                    "axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"},
                    "fontTools": {"level": "WARNING"}, "celery.app.trace": {"level": "WARNING"}},
    }
