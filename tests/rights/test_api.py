"""The rights API: each answer carries its computed deadline with the rule and its source; a
county reaches only its employers' requests; a member's token only their own; refusals are 422
in Chinese and change nothing."""

import json
from datetime import date

import pytest
from django.test import Client

from gonghui.accounts.models import ApiToken
from gonghui.rights.models import LegalAidCase, Request

from ..factories import colleague
from .conftest import aid_case, member, request_

pytestmark = pytest.mark.django_db


def _text(res):
    return json.dumps(res.json(), ensure_ascii=False)


def _post(c, url, body):
    return c.post(url, data=body, content_type="application/json")


def test_each_answer_carries_its_deadline_with_rule_and_source(city, api):
    r = request_(city, received_on=date(2026, 3, 2))
    body = api("county").get(f"/api/v1/requests/{r.pk}").json()
    assert body["deadline"]["due_on"] == "2026-03-09"
    assert body["deadline"]["rule"] == "rights.hotline_ordinary_working_days"
    assert body["deadline"]["unit"] == "working_days" and "12351" in body["deadline"]["source"]
    body = _post(api("county"), f"/api/v1/requests/{r.pk}/accept", {"klass": "complex",
                                                                     "reason": "涉及集体欠薪"}).json()
    assert body["deadline"]["rule"] == "rights.hotline_complex_working_days" and body["deadline"]["value"] == "30"
    case = aid_case(city)
    body = api("county").get(f"/api/v1/legal-aid/{case.pk}").json()
    assert body["decision_deadline"]["due_on"] == case.decision_due_on.isoformat()
    assert "工会法律援助办法" in body["decision_deadline"]["source"]


def test_a_county_lists_only_its_employers_requests(city, api):
    mine, theirs = request_(city), request_(city, employer=city.employer2)
    ids = {row["id"] for row in api("county").get("/api/v1/requests").json()["items"]}
    assert mine.pk in ids and theirs.pk not in ids
    assert api("county").get(f"/api/v1/requests/{theirs.pk}").status_code == 404
    ids = {row["id"] for row in api("county2").get("/api/v1/requests").json()["items"]}
    assert ids == {theirs.pk}
    ids = {row["id"] for row in api("union").get("/api/v1/requests").json()["items"]}
    assert ids == {mine.pk}  # the grassroots clerk: their own union's requests


def test_a_member_token_reaches_only_their_own_requests(city):
    me, other = member(city, login=True), member(city, login=True)
    c = Client(headers={"Authorization": f"Bearer {ApiToken.issue(me.user)}"})
    r = _post(c, "/api/v1/requests", {"kind": "solve", "topic": "wages", "description": "两个月工资未发。",
                                      "employer_name": city.employer.name})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["union_id"] == city.grassroots.pk and body["worker_name"] == me.name and body["deadline"]["due_on"]
    theirs = Client(headers={"Authorization": f"Bearer {ApiToken.issue(other.user)}"})
    assert theirs.get(f"/api/v1/requests/{body['id']}").status_code == 404
    assert theirs.get("/api/v1/requests").json()["items"] == []
    assert [row["id"] for row in c.get("/api/v1/requests").json()["items"]] == [body["id"]]
    assert _post(c, f"/api/v1/requests/{body['id']}/accept", {}).status_code == 404  # members do not handle


def test_refusals_are_chinese_and_change_nothing(city, api):
    r = request_(city, state="handled", received_on=date(2026, 3, 2))
    res = _post(api("city"), f"/api/v1/requests/{r.pk}/reply", {"reply": "已处理", "replied_on": "2026-03-01"})
    assert res.status_code == 422 and "答复日期" in _text(res)
    r2 = request_(city, state="replied")
    res = _post(api(colleague(city, "city")), f"/api/v1/requests/{r2.pk}/close", {"passed": True})
    assert res.status_code == 422 and "回访" in _text(res)
    r3 = request_(city, state="accepted", received_on=date(2026, 3, 2))
    res = _post(api("city"), f"/api/v1/requests/{r3.pk}/reclassify", {"klass": "complex", "reason": ""})
    assert res.status_code == 422 and "理由" in _text(res)
    assert Request.objects.get(pk=r.pk).state == "handled"
    assert Request.objects.get(pk=r2.pk).state == "replied"
    assert Request.objects.get(pk=r3.pk).klass == "ordinary"


def test_the_legal_aid_flow_through_the_api(city, api):
    m = member(city, is_model_worker=True)
    res = _post(api("county"), "/api/v1/legal-aid", {"union_id": city.county.pk, "member_number": m.number,
                                                      "facts": "被违法解除劳动合同。", "basis": "model_worker"})
    assert res.status_code == 201, res.content
    pk = res.json()["id"]
    assert _post(api("county"), f"/api/v1/legal-aid/{pk}/decide", {"grant": True}).status_code == 422  # own entry
    assert _post(api("city"), f"/api/v1/legal-aid/{pk}/decide", {"grant": True}).json()["state"] == "granted"
    from .conftest import provider

    p = provider(city)
    assert _post(api("county"), f"/api/v1/legal-aid/{pk}/assign", {"provider_id": p.pk}).json()["provider_name"]
    _post(api("county"), f"/api/v1/legal-aid/{pk}/serve", {"service": "mediation", "note": "调解一次。"})
    res = _post(api("county"), f"/api/v1/legal-aid/{pk}/close", {"result": "settled", "money_recovered_fen": 500000})
    assert res.status_code == 422 and LegalAidCase.objects.get(pk=pk).state == "served"
    res = _post(api("county"), f"/api/v1/legal-aid/{pk}/close", {"result": "settled", "money_recovered_fen": 500000,
                                                                  "rating": 5})
    assert res.json()["state"] == "closed" and res.json()["money_recovered_fen"] == 500000


def test_the_board_counts_by_union_and_topic(city, api):
    request_(city, state="closed", money=300000)
    request_(city, topic="injury")
    request_(city, employer=city.employer2)
    body = api("county").get("/api/v1/requests-board").json()
    assert body["total"]["total"] == 2 and body["total"]["closed"] == 1 and body["total"]["money_fen"] == 300000
    assert {r["key"] for r in body["by_topic"]} == {"wages", "injury"}
    assert [r["key"] for r in body["by_union"]] == [str(city.grassroots.pk)]


def test_legal_aid_access_from_both_sides(city, api):
    """A member's token lists and opens only their own applications and cannot act on them; a
    county lists only its own cases, the neighbouring county gets 404."""
    me, other = (member(city, login=True, is_model_worker=True) for _ in range(2))
    mine = aid_case(city, member_=me)
    theirs = aid_case(city, member_=other)
    neighbour = aid_case(city, union=city.county2)
    c = Client(headers={"Authorization": f"Bearer {ApiToken.issue(me.user)}"})
    assert [row["id"] for row in c.get("/api/v1/legal-aid").json()["items"]] == [mine.pk]
    body = c.get(f"/api/v1/legal-aid/{mine.pk}").json()
    assert body["decision_deadline"]["due_on"] and "工会法律援助办法" in body["decision_deadline"]["source"]
    assert c.get(f"/api/v1/legal-aid/{theirs.pk}").status_code == 404
    assert _post(c, f"/api/v1/legal-aid/{mine.pk}/decide", {"grant": True}).status_code == 404
    assert LegalAidCase.objects.get(pk=mine.pk).state == "applied"
    ids = {row["id"] for row in api("county").get("/api/v1/legal-aid").json()["items"]}
    assert {mine.pk, theirs.pk} <= ids and neighbour.pk not in ids
    assert api("county").get(f"/api/v1/legal-aid/{neighbour.pk}").status_code == 404
    assert {row["id"] for row in api("county2").get("/api/v1/legal-aid").json()["items"]} == {neighbour.pk}
