"""Issue 21: dates in Chinese form on pages, ISO in exports and the API, from one format
setting (gonghui/formats/zh_Hans) and one helper (gonghui.core.dates)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from gonghui.core import dates
from gonghui.orgs.models import Union
from tests.factories import read_xlsx

AT = datetime.datetime(2026, 12, 7, 6, 5, tzinfo=datetime.UTC)  # 14:05 in Beijing


def test_show_and_iso():
    assert dates.show(datetime.date(2026, 12, 7)) == "2026年12月7日"
    assert dates.show(AT) == "2026年12月7日 14:05"
    assert dates.show(AT, with_time=False) == "2026年12月7日"
    assert dates.iso(datetime.date(2026, 12, 7)) == "2026-12-07"
    assert dates.iso(AT) == "2026-12-07 14:05:00"
    assert dates.iso(AT.astimezone(ZoneInfo("Asia/Shanghai"))) == "2026-12-07 14:05:00"
    assert dates.show(None) == dates.iso(None) == ""


def test_templates_take_the_chinese_form_from_the_one_setting():
    out = Template('{{ d|date }} · {{ t|date:"DATETIME_FORMAT" }}').render(Context({"d": datetime.date(2026, 1, 5),
                                                                                  "t": AT}))
    assert out == "2026年1月5日 · 2026年12月7日 14:05"


def test_pages_show_chinese_dates_and_exports_and_the_api_iso(login, api, city):
    Union.objects.filter(pk=city.township.pk).update(founded_on=datetime.date(2019, 3, 5))
    client = login("county")
    assert "2019年3月5日" in client.get(f"/orgs/unions/{city.township.pk}/").content.decode()
    listed = client.get("/orgs/unions/").content.decode()
    assert "2019年3月5日" in listed and "2019-03-05" not in listed
    sheet = next(iter(read_xlsx(client.get("/orgs/unions/", {"export": "xlsx"})).values()))
    assert "2019-03-05" in [c for row in sheet for c in row]
    assert api("county").get(f"/api/v1/unions/{city.township.pk}").json()["founded_on"] == "2019-03-05"


def test_a_date_that_records_the_past_may_be_today_but_not_later():
    from django.core.exceptions import ValidationError
    from django.utils import timezone, translation

    from gonghui.core.dates import not_in_future

    today = datetime.date(2026, 12, 7)
    assert not_in_future(today, field="paid_on", label="拨付日期", today=today) == today
    assert not_in_future(None, field="paid_on", label="拨付日期") is None
    with translation.override("zh-hans"), pytest.raises(ValidationError) as e:
        not_in_future(datetime.date(2026, 12, 8), field="paid_on", label="拨付日期", today=today)
    assert e.value.message_dict == {
        "paid_on": ["拨付日期 2026年12月8日 晚于今天（2026年12月7日）：它记录的是已经发生的事，不能是将来的日期。"]}
    assert e.value.error_dict["paid_on"][0].code == "date_in_future"
    # a datetime counts by its day in Beijing time: 2026-12-07 17:00 UTC is already the 8th there
    late = datetime.datetime(2026, 12, 7, 17, tzinfo=datetime.UTC)
    assert timezone.localtime(late).date() == datetime.date(2026, 12, 8)
    with pytest.raises(ValidationError):
        not_in_future(late, field="at", label="x", today=today)
