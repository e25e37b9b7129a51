"""A 疗休养 offer from the staff page to the member's phone: the city's staff add candidates at
1366 px (an ineligible one first, refused with the reason and nobody added), allocate the places
by priority and lot; the offered member accepts on a 360 px phone, another declines and the
place passes to the first on the waiting list."""

from playwright.sync_api import expect

from gonghui.recuperation.models import Offer

from ..browser_support import member_sign_in
from .conftest import base, batch, member


def _fits(pg):
    assert pg.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone


def test_staff_allocate_and_the_member_accepts_on_the_phone(new_phone, sign_in, page, city):
    bt = batch(city, b=base(city, partner=True), capacity=2, name="2026年劳模疗休养（成都）")
    national = member(city, level="national", login=True, name="赵国强")
    provincial = member(city, level="provincial", login=True, name="钱省英")
    county = member(city, level="county", login=True, name="孙县明")
    plain = member(city, name="李无奖")

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("city")
    page.goto(f"/recuperation/{bt.pk}/")
    expect(page.get_by_test_id("days-rule")).to_contain_text("疗休养每批次天数上限")
    page.locator("#id_numbers").fill(f"{national.number}\n{plain.number}")
    page.get_by_test_id("add-candidates").click()
    expect(page.get_by_test_id("field-error")).to_contain_text("荣誉库中没有其荣誉记录")
    assert not Offer.objects.exists()
    page.locator("#id_numbers").fill(f"{national.number}\n{provincial.number}\n{county.number}")
    page.get_by_test_id("add-candidates").click()
    expect(page.get_by_test_id(f"offer-state-{county.number}")).to_have_text("候选人")
    page.get_by_test_id("allocate").click()
    expect(page.get_by_test_id("batch-state")).to_have_text("名额已分配")
    expect(page.get_by_test_id("seed")).not_to_be_empty()
    expect(page.get_by_test_id(f"offer-state-{national.number}")).to_have_text("已发名额，待答复")
    expect(page.get_by_test_id(f"offer-state-{county.number}")).to_have_text("候补")
    assert page.console_errors == []

    phone = member_sign_in(new_phone(), national.user.phone.reveal())
    phone.goto("/")
    phone.get_by_test_id("my-recuperation").click()
    phone.get_by_test_id("my-offer-list").get_by_text("2026年劳模疗休养（成都）").click()
    expect(phone.get_by_test_id("respond-by")).to_be_visible()
    phone.get_by_label("接受", exact=True).check()
    phone.get_by_test_id("send-answer").click()
    expect(phone.get_by_test_id("my-offer-state")).to_have_text("已接受")
    _fits(phone)

    other = member_sign_in(new_phone(), provincial.user.phone.reveal())
    other.goto("/recuperation/my/")
    other.get_by_test_id("my-offer-list").get_by_text("2026年劳模疗休养（成都）").click()
    other.get_by_label("放弃", exact=True).check()
    other.locator("#id_reason").fill("家中老人住院")
    other.get_by_test_id("send-answer").click()
    expect(other.get_by_test_id("my-offer-state")).to_have_text("已放弃")
    _fits(other)

    page.reload()
    expect(page.get_by_test_id(f"offer-state-{county.number}")).to_have_text("已发名额，待答复")
    expect(page.get_by_test_id("figure-accepted")).to_have_text("1")
    assert Offer.objects.get(member=county).replaces.member_id == provincial.pk
