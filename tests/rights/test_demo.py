"""The rights demo step: a year of requests, mostly closed on time, some overdue and escalated,
each with the deadline its class gives by the rulebook; the demo member's own requests; legal-aid
cases in every state with a roster per county."""


from django.db.models import Count, F
from django.utils import timezone

from gonghui.rights import queries, rules
from gonghui.rights.models import AidProvider, LegalAidCase, Request
from gonghui.rules.models import Deadline


def test_a_year_of_requests_mostly_closed_on_time_some_overdue(demo):
    today = timezone.localdate()
    qs = Request.objects.all()
    total = qs.count()
    assert total >= 70
    assert not qs.filter(received_on__gt=today).exists()
    assert qs.filter(received_on__lt=today.replace(year=today.year - 1)).count() == 0
    closed = qs.filter(state="closed")
    on_time = closed.filter(closed_on__lte=F("due_on")).count()
    assert closed.count() > total / 2 and on_time > 0.8 * closed.count()
    assert queries.overdue(qs).exists()
    assert qs.filter(escalated_to__isnull=False).exists()
    assert not closed.filter(followed_up_at__isnull=True).exists()
    for r in qs.select_related("union").order_by("pk")[:40]:
        assert r.due_on == rules.request_deadline(r.received_on, r.klass, r.union.region_id)[0]
    opened = set(Deadline.objects.filter(kind="request_due").values_list("object_id", flat=True))
    assert opened == {str(pk) for pk in qs.filter(state__in=Request.OPEN_STATES).values_list("pk", flat=True)}
    mine = qs.filter(member__user__username="member")
    assert set(mine.values_list("state", flat=True)) == {"closed", "accepted"}
    board = queries.board(qs)
    assert board["total"]["total"] == total and board["by_topic"][0]["topic"] == "wages"


def test_legal_aid_in_every_state_with_a_roster(demo):
    counts = dict(LegalAidCase.objects.values_list("state").annotate(n=Count("pk")))
    assert set(counts) == set(LegalAidCase.State.values) and min(counts.values()) >= 2
    assert LegalAidCase.objects.filter(state="applied", decision_due_on__lt=timezone.localdate()).exists()
    assert not LegalAidCase.objects.filter(state="closed", rating__isnull=True).exists()
    assert AidProvider.objects.filter(kind="lawyer").exists() and AidProvider.objects.filter(kind="volunteer").exists()
