"""Rows of the funds app in a given county, for the access matrix and the model scopes."""

from datetime import date

from gonghui.funds import services
from gonghui.funds.models import Contribution, LedgerEntry, MemberDues, Pairing, PairingVisit, Refund, RefundBatch

from .conftest import finance, firm


def contribution(c, county):
    """A paid contribution of a new firm with a union in `county` (衡阳县 or 衡南县), split into the ledger."""
    region = c.grassroots.region_id if county == c.county else c.grassroots2.region_id
    e = firm(c, region=region if county != c.county else None, headcount=10)
    return services.record_payment(acting_user=finance(c), employer=e, month=date(2026, 1, 1),
                                   wage_bill_fen=1_000_000, paid_fen=20_000, received_on=date(2026, 2, 10))


def owing(c, county):
    """A contribution still owed (half paid) of a firm in `county`."""
    region = c.grassroots.region_id if county == c.county else c.grassroots2.region_id
    e = firm(c, region=region if county != c.county else None, headcount=10)
    return services.record_payment(acting_user=finance(c), employer=e, month=date(2026, 1, 1),
                                   wage_bill_fen=1_000_000, paid_fen=10_000, received_on=date(2026, 2, 10))


def entry(c, county):
    return LedgerEntry.objects.filter(contribution=contribution(c, county), level="base").get()


def statement(c, union):
    from gonghui.funds.models import Statement

    return Statement.objects.create(union=union, month=date(2026, 1, 1), file_name="明细.csv", sha256="0",
                                    state="rejected", problems=[{"row": 2, "message": "x"}],
                                    created_by=finance(c))


def dues(c, union):
    from tests.wcongress.conftest import member

    m = member(c, union)
    return MemberDues.objects.create(union=union, member=m, month=date(2026, 1, 1), wage_fen=500_000, dues_fen=2500,
                                     created_by=finance(c))


def refund(c, county, state="applied"):
    con = contribution(c, county)
    return Refund.objects.create(union=county, employer=con.employer, payee=con.union, year=2026, staff=10,
                                 paid_fen=20_000, refund_fen=8_000, rule="人数25人以下", applied_by=finance(c),
                                 state=state)


def batch(c, county):
    return RefundBatch.objects.create(union=county, number=f"XW-T-{county.pk}-{RefundBatch.objects.count()}",
                                      created_by=finance(c))


def pairing(c, county):
    region = None if county == c.county else c.grassroots2.region_id
    e = firm(c, region=region, union=False)
    return Pairing.objects.create(union=county, employer=e, staff=c.users["county"])


def visit(c, county):
    return PairingVisit.objects.create(pairing=pairing(c, county), visited_on=date(2026, 1, 5), outcome="visited",
                                       created_by=c.users["county"])


__all__ = ["Contribution"]
