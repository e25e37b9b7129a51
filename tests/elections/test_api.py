"""The API from nomination to the approved result, and its refusals (a clear Chinese message
naming the rule, nothing recorded)."""

import json

from gonghui.elections.models import OfficeHolder, Round

from .conftest import teller2


def text(r):
    return json.dumps(r.json(), ensure_ascii=False)


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_whole_election_through_the_api(city, api):
    c = city
    clerk, county = api("union"), api("county")
    teller2(c)
    r = post(clerk, "/api/v1/elections", {"union_id": c.grassroots.pk, "title": "第五届委员会选举",
                                          "held_on": "2026-06-01", "meeting": "delegates", "delegates": 9})
    assert r.status_code == 201, r.content
    e = r.json()
    assert e["entitled"] == 9 and "代表人数" in e["entitled_source"]
    eid = e["id"]
    r = post(clerk, f"/api/v1/elections/{eid}/seats", {"office": "committee", "seats": 4})
    assert r.status_code == 422 and "奇数" in text(r)
    assert post(clerk, f"/api/v1/elections/{eid}/seats", {"office": "committee", "seats": 3}).status_code == 201
    for name in ("王芳", "张伟", "李娜"):
        assert post(clerk, f"/api/v1/elections/{eid}/candidates", {"office": "committee", "name": name}
                    ).status_code == 201
    r = post(clerk, f"/api/v1/elections/{eid}/submit")
    assert r.status_code == 422 and "差额" in text(r)
    post(clerk, f"/api/v1/elections/{eid}/candidates", {"office": "committee", "name": "刘洋"})
    assert post(clerk, f"/api/v1/elections/{eid}/submit").status_code == 200
    assert post(clerk, f"/api/v1/elections/{eid}/candidates/decide", {"approve": True}).status_code == 403
    assert post(county, f"/api/v1/elections/{eid}/candidates/decide", {"approve": True}).status_code == 200
    rounds = clerk.get(f"/api/v1/elections/{eid}/rounds").json()
    rid = rounds[0]["id"]
    ballot = [x["name"] for x in rounds[0]["ballot"]]
    assert ballot == ["王芳", "刘洋", "李娜", "张伟"]  # 王4 刘6 李7 张7 (li3 before zhang1 by pinyin)
    ids = {x["name"]: x["id"] for x in rounds[0]["ballot"]}
    # bad input: more returned than issued, attendance at the quorum (strict 2/3 of 9)
    r = post(clerk, f"/api/v1/rounds/{rid}/ballots", {"attendance": 9, "issued": 8, "returned": 9})
    assert r.status_code == 422 and "作废" in text(r)
    r = post(clerk, f"/api/v1/rounds/{rid}/ballots", {"attendance": 6, "issued": 6, "returned": 6})
    assert r.status_code == 422 and "须超过 2/3" in text(r) and "未记录" in text(r)
    assert Round.objects.get(pk=rid).attendance is None
    assert post(clerk, f"/api/v1/rounds/{rid}/ballots", {"attendance": 9, "issued": 9, "returned": 9}
                ).status_code == 200
    votes = {ids["王芳"]: 9, ids["张伟"]: 8, ids["李娜"]: 7, ids["刘洋"]: 2}
    assert post(clerk, f"/api/v1/rounds/{rid}/tallies", {"invalid": 0, "votes": votes}).status_code == 200
    other = api("teller2")
    assert post(other, f"/api/v1/rounds/{rid}/tallies", {"invalid": 0, "votes": votes | {ids["刘洋"]: 1}}
                ).status_code == 200
    r = post(clerk, f"/api/v1/rounds/{rid}/result")
    assert r.status_code == 422 and "刘洋 的得票" in text(r)
    assert clerk.get(f"/api/v1/rounds/{rid}").json()["disagreements"]
    post(other, f"/api/v1/rounds/{rid}/tallies", {"invalid": 0, "votes": votes})
    r = post(clerk, f"/api/v1/rounds/{rid}/result")
    assert r.status_code == 200, r.content
    res = r.json()["result"]
    assert res["threshold"]["votes"] == 5 and res["threshold"]["strict"] is True
    assert "工会基层组织选举工作条例" in res["threshold"]["source"]
    by = {x["name"]: x for x in res["candidates"]}
    assert by["王芳"]["elected"] and by["李娜"]["elected"] and not by["刘洋"]["elected"]
    assert by["刘洋"]["outcome"] == "below_threshold" and "未达到当选票数 5" in by["刘洋"]["why"]
    assert post(clerk, f"/api/v1/elections/{eid}/report").status_code == 200
    assert not OfficeHolder.objects.filter(union=c.grassroots).exists()
    r = post(county, f"/api/v1/elections/{eid}/result/decide", {"approve": True})
    assert r.status_code == 200 and r.json()["state"] == "approved" and r.json()["term_id"]
    holders = clerk.get("/api/v1/office-holders?current=true").json()["items"]
    assert {h["name"] for h in holders} == {"王芳", "张伟", "李娜"}
    terms = clerk.get("/api/v1/terms").json()["items"]
    assert [t["elected_on"] for t in terms] == ["2026-06-01"]


def test_other_county_sees_nothing(city, api):
    c = city
    post(api("union"), "/api/v1/elections", {"union_id": c.grassroots.pk, "title": "选举", "held_on": "2026-06-01",
                                             "meeting": "delegates", "delegates": 9})
    assert api("county2").get("/api/v1/elections").json()["items"] == []
    assert len(api("county").get("/api/v1/elections").json()["items"]) == 1
    # and the clerk of g1 cannot start one for a union outside their own
    r = post(api("union"), "/api/v1/elections", {"union_id": c.grassroots2.pk, "title": "选举",
                                                 "held_on": "2026-06-01", "meeting": "delegates", "delegates": 9})
    assert r.status_code == 404
