"""Every form and API message names the field and its limit: Django's and pydantic's default
messages never reach a reader (issue 21, defect 9: "确保该变量包含不超过 60 字符 (目前字符数 300)")."""

import json
import re

from django.urls import reverse

STOCK = ("确保该变量", "这个字段是必填项", "Input should", "String should", "Field required", "输入一个")


def _errors(response):
    return re.findall(r'invalid-feedback[^>]*>([^<]*)<', response.content.decode())


def test_a_form_names_the_field_and_its_limit(city, client):
    client.force_login(city.users["city"])
    r = client.post(reverse("orgs:union_create"), {"name": "工" * 300}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    errors = _errors(r)
    assert "名称超过 120 个字。" in errors, errors
    assert any(e.startswith("请填写") for e in errors), errors
    assert not [e for e in errors if any(s in e for s in STOCK)], errors


def test_a_number_field_says_whole_number(city, client):
    from gonghui.orgs.forms import EmployerForm

    form = EmployerForm({"headcount": "abc"})
    assert not form.is_valid()
    text = " ".join(form.errors["headcount"])
    assert "whole number" in text or "整数" in text, text


def test_api_schema_errors_name_the_field_in_chinese(city, api):
    r = api("city").patch(f"/api/v1/employers/{city.employer.pk}", json.dumps({"headcount": "abc"}),
                          content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 422
    [message] = r.json()["errors"]["headcount"]  # keyed by the field alone
    assert message == "“headcount”必须是整数。", message


def test_api_too_long_text_is_422_naming_the_field_and_limit(city, api):
    r = api("city").post("/api/v1/unions", json.dumps({
        "parent_id": city.township.pk, "name": "工" * 300, "kind": "grassroots",
        "region_code": city.township.region_id}), content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 422, r.content[:200]
    assert r.json()["errors"]["name"] == ["名称超过 120 个字。"]
