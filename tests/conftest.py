import pytest
from django.test import Client

from gonghui.accounts.models import ApiToken

from .factories import build_city


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
