"""`gonghui doctor`: checks a deployment and says in Chinese what to fix.

Each check answers (status, what it found, what to do). It runs the same probes as /readyz and
adds what only an operator at a terminal needs: pending migrations, keys that do not open the
stored data, workers that do not answer, clock skew against the database, and the TLS
certificate's expiry.
"""

import datetime
import ssl
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks as django_checks
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from health_check.checks import Database

from . import crypto
from .fields import SealedField
from .health import readiness_checks, run_checks

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass
class Finding:
    status: str
    topic: str
    found: str
    fix: str = ""


def _settings():
    deploy = [m for m in django_checks.run_checks(include_deployment_checks=True)
              if m.level >= django_checks.WARNING]
    if settings.DEBUG:
        return Finding(FAIL, _("Settings"), _("DEBUG is on."), _("Unset DJANGO_DEBUG in the environment file."))
    if deploy:
        return Finding(WARN, _("Settings"), _("%(n)s deployment check(s) warn: %(ids)s.")
                       % {"n": len(deploy), "ids": ", ".join(m.id for m in deploy)},
                       _("Run `gonghui check --deploy` and follow each message."))
    return Finding(OK, _("Settings"), _("Profile %(profile)s, deployment checks clean.")
                   % {"profile": settings.PROFILE})


def _migrations():
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as e:  # noqa: BLE001 - any failure to reach the database is the finding
        return Finding(FAIL, _("Database"), _("Cannot connect: %(error)s") % {"error": type(e).__name__},
                       _("Check DATABASE_URL, the database service and the firewall."))
    if plan:
        return Finding(FAIL, _("Database"), _("%(n)s migration(s) not applied.") % {"n": len(plan)},
                       _("Run `gonghui migrate` as the owner role, then the grants in the README."))
    return Finding(OK, _("Database"), _("Connected (%(vendor)s); every migration applied.")
                   % {"vendor": connection.vendor})


def _keys(sample=20):
    """Sealed values of every sealed column open with the configured keys; values still sealed
    under an older key mean a rotation was not finished."""
    unknown, stale, opened = set(), 0, 0
    current = crypto.current_key_id()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, SealedField):
                continue
            values = (model._base_manager.exclude(**{f"{field.attname}__isnull": True})
                      .values_list(field.attname, flat=True)[:sample])
            for value in values:
                token = getattr(value, "token", value)
                if not token:
                    continue
                try:
                    crypto.open_sealed(token)
                    opened += 1
                    stale += crypto.key_id_of(token) != current
                except crypto.UnknownKeyError:
                    unknown.add(crypto.key_id_of(token))
                except crypto.SealError:
                    unknown.add("?")
    if unknown:
        return Finding(FAIL, _("Field keys"), _("Stored data is sealed under key(s) not configured: %(ids)s.")
                       % {"ids": ", ".join(sorted(unknown))},
                       _("Restore the missing keys to GONGHUI_FIELD_KEYS (keep old keys after the current one)."))
    if stale:
        return Finding(WARN, _("Field keys"), _("%(n)s sampled value(s) still sealed under an older key.")
                       % {"n": stale}, _("Finish the rotation: `gonghui rotate_field_keys`."))
    return Finding(OK, _("Field keys"), _("%(n)s sampled value(s) open with the current key.") % {"n": opened})


def _probes():
    """The readiness probes (database, disk, queue, Redis, broker), one finding each."""
    checks = [check for check in readiness_checks() if not isinstance(check, Database)]  # see _migrations

    found = []
    for result in run_checks(checks):
        topic, fix = _PROBES[type(result.check).__name__]
        if result.error:
            found.append(Finding(FAIL, str(topic), str(result.error), str(fix)))
        else:
            found.append(Finding(OK, str(topic), _("OK (%(ms)d ms).") % {"ms": result.time_taken * 1000}))
    return found


_PROBES = {  # probe class → (topic, what to do when it fails)
    "Redis": ("Redis", gettext_lazy("Check REDIS_URL / GONGHUI_BROKER_URL and the Redis service.")),
    "Disk": (gettext_lazy("Disk space"),
             gettext_lazy("Free space in GONGHUI_VAR_DIR (old exports, logs) or grow the volume.")),
    "Queue": (gettext_lazy("Task queue"),
              gettext_lazy("Start the worker (systemctl start gonghui-worker) and read its journal.")),
}


def _workers():
    from gonghui.celery import app

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Finding(WARN, _("Workers"), _("No broker configured: tasks run inside the web processes."),
                       _("Set REDIS_URL (or GONGHUI_BROKER_URL) and run a worker for long imports and reports."))
    try:
        answers = app.control.ping(timeout=2.0) or []
    except Exception as e:  # noqa: BLE001 - an unreachable broker is the finding
        return Finding(FAIL, _("Workers"), _("The broker does not answer: %(error)s") % {"error": type(e).__name__},
                       _("Check GONGHUI_BROKER_URL and the Redis service."))
    if not answers:
        return Finding(FAIL, _("Workers"), _("No worker answers."), _("Start the worker: `systemctl start "
                                                                        "gonghui-worker`; see its journal."))
    return Finding(OK, _("Workers"), _("%(n)s worker(s) answer.") % {"n": len(answers)})


def _clock(tolerance=5):
    if connection.vendor != "postgresql":
        return Finding(OK, _("Clock"), _("Embedded database: same clock as this host."))
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        db_now = cursor.fetchone()[0]
    skew = abs((timezone.now() - db_now).total_seconds())
    if skew > tolerance:
        return Finding(FAIL, _("Clock"), _("This host and the database differ by %(s).1f s.") % {"s": skew},
                       _("Enable time synchronisation (chrony or systemd-timesyncd) on both hosts."))
    return Finding(OK, _("Clock"), _("Within %(s).1f s of the database.") % {"s": skew})


def _certificate(path, warn_days=30):
    if not path:
        return Finding(OK, _("Certificate"), _("GONGHUI_TLS_CERT not set: not checked."))
    try:
        from cryptography import x509

        cert = x509.load_pem_x509_certificate(Path(path).read_bytes())
    except (OSError, ValueError, ssl.SSLError) as e:
        return Finding(FAIL, _("Certificate"), _("Cannot read %(path)s: %(error)s") % {"path": path, "error": e},
                       _("Point GONGHUI_TLS_CERT at the PEM certificate nginx serves."))
    left = (cert.not_valid_after_utc - datetime.datetime.now(datetime.UTC)).days
    if left < 0:
        return Finding(FAIL, _("Certificate"), _("Expired %(d)s day(s) ago.") % {"d": -left},
                       _("Renew the certificate and reload nginx."))
    if left < warn_days:
        return Finding(WARN, _("Certificate"), _("Expires in %(d)s day(s).") % {"d": left},
                       _("Renew the certificate and reload nginx."))
    return Finding(OK, _("Certificate"), _("Valid for %(d)s more day(s).") % {"d": left})


def examine():
    """Every finding, in the order an operator fixes them: settings, database, keys, services."""
    findings = [_settings(), _migrations()]
    if findings[-1].status == OK:
        findings.append(_keys())
        findings.append(_clock())
    findings.extend(_probes())
    findings.append(_workers())
    findings.append(_certificate(getattr(settings, "GONGHUI_TLS_CERT", "")))
    return findings
