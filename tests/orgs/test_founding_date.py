"""A union's founding date is history: not before 中华全国总工会 (1 May 1925) and not in the future,
refused alike by the API (create and change) and the union form, with the field named and nothing
written (issue: POST /api/v1/unions took 0129-07-23)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.orgs.models import Union

TOO_EARLY, FIRST = "0129-07-23", "1925-05-01"


def _body(city, founded_on):
    return {"parent_id": city.township.pk, "name": "衡阳县测试新建工会", "kind": "grassroots",
            "region_code": city.township.region_id, "founded_on": founded_on}


@pytest.mark.parametrize("founded_on", [TOO_EARLY, "1925-04-30", "future"])
def test_the_api_refuses_a_founding_date_before_the_acftu_or_in_the_future(api, city, founded_on):
    if founded_on == "future":
        founded_on = (timezone.localdate() + timedelta(days=1)).isoformat()
    before = Union.objects.count()
    r = api("county").post("/api/v1/unions", _body(city, founded_on), content_type="application/json")
    assert r.status_code == 422
    message = r.json()["errors"]["founded_on"][0]
    assert message.startswith("建会日期") and ("1925年5月1日" in message or "晚于今天" in message)
    assert Union.objects.count() == before
    r = api("county").patch(f"/api/v1/unions/{city.grassroots.pk}", {"founded_on": founded_on},
                            content_type="application/json")
    assert r.status_code == 422 and "founded_on" in r.json()["errors"]
    city.grassroots.refresh_from_db()
    assert city.grassroots.founded_on is None


def test_the_api_takes_the_founding_day_of_the_acftu_and_today(api, city):
    r = api("county").post("/api/v1/unions", _body(city, FIRST), content_type="application/json")
    assert r.status_code == 201 and r.json()["founded_on"] == FIRST
    today = timezone.localdate().isoformat()
    r = api("county").patch(f"/api/v1/unions/{city.grassroots.pk}", {"founded_on": today},
                            content_type="application/json")
    assert r.status_code == 200 and r.json()["founded_on"] == today


def test_the_union_form_refuses_the_date_and_says_why(login, city):
    form = {"name": "衡阳县测试新建工会", "kind": "grassroots", "region": city.township.region_id,
            "parent": city.township.pk, "founded_on": TOO_EARLY}
    before = Union.objects.count()
    page = login("county").post("/orgs/unions/new/", form)
    html = page.content.decode()
    assert page.status_code == 200 and "建会日期" in html and "中华全国总工会" in html
    assert Union.objects.count() == before
    page = login("county").get("/orgs/unions/new/").content.decode()
    assert 'min="1925-05-01"' in page and "1925年5月1日" in page  # the bound is on the form, in words
