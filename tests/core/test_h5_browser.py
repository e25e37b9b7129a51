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
