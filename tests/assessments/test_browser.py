"""Issue 6: a union clerk self-assesses against 六有六规范 and uploads evidence, submits; the
county reviews item by item, sets a rectification task with a deadline and closes the review."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from gonghui.assessments.models import Assessment, Evidence, RectificationTask

from .conftest import PNG, YEAR


def test_a_clerk_self_assesses_and_the_county_reviews(page, sign_in, city):
    sign_in("union")
    page.goto(f"/assessments/not-started/?year={YEAR}")
    page.get_by_test_id("not-started").locator("li", has_text=city.grassroots.name).get_by_role("link").last.click()
    page.locator("form button.btn-primary").click()  # the union is chosen already; the year is this one
    expect(page.get_by_test_id("state")).to_be_visible()
    a = Assessment.objects.get()
    assert a.union == city.grassroots and a.criteria_set == "norms"

    items = list(a.items.select_related("criterion"))
    for item in items:
        card = page.get_by_test_id(f"item-{item.criterion.code}")
        card.get_by_test_id("self-score-input").fill(str(item.criterion.max_score - 1))
        card.get_by_test_id("save-self").click()
        expect(page.get_by_test_id(f"item-{item.criterion.code}").get_by_test_id("self-score")).to_have_text(
            str(item.criterion.max_score - 1))
    # a score above the item's most is refused with a message naming the item
    first = page.get_by_test_id(f"item-{items[0].criterion.code}")
    first.get_by_test_id("self-score-input").evaluate("e => e.removeAttribute('max')")
    first.get_by_test_id("self-score-input").fill("99")
    first.get_by_test_id("save-self").click()
    expect(page.locator(".alert-danger, .alert-error").first).to_contain_text(items[0].criterion.name)

    card = page.get_by_test_id(f"item-{items[0].criterion.code}")
    card.get_by_test_id("evidence-file").set_input_files({"name": "换届选举会议.png", "mimeType": "image/png",
                                                          "buffer": PNG})
    card.get_by_test_id("add-evidence").click()
    expect(page.get_by_test_id(f"item-{items[0].criterion.code}").get_by_test_id("evidence")).to_have_text(
        "换届选举会议.png")
    assert Evidence.objects.count() == 1
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("submit")).to_have_count(0)
    a.refresh_from_db()
    assert a.state == "submitted" and a.self_total == 94
    expect(page.get_by_test_id("review-score-input")).to_have_count(0)  # the clerk does not review

    page.context.clear_cookies()
    sign_in("county")
    page.goto(f"/assessments/{a.pk}/")
    for item in items:
        card = page.get_by_test_id(f"item-{item.criterion.code}")
        card.get_by_test_id("review-score-input").fill(str(item.criterion.max_score - 3))
        card.get_by_test_id("save-review").click()
        expect(page.get_by_test_id(f"item-{item.criterion.code}").get_by_test_id("review-score")).to_have_text(
            str(item.criterion.max_score - 3))
    deadline = timezone.localdate() + timedelta(days=30)
    page.get_by_test_id("task-item").select_option(str(items[1].pk))
    page.get_by_test_id("task-requirement").fill("补齐经费审查委员会会议记录")
    page.get_by_test_id("task-deadline").fill(deadline.isoformat())
    page.get_by_test_id("add-task").click()
    expect(page.get_by_test_id("tasks")).to_contain_text("补齐经费审查委员会会议记录")
    page.locator("#id_outcome").select_option("rectification")
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("finish").click()
    expect(page.get_by_test_id("finish")).to_have_count(0)
    a.refresh_from_db()
    assert (a.state, a.outcome, a.review_total, a.reviewed_by) == ("reviewed", "rectification", 82,
                                                                   city.users["county"])
    task = RectificationTask.objects.get()
    assert task.item == items[1] and task.deadline == deadline and task.state == "open"
    assert page.console_errors == []


def test_a_member_rates_their_union_on_a_phone(browser, live_server, city):
    from django.test import Client

    from gonghui.assessments.models import SurveyResponse

    from ..factories import user
    from ..medicalaid.conftest import member

    m = member(city)
    account = user("survey-phone", kind="member")
    type(m).objects.filter(pk=m.pk).update(user=account)
    session = Client()
    session.force_login(account)
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 360, "height": 740},
                                  is_mobile=True, has_touch=True)
    context.add_cookies([{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}])
    phone = context.new_page()
    phone.goto("/")
    phone.get_by_test_id("my-survey").click()
    for i, stars in enumerate((5, 4, 4, 3, 5), start=1):
        phone.get_by_test_id(f"q{i}").locator(f"input[value='{stars}']").check()
    phone.locator("#comment").fill("希望多组织文体活动")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    phone.get_by_test_id("survey-submit").click()
    expect(phone.get_by_test_id("survey-done")).to_be_visible()
    r = SurveyResponse.objects.get(member=m)
    assert [r.q1, r.q2, r.q3, r.q4, r.q5] == [5, 4, 4, 3, 5] and r.union == city.grassroots
    context.close()
