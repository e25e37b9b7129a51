"""Assessment pages and API operations in the access matrix (conventions in test_access_matrix).

The organisation department (city, county, county2) holds every assessment right; the
grassroots clerk (`union`) starts, scores, adds evidence, submits and reports tasks done for
their own union but neither reviews nor designates showcases; the auditor reads. The object
is the 衡阳县 grassroots union's assessment: county2 does not find it; only those above the
union (city, county, the operator at the root) review it. Departments without assessment
rights (rights, publicity, merchant) are refused the lists but read the published showcases."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ..matrix import ID_MAKERS, who
from .conftest import YEAR, reviewed, started, submitted

OUT = {"rights": 403, "publicity": 403}  # departments without assessment rights


def _draft(c):
    return {"pk": started(c).pk}


def _item(c):
    a = started(c)
    return {"pk": a.pk, "item_pk": a.items.first().pk}


def _submitted_item(c):
    a = submitted(c)
    return {"pk": a.pk, "item_pk": a.items.first().pk}


def _submitted(c):
    return {"pk": submitted(c).pk}


def _evidence(c):
    from gonghui.assessments import services

    a = started(c)
    [e] = services.add_evidence(a, a.items.first(), acting_user=c.users["union"],
                                uploads=[SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n0000")])
    return {"pk": a.pk, "evidence_pk": e.pk}


def _task(c):
    return {"pk": reviewed(c, outcome="rectification").tasks.first().pk}


def _task_post(c):
    a = submitted(c)
    return {"item": a.items.first().pk, "requirement": "补齐换届材料",
            "deadline": (timezone.localdate() + timedelta(days=20)).isoformat()}


ONE = who(200, county2=404)
CHANGE = who(302, county2=404, auditor=403)
REVIEW = who(302, county2=404, union=403, auditor=403)
ASSESSMENTS_PAGES = [
    ("assessments:list", {}, "get", None, who(200) | OUT),
    ("assessments:start", {}, "get", None, who(200, auditor=403) | OUT),
    # 湘江物流 (beside the clerk's union): the clerk and county2 cannot choose it, the form comes back
    ("assessments:start", {}, "post", lambda c: {"union": c.grassroots_b.pk, "year": YEAR},
     who(302, county2=200, union=200, auditor=403) | OUT),
    ("assessments:detail", _draft, "get", None, ONE | {"rights": 404, "publicity": 404}),
    ("assessments:self_assess", _item, "post", {"self_score": "5", "statement": "按期换届"}, CHANGE),
    # no file chosen: those who may add one are sent back with the message
    ("assessments:evidence_add", _item, "post", {}, CHANGE),
    ("assessments:evidence", _evidence, "get", None, ONE),
    ("assessments:submit", _draft, "post", {}, CHANGE),
    ("assessments:review_item", _submitted_item, "post", {"reviewer_score": "5"}, REVIEW),
    ("assessments:task_add", _submitted, "post", _task_post, REVIEW),
    # items not yet scored: the reviewers are sent back with the message
    ("assessments:finish", _submitted, "post", {"outcome": "passed"}, REVIEW),
    ("assessments:tasks", {}, "get", None, who(200) | OUT),
    ("assessments:task_done", _task, "post", {"note": "已整改"}, CHANGE),
    # an open task is not verified yet: the reviewers are sent back with the message
    ("assessments:task_verify", _task, "post", {"accept": "1"}, REVIEW),
    ("assessments:progress", {}, "get", None, who(200) | OUT),
    ("assessments:not_started", {}, "get", None, who(200) | OUT),
    ("assessments:showcases", {}, "get", None, who(200) | OUT),
    ("assessments:showcase_create", {}, "get", None, who(200, union=403, auditor=403) | OUT),
    # the city federation publishes (nothing to publish: sent back to the list with the message)
    ("assessments:showcase_publish", {}, "post", {}, who(403, city=302, operator=302) | OUT),
    ("assessments:published", {}, "get", None, who(200, rights=200, publicity=200, merchant=200)),
    ("assessments:survey", {}, "get", None, who(200, rights=200)),  # staff see they have no member record
]

# The 衡阳县 grassroots union's assessment, submitted: the union can no longer change it (422 to
# those who may), the union above reviews it.
ID_MAKERS["assessment_id"] = lambda c: submitted(c).pk
ID_MAKERS["assessment_item_id"] = lambda c: submitted(c).items.first().pk


def _new_task(c):
    return {"item_id": submitted(c).items.first().pk, "requirement": "补齐换届材料",
            "deadline": (timezone.localdate() + timedelta(days=20)).isoformat()}


API_CHANGE = who(422, anon=401, county2=404, auditor=403)
API_REVIEW = who(200, anon=401, county2=404, union=403, auditor=403)
ASSESSMENTS_API = [
    ("get", "/api/v1/assessments", None, who(200, anon=401, rights=403)),
    ("get", "/api/v1/assessments/showcases", None, who(200, anon=401, rights=200)),
    ("get", "/api/v1/assessments/{assessment_id}", None, who(200, anon=401, county2=404, rights=404)),
    # 湘江物流: neither county2 nor the clerk of the union beside it finds it; the auditor may not start
    ("post", "/api/v1/assessments", lambda c: {"union_id": c.grassroots_b.pk, "year": YEAR},
     who(201, anon=401, county2=404, union=404, auditor=403)),
    ("post", "/api/v1/assessments/{assessment_id}/items/{assessment_item_id}/self", {"self_score": 3}, API_CHANGE),
    ("post", "/api/v1/assessments/{assessment_id}/submit", {}, API_CHANGE),
    # a multipart upload: test_assessments_api covers it (clerk, auditor, county2)
    ("post", "/api/v1/assessments/{assessment_id}/items/{assessment_item_id}/evidence", None, None),
    ("post", "/api/v1/assessments/{assessment_id}/items/{assessment_item_id}/review", {"score": 3}, API_REVIEW),
    ("post", "/api/v1/assessments/{assessment_id}/tasks", _new_task, API_REVIEW | {
        "city": 201, "county": 201, "operator": 201}),
    # items not yet reviewed: refused with the message (422) to those who may review
    ("post", "/api/v1/assessments/{assessment_id}/finish", {"outcome": "passed"}, API_REVIEW | {
        "city": 422, "county": 422, "operator": 422}),
]
