"""A position outside what the caller may see answers 404 alike on reading, checking in and
rating (issue 14: check-in and rating answered 422 or 201 where reading answered 404)."""

from gonghui.positions.models import PositionStatus

from .conftest import member_login, position


def test_a_foreign_position_is_not_found_for_staff_everywhere(city, api):
    foreign = position(city, union=city.grassroots2)
    c = api("county")
    base = f"/api/v1/positions/{foreign.pk}"
    assert c.get(base).status_code == 404
    assert c.post(f"{base}/check-ins").status_code == 404
    assert c.post(f"{base}/ratings", {"stars": 5, "comment": ""}, content_type="application/json").status_code == 404


def test_a_member_sees_open_positions_and_nothing_closed(city):
    from django.test import Client

    from gonghui.accounts.models import ApiToken

    open_one = position(city, union=city.grassroots2)
    closed = position(city, union=city.grassroots2, name="衡南县职工书屋")
    type(closed).objects.filter(pk=closed.pk).update(status=PositionStatus.CLOSED)
    m = member_login(city, city.grassroots)
    c = Client(headers={"Authorization": f"Bearer {ApiToken.issue(m.user)}"})
    assert c.get(f"/api/v1/positions/{open_one.pk}").status_code == 200
    assert c.post(f"/api/v1/positions/{open_one.pk}/check-ins").status_code == 201
    for r in (c.get(f"/api/v1/positions/{closed.pk}"), c.post(f"/api/v1/positions/{closed.pk}/check-ins"),
              c.post(f"/api/v1/positions/{closed.pk}/ratings", {"stars": 4, "comment": ""},
                     content_type="application/json")):
        assert r.status_code == 404
