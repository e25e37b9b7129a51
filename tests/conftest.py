import pytest
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from gonghui.accounts.models import ApiToken

from .browser_support import browser, new_phone, page, phone, pytest_collection_modifyitems, sign_in  # noqa: F401
from .factories import build_city

# Property tests check behaviour, not speed (speed is measured in bench/): Hypothesis's default
# 200 ms deadline per example, and its "too slow" data-generation check, failed tests at random
# on a loaded 2-core machine.
hypothesis_settings.register_profile("gonghui", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("gonghui")


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
