"""A festival voucher from issue to spending: the clerk issues it at 1366 px, a colleague
approves, the member spends it on a 360 px phone and cannot spend past the balance; and a
directed purchase refused for the member's festival cap on the staff form (1366 px)."""

from datetime import date

from playwright.sync_api import expect

from gonghui.budgets.models import BudgetLine
from gonghui.mall.models import Order, Purchase, Voucher, VoucherIssue

from ..browser_support import choose_union, member_sign_in
from ..budgets.conftest import gift
from ..factories import colleague
from .conftest import approved_budget, catalogue, member, member_with_account


def _lookup_union(page):
    choose_union(page, "第一机械")


def test_a_festival_voucher_from_issue_to_spending_on_the_phone(new_phone, sign_in, page, city):
    approved_budget(city, activities=1_000_000)
    _s, (rice, tea, _show) = catalogue(city)
    m = member_with_account(city)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("union")
    page.goto("/mall/vouchers/new/")
    _lookup_union(page)
    page.locator("#id_title").fill("中秋节电子券")
    page.locator("#id_festival").select_option("mid_autumn")
    page.locator("#id_value").fill("450")
    page.locator("#id_expires_on").fill(date(date.today().year, 12, 31).isoformat())
    page.locator("#id_members").fill(m.number)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("issue-state")).to_have_text("已提交")
    expect(page.get_by_test_id("approve")).to_be_visible()
    page.get_by_test_id("approve").click()  # the clerk's own issue: refused, four eyes
    expect(page.locator(".alert-danger, .alert-error").first).to_contain_text("同事")
    assert VoucherIssue.objects.get().state == "submitted"
    assert page.console_errors == []

    page.context.clear_cookies()  # the colleague signs in at the same desk
    sign_in(city.users[colleague(city, "union")].username)
    page.goto(f"/mall/vouchers/{VoucherIssue.objects.get().pk}/")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("issue-state")).to_have_text("已发放")
    assert BudgetLine.objects.get(category="activities").spent_fen == 45_000

    phone = member_sign_in(new_phone(), m.user.phone.reveal())
    phone.goto("/")
    phone.get_by_test_id("my-vouchers").click()
    phone.get_by_test_id("my-voucher-list").get_by_text("中秋节电子券").click()
    expect(phone.get_by_test_id("voucher-balance")).to_have_text("450.00")
    phone.get_by_test_id(f"buy-{tea.pk}").click()
    expect(phone.get_by_test_id("voucher-balance")).to_have_text("150.00")
    phone.get_by_test_id(f"buy-{rice.pk}").click()
    expect(phone.get_by_test_id("voucher-balance")).to_have_text("50.00")
    expect(phone.get_by_test_id(f"buy-{rice.pk}")).to_be_disabled()  # 100 元 rice: not enough left
    assert Purchase.objects.count() == 2 and Voucher.objects.get().balance_fen == 5_000
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_an_order_refused_for_the_cap_on_the_staff_form(sign_in, page, city):
    approved_budget(city)
    _s, (rice, tea, _show) = catalogue(city)
    m = member(city)
    gift(city, m, 100_000)  # 1,000 元 of Hunan's 1,500 元 a year already given
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("union")
    page.goto("/mall/orders/new/")
    _lookup_union(page)
    page.locator("#id_title").fill("中秋节慰问品")
    page.locator("#id_festival").select_option("mid_autumn")
    page.locator("#id_members").fill(m.number)
    page.locator(f"#id_qty_{tea.pk}").fill("2")  # 600 元: past the 500 元 left
    page.get_by_role("button", name="保存").click()
    error = page.get_by_test_id("field-error")
    expect(error).to_contain_text(m.name)
    expect(error).to_contain_text("超过上限")
    expect(error).to_contain_text("尚余 500.00 元")
    assert not Order.objects.exists()
    page.locator(f"#id_qty_{tea.pk}").fill("")
    page.locator(f"#id_qty_{rice.pk}").fill("5")  # 500 元: exactly what is left
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("order-state")).to_have_text("已提交")
    assert Order.objects.get().total_fen == 50_000
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert page.console_errors == []
