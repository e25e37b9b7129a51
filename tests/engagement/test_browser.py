"""Issue 5: on a 360 px phone a member takes this month's quiz against the countdown and sees
the score; another day's reader checks in to the reading plan with a note and sees the streak."""

from playwright.sync_api import expect

from gonghui.accounts.models import User
from gonghui.engagement.models import Attempt, CheckIn

from ..factories import PASSWORD
from .conftest import member, plan, quiz


def _sign_in(pg, m):
    account = User.objects.get(pk=m.user_id)
    account.set_password(PASSWORD)
    account.save()
    pg.goto("/accounts/login/")
    pg.get_by_test_id("staff-username").fill(account.username)
    pg.get_by_test_id("staff-password").fill(PASSWORD)
    pg.get_by_test_id("staff-submit").click()
    pg.wait_for_load_state("networkidle")


def _fits(pg):
    assert pg.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone


def test_a_member_takes_the_monthly_quiz_and_sees_the_score(phone, city):
    q = quiz(city, tries=2, limit=300)
    m = member(city, name="刘越高")
    pg = phone
    _sign_in(pg, m)
    pg.get_by_test_id("my-quiz").click()
    expect(pg.get_by_test_id("quiz-card")).to_contain_text(q.title)
    expect(pg.get_by_test_id("tries-left")).to_have_text("2")
    _fits(pg)
    pg.once("dialog", lambda d: d.accept())
    pg.get_by_test_id("start").click()
    expect(pg.get_by_test_id("countdown")).to_be_visible()
    shown = int(pg.locator("[data-countdown]").inner_text())
    assert 0 < shown <= 300
    expect(pg.get_by_test_id("question")).to_have_count(4)
    _fits(pg)
    # every answer right but the multiple-choice one, where one option is left out
    for line in q.lines.select_related("question").order_by("position"):
        question = line.question
        picks = question.answer if question.kind == "single" else question.answer[:-1]
        for i in picks:
            pg.get_by_test_id(f"option-{question.pk}-{chr(65 + i)}").check()
    pg.get_by_test_id("submit").click()
    expect(pg.get_by_test_id("score")).to_have_text("75")
    _fits(pg)
    attempt = Attempt.objects.get(member=m)
    assert attempt.score == 75 and attempt.correct == 3 and attempt.duration_ms is not None
    pg.get_by_role("link", name="排行榜").click()
    expect(pg.get_by_test_id("member-board")).to_contain_text("刘*高")
    expect(pg.get_by_test_id("union-board")).to_contain_text("100.0%")
    _fits(pg)
    assert pg.console_errors == []


def test_a_member_checks_in_to_reading_and_sees_the_streak(phone, city):
    p = plan(city)
    m = member(city)
    pg = phone
    _sign_in(pg, m)
    pg.get_by_test_id("my-reading").click()
    expect(pg.get_by_test_id("plan")).to_contain_text(p.title)
    expect(pg.get_by_test_id("streak")).to_have_text("0")
    pg.get_by_test_id("check-in").click()  # no note: the plan asks for one
    expect(pg.get_by_role("alert")).to_contain_text("读书心得")
    pg.get_by_test_id("note").fill("读了《平凡的世界》第一章，孙少平的坚韧让我感动。")
    pg.get_by_test_id("check-in").click()
    expect(pg.get_by_role("alert")).to_contain_text("打卡成功")
    expect(pg.get_by_test_id("streak")).to_have_text("1")
    expect(pg.get_by_test_id("done-today")).to_be_visible()
    expect(pg.get_by_test_id("recent")).to_contain_text("孙少平")
    _fits(pg)
    assert CheckIn.objects.get(member=m).note.startswith("读了")
    pg.get_by_test_id("ranking-link").click()
    expect(pg.get_by_test_id("union-ranking")).to_contain_text("衡阳县总工会")
    _fits(pg)
    assert pg.console_errors == []
