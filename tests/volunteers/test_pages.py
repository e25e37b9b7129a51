"""The 志愿服务 pages: check-in and check-out on the activity page (a check-out without check-in
refused in Chinese, nothing written), the hours page with star levels and its source, lists
with filters and export, and the member's own hours on the phone."""

from datetime import timedelta

import pytest

from gonghui.volunteers import services
from gonghui.volunteers.models import Shift

from ..factories import read_xlsx
from .conftest import activity, team

pytestmark = pytest.mark.django_db


def test_check_in_and_out_on_the_activity_page(login, city):
    t, ms = team(city)
    a = activity(city, t)
    c = login("publicity")
    url = f"/volunteers/activities/{a.pk}/"
    r = c.post(url + "check_out/", {"check_out-number": ms[0].number})
    assert r.status_code == 200 and "未签到" in r.content.decode() and not Shift.objects.exists()
    assert c.post(url + "enlist/", {"enlist-number": ms[0].number}).status_code == 302
    assert c.post(url + "check_in/", {"check_in-number": ms[0].number}).status_code == 302
    out = (a.event.ends_at + timedelta(hours=1)).astimezone().strftime("%Y-%m-%dT%H:%M")
    assert c.post(url + "check_out/", {"check_out-number": ms[0].number, "check_out-at": out}).status_code == 302
    assert Shift.objects.get().minutes >= 119
    assert f'data-testid="hours-{ms[0].number}"' in c.get(url).content.decode()


def test_hours_page_names_the_star_rule_and_exports(login, city):
    t, ms = team(city)
    a = activity(city, t)
    services.enlist(a, acting_user=city.users["publicity"], member=ms[0])
    services.check_in(a, acting_user=city.users["publicity"], member=ms[0])
    s = services.check_out(a, acting_user=city.users["publicity"], member=ms[0], at=a.event.ends_at)
    c = login("publicity")
    page = c.get(f"/volunteers/hours/?year={s.year}").content.decode()
    assert "志愿服务记录办法" in page and ms[0].name in page
    rows = next(iter(read_xlsx(c.get(f"/volunteers/hours/?year={s.year}&export=xlsx")).values()))
    assert any(ms[0].number in str(r) for r in rows)
    page = c.get(f"/volunteers/hours/?year={s.year}&stars=1").content.decode()
    assert ms[0].name not in page.split('data-testid="hours-table"')[1]  # two hours: no star yet
    rows = next(iter(read_xlsx(c.get("/volunteers/?export=xlsx")).values()))
    assert any(t.name in str(r) for r in rows)


def test_the_member_sees_their_hours_on_the_phone(client, city):
    t, ms = team(city)
    a = activity(city, t)
    services.enlist(a, acting_user=city.users["publicity"], member=ms[0])
    services.check_in(a, acting_user=city.users["publicity"], member=ms[0])
    services.check_out(a, acting_user=city.users["publicity"], member=ms[0], at=a.event.ends_at)
    client.force_login(ms[0].user)
    page = client.get("/volunteers/my/").content.decode()
    assert "小花社区志愿帮扶" in page and "尚未评定星级" in page
