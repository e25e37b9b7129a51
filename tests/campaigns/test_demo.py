"""The campaigns demo step: four campaigns, claims within stock and once per member, a lottery
whose seed is committed by its hash, quotas that fit the stock."""

import hashlib

from django.db.models import Count

from gonghui.campaigns.models import Campaign, Claim


def test_the_demo_campaigns_keep_their_guarantees(demo):
    campaigns = {c.mode + ":" + c.state: c for c in Campaign.objects.all()}
    assert set(campaigns) == {"fcfs:published", "lottery:published", "quota:published", "fcfs:closed"}
    for c in Campaign.objects.all():
        claims = Claim.objects.filter(campaign=c)
        assert claims.count() <= c.stock
        assert not claims.values("member").annotate(n=Count("id")).filter(n__gt=c.per_member_limit).exists()
    tour = campaigns["lottery:published"]
    assert tour.seed_hash == hashlib.sha256(tour.seed.encode()).hexdigest() and tour.drawn_at is None
    assert tour.entries.exists() and not tour.claims.exists()
    quota = campaigns["quota:published"]
    assert sum(q.share for q in quota.quotas.all()) <= quota.stock
    assert Claim.objects.filter(member__user__username="member2").exists()
