"""The honours API: the registry's filters and refusals in Chinese, and a selection round from
call to 公示 with its mix check, objections and the refusal after 公示 closed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.honours.models import Honour, Nomination, Objection, SelectionRound

from ..factories import colleague
from .conftest import honour, member

pytestmark = pytest.mark.django_db


def _post(c, url, body=None):
    return c.post(url, data=body or {}, content_type="application/json")


def test_registry_list_filters_and_scope(city, api):
    a, b = member(city), member(city, union=city.grassroots2)
    honour(city, a, year=2025)
    honour(city, b, title="craftsman", level="city", year=2024)
    rows = api("city").get("/api/v1/honours", {"title": "craftsman"}).json()["items"]
    assert [r["member_id"] for r in rows] == [b.pk] and rows[0]["title_label"] == "工匠"
    rows = api("county").get("/api/v1/honours").json()["items"]
    assert [r["member_id"] for r in rows] == [a.pk]


def test_record_and_revoke_through_the_api(city, api):
    m = member(city)
    r = _post(api("city"), "/api/v1/honours", {"member_id": m.pk, "title": "may_day_medal", "level": "national",
                                               "year": 2025, "conferring_body": "中华全国总工会"})
    assert r.status_code == 201, r.content
    hid = r.json()["id"]
    r = _post(api("city"), f"/api/v1/honours/{hid}/revoke", {"reason": ""})
    assert r.status_code == 422 and "撤销原因" in r.json()["detail"]
    r = _post(api("city"), f"/api/v1/honours/{hid}/revoke", {"reason": "违纪"})
    assert r.json()["state"] == "revoked" and Honour.objects.get(pk=hid).state_reason == "违纪"


def test_a_round_through_the_api(city, api):
    until = (timezone.localdate() + timedelta(days=20)).isoformat()
    r = _post(api("city"), "/api/v1/selection-rounds", {
        "union_id": city.root.pk, "name": "市五一劳动奖章评选", "year": timezone.localdate().year,
        "title": "may_day_medal", "level": "city", "conferring_body": "衡阳市总工会", "nominate_until": until,
        "quotas": [{"union_id": city.county.pk, "quota": 5}], "mix": ["industrial_worker_min"]})
    assert r.status_code == 201, r.content
    rid = r.json()["id"]
    assert r.json()["mix"][0]["required"] == "≥35%"
    ids = []
    for flag in (True, False):
        m = member(city)
        r = _post(api("county"), f"/api/v1/selection-rounds/{rid}/nominations", {
            "nominated_by_id": city.county.pk, "member_id": m.pk, "deeds": "技术革新", "is_industrial_worker": flag})
        assert r.status_code == 201, r.content
        ids.append(r.json()["id"])
    second = colleague(city, "county")
    for nid in ids:
        assert _post(api(second), f"/api/v1/selection-rounds/nominations/{nid}/review",
                     {"approve": True}).status_code == 200
        r = _post(api("city"), f"/api/v1/selection-rounds/nominations/{nid}/review", {"approve": True})
        assert r.json()["state"] == "approved"
    r = _post(api("city"), f"/api/v1/selection-rounds/{rid}/publicity")
    assert r.status_code == 200, r.content  # 1 of 2 industrial workers: 50% ≥ 35%
    r = api("city").get(f"/api/v1/selection-rounds/{rid}").json()
    assert r["state"] == "publicity" and r["mix"][0]["part"] == 1 and r["mix"][0]["ok"]
    late = (SelectionRound.objects.get(pk=rid).publicity_until + timedelta(days=1)).isoformat()
    r = _post(api("city"), f"/api/v1/selection-rounds/nominations/{ids[0]}/objections",
              {"content": "异议", "received_on": late})
    assert r.status_code == 422 and "不予受理" in r.json()["detail"] and not Objection.objects.exists()
    r = _post(api("city"), f"/api/v1/selection-rounds/nominations/{ids[0]}/objections", {"content": "异议"})
    assert r.status_code == 201 and Nomination.objects.get(pk=ids[0]).state == "on_hold"
    r = _post(api("city"), f"/api/v1/selection-rounds/objections/{r.json()['id']}/resolve",
              {"uphold": False, "finding": "不属实"})
    assert r.status_code == 422  # who recorded it does not decide it
    r = _post(api(colleague(city, "city")), f"/api/v1/selection-rounds/objections/{Objection.objects.get().pk}/resolve",
              {"uphold": False, "finding": "不属实"})
    assert r.json()["state"] == "dismissed" and Nomination.objects.get(pk=ids[0]).state == "publicity"
    r = _post(api(colleague(city, "city")), f"/api/v1/selection-rounds/{rid}/award")
    assert r.status_code == 422 and "公示" in r.json()["detail"]


def test_a_nomination_is_withdrawn_through_the_api_by_its_union_only(city, api):
    from .conftest import a_round, nominate

    n = nominate(city, a_round(city))
    url = f"/api/v1/selection-rounds/nominations/{n.pk}/withdraw"
    assert _post(api("county2"), url, {"reason": "越权"}).status_code == 404
    r = _post(api("county"), url, {"reason": ""})
    assert r.status_code == 422 and "原因" in r.json()["detail"]
    assert Nomination.objects.get(pk=n.pk).state == "submitted"
    r = _post(api("county"), url, {"reason": "单位撤回推荐"})
    assert r.status_code == 200 and r.json()["state"] == "withdrawn"
    r = _post(api("county"), url, {"reason": "再撤一次"})
    assert r.status_code == 422 and Nomination.objects.get(pk=n.pk).state == "withdrawn"
