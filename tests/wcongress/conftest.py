"""Building blocks of the 职代会 tests: employers and their unions in Shanghai (310101) and
Zhejiang (330102) beside the Hunan test city, congresses with delegates, proposals in a state."""

from datetime import date, timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.members import services as member_services
from gonghui.orgs.models import Region, Union
from gonghui.wcongress import services
from gonghui.wcongress.models import Delegate

from ..factories import PASSWORD, employer
from ..members.test_matrix import _rid

_seq = iter(range(10**6))
SHANGHAI, ZHEJIANG = "310101", "330102"


def firm(c, region=SHANGHAI, headcount=800, name=None):
    """An employer in `region` and its grassroots union, under the city's root (the city's
    staff see it; the county's and the clerk's do not)."""
    n = next(_seq)
    e = employer(100 + n, Region.objects.get(code=region), name or f"职代会测试企业{n}有限公司", headcount=headcount)
    u = Union.objects.add_child(c.root, dict(name=f"{e.name}工会", kind="grassroots", region_id=region, employer=e))
    return e, u


def member(c, union, login=False):
    n = next(_seq)
    born = date(1970, 1, 1) + timedelta(days=n % 12000)
    m = member_services.add_member(acting_user=c.users["city"], union=union, name=f"代表{n}",
                                   id_number=_rid(f"430421{born:%Y%m%d}{n % 100:02d}5"))
    if login:
        m.user = User.objects.create_user(username=f"wc{n}", password=PASSWORD, kind=User.Kind.MEMBER,
                                          full_name=m.name, phone=f"137{n:08d}")
        m.save(update_fields=["user"])
    return m


def congress(c, *, region=SHANGHAI, headcount=800, delegates=0, managers=0, union=None, employer_=None,
             by="city", logins=0):
    """A congress of one employer (a new firm in `region` unless given) with `delegates`
    serving delegates, the first `managers` of them managers, the first `logins` with accounts."""
    if union is None:
        employer_, union = firm(c, region, headcount)
    k = services.create_congress(acting_user=c.users[by], union=union, name=f"{employer_.name}第一届职代会",
                                 employers=[employer_], term_start=timezone.localdate() - timedelta(days=30))
    for i in range(delegates):
        services.add_delegate(k, acting_user=c.users[by], member=member(c, union, login=i < logins),
                              is_manager=i < managers)
    return k


def home_congress(c, delegates=3, logins=3):
    """A congress of the clerk's own employer (衡阳县第一机械, 湖南: the national rules)."""
    return congress(c, union=c.grassroots, employer_=c.employer, delegates=delegates, logins=logins, by="city")


def proposal(c, k=None, *, state="submitted", by="city"):
    """A proposal of `k` (a home congress by default) moved on to `state` by the city staff."""
    k = k or home_congress(c)
    ds = list(Delegate.objects.filter(congress=k).select_related("member")[:3])
    p = services.submit_proposal(k, acting_user=ds[0].member.user or c.users[by], proposer=ds[0], title="改善职工食堂",
                                 content="增加夜班职工的热餐供应。", cosponsors=ds[1:3])
    staff = c.users[by]
    if state == "submitted":
        return p
    if state == "not_filed":
        return services.screen_proposal(p, acting_user=staff, file=False, reason="属于个人诉求，转工会信访渠道办理。")
    p = services.screen_proposal(p, acting_user=staff, file=True)
    if state == "filed":
        return p
    p = services.assign_proposal(p, acting_user=staff, department="后勤保障部")
    if state == "assigned":
        return p
    p = services.reply_proposal(p, acting_user=staff, reply="已于下月起增加夜班热餐。", signed_by="王经理")
    if state == "replied":
        return p
    return services.evaluate_proposal(p, acting_user=ds[0].member.user, satisfaction="satisfied")
