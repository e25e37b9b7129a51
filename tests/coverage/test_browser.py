"""Issue 6: the county finds a paper union, proposes to merge it into another union; the city
approves after confirming; the members are transferred with their history."""

from playwright.sync_api import expect

from gonghui.coverage.models import PaperUnionCase
from gonghui.members.models import Member, MemberEvent

from .conftest import paper_union_with_members


def test_county_proposes_a_merge_and_the_city_approves(page, sign_in, city):
    union, people = paper_union_with_members(city, n=2)

    sign_in("county")
    page.goto("/coverage/paper-unions/?min_signs=2")
    row = page.locator(f"tr[data-union='{union.pk}']")
    expect(row).to_be_visible()
    expect(row.locator("[data-sign='no_activity']")).to_be_visible()
    row.get_by_test_id("propose-merge").click()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("lookup-into").fill("第一机械")
    expect(page.locator("#id_into")).to_contain_text("第一机械")
    page.locator("textarea[name=reason]").fill("无主席，两年无活动，并入第一机械工会")
    page.locator("form:has(textarea[name=reason]) button").first.click()
    page.wait_for_load_state("networkidle")
    case = PaperUnionCase.objects.get(union=union)
    assert case.state == "proposed" and case.into == city.grassroots
    expect(page.get_by_test_id("waits")).to_be_visible()  # the proposer cannot approve
    assert page.get_by_test_id("approve").count() == 0

    page.context.clear_cookies()
    sign_in("city")
    page.goto(f"/coverage/cases/{case.pk}/")
    page.get_by_test_id("approve-opinion").fill("同意并转")
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("approve").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("members-moved")).to_have_text("2")
    case.refresh_from_db()
    union.refresh_from_db()
    assert case.state == "done" and union.status == "merged"
    for m in people:
        assert Member.objects.get(pk=m.pk).union == city.grassroots
        assert MemberEvent.objects.filter(member=m, kind="transfer_in", from_union=union).exists()
    assert not page.console_errors
