"""The collective-contract API: each answer carries its computed dates with their rules; the
same refusals as the pages (422 in Chinese, nothing changed); scoping."""


import pytest

from gonghui.contracts.models import CollectiveContract as C

from .conftest import SHANGHAI, contract, firm

pytestmark = pytest.mark.django_db


def _post(c, url, body=None):
    return c.post(url, data=body or {}, content_type="application/json")


def test_request_to_in_force_through_the_api(city, api):
    e, u = firm(city, SHANGHAI)
    c = api("city")
    r = _post(c, "/api/v1/collective-contracts", {"union_id": u.pk, "title": "上海集体合同", "employer_ids": [e.pk],
                                                   "requested_on": "2026-09-16"})
    assert r.status_code == 201, r.content
    body = r.json()
    [d] = body["deadlines"]
    assert d["key"] == "reply_due_on" and d["due_on"] == "2026-10-08" and "上海市集体合同条例" in d["source"]
    pk = body["id"]
    # a reply before the request: 422, nothing changed
    r = _post(c, f"/api/v1/collective-contracts/{pk}/reply", {"replied_on": "2026-09-15"})
    assert r.status_code == 422 and "上海市集体合同条例" in str(r.json()) and "2026-09-15" in str(r.json())
    assert C.objects.get(pk=pk).state == C.State.REQUESTED
    assert _post(c, f"/api/v1/collective-contracts/{pk}/reply", {"replied_on": "2026-09-20"}).status_code == 200
    r = _post(c, f"/api/v1/collective-contracts/{pk}/negotiators",
              {"union_side": ["甲", "乙"], "employer_side": ["丙", "丁"]})
    assert r.status_code == 422 and "集体合同规定 第八条" in str(r.json())
    r = _post(c, f"/api/v1/collective-contracts/{pk}/negotiators",
              {"union_side": ["甲", "乙", "戊"], "employer_side": ["丙", "丁", "己"]})
    assert r.status_code == 200 and len(r.json()["negotiators"]) == 6
    assert _post(c, f"/api/v1/collective-contracts/{pk}/meetings",
                 {"held_on": "2026-09-25", "summary": "协商"}).status_code == 200
    assert _post(c, f"/api/v1/collective-contracts/{pk}/draft",
                 {"agreed_on": "2026-09-28", "text": "草案"}).status_code == 200
    C.objects.filter(pk=pk).update(state=C.State.APPROVED)  # the vote is tested with the congress
    r = _post(c, f"/api/v1/collective-contracts/{pk}/sign",
              {"signed_on": "2026-10-09", "term_start": "2026-11-01", "term_end": "2030-10-31"})
    assert r.status_code == 422 and "集体合同规定 第三十八条" in str(r.json())
    r = _post(c, f"/api/v1/collective-contracts/{pk}/sign",
              {"signed_on": "2026-10-09", "term_start": "2026-11-01", "term_end": "2029-10-31"})
    assert r.status_code == 200
    assert {d["key"]: d["due_on"] for d in r.json()["deadlines"]}["filing_due_on"] == "2026-10-19"
    r = _post(c, f"/api/v1/collective-contracts/{pk}/file", {"filed_on": "2026-10-20"})
    assert r.status_code == 422 and "集体合同规定 第四十二条" in str(r.json())
    r = _post(c, f"/api/v1/collective-contracts/{pk}/file", {"filed_on": "2026-10-19"})
    assert r.status_code == 200
    assert {d["key"]: d["due_on"] for d in r.json()["deadlines"]}["review_ends_on"] == "2026-11-03"
    r = _post(c, f"/api/v1/collective-contracts/{pk}/in-force")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == "in_force" and body["effective_on"] == "2026-11-04"
    renewal = {d["key"]: d for d in body["deadlines"]}["renewal_from"]
    assert renewal["due_on"] == "2029-07-31" and "集体合同规定 第三十八条" in renewal["source"]


def test_scoping(city, api):
    k = contract(city)
    assert api("county2").get(f"/api/v1/collective-contracts/{k.pk}").status_code == 404
    assert api("county").get(f"/api/v1/collective-contracts/{k.pk}").status_code == 200
    ids = [r["id"] for r in api("county2").get("/api/v1/collective-contracts").json()["items"]]
    assert k.pk not in ids
    r = _post(api("auditor"), f"/api/v1/collective-contracts/{k.pk}/reply", {"replied_on": "2026-03-05"})
    assert r.status_code == 403
