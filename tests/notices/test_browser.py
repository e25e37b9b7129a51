"""A member reads their notices on a 360 px phone; a clerk sees the unread count in the header."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from gonghui.campaigns import services as campaign_services
from gonghui.notices.services import notify

from ..browser_support import member_sign_in
from ..campaigns.conftest import member as campaign_member


def test_a_member_reads_notices_on_a_phone(new_phone, city):
    m = campaign_member(city, login=True)
    now = timezone.now()
    campaign = campaign_services.create_campaign(
        acting_user=city.users["publicity"], union=city.county, title="夏送清凉·冰爽饮品券", stock=100,
        per_member_limit=1, mode="fcfs", starts_at=now + timedelta(hours=1), ends_at=now + timedelta(days=2),
        publish=True)
    notify(m, kind="claim_decided",
           title="您的医疗互助理赔已批准：1,230.00 元，款项将于十个工作日内转入您登记的银行账户",
           body="住院 12 天，按每天 30 元补助。", url="/medical-aid/mine/")

    phone = member_sign_in(new_phone(), m.login_phone)
    entry = phone.get_by_test_id("my-notices")
    expect(entry.get_by_test_id("notice-unread")).to_have_text("2")
    entry.click()
    expect(phone.get_by_test_id("notice")).to_have_count(2)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone

    phone.get_by_text("新普惠活动：夏送清凉·冰爽饮品券").click()
    expect(phone.get_by_test_id("notice-open")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_test_id("notice-open").click()
    expect(phone).to_have_url(f"{phone.url.split('/campaigns/')[0]}/campaigns/me/{campaign.pk}/")

    phone.goto("/notices/?state=unread")
    expect(phone.get_by_test_id("notice")).to_have_count(1)
    expect(phone.get_by_test_id("notice")).to_contain_text("医疗互助理赔已批准")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_test_id("read-all").click()
    expect(phone.get_by_role("alert")).to_contain_text("已将 1 条通知标为已读")
    phone.goto("/")
    expect(phone.get_by_test_id("my-notices").get_by_test_id("notice-unread")).to_have_count(0)
    assert phone.console_errors == []


def test_a_clerk_sees_the_unread_count_in_the_header(page, sign_in, city):
    notify(city.users["county"], kind="transfer_decided", title="张三转会已同意", url="/members/transfers/")
    sign_in("county")
    expect(page.get_by_test_id("notice-unread")).to_have_text("1")
    page.get_by_test_id("notice-bell").click()
    page.get_by_text("张三转会已同意").click()
    page.goto("/orgs/unions/")
    expect(page.get_by_test_id("notice-unread")).to_have_count(0)
