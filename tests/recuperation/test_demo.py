"""The 疗休养 demo step: a partner city's base, batches whose offers are in every state, the
login `member` holding an offer to answer, and last season's cost within its budget."""



from gonghui.recuperation import queries, services
from gonghui.recuperation.models import Batch, Offer


def test_the_demo_has_offers_in_every_state_and_a_partner_citys_batch(demo):
    assert set(Offer.objects.values_list("state", flat=True)) == set(Offer.State.values)
    assert Batch.objects.filter(base__is_partner=True).exists()
    assert Batch.objects.filter(base__is_partner=False).exists()
    mine = Offer.objects.get(member__user__username="member", batch__base__is_partner=True)
    assert mine.state == "offered" and not mine.is_overdue
    assert Offer.objects.filter(replaces__isnull=False).exists()  # a decline or expiry was replaced
    for b in Batch.objects.exclude(state="open"):
        assert services.verify_allocation(b) == (True, True)
        f = queries.batch_figures(b)
        assert f["holding"] <= b.capacity and f["left_fen"] >= 0
    done = Batch.objects.get(state="done")
    assert queries.batch_figures(done)["spent_fen"] == done.offers.filter(state="attended").count() * \
        done.cost_per_person_fen > 0
