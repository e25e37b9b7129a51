"""Every operation on a position answers an id outside what the caller may see exactly as it
answers a missing one (404, same body), and an id reading shows is never "not found" on another
operation (issue: GET of a foreign id answered 404 where check-in and rating answered otherwise)."""

import re

import pytest
from django.test import Client

from gonghui.accounts.models import ApiToken
from gonghui.positions.models import PositionStatus

from .conftest import member_login, position

MISSING = 999_999


def _client(user):
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})


def _api_operations(pk):
    base = f"/api/v1/positions/{pk}"
    rating = {"stars": 4, "comment": ""}
    return {
        "read": lambda c: c.get(base),
        "change": lambda c: c.patch(base, {"name": "改名"}, content_type="application/json"),
        "check in": lambda c: c.post(f"{base}/check-ins"),
        "rate": lambda c: c.post(f"{base}/ratings", rating, content_type="application/json"),
    }


def _page_operations(pk):
    return {
        "detail page": lambda c: c.get(f"/positions/{pk}/"),
        "edit page": lambda c: c.get(f"/positions/{pk}/edit/"),
        "edit": lambda c: c.post(f"/positions/{pk}/edit/", {"name": "改名"}),
        "add a photo": lambda c: c.post(f"/positions/{pk}/photos/"),
        # a photo id no test makes: on PostgreSQL id 1 is whichever photo the run made first
        "a photo": lambda c: c.get(f"/positions/{pk}/photos/{MISSING}/"),
    }


def _answers(client, operations_of, pk):
    """Status and body of each operation, the body without what differs on every page (the
    CSRF token, the address asked for)."""
    def body(r):
        text = re.sub(r'(name="csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"', "", r.content.decode())
        return text.replace(f"/positions/{pk}/", "/positions/ID/")

    return {name: (r.status_code, body(r)) for name, op in operations_of(pk).items() for r in [op(client)]}


def _callers(city):
    """Who asks, and a position outside what they may see: a county clerk and a position of the
    other county; a department without the positions right and a closed position; a member and
    a closed position."""
    other_county = position(city, union=city.grassroots2, name="衡南县职工之家")
    closed = position(city, union=city.grassroots2, name="衡南县职工书屋")
    type(closed).objects.filter(pk=closed.pk).update(status=PositionStatus.CLOSED)
    member = member_login(city, city.grassroots).user
    return {"county": (city.users["county"], other_county), "publicity": (city.users["publicity"], closed),
            "member": (member, closed)}


@pytest.mark.parametrize("who", ["county", "publicity", "member"])
def test_every_api_operation_answers_a_foreign_position_as_a_missing_one(city, who):
    user, foreign = _callers(city)[who]
    c = _client(user)
    foreign_answers, missing_answers = _answers(c, _api_operations, foreign.pk), _answers(c, _api_operations, MISSING)
    assert {k: v[0] for k, v in missing_answers.items()} == dict.fromkeys(missing_answers, 404)
    assert foreign_answers == missing_answers


@pytest.mark.parametrize("who", ["county", "publicity", "member"])
def test_every_page_answers_a_foreign_position_as_a_missing_one(city, who):
    user, foreign = _callers(city)[who]
    c = Client()
    c.force_login(user)
    foreign_answers, missing_answers = _answers(c, _page_operations, foreign.pk), _answers(c, _page_operations,
                                                                                             MISSING)
    assert {k: v[0] for k, v in missing_answers.items()} == dict.fromkeys(missing_answers, 404)
    assert foreign_answers == missing_answers


def test_a_position_reading_shows_is_found_by_every_member_operation(city):
    """A department without the positions right reads an open position's public fields; checking
    in there is then refused for what they are (not a member), never "not found"."""
    open_one = position(city, union=city.grassroots2, name="衡南县职工之家")
    c = _client(city.users["publicity"])
    assert c.get(f"/api/v1/positions/{open_one.pk}").status_code == 200
    for r in (c.post(f"/api/v1/positions/{open_one.pk}/check-ins"),
              c.post(f"/api/v1/positions/{open_one.pk}/ratings", {"stars": 4, "comment": ""},
                     content_type="application/json")):
        assert r.status_code == 422 and "会员" in r.json()["detail"]
