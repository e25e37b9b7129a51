"""Coverage pages and API operations in the access matrix (conventions in test_access_matrix).

The organisation department (city, county, county2) does everything in its subtree; the
grassroots clerk (`union`) reads coverage of their own union and changes nothing; the auditor
reads everything and changes nothing; the rights department has no coverage rights (403)."""

from ..matrix import ID_MAKERS, who
from .conftest import case_in_county, old_union, target_in_county


def _target(c):
    return {"pk": target_in_county(c).pk}


def _case(c):
    return {"pk": case_in_county(c).pk}


def _paper(c):
    return {"union_pk": old_union(c, "衡阳县矩阵空壳工会").pk}


NO = {"rights": 403, "publicity": 403}
READ = who(200, **NO)
ONE = who(200, county2=404, union=404, rights=404)
COVERAGE_PAGES = [
    ("coverage:overview", {}, "get", None, READ),
    ("coverage:employers", {}, "get", None, READ),
    ("coverage:new_economy", {}, "get", None, READ),
    ("coverage:industry_unions", {}, "get", None, READ),
    ("coverage:targets", {}, "get", None, READ),
    ("coverage:targets_refresh", {}, "post", {}, who(302, union=403, auditor=403, rights=403)),
    # bulk owner: back to the list with a summary; an id not in the subtree is not found
    ("coverage:target_bulk", {}, "post", {"action": "assign", "confirmed": "1", "pick": "0", "reason": "1"},
     who(302, union=403, auditor=403, rights=403)),
    ("coverage:target_detail", _target, "get", None, ONE),
    ("coverage:target_detail", _target, "post", {"status": "visited", "note": "已走访"},
     who(302, county2=404, union=404, auditor=403)),
    ("coverage:paper_unions", {}, "get", None, READ),
    ("coverage:case_create", _paper, "get", None, who(200, county2=404, union=403, auditor=403, rights=403)),
    ("coverage:case_create", _paper, "post", {"action": "revoke", "reason": "纸上工会"},
     who(302, county2=404, union=403, auditor=403)),
    ("coverage:cases", {}, "get", None, READ),
    ("coverage:case_detail", _case, "get", None, ONE),
    # the proposer (county) is sent back to the case with the refusal; the city rejects it
    ("coverage:case_decide", _case, "post", {"approve": "0", "opinion": "仍有活动"},
     who(302, county2=404, union=404, auditor=403)),
    ("coverage:report", {}, "get", None, READ),
]

ID_MAKERS["target_id"] = lambda c: target_in_county(c).pk
ID_MAKERS["case_id"] = lambda c: case_in_county(c).pk


def _propose(c):
    return {"union_id": old_union(c, "衡阳县接口空壳工会").pk, "action": "revoke", "reason": "纸上工会"}


API_READ = who(200, anon=401, rights=403)
API_ONE = who(200, anon=401, county2=404, union=404, rights=404)
COVERAGE_API = [
    ("get", "/api/v1/coverage", None, API_READ),
    ("get", "/api/v1/organising-targets", None, API_READ),
    ("get", "/api/v1/organising-targets/{target_id}", None, API_ONE),
    ("patch", "/api/v1/organising-targets/{target_id}", {"note": "已走访"},
     who(200, anon=401, county2=404, union=404, auditor=403)),
    ("post", "/api/v1/organising-targets/refresh", {}, who(200, anon=401, union=403, auditor=403, rights=403)),
    ("get", "/api/v1/paper-unions", None, API_READ),
    ("get", "/api/v1/paper-union-cases", None, API_READ),
    ("get", "/api/v1/paper-union-cases/{case_id}", None, API_ONE),
    ("post", "/api/v1/paper-union-cases", _propose, who(201, anon=401, county2=404, union=404, auditor=403)),
    # the proposer (county) may not decide their own case
    ("post", "/api/v1/paper-union-cases/{case_id}/decide", {"approve": False, "opinion": "仍有活动"},
     who(200, anon=401, county=422, county2=404, union=404, auditor=403)),
]
