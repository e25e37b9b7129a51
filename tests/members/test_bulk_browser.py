"""Bulk answers at 1366 px: the receiving county ticks two transfer requests, reads the
confirmation naming the count, confirms, and finds both accepted."""

from playwright.sync_api import expect

from gonghui.members.models import TransferRequest

from .test_bulk_transfers import _asked


def test_the_receiving_county_accepts_two_transfers_at_once(page, sign_in, city):
    page.set_viewport_size({"width": 1366, "height": 900})
    a, b = _asked(city, 1), _asked(city, 2)
    sign_in("county2")
    page.goto("/members/transfers/")
    for r in (a, b):
        page.locator(f"input[name=pick][value='{r.pk}']").check()
    page.get_by_test_id("bulk-accept").click()
    expect(page.get_by_test_id("bulk-count")).to_contain_text("已选 2 条")
    expect(page.get_by_test_id("bulk-confirm-button")).to_have_text("全部接受（2 条）")
    page.get_by_test_id("bulk-confirm-button").click()
    expect(page.locator(".alert-success")).to_contain_text("已接受 2 条")
    assert set(TransferRequest.objects.values_list("state", flat=True)) == {"accepted"}
    assert page.console_errors == []
