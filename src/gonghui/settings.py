"""Gonghui settings, in three layers: defaults, then the environment, then computed values.

The profile (``GONGHUI_ENV``) picks the defaults: ``production`` (the default, secure and
strict), ``local`` (what ``make run`` uses: same server and database code, but plain
HTTP on 127.0.0.1 and generated secrets) and ``test``. A setting that production needs
and the environment lacks stops start-up with a message that names it.
"""

import base64
import binascii
import os
import re
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from gonghui.core import logs

env = environ.Env()

# --- Layer 1: defaults -------------------------------------------------------------------

PACKAGE_DIR = Path(__file__).resolve().parent
PROFILES = ("production", "local", "test")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["gonghui.formats"]  # pages show 2026年12月7日; exports and the API ISO (core/dates.py)

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "overview:home"
LOGOUT_REDIRECT_URL = "accounts:login"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "treebeard",
    "ninja",
    "gonghui.core",
    "gonghui.accounts",
    "gonghui.orgs",
    "gonghui.members",
    "gonghui.rules",
    "gonghui.hardship",
    "gonghui.assistance",
    "gonghui.medicalaid",
    "gonghui.campaigns",
    "gonghui.events",
    "gonghui.wcongress",
    "gonghui.rights",
    "gonghui.disputes",
    "gonghui.engagement",
    "gonghui.assessments",
    "gonghui.coverage",
    "gonghui.positions",
    "gonghui.subsidies",
    "gonghui.congress",
    "gonghui.elections",
    "gonghui.contracts",
    "gonghui.honours",
    "gonghui.budgets",
    "gonghui.funds",
    "gonghui.recuperation",
    "gonghui.volunteers",
    "gonghui.skills",
    "gonghui.competitions",
    "gonghui.studios",
    "gonghui.mall",
    "gonghui.notices",
    "gonghui.overview",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gonghui.core.middleware.InputGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gonghui.core.middleware.RequestContextMiddleware",
    "gonghui.core.replica.Middleware",
    "gonghui.accounts.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.core.context_processors.shell",
                "gonghui.notices.context_processors.unread",
            ],
        },
    }
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "gonghui.accounts.backends.PhonePasswordBackend",
    "gonghui.accounts.backends.SmsCodeBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gonghui.accounts.validators.CharacterClassValidator"},
]

# 等保 2.0 baseline: lock an account for 30 minutes after 5 failed logins; sessions idle
# for 30 minutes end.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
# Failures count per account AND address together: five wrong passwords from one address lock
# that account from that address only, so a stranger typing someone's name cannot lock the real
# person out from their own desk (issue 14), and a flood from one address is still throttled.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "gonghui.core.middleware.client_ip_of"  # the proxy rule the audit trail uses
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_LOCKOUT_CALLABLE = "gonghui.accounts.views.lockout_response"  # JSON for the API, a page for people
AXES_USERNAME_CALLABLE = "gonghui.accounts.views.axes_username"  # phone sign-ins count against the account
AXES_VERBOSE = False
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
OTP_TOTP_ISSUER = "Gonghui 工会"
API_TOKEN_TTL = timedelta(hours=12)

STATIC_URL = "/static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_PAGE_RANGE = 7
SMS_BACKEND = "gonghui.accounts.sms.ConsoleSmsBackend"
SMS_CODE_TTL = timedelta(minutes=5)

# Audit trail: kept this long, then `gonghui audit_purge` may remove the oldest rows.
AUDIT_RETENTION_DAYS = 3 * 365


# --- Layer 2: the environment ------------------------------------------------------------

PROFILE = env("GONGHUI_ENV", default="production")
if PROFILE not in PROFILES:
    raise ImproperlyConfigured(f"GONGHUI_ENV must be one of {', '.join(PROFILES)}, not {PROFILE!r}.")

VAR_DIR = Path(env("GONGHUI_VAR_DIR", default=str(Path.cwd() / "var")))
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gonghui.sqlite3'}")}
# A PostgreSQL streaming replica for report pages, exports and the year report (gonghui.core.replica).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL") | {"TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["gonghui.core.replica.Router"]
REPLICA_PIN_SECONDS = env.int("GONGHUI_REPLICA_PIN_SECONDS", default=5)  # reads stay on the primary after a write
REDIS_URL = env("REDIS_URL", default="")
STATIC_ROOT = Path(env("GONGHUI_STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env("GONGHUI_MEDIA_ROOT", default=str(VAR_DIR / "media")))
AUDIT_RETENTION_DAYS = env.int("GONGHUI_AUDIT_RETENTION_DAYS", default=AUDIT_RETENTION_DAYS)
# /readyz fails below this much free space in VAR_DIR, or when a task waits this long to start.
GONGHUI_MIN_FREE_MB = env.int("GONGHUI_MIN_FREE_MB", default=500)
GONGHUI_QUEUE_MAX_WAIT_MINUTES = env.int("GONGHUI_QUEUE_MAX_WAIT_MINUTES", default=10)
GONGHUI_BACKUP_RECIPIENTS = env("GONGHUI_BACKUP_RECIPIENTS", default="")  # age public keys: `gonghui backup`
GONGHUI_METRICS_NETWORKS = env("GONGHUI_METRICS_NETWORKS", default="127.0.0.1/32,::1/128")  # who may read /metrics
# Logs: one JSON object per line in production (a collector reads them as they are), readable
# lines elsewhere; both carry the request id the audit trail records (gonghui.core.logs).
LOG_FORMAT = env("GONGHUI_LOG_FORMAT", default="json" if PROFILE == "production" else "plain")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured(f"GONGHUI_LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}.")
LOGGING = logs.config(LOG_FORMAT)
# The member table's subtree index carries the name keys for PostgreSQL's index-only counts;
# SQLite builds it without them, as intended.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
GONGHUI_TLS_CERT = env("GONGHUI_TLS_CERT", default="")  # the certificate nginx serves (doctor reads its expiry)
SMS_BACKEND = env("GONGHUI_SMS_BACKEND", default=SMS_BACKEND)
# Behind a TLS-terminating proxy, set this so Django knows the request was HTTPS.
BEHIND_PROXY = env.bool("GONGHUI_BEHIND_PROXY", default=False)
# The task queue (Celery): with a broker (Redis by default when REDIS_URL is set) tasks run in
# worker processes (`celery -A gonghui worker`); with none, the embedded default, they run in
# process: a request's work in a thread of the web process after commit, the schedule's in the
# scheduler's own process (`celery -A gonghui beat`). See gonghui.core.queue.
CELERY_BROKER_URL = env("GONGHUI_BROKER_URL", default=REDIS_URL)
# GONGHUI_TASKS_IN_PROCESS=false makes test-profile web processes queue to real workers (the
# deployment tests: nginx, two web instances and a worker).
CELERY_TASK_ALWAYS_EAGER = env.bool("GONGHUI_TASKS_IN_PROCESS", default=not CELERY_BROKER_URL or PROFILE == "test")
CELERY_TASK_EAGER_PROPAGATES = PROFILE == "test"
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"  # never used while tasks run in process
CELERY_TIMEZONE = TIME_ZONE
# A message is acknowledged only when its task has ended, so a worker that dies (kill -9, a
# lost machine) leaves it to another worker: at once when the pool notices the loss, else once
# the visibility timeout has passed. The timeout must be longer than the longest task.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True  # outcomes are kept as TaskRun rows (core.models), not in a result store
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# kombu looks for such messages every 10 s but, by default, scans only on every tenth look: a
# message could wait 100 s past its timeout. Scanning on every look (one indexed ZRANGE) hands it
# on within 10 s of the timeout.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("GONGHUI_TASK_VISIBILITY_TIMEOUT", default=2 * 3600),
    "unacked_restore_throttle": 1}
# A task that fails is tried again after RETRY_DELAY seconds, doubling each time, until it has
# been tried TASK_TRIES times (a worker killed under it counts as a try); then it stays failed
# and the operator sees it, with its error, on the schedule page in /ops/.
TASK_TRIES = env.int("GONGHUI_TASK_TRIES", default=3)
TASK_RETRY_DELAY = env.int("GONGHUI_TASK_RETRY_DELAY", default=30)
# The one place that declares periodic work: name -> {"task": dotted name, "schedule": crontab(...)}
# (Asia/Shanghai time), run by `celery -A gonghui beat`; the schedule page in /ops/ lists it.
CELERY_BEAT_SCHEDULE = {
    "hardship-activate": {"task": "gonghui.hardship.tasks.activate_due", "schedule": crontab(hour=0, minute=10)},
    "expire-claims": {"task": "gonghui.campaigns.tasks.expire_claims", "schedule": crontab(hour=0, minute=20)},
    "track-claim-expiry": {"task": "gonghui.campaigns.tasks.track_claim_expiry",
                           "schedule": crontab(hour=0, minute=30)},
    "compact-tally": {"task": "gonghui.members.tasks.compact_tally", "schedule": crontab(hour=2, minute=0)},
    "cleanup-check-ids": {"task": "gonghui.members.tasks.cleanup_check_ids", "schedule": crontab(hour=3, minute=0)},
    "expire-imports": {"task": "gonghui.members.tasks.expire_imports", "schedule": crontab(hour=1, minute=30)},
    # The audit chain's head, anchored outside the database: a cut tail is found against it.
    "audit-anchor": {"task": "gonghui.core.tasks.anchor_audit", "schedule": crontab(minute="*/15")},
    "notices-sweep": {"task": "gonghui.notices.tasks.sweep", "schedule": crontab(minute="*/5")},
    "notices-digest": {"task": "gonghui.notices.tasks.send_digests", "schedule": crontab(hour=8, minute=0)},
    "notices-deadlines": {"task": "gonghui.notices.tasks.deadline_reminders", "schedule": crontab(hour=7, minute=30)},
    "rights-escalate": {"task": "gonghui.rights.tasks.escalate_overdue", "schedule": crontab(hour=6, minute=40)},
    "disputes-warnings": {"task": "gonghui.disputes.tasks.assess_warnings", "schedule": crontab(hour=6, minute=40)},
    "audit-purge": {"task": "gonghui.core.tasks.audit_purge", "schedule": crontab(hour=4, minute=0, day_of_week=0)},
    "retention": {"task": "gonghui.members.tasks.anonymise_past_retention", "schedule": crontab(hour=4, minute=30)},
    "mall-expire-vouchers": {"task": "gonghui.mall.tasks.expire_vouchers", "schedule": crontab(hour=0, minute=50)},
    "contracts-daily": {"task": "gonghui.contracts.tasks.daily", "schedule": crontab(hour=0, minute=40)},
}
# The federation's own jurisdiction (GB/T 2260): where the rulebook looks rules up by default.
GONGHUI_JURISDICTION = env("GONGHUI_JURISDICTION", default="430400")
# Roster files above this size are refused before they are read (split them instead).
IMPORT_MAX_MB = env.int("GONGHUI_IMPORT_MAX_MB", default=150)
IMPORT_DIR = VAR_DIR / "imports"  # 0700; rosters sealed with the field key (members.imports)
# Django writes an upload over 2.5 MB to a temporary file while the request runs: here, in a 0700
# directory of ours (made at start, core.apps), not in the world-listable /tmp.
FILE_UPLOAD_TEMP_DIR = str(VAR_DIR / "uploads")
# Days an uploaded roster may wait unconfirmed (or its dead task unrestarted) before the daily
# task members.tasks.expire_imports cancels the import and deletes its file.
IMPORT_RETENTION_DAYS = env.int("GONGHUI_IMPORT_RETENTION_DAYS", default=7)
ATTACHMENT_MAX_MB = env.int("GONGHUI_ATTACHMENT_MAX_MB", default=10)
# The positions map's tile layer, e.g. https://tiles.intranet.example/{z}/{x}/{y}.png (an intranet
# tile server); empty draws the points on a plain coordinate canvas instead.
POSITIONS_TILE_URL = env("GONGHUI_TILE_URL", default="")
if POSITIONS_TILE_URL:
    from urllib.parse import urlsplit

    _tiles = urlsplit(POSITIONS_TILE_URL)
    if _tiles.scheme in ("http", "https") and _tiles.netloc:  # the tile server's origin may serve images
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")


def _local_secret(name):
    """A random secret kept in var/, so `make run` works out of the box and survives restarts."""
    path = VAR_DIR / name
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


if "DJANGO_SECRET_KEY" in env.ENVIRON:
    SECRET_KEY = env("DJANGO_SECRET_KEY")
elif PROFILE == "production":
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Production needs a secret key from the environment "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
elif PROFILE == "test":
    SECRET_KEY = "test-only-" + "x" * 50  # noqa: S105 - never used outside the test profile
else:
    SECRET_KEY = _local_secret("secret_key")

# Personal fields (ID numbers, phones) are sealed with SM4 under FIELD_KEYS (id -> 32 bytes,
# the first one current; older ones only open old rows until `gonghui rotate_field_keys` has
# re-sealed them) and found by an HMAC-SM3 under LOOKUP_KEY. Losing these keys loses the data.
_KEY_HELP = "python -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())'"


def _key_from_base64(name, text):
    text = text.strip().translate(str.maketrans("-_", "+/")).rstrip("=")  # standard or URL-safe
    try:
        key = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{name} is not valid base64 (make one with: {_KEY_HELP}).") from None
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name} must be 32 bytes, base64-encoded (make one with: {_KEY_HELP}).")
    return key


def _field_keys(text, name="GONGHUI_FIELD_KEYS"):
    """GONGHUI_FIELD_KEYS (or another key ring): comma-separated `id:base64key`, the current key first."""
    ring = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key_id, sep, key = part.partition(":")
        key_id = key_id.strip()
        if not sep or not re.fullmatch(r"[a-z0-9]{1,16}", key_id):
            raise ImproperlyConfigured(f"{name} must be comma-separated id:base64key pairs with ids of "
                                       "1-16 lower-case letters or digits, the current key first (k2:...,k1:...).")
        if key_id in ring:
            raise ImproperlyConfigured(f"{name} names the key id {key_id!r} twice.")
        ring[key_id] = _key_from_base64(f"{name}[{key_id}]", key)
    if not ring:
        raise ImproperlyConfigured(f"{name} is empty (for example: k1:$({_KEY_HELP})).")
    return ring


def _local_key(name):
    """A random 32-byte key kept in var/ (base64, mode 0600 from the start), like _local_secret."""
    path = VAR_DIR / name
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        tmp = VAR_DIR / f".{name}.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(base64.b64encode(secrets.token_bytes(32)).decode())
        try:
            os.link(tmp, path)  # complete or absent: two processes starting at once keep one key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return _key_from_base64(str(path), path.read_text())


if "GONGHUI_FIELD_KEYS" in env.ENVIRON:
    FIELD_KEYS = _field_keys(env("GONGHUI_FIELD_KEYS"))
elif PROFILE == "production":
    raise ImproperlyConfigured(
        "GONGHUI_FIELD_KEYS is not set. Production needs the keys that encrypt ID numbers and phones: "
        f"comma-separated id:base64key pairs, the current key first (for example: k1:$({_KEY_HELP})). "
        "Keep them safe: without them the stored numbers cannot be read."
    )
elif PROFILE == "test":
    FIELD_KEYS = {"t1": bytes(range(32))}  # never used outside the test profile
else:
    FIELD_KEYS = {"k1": _local_key("field_key_k1")}

if "GONGHUI_LOOKUP_KEY" in env.ENVIRON:
    LOOKUP_KEY = _key_from_base64("GONGHUI_LOOKUP_KEY", env("GONGHUI_LOOKUP_KEY"))
elif PROFILE == "production":
    raise ImproperlyConfigured(
        "GONGHUI_LOOKUP_KEY is not set. Production needs the key of the look-up hash of ID numbers and phones: "
        f"32 random bytes in base64 (make one with: {_KEY_HELP})."
    )
elif PROFILE == "test":
    LOOKUP_KEY = bytes(range(32, 64))  # never used outside the test profile
else:
    LOOKUP_KEY = _local_key("lookup_key")

# The audit trail is chained with HMAC-SM3 under AUDIT_KEYS (id -> 32 bytes, the first one
# current; each entry names its key, so old keys keep verifying old entries after a rotation).
# The key never enters the database: someone who can write the database cannot re-chain it.
if "GONGHUI_AUDIT_KEYS" in env.ENVIRON:
    AUDIT_KEYS = _field_keys(env("GONGHUI_AUDIT_KEYS"), name="GONGHUI_AUDIT_KEYS")
elif PROFILE == "production":
    raise ImproperlyConfigured(
        "GONGHUI_AUDIT_KEYS is not set. Production needs the keys that seal the audit trail: "
        f"comma-separated id:base64key pairs, the current key first (for example: a1:$({_KEY_HELP})). "
        "Keep the old ones after a rotation: they verify the entries sealed with them."
    )
elif PROFILE == "test":
    AUDIT_KEYS = {"t1": bytes(range(64, 96))}  # never used outside the test profile
else:
    AUDIT_KEYS = {"a1": _local_key("audit_key_a1")}
# The chain's head (last id, count, hash) is anchored outside the database, in an append-only
# file of HMAC-sealed lines (by default var/audit_anchors.log), so a truncated or shortened
# trail is detected against the last anchor.
AUDIT_ANCHOR_FILE = env("GONGHUI_AUDIT_ANCHOR_FILE", default="")

# --- Layer 3: computed -------------------------------------------------------------------

_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets pages read while a write is under way; IMMEDIATE takes the write lock at the
    # start of a transaction, so two writers queue instead of failing mid-way.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    if _db["NAME"] not in ("", ":memory:"):
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    if PROFILE == "test" and not _db.get("TEST", {}).get("NAME"):
        # Tests run on the kind of database `make run` uses, a WAL file, not on Django's default
        # in-memory shared-cache one: its table locks (SQLITE_LOCKED) are not retried by the busy
        # timeout, so concurrent tests failed by chance with "database table is locked". One file
        # per test process (the pid; pytest-xdist adds its worker's suffix), in the temp dir.
        _db["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"gonghui-test-{os.getpid()}.sqlite3")}
else:
    _db.setdefault("CONN_MAX_AGE", 60)
    _db["CONN_HEALTH_CHECKS"] = True
if "replica" in DATABASES:
    DATABASES["replica"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

if PROFILE == "production":
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes speak plain HTTP on the host
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if PROFILE == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests only
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    STATIC_ROOT = None  # tests serve from the apps' static folders; nothing is collected
    WHITENOISE_USE_FINDERS = True
    AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# Names shown in the shell; kept here so every page and export agrees.
SITE_TITLE = _("Gonghui smart union platform")
