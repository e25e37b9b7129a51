"""The congress API: same rules and scoping as the pages; bad input answers 422 in Chinese,
naming the rule, and records nothing."""

import pytest

from gonghui.congress import services
from gonghui.congress.models import Attendance, Delegate, Motion
from gonghui.members import card

from .conftest import attend, city_congress, meeting, member, session

pytestmark = pytest.mark.django_db


def test_congress_detail_and_scoping(city, api):
    congress = city_congress(city)
    r = api("city").get(f"/api/v1/congresses/{congress.pk}")
    assert r.status_code == 200
    body = r.json()
    assert sum(u["seats"] for u in body["units"]) == 100
    assert {c["rule"]["name"] for c in body["checks"]} >= {"congress.frontline_share_min"}
    assert api("county").get(f"/api/v1/congresses/{congress.pk}").status_code == 404
    assert api("county").get("/api/v1/congresses").json()["items"] == []


def test_delegate_outside_the_unit_is_refused(city, api):
    congress = city_congress(city)
    unit = congress.units.get(union=city.county)
    outsider = member(city, city.grassroots2)
    r = api("city").post(f"/api/v1/congresses/{congress.pk}/delegates",
                         {"unit_id": unit.pk, "member_id": outsider.pk}, content_type="application/json")
    assert r.status_code == 422 and "衡阳县总工会" in r.json()["detail"]
    assert not Delegate.objects.exists()
    r = api("city").post(f"/api/v1/congresses/{congress.pk}/delegates",
                         {"unit_id": unit.pk, "member_id": member(city).pk, "front_line": True},
                         content_type="application/json")
    assert r.status_code == 201 and r.json()["front_line"]


def test_checkin_refusals_and_vote_below_quorum(city, api):
    congress = meeting(city, 3)
    s = session(city, congress)
    d = services.live_delegates(congress).first()
    client = api("city")
    url = f"/api/v1/congresses/sessions/{s.pk}/checkin"
    assert client.post(url, {"code": card.issue(d.member)}, content_type="application/json").status_code == 201
    r = client.post(url, {"code": card.issue(d.member)}, content_type="application/json")
    assert r.status_code == 422 and d.member.name in r.json()["detail"]
    stranger = member(city, city.grassroots_b)
    r = client.post(url, {"code": card.issue(stranger)}, content_type="application/json")
    assert r.status_code == 422 and "不是" in r.json()["detail"]
    assert Attendance.objects.count() == 1
    motion = client.post(f"/api/v1/congresses/sessions/{s.pk}/motions", {"title": "关于预算的决议"},
                         content_type="application/json").json()
    r = client.post(f"/api/v1/congresses/motions/{motion['id']}/vote",
                    {"votes_for": 1, "votes_against": 0, "abstentions": 0}, content_type="application/json")
    assert r.status_code == 422 and "congress" not in r.json()["detail"]
    assert Motion.objects.get().state == Motion.State.PENDING
    attend(city, s, 2)
    r = client.post(f"/api/v1/congresses/motions/{motion['id']}/vote",
                    {"votes_for": 2, "votes_against": 0, "abstentions": 0}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "passed"
    got = client.get(f"/api/v1/congresses/sessions/{s.pk}").json()
    assert got["quorum"] == got["quorum"] | {"present": 2, "seats": 3, "met": True, "needed": 2}
