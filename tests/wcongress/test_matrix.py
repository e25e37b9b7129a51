"""职代会 pages and API operations in the access matrix (conventions in test_access_matrix).

The objects belong to the congress of 衡阳县第一机械 (its grassroots union, under 衡阳县). The
organisation department (city, county) and the grassroots clerk (`union`) keep it; county2 (衡南县)
does not see it, so its rows are not found; the auditor reads and changes nothing. Staff have no
member record: the member's pages tell them so, and a member's proposal is not found. Posts that
reach a service carry input it refuses (a vote below the rules, a refusal without a reason, an
empty publication), so the page answers 200 with the form and nothing is recorded."""

from datetime import date

from django.utils import timezone

from ..matrix import ID_MAKERS, who
from .conftest import home_congress, proposal

HIDDEN = {"county2": 404}
RIGHTS = who(200, auditor=403)


def _congress(c):
    from gonghui.wcongress.models import WorkersCongress

    found = WorkersCongress.objects.filter(union=c.grassroots).first()
    return found or home_congress(c)


def _congress_pk(c):
    return {"pk": _congress(c).pk}


def _session(c):
    from gonghui.wcongress import services

    return services.create_session(_congress(c), acting_user=c.users["city"], held_on=timezone.localdate())


def _session_pk(c):
    return {"pk": _session(c).pk}


def _proposal(c):
    from gonghui.wcongress.models import Proposal

    found = Proposal.objects.filter(congress__union=c.grassroots, state="submitted").first()
    return found or proposal(c, _congress(c))


def _proposal_pk(c):
    return {"pk": _proposal(c).pk}


def _screen(c):
    return {"pk": _proposal(c).pk, "action": "screen"}


def _disclosure(c):
    from gonghui.wcongress import services
    from gonghui.wcongress.models import Disclosure

    found = Disclosure.objects.filter(employer=c.employer, published_on__isnull=True).first()
    return found or services.plan_disclosures(c.employer, acting_user=c.users["city"],
                                              period_start=date(2026, 1, 1))[0]


def _disclosure_pk(c):
    return {"pk": _disclosure(c).pk}


def _new_congress(c):
    return {"union": c.grassroots.pk, "name": "第一机械第二届职代会", "kind": "single", "employers": [c.employer.pk],
            "term_no": 2, "term_start": "2026-01-01"}


ONE = who(200, **HIDDEN)
ONE_RIGHTS = who(200, **HIDDEN) | {"auditor": 403}
WCONGRESS_PAGES = [
    ("wcongress:list", {}, "get", None, who(200)),
    ("wcongress:create", {}, "get", None, RIGHTS),
    # county2 cannot name 衡阳县's union: the form says so (200); the others create it
    ("wcongress:create", {}, "post", _new_congress, who(302, county2=200, auditor=403)),
    ("wcongress:detail", _congress_pk, "get", None, ONE),
    ("wcongress:delegate_add", _congress_pk, "post", {"number": "NO-SUCH"}, ONE_RIGHTS),
    ("wcongress:session_create", _congress_pk, "post", {"held_on": "2026-03-01", "kind": "regular"},
     who(302, **HIDDEN) | {"auditor": 403}),
    # three delegates where thirty are needed: the vote is refused on the form
    ("wcongress:vote", _session_pk, "post", {"title": "决议", "present": 3, "in_favour": 3, "against": 0,
                                             "abstain": 0}, ONE_RIGHTS),
    ("wcongress:session_report", _session_pk, "post", {"reported_on": "2026-03-02"},
     who(302, **HIDDEN) | {"auditor": 403}),
    ("wcongress:proposals", {}, "get", None, who(200)),
    ("wcongress:proposal_detail", _proposal_pk, "get", None, ONE),
    ("wcongress:proposal_action", _screen, "post", {"decision": "reject", "reason": ""}, ONE_RIGHTS),
    ("wcongress:disclosures", {}, "get", None, who(200)),
    ("wcongress:disclosure_plan", {}, "get", None, RIGHTS),
    ("wcongress:disclosure_detail", _disclosure_pk, "get", None, ONE),
    ("wcongress:disclosure_detail", _disclosure_pk, "post", {"published_on": "", "content": ""}, ONE_RIGHTS),
    ("wcongress:my_proposals", {}, "get", None, who(200)),
    ("wcongress:my_proposal_new", {}, "get", None, who(200)),
    ("wcongress:my_proposal", _proposal_pk, "get", None, who(404)),
    ("wcongress:my_disclosures", {}, "get", None, who(200)),
]

ID_MAKERS["wc_congress_id"] = lambda c: _congress(c).pk
ID_MAKERS["wc_session_id"] = lambda c: _session(c).pk
ID_MAKERS["wc_proposal_id"] = lambda c: _proposal(c).pk
ID_MAKERS["wc_disclosure_id"] = lambda c: _disclosure(c).pk

API_READ = who(200, anon=401)
API_ONE = who(200, anon=401, county2=404)
API_REFUSED = who(422, anon=401, county2=404, auditor=403)
WCONGRESS_API = [
    ("get", "/api/v1/workers-congresses", None, API_READ),
    ("get", "/api/v1/workers-congresses/{wc_congress_id}", None, API_ONE),
    ("post", "/api/v1/workers-congresses/sessions/{wc_session_id}/votes",
     {"title": "决议", "present": 3, "in_favour": 3, "against": 0}, API_REFUSED),
    ("get", "/api/v1/proposals", None, API_READ),
    ("get", "/api/v1/proposals/{wc_proposal_id}", None, API_ONE),
    ("post", "/api/v1/proposals", {"congress_id": 0, "title": "t", "content": "c"}, who(404, anon=401)),
    ("post", "/api/v1/proposals/{wc_proposal_id}/screen", {"file": False, "reason": ""}, API_REFUSED),
    ("post", "/api/v1/proposals/{wc_proposal_id}/assign", {"department": "人力资源部"}, API_REFUSED),
    ("post", "/api/v1/proposals/{wc_proposal_id}/reply", {"reply": "答复", "signed_by": "王经理"}, API_REFUSED),
    ("post", "/api/v1/proposals/{wc_proposal_id}/recommend", {"note": "落实效果好"}, API_REFUSED),
    ("post", "/api/v1/proposals/{wc_proposal_id}/evaluate", {"satisfaction": "satisfied"},
     who(422, anon=401, county2=404)),
    ("get", "/api/v1/disclosures", None, API_READ),
    ("post", "/api/v1/disclosures/{wc_disclosure_id}/publish", {"published_on": "2099-01-01", "content": "x"},
     API_REFUSED),
]
