"""The JSON API: sign-in, scoping identical to the pages, validation errors in Chinese."""

import json

import pytest

from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Employer, Union

from ..factories import PASSWORD, make_uscc


def post(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_login_gives_a_token_that_reaches_me(city, client):
    r = post(client, "/api/v1/auth/login", {"username": "county", "password": PASSWORD})
    assert r.status_code == 200
    token = r.json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["username"] == "county"
    assert me["grants"] == [{"union_id": city.county.pk, "union_name": "衡阳县总工会", "role": "organisation",
                             "role_name": me["grants"][0]["role_name"], "covers_subtree": True}]


def test_wrong_password_is_401_in_chinese_and_audited(city, client):
    r = post(client, "/api/v1/auth/login", {"username": "county", "password": "nope"})
    assert r.status_code == 401
    assert "密码" in r.json()["detail"]
    assert AuditEntry.objects.filter(action="login_failed", actor_label="county").exists()


def test_no_token_is_401(city, client):
    assert client.get("/api/v1/unions").status_code == 401


def test_union_list_is_scoped_and_paged(city, api):
    r = api("county").get("/api/v1/unions", {"page_size": 2})
    body = r.json()
    assert body["count"] == 4 and len(body["items"]) == 2
    r = api("county").get("/api/v1/unions", {"page_size": 50, "kind": "grassroots"}).json()
    assert {u["name"] for u in r["items"]} == {city.grassroots.name, city.grassroots_b.name}
    assert all(u["parent_id"] == city.township.pk for u in r["items"])


def test_foreign_union_is_404_like_a_missing_one(city, api):
    c = api("county")
    foreign, missing = c.get(f"/api/v1/unions/{city.county2.pk}"), c.get("/api/v1/unions/999999")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert AuditEntry.objects.filter(action="refused", object_id=str(city.county2.pk)).exists()


def test_filter_under_a_foreign_union_gives_nothing(city, api):
    r = api("county").get("/api/v1/unions", {"under": city.county2.pk}).json()
    assert r["count"] == 0


def test_create_update_and_tree_actions(city, api):
    c = api("county")
    r = post(c, "/api/v1/unions", {"parent_id": city.township.pk, "name": "衡阳县新建机械厂工会",
                                   "kind": "grassroots", "region_code": city.township.region_id})
    assert r.status_code == 201, r.content
    new = r.json()
    assert new["parent_id"] == city.township.pk
    r = post(c, f"/api/v1/unions/{new['id']}", {"chair_name": "王东文"}, method="patch")
    assert r.status_code == 200 and r.json()["chair_name"] == "王东文"
    r = post(c, f"/api/v1/unions/{new['id']}/revoke", {"reason": "纸上工会"})
    assert r.json()["status"] == "revoked"
    r = post(c, f"/api/v1/unions/{city.grassroots_b.pk}/move", {"parent_id": city.county.pk, "reason": "调整"})
    assert r.json()["depth"] == 3


def test_create_under_foreign_parent_is_404_and_writes_nothing(city, api):
    n = Union.objects.count()
    r = post(api("county"), "/api/v1/unions", {"parent_id": city.township2.pk, "name": "x", "kind": "grassroots",
                                               "region_code": "430422"})
    assert r.status_code == 404 and Union.objects.count() == n


def test_bad_input_is_422_with_field_errors(city, api):
    c = api("city")
    r = post(c, "/api/v1/unions", {"parent_id": city.root.pk, "name": "x", "kind": "industry", "region_code": "99"})
    assert r.status_code == 422 and "region" in r.json()["errors"]
    r = post(c, "/api/v1/employers", {"name": "坏码公司", "uscc": "123", "region_code": "430421"})
    assert r.status_code == 422 and "uscc" in r.json()["errors"]
    r = post(c, "/api/v1/employers", {"name": "重复公司", "uscc": city.employer.uscc, "region_code": "430421"})
    assert r.status_code == 422 and "uscc" in r.json()["errors"]
    r = post(c, f"/api/v1/unions/{city.county.pk}/move", {"parent_id": city.grassroots.pk, "reason": "x"})
    assert r.status_code == 422 and "parent" in r.json()["errors"]
    r = post(c, "/api/v1/unions", {"parent_id": "abc"})
    assert r.status_code == 422 and r.json()["errors"]


def test_delete_refused_while_children_exist(city, api):
    r = api("city").delete(f"/api/v1/unions/{city.township.pk}", json.dumps({"reason": "误建"}),
                           content_type="application/json")
    assert r.status_code == 422 and Union.objects.filter(pk=city.township.pk).exists()


def test_employers_scoped_and_filtered(city, api):
    r = api("county").get("/api/v1/employers", {"has_union": "false"}).json()
    assert [e["name"] for e in r["items"]] == [city.employer_free.name]
    assert api("county").get(f"/api/v1/employers/{city.employer2.pk}").status_code == 404
    r = post(api("county"), "/api/v1/employers", {"name": "衡阳县新办企业有限公司", "uscc": make_uscc(555),
                                                  "region_code": city.township.region_id, "industry": "C",
                                                  "ownership": "170", "headcount": 30})
    assert r.status_code == 201 and r.json()["industry"] == "C"


def test_auditor_reads_everything_and_changes_nothing(city, api):
    c = api("auditor")
    assert c.get("/api/v1/unions").json()["count"] == Union.objects.count()
    n = Employer.objects.count()
    assert post(c, f"/api/v1/unions/{city.county.pk}", {"name": "改"}, method="patch").status_code == 403
    assert post(c, "/api/v1/employers", {"name": "x", "uscc": make_uscc(9), "region_code": "430421"}
                ).status_code == 403
    assert Employer.objects.count() == n
    assert Union.objects.get(pk=city.county.pk).name == "衡阳县总工会"


def test_regions_are_reference_data(city, api):
    r = api("union").get("/api/v1/regions", {"parent": "430400", "page_size": 100}).json()
    assert r["count"] >= 12 and all(x["parent"] == "430400" for x in r["items"])
    assert api("union").get("/api/v1/regions/430421").json()["name"] == "衡阳县"
    assert post(api("city"), "/api/v1/regions", {"code": "430421998", "name": "x", "parent": "430421"}
                ).status_code == 403
    r = post(api("operator"), "/api/v1/regions", {"code": "430421998", "name": "新设街道", "parent": "430421"})
    assert r.status_code == 201 and r.json()["level"] == 4


@pytest.mark.parametrize("path", ["/api/v1/openapi.json"])
def test_schema_is_published(client, path):
    schema = client.get(path).json()
    assert "/api/v1/auth/login" in schema["paths"] and "/api/v1/unions/{union_id}" in schema["paths"]
