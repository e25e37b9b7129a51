"""Building blocks of the 疗休养 tests: a base (the city's own or a partner city's), a batch run by
the city federation, members of the test city holding honours at a chosen level (through the
honours registry), with phone logins."""

from datetime import date, timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.members import services as member_services
from gonghui.recuperation import services

from ..factories import PASSWORD
from ..members.test_matrix import _rid

_seq = iter(range(10**6))


def base(c, *, partner=False, by="city"):
    if partner:
        return services.create_base(acting_user=c.users[by], union=c.root, name="成都市职工疗休养基地", city="成都",
                                    is_partner=True, partner="成都市总工会",
                                    agreement="推动劳模疗休养事业融合发展的框架协议", beds=120)
    return services.create_base(acting_user=c.users[by], union=c.root, name="南岳职工疗休养基地", city="衡阳", beds=80)


def member(c, union=None, *, level=None, login=False, name=None):
    """A member of `union` (the clerk's grassroots union by default) holding an honour at `level`."""
    n = next(_seq)
    born = date(1965, 1, 1) + timedelta(days=n * 37 % 12000)
    m = member_services.add_member(acting_user=c.users["city"], union=union or c.grassroots,
                                   name=name or f"劳模{n}", id_number=_rid(f"430421{born:%Y%m%d}{n % 100:02d}3"))
    if level:
        from gonghui.honours import services as honours

        honours.confer(acting_user=c.users["city"], title="model_worker", level=level, year=2020,
                       conferring_body="湖南省人民政府" if level == "provincial" else "衡阳市人民政府", member=m)
        m.refresh_from_db()
    if login:
        m.user = User.objects.create_user(username=f"rc{n}", password=PASSWORD, kind=User.Kind.MEMBER,
                                          full_name=m.name, phone=f"136{n:08d}")
        m.save(update_fields=["user"])
    return m


def batch(c, *, b=None, capacity=2, days=5, starts_in=30, by="city", union=None, **kw):
    start = timezone.localdate() + timedelta(days=starts_in)
    values = {"name": f"2026年第{next(_seq)}批劳模疗休养", "starts_on": start,
              "ends_on": start + timedelta(days=days - 1),
              "capacity": capacity, "cost_per_person_fen": 280000, "budget_fen": 280000 * capacity} | kw
    return services.create_batch(acting_user=c.users[by], union=union or c.root, base=b or base(c), **values)


def with_candidates(c, levels, *, frontline=(), **kw):
    """A batch with one candidate per level in `levels` (None: no honour; the batch then takes
    any member), the indexes in `frontline` added as front-line workers."""
    need_honour = all(levels)
    bt = batch(c, honour_required=need_honour, **kw)
    ms = [member(c, level=lv, login=True) for lv in levels]
    for i, m in enumerate(ms):
        services.add_candidates(bt, acting_user=c.users["city"], members=[m], frontline=i in frontline)
    return bt, ms
