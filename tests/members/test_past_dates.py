"""A join date records the past: 2030-01-01 is refused by the service, the form, the API and
the roster import, each with a Chinese message naming the field, and nothing is written."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from gonghui.members import imports, services
from gonghui.members.models import Member, MemberEvent, MemberImport

from .test_imports import HEADER, IDS, csv_file, good_rows, issues, start
from .test_members import ID1, ID2

FUTURE = datetime.date(2030, 1, 1)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def _says_join_date_in_future(message):
    return "入会日期" in message and "2030年1月1日" in message and "晚于今天" in message


def test_the_service_refuses_a_join_date_in_the_future(city):
    with pytest.raises(ValidationError) as e:
        services.add_member(acting_user=city.users["county"], union=city.grassroots, name="刘越高", id_number=ID1,
                            joined_on=FUTURE)
    assert _says_join_date_in_future(e.value.message_dict["joined_on"][0])
    assert not Member.objects.exists() and not MemberEvent.objects.exists()
    today = timezone.localdate()
    m = services.add_member(acting_user=city.users["county"], union=city.grassroots, name="刘越高", id_number=ID1,
                            joined_on=today)
    assert m.joined_on == today and m.events.get().on == today
    with pytest.raises(ValidationError) as e:
        services.update_member(m, acting_user=city.users["county"], joined_on=FUTURE)
    assert "joined_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.record_event(m, acting_user=city.users["county"], kind="retire", on=today + datetime.timedelta(1))
    assert "发生日期" in e.value.message_dict["on"][0]
    m.refresh_from_db()
    assert m.joined_on == today and m.events.count() == 1


def test_the_form_shows_it_on_the_join_date(city, login):
    page = login("county").post("/members/new/", {"union": city.grassroots.pk, "name": "刘越高",
                                                  "doc_type": "resident_id", "id_number": ID1,
                                                  "joined_on": "2030-01-01"})
    assert page.status_code == 200
    assert _says_join_date_in_future(" ".join(page.context["form"].errors["joined_on"]))
    assert not Member.objects.exists()


def test_the_api_refuses_it_with_the_field_named(city, api):
    r = api("county").post("/api/v1/members", json.dumps({"name": "李四", "id_number": ID2,
                                                          "union_id": city.grassroots.pk, "joined_on": "2030-01-01"}),
                           content_type="application/json")
    body = r.json()
    assert r.status_code == 422 and _says_join_date_in_future(body["detail"]), body
    assert "joined_on" in json.dumps(body)
    assert not Member.objects.exists()


def test_an_import_names_the_row_and_field_and_writes_nothing(city, django_capture_on_commit_callbacks):
    rows = good_rows(city, 2) + [["未来", IDS[6], "", "", "", "2030-01-01", "否"]]
    imp = start(city, csv_file(rows, HEADER), hooks=django_capture_on_commit_callbacks)
    assert (imp.state, imp.valid_rows, imp.error_rows) == (MemberImport.State.CHECKED, 2, 1)
    ((row, column, message),) = issues(imp)
    assert (row, column) == (4, "F（入会日期）") and _says_join_date_in_future(message)
    assert not Member.objects.exists()
    with pytest.raises(ValidationError, match="1 行有错误"):
        imports.confirm(imp, acting_user=city.users["county"])
    assert not Member.objects.exists() and not MemberEvent.objects.exists()
