"""A dispute from receipt to agreement at 1366 px: the rights department receives it (a date in
the future first, refused with the field named), the case page shows the 15-day mediation period
with its source, an agreement without the mediation body's stamp is refused with 第十四条, then
the stamped agreement closes the mediation."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from gonghui.disputes.models import Dispute
from gonghui.rules import days
from gonghui.rules.models import Deadline

from ..browser_support import choose_union


def test_a_dispute_from_receipt_to_agreement(page, sign_in, city):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("rights")
    page.goto("/disputes/new/")
    choose_union(page, "第一机械")
    page.get_by_test_id("lookup-employer").fill("第一机械")
    expect(page.locator("#id_employer")).to_contain_text("第一机械")
    today = timezone.localdate()
    future = (today + timedelta(days=3)).isoformat()
    page.locator("#id_worker_name").fill("陈师傅")
    page.locator("#id_workers").fill("1")
    page.locator("#id_claim").select_option("wages")
    page.locator("#id_claim_text").fill("拖欠2026年9月、10月工资")
    page.locator("#id_amount_fen").fill("12000")
    page.locator("#id_event_on").fill(future)
    page.locator("#id_knew_on").fill(future)
    page.locator("#id_employed").uncheck()
    page.locator("#id_employment_ended_on").fill(today.isoformat())
    page.locator("#id_received_on").fill(today.isoformat())
    page.locator("main form button.btn-primary").click()
    expect(page.get_by_test_id("field-error").first).to_contain_text("争议发生日期")
    assert not Dispute.objects.exists()

    page.locator("#id_event_on").fill((today - timedelta(days=40)).isoformat())
    page.locator("#id_knew_on").fill((today - timedelta(days=35)).isoformat())
    page.locator("main form button.btn-primary").click()
    expect(page.get_by_test_id("dispute-state")).to_have_text("调解中")
    d = Dispute.objects.get()
    due = days.deadline(today, 15, "days")
    expect(page.get_by_test_id("deadline-mediation")).to_contain_text("劳动争议调解仲裁法 第十四条")
    expect(page.get_by_test_id("due-mediation")).to_have_text(f"{due.year}年{due.month}月{due.day}日")
    assert Deadline.objects.get(kind="dispute_mediation", object_id=str(d.pk)).due_on == due

    agree = page.get_by_test_id("action-agree")
    agree.locator("#id_text").fill("公司于十日内一次性支付拖欠工资11000元")
    agree.locator("#id_amount_fen").fill("11000")
    agree.locator("#id_pay_by").fill((today + timedelta(days=10)).isoformat())
    agree.locator("#id_stamped").uncheck()
    page.get_by_test_id("agree-submit").click()
    expect(page.get_by_test_id("action-agree").get_by_test_id("field-error")).to_contain_text("第十四条")
    assert Dispute.objects.get().state == "mediating"

    agree = page.get_by_test_id("action-agree")
    agree.locator("#id_text").fill("公司于十日内一次性支付拖欠工资11000元")
    agree.locator("#id_amount_fen").fill("11000")
    agree.locator("#id_pay_by").fill((today + timedelta(days=10)).isoformat())
    agree.locator("#id_stamped").check()
    page.get_by_test_id("agree-submit").click()
    expect(page.get_by_test_id("dispute-state")).to_have_text("达成调解协议")
    expect(page.get_by_test_id("agreement")).to_contain_text("11,000.00")
    d.refresh_from_db()
    assert (d.state, d.agreement_fen) == ("agreed", 1_100_000)
    assert Deadline.objects.get(kind="dispute_mediation", object_id=str(d.pk)).closed_at is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert page.console_errors == []
