"""Issue 6: a grassroots union applies for an award subsidy for its 职工之家 with a photo; the
county inspects the position against its kind's checklist, approves the proposed award after
confirming, and the programme's budget shows it. The county's construction plan draws its chart."""

import datetime

from playwright.sync_api import expect

from gonghui.subsidies import services
from gonghui.subsidies.models import AwardSubsidy

from .conftest import PNG, YEAR, kind, position, programme


def test_a_union_applies_and_the_county_inspects_and_approves(page, sign_in, city, tmp_path):
    prog = programme(city, budget_fen=1_000_000)
    pos = position(city, name="第一机械职工之家")
    photo = tmp_path / "门牌.png"
    photo.write_bytes(PNG)

    sign_in("union")
    page.goto(f"/subsidies/new/?programme={prog.pk}")
    page.locator("#id_position_code").fill(pos.code)
    page.locator("#id_requested_fen").fill("4000")
    page.locator("#id_statement").fill("新建职工之家，面积120平方米，配备空调、饮水机。")
    page.locator("#id_files").set_input_files(str(photo))
    page.locator("form button.btn-primary").click()
    expect(page.get_by_test_id("state")).to_have_text("已提交")
    expect(page.get_by_test_id("inspect")).to_have_count(0)  # the union does not inspect its own
    subsidy = AwardSubsidy.objects.get()
    assert subsidy.created_by == city.users["union"] and subsidy.attachments.count() == 1

    page.context.clear_cookies()
    sign_in("county")
    page.goto(f"/subsidies/{subsidy.pk}/")
    page.get_by_test_id("inspect").click()
    page.get_by_label("饮用水").check()
    page.get_by_label("空调").check()
    page.locator("#id_score").fill("88")
    page.locator("#id_proposed_fen").fill("3500")
    page.locator("form button.btn-primary").click()
    expect(page.get_by_test_id("score")).to_contain_text("88")
    page.get_by_test_id("approve-opinion").fill("验收合格，同意奖补")
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("approved")).to_contain_text("3,500.00")
    subsidy.refresh_from_db()
    prog.refresh_from_db()
    assert subsidy.state == "approved" and prog.committed_fen == 350_000
    page.goto(f"/subsidies/programmes/{prog.pk}/")
    expect(page.get_by_test_id("left")).to_contain_text("6,500.00")
    assert page.console_errors == []


def test_the_plan_page_draws_its_chart(page, sign_in, city):
    plan = services.create_plan(acting_user=city.users["city"], union=city.county, kind=kind(), target=18,
                                start_year=YEAR - 2, end_year=YEAR)
    for y in (YEAR - 2, YEAR - 1, YEAR - 1, YEAR):
        position(city, opened_on=datetime.date(y, 6, 1))
    sign_in("county")
    page.goto(f"/subsidies/plans/{plan.pk}/")
    expect(page.get_by_test_id("done")).to_have_text("4")
    expect(page.locator("[data-chart=chart-years] canvas")).to_have_count(1)
    assert page.console_errors == []
