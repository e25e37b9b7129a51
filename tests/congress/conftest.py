"""Building blocks of the congress tests: members (men and women) in a union, a congress of the
city with its electing units, delegates, a session with attendance."""

from datetime import date, timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.congress import services
from gonghui.congress.models import Congress
from gonghui.members import services as member_services

from ..factories import PASSWORD
from ..members.test_matrix import _rid

_seq = iter(range(10**6))


def member(c, union=None, woman=False, login=False):
    """A new member of `union` (the 衡阳县 grassroots union by default); the ID's 17th digit
    gives the sex."""
    union = union or c.grassroots
    n = next(_seq)
    born = date(1970, 1, 1) + timedelta(days=n % 9000)
    sex_digit = 2 if woman else 1
    m = member_services.add_member(acting_user=c.users["operator"], union=union, name=f"代表{n}",
                                   id_number=_rid(f"430421{born:%Y%m%d}{n % 10}{n % 7}{sex_digit}"))
    if login:
        m.user = User.objects.create_user(username=f"cg{n}", password=PASSWORD, kind=User.Kind.MEMBER,
                                          full_name=m.name, phone=f"137{n:08d}")
        m.save(update_fields=["user"])
    return m


def members(c, n, union=None, women=0):
    return [member(c, union, woman=i < women) for i in range(n)]


def city_congress(c, seats=100, by="city"):
    """The city federation's local union congress (members: 3 in 衡阳县, 2 in 衡南县, 1 in the
    industry union), shared among the three sub-unions."""
    if not Congress.objects.filter(union=c.root).exists():
        members(c, 3, c.grassroots, women=1)
        members(c, 2, c.grassroots2, women=1)
        members(c, 1, c.industry)
    found = Congress.objects.filter(union=c.root).first()
    return found or services.create_congress(acting_user=c.users[by], union=c.root, kind=Congress.Kind.LOCAL,
                                             title="衡阳市工会第三次代表大会", opens_on=timezone.localdate(),
                                             seats=seats)


def meeting(c, n=6, union=None, by="city", women=0):
    """A members' meeting (会员大会) of `union` with `n` members, all seated."""
    union = union or c.grassroots
    members(c, n, union, women=women)
    return services.create_congress(acting_user=c.users[by], union=union, kind=Congress.Kind.MEMBERS,
                                    title="会员大会", opens_on=timezone.localdate())


def session(c, congress, by="city"):
    return services.create_session(congress, acting_user=c.users[by], title="第一次全体会议",
                                   starts_at=timezone.now(), place="工人文化宫",
                                   agenda=["听取工作报告", "审议经审报告", "表决"])


def attend(c, s, n, by="city"):
    """Check the first `n` delegates in (those already in are skipped)."""
    waiting = services.live_delegates(s.congress).order_by("pk").exclude(attendances__session=s)
    for d in waiting[:n - s.attendances.count()]:
        services.check_in(s, acting_user=c.users[by], delegate=d)
