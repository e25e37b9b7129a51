"""Issue 4: a union clerk files a mutual-aid claim for an enrolled member; the rights department
reads the payout arithmetic, approves it after confirming, and records the payment."""

from playwright.sync_api import expect

from gonghui.medicalaid.models import Claim

from .conftest import YEAR, enrolled


def test_a_clerk_files_a_claim_and_the_rights_department_approves_it(page, sign_in, city):
    m = enrolled(city, shares=2)

    sign_in("union")
    page.goto("/medical-aid/enrolled/")
    row = page.get_by_test_id("enrolled-table").locator("tr", has_text=m.number)
    row.get_by_role("link").click()  # 申报理赔: the claim form for this member
    expect(page.locator("#id_member_number")).to_have_value(m.number)
    page.locator("#id_admitted_on").fill(f"{YEAR}-05-01")
    page.locator("#id_discharged_on").fill(f"{YEAR}-05-11")
    page.locator("#id_hospital").fill("衡阳县人民医院")
    page.locator("#id_diagnosis").fill("社区获得性肺炎")
    page.locator("form button.btn-primary").click()
    expect(page.get_by_test_id("state")).to_be_visible()
    expect(page.get_by_test_id("payout")).to_have_text("420.00")  # 10 days − 3 = 7 × 30 yuan × 2 shares
    expect(page.get_by_test_id("approve")).to_have_count(0)
    claim = Claim.objects.get()
    assert claim.created_by == city.users["union"] and claim.state == "submitted"

    page.context.clear_cookies()
    sign_in("rights")
    page.goto("/medical-aid/claims/")
    page.get_by_test_id("claim-table").get_by_role("link", name=str(claim.pk), exact=True).click()
    arithmetic = page.get_by_test_id("arithmetic")
    expect(arithmetic).to_contain_text("7")
    expect(arithmetic).to_contain_text("30.00")
    expect(arithmetic).to_contain_text("420.00")
    page.get_by_test_id("approve-opinion").fill("材料齐全，同意")
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("opinion")).to_have_text("材料齐全，同意")
    claim.refresh_from_db()
    assert claim.state == "approved" and claim.reviewed_by == city.users["rights"]

    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("pay").click()
    expect(page.get_by_test_id("pay")).to_have_count(0)
    claim.refresh_from_db()
    assert claim.state == "paid"
    assert page.console_errors == []
