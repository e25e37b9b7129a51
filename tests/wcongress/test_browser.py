"""A proposal from submission to reply: a delegate submits on a 360 px phone (too few
co-sponsors first, refused with the rule), the grassroots clerk screens, assigns and records the
reply at 1366 px, the delegate reads the reply and gives their satisfaction. And a member reads
their employer's 厂务公开 on the phone."""

from datetime import date

from playwright.sync_api import expect

from gonghui.wcongress import services
from gonghui.wcongress.models import Delegate, Proposal

from ..browser_support import member_sign_in
from .conftest import home_congress, member


def _fits(pg):
    assert pg.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone


def test_a_proposal_goes_from_the_phone_to_a_reply(new_phone, sign_in, page, city):
    k = home_congress(city, delegates=3, logins=3)
    ds = list(Delegate.objects.filter(congress=k).select_related("member").order_by("id"))
    phone = member_sign_in(new_phone(), ds[0].member.user.phone.reveal())
    phone.goto("/")
    phone.get_by_test_id("my-proposals").click()
    phone.get_by_test_id("new-proposal").click()
    expect(phone.get_by_test_id("cosponsor-rule")).to_contain_text("2名以上代表附议")
    phone.locator("#id_title").fill("增设夜班班车")
    phone.locator("#id_content").fill("建议开通夜班职工班车，覆盖主要居住区。")
    phone.get_by_test_id("cosponsors").get_by_label(ds[1].member.name).check()
    phone.get_by_test_id("submit-proposal").click()
    expect(phone.get_by_test_id("field-error")).to_contain_text("附议人不足")
    assert not Proposal.objects.exists()
    _fits(phone)
    phone.get_by_test_id("cosponsors").get_by_label(ds[2].member.name).check()
    phone.get_by_test_id("submit-proposal").click()
    expect(phone.get_by_test_id("my-proposal-state")).to_have_text("待审查")
    _fits(phone)
    p = Proposal.objects.get()

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("union")
    page.goto("/workers-congress/proposals/")
    page.get_by_test_id("proposal-table").get_by_role("link", name=p.number).click()
    page.get_by_test_id("action-screen").locator("#id_decision").select_option("file")
    page.get_by_test_id("screen-submit").click()
    expect(page.get_by_test_id("proposal-state")).to_have_text("已立案")
    page.locator("#id_department").fill("后勤保障部")
    page.get_by_test_id("assign-submit").click()
    expect(page.get_by_test_id("proposal-state")).to_have_text("办理中")
    expect(page.get_by_test_id("due-on")).not_to_be_empty()
    page.locator("#id_reply").fill("自下月起开通两条夜班班车线路。")
    page.locator("#id_signed_by").fill("王经理")
    page.get_by_test_id("reply-submit").click()
    expect(page.get_by_test_id("proposal-state")).to_have_text("已答复")
    expect(page.get_by_test_id("reply")).to_contain_text("夜班班车")
    assert page.console_errors == []

    phone.reload()
    expect(phone.get_by_test_id("my-reply")).to_contain_text("自下月起开通两条夜班班车线路")
    phone.get_by_label("满意", exact=True).check()
    phone.get_by_test_id("evaluate").click()
    expect(phone.get_by_test_id("my-proposal-state")).to_have_text("提案人已评价")
    _fits(phone)
    assert Proposal.objects.get().satisfaction == "satisfied"


def test_a_member_reads_their_employers_disclosures_on_a_phone(new_phone, city):
    made = services.plan_disclosures(city.employer, acting_user=city.users["union"], period_start=date(2025, 1, 1))
    services.publish_disclosure(made[0], acting_user=city.users["union"], published_on=date(2025, 3, 1),
                                content="2024年度经营情况和重大事项", channel="厂务公开栏")
    m = member(city, city.grassroots, login=True)
    phone = member_sign_in(new_phone(), m.user.phone.reveal())
    phone.goto("/")
    phone.get_by_test_id("my-disclosures").click()
    items = phone.get_by_test_id("my-disclosure-list")
    expect(items).to_contain_text("2024年度经营情况和重大事项")
    expect(items).to_contain_text("按期公开")
    expect(phone.get_by_test_id("overdue-count")).to_contain_text("9")
    _fits(phone)
