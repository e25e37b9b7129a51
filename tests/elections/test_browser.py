"""A whole election at 1366 px: the clerk sets it up and nominates, the county approves the
candidates, two tellers count (their disagreement shown first), the clerk reports and the
county approves the result; only then do the office-holders change."""

from playwright.sync_api import expect

from gonghui.elections import queries
from gonghui.elections.models import Election, OfficeHolder

from ..browser_support import choose_union
from .conftest import teller2


def test_whole_election_from_candidates_to_approved_result(page, sign_in, city):
    page.set_viewport_size({"width": 1366, "height": 900})
    teller2(city)
    sign_in("union")
    page.goto("/elections/new/")
    choose_union(page, "第一机械")
    page.locator("#id_title").fill("第五届工会委员会换届选举")
    page.locator("#id_held_on").fill("2026-06-01")
    page.locator("#id_meeting").select_option("delegates")
    page.locator("#id_delegates").fill("9")
    page.locator("main form button.btn-primary").click()
    expect(page.get_by_test_id("entitled")).to_contain_text("9")
    e = Election.objects.get()

    form = page.get_by_test_id("add-post")
    form.locator("#id_office").select_option("committee")
    form.locator("#id_seats").fill("3")
    form.locator("button").click()
    expect(page.get_by_test_id("post-committee")).to_be_visible()
    for name in ("王芳", "张伟", "李娜", "刘洋"):
        add = page.get_by_test_id("add-candidate-committee")
        add.locator("input[name=name]").fill(name)
        add.locator("button").click()
        expect(page.get_by_test_id("post-committee")).to_contain_text(name)
    expect(page.get_by_test_id("post-committee").get_by_test_id("candidate").first).to_contain_text("王芳")
    page.get_by_test_id("submit-candidates").click()
    expect(page.get_by_test_id("election-state")).to_have_text("候选人待上级审查")
    assert page.get_by_test_id("decide").count() == 0  # the clerk approves nothing

    page.context.clear_cookies()
    sign_in("county")
    page.goto(f"/elections/{e.pk}/")
    page.get_by_test_id("decide").locator("button").click()
    expect(page.get_by_test_id("election-state")).to_have_text("投票中")

    def count_as(user, votes, invalid="0"):
        page.context.clear_cookies()
        sign_in(user)
        page.goto(f"/elections/{e.pk}/")
        page.get_by_test_id("round-link").first.click()
        if page.locator("#id_attendance").input_value() == "":
            page.locator("#id_attendance").fill("9")
            page.locator("#id_issued").fill("9")
            page.locator("#id_returned").fill("9")
            page.get_by_test_id("turnout").locator("button").click()
        tallies = page.get_by_test_id("tallies")
        for name, v in votes.items():
            tallies.get_by_label(name).fill(str(v))
        tallies.locator("#invalid").fill(invalid)
        tallies.locator("button").click()
        page.get_by_test_id("count").locator("button").click()

    count_as("union", {"王芳": 9, "张伟": 8, "李娜": 7, "刘洋": 1})
    expect(page.get_by_test_id("count-error")).to_contain_text("两名计票人")
    count_as("teller2", {"王芳": 8, "张伟": 8, "李娜": 6, "刘洋": 1}, invalid="1")
    expect(page.get_by_test_id("count-error")).to_contain_text("李娜 的得票")
    expect(page.get_by_test_id("count-error")).to_contain_text("无效票")
    count_as("teller2", {"王芳": 9, "张伟": 8, "李娜": 7, "刘洋": 1})
    expect(page.get_by_test_id("result-table")).to_contain_text("未达到当选票数 5")
    expect(page.get_by_test_id("arithmetic")).to_contain_text("至少 5 票")
    expect(page.get_by_test_id("arithmetic")).to_contain_text("工会基层组织选举工作条例")

    page.goto(f"/elections/{e.pk}/")
    page.get_by_test_id("report").click()
    expect(page.get_by_test_id("election-state")).to_have_text("选举结果待上级批复")
    assert not OfficeHolder.objects.exists()

    page.context.clear_cookies()
    sign_in("county")
    page.goto(f"/elections/{e.pk}/")
    page.get_by_test_id("decide").locator("button").click()
    expect(page.get_by_test_id("election-state")).to_have_text("选举结果已批复")
    expect(page.get_by_test_id("elected-committee")).to_contain_text("王芳、张伟、李娜")
    assert set(OfficeHolder.objects.values_list("name", flat=True)) == {"王芳", "张伟", "李娜"}
    assert queries.current_term(city.grassroots).elected_on.isoformat() == "2026-06-01"
    assert not page.console_errors
