"""The congress demo step: the city's congress with its seats shared by members among the
unions below the city, delegates within each unit's seats and subtree, a session with
check-ins and motions decided by the rulebook."""


from django.db.models import Count, Q

from gonghui.congress import services
from gonghui.congress.models import Congress, Delegate, Document, Motion
from gonghui.core.models import AuditEntry


def test_the_demo_congress(demo):
    congress = Congress.objects.get()
    assert congress.union.depth == 1 and congress.kind == Congress.Kind.LOCAL
    plan = services.plan(congress.union, on=congress.opens_on, kind=congress.kind)
    # 298 as in seed 004 where the band allows it, else the nearest number in the band
    assert congress.seats == min(max(298, plan.band.least), plan.band.most)
    units = congress.units.select_related("union").annotate(
        n=Count("delegates", filter=Q(delegates__ended_on__isnull=True)))
    assert sum(u.seats for u in units) == congress.seats and all(u.seats >= 1 for u in units)
    assert all(u.union.path.startswith(congress.union.path) and u.union.depth == 2 for u in units)
    for u in units:
        assert u.n <= u.seats
    for d in Delegate.objects.select_related("unit__union", "member"):
        assert d.member.union_path.startswith(d.unit.union.path)
    assert Delegate.objects.filter(member__user__username="member").exists()
    session = congress.sessions.get()
    assert set(Document.objects.filter(session=session).values_list("kind", flat=True)) == {"work", "audit", "budget"}
    q = services.quorum(session)
    assert q.met and q.present == session.attendances.count()
    assert Motion.objects.filter(session=session, state="passed").count() == 2
    summary = AuditEntry.objects.get(object_id="gonghui.congress.demo.build").changes["generated"]
    assert summary["seed_delegates"] == 298
