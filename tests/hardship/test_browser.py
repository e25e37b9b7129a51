"""Issue 4: a grassroots clerk opens a hardship file; the county and the city review it; after
公示 it is active (the clock is moved by putting 公示 in the past)."""

import datetime

from django.utils import translation
from playwright.sync_api import expect

from gonghui.core import dates
from gonghui.hardship.models import HardshipFile

from ..members.test_matrix import member_in_county
from .conftest import county_rights, standards


def _confirm_and_submit(page):
    page.once("dialog", lambda d: d.accept())
    page.locator("main form button.btn-primary, form[data-confirm] button.btn-primary").first.click()
    page.wait_for_load_state("networkidle")


def test_open_review_publicity_active(page, sign_in, city):
    standards(city)
    member = member_in_county(city)
    county_rights(city)

    sign_in("union")
    page.goto("/hardship/new/")
    page.locator("#id_member").fill(member.number)
    page.locator("#id_household_size").fill("3")
    page.locator("#id_annual_income").fill("36000")
    page.locator("#id_necessary_spending").fill("6000")
    page.locator("#id_main_cause").select_option("illness")
    page.locator("input[name=secondary_causes][value=schooling]").check()
    page.locator("#id_health").fill("尿毒症")
    page.locator("#id_household-0-name").fill("王芳")
    page.locator("#id_household-0-relation").select_option("spouse")
    page.locator("#id_household-0-annual_income").fill("6000")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("state")).to_be_visible()
    # the clerk may write the income but not read it back
    expect(page.get_by_test_id("no-right")).to_be_visible()
    page.get_by_test_id("submit").click()
    page.locator("#id_opinion").fill("经入户核实")
    _confirm_and_submit(page)
    expect(page.get_by_test_id("stage")).to_be_visible()
    f = HardshipFile.objects.get()
    assert (f.state, f.stage, f.category) == ("review", "county", "deep")

    page.context.clear_cookies()
    sign_in("rights_county")
    page.goto(f"/hardship/{f.pk}/")
    page.get_by_test_id("show-details").click()  # the details stay masked until the reader asks
    expect(page.get_by_test_id("explanation")).to_contain_text("833.33")
    page.get_by_test_id("review").click()
    page.locator("#id_decision").select_option("approve")
    page.locator("#id_opinion").fill("情况属实")
    _confirm_and_submit(page)
    f.refresh_from_db()
    assert f.stage == "city"

    page.context.clear_cookies()
    sign_in("rights")
    page.goto(f"/hardship/{f.pk}/")
    page.get_by_test_id("review").click()
    page.locator("#id_decision").select_option("approve")
    page.locator("#id_opinion").fill("同意建档")
    _confirm_and_submit(page)
    f.refresh_from_db()
    assert f.state == "publicity"
    expect(page.get_by_test_id("publicity")).to_contain_text(dates.show(f.publicity_from))
    page.goto("/hardship/publicity/")
    expect(page.get_by_test_id("publicity-list")).to_contain_text(member.name[0] + "*")

    # 公示 ends: the next page load activates the file
    HardshipFile.objects.filter(pk=f.pk).update(publicity_from=datetime.date.today() - datetime.timedelta(days=10),
                                               publicity_until=datetime.date.today() - datetime.timedelta(days=3))
    page.goto(f"/hardship/{f.pk}/")
    with translation.override("zh-hans"):
        expect(page.get_by_test_id("state")).to_have_text(str(HardshipFile.State.ACTIVE.label))
    expect(page.get_by_test_id("reviews")).to_contain_text("同意建档")
    f.refresh_from_db()
    assert f.state == "active" and f.member.__class__.objects.get(pk=f.member_id).has_hardship_file
    assert page.console_errors == []
