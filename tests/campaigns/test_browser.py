"""Issue 5: a member on a 360 px phone claims a coupon and sees its QR code; a second claim is
refused with a clear message; a union clerk redeems the code at the counter. A member gives a
claim back after confirming it, without any script."""

from django.utils import translation
from playwright.sync_api import expect

from gonghui.campaigns import engine
from gonghui.campaigns.models import Claim

from ..browser_support import member_sign_in
from .conftest import campaign, member


def test_a_member_claims_on_a_phone_and_a_clerk_redeems(new_phone, sign_in, page, city, settings):
    settings.REDIS_URL = ""
    settings.CAMPAIGNS_RATE_LIMITS = (100, 1000, 10)
    camp = campaign(city, stock=3, title="端午节职工观影券")
    m = member(city, login=True)

    worker = member_sign_in(new_phone(), m.login_phone)
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
    assert worker.console_errors == []
    worker.context.close()

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


def test_a_member_cancels_a_claim_on_a_phone_after_confirming(new_phone, city, settings):
    settings.REDIS_URL = ""
    settings.CAMPAIGNS_RATE_LIMITS = (100, 1000, 10)
    camp = campaign(city, stock=1, title="重阳节体检名额")
    m = member(city, login=True)

    worker = member_sign_in(new_phone(java_script_enabled=False), m.login_phone)
    worker.goto(f"/campaigns/me/{camp.pk}/")
    worker.get_by_test_id("claim").click()
    code = Claim.objects.get(member=m).code
    expect(worker.get_by_test_id("claim-code")).to_have_text(code)
    worker.get_by_test_id("cancel-claim").click()
    expect(worker.get_by_test_id("cancel-card")).to_contain_text(code)
    assert worker.evaluate("document.documentElement.scrollWidth") <= 360
    assert Claim.objects.get(code=code).state == "issued"  # asked, not yet cancelled
    worker.get_by_test_id("confirm-cancel").click()
    with translation.override("zh-hans"):
        cancelled = str(Claim.State.CANCELLED.label)
    expect(worker.get_by_test_id("claim-state")).to_have_text(cancelled)
    expect(worker.get_by_test_id("cancel-claim")).to_have_count(0)
    assert worker.evaluate("document.documentElement.scrollWidth") <= 360
    assert Claim.objects.get(code=code).state == "cancelled"
    assert worker.console_errors == []
