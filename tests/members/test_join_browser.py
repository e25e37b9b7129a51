"""Issue 3: a worker with no employer union applies on a phone and the union accepts."""

import re

from django.core.cache import cache
from playwright.sync_api import expect
from stdnum.cn import ric

from gonghui.accounts.services import SMS_PER_HOUR_KEY, SMS_PER_MINUTE_KEY
from gonghui.accounts.sms import MemorySmsBackend
from gonghui.members.models import JoinApplication

from ..browser_support import choose_union

PHONE = "13912345678"
RIDER_ID = "43042119950302123" + ric.calc_check_digit("43042119950302123" + "0")


def _code():
    return re.search(r"\b(\d{6})\b", MemorySmsBackend.outbox[-1][1]).group(1)


def test_join_as_a_worker_and_be_accepted_by_the_union(new_phone, sign_in, page, city, settings):
    settings.SMS_BACKEND = "gonghui.accounts.sms.MemorySmsBackend"
    cache.delete_many([SMS_PER_MINUTE_KEY.format(phone=PHONE), SMS_PER_HOUR_KEY.format(phone=PHONE)])
    MemorySmsBackend.outbox.clear()

    # the rider, on a phone, from the member sign-in page
    worker = new_phone()
    worker.goto("/accounts/login/?tab=member")
    worker.get_by_test_id("join-link").click()
    choose_union(worker, "物流行业", city.industry.name)
    worker.get_by_label("姓名").fill("赵骑手")
    worker.get_by_label("证件号码").fill(RIDER_ID)
    worker.get_by_label("手机号码").fill(PHONE)
    worker.get_by_test_id("send-code").click()
    expect(worker.get_by_test_id("sms-status")).to_be_visible()
    worker.get_by_label("短信验证码").fill(_code())
    worker.locator("#id_employer_name").fill("美团")
    worker.get_by_test_id("join-submit").click()
    expect(worker.get_by_test_id("state")).to_be_visible()
    assert worker.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    application = JoinApplication.objects.get()
    assert application.union == city.industry and application.state == "pending"

    # the city's organisation department (the industry union hangs under the city) accepts
    sign_in("city")
    page.goto("/members/joins/")
    page.get_by_test_id("join-table").get_by_role("link", name="赵骑手").click()
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("state")).to_have_text("已同意")
    expect(page.get_by_test_id("member-link")).to_contain_text("赵骑手")

    # the worker sees the answer
    worker.reload()
    expect(worker.get_by_test_id("state")).to_have_text("已同意")
    expect(worker.get_by_test_id("outcome")).to_contain_text(JoinApplication.objects.get().member.number)
