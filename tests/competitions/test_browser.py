"""Entering judges' scores and publishing a ranking at 1366 px: a score outside the range is
refused with the rule and nothing is saved; a judge's own-union entrant has no input (回避);
publication locks the sheet; a correction without a reason is refused, with one it is recorded;
the rewards are conferred from the competition's page."""

from playwright.sync_api import expect

from gonghui.competitions import services
from gonghui.competitions.models import Placing, Score, ScoreChange

from .conftest import competition, entrants


def test_judges_scores_then_the_published_ranking(sign_in, page, city):
    comp = competition(city)
    a, b = entrants(city, comp, 2)  # a: 第一机械, b: 湘江物流
    outsider = services.add_judge(comp, acting_user=city.users["city"], name="行业评委", union=city.industry)
    home = services.add_judge(comp, acting_user=city.users["city"], name="本厂评委", union=city.grassroots)
    services.set_ladder(comp, acting_user=city.users["city"], steps=[
        {"place_from": 1, "place_to": 1, "title": "technical_expert", "honour_level": "city", "grade_up": True}])

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("city")
    page.goto(f"/competitions/{comp.pk}/")
    page.get_by_test_id("round-1").click()
    page.get_by_test_id("judge-pick").select_option(str(outsider.pk))
    page.get_by_test_id("judge-open").click()
    page.get_by_test_id(f"score-{a.number}-1").fill("88")
    page.get_by_test_id(f"score-{b.number}-1").fill("100.5")
    page.get_by_test_id("save-scores").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("超出本竞赛的评分范围 0.00–100.00")
    assert not Score.objects.exists()
    page.get_by_test_id(f"score-{b.number}-1").fill("92")
    page.get_by_test_id("save-scores").click()
    expect(page.get_by_test_id("live-ranking")).to_contain_text(b.entrant_name)
    assert Score.objects.count() == 2

    page.get_by_test_id("judge-pick").select_option(str(home.pk))
    page.get_by_test_id("judge-open").click()
    expect(page.get_by_test_id("sheet")).to_contain_text("本单位工会选手：回避")
    expect(page.get_by_test_id(f"score-{a.number}-1")).to_have_count(0)
    page.get_by_test_id(f"score-{b.number}-1").fill("90")
    page.get_by_test_id("save-scores").click()
    expect(page.get_by_test_id("missing")).to_contain_text("尚缺 0 个评分")

    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("published")).to_be_visible()
    expect(page.get_by_test_id("ranking").locator("tbody tr").first).to_contain_text(b.entrant_name)
    assert dict(Placing.objects.values_list("registration_id", "place")) == {b.pk: 1, a.pk: 2}
    expect(page.get_by_test_id("sheet")).to_have_count(0)  # locked: no sheet any more

    s = Score.objects.get(registration=a, judge=outsider)
    form = page.locator(f"form[action='/competitions/scores/{s.pk}/correct/']")
    form.locator("input[name=value]").fill("99")
    form.get_by_role("button").click()
    expect(page.locator(".alert-danger, .alert-error").first).to_contain_text("更正原因")
    assert Score.objects.get(pk=s.pk).value == 88 and not ScoreChange.objects.exists()
    form = page.locator(f"form[action='/competitions/scores/{s.pk}/correct/']")
    form.locator("input[name=value]").fill("99")
    form.locator("input[name=reason]").fill("复核发现漏计")
    form.get_by_role("button").click()
    expect(page.get_by_test_id("changes")).to_contain_text("88.00 → 99.00（复核发现漏计）")
    expect(page.get_by_test_id("ranking").locator("tbody tr").first).to_contain_text(a.entrant_name)

    page.goto(f"/competitions/{comp.pk}/")
    page.get_by_test_id("confer").click()
    expect(page.get_by_test_id("awards")).to_contain_text(a.entrant_name)
    expect(page.get_by_test_id("awards")).to_contain_text("技术能手")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert page.console_errors == []
