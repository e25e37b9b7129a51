"""A delegate sees their seat and agenda on a 360 px phone and shows their member card at the
door; the clerk checks delegates in at 1366 px (card code, list) and the attendance panel
follows live, including a check-in made at the other door."""

from playwright.sync_api import expect

from gonghui.congress import services
from gonghui.congress.models import Attendance

from ..browser_support import member_sign_in
from .conftest import meeting, session


def test_check_in_and_live_attendance(new_phone, sign_in, page, city):
    congress = meeting(city, 4)
    s = session(city, congress)
    first, second, third, _fourth = services.live_delegates(congress).order_by("pk").select_related("member")
    from gonghui.accounts.models import User

    m = first.member
    m.user = User.objects.create_user(username="delegate-a", password="Gonghui@2026", kind=User.Kind.MEMBER,
                                      full_name=m.name, phone="13912340001")
    m.save(update_fields=["user"])

    # the delegate's phone: the seat, the session's agenda, then the member card's code
    phone = member_sign_in(new_phone(), "13912340001")
    phone.goto("/")
    phone.get_by_test_id("my-congress").click()
    expect(phone.get_by_test_id("delegate-badge")).to_be_visible()
    expect(phone.get_by_test_id("my-agenda")).to_contain_text("听取工作报告")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_test_id("open-card").click()
    code = phone.get_by_test_id("card-token").inner_text().strip()

    # the door, at 1366 px
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("city")
    page.goto(f"/congress/sessions/{s.pk}/")
    expect(page.get_by_test_id("present")).to_have_text("0")
    expect(page.get_by_test_id("expected")).to_have_text("4")
    page.get_by_test_id("checkin-code").fill(code)
    page.get_by_test_id("checkin-submit").click()
    expect(page.get_by_test_id("present")).to_have_text("1")
    page.get_by_test_id("checkin-code").fill(code)  # the same card twice is refused by name
    page.get_by_test_id("checkin-submit").click()
    expect(page.get_by_test_id("field-error")).to_contain_text(m.name)
    assert Attendance.objects.filter(session=s).count() == 1

    # the other door checks a delegate in: the panel follows without a reload (htmx polling)
    services.check_in(s, acting_user=city.users["county"], delegate=second)
    expect(page.get_by_test_id("present")).to_have_text("2")
    expect(page.get_by_test_id("quorum")).to_contain_text("未达法定人数")

    # a delegate who forgot the card: checked in from the list; three of four meet two thirds
    page.get_by_test_id(f"checkin-{third.pk}").click()
    expect(page.get_by_test_id("present")).to_have_text("3")
    expect(page.get_by_test_id("quorum")).to_have_text("已达法定人数")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert not page.console_errors

    phone.goto("/congress/my/")
    expect(phone.get_by_test_id("my-session")).to_contain_text("已签到")
