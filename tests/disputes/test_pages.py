"""The dispute pages: the list filters, searches and exports; the case page shows every deadline
with its rule and refuses bad steps in Chinese with nothing changed; bodies, referrals and the
watch list with its breakdown."""

from datetime import date

import pytest
from django.utils import timezone

from gonghui.disputes import services
from gonghui.disputes.models import Dispute, MediationMember, WatchAction

from ..factories import read_xlsx
from .conftest import dispute, to_accepted

pytestmark = pytest.mark.django_db


def test_the_list_filters_mediation_over_and_exports(login, city):
    old = dispute(city, received_on=date(2026, 3, 2))
    new = dispute(city, received_on=timezone.localdate())
    c = login("rights")
    page = c.get("/disputes/?due=mediation_over").content.decode()
    table = page.split('data-testid="dispute-table"')[1]
    assert old.number in table and new.number not in table
    assert "可申请仲裁" in table
    rows = next(iter(read_xlsx(c.get("/disputes/?export=xlsx")).values()))
    assert {old.number, new.number} <= {r[0] for r in rows if r}


def test_the_case_page_shows_each_deadline_with_its_source(login, city):
    d = to_accepted(city, dispute(city))
    page = login("rights").get(f"/disputes/{d.pk}/").content.decode()
    assert 'data-testid="due-award"' in page and "2026年9月17日" in page
    assert "劳动争议调解仲裁法 第四十三条" in page and "劳动争议调解仲裁法 第二十九条" in page


def test_an_award_past_the_period_on_the_page_is_refused_and_nothing_changes(login, city):
    d = to_accepted(city, dispute(city))
    r = login("rights").post(f"/disputes/{d.pk}/award/", {"awarded_on": "2026-09-18", "outcome": "支持"})
    assert r.status_code == 200
    assert "未经批准延期" in r.content.decode() and "第四十三条" in r.content.decode()
    assert Dispute.objects.get(pk=d.pk).state == "accepted"


def test_the_auditor_reads_the_case_but_gets_no_forms(login, city):
    d = dispute(city)
    page = login("auditor").get(f"/disputes/{d.pk}/").content.decode()
    assert d.number in page and 'data-testid="action-agree"' not in page
    assert login("auditor").post(f"/disputes/{d.pk}/end/", {"on": "2026-03-03", "reason": "x"}).status_code == 403
    assert Dispute.objects.get(pk=d.pk).state == "mediating"


def test_a_committee_page_lists_problems_until_composed(login, city):
    body = services.create_body(acting_user=city.users["rights"], union=city.grassroots, kind="enterprise",
                                name="第一机械调解委员会", employer=city.employer)
    c = login("union")
    r = c.post(f"/disputes/bodies/{body.pk}/", {"name": "王厂长", "side": "employer", "is_chair": "on"})
    assert r.status_code == 200 and "第十条" in r.content.decode()
    assert not MediationMember.objects.exists()
    c.post(f"/disputes/bodies/{body.pk}/", {"name": "刘越高", "side": "workers", "is_chair": "on",
                                            "from_union": "on"})
    page = c.get(f"/disputes/bodies/{body.pk}/").content.decode()
    assert "刘越高" in page and "尚无企业代表" in page
    mine = dispute(city, body=body)
    other = dispute(city)
    listed = c.get(f"/disputes/?body={body.pk}").content.decode().split('data-testid="dispute-table"')[1]
    assert mine.number in listed and other.number not in listed


def test_the_watch_page_shows_the_breakdown_and_records_actions(login, city):
    services.add_signal(acting_user=city.users["rights"], union=city.grassroots, employer=city.employer,
                        code="layoff", on=timezone.localdate(), count=3)
    w = city.employer.watch
    c = login("rights")
    page = c.get(f"/disputes/warnings/{w.pk}/").content.decode()
    assert 'data-testid="live-score">60<' in page and "裁员" in page and "橙色" in page
    assert "warning.weights" not in page and "本系统默认值" in page
    c.post(f"/disputes/warnings/{w.pk}/action/", {"on": timezone.localdate().isoformat(), "text": "约谈企业负责人"})
    assert WatchAction.objects.get().text == "约谈企业负责人"
    listed = c.get("/disputes/warnings/?level=orange").content.decode()
    assert city.employer.name in listed
