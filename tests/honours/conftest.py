"""Building blocks of the honours tests: members of the test city's unions, honours conferred
through the service."""

from datetime import date, timedelta

from gonghui.accounts.models import User
from gonghui.honours import services
from gonghui.members import services as member_services

from ..factories import PASSWORD
from ..members.test_matrix import _rid

_seq = iter(range(10**6))


def member(c, union=None, login=False, by="city", **fields):
    n = next(_seq)
    born = date(1968, 1, 1) + timedelta(days=n % 12000)
    m = member_services.add_member(acting_user=c.users[by], union=union or c.grassroots, name=f"劳模{n}",
                                   id_number=_rid(f"430421{born:%Y%m%d}{n % 100:02d}7"), **fields)
    if login:
        m.user = User.objects.create_user(username=f"hm{n}", password=PASSWORD, kind=User.Kind.MEMBER,
                                          full_name=m.name, phone=f"136{n:08d}")
        m.save(update_fields=["user"])
    return m


def honour(c, m=None, *, title="model_worker", level="provincial", year=2025, by="city", **kw):
    return services.confer(acting_user=c.users[by], title=title, level=level, year=year,
                           conferring_body=kw.pop("conferring_body", "湖南省人民政府"), member=m, **kw)


def a_round(c, *, title="model_worker", level="city", year=None, quotas=None, by="city", union=None, **kw):
    """A call for nominations run by the city (衡阳市总工会) with quotas for both counties."""
    from django.utils import timezone

    today = timezone.localdate()
    quotas = [(c.county, 10), (c.county2, 10)] if quotas is None else quotas
    return services.create_round(acting_user=c.users[by], union=union or c.root, name=kw.pop("name", "市劳模评选"),
                                 year=year or today.year, title=title, level=level,
                                 conferring_body=kw.pop("conferring_body", "衡阳市人民政府"),
                                 nominate_until=today + timedelta(days=30), quotas=quotas, **kw)


def nominate(c, r, m=None, *, by="county", nominated_by=None, **flags):
    return services.nominate(r, acting_user=c.users[by], nominated_by=nominated_by or c.county,
                             member=m or member(c), deeds=flags.pop("deeds", "扎根一线二十年，技术革新多项。"), **flags)


def approve_all(c, nominations):
    """Both levels approve (衡阳县 by a colleague of the nominator, then the city)."""
    from ..factories import colleague

    for n in nominations:
        services.review(n, acting_user=c.users[colleague(c, "county")], approve=True)
        services.review(n, acting_user=c.users["city"], approve=True)
