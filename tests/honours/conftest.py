"""Building blocks of the honours tests: members of the test city's unions, honours conferred
through the service."""

from datetime import date, timedelta

from gonghui.accounts.models import User
from gonghui.honours import services
from gonghui.members import services as member_services

from ..factories import PASSWORD
from ..members.test_matrix import _rid

_seq = iter(range(10**6))


def member(c, union=None, login=False, **fields):
    n = next(_seq)
    born = date(1968, 1, 1) + timedelta(days=n % 12000)
    m = member_services.add_member(acting_user=c.users["city"], union=union or c.grassroots, name=f"劳模{n}",
                                   id_number=_rid(f"430421{born:%Y%m%d}{n % 100:02d}7"), **fields)
    if login:
        m.user = User.objects.create_user(username=f"hm{n}", password=PASSWORD, kind=User.Kind.MEMBER,
                                          full_name=m.name, phone=f"136{n:08d}")
        m.save(update_fields=["user"])
    return m


def honour(c, m=None, *, title="model_worker", level="provincial", year=2025, by="city", **kw):
    return services.confer(acting_user=c.users[by], title=title, level=level, year=year,
                           conferring_body=kw.pop("conferring_body", "湖南省人民政府"), member=m, **kw)
