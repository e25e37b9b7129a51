"""Issue 5: a member on a 360 px phone claims a coupon and sees its QR code; a second claim is
refused with a clear message; a union clerk redeems the code at the counter."""

from django.utils import translation
from playwright.sync_api import expect

from gonghui.campaigns import engine
from gonghui.campaigns.models import Claim

from ..campaigns_helpers import campaign, member


def test_a_member_claims_on_a_phone_and_a_clerk_redeems(browser, live_server, sign_in, page, city, settings):
    settings.REDIS_URL = ""
    settings.CAMPAIGNS_RATE_LIMITS = (100, 1000, 10)
    camp = campaign(city, stock=3, title="端午节职工观影券")
    m = member(city, login=True)

    phone = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 360, "height": 740},
                                is_mobile=True, has_touch=True)
    phone.set_default_timeout(10_000)
    worker = phone.new_page()
    phone_errors = []
    worker.on("console", lambda msg: phone_errors.append(msg.text) if msg.type == "error" else None)
    worker.goto("/accounts/login/?tab=member")
    form = worker.get_by_test_id("login-member-password")
    form.locator("input[name=phone]").fill(m.login_phone)
    form.locator("input[name=password]").fill("Gonghui@2026")
    worker.get_by_test_id("member-submit").click()
    worker.wait_for_load_state("networkidle")
    worker.goto("/campaigns/me/")
    worker.get_by_test_id("campaign-list").get_by_role("link", name="端午节职工观影券").click()
    expect(worker.get_by_test_id("mode")).to_be_visible()
    worker.get_by_test_id("claim").click()
    expect(worker.get_by_test_id("qr").locator("svg")).to_be_visible()
    code = Claim.objects.get(member=m).code
    expect(worker.get_by_test_id("claim-code")).to_have_text(code)
    assert worker.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone

    # a second claim: refused, with the reason in words
    worker.goto(f"/campaigns/me/{camp.pk}/")
    worker.get_by_test_id("claim").click()
    with translation.override("zh-hans"):
        refusal = engine.REASONS["limit"]()
    expect(worker.locator(".h5-alert-danger")).to_have_text(refusal)
    assert Claim.objects.filter(member=m).count() == 1
    assert phone_errors == []
    phone.close()

    # the clerk of the member's union types the code at the counter
    sign_in("union")
    page.goto("/campaigns/redeem/")
    page.get_by_test_id("code-input").fill(code.lower())
    page.get_by_test_id("redeem").click()
    expect(page.get_by_test_id("redeemed")).to_contain_text(code)
    assert Claim.objects.get(code=code).state == "redeemed"
    # and a second time: a clear refusal
    page.get_by_test_id("code-input").fill(code)
    page.get_by_test_id("redeem").click()
    expect(page.get_by_test_id("code-error")).to_be_visible()
    assert page.console_errors == []
