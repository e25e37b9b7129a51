"""The coverage demo step: targets with owners and statuses, a done case for every union the
tree step revoked or merged, proposed cases waiting, and the report agreeing with the tree."""



from gonghui.accounts.models import User
from gonghui.coverage import queries
from gonghui.coverage.models import OrganisingTarget, PaperUnionCase
from gonghui.orgs.models import Union


def test_demo_coverage(demo):
    targets = OrganisingTarget.objects.select_related("employer", "union")
    assert targets.count() > 5
    assert {t.status for t in targets} >= {"to_visit", "visited"}
    assert targets.filter(owner__isnull=False).exists()
    for t in targets:
        assert t.employer.headcount >= 25 and t.union.kind in ("federation", "township")
        assert t.employer.region_id.startswith(t.union.region.prefix)
    revoked = Union.objects.filter(status="revoked").count()
    merged = Union.objects.filter(status="merged").count()
    done = PaperUnionCase.objects.filter(state="done")
    assert done.filter(action="revoke").count() == revoked and done.filter(action="merge").count() == merged
    assert PaperUnionCase.objects.filter(state="proposed").exists()
    city = User.objects.get(username="city")
    root = Union.objects.get(depth=1)
    r = queries.report(city, root)
    assert (r["totals"]["revoked"], r["totals"]["merged"]) == (revoked, merged)
    f = queries.coverage(city, root)
    assert 0 < f["total"]["founding_rate"] < 100
    # a refresh after the demo finds nothing new
    from gonghui.coverage import services

    assert services.refresh_targets(acting_user=city, union=root)[0] == 0
