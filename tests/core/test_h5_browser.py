"""The member's pages on a 360 px phone: sign in with phone and password, home, my union, card."""

from playwright.sync_api import expect

from gonghui.core.navigation import MEMBER_ENTRIES

from ..browser_support import member_sign_in
from ..members.test_matrix import member_in_county

PHONE = "13900000042"


def fits(page):
    """Nothing wider than the screen: no sideways scrolling on a phone."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_member_signs_in_on_a_phone_and_finds_their_union(phone, city):
    from gonghui.accounts.models import User

    member = member_in_county(city)
    member.user = User.objects.create_user(username="m42", password="Gonghui@2026", phone=PHONE,
                                           kind=User.Kind.MEMBER)
    member.save()

    phone.goto("/accounts/login/")
    phone.get_by_test_id("tab-member").click()  # the tabs are links: no script needed
    expect(phone.get_by_test_id("login-member-password")).to_be_visible()
    member_sign_in(phone, PHONE)
    expect(phone.get_by_test_id("home-card")).to_contain_text(member.name)
    assert fits(phone)

    phone.get_by_test_id("my-union").click()
    expect(phone.get_by_test_id("union-card")).to_contain_text(member.union.name)
    expect(phone.get_by_test_id("union-chain")).to_contain_text(city.county.name)
    assert fits(phone)

    phone.goto("/")
    phone.get_by_test_id("home-card").click()
    expect(phone.get_by_test_id("qr").locator("svg")).to_be_visible()
    assert fits(phone)
    expect(phone.get_by_test_id("card-pdf")).to_be_visible()  # the paper card, with the session's cookie
    printed = phone.request.get(phone.get_by_test_id("card-pdf").get_attribute("href"))
    assert printed.ok and printed.headers["content-type"] == "application/pdf" and printed.body()[:5] == b"%PDF-"

    for _label, _name, testid in MEMBER_ENTRIES:
        phone.goto("/")
        phone.get_by_test_id(testid).click()
        phone.wait_for_load_state("networkidle")
        assert phone.locator("body.h5").count() == 1, testid
        assert fits(phone), testid
    assert phone.console_errors == []


def test_phone_touch_targets_the_bottom_bar_and_the_claim_qr(new_phone, city):
    """Issue 21 at 360 px: the back arrow and tick boxes are at least 44 px to touch, the bottom
    bar has no sign-out (it is on the member home), and the claim QR is centred."""
    from ..campaigns.conftest import campaign, claim, member

    m = member(city, login=True)
    claim(campaign(city), m)
    phone = new_phone()
    member_sign_in(phone, m.login_phone)
    tabs = phone.get_by_test_id("h5-tabs")
    expect(tabs).to_be_visible()
    assert tabs.get_by_role("button").count() == 0 and "退出" not in tabs.inner_text()
    expect(phone.get_by_test_id("sign-out")).to_be_visible()  # still reachable, on the home page

    phone.get_by_test_id("my-union").click()
    back = phone.locator(".h5-back").bounding_box()
    assert back["width"] >= 44 and back["height"] >= 44

    phone.goto("/")
    phone.get_by_test_id("my-claims").click()
    svg = phone.get_by_test_id("qr").locator("svg")
    assert svg.get_attribute("viewBox")  # the drawing fills the box it is centred in
    qr = svg.bounding_box()
    card = phone.get_by_test_id("claim-card").bounding_box()
    left, right = qr["x"] - card["x"], card["x"] + card["width"] - (qr["x"] + qr["width"])
    assert abs(left - right) <= 2  # centred in its card
    assert fits(phone)

    phone.goto("/")
    phone.get_by_test_id("sign-out").click()
    phone.wait_for_load_state("networkidle")
    assert "/accounts/login" in phone.url or phone.get_by_test_id("login-member-password").count()

    # The worker's join form (no sign-in): the tick box's label is a 44 px target that ticks it.
    phone.goto("/members/join/")
    box = phone.locator("#id_is_gig_worker")
    label = phone.locator("label[for=id_is_gig_worker]")
    assert label.bounding_box()["height"] >= 44
    label.click()
    assert box.is_checked()
    assert phone.console_errors == []
