"""Issue 21: dates in Chinese form on pages, ISO in exports and the API, from one format
setting (gonghui/formats/zh_Hans) and one helper (gonghui.core.dates)."""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

import gonghui
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


# --- what a new user found: pages that still showed 2026-12-07 -----------------------------------

ISO_ON_PAGE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{4}-\d{2}\b(?!-)|\b\d{2}-\d{2} \d{2}:\d{2}\b")


class _ShownText(HTMLParser):
    """The text a reader sees: no tags, attributes (hrefs, input values), scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style") and self.skip > 0

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def shown(html):
    parser = _ShownText()
    parser.feed(html)
    return " ".join(parser.parts)


def _page(client, url):
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return shown(r.content.decode())


def test_the_overdue_list_notices_and_task_pages_show_chinese_dates(city, client, django_capture_on_commit_callbacks):
    from gonghui.core import queue
    from gonghui.members.models import JoinApplication
    from gonghui.notices.services import notify

    from ..notices.conftest import member_with_account
    from ..rules.test_overdue import _late
    from .test_queue import operator
    from .worker_tasks import always_fails, counts

    _late(JoinApplication(pk=9001), city.grassroots, title="逾期的入会申请")
    m = member_with_account(city)
    with django_capture_on_commit_callbacks(execute=True):
        notify([city.users["county"]], kind="transfer_decided", title="转会已接受", url="/")
        notify([m.user], kind="claim_decided", title="你的申请已批准", url="/")
        run = queue.start(counts, 2, user=city.users["county"])
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        queue.start(always_fails)
    year = f"{timezone.localdate().year}年"

    client.force_login(city.users["county"])
    staff_pages = {"/rules/overdue/": "逾期的入会申请", "/notices/": "转会已接受", f"/tasks/{run.pk}/": ""}
    from gonghui.notices.models import Notice as Inbox

    staff_pages[f"/notices/{Inbox.objects.get(user=city.users['county']).pk}/"] = "转会已接受"
    for url, expected in staff_pages.items():
        text = _page(client, url)
        assert expected in text and year in text, url
        assert not ISO_ON_PAGE.search(text), (url, ISO_ON_PAGE.search(text).group())

    client.force_login(m.user)  # the member's phone inbox: month and day
    for url in ("/notices/", f"/notices/{Inbox.objects.get(user=m.user).pk}/"):
        text = _page(client, url)
        assert "你的申请已批准" in text and "月" in text and not ISO_ON_PAGE.search(text), url

    text = _page(operator(client, city), "/ops/core/taskrun/schedule/")
    assert year in text and not ISO_ON_PAGE.search(text), ISO_ON_PAGE.search(text)


def test_no_template_formats_a_shown_date_the_iso_way():
    """Every template under src/gonghui: `|date` with an ISO-like format only where the value is
    read by a machine (an input's value, min or max)."""
    root = Path(gonghui.__file__).parent
    pattern = re.compile(r"""\|date:\s*["'][^"']*(Y-m|m-d)[^"']*["']""")
    found = []
    for path in root.rglob("templates/**/*.html"):
        for n, line in enumerate(path.read_text().splitlines(), start=1):
            for hit in pattern.finditer(line):
                before = line[:hit.start()]
                if re.search(r"""\b(value|min|max)=["']\{\{[^}]*$""", before):
                    continue
                found.append(f"{path.relative_to(root)}:{n}")
    assert found == []
