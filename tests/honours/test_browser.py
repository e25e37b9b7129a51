"""A selection round at 1366 px, from the call to award: the city issues the call with its quotas,
the county nominates a member on the page; the county's second person approves at
the county level, the city at its level; the batch breaking the front-line rule is refused with
the rule and the numbers; after a withdrawal 公示 starts; an objection after 公示 closed is
refused, one within it holds the nominee until a colleague's finding; the honours are awarded
and the certificate printed. And a member sees their honours on a 360 px phone."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from gonghui.honours import services
from gonghui.honours.models import Honour, Nomination, SelectionRound

from ..browser_support import choose_union, member_sign_in
from ..factories import colleague
from .conftest import honour, member, nominate


def _as(page, sign_in, username):
    page.context.clear_cookies()
    sign_in(username)


def test_a_selection_round_from_the_call_to_award(sign_in, page, city):
    page.set_viewport_size({"width": 1366, "height": 900})
    # the city issues the call with its quotas; the county nominates on the page
    _as(page, sign_in, "city")
    page.goto("/honours/rounds/new/")
    choose_union(page, "衡阳市", "衡阳市总工会")
    page.locator("#id_name").fill("衡阳市劳动模范评选")
    page.locator("#id_title").select_option("model_worker")
    page.locator("#id_level").select_option("city")
    page.locator("#id_conferring_body").fill("衡阳市人民政府")
    page.locator("#id_nominate_until").fill((timezone.localdate() + datetime.timedelta(days=20)).isoformat())
    page.locator("#id_quotas").fill("衡阳县总工会 3")
    page.locator("form[method=post] button.btn-primary").click()
    expect(page.get_by_test_id("round-state")).to_be_visible()
    r = SelectionRound.objects.get()
    assert [(q.union_id, q.quota) for q in r.quotas.all()] == [(city.county.pk, 3)]
    assert {m["code"] for m in r.mix_rules} >= {"frontline_min"}
    m = member(city)
    _as(page, sign_in, "county")
    page.goto(f"/honours/rounds/{r.pk}/nominate/")
    page.get_by_test_id("lookup-nominated_by").fill("衡阳县")
    expect(page.locator("#id_nominated_by")).to_contain_text("衡阳县总工会")
    page.locator("#id_number").fill(m.number)
    page.locator("#id_sector").select_option("enterprise")
    page.locator("#id_is_frontline").check()
    page.locator("#id_deeds").fill("数控加工技术攻关")
    page.locator("form[method=post] button.btn-primary").click()
    expect(page.get_by_test_id("nomination-state")).to_be_visible()
    good = Nomination.objects.get(member=m)
    assert (good.nominated_by_id, good.is_frontline, good.state) == (city.county.pk, True, "submitted")
    other = nominate(city, r, is_frontline=False, deeds="经营管理成效突出")
    county_b, city_b = colleague(city, "county"), colleague(city, "city")
    _as(page, sign_in, county_b)
    page.goto(f"/honours/nominations/{good.pk}/")
    page.get_by_test_id("review-form").locator("#id_decision").select_option("approve")
    page.get_by_test_id("review-submit").click()
    expect(page.get_by_test_id("reviews")).to_contain_text("衡阳县总工会")
    services.review(other, acting_user=city.users[county_b], approve=True)
    _as(page, sign_in, "city")
    for n in (good, other):
        page.goto(f"/honours/nominations/{n.pk}/")
        page.get_by_test_id("review-form").locator("#id_decision").select_option("approve")
        page.get_by_test_id("review-submit").click()
        expect(page.get_by_test_id("nomination-state")).to_have_text("已同意")
    page.goto(f"/honours/rounds/{r.pk}/")
    expect(page.get_by_test_id("mix-table")).to_contain_text("57%")
    page.get_by_test_id("start-publicity").click()
    expect(page.locator(".alert-danger, .alert-error, [role=alert]").first).to_contain_text("2人中1人")
    assert SelectionRound.objects.get(pk=r.pk).state == "nominating"
    services.withdraw(other, acting_user=city.users["county"], reason="单位撤回推荐")
    page.get_by_test_id("start-publicity").click()
    expect(page.get_by_test_id("round-state")).to_have_text("公示中")
    r.refresh_from_db()

    page.goto(f"/honours/nominations/{good.pk}/")
    form = page.get_by_test_id("objection-form")
    form.locator("#id_received_on").fill((r.publicity_until + datetime.timedelta(days=1)).isoformat())
    form.locator("#id_content").fill("反映材料不实")
    page.get_by_test_id("objection-submit").click()
    expect(page.get_by_test_id("objection-form")).to_contain_text("不予受理")
    assert not good.objections.exists()
    form = page.get_by_test_id("objection-form")
    form.locator("#id_received_on").fill(timezone.localdate().isoformat())
    form.locator("#id_content").fill("反映材料不实")
    page.get_by_test_id("objection-submit").click()
    expect(page.get_by_test_id("nomination-state")).to_have_text("暂缓（有异议）")

    _as(page, sign_in, city_b)
    page.goto(f"/honours/nominations/{good.pk}/")
    page.get_by_test_id("objections").locator("[name=finding]").fill("经核查不属实")
    page.get_by_test_id("resolve").click()
    expect(page.get_by_test_id("nomination-state")).to_have_text("公示中")
    # the publicity has run its days
    SelectionRound.objects.filter(pk=r.pk).update(publicity_from=timezone.localdate() - datetime.timedelta(days=10),
                                                  publicity_until=timezone.localdate() - datetime.timedelta(days=1))
    page.goto(f"/honours/rounds/{r.pk}/")
    page.get_by_test_id("award").click()
    expect(page.get_by_test_id("round-state")).to_have_text("已表彰")
    h = Honour.objects.get(nomination__pk=good.pk)
    page.get_by_test_id("round-nominations").get_by_role("link", name=h.certificate_no).click()
    expect(page.get_by_test_id("honour-state")).to_have_text("有效")
    pdf = page.request.get(f"/honours/{h.pk}/certificate/")
    assert pdf.headers["content-type"] == "application/pdf"
    assert Nomination.objects.get(pk=other.pk).state == "withdrawn"
    assert page.console_errors == []


def test_a_member_sees_their_honours_on_a_phone(new_phone, city):
    m = member(city, login=True)
    honour(city, m, level="provincial", year=2021)
    honour(city, m, title="craftsman", level="city", year=2024)
    phone = member_sign_in(new_phone(), m.user.phone.reveal())
    phone.goto("/")
    phone.get_by_test_id("my-honours").click()
    items = phone.get_by_test_id("my-honour-list")
    expect(items).to_contain_text("省级劳动模范")
    expect(items).to_contain_text("市级工匠")
    expect(phone.get_by_test_id("model-worker")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
