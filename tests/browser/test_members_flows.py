"""Issue 3's page flows that exist so far: the roster, enrolment, and the county boundary."""

from playwright.sync_api import expect
from stdnum.cn import ric

from gonghui.members import services
from gonghui.members.models import Member


def _rid(body):
    return body + ric.calc_check_digit(body + "0")


def test_enrol_search_in_traditional_and_reveal(sign_in, page, city):
    sign_in("county")
    page.goto(f"/members/new/?union={city.grassroots.pk}")
    page.get_by_label("姓名").fill("刘越高")
    page.get_by_label("证件号码").fill(_rid("43042119900101123")[:-1] + "0")  # a wrong check digit first
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("field-error").first).to_contain_text("校验")
    assert Member.objects.count() == 0
    page.get_by_label("证件号码").fill(_rid("43042119900101123"))
    page.get_by_label("手机号码").fill("13800138000")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("status")).to_have_text("会员")
    expect(page.get_by_test_id("id-number")).to_contain_text("**********")
    page.get_by_role("button", name="显示完整信息（将记录）").first.click()
    expect(page.get_by_test_id("revealed")).to_have_text(_rid("43042119900101123"))
    page.goto("/members/?q=劉越")
    expect(page.get_by_test_id("member-table")).to_contain_text("刘越高")


def test_a_county_clerk_cannot_open_a_member_of_another_county(sign_in, page, city):
    other = services.add_member(acting_user=city.users["city"], union=city.grassroots2, name="王东文",
                                id_number=_rid("43042219850615002"))
    sign_in("county")
    assert page.goto(f"/members/{other.pk}/").status == 404
    page.goto("/members/")
    expect(page.get_by_test_id("member-table")).not_to_contain_text("王东文")


def test_transfer_across_counties_asked_by_one_and_accepted_by_the_other(sign_in, page, city):
    member = services.add_member(acting_user=city.users["city"], union=city.grassroots, name="刘越高",
                                 id_number=_rid("43042119900101123"))
    sign_in("county")
    page.goto(f"/members/{member.pk}/transfer/")
    page.get_by_test_id("lookup-to_union").fill("衡南县云集")
    expect(page.locator("#id_to_union")).to_contain_text(city.grassroots2.name)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text(city.grassroots2.name)
    page.context.clear_cookies()
    sign_in("county2")
    page.goto("/members/transfers/")
    expect(page.get_by_test_id("transfer-table")).to_contain_text("刘越高")
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("accept").click()
    page.wait_for_load_state("networkidle")
    member.refresh_from_db()
    assert member.union == city.grassroots2
    page.goto(f"/members/{member.pk}/")
    expect(page.get_by_test_id("events")).to_contain_text(city.grassroots.name)
