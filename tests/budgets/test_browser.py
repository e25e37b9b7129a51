"""A festival gift over the member's cap is refused on the spending form at 1366 px, with the
allowance used and left and the rule's source; a gift within the allowance is entered and a
colleague approves it."""

from playwright.sync_api import expect

from gonghui.budgets.models import Spending

from ..browser_support import choose_union
from .conftest import approved_budget, gift, member


def test_a_spending_entry_refused_for_the_cap(sign_in, page, city):
    approved_budget(city)
    m = member(city)
    gift(city, m, 100_000)  # 1,000 元 of Hunan's 1,500 元 a year already given
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("union")
    page.goto("/budgets/spending/new/")
    choose_union(page, "第一机械")
    page.locator("#id_category").select_option("activities")
    page.locator("#id_amount").fill("600")
    page.locator("#id_purpose").fill("国庆节慰问品")
    page.locator("#id_member_number").fill(m.number)
    page.locator("#id_benefit").select_option("festival")
    page.locator("#id_festival").select_option("national")
    page.get_by_role("button", name="保存").click()
    error = page.get_by_test_id("field-error")
    expect(error).to_contain_text("超过上限")
    expect(error).to_contain_text("尚余 500.00 元")
    expect(error).to_contain_text("本系统默认值")
    assert Spending.objects.count() == 1
    page.locator("#id_amount").fill("500")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("spending-state")).to_have_text("已提交")
    assert Spending.objects.count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert page.console_errors == []
