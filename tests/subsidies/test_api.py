"""The subsidies API: plans with their progress, and an award subsidy from application to payment,
with the pages' rules (scores 0–100, the budget never exceeded: 422 with the Chinese message)."""

import datetime

import pytest
from django.utils import timezone

from gonghui.subsidies.models import AwardSubsidy, SubsidyProgramme

from .conftest import YEAR, apply, approved, kind, position, programme

pytestmark = pytest.mark.django_db


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_plans_are_listed_with_progress_and_created(city, api):
    kind()
    c = api("county")
    r = _post(c, "/api/v1/position-plans", {"union_id": city.county.pk, "kind": "t_home", "target": 4,
                                             "start_year": YEAR - 1, "end_year": YEAR})
    assert r.status_code == 201, r.content
    plan = r.json()
    assert plan["done"] == 0 and [y["year"] for y in plan["by_year"]] == [YEAR - 1, YEAR]
    position(city, opened_on=datetime.date(YEAR - 1, 9, 1))
    position(city, city.township, opened_on=datetime.date(YEAR, 2, 1))
    items = c.get("/api/v1/position-plans").json()["items"]
    assert [(p["done"], p["percent"]) for p in items] == [(2, 50)]
    detail = c.get(f"/api/v1/position-plans/{plan['id']}").json()
    assert [(y["built"], y["built_so_far"]) for y in detail["by_year"]] == [(1, 1), (1, 2)]
    assert api("county2").get("/api/v1/position-plans").json()["items"] == []
    r = _post(c, "/api/v1/position-plans", {"union_id": city.county.pk, "kind": "nope", "target": 4,
                                             "start_year": YEAR, "end_year": YEAR})
    assert r.status_code == 422 and "nope" in r.json()["detail"]


def test_an_award_subsidy_through_the_api(city, api):
    prog = programme(city, budget_fen=1_000_000)
    pos = position(city)
    r = _post(api("union"), "/api/v1/award-subsidies", {"programme_id": prog.pk, "position_id": pos.pk,
                                                         "requested_fen": 500_000, "statement": "新建职工之家"})
    assert r.status_code == 201, r.content
    sid = r.json()["id"]
    county = api("county")
    r = _post(county, f"/api/v1/award-subsidies/{sid}/inspect", {"score": 101})
    assert r.status_code == 422 and r.json()["errors"]["score"]
    r = _post(county, f"/api/v1/award-subsidies/{sid}/inspect", {"score": 90, "checklist": ["water"],
                                                                  "proposed_fen": 450_000})
    assert r.json()["checklist"]["water"] is True and r.json()["proposed_fen"] == 450_000
    assert _post(api("union"), f"/api/v1/award-subsidies/{sid}/review", {"approve": True}).status_code == 403
    r = _post(county, f"/api/v1/award-subsidies/{sid}/review", {"approve": True, "amount_fen": 400_000})
    assert r.status_code == 200 and r.json()["state"] == "approved" and r.json()["approved_fen"] == 400_000
    r = _post(county, f"/api/v1/award-subsidies/{sid}/pay", {"paid_on": timezone.localdate().isoformat(),
                                                              "voucher_no": "记-12"})
    assert r.json()["state"] == "paid" and r.json()["voucher_no"] == "记-12"
    listed = api("auditor").get("/api/v1/award-subsidies", {"state": "awarded"}).json()["items"]
    assert [s["id"] for s in listed] == [sid]


def test_an_approval_above_the_budget_is_422_and_changes_nothing(city, api):
    prog = programme(city, budget_fen=600_000)
    waiting = apply(city, prog, requested_fen=300_000)
    approved(city, apply(city, prog, requested_fen=400_000))
    _post(api("county"), f"/api/v1/award-subsidies/{waiting.pk}/inspect", {"score": 80})
    r = _post(api("county"), f"/api/v1/award-subsidies/{waiting.pk}/review", {"approve": True})
    assert r.status_code == 422
    assert "2,000.00" in r.json()["detail"] and "3,000.00" in r.json()["detail"]
    assert SubsidyProgramme.objects.get(pk=prog.pk).committed_fen == 400_000
    assert AwardSubsidy.objects.get(pk=waiting.pk).state == "inspected"


def test_a_proposal_of_zero_is_refused(city, api):
    s = apply(city)
    r = _post(api("county"), f"/api/v1/award-subsidies/{s.pk}/inspect", {"score": 80, "proposed_fen": 0})
    assert r.status_code == 422 and "proposed_fen" in r.json()["errors"]
