"""A hand-built coverage city on top of the `city` fixture, with figures worked out by hand.

衡阳县 (county, 430421) after `coverage_city`:
  employer                 region     staff  union   working members
  衡阳县第一机械 (e1)       township   50     g1      3 (+1 retired, not counted)
  衡阳县湘江物流 (e1b)      township   50     g1b     1
  衡阳县未建会建材 (free)   township   80     —       —
  衡阳县小微快递服务部      township   10     —       —
  衡阳县重工集团            county     1200   heavy   4
  衡阳县已关闭纸箱厂        township   30     —       (closed: not counted)
衡南县 (county2): 衡南县云集化工 (e2), 50 staff, union g2 with 2 members.
"""

from datetime import date, timedelta

from django.utils import timezone

from gonghui.core.models import Code
from gonghui.members import services as member_services
from gonghui.orgs.models import Employer, Region, Union

from ..factories import employer
from ..medicalaid.conftest import member


def coverage_city(c):
    t1 = c.township.region
    county_region = Region.objects.get(code="430421")
    small = employer(11, t1, "衡阳县小微快递服务部", headcount=10)
    small.industry = Code.objects.get(table="industry", code="G")
    small.save()
    big = employer(12, county_region, "衡阳县重工集团有限公司", headcount=1200)
    closed = employer(13, t1, "衡阳县已关闭纸箱厂", headcount=30)
    Employer.objects.filter(pk=closed.pk).update(status="closed")
    heavy = Union.objects.add_child(c.county, dict(name="衡阳县重工集团有限公司工会", kind="grassroots",
                                                   region=county_region, employer=big, chair_name="王强"))
    c.county.refresh_from_db()
    for _i in range(3):
        member(c, c.grassroots)
    retired = member(c, c.grassroots)
    member_services.record_event(retired, acting_user=c.users["city"], kind="retire")
    member(c, c.grassroots_b)
    for _i in range(2):
        member(c, c.grassroots2)
    for _i in range(4):
        member(c, heavy)
    c.small, c.big, c.heavy = small, big, heavy
    return c


def old_union(c, name, parent=None, chair="", years=3, **fields):
    """A union founded `years` ago (so detection looks at it), with no rows of its own."""
    parent = parent or c.township
    u = Union.objects.add_child(parent, dict(name=name, kind="grassroots", region=parent.region, chair_name=chair,
                                             founded_on=timezone.localdate() - timedelta(days=365 * years),
                                             **fields))
    parent.refresh_from_db()
    return u


def paper_union(c, name="衡阳县空壳贸易有限公司工会"):
    """No chair, no members, no activity: three signs."""
    return old_union(c, name)


def paper_union_with_members(c, n=2, name="衡阳县并转商贸有限公司工会"):
    """No chair and no activity for long, but members on the roster: they were enrolled (in
    g1, where the audit trail records it) and written over to this union long ago."""
    from gonghui.members.models import Member, MemberEvent

    u = old_union(c, name)
    people = [member(c, c.grassroots) for _i in range(n)]
    long_ago = timezone.now() - timedelta(days=800)
    Member.objects.filter(pk__in=[m.pk for m in people]).update(union=u, union_path=u.path)
    MemberEvent.objects.filter(member__in=people).update(union=u, created_at=long_ago,
                                                         on=date.today() - timedelta(days=800))
    return u, [Member.objects.get(pk=m.pk) for m in people]


def target_in_county(c, second=False):
    """An organising target held by the township union of 衡阳县 (or of 衡南县)."""
    from gonghui.coverage.models import OrganisingTarget

    township = c.township2 if second else c.township
    e = employer(40 + int(second), township.region, f"{township.name}待建会物业有限公司", headcount=60)
    return OrganisingTarget.objects.create(employer=e, union=township)


def case_in_county(c, second=False):
    """A proposed revoke of a paper union under 衡阳县 (or 衡南县)."""
    from gonghui.coverage.models import PaperUnionCase

    union = old_union(c, "衡南县空壳公司工会" if second else "衡阳县空壳公司工会",
                      parent=c.township2 if second else c.township)
    return PaperUnionCase.objects.create(union=union, action="revoke", reason="纸上工会",
                                         proposed_by=c.users["county2" if second else "county"])
