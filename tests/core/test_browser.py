"""The operator's schedule page in /ops/, in a browser at 1366 px."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.core import queue

from .worker_tasks import always_fails


def test_the_operator_reads_the_schedule_and_runs_a_task_now(page, live_server, city, settings):
    from gonghui.accounts.models import User

    with pytest.raises(RuntimeError):
        queue.start(always_fails)  # no transaction open: it runs (and fails) at once
    operator = city.users["operator"]
    User.objects.filter(pk=operator.pk).update(is_superuser=True, is_staff=True)
    session = Client()
    session.force_login(User.objects.get(pk=operator.pk))
    device = TOTPDevice.objects.create(user=operator, name="phone", confirmed=True)
    s = session.session
    s["otp_device_id"] = device.persistent_id
    s.save()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "sessionid", "value": session.cookies["sessionid"].value,
                               "url": live_server.url}])
    page.goto("/ops/")
    page.get_by_test_id("schedule-link").click()
    schedule = page.get_by_test_id("schedule")
    row = page.get_by_test_id("entry-hardship-activate")
    assert "激活公示期满的困难职工档案" in row.inner_text() and "每天 00:10" in row.inner_text()
    assert "尚未运行" in row.inner_text()
    assert "每周日 04:00" in page.get_by_test_id("entry-audit-purge").inner_text()
    assert schedule.locator("tbody tr").count() == len(settings.CELERY_BEAT_SCHEDULE)
    failed = page.get_by_test_id("failed-run")
    assert failed.count() == 1 and "the bank's server is down" in failed.inner_text()
    assert "定时调度" in failed.inner_text()
    page.get_by_test_id("entry-compact-tally").get_by_role("button", name="立即运行").click()
    page.wait_for_load_state("networkidle")
    assert "已开始“合并会员数统计”" in page.locator(".messagelist").inner_text()
    assert "已成功" in page.get_by_test_id("entry-compact-tally").get_by_test_id("outcome").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []


@pytest.mark.parametrize("persona", ["union", "city"])
def test_the_staff_menu_fits_a_1366_px_screen_for_every_persona(page, sign_in, persona):
    """A grassroots clerk holds rights in more apps than a federation department: their menu had
    grown past the right edge, its last groups out of reach without scrolling sideways."""
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(persona)
    page.goto("/elections/terms/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    last = page.locator("#nav > ul.navbar-nav").first.locator(":scope > li").last
    box = last.bounding_box()
    assert box["x"] + box["width"] <= 1366
