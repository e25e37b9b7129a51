"""The hardship files API: list, detail with its inputs and result, create, the review actions;
sensitive fields null for callers without the read-details right, every detailed read audited."""

import datetime
import json

import pytest

from gonghui.core.models import AuditEntry
from gonghui.hardship.models import HardshipFile

from ..members.test_matrix import _rid, member_in_county
from .conftest import active_file, county_rights, luhn_card, opened, standards

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_detail_for_the_rights_department(city, api):
    f = active_file(city)
    r = api("rights").get(f"/api/v1/hardship-files/{f.pk}")
    assert r.status_code == 200
    d = r.json()
    assert (d["annual_income"], d["necessary_spending"], d["household_size"], d["dibao_monthly"], d["category"]) == (
        "36000.00", "6000.00", 3, "850.00", "deep")
    assert "833.33" in d["explanation"] and d["details_visible"] and d["bank_account"] == luhn_card()
    assert d["household"][1]["health"] == "慢性肾病"
    assert [r["decision"] for r in d["reviews"]][:3] == ["submit", "approve", "approve"]
    assert AuditEntry.objects.filter(action="reveal", object_id=str(f.pk), actor=city.users["rights"]).count() == 1


@pytest.mark.parametrize("persona", ["city", "county", "union", "auditor"])
def test_detail_without_the_right_is_masked(city, api, persona):
    f = active_file(city)
    d = api(persona).get(f"/api/v1/hardship-files/{f.pk}").json()
    assert d["category"] == "deep" and d["state"] == "active" and d["year"] == 2026 and not d["details_visible"]
    for field in ("annual_income", "necessary_spending", "dibao_monthly", "explanation", "health", "bank_account"):
        assert d[field] is None
    assert all(h["health"] is None and h["id_number"] is None for h in d["household"])
    assert not AuditEntry.objects.filter(action="reveal", object_id=str(f.pk)).exists()


def test_list_filters_and_never_carries_details(city, api):
    f = active_file(city)
    r = api("rights").get("/api/v1/hardship-files", {"state": "active", "category": "deep"})
    items = r.json()["items"]
    assert [i["id"] for i in items] == [f.pk] and items[0]["annual_income"] is None
    assert api("rights").get("/api/v1/hardship-files", {"state": "draft"}).json()["items"] == []
    assert api("county2").get("/api/v1/hardship-files").json()["items"] == []


def test_create_and_the_whole_review_by_api(city, api):
    standards(city)
    member = member_in_county(city)
    body = {"member_id": member.pk, "year": 2026, "household_size": 2, "annual_income": "24000.00",
            "necessary_spending": 0, "main_cause": "unemployment", "secondary_causes": ["elderly"],
            "household": [{"name": "刘母", "relation": "parent", "annual_income": "1200.50"}]}
    r = post(api("union"), "/api/v1/hardship-files", body)
    assert r.status_code == 201, r.content
    fid = r.json()["id"]
    assert r.json()["annual_income"] is None  # the clerk writes the income but does not read it back
    assert post(api("union"), f"/api/v1/hardship-files/{fid}/submit", {"opinion": "属实"}).json()["stage"] == "county"
    from django.test import Client

    from gonghui.accounts.models import ApiToken

    county = Client(headers={"Authorization": f"Bearer {ApiToken.issue(county_rights(city))}"})
    assert post(county, f"/api/v1/hardship-files/{fid}/review", {"decision": "return"}).status_code == 422
    assert post(county, f"/api/v1/hardship-files/{fid}/review",
                {"decision": "approve", "opinion": "同意"}).json()["stage"] == "city"
    d = post(api("rights"), f"/api/v1/hardship-files/{fid}/review", {"decision": "approve", "opinion": "同意"}).json()
    assert d["state"] == "publicity" and d["category"] == "relative" and d["dibao_monthly"] == "850.00"
    o = post(api("rights"), f"/api/v1/hardship-files/{fid}/objections", {"content": "有房产", "raised_by": "群众"})
    assert o.status_code == 201
    r = post(api("rights"), f"/api/v1/hardship-files/{fid}/objections/decide",
             {"objection_id": o.json()["id"], "outcome": "dismissed", "reason": "房产已出售"})
    assert r.json()["outcome"] == "dismissed"
    f = HardshipFile.objects.get(pk=fid)
    from gonghui.hardship import services

    services.activate_due(today=f.publicity_until + datetime.timedelta(days=1))
    assert post(api("union"), f"/api/v1/hardship-files/{fid}/exit",
                {"kind": "lifted", "reason": "再就业"}).status_code == 403
    assert post(api("rights"), f"/api/v1/hardship-files/{fid}/exit",
                {"kind": "lifted", "reason": "再就业"}).json()["state"] == "exited"


@pytest.mark.parametrize("change, field", [
    ({"annual_income": "-1"}, "annual_income"),
    ({"household_size": 0}, "household_size"),
    ({"bank_name": "工行", "bank_account": luhn_card()[:-1] + str((int(luhn_card()[-1]) + 1) % 10)}, "bank_account"),
    ({"secondary_causes": ["elderly", "schooling", "disaster", "accident"]}, "secondary_causes"),
    ({"household": [{"name": "刘母", "relation": "parent", "id_number": "430421195001011234"}]},
     "household-1-id_number"),
])
def test_bad_input_is_refused_in_chinese_nothing_written(city, api, change, field):
    standards(city)
    member = member_in_county(city)
    body = {"member_id": member.pk, "household_size": 2, "annual_income": "24000", "main_cause": "illness", **change}
    r = post(api("union"), "/api/v1/hardship-files", body)
    assert r.status_code == 422 and field in r.json()["errors"], r.json()
    assert not HardshipFile.objects.exists()


def test_a_member_outside_scope_is_not_found(city, api):
    from gonghui.members import services as member_services

    other = member_services.add_member(acting_user=city.users["city"], union=city.grassroots2, name="王东文",
                                       id_number=_rid("43042219850615002"))
    r = post(api("union"), "/api/v1/hardship-files", {"member_id": other.pk, "household_size": 1,
                                                      "annual_income": "1", "main_cause": "illness"})
    assert r.status_code == 422 and "member_id" in r.json()["errors"]


def test_submit_without_a_standard_says_so(city, api):
    f = opened(city)
    from gonghui.hardship.models import DibaoStandard

    DibaoStandard.objects.all().delete()
    r = post(api("union"), f"/api/v1/hardship-files/{f.pk}/submit", {})
    assert r.status_code == 422 and "dibao_monthly" in r.json()["errors"]
