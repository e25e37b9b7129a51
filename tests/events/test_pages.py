"""Events pages and API: staff lists, forms and the check-in desk; the member's H5 pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.events import services
from gonghui.events.models import Booking, CourseTopic, Event, Registration

from ..factories import read_xlsx
from .conftest import course, member, open_event, session, topic

pytestmark = pytest.mark.django_db


def _when(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_publicity_creates_an_event_and_bad_input_is_refused_with_its_field(login, city):
    c = login("publicity")
    now = timezone.now()
    data = {"union": city.county.pk, "title": "职工健步走", "place": "体育中心", "capacity": 50,
            "starts_at": _when(now + timedelta(days=3)), "ends_at": _when(now + timedelta(days=3, hours=2)),
            "signup_opens_at": _when(now), "signup_closes_at": _when(now + timedelta(days=4))}
    r = c.post("/events/new/", data)
    assert r.status_code == 200 and "报名截止" in r.content.decode()
    assert not Event.objects.exists()
    r = c.post("/events/new/", data | {"signup_closes_at": _when(now + timedelta(days=2))})
    event = Event.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/events/{event.pk}/"
    assert c.get(f"/events/{event.pk}/").status_code == 200


def test_member_pages_sign_up_show_the_qr_and_staff_check_in(client, city):
    event = open_event(city, capacity=1)
    m, other = member(city), member(city)
    client.force_login(m.user)
    page = client.get("/events/my/").content.decode()
    assert event.title in page and "<link rel=\"stylesheet\"" in page and "bootstrap" not in page
    r = client.post(f"/events/my/{event.pk}/signup/", follow=True)
    html = r.content.decode()
    assert 'data-testid="qr"' in html and "<svg" in html
    assert len(r.content) < 200_000
    reg = Registration.objects.get(member=m)
    client.force_login(other.user)
    r = client.post(f"/events/my/{event.pk}/signup/", follow=True)
    assert "候补" in r.content.decode()
    client.force_login(city.users["publicity"])
    r = client.post(f"/events/{event.pk}/checkin/", {"code": services.checkin_code(reg)})
    assert r.status_code == 200 and 'data-testid="checked-in"' in r.content.decode()
    reg.refresh_from_db()
    assert reg.state == "attended"
    r = client.get(f"/events/registrations/?event={event.pk}&export=xlsx")
    rows = next(iter(read_xlsx(r).values()))
    assert any(m.name in row for row in rows) and len(rows) == 3


def test_a_member_cannot_open_an_event_of_another_county(client, city):
    event = open_event(city, union=city.county2)
    client.force_login(member(city).user)
    assert client.get(f"/events/my/{event.pk}/").status_code == 404
    assert client.post(f"/events/my/{event.pk}/signup/").status_code == 404
    assert not Registration.objects.exists()


def test_member_votes_proposes_and_books(client, city):
    t = topic(city)
    s = session(city, course(city), seats=1)
    m = member(city)
    client.force_login(m.user)
    client.post(f"/events/my/topics/{t.pk}/vote/")
    r = client.post(f"/events/my/topics/{t.pk}/vote/", follow=True)
    assert "已经投过" in r.content.decode()
    assert CourseTopic.objects.get(pk=t.pk).votes == 1
    client.post("/events/my/topics/", {"title": "摄影入门"})
    assert CourseTopic.objects.filter(title="摄影入门", proposed_by=m).exists()
    client.post(f"/events/my/sessions/{s.pk}/book/")
    assert Booking.objects.filter(session=s, member=m, state="booked").exists()
    other = member(city)
    client.force_login(other.user)
    r = client.post(f"/events/my/sessions/{s.pk}/book/", follow=True)
    assert "已满" in r.content.decode()


def test_course_list_shows_figures_linking_to_their_rows(login, city):
    c = course(city)
    from gonghui.events.models import CourseSession

    past = CourseSession.objects.create(course=c, starts_at=timezone.now() - timedelta(days=1),
                                        ends_at=timezone.now() - timedelta(hours=20), place="x", seats=3)
    Booking.objects.create(session=past, member=member(city), state="attended")
    client = login("publicity")
    html = client.get("/events/courses/").content.decode()
    assert 'data-testid="courses-run">1<' in html and 'data-testid="person-times">1<' in html
    assert "/events/courses/?ran=true" in html and "/events/bookings/?state=attended" in html
    assert c.title in client.get("/events/courses/?ran=true").content.decode()
    assert client.get("/events/bookings/?state=attended").content.decode().count("data-testid=\"booking-table\"") == 1


def test_api_member_registers_staff_checks_in(api, city):
    event = open_event(city, capacity=1)
    m = member(city)
    from django.test import Client

    from gonghui.accounts.models import ApiToken

    mc = Client(headers={"Authorization": f"Bearer {ApiToken.issue(m.user)}"})
    assert [e["id"] for e in mc.get("/api/v1/events").json()["items"]] == [event.pk]
    r = mc.post(f"/api/v1/events/{event.pk}/register")
    assert r.status_code == 201 and r.json()["state"] == "registered"
    code = r.json()["checkin_code"]
    r = mc.post(f"/api/v1/events/{event.pk}/register")
    assert r.status_code == 422 and "已报名" in r.json()["detail"]
    staff = api("publicity")
    r = staff.post(f"/api/v1/events/{event.pk}/checkin", {"code": "1-2-XXXX"}, content_type="application/json")
    assert r.status_code == 422
    r = staff.post(f"/api/v1/events/{event.pk}/checkin", {"code": code}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "attended"


def test_api_course_vote_twice_and_book(api, city):
    from django.test import Client

    from gonghui.accounts.models import ApiToken

    t = topic(city)
    s = session(city, seats=1)
    m = member(city)
    mc = Client(headers={"Authorization": f"Bearer {ApiToken.issue(m.user)}"})
    assert mc.post(f"/api/v1/courses/topics/{t.pk}/vote").json() == {"topic_id": t.pk, "votes": 1}
    assert mc.post(f"/api/v1/courses/topics/{t.pk}/vote").status_code == 422
    assert mc.post(f"/api/v1/courses/sessions/{s.pk}/book").status_code == 201
    other = member(city)
    oc = Client(headers={"Authorization": f"Bearer {ApiToken.issue(other.user)}"})
    r = oc.post(f"/api/v1/courses/sessions/{s.pk}/book")
    assert r.status_code == 422 and "已满" in r.json()["detail"]
    assert len(mc.get("/api/v1/courses").json()["items"]) == 1


def test_a_member_reaches_only_their_own_records(client, city):
    event = open_event(city, capacity=5)
    m, other = member(city), member(city)
    reg = services.sign_up(event, member=other, acting_user=other.user)
    s = session(city)
    theirs = services.book(s, member=other, acting_user=other.user)
    client.force_login(m.user)
    for url in ("/events/", "/events/registrations/", "/events/courses/", f"/events/{event.pk}/"):
        assert client.get(url).status_code in (403, 404), url
    assert client.post(f"/events/registrations/{reg.pk}/cancel/").status_code == 404
    assert client.post(f"/events/my/bookings/{theirs.pk}/cancel/").status_code == 404
    assert client.post(f"/events/my/{event.pk}/cancel/").status_code == 404  # nothing of theirs to cancel
    reg.refresh_from_db()
    theirs.refresh_from_db()
    assert (reg.state, theirs.state) == ("registered", "booked")
    assert client.get(f"/events/{event.pk}/checkin/").status_code == 404
