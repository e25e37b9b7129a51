"""Bad input answers a 4xx with a Chinese JSON message, never a server error (issue 14: what
fuzzing found). Each case is one that answered 500 (or an HTML page) before."""

import json

import pytest
from django.test import Client


def _chinese(r):
    assert r["Content-Type"].startswith("application/json"), r.content[:200]
    detail = r.json()["detail"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in detail), detail
    return r.json()


@pytest.mark.parametrize("path", ["/api/v1/unions", "/api/v1/employers", "/api/v1/regions", "/api/v1/members"])
def test_a_huge_page_number_is_refused(api, path):
    r = api("city").get(path, {"page": 10**20})
    assert r.status_code == 422
    assert "page" in _chinese(r)["errors"]


@pytest.mark.django_db
def test_a_nul_byte_in_a_login_name_is_refused():
    r = Client().post("/api/v1/auth/login", {"username": "city\x00", "password": "x"}, content_type="application/json")
    assert r.status_code == 400
    _chinese(r)


def test_a_nul_byte_in_a_region_code_is_refused(api):
    r = api("city").get("/api/v1/regions/4304%0021")
    assert r.status_code == 400
    _chinese(r)
    r = api("city").get("/api/v1/regions", {"code": "43\x00"})
    assert r.status_code == 400


def test_a_boolean_year_is_refused(api, city):
    r = api("city").post("/api/v1/assessments", {"union_id": city.grassroots.pk, "year": False},
                         content_type="application/json")
    assert r.status_code == 422
    assert "year" in _chinese(r)["errors"]


def test_null_for_a_text_field_in_a_patch_is_refused(api, city):
    c = api("city")
    for path, field in ((f"/api/v1/unions/{city.grassroots.pk}", "address"),
                        (f"/api/v1/employers/{city.employer.pk}", "address"),
                        (f"/api/v1/unions/{city.grassroots.pk}", "name")):
        r = c.patch(path, {field: None}, content_type="application/json")
        assert r.status_code == 422, (path, field, r.content)
        assert field in _chinese(r)["errors"]


@pytest.mark.parametrize("body", [b"[]", b"42", b'"x"', b"null", b"{", b"\xff\xfe", b'{"parent_id": {"a": 1}}'])
def test_junk_bodies_on_post_unions(api, body):
    r = api("city").post("/api/v1/unions", body, content_type="application/json")
    assert 400 <= r.status_code < 500
    _chinese(r)


def test_an_oversized_body_answers_json(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    r = api("city").post("/api/v1/unions", json.dumps({"name": "x" * 5000}), content_type="application/json")
    assert r.status_code in (400, 413)
    _chinese(r)


def test_validation_messages_are_chinese(api):
    r = api("city").post("/api/v1/unions", {}, content_type="application/json")
    assert r.status_code == 422
    errors = _chinese(r)["errors"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in errors["name"][0]), errors
