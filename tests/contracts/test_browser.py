"""A collective contract from the written request to in force, at 1366 px: the grassroots clerk
records the request (the answer's due date shown with its rule), the answer, the negotiators
(two a side refused with the rule, then three), a meeting and the draft; the 职代会 votes it
(the wcongress pass rule shown); signing (a four-year term refused), filing, and in force the
day after the labour department's review ended."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from gonghui.contracts.models import CollectiveContract as C
from gonghui.orgs.models import Employer
from gonghui.rules import days
from gonghui.wcongress import services as wservices

from ..browser_support import choose_union
from .conftest import congress


def _iso(d):
    return d.isoformat()


def test_a_collective_contract_from_request_to_in_force(page, sign_in, city):
    today = timezone.localdate()
    Employer.objects.filter(pk=city.employer.pk).update(headcount=80)
    k = congress(city, union=city.grassroots, employer_=city.employer, delegates=30)
    wservices.create_session(k, acting_user=city.users["city"], held_on=today - timedelta(days=40))
    requested = today - timedelta(days=60)
    signed = today - timedelta(days=35)
    term_start = signed + timedelta(days=1)

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("union")
    page.goto("/collective-contracts/new/")
    choose_union(page, "第一机械")
    page.locator("#id_title").fill("第一机械2026年集体合同")
    page.locator("#id_employers").select_option(str(city.employer.pk))
    page.locator("#id_requested_on").fill(_iso(requested))
    page.locator("#id_request_text").fill("要求就劳动报酬、工作时间等签订集体合同。")
    page.locator("main form button.btn-primary").click()
    expect(page.get_by_test_id("contract-state")).to_have_text("已提出协商要求")
    expect(page.get_by_test_id("deadline-reply_due_on")).to_contain_text("集体合同规定 第三十二条")
    expect(page.get_by_test_id("deadline-reply_due_on")).to_contain_text("20日")
    c = C.objects.get()

    reply = page.get_by_test_id("action-reply")
    reply.locator("#id_replied_on").fill(_iso(requested + timedelta(days=5)))
    page.get_by_test_id("reply-submit").click()
    expect(page.get_by_test_id("contract-state")).to_have_text("协商中")

    neg = page.get_by_test_id("action-negotiators")
    neg.locator("#id_union_side").fill("刘越高, 工会主席\n王芳")
    neg.locator("#id_employer_side").fill("陈总, 总经理\n周经理")
    page.get_by_test_id("negotiators-submit").click()
    expect(page.get_by_test_id("field-error").first).to_contain_text("集体合同规定 第八条")
    assert not c.negotiators.exists()
    neg = page.get_by_test_id("action-negotiators")
    neg.locator("#id_union_side").fill("刘越高, 工会主席\n王芳\n李强")
    neg.locator("#id_employer_side").fill("陈总, 总经理\n周经理\n吴经理")
    page.get_by_test_id("negotiators-submit").click()
    expect(page.get_by_test_id("negotiators")).to_contain_text("刘越高")

    meeting = page.get_by_test_id("action-meeting")
    meeting.locator("#id_held_on").fill(_iso(requested + timedelta(days=10)))
    meeting.locator("#id_summary").fill("双方就工资增长和休息休假协商。")
    page.get_by_test_id("meeting-submit").click()
    expect(page.get_by_test_id("meetings")).to_contain_text("工资增长")
    draft = page.get_by_test_id("action-draft")
    draft.locator("#id_agreed_on").fill(_iso(requested + timedelta(days=15)))
    draft.locator("#id_text").fill("职工工资平均增长6%。")
    draft.locator("#id_wage_increase_pct").fill("6")
    page.get_by_test_id("draft-submit").click()
    expect(page.get_by_test_id("contract-state")).to_have_text("草案已形成")

    expect(page.get_by_test_id("congress-rules")).to_contain_text("集体合同规定 第三十六条")
    vote = page.get_by_test_id("action-vote")
    vote.locator("#id_present").fill("20")
    vote.locator("#id_in_favour").fill("15")
    vote.locator("#id_against").fill("5")
    page.get_by_test_id("vote-submit").click()
    expect(page.get_by_test_id("contract-state")).to_have_text("职代会已通过")
    expect(page.get_by_test_id("contract-vote")).to_contain_text("15")

    sign = page.get_by_test_id("action-sign")
    sign.locator("#id_signed_on").fill(_iso(signed))
    sign.locator("#id_term_start").fill(_iso(term_start))
    sign.locator("#id_term_end").fill(_iso(days.add_months(term_start, 48) - timedelta(days=1)))
    page.get_by_test_id("sign-submit").click()
    expect(page.get_by_test_id("field-error").first).to_contain_text("集体合同规定 第三十八条")
    c.refresh_from_db()
    assert c.state == C.State.APPROVED and c.signed_on is None
    sign = page.get_by_test_id("action-sign")
    sign.locator("#id_signed_on").fill(_iso(signed))
    sign.locator("#id_term_start").fill(_iso(term_start))
    sign.locator("#id_term_end").fill(_iso(days.add_months(term_start, 36) - timedelta(days=1)))
    page.get_by_test_id("sign-submit").click()
    expect(page.get_by_test_id("contract-state")).to_have_text("已签字")
    expect(page.get_by_test_id("deadline-filing_due_on")).to_contain_text("集体合同规定 第四十二条")

    page.get_by_test_id("action-file").locator("#id_filed_on").fill(_iso(signed + timedelta(days=5)))
    page.get_by_test_id("file-submit").click()
    expect(page.get_by_test_id("contract-state")).to_have_text("已报送，审查中")
    expect(page.get_by_test_id("deadline-review_ends_on")).to_contain_text("集体合同规定 第四十五条")
    page.get_by_test_id("effect-submit").click()
    expect(page.get_by_test_id("contract-state")).to_have_text("已生效")
    c.refresh_from_db()
    assert c.state == C.State.IN_FORCE and c.effective_on == c.review_ends_on + timedelta(days=1)
    expect(page.get_by_test_id("effective-on")).to_be_visible()
    expect(page.get_by_test_id("deadline-renewal_from")).to_contain_text("集体合同规定 第三十八条")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert page.console_errors == []
