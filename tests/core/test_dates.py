"""Issue 21: dates in Chinese form on pages, ISO in exports and the API, from one format
setting (gonghui/formats/zh_Hans) and one helper (gonghui.core.dates)."""

import datetime
from zoneinfo import ZoneInfo

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
