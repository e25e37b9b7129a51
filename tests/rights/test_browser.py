"""A worker's request from the phone to its closing: a member asks on a 360 px phone; at 1366 px
the county's staff accept it (a higher class refused without a reason), record how it was handled,
try a reply dated before the request (refused with the rule), reply, try to close before the
follow-up call (refused: 回访 first), record the call; a colleague runs the quality check and
closes it; the worker reads the reply on the phone."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from gonghui.rights.models import Request

from ..browser_support import member_sign_in
from .conftest import member


def _fits(pg):
    assert pg.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone


def test_a_workers_request_from_the_phone_to_its_closing(new_phone, sign_in, page, city):
    worker = member(city, login=True)
    phone = member_sign_in(new_phone(), worker.user.phone.reveal())
    phone.goto("/")
    phone.get_by_test_id("my-requests").click()
    phone.get_by_test_id("new-request").click()
    expect(phone.locator("#id_employer_name")).to_have_value(city.employer.name)
    phone.locator("#id_topic").select_option("wages")
    phone.locator("#id_amount_claimed_fen").fill("12000")
    _fits(phone)
    phone.get_by_test_id("submit-request").click()
    expect(phone.get_by_test_id("field-error")).to_be_visible()  # what happened is required
    assert not Request.objects.exists()
    phone.locator("#id_description").fill("公司已连续两个月未发工资，车间二十多名职工都是这样。")
    phone.get_by_test_id("submit-request").click()
    expect(phone.get_by_test_id("my-request-state")).to_have_text("待受理")
    expect(phone.get_by_test_id("my-request-union")).to_contain_text(city.grassroots.name)
    _fits(phone)
    r = Request.objects.get()

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("county")
    page.goto("/rights/requests/")
    page.get_by_test_id("request-table").get_by_role("link", name=r.number).click()
    expect(page.get_by_test_id("deadline-rule")).to_contain_text("12351")
    accept = page.get_by_test_id("action-accept")
    accept.locator("#id_klass").select_option("difficult")
    page.get_by_test_id("accept-submit").click()
    expect(page.get_by_test_id("field-error")).to_contain_text("理由")
    page.get_by_test_id("action-accept").locator("#id_reason").fill("涉及二十多名职工，需协调人社部门。")
    page.get_by_test_id("accept-submit").click()
    expect(page.get_by_test_id("request-state")).to_have_text("已受理，办理中")
    expect(page.get_by_test_id("request-class")).to_contain_text("难点")
    page.get_by_test_id("action-handle").locator("#id_result").fill("约谈企业负责人，企业承诺月底前补发。")
    page.get_by_test_id("action-handle").locator("#id_money_recovered_fen").fill("12000")
    page.get_by_test_id("handle-submit").click()
    expect(page.get_by_test_id("request-state")).to_have_text("已办理")
    reply = page.get_by_test_id("action-reply")
    reply.locator("#id_reply").fill("企业已补发两个月工资。")
    reply.locator("#id_replied_on").fill((timezone.localdate() - timedelta(days=3)).isoformat())
    page.get_by_test_id("reply-submit").click()
    expect(page.get_by_test_id("field-error")).to_contain_text("答复日期")
    page.get_by_test_id("action-reply").locator("#id_replied_on").fill(timezone.localdate().isoformat())
    page.get_by_test_id("reply-submit").click()
    expect(page.get_by_test_id("request-state")).to_have_text("已答复职工")
    page.get_by_test_id("close-submit").click()
    expect(page.get_by_test_id("form-error").or_(page.get_by_test_id("field-error")).first).to_contain_text("回访")
    assert Request.objects.get().state == "replied"
    page.get_by_test_id("action-follow_up").locator("#id_satisfaction").select_option("satisfied")
    page.get_by_test_id("follow_up-submit").click()
    expect(page.get_by_test_id("request-state")).to_have_text("已回访")
    assert page.console_errors == []

    page.context.clear_cookies()
    sign_in("city")  # the quality check is a colleague's: not the one who handled it
    page.goto(f"/rights/requests/{r.pk}/")
    page.get_by_test_id("close-submit").click()
    expect(page.get_by_test_id("request-state")).to_have_text("已办结")
    expect(page.get_by_test_id("closed-on")).to_contain_text("按期")
    page.goto("/rights/requests/board/")
    expect(page.get_by_test_id("closure-rate")).to_contain_text("100")
    expect(page.get_by_test_id("money")).to_contain_text("12,000.00")

    phone.reload()
    expect(phone.get_by_test_id("my-request-state")).to_have_text("已办结")
    expect(phone.get_by_test_id("my-request-reply")).to_contain_text("企业已补发两个月工资")
    _fits(phone)
