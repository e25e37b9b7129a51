"""The 职代会 pages: lists with filters and export, the congress page's rules with sources, the
vote and proposal forms refusing bad input in Chinese with nothing recorded, the member's pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from gonghui.wcongress import services
from gonghui.wcongress.models import Delegate, Disclosure, Motion, Proposal

from ..factories import read_xlsx
from .conftest import ZHEJIANG, congress, home_congress, proposal

pytestmark = pytest.mark.django_db


def test_the_congress_page_names_its_rules_and_sources(login, city):
    k = congress(city, region=ZHEJIANG, headcount=800, delegates=3)
    page = login("city").get(f"/workers-congress/{k.pk}/").content.decode()
    assert "浙江省企业民主管理条例 第十条" in page and "浙江省企业民主管理条例 第十五条" in page
    assert 'data-testid="composition-problem"' in page  # 3 delegates where 89 are needed
    assert "89" in page


def test_a_vote_below_quorum_on_the_page_is_refused_in_chinese_and_not_recorded(login, city):
    k = congress(city, region=ZHEJIANG, headcount=100, delegates=40)
    s = services.create_session(k, acting_user=city.users["city"], held_on=timezone.localdate())
    r = login("city").post(f"/workers-congress/sessions/{s.pk}/vote/", {
        "title": "集体合同草案", "present": 26, "in_favour": 26, "against": 0, "abstain": 0})
    assert r.status_code == 200
    page = r.content.decode()
    assert "2/3" in page and "26" in page
    assert "浙江省企业民主管理条例 第十五条" in page
    assert not Motion.objects.exists()
    r = login("city").post(f"/workers-congress/sessions/{s.pk}/vote/", {
        "title": "集体合同草案", "present": 27, "in_favour": 21, "against": 6, "abstain": 0})
    assert r.status_code == 302 and Motion.objects.get().passed


def test_the_proposal_list_filters_overdue_and_exports(login, city):
    late = proposal(city, state="assigned")
    Proposal.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    proposal(city, state="replied")
    c = login("city")
    page = c.get("/workers-congress/proposals/?overdue=true").content.decode()
    assert late.number in page and page.count('data-testid="proposal-table"') == 1
    assert "已答复" not in page.split('data-testid="proposal-table"')[1]
    sheets = read_xlsx(c.get("/workers-congress/proposals/?export=xlsx"))
    rows = next(iter(sheets.values()))
    assert len([r for r in rows if r and r[0] and "-" in str(r[0])]) >= 2


def test_staff_screen_refuse_with_reason_then_replies_are_refused(login, city):
    p = proposal(city)
    c = login("city")
    r = c.post(f"/workers-congress/proposals/{p.pk}/screen/", {"decision": "reject", "reason": ""})
    assert r.status_code == 200 and "理由" in r.content.decode()
    assert Proposal.objects.get(pk=p.pk).state == "submitted"
    c.post(f"/workers-congress/proposals/{p.pk}/screen/", {"decision": "reject", "reason": "不属于职代会职权范围"})
    r = c.post(f"/workers-congress/proposals/{p.pk}/reply/", {"reply": "答复", "signed_by": "王经理"})
    assert r.status_code == 200 and "不立案" in r.content.decode()
    assert Proposal.objects.get(pk=p.pk).reply == ""


def test_disclosures_list_shows_overdue_and_the_plan_page_lists_the_rulebook_items(login, city):
    start = date(timezone.localdate().year - 1, 1, 1)
    made = services.plan_disclosures(city.employer, acting_user=city.users["union"], period_start=start)
    services.publish_disclosure(made[0], acting_user=city.users["union"], published_on=start + timedelta(days=20),
                                content="经营情况")
    c = login("union")
    page = c.get("/workers-congress/disclosures/?status=overdue").content.decode()
    assert made[1].item_name in page and made[0].item_name not in page.split('data-testid="disclosure-table"')[1]
    assert "集体合同和劳动规章制度" in c.get("/workers-congress/disclosures/plan/").content.decode()
    r = c.post(f"/workers-congress/disclosures/{made[1].pk}/", {"published_on": "", "content": ""})
    assert r.status_code == 200 and Disclosure.objects.get(pk=made[1].pk).published_on is None


def test_a_member_submits_on_the_phone_and_too_few_co_sponsors_are_named(client, city):
    k = home_congress(city, delegates=3, logins=3)
    ds = list(Delegate.objects.filter(congress=k).select_related("member"))
    client.force_login(ds[0].member.user)
    page = client.get("/workers-congress/my/proposals/new/").content.decode()
    assert ds[1].member.name in page and 'data-testid="cosponsor-rule"' in page
    r = client.post("/workers-congress/my/proposals/new/", {"title": "增设班车", "content": "开通夜班班车。",
                                                            "cosponsors": [ds[1].pk]})
    assert r.status_code == 200 and "附议人" in r.content.decode()
    assert not Proposal.objects.exists()
    r = client.post("/workers-congress/my/proposals/new/", {"title": "增设班车", "content": "开通夜班班车。",
                                                            "cosponsors": [ds[1].pk, ds[2].pk]})
    p = Proposal.objects.get()
    assert r.status_code == 302 and r.url == f"/workers-congress/my/proposals/{p.pk}/"
    assert "增设班车" in client.get("/workers-congress/my/proposals/").content.decode()


def test_a_member_sees_their_employers_disclosures_and_not_anothers_proposal(client, city):
    services.plan_disclosures(city.employer, acting_user=city.users["city"], period_start=date(2026, 1, 1))
    services.plan_disclosures(city.employer2, acting_user=city.users["city"], period_start=date(2026, 1, 1))
    p = proposal(city)
    outsider = Delegate.objects.exclude(pk__in=[p.proposer_id, *p.cosponsors.values_list("pk", flat=True)])
    assert not outsider.exists()
    from .conftest import member

    m = member(city, city.grassroots, login=True)
    client.force_login(m.user)
    page = client.get("/workers-congress/my/disclosures/").content.decode()
    assert page.count("经营管理情况") == 1
    assert client.get(f"/workers-congress/my/proposals/{p.pk}/").status_code == 404
    client.force_login(p.proposer.member.user)
    assert client.get(f"/workers-congress/my/proposals/{p.pk}/").status_code == 200


def test_the_congress_list_finds_terms_that_ended(login, city):
    from gonghui.wcongress.models import WorkersCongress

    old = congress(city, region=ZHEJIANG, headcount=100)
    WorkersCongress.objects.filter(pk=old.pk).update(term_end=timezone.localdate() - timedelta(days=1))
    current = congress(city, region=ZHEJIANG, headcount=100)
    table = login("city").get("/workers-congress/?term=ended").content.decode().split('data-testid="congress-table"')[1]
    assert old.name in table and current.name not in table
