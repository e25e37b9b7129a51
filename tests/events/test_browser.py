"""Issue 5: a member signs up for an event on a 360 px phone and sees the QR code; the
publicity department checks them in at the venue with the code."""

from playwright.sync_api import expect

from gonghui.events.models import Registration

from ..browser_support import member_sign_in
from .conftest import member, open_event


def test_a_member_signs_up_sees_the_qr_and_is_checked_in(new_phone, sign_in, page, city):
    event = open_event(city, capacity=1, title="职工诵读比赛")
    m = member(city)
    phone = member_sign_in(new_phone(), m.user.phone.reveal())
    phone.goto("/")
    phone.get_by_test_id("my-events").click()
    phone.get_by_test_id("open-events").get_by_role("link", name="职工诵读比赛").click()
    phone.get_by_test_id("signup").click()
    expect(phone.get_by_test_id("reg-state")).to_have_text("已报名")
    expect(phone.get_by_test_id("qr").locator("svg")).to_be_visible()
    code = phone.get_by_test_id("checkin-code").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone

    # a second member finds the event full and joins the waitlist
    other = member_sign_in(new_phone(), member(city).user.phone.reveal())
    other.goto(f"/events/my/{event.pk}/")
    other.get_by_test_id("signup").click()
    expect(other.get_by_test_id("reg-state")).to_have_text("候补中")
    expect(other.get_by_test_id("qr")).to_have_count(0)

    # at the venue: the publicity department types the code at the check-in box
    sign_in("publicity")
    page.goto(f"/events/{event.pk}/")
    page.get_by_test_id("checkin-code").fill(code)
    page.get_by_test_id("checkin-submit").click()
    expect(page.get_by_test_id("checked-in")).to_contain_text(m.name)
    page.locator("#id_code").fill(code)  # the same code twice is refused with its reason
    page.get_by_test_id("checkin-submit").click()
    expect(page.get_by_test_id("field-error")).to_contain_text("已于")
    assert Registration.objects.get(member=m).state == "attended"

    phone.reload()
    expect(phone.get_by_test_id("reg-state")).to_have_text("已签到")


def test_a_member_votes_for_a_topic_and_books_a_course_on_a_phone(new_phone, city):
    from gonghui.events.models import Booking, CourseTopic

    from .conftest import course, session, topic

    t = topic(city, title="短视频拍摄与剪辑")
    s = session(city, course(city, title="Excel 数据处理"), seats=1)
    m = member(city)
    phone = member_sign_in(new_phone(), m.user.phone.reveal())
    phone.goto("/")
    phone.get_by_test_id("my-topics").click()
    phone.get_by_test_id("topics").locator("li", has_text="短视频拍摄与剪辑").get_by_test_id("vote").click()
    expect(phone.get_by_test_id("topics")).to_contain_text("已投票")
    phone.locator("#id_title").fill("无人机操作")
    phone.get_by_test_id("propose").click()
    expect(phone.get_by_test_id("topics")).to_contain_text("无人机操作")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.goto("/events/my/courses/")
    phone.get_by_test_id("sessions").get_by_test_id("book").click()
    expect(phone.get_by_test_id("my-bookings")).to_contain_text("Excel 数据处理")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert CourseTopic.objects.get(pk=t.pk).votes == 1
    assert Booking.objects.filter(session=s, member=m, state="booked").exists()
