"""The studios API: the list cut to the user's subtree, a studio with its projects and funding,
funding above the grade's amount refused with the rule (422, nothing written), and a mentorship
completed with the grade reached."""

from datetime import date

import pytest

from gonghui.studios import services
from gonghui.studios.models import Funding, Mentorship

from ..competitions.conftest import member
from .conftest import studio

pytestmark = pytest.mark.django_db


def test_the_list_and_a_studio_with_its_projects_and_funding(api, city):
    s = studio(city)
    studio(city, union=city.grassroots_b)
    services.add_project(s, acting_user=city.users["union"], year=2026, title="数控刀具寿命提升", patents=2,
                         saving_fen=45_000_000, trainees=30)
    r = api("city").get("/api/v1/studios")
    assert r.status_code == 200 and r.json()["count"] == 2
    assert api("county2").get("/api/v1/studios").json()["count"] == 0  # 衡南县: not theirs
    assert api("county2").get(f"/api/v1/studios/{s.pk}").status_code == 404
    one = api("county").get(f"/api/v1/studios/{s.pk}").json()
    assert one["lead_id"] == s.lead_id and one["lead_name"] == s.lead.name
    assert one["projects"] == [{"year": 2026, "title": "数控刀具寿命提升", "patents": 2, "saving_fen": 45_000_000,
                                "trainees": 30}]


def test_funding_above_the_grades_amount_is_refused_and_nothing_written(api, city):
    s = studio(city)
    url = f"/api/v1/studios/{s.pk}/funding"
    r = api("city").post(url, {"year": 2026, "amount_fen": 5_000_001, "purpose": "设备购置"},
                         content_type="application/json")
    assert r.status_code == 422 and "50,000.00" in r.json()["detail"]
    assert not Funding.objects.exists()
    r = api("union").post(url, {"year": 2026, "amount_fen": 100, "purpose": "设备购置"},
                          content_type="application/json")
    assert r.status_code == 403 and not Funding.objects.exists()
    r = api("city").post(url, {"year": 2026, "amount_fen": 5_000_000, "purpose": "设备购置"},
                         content_type="application/json")
    assert r.status_code == 201 and r.json()["amount_fen"] == 5_000_000 and r.json()["rule_text"]


def test_a_mentorship_is_listed_and_completed_with_the_grade_reached(api, city):
    s = studio(city)
    ms = services.start_mentorship(acting_user=city.users["union"], union=city.grassroots, mentor=s.lead,
                                   apprentice=member(city, city.grassroots), studio=s, goals="一年内取得高级工证书",
                                   starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    rows = api("county").get("/api/v1/studios/mentorships").json()
    assert [m["id"] for m in rows["items"]] == [ms.pk] and rows["items"][0]["studio_id"] == s.pk
    r = api("union").post(f"/api/v1/studios/mentorships/{ms.pk}/complete", {"result_grade": "3"},
                          content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "completed" and Mentorship.objects.get().result_grade == "3"
