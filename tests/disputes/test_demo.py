"""The disputes demo step: 200 disputes in every state with deadlines counted by the rulebook,
court referrals, and 30 employers on the watch list with a level each."""


from django.db.models import Count

from gonghui.disputes import rules
from gonghui.disputes.models import CourtReferral, Dispute, MediationBody, Watch
from gonghui.rules.models import Deadline


def test_the_demo_has_200_disputes_in_every_state_and_30_watched(demo):
    counts = dict(Dispute.objects.values_list("state").annotate(n=Count("pk")))
    assert sum(counts.values()) == 200
    assert set(counts) == set(Dispute.State.values)
    for d in Dispute.objects.select_related("employer")[:60]:
        assert d.mediation_due_on == rules.mediation(d.received_on, d.employer.region_id).on
    assert Dispute.objects.filter(state="mediating", mediation_due_on__lt=__import__("django.utils.timezone",
                                  fromlist=["x"]).localdate()).exists()  # some may apply for arbitration
    assert Dispute.objects.filter(final=True).exists() and Dispute.objects.filter(state="awarded", final=False).exists()
    assert Deadline.objects.filter(kind="dispute_mediation", closed_at__isnull=True).exists()
    assert Deadline.objects.filter(kind="dispute_time_bar", closed_at__isnull=True).exists()
    assert CourtReferral.objects.filter(reported_on__isnull=False).exists()
    assert MediationBody.objects.filter(kind="enterprise", members__is_chair=True, members__from_union=True).exists()
    watched = Watch.objects.filter(watched=True)
    assert watched.count() == 30
    assert not watched.filter(level="none").exists()
    assert watched.exclude(level="yellow").exists()
