"""The funds demo step: a year of receipts split into every level (each receipt's parts add up),
some arrears, small-firm refunds approved by a second person, 双联 visits."""


from django.db.models import F, Sum

from gonghui.funds.models import Contribution, LedgerEntry, Pairing, PairingVisit, Refund, Statement


def test_a_year_of_receipts_split_into_every_level_with_arrears_refunds_and_visits(demo):
    assert Statement.objects.filter(state="done").count() == 12
    assert set(LedgerEntry.objects.values_list("level", flat=True)) == {"base", "county", "city", "province",
                                                                         "national"}
    for c in Contribution.objects.filter(paid_fen__gt=0)[:200]:
        assert c.entries.filter(kind__in=["contribution", "preparatory"]).aggregate(s=Sum("amount_fen"))["s"] \
            == c.paid_fen
    assert Contribution.objects.filter(paid_fen__lt=F("due_fen")).exists()
    assert Contribution.objects.filter(late_days__gt=0).exists()
    refunds = Refund.objects.all()
    assert refunds.exists() and not refunds.filter(decided_by=F("applied_by")).exists()
    assert Pairing.objects.exists() and PairingVisit.objects.exists()
