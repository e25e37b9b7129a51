"""Reads from a PostgreSQL streaming replica (DATABASE_REPLICA_URL) where staleness of a second
does no harm: report pages, exports and the year report. Everything else reads the primary.

Three rules keep a clerk from ever missing their own change:
- only code that asks (`reads()` around a task's or an export's reading, `@report` on a view)
  reads the replica at all;
- once anything in the request or task has written, or inside a transaction, reads go to the
  primary (the router sees every write);
- after a request that wrote, the browser holds a cookie for `GONGHUI_REPLICA_PIN_SECONDS` (5)
  that keeps the user's next requests on the primary: a save followed by its report shows the
  save, however far the replica lags.
Without DATABASE_REPLICA_URL (SQLite, one PostgreSQL) the router does nothing.
"""

import contextlib
import functools
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PIN_COOKIE = "gh_primary"
# Sign-in state is read from the primary always: a session or token made a moment ago must be
# found, whatever the page (the replica may not have it yet).
PRIMARY_ONLY = {"sessions", "accounts", "auth", "axes", "otp_totp", "otp_static", "django_otp"}


@dataclass
class _State:
    replica_ok: bool = False
    wrote: bool = False
    pinned: bool = False


_state: ContextVar[_State | None] = ContextVar("gonghui_db_state", default=None)


def configured():
    return REPLICA in settings.DATABASES


class Router:
    """settings.DATABASE_ROUTERS: reads to the replica only when the three rules allow it."""

    def db_for_read(self, model, **hints):
        s = _state.get()
        if (s is not None and s.replica_ok and not s.wrote and not s.pinned and configured()
                and model._meta.app_label not in PRIMARY_ONLY and not connections["default"].in_atomic_block):
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        s = _state.get()
        if s is not None:
            s.wrote = True
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA  # a replica follows the primary's schema by itself


@contextlib.contextmanager
def reads():
    """Reads inside may come from the replica (until something writes). For tasks and streams."""
    token = _state.set(_State(replica_ok=True))
    try:
        yield
    finally:
        _state.reset(token)


def report(view):
    """A view whose reads may come from the replica (the request's own state still rules)."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        s = _state.get()
        if s is not None:
            s.replica_ok = True
        return view(request, *args, **kwargs)
    return wrapped


class Middleware:
    """Gives each request its state, honours the pin cookie, and sets it after a write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = _State(pinned=PIN_COOKIE in request.COOKIES)
        token = _state.set(state)
        try:
            response = self.get_response(request)
        finally:
            _state.reset(token)
        if state.wrote and configured():
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=request.is_secure())
        return response
