"""The 职代会 API: the same rules as the pages, in Chinese, with nothing recorded on a refusal,
and a member's token reaching only their own proposals and their employer's disclosures."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.accounts.models import ApiToken
from gonghui.wcongress import services
from gonghui.wcongress.models import Delegate, Motion, Proposal

from .conftest import SHANGHAI, ZHEJIANG, congress, home_congress, member, proposal

pytestmark = pytest.mark.django_db


def _as(user):
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})


def _post(c, url, body):
    return c.post(url, data=body, content_type="application/json")


def test_the_same_vote_passes_in_shanghai_and_fails_in_zhejiang(city, api):
    for region, passed in ((SHANGHAI, True), (ZHEJIANG, False)):
        k = congress(city, region=region, delegates=90)
        s = services.create_session(k, acting_user=city.users["city"], held_on=timezone.localdate())
        r = _post(api("city"), f"/api/v1/workers-congresses/sessions/{s.pk}/votes",
                  {"title": "集体合同草案", "present": 90, "in_favour": 45, "against": 45})
        assert r.status_code == 201 and r.json()["passed"] is passed, r.content
    detail = api("city").get(f"/api/v1/workers-congresses/{k.pk}").json()
    assert detail["delegates"] == 90 and detail["delegates_minimum"] == 89 and "浙江" in detail["passing_rule"]


def test_a_vote_below_quorum_is_refused_in_chinese(city, api):
    k = congress(city, region=SHANGHAI, headcount=100, delegates=30)
    s = services.create_session(k, acting_user=city.users["city"], held_on=timezone.localdate())
    r = _post(api("city"), f"/api/v1/workers-congresses/sessions/{s.pk}/votes",
              {"title": "决议", "present": 19, "in_favour": 19, "against": 0})
    assert r.status_code == 422 and "到会人数不足" in r.json()["detail"] and "第二十八条" in r.json()["detail"]
    assert not Motion.objects.exists()


def test_a_member_submits_by_api_and_too_few_co_sponsors_are_named(city):
    k = home_congress(city, delegates=3, logins=3)
    ds = list(Delegate.objects.filter(congress=k).select_related("member"))
    c = _as(ds[0].member.user)
    r = _post(c, "/api/v1/proposals", {"congress_id": k.pk, "title": "增设班车", "content": "开通夜班班车。",
                                       "cosponsor_ids": [ds[1].pk]})
    assert r.status_code == 422 and "附议人不足" in r.json()["detail"]
    assert not Proposal.objects.exists()
    r = _post(c, "/api/v1/proposals", {"congress_id": k.pk, "title": "增设班车", "content": "开通夜班班车。",
                                       "cosponsor_ids": [ds[1].pk, ds[2].pk]})
    assert r.status_code == 201 and r.json()["cosponsors"] == [ds[1].member.name, ds[2].member.name]
    assert [p["id"] for p in c.get("/api/v1/proposals").json()["items"]] == [r.json()["id"]]


def test_a_reply_to_an_unfiled_proposal_is_refused(city, api):
    p = proposal(city, state="not_filed")
    r = _post(api("city"), f"/api/v1/proposals/{p.pk}/reply", {"reply": "答复", "signed_by": "王经理"})
    assert r.status_code == 422 and "不立案" in r.json()["detail"]
    assert Proposal.objects.get(pk=p.pk).reply == ""


def test_a_member_token_reaches_only_their_own(city):
    p = proposal(city)
    services.plan_disclosures(city.employer, acting_user=city.users["city"], period_start=date(2026, 1, 1))
    services.plan_disclosures(city.employer2, acting_user=city.users["city"], period_start=date(2026, 1, 1))
    stranger = member(city, city.grassroots, login=True)
    c = _as(stranger.user)
    assert c.get("/api/v1/proposals").json()["items"] == []
    assert c.get(f"/api/v1/proposals/{p.pk}").status_code == 404
    assert _post(c, f"/api/v1/proposals/{p.pk}/screen", {"file": True}).status_code == 404
    items = c.get("/api/v1/disclosures").json()["items"]
    assert len(items) == 10 and {i["employer_id"] for i in items} == {city.employer.pk}
