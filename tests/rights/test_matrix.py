"""Rights pages and API operations in the access matrix (conventions in test_access_matrix).

The request belongs to 衡阳县第一机械 (routed to its grassroots union, under 衡阳县): the city,
the county, the grassroots clerk (`union`) and the operator handle it; county2 (衡南县) does not
see it (404); the auditor reads and changes nothing (403 on writes). The legal-aid case is kept by
衡阳县总工会 itself, above the grassroots clerk, who therefore does not find it. Staff have no
member record: the member's pages tell them so, and a member's request is not found. The public
request page (a worker proving their mobile) opens for everyone, signed in or not. Posts that
reach a service carry input it refuses (a class change without a reason, an unknown employer
with no county, a refusal without a reason), so the page answers 200 with the form and nothing
is recorded."""

from django.core.files.uploadedfile import SimpleUploadedFile

from ..matrix import ID_MAKERS, who
from .conftest import aid_case, request_

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
HIDDEN = {"county2": 404}


def _request(c):
    from gonghui.rights.models import Request

    return Request.objects.filter(union=c.grassroots, state="new").first() or request_(c)


def _request_pk(c):
    return {"pk": _request(c).pk}


def _file(c):
    from gonghui.rights.models import RequestAttachment

    r = _request(c)
    a = r.attachments.first()
    if a is None:
        a = RequestAttachment.from_upload(SimpleUploadedFile("工资条.png", PNG, "image/png"), user=c.users["city"],
                                          request=r)
        a.save()
    return {"pk": r.pk, "file_pk": a.pk}


def _reclassify(c):
    return {"pk": _request(c).pk, "action": "reclassify"}


def _case(c):
    from gonghui.rights.models import LegalAidCase

    return LegalAidCase.objects.filter(union=c.county, state="applied").first() or aid_case(c)


def _case_pk(c):
    return {"pk": _case(c).pk}


def _decide(c):
    return {"pk": _case(c).pk, "action": "decide"}


UNKNOWN_EMPLOYER = {"worker_name": "王师傅", "kind": "solve", "topic": "wages", "employer_name": "不存在的外卖站点",
                    "description": "欠薪两个月。", "workers_involved": 1, "received_on": "2026-03-02"}

ONE = who(200, **HIDDEN)
ONE_CHANGE = who(200, county2=404, auditor=403)
CASE_ONE = who(200, county2=404, union=404)
PUBLIC = who(200, anon=200)
RIGHTS_PAGES = [
    ("rights:list", {}, "get", None, who(200, rights=200)),
    ("rights:create", {}, "get", None, who(200, auditor=403, rights=200)),
    ("rights:create", {}, "post", UNKNOWN_EMPLOYER, who(200, auditor=403, rights=200)),
    ("rights:board", {}, "get", None, who(200, rights=200)),
    ("rights:detail", _request_pk, "get", None, ONE | {"rights": 200}),
    ("rights:file", _file, "get", None, ONE),
    ("rights:action", _reclassify, "post", {"klass": "complex", "reason": ""}, ONE_CHANGE | {"rights": 200}),
    ("rights:aid_list", {}, "get", None, who(200, rights=200)),
    ("rights:aid_create", {}, "get", None, who(200, auditor=403, rights=200)),
    ("rights:aid_detail", _case_pk, "get", None, CASE_ONE | {"rights": 200}),
    ("rights:aid_action", _decide, "post", {"decision": "refuse", "reason": ""},
     CASE_ONE | {"auditor": 403, "rights": 200}),
    ("rights:providers", {}, "get", None, who(200)),
    ("rights:provider_create", {}, "get", None, who(200, union=403, auditor=403)),
    ("rights:my_requests", {}, "get", None, who(200)),
    ("rights:my_request_new", {}, "get", None, who(200)),
    ("rights:my_request", _request_pk, "get", None, who(404)),
    ("rights:ask", {}, "get", None, PUBLIC),
    ("rights:ask", {}, "post", {"worker_name": "王", "phone": "13900001234", "sms_code": ""}, PUBLIC),
    ("rights:ask_status", {}, "get", None, PUBLIC),
]

ID_MAKERS["rq_id"] = lambda c: _request(c).pk
ID_MAKERS["aid_id"] = lambda c: _case(c).pk

API_READ = who(200, anon=401)
API_ONE = who(200, anon=401, county2=404)
API_REFUSED = who(422, anon=401, county2=404, auditor=403)
CASE_REFUSED = who(422, anon=401, county2=404, union=404, auditor=403)
RIGHTS_API = [
    ("get", "/api/v1/requests", None, API_READ),
    ("get", "/api/v1/requests/{rq_id}", None, API_ONE),
    ("post", "/api/v1/requests", {k: v for k, v in UNKNOWN_EMPLOYER.items() if k != "received_on"},
     who(422, anon=401, auditor=403)),
    ("post", "/api/v1/requests/{rq_id}/accept", {"klass": "difficult", "reason": ""}, API_REFUSED),
    ("post", "/api/v1/requests/{rq_id}/reclassify", {"klass": "complex", "reason": ""}, API_REFUSED),
    ("post", "/api/v1/requests/{rq_id}/handle", {"result": "已约谈"}, API_REFUSED),  # not accepted yet
    ("post", "/api/v1/requests/{rq_id}/reply", {"reply": "已处理", "replied_on": "2026-03-02"}, API_REFUSED),
    ("post", "/api/v1/requests/{rq_id}/follow-up", {"satisfaction": "satisfied"}, API_REFUSED),
    ("post", "/api/v1/requests/{rq_id}/close", {"passed": True}, API_REFUSED),  # no 回访 yet
    ("get", "/api/v1/requests-board", None, API_READ),
    ("get", "/api/v1/legal-aid", None, API_READ),
    ("get", "/api/v1/legal-aid/{aid_id}", None, who(200, anon=401, county2=404, union=404)),
    # a non-member on the hardship ground: refused at entry
    ("post", "/api/v1/legal-aid", lambda c: {"union_id": c.county.pk, "applicant_name": "赵某", "facts": "欠薪。",
                                             "basis": "hardship"}, CASE_REFUSED),
    ("post", "/api/v1/legal-aid/{aid_id}/decide", {"grant": False, "reason": ""}, CASE_REFUSED),
    ("post", "/api/v1/legal-aid/{aid_id}/assign", {"provider_id": 0}, CASE_REFUSED),
    ("post", "/api/v1/legal-aid/{aid_id}/serve", {"service": "advice", "note": "咨询"}, CASE_REFUSED),
    ("post", "/api/v1/legal-aid/{aid_id}/close", {"result": "won", "rating": 5}, CASE_REFUSED),
    ("get", "/api/v1/legal-aid-providers", None, API_READ),
]
