"""Funds pages and API operations in the access matrix (conventions in test_access_matrix).

The rows belong to 衡阳县: a contribution of 衡阳县第一机械 (the clerk's own employer, so the
grassroots clerk `union` sees it) and a statement, a refund, a batch and a pairing kept by the
county federation (which the grassroots clerk does not see). county2 (衡南县) sees none of them:
not found. The organisation department reads the funds and keeps the 双联 pairings; the money
itself is the finance department's (not a matrix persona: tests/funds cover it), so their
changes are refused (403); the auditor reads everything and changes nothing."""

from datetime import date

from ..matrix import ID_MAKERS, who
from .conftest import finance


def _receipt(c):
    from gonghui.funds import services
    from gonghui.funds.models import Contribution

    found = Contribution.objects.filter(employer=c.employer).first()
    return found or services.record_payment(acting_user=finance(c), employer=c.employer, month=date(2026, 1, 1),
                                            wage_bill_fen=1_000_000, paid_fen=20_000,
                                            received_on=date(2026, 2, 10))


def _statement(c):
    from gonghui.funds.models import Statement

    from .factories import statement

    return Statement.objects.filter(union=c.county).first() or statement(c, c.county)


def _refund(c):
    from gonghui.funds.models import Refund

    from .factories import refund

    return Refund.objects.filter(union=c.county).first() or refund(c, c.county)


def _batch(c):
    from gonghui.funds.models import RefundBatch

    from .factories import batch

    return RefundBatch.objects.filter(union=c.county).first() or batch(c, c.county)


def _pairing(c):
    from gonghui.funds.models import Pairing

    from .factories import pairing

    return Pairing.objects.filter(union=c.county).first() or pairing(c, c.county)


def _pk(maker):
    return lambda c: {"pk": maker(c).pk}


COUNTY_ROW = who(200, county2=404, union=404)
FINANCE_FORM = who(403, union=200, operator=200)
FUNDS_PAGES = [
    ("funds:index", {}, "get", None, who(200)),
    ("funds:statements", {}, "get", None, who(200)),
    ("funds:statement_create", {}, "get", None, who(403, operator=200)),
    ("funds:statement_detail", _pk(_statement), "get", None, COUNTY_ROW),
    ("funds:contributions", {}, "get", None, who(200)),
    ("funds:contribution_detail", _pk(_receipt), "get", None, who(200, county2=404)),
    ("funds:payment_create", {}, "get", None, FINANCE_FORM),
    # an unknown credit code: the form says so (200), nothing written
    ("funds:payment_create", {}, "post", {"uscc": "NO-SUCH", "month": "2026-01", "wage_bill": "100", "paid": "2",
                                         "received_on": "2026-02-10"}, FINANCE_FORM),
    # bulk arrears notices and dues: only those who may change them; nothing ticked goes back (302)
    ("funds:arrears_notify", {}, "post", {"action": "notify"}, who(403, operator=302)),
    ("funds:dues_bulk", {}, "post", {"action": "paid"}, who(403, union=302, operator=302)),
    # 衡阳县第一机械 has a union and no preparatory fund: the message says so (302); county2 does not see it
    ("funds:hand_over", lambda c: {"pk": c.employer.pk}, "post", {}, who(302, county2=404)),
    # a county no one may see: not found
    ("funds:batch_create", {}, "post", {"county": "0"}, who(404)),
    ("funds:ledger", {}, "get", None, who(200)),
    ("funds:dues", {}, "get", None, who(200)),
    ("funds:dues_create", {}, "get", None, FINANCE_FORM),
    ("funds:refunds", {}, "get", None, who(200)),
    ("funds:refund_apply", {}, "get", None, FINANCE_FORM),
    ("funds:refund_list_county", {}, "get", None, FINANCE_FORM),
    ("funds:refund_detail", _pk(_refund), "get", None, COUNTY_ROW),
    ("funds:refund_detail", _pk(_refund), "post", {"action": "check"},
     who(403, county2=404, union=404, operator=302)),
    ("funds:batch_detail", _pk(_batch), "get", None, COUNTY_ROW),
    # the bank file (full accounts): only who may change the county's batches; the others see it: 403
    ("funds:batch_bank_file", _pk(_batch), "get", None, who(403, county2=404, union=404, operator=200)),
    ("funds:pairings", {}, "get", None, who(200)),
    ("funds:pairing_create", {}, "get", None, who(200, union=403, auditor=403)),
    ("funds:pairing_detail", _pk(_pairing), "get", None, COUNTY_ROW),
    # a visit in the future is refused on the form (200); county2 and the clerk do not see the pairing
    ("funds:pairing_detail", _pk(_pairing), "post", {"visited_on": "2099-01-01", "outcome": "visited"},
     who(200, county2=404, union=404, auditor=403)),
]

ID_MAKERS["funds_statement_id"] = lambda c: _statement(c).pk
ID_MAKERS["funds_receipt_id"] = lambda c: _receipt(c).pk
ID_MAKERS["funds_refund_id"] = lambda c: _refund(c).pk

API_READ = who(200, anon=401)
FUNDS_API = [
    ("get", "/api/v1/dues/statements", None, API_READ),
    ("get", "/api/v1/dues/statements/{funds_statement_id}", None, who(200, anon=401, county2=404, union=404)),
    ("get", "/api/v1/dues/receipts", None, API_READ),
    ("get", "/api/v1/dues/receipts/{funds_receipt_id}", None, who(200, anon=401, county2=404)),
    ("get", "/api/v1/dues/arrears", None, API_READ),
    ("get", "/api/v1/dues/ledger", None, API_READ),
    ("post", "/api/v1/dues/receipts", {"employer_id": 0, "month": "2026-01-01", "wage_bill_fen": 100,
                                       "paid_fen": 2, "received_on": "2026-02-10"}, who(404, anon=401)),
    ("get", "/api/v1/refunds", None, API_READ),
    ("post", "/api/v1/refunds", {"employer_id": 0, "year": 2026}, who(404, anon=401)),
    ("post", "/api/v1/refunds/{funds_refund_id}/check", None, who(403, anon=401, county2=404, union=404, operator=200)),
    ("post", "/api/v1/refunds/{funds_refund_id}/decide", {"approve": True},
     who(403, anon=401, county2=404, union=404, operator=422)),
]
