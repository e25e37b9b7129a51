"""The 一户一产业工人 API: enrolments and workshops cut to the user's subtree with the pages'
filters, and the county's figures with the rulebook's workshop rule."""

import pytest

from gonghui.skills import services

from .conftest import enrolment, workshop

pytestmark = pytest.mark.django_db


def test_enrolments_workshops_and_figures_through_the_api(api, city):
    done = enrolment(city)
    enrolment(city, person="王小红")
    services.complete(done, acting_user=city.users["county"], completed_on=done.enrolled_on, level="5",
                      certificate_no="S2026000001")
    workshop(city, n=3)
    rows = api("county").get("/api/v1/skills/enrolments").json()
    assert rows["count"] == 2
    certified = api("county").get("/api/v1/skills/enrolments?state=completed").json()["items"]
    assert [(e["person"], e["level"], e["certificate_no"]) for e in certified] == [("王小明", "5", "S2026000001")]
    assert api("county2").get("/api/v1/skills/enrolments").json()["count"] == 0
    shops = api("county").get("/api/v1/skills/workshops").json()["items"]
    assert [(w["village"], w["workers"]) for w in shops] == [("新塘村", 3)]
    figures = api("county").get("/api/v1/skills/figures").json()
    assert figures["figures"]["enrolments"] == 2 and figures["figures"]["households"] == 1
    assert figures["figures"]["workers"] == 3 and figures["levels"].get("5") == 1
    assert figures["rule"]
    assert api("county2").get("/api/v1/skills/figures").json()["figures"]["enrolments"] == 0
