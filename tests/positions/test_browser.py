"""Issue 6: a member on a 360 px screen finds the nearest station (by county, or by the phone's
location) and checks in and rates it."""

import pytest
from playwright.sync_api import expect

from gonghui.positions.models import CheckIn, Rating

from ..browser_support import member_sign_in
from .conftest import PASSWORD, member_login, position


@pytest.fixture
def stations(city):
    region = city.grassroots.region  # a township of 衡阳县: its only station gives the county's centroid
    return {
        "near": position(city, name="西渡环卫爱心驿站", lat=27.005, lng=112.372, region=region),
        "second": position(city, name="界牌快递爱心驿站", lat=27.09, lng=112.45),
        "far": position(city, name="耒阳公交爱心驿站", lat=26.42, lng=112.86),
    }


def test_a_member_finds_the_nearest_station_by_county_and_rates_it(new_phone, city, stations):
    m = member_login(city)
    page = new_phone()
    member_sign_in(page, m.login_phone, PASSWORD)
    page.get_by_test_id("my-positions").click()
    page.get_by_test_id("near-region").select_option("430421")
    page.get_by_test_id("near-kind").select_option("station")
    page.get_by_test_id("near-search").click()
    items = page.get_by_test_id("near-item")
    expect(items.first).to_contain_text("西渡环卫爱心驿站")
    expect(items.nth(2)).to_contain_text("耒阳公交爱心驿站")
    expect(page.get_by_test_id("geo-map")).to_be_visible()  # no tile server configured: the county outlines
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    items.first.click()
    expect(page.get_by_test_id("facilities")).to_contain_text("饮用水")
    page.get_by_test_id("check-in").click()
    expect(page.get_by_test_id("checked-in")).to_be_visible()
    page.get_by_test_id("rate-form").locator("[name=stars]").select_option("5")
    page.get_by_test_id("rate-form").locator("[name=comment]").fill("热水充电都方便")
    page.get_by_test_id("rate").click()
    expect(page.get_by_test_id("my-rating")).to_contain_text("热水充电都方便")
    expect(page.get_by_test_id("rating-summary")).to_contain_text("5")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert CheckIn.objects.get().position == stations["near"]
    assert Rating.objects.get(member=m).stars == 5
    assert not page.console_errors


def test_a_member_finds_the_nearest_station_from_the_phones_location(new_phone, city, stations):
    m = member_login(city)
    page = new_phone(geolocation={"latitude": 26.43, "longitude": 112.85},
                  permissions=["geolocation"])
    member_sign_in(page, m.login_phone, PASSWORD)
    page.goto("/positions/near/")
    page.locator("[data-locate]").click()  # 使用我的位置
    expect(page.get_by_test_id("near-item").first).to_contain_text("耒阳公交爱心驿站")
    expect(page.get_by_test_id("near-distance").first).to_contain_text("公里")
    assert not page.console_errors


def test_the_staff_map_draws_the_county_outlines_and_clusters_overlapping_points(sign_in, page, city, stations):
    """Issue 21: without tiles the map is drawn over 衡阳's county outlines (ECharts geo),
    positions that overlap become one numbered point, and the list by distance sits beside it."""
    position(city, name="西渡环卫第二驿站", lat=27.0051, lng=112.3721)  # on top of the nearest one
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("city")
    page.goto("/positions/map/")
    geo = page.get_by_test_id("geo-map")
    expect(geo).to_be_visible()
    page.wait_for_function("() => document.querySelector('[data-geo]').dataset.ready === '1'")
    option = page.evaluate("""() => {
        const o = echarts.getInstanceByDom(document.querySelector('[data-geo]')).getOption();
        return {map: o.geo[0].map, regions: echarts.getMap(o.geo[0].map).geoJSON.features.map(f => f.properties.name),
                points: o.series.find(s => s.id === 'positions').data.map(d => [d.count, d.name])};
    }""")
    assert option["map"] == "衡阳"
    assert {"衡阳县", "衡南县", "耒阳市", "常宁市", "祁东县"} <= set(option["regions"])
    counts = {name: n for n, name in option["points"]}
    assert sum(counts.values()) == 4 and len(counts) < 4  # the stations a few metres apart are one cluster
    assert counts["耒阳公交爱心驿站"] == 1  # the far one stands alone
    box, listing = geo.bounding_box(), page.get_by_test_id("map-list").bounding_box()
    assert listing["x"] > box["x"] + box["width"] - 5  # the list by distance is beside the map
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert not page.console_errors
