"""The collective-contract demo step: contracts in force, expiring (reminded) and lapsed among the
target employers, a wage negotiation waiting for its vote, a request with its answer overdue, a
regional contract in force; every stored date equals the rulebook's count."""

import datetime

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.contracts import queries, rules
from gonghui.contracts.models import CollectiveContract as C
from gonghui.notices.models import Outbox
from gonghui.orgs.models import Union
from gonghui.rules import days


def test_the_demo_has_contracts_in_every_situation(demo):
    today = timezone.localdate()
    in_force = C.objects.filter(state=C.State.IN_FORCE)
    assert in_force.filter(term_end__lt=today).exists()                                  # lapsed
    assert in_force.filter(renewal_from__lte=today, term_end__gte=today).exists()        # expiring
    assert queries.in_force_on(today).exists()
    assert C.objects.filter(kind=C.Kind.WAGE, state=C.State.DRAFTED).exists()            # wage bargaining
    assert C.objects.filter(state=C.State.REQUESTED, reply_due_on__lt=today).exists()    # answer overdue
    regional = C.objects.get(coverage=C.Coverage.REGIONAL)
    assert regional.is_current and regional.employers.count() >= 2
    assert Outbox.objects.filter(kind="contract_renewal_due").exists()
    city = User.objects.get(username="city")
    f = queries.coverage(city, Union.objects.filter(depth=1).first())
    assert f["total"]["total"] > f["total"]["covered"] > 0


def test_the_demo_dates_are_the_rulebooks(demo):
    for c in C.objects.select_related("union")[:40]:
        for d in rules.deadlines_of(c):
            entry = c.rules_used[d["key"]]
            if d["key"] == "renewal_from":
                assert rules.renewal_window(c.term_end, c.region_code)[0] == d["due_on"]
            else:
                start = datetime.date.fromisoformat(entry["start"])
                assert days.deadline(start, entry["n"], entry["unit"]) == d["due_on"]
