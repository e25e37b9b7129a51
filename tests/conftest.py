import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from gonghui.accounts.models import ApiToken

from . import db_reset
from .browser_support import browser, mark_browser_tests, new_phone, page, phone, sign_in  # noqa: F401
from .factories import build_city

# Property tests check behaviour, not speed (speed is measured in bench/): Hypothesis's default
# 200 ms deadline per example, and its "too slow" data-generation check, failed tests at random
# on a loaded 2-core machine.
hypothesis_settings.register_profile("gonghui", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("gonghui")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as migrate left it, copied aside so transactional tests restore it fast
    (tests/db_reset.py)."""
    with django_db_blocker.unblock():
        db_reset.take()
    db_reset.install()


@pytest.fixture(scope="session", autouse=True)
def _claim_writers_stop(django_db_setup):
    """The claim engine's writer threads hold database connections: they end before the test
    database is dropped."""
    yield
    from gonghui.campaigns import engine

    engine.GROUP.stop()


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    """Uploaded rosters and job heartbeats go to a temporary directory, not the checkout's var/."""
    settings.IMPORT_DIR = tmp_path / "imports"
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def city(db):
    return build_city()


@pytest.fixture
def login(client, city):
    """login("county") signs the test client in as that persona and returns it."""

    def _login(name):
        client.force_login(city.users[name])
        return client

    return _login


@pytest.fixture
def api(city):
    """api("county") returns a client whose requests carry that persona's bearer token."""

    def _api(name):
        token = ApiToken.issue(city.users[name])
        return Client(headers={"Authorization": f"Bearer {token}"})

    return _api


# --- the demo city, built once per run -----------------------------------------------------

DEMO = SimpleNamespace(size=0.02, members=600)  # 6 counties' unions, 600 members: every step has rows


class _RollBack(Exception):
    pass


@pytest.fixture(scope="session")
def demo_city(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo city, built once per test run inside one transaction that is rolled back at the
    end. The tests that use it run last (pytest_collection_modifyitems), so no other test sees
    its rows; each test's own changes roll back with `db`. Building it per test cost 50 s each."""
    var = tmp_path_factory.mktemp("demo-var")
    with django_db_blocker.unblock(), override_settings(VAR_DIR=var, IMPORT_DIR=var / "imports",
                                                        MEDIA_ROOT=var / "media"):
        try:
            with transaction.atomic():
                call_command("demo", stdout=io.StringIO(), size=DEMO.size, members=DEMO.members)
                yield DEMO
                raise _RollBack
        except _RollBack:
            pass
        # After the browser tests this connection is not the one Django closes before dropping
        # the test database (PostgreSQL then refused the drop: "being accessed by other users").
        connection.close()


@pytest.fixture
def demo(demo_city, db):
    """The shared demo city for one test; what the test changes is rolled back after it."""
    return demo_city


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests get their mark; tests on the shared demo city go last (after any shuffle),
    so its rows, alive until the run ends, are never seen by another test."""
    mark_browser_tests(items)
    items.sort(key=lambda item: "demo_city" in getattr(item, "fixturenames", ()))
