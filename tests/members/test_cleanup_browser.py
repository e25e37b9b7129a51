"""Issue 3's paper-member clean-up in the browser: a county clerk clears two members whose ID
numbers fail the check digit and finds them counted in the report."""

from playwright.sync_api import expect
from stdnum.cn import ric

from gonghui.members.models import EventKind, Member, MemberEvent, Status


def _bad_id(body17):
    good = body17 + ric.calc_check_digit(body17 + "0")
    return good[:-1] + ("0" if good[-1] != "0" else "1")


def _paper(union, n, name, number):
    m = Member.objects.create(union=union, number=f"P{n:09d}", name=name, id_number=number)
    event = MemberEvent.objects.create(member=m, kind=EventKind.JOIN, union=union)
    Member.objects.filter(pk=m.pk).update(last_event=event)
    return m


def test_a_county_clerk_removes_two_paper_members_and_sees_them_in_the_report(sign_in, page, city):
    first = _paper(city.grassroots, 1, "钱七", _bad_id("43042119900101123"))
    second = _paper(city.grassroots_b, 2, "孙八", _bad_id("43042119920202002"))
    far = _paper(city.grassroots2, 3, "李九", _bad_id("43042219880303003"))
    sign_in("county")
    page.goto("/members/cleanup/?kind=invalid_id")
    table = page.get_by_test_id("suspect-table")
    expect(table).to_contain_text("钱七")
    expect(table).to_contain_text("孙八")
    expect(table).not_to_contain_text("李九")
    expect(page.get_by_test_id("count-invalid_id")).to_have_text("2")
    page.get_by_test_id("pick").nth(0).check()
    page.get_by_test_id("pick").nth(1).check()
    page.get_by_test_id("reason").fill("查无此人")
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("action-remove").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_test_id("count-invalid_id")).to_have_text("0")
    assert {m.status for m in Member.objects.filter(pk__in=[first.pk, second.pk])} == {Status.LEFT}
    assert Member.objects.get(pk=far.pk).status == Status.ACTIVE
    page.get_by_test_id("report-link").click()
    expect(page.get_by_test_id("report-total")).to_have_text("2")
    assert page.console_errors == []
