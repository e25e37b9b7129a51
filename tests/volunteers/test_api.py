"""The 志愿服务 API: a check-out refused before check-in (422, nothing written) and accepted after,
and a member's own hours with the star rule's source."""

import pytest
from django.test import Client

from gonghui.accounts.models import ApiToken
from gonghui.volunteers import services
from gonghui.volunteers.models import Shift

from .conftest import activity, team

pytestmark = pytest.mark.django_db


def test_check_out_and_my_hours_through_the_api(api, city):
    t, ms = team(city)
    a = activity(city, t)
    url = f"/api/v1/volunteers/activities/{a.pk}/check-out"
    r = api("publicity").post(url, {"member_number": ms[0].number}, content_type="application/json")
    assert r.status_code == 422 and not Shift.objects.exists()
    services.enlist(a, acting_user=city.users["publicity"], member=ms[0])
    services.check_in(a, acting_user=city.users["publicity"], member=ms[0])
    r = api("publicity").post(url, {"member_number": ms[0].number, "at": a.event.ends_at.isoformat()},
                              content_type="application/json")
    assert r.status_code == 201 and r.json()["minutes"] >= 119
    mine = Client(headers={"Authorization": f"Bearer {ApiToken.issue(ms[0].user)}"}).get("/api/v1/volunteers/my-hours")
    assert mine.status_code == 200 and mine.json()["hours"] >= 1.9 and "志愿服务记录办法" in mine.json()["rule"]
    assert [row["team_id"] for row in api("publicity").get("/api/v1/volunteers/activities").json()["items"]] == [t.pk]
