"""Building blocks of the events tests: members with accounts, an open event, topics, sessions."""

from datetime import timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.events import services
from gonghui.events.models import Event
from gonghui.members import services as member_services

from ..factories import PASSWORD
from ..members.test_matrix import _rid

_seq = iter(range(10**6))


def phone(n):
    return f"139{n:08d}"


def member(c, union=None, login=True):
    """A new member of `union` (the 衡阳县 grassroots union by default), with a member account."""
    from datetime import date

    union = union or c.grassroots
    n = next(_seq)
    born = date(1975, 1, 1) + timedelta(days=n % 9000)
    m = member_services.add_member(acting_user=c.users["city"], union=union, name=f"职工{n}",
                                   id_number=_rid(f"430421{born:%Y%m%d}{n % 100:02d}3"))
    if login:
        m.user = User.objects.create_user(username=f"ev{n}", password=PASSWORD, kind=User.Kind.MEMBER,
                                          full_name=m.name, phone=phone(n))
        m.save(update_fields=["user"])
    return m


def open_event(c, union=None, capacity=2, by="publicity", **kw):
    """An event of `union` (the county by default) whose sign-up is open now."""
    now = timezone.now()
    values = dict(title="职工健步走", place="衡阳县体育中心", starts_at=now + timedelta(days=3),
                  ends_at=now + timedelta(days=3, hours=3), signup_opens_at=now - timedelta(days=1),
                  signup_closes_at=now + timedelta(days=2), capacity=capacity) | kw
    return services.create_event(acting_user=c.users[by], union=union or c.county, **values)


def event_in_county(c):
    found = Event.objects.filter(union=c.county).first()
    return found or open_event(c)


def registration_in_county(c):
    event = event_in_county(c)
    m = member(c)
    return services.sign_up(event, member=m, acting_user=m.user)


def topic(c, title="职场礼仪", union=None):
    return services.add_topic(acting_user=c.users["publicity"], union=union or c.root, title=title)


def course(c, union=None, title="Excel 数据处理"):
    return services.create_course(acting_user=c.users["publicity"], union=union or c.county, title=title,
                                  teacher="李老师")


def session(c, the_course=None, seats=2, days=5):
    start = timezone.now() + timedelta(days=days)
    return services.add_session(the_course or course(c), acting_user=c.users["publicity"], starts_at=start,
                                ends_at=start + timedelta(hours=2), place="衡阳县职工服务中心", seats=seats)


def booking_in_county(c):
    s = session(c)
    m = member(c)
    return services.book(s, member=m, acting_user=m.user)
