"""The medical-aid demo step: a plan, about a third of the members enrolled once each, claims
whose payouts follow the plan's rules, and screening quotas never exceeded."""


from django.db.models import Count, Q, Sum

from gonghui.medicalaid import payout
from gonghui.medicalaid.models import Claim, EnrolledMember, Enrolment, Plan, ScreeningBooking, ScreeningQuota
from gonghui.members.models import Member


def test_the_demo_enrols_a_third_and_files_claims_by_the_rules(demo):
    plan = Plan.objects.get()
    enrolled = EnrolledMember.objects.count()
    assert 0.2 * Member.objects.count() < enrolled < 0.5 * Member.objects.count()
    assert Enrolment.objects.aggregate(n=Sum("people"))["n"] == enrolled
    assert EnrolledMember.objects.filter(member__user__username="member").exists()
    claims = list(Claim.objects.select_related("enrolled", "disease"))
    assert len(claims) >= 10 and {c.state for c in claims} >= {"submitted", "paid"}
    rules = payout.Rules.of(plan)
    for c in claims:
        lump = payout.Lump(c.disease.name, c.disease.lump_sum_fen) if c.disease else None
        assert c.payout_fen == payout.compute(rules, shares=c.enrolled.shares, days=c.days, lump=lump).fen
    assert Claim.objects.filter(member__user__username="member").exists()
    from gonghui.accounts.models import User

    clerk_union = User.objects.get(username="union").grants.get().union
    assert Claim.objects.filter(union=clerk_union).exists()


def test_the_demo_screening_stays_within_quotas(demo):
    quotas = ScreeningQuota.objects.annotate(live=Count("bookings", filter=~Q(bookings__state="cancelled")))
    assert quotas.exists()
    for q in quotas:
        assert q.booked == q.live <= q.slots
    assert not ScreeningBooking.objects.exclude(member__sex="F").exists()
