"""Subsidies pages: lists with filters, search and export, a plan's progress with its chart and
links, applying with files, inspecting, approving within the budget, paying, the totals report."""

import datetime
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.subsidies import services
from gonghui.subsidies.models import AwardSubsidy, PositionPlan

from ..factories import colleague, read_xlsx
from .conftest import PNG, YEAR, apply, approved, inspected, kind, position, programme

pytestmark = pytest.mark.django_db


def _plan(c):
    return services.create_plan(acting_user=c.users["city"], union=c.county, kind=kind(), target=18,
                                start_year=YEAR - 2, end_year=YEAR)


def test_plan_list_shows_progress_filters_and_exports(city, login):
    plan = _plan(city)
    services.create_plan(acting_user=city.users["city"], union=city.county2, kind=kind("t_station", "爱心驿站"),
                         target=5, start_year=YEAR, end_year=YEAR)
    for y in (YEAR - 2, YEAR - 1, YEAR):
        position(city, opened_on=datetime.date(y, 6, 1))
    c = login("city")
    r = c.get(reverse("subsidies:plans"), {"kind": kind().pk})
    page = r.content.decode()
    assert "衡阳县总工会" in page and "衡南县总工会" not in page
    assert reverse("subsidies:plan_positions", args=[plan.pk]) in page and "17%" in page
    rows = next(iter(read_xlsx(c.get(reverse("subsidies:plans"), {"export": "xlsx"})).values()))
    assert len(rows) == 3 and any(3 in row or "3" in row for row in rows[1:])
    assert login("county2").get(reverse("subsidies:plans")).content.decode().count("衡阳县总工会") == 0


def test_plan_page_draws_the_chart_and_each_figure_links_to_its_positions(city, login):
    plan = _plan(city)
    position(city, opened_on=datetime.date(YEAR - 1, 3, 1))
    position(city, city.township, opened_on=datetime.date(YEAR, 3, 1))
    c = login("county")
    page = c.get(reverse("subsidies:plan_detail", args=[plan.pk])).content.decode()
    spec = json.loads(re.search(r'<script type="application/json" id="chart-years">(.*?)</script>', page, re.S)[1])
    assert [(i["label"], i["value"]) for i in spec["items"]] == [(str(YEAR - 2), 0), (str(YEAR - 1), 1),
                                                                 (str(YEAR), 1)]
    assert 'data-testid="done"' in page and 'value="2" max="18"' in page
    one_year = c.get(spec["items"][1]["url"]).content.decode()
    assert one_year.count("测试阵地") == 1
    assert c.get(reverse("subsidies:plan_positions", args=[plan.pk])).content.decode().count("测试阵地") == 2


def test_deleting_a_plan_is_confirmed_and_audited(city, login):
    plan = _plan(city)
    c = login("county")
    page = c.get(reverse("subsidies:plan_detail", args=[plan.pk])).content.decode()
    assert "data-confirm" in page
    assert c.post(reverse("subsidies:plan_delete", args=[plan.pk])).status_code == 302
    assert not PositionPlan.objects.exists()


def test_the_clerk_applies_with_a_file_and_a_bad_file_changes_nothing(city, login):
    prog, pos = programme(city), position(city)
    c = login("union")
    data = {"programme": prog.pk, "position_code": pos.code, "requested_fen": "3000", "statement": "新建职工之家"}
    r = c.post(reverse("subsidies:create"), data | {"files": [SimpleUploadedFile("a.txt", b"hello")]})
    assert r.status_code == 200 and "a.txt" in r.content.decode() and not AwardSubsidy.objects.exists()
    r = c.post(reverse("subsidies:create"), data | {"files": [SimpleUploadedFile("门牌.png", PNG),
                                                              SimpleUploadedFile("方案.pdf", b"%PDF-1.4 x")]})
    s = AwardSubsidy.objects.get()
    assert r.status_code == 302 and s.requested_fen == 300_000 and s.attachments.count() == 2
    a = s.attachments.first()
    assert c.get(reverse("subsidies:attachment", args=[s.pk, a.pk])).status_code == 200


def test_the_county_inspects_approves_and_records_the_payment(city, login):
    s = apply(city, programme(city, budget_fen=1_000_000), requested_fen=400_000)
    c = login("county")
    page = c.get(reverse("subsidies:detail", args=[s.pk])).content.decode()
    assert 'data-testid="inspect"' in page and 'data-testid="approve"' not in page
    form = c.get(reverse("subsidies:inspect", args=[s.pk])).content.decode()
    assert "饮用水" in form and "急救箱" in form
    r = c.post(reverse("subsidies:inspect", args=[s.pk]), {"score": "101", "checklist": ["water"]})
    assert r.status_code == 200 and 'data-testid="field-error"' in r.content.decode()
    r = c.post(reverse("subsidies:inspect", args=[s.pk]), {
        "score": "88", "checklist": ["water", "aircon"], "proposed_fen": "3500", "comment": "阵地整洁",
        "photos": [SimpleUploadedFile("现场.png", PNG)]})
    assert r.status_code == 302
    page = c.get(reverse("subsidies:detail", args=[s.pk])).content.decode()
    assert 'data-testid="approve"' in page and "data-confirm" in page
    c.post(reverse("subsidies:review", args=[s.pk]), {"approve": "1", "opinion": "同意"})
    s.refresh_from_db()
    assert s.state == "approved" and s.approved_fen == 350_000 and s.programme.committed_fen == 350_000
    c.post(reverse("subsidies:pay", args=[s.pk]), {"paid_on": timezone.localdate().isoformat(), "voucher_no": "记-9"})
    s.refresh_from_db()
    assert s.state == "paid" and s.voucher_no == "记-9"


def test_approving_above_the_budget_shows_the_reason_and_changes_nothing(city, login):
    prog = programme(city, budget_fen=500_000)
    s = inspected(city, apply(city, prog, requested_fen=200_000))  # applied while the budget had the room
    approved(city, apply(city, prog, requested_fen=400_000))
    c = login("county")
    r = c.post(reverse("subsidies:review", args=[s.pk]), {"approve": "1"}, follow=True)
    assert "1,000.00" in r.content.decode() and "2,000.00" in r.content.decode()
    s.refresh_from_db()
    prog.refresh_from_db()
    assert s.state == "inspected" and prog.committed_fen == 400_000


def test_subsidy_list_filters_searches_and_exports(city, login):
    prog = programme(city, budget_fen=10_000_000)
    a = apply(city, prog, position(city, name="西渡镇职工之家"))
    approved(city, apply(city, prog, position(city, name="界牌镇爱心驿站")))
    c = login("county")
    page = c.get(reverse("subsidies:list"), {"q": "西渡"}, follow=True).content.decode()
    assert "西渡镇职工之家" in page and "界牌镇爱心驿站" not in page
    page = c.get(reverse("subsidies:list"), {"state": "awarded"}).content.decode()
    assert "界牌镇爱心驿站" in page and "西渡镇职工之家" not in page
    rows = next(iter(read_xlsx(c.get(reverse("subsidies:list"), {"export": "xlsx"})).values()))
    assert len(rows) == 3
    assert a.pk


def test_report_totals_per_year_link_to_the_rows(city, login):
    """Seed 003: 1,236 万元 of 以奖代补 paid in 2022."""
    prog = programme(city, year=2022, budget_fen=1_300_000_000)
    for i, fen in enumerate([500_000_000, 436_000_000, 300_000_000]):
        s = apply(city, prog, position(city, city.grassroots if i % 2 else city.township), requested_fen=fen,
                  by="city", union=city.grassroots if i % 2 else city.township)
        s = approved(city, s, by=colleague(city, "city"))
        services.pay(s, acting_user=city.users["city"], paid_on=timezone.localdate(), voucher_no=f"V{i}")
    c = login("city")
    page = c.get(reverse("subsidies:report"), {"year": 2022}).content.decode()
    assert '12,360,000.00' in page  # 1,236 万元
    link = re.search(r'href="([^"]+)" data-testid="paid-2022"', page)[1].replace("&amp;", "&")
    listed = c.get(link).content.decode()
    assert listed.count("测试阵地") == 3
