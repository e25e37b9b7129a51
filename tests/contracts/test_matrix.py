"""Collective-contract pages and API operations in the access matrix (conventions in
test_access_matrix).

The contract belongs to 衡阳县第一机械's grassroots union (under 衡阳县): the organisation
department (city, county), the grassroots clerk (`union`) and the rights department keep it;
county2 (衡南县) does not see it, so it is not found; the auditor reads and changes nothing; the
publicity department has no business with contracts. Posts that reach a service carry input it
refuses (an answer before the request, two negotiators a side, a step out of order), so the
page answers 200 with the form and the API 422, and nothing is changed."""

from datetime import date

from ..matrix import ID_MAKERS, who


def _contract(c):
    from gonghui.contracts.models import CollectiveContract

    from .conftest import contract

    found = CollectiveContract.objects.filter(union=c.grassroots, state="requested").first()
    return found or contract(c, requested_on=date(2026, 3, 4))


def _pk(c):
    return {"pk": _contract(c).pk}


def _action(name):
    return lambda c: {"pk": _contract(c).pk, "action": name}


def _new(c):
    return {"union": c.grassroots.pk, "title": "第一机械集体合同", "kind": "general", "coverage": "single",
            "employers": [c.employer.pk], "requested_by": "union", "requested_on": "2026-03-04"}


SEEN = {"rights": 200, "publicity": 403}
RIGHTS = who(200, auditor=403) | SEEN
ONE = who(200, county2=404) | {"rights": 200}
ONE_RIGHTS = who(200, county2=404, auditor=403) | {"rights": 200}
CONTRACTS_PAGES = [
    ("contracts:list", {}, "get", None, who(200) | SEEN),
    ("contracts:create", {}, "get", None, RIGHTS),
    # county2 cannot name 衡阳县's union: the form says so (200); the others record the request
    ("contracts:create", {}, "post", _new, who(302, county2=200, auditor=403) | {"rights": 302}),
    ("contracts:detail", _pk, "get", None, ONE),
    # an answer dated before the request: refused on the form, nothing changed
    ("contracts:action", _action("reply"), "post", {"replied_on": "2026-03-01", "agreed": "yes"}, ONE_RIGHTS),
    ("contracts:action", _action("negotiators"), "post", {"union_side": "甲\n乙", "employer_side": "丙\n丁"},
     ONE_RIGHTS),
    ("contracts:coverage", {}, "get", None, who(200) | SEEN),
    ("contracts:coverage_employers", {}, "get", None, who(200) | SEEN),
]

ID_MAKERS["cc_id"] = lambda c: _contract(c).pk

API_READ = who(200, anon=401) | SEEN
API_ONE = who(200, anon=401, county2=404) | {"rights": 200}
API_REFUSED = who(422, anon=401, county2=404, auditor=403) | {"rights": 422}
CONTRACTS_API = [
    ("get", "/api/v1/collective-contracts", None, API_READ),
    ("get", "/api/v1/collective-contracts/{cc_id}", None, API_ONE),
    ("post", "/api/v1/collective-contracts", {"union_id": 0, "title": "t", "employer_ids": [],
                                              "requested_on": "2026-03-04"}, who(404, anon=401)),
    ("post", "/api/v1/collective-contracts/{cc_id}/reply", {"replied_on": "2026-03-01"}, API_REFUSED),
    ("post", "/api/v1/collective-contracts/{cc_id}/negotiators", {"union_side": ["甲", "乙"],
                                                                  "employer_side": ["丙", "丁"]}, API_REFUSED),
    ("post", "/api/v1/collective-contracts/{cc_id}/meetings", {"held_on": "2026-03-10", "summary": "协商"},
     API_REFUSED),
    ("post", "/api/v1/collective-contracts/{cc_id}/draft", {"agreed_on": "2026-03-12", "text": "草案"}, API_REFUSED),
    ("post", "/api/v1/collective-contracts/{cc_id}/vote", {"session_id": 0, "present": 3, "in_favour": 3,
                                                           "against": 0}, who(404, anon=401)),
    ("post", "/api/v1/collective-contracts/{cc_id}/sign", {"signed_on": "2026-03-20", "term_start": "2026-04-01",
                                                           "term_end": "2027-03-31"}, API_REFUSED),
    ("post", "/api/v1/collective-contracts/{cc_id}/file", {"filed_on": "2026-03-25"}, API_REFUSED),
    ("post", "/api/v1/collective-contracts/{cc_id}/objection", {"received_on": "2026-03-25", "text": "异议"},
     API_REFUSED),
    ("post", "/api/v1/collective-contracts/{cc_id}/in-force", None, API_REFUSED),
]
