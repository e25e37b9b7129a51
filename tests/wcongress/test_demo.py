"""The 职代会 demo step: 20 proposals in every state (overdue replies among them), the demo
login `member` a delegate with proposals, votes decided by the rulebook, 厂务公开 published
and overdue."""


from django.db.models import Count

from gonghui.rules import days
from gonghui.wcongress import queries, rules
from gonghui.wcongress.models import Delegate, Disclosure, Motion, Proposal, WorkersCongress


def test_the_demo_congress_has_twenty_proposals_in_every_state(demo):
    counts = dict(Proposal.objects.values_list("state").annotate(n=Count("pk")))
    assert counts == dict.fromkeys(Proposal.State.values, 20)
    assert queries.overdue_proposals(Proposal.objects.all()).count() >= 5
    assert Proposal.objects.filter(recommended_at__isnull=False).exists()
    assert not Proposal.objects.filter(state="not_filed", refusal_reason="").exists()
    for p in Proposal.objects.annotate(n=Count("cosponsors"))[:30]:
        assert p.n >= 2
    member = Delegate.objects.get(member__user__username="member")
    assert Proposal.objects.filter(proposer=member).values("state").distinct().count() == len(Proposal.State.values)
    assert WorkersCongress.objects.count() >= 1


def test_the_demo_votes_follow_the_rulebook_and_disclosures_are_published_and_overdue(demo):
    for m in Motion.objects.select_related("session__congress__union"):
        share, strict, _s, _t = rules.passing(m.session.congress, on=m.session.held_on)
        assert m.passed == days.meets(m.in_favour, m.delegates_total, share, strict=strict)
    assert Disclosure.objects.filter(published_on__isnull=False).exists()
    assert queries.overdue_disclosures(Disclosure.objects.all()).exists()
    latest = Disclosure.objects.order_by("-due_on").first().due_on
    assert Disclosure.objects.filter(due_on=latest, published_on__isnull=True).exists()  # this period: to publish
