"""Open positions are public information: the nearest search and a position's details answer
members and callers without a token, with public fields only and rate limited; staff keep the
full record (issue 21, defect 3)."""

from django.core.cache import cache
from django.test import Client

from gonghui.accounts.models import ApiToken

from .conftest import HENGYANG, member_login, position

NEAR = f"{HENGYANG[0]},{HENGYANG[1]}"
PUBLIC = {"id", "code", "name", "kind", "kind_name", "address", "lat", "lng", "opening_hours", "facilities",
          "distance_m"}


def _as(user=None):
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {})


def test_a_member_finds_the_nearest_open_positions(city):
    open_one = position(city, name="开放驿站")
    position(city, name="关闭驿站", status="closed", lat=HENGYANG[0] + 0.001)
    m = member_login(city)
    r = _as(m.user).get("/api/v1/positions", {"near": NEAR})
    assert r.status_code == 200, r.content
    items = r.json()["items"]
    assert [i["name"] for i in items] == ["开放驿站"]
    assert set(items[0]) == PUBLIC
    assert items[0]["distance_m"] == 0 and items[0]["id"] == open_one.pk


def test_anyone_without_signing_in_finds_them_and_their_details(city):
    p = position(city)
    anon = _as()
    r = anon.get("/api/v1/positions", {"near": NEAR, "limit": 5})
    assert r.status_code == 200 and r.json()["items"][0]["code"] == p.code
    d = anon.get(f"/api/v1/positions/{p.pk}")
    assert d.status_code == 200 and set(d.json()) == PUBLIC
    assert "contact_phone" not in d.json() and "union_name" not in d.json()


def test_a_closed_position_is_not_public(city):
    p = position(city, status="closed")
    assert _as().get(f"/api/v1/positions/{p.pk}").status_code == 404


def test_without_near_the_public_is_told_what_to_send(city):
    r = _as().get("/api/v1/positions")
    assert r.status_code == 422 and "near" in r.json()["errors"]


def test_staff_keep_the_full_record(city):
    p = position(city)
    r = _as(city.users["county"]).get(f"/api/v1/positions/{p.pk}")
    assert r.status_code == 200 and r.json()["contact_phone"] is not None and r.json()["union_id"]
    items = _as(city.users["county"]).get("/api/v1/positions", {"near": NEAR}).json()["items"]
    assert "union_name" in items[0]


def test_public_callers_are_rate_limited_in_chinese(city):
    position(city)
    cache.clear()
    anon = _as()
    codes = [anon.get("/api/v1/positions", {"near": NEAR}).status_code for _ in range(61)]
    assert codes[:60] == [200] * 60
    assert codes[60] == 429
    r = anon.get("/api/v1/positions", {"near": NEAR})
    assert r.status_code == 429 and "请求太频繁" in r.json()["detail"] and int(r["Retry-After"]) >= 1
    assert _as(city.users["county"]).get("/api/v1/positions", {"near": NEAR}).status_code == 200
    cache.clear()
