"""Issue 4: a 金秋助学 batch to a payment file — the grassroots clerk applies for a member, the rights
department approves, publishes the 公示 list, makes the payment batch and downloads the bank file."""

import re

import pytest
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from gonghui.assistance.models import AssistanceApplication, PaymentBatch

from ..browser_support import choose_union
from .conftest import ACCOUNT, member, student_aid


@pytest.fixture
def contexts(browser):
    """Browser contexts closed before the live server stops (an open keep-alive connection would
    outlive the test's database otherwise)."""
    made = []
    yield made
    for c in made:
        c.close()


def _signed_in(browser, live_server, username, contexts):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    contexts.append(context)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_test_id("staff-username").fill(username)
    page.get_by_test_id("staff-password").fill("Gonghui@2026")
    page.get_by_test_id("staff-submit").click()
    page.wait_for_load_state("networkidle")
    return page


def test_student_aid_from_application_to_bank_file(browser, live_server, city, tmp_path, contexts):
    programme = student_aid(city, publicity_days=0)
    m = member(city, 1, is_migrant_worker=True)

    # the grassroots clerk applies for the member's child, entering 本科
    clerk = _signed_in(browser, live_server, "union", contexts)
    clerk.goto("/assistance/applications/new/")
    clerk.locator("#id_programme").select_option(str(programme.pk))  # the form reloads with its fields
    expect(clerk).to_have_url(re.compile(rf"programme={programme.pk}"))
    expect(clerk.locator("#id_attachment_admission")).to_have_count(0)  # this programme asks for none
    clerk.get_by_test_id("lookup-member").fill("王学1")
    expect(clerk.locator("#id_member")).to_contain_text(m.number)
    clerk.locator("#id_school_level").select_option("undergraduate")
    clerk.locator("#id_student_name").fill("王小学")
    clerk.locator("#id_bank_name").fill("中国工商银行")
    clerk.locator("#id_bank_account").fill(ACCOUNT)
    clerk.locator("main form button.btn-primary").click()
    expect(clerk.get_by_test_id("state")).to_have_text("已提交")
    expect(clerk.get_by_test_id("amount")).to_contain_text("3,000.00")
    expect(clerk.get_by_test_id("approve")).to_have_count(0)  # the clerk applies, never decides
    application = AssistanceApplication.objects.get()

    # the rights department approves (after confirming), publishes and checks the 公示 list
    page = _signed_in(browser, live_server, "rights", contexts)
    page.goto(f"/assistance/applications/{application.pk}/")
    page.get_by_test_id("approve-opinion").fill("符合条件")
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("state")).to_have_text("已同意")
    expect(page.get_by_test_id("history")).to_contain_text("符合条件")
    page.goto(f"/assistance/programmes/{programme.pk}/")
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("publish-all").click()
    expect(page.get_by_test_id("publicity-table")).to_contain_text("王*1")
    expect(page.get_by_test_id("publicity-table")).not_to_contain_text("王学1")

    # the payment batch of the city, and its bank file
    page.goto(f"/assistance/programmes/{programme.pk}/")
    page.get_by_test_id("new-batch").click()
    choose_union(page, "衡阳市总工会")
    page.once("dialog", lambda d: d.accept())
    page.locator("main form button.btn-primary").click()
    expect(page.get_by_test_id("lines")).to_contain_text("3,000.00")
    batch = PaymentBatch.objects.get()
    with page.expect_download() as download:
        page.get_by_test_id("bank-file").click()
    path = tmp_path / "bank.xlsx"
    download.value.save_as(path)
    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0] == ["序号", "收款人姓名", "收款账号", "开户行", "金额（元）", "用途"]
    assert rows[1][:5] == [batch.lines.get().reference, m.name, ACCOUNT, "中国工商银行", "3000.00"]
    application.refresh_from_db()
    assert application.state == "batched"
