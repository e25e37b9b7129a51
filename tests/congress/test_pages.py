"""The congress pages: the list with export, the congress page with the apportionment and the
composition checks, the delegates' roll, the session page (door check-in, live attendance,
motions), the minutes PDF and the member's phone page."""

import pytest
from django.urls import reverse

from gonghui.congress import services
from gonghui.congress.models import Attendance, Delegate, Motion
from gonghui.members import card

from ..factories import read_xlsx
from .conftest import attend, city_congress, meeting, member, session

pytestmark = pytest.mark.django_db


def test_list_filters_and_export(city, login, client):
    city_congress(city)
    login("city")
    r = client.post(reverse("congress:list"), {"q": "第三次"}, follow=True)  # searches never ride in the address
    assert r.status_code == 200 and "衡阳市工会第三次代表大会" in r.content.decode()
    r = client.post(reverse("congress:list"), {"q": "不存在"}, follow=True)
    assert "衡阳市工会第三次代表大会" not in r.content.decode()
    (rows,) = read_xlsx(client.get(reverse("congress:list"), {"export": "xlsx"})).values()
    assert any("衡阳市工会第三次代表大会" in str(v) for row in rows for v in row)


def test_congress_page_shows_apportionment_and_rules(city, login, client):
    congress = city_congress(city)
    login("city")
    html = client.get(reverse("congress:detail", args=[congress.pk])).content.decode()
    assert "衡阳县总工会" in html and "50.0000" in html  # 3 of 6 members → exactly half of 100 seats
    assert "1984" in html  # the local bands' source
    assert "工会基层组织选举工作条例" in html  # the composition rules' source


def test_recording_a_foreign_member_is_refused_on_the_page(city, login, client):
    congress = city_congress(city)
    unit = congress.units.get(union=city.county)
    outsider = member(city, city.grassroots2)
    login("city")
    r = client.post(reverse("congress:delegate_add", args=[congress.pk]),
                    {"unit": unit.pk, "member_number": outsider.number})
    assert r.status_code == 200 and "衡阳县总工会" in r.content.decode()
    assert not Delegate.objects.exists()
    insider = member(city)
    r = client.post(reverse("congress:delegate_add", args=[congress.pk]),
                    {"unit": unit.pk, "member_number": insider.number, "front_line": "on"})
    assert r.status_code == 302 and Delegate.objects.get().front_line


def test_delegates_roll_exports(city, login, client):
    congress = meeting(city, 3)
    login("city")
    (rows,) = read_xlsx(client.get(reverse("congress:delegates"), {"congress": congress.pk, "export": "xlsx"})).values()
    assert len(rows) == 4  # the header and three delegates


def test_session_page_checks_in_by_card_and_from_the_list(city, login, client):
    congress = meeting(city, 3)
    s = session(city, congress)
    first, second, third = services.live_delegates(congress).order_by("pk")
    login("city")
    url = reverse("congress:session", args=[s.pk])
    assert client.get(url).status_code == 200
    # the QR of the member card holds the verify URL; the desk takes it whole
    r = client.post(reverse("congress:checkin", args=[s.pk]),
                    {"code": f"http://testserver/members/verify/?t={card.issue(first.member)}"})
    assert r.status_code == 302
    r = client.post(reverse("congress:checkin", args=[s.pk]), {"code": card.issue(first.member)})
    assert r.status_code == 200 and "已于" in r.content.decode()
    client.post(reverse("congress:checkin_delegate", args=[s.pk, second.pk]))
    assert Attendance.objects.filter(session=s).count() == 2
    panel = client.get(reverse("congress:attendance", args=[s.pk])).content.decode()
    assert 'data-testid="present">2<' in panel and "every 3s" in panel


def test_vote_below_quorum_is_refused_with_the_rule(city, login, client):
    congress = meeting(city, 3)
    s = session(city, congress)
    attend(city, s, 1)
    motion = services.add_motion(s, acting_user=city.users["city"], title="关于工作报告的决议")
    login("city")
    r = client.post(reverse("congress:motion_vote", args=[motion.pk]),
                    {"votes_for": 1, "votes_against": 0, "abstentions": 0}, follow=True)
    assert "66.67%" in r.content.decode() or "2/3" in r.content.decode()
    motion.refresh_from_db()
    assert motion.state == Motion.State.PENDING


def test_minutes_pdf(city, login, client):
    congress = meeting(city, 3)
    s = session(city, congress)
    attend(city, s, 3)
    m = services.add_motion(s, acting_user=city.users["city"], title="决议")
    services.record_vote(m, acting_user=city.users["city"], votes_for=3, votes_against=0, abstentions=0)
    login("city")
    r = client.get(reverse("congress:minutes", args=[s.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")


def test_member_sees_their_seat_and_agenda(city, client):
    congress = meeting(city, 2)
    s = session(city, congress)
    d = services.live_delegates(congress).first()
    m = d.member
    other = member(city, city.grassroots2, login=True)
    from gonghui.accounts.models import User

    m.user = User.objects.create_user(username="delegate1", password="x", kind=User.Kind.MEMBER, full_name=m.name,
                                      phone="13700009999")
    m.save(update_fields=["user"])
    client.force_login(m.user)
    html = client.get(reverse("congress:my")).content.decode()
    assert congress.title in html and "听取工作报告" in html and s.title in html
    client.force_login(other.user)
    html = client.get(reverse("congress:my")).content.decode()
    assert 'data-testid="no-seat"' in html and "听取工作报告" not in html


def test_replacing_a_delegate_from_the_roll_keeps_the_old_row(city, login, client):
    congress = city_congress(city)
    unit = congress.units.get(union=city.county)
    old = services.elect_delegate(unit, acting_user=city.users["city"], member=member(city))
    login("city")
    roll = client.get(reverse("congress:delegates"), {"congress": congress.pk}).content.decode()
    assert reverse("congress:delegate_replace", args=[old.pk]) in roll
    newcomer = member(city)
    r = client.post(reverse("congress:delegate_replace", args=[old.pk]),
                    {"member_number": newcomer.number, "reason": "调离本单位"})
    assert r.status_code == 302
    old.refresh_from_db()
    assert old.end_reason == "调离本单位" and old.replaced_by.member == newcomer
    roll = client.get(reverse("congress:delegates"), {"congress": congress.pk, "seat": "ended"}).content.decode()
    assert "调离本单位" in roll and reverse("congress:delegate_replace", args=[old.pk]) not in roll
