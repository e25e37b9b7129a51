"""Subsidies pages and API operations in the access matrix (conventions in test_access_matrix).

The organisation department (city, county, county2) does everything in its subtree; the
grassroots clerk (`union`) reads and applies for its own union's positions but inspects,
approves and pays nothing (the union above does); the auditor reads everything and changes
nothing; the rights, publicity and merchant logins hold no subsidies right. A county never
reaches the neighbouring county's plans and applications (404)."""

from ..matrix import ID_MAKERS, who
from .conftest import PNG, city_programme, kind, position, subsidy_in_county

NONE = {"rights": 403, "publicity": 403, "merchant": 403}
HIDDEN = {"rights": 404, "publicity": 404, "merchant": 404}


def _plan(c):
    from gonghui.subsidies import services

    from .conftest import YEAR

    return services.create_plan(acting_user=c.users["city"], union=c.county, kind=kind(), target=18,
                                start_year=YEAR - 2, end_year=YEAR)


def _plan_pk(c):
    return {"pk": _plan(c).pk}


def _programme(c):
    return {"pk": city_programme(c).pk}


def _subsidy(c):
    return {"pk": subsidy_in_county(c).pk}


def _attachment(c):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.subsidies.models import SubsidyAttachment

    s = subsidy_in_county(c)
    a = SubsidyAttachment.from_upload(SimpleUploadedFile("照片.png", PNG), user=c.users["union"], subsidy=s)
    a.save()
    return {"pk": s.pk, "attachment_pk": a.pk}


def _plan_post(c):
    from .conftest import YEAR

    return {"union": c.county.pk, "kind": kind().pk, "target": "18", "start_year": YEAR - 2, "end_year": YEAR}


def _apply_post(c):
    return {"programme": city_programme(c).pk, "position_code": position(c).code, "requested_fen": "2000",
            "statement": "新建职工之家"}


READ = who(200) | NONE
SUBTREE = who(200, county2=404, union=404) | HIDDEN  # a plan of 衡阳县
OWN = who(200, county2=404) | HIDDEN  # an application of the grassroots union under 衡阳县
ORG_FORM = who(200, union=403, auditor=403) | NONE
STEP = who(302, county2=404, union=403, auditor=403) | HIDDEN  # inspect, review, pay: the union above
SUBSIDIES_PAGES = [
    ("subsidies:plans", {}, "get", None, READ),
    ("subsidies:plan_create", {}, "get", None, ORG_FORM),
    # county2 cannot choose 衡阳县: the form comes back with the error
    ("subsidies:plan_create", {}, "post", _plan_post, who(302, county2=200, union=403, auditor=403) | NONE),
    ("subsidies:plan_detail", _plan_pk, "get", None, SUBTREE),
    ("subsidies:plan_positions", _plan_pk, "get", None, SUBTREE),
    ("subsidies:plan_delete", _plan_pk, "post", {}, who(302, county2=404, union=404, auditor=403) | HIDDEN),
    ("subsidies:programmes", {}, "get", None, READ),
    ("subsidies:programme_create", {}, "get", None, ORG_FORM),
    # the city's programme is seen by every union below it; only the city changes it
    ("subsidies:programme_detail", _programme, "get", None, who(200) | HIDDEN),
    ("subsidies:programme_detail", _programme, "post", {"budget_fen": "20000"},
     who(403, city=302, operator=302) | HIDDEN),
    ("subsidies:programme_close", _programme, "post", {}, who(403, city=302, operator=302) | HIDDEN),
    ("subsidies:list", {}, "get", None, READ),
    ("subsidies:create", {}, "get", None, who(200, auditor=403) | NONE),
    # county2 does not find the position of 衡阳县: the form comes back with the error
    ("subsidies:create", {}, "post", _apply_post, who(302, county2=200, auditor=403) | NONE),
    ("subsidies:detail", _subsidy, "get", None, OWN),
    ("subsidies:inspect", _subsidy, "get", None, who(200, county2=404, union=403, auditor=403) | HIDDEN),
    ("subsidies:inspect", _subsidy, "post", {"score": "80"}, STEP),
    # not yet inspected: those who may decide are sent back to the page with the message
    ("subsidies:review", _subsidy, "post", {"approve": "1"}, STEP),
    ("subsidies:review", _subsidy, "post", {"approve": "0", "opinion": "材料不全"}, STEP),
    ("subsidies:pay", _subsidy, "post", {}, STEP),
    ("subsidies:attachment", _attachment, "get", None, OWN),
    ("subsidies:report", {}, "get", None, READ),
]

ID_MAKERS["position_plan_id"] = lambda c: _plan(c).pk
ID_MAKERS["award_subsidy_id"] = lambda c: subsidy_in_county(c).pk


def _new_plan(c):
    from .conftest import YEAR

    return {"union_id": c.county.pk, "kind": kind().code, "target": 18, "start_year": YEAR - 2, "end_year": YEAR}


def _new_subsidy(c):
    return {"programme_id": city_programme(c).pk, "position_id": position(c).pk, "requested_fen": 200_000,
            "statement": "新建职工之家"}


API_READ = who(200, anon=401) | NONE
API_STEP = who(403, anon=401, county2=404) | HIDDEN
SUBSIDIES_API = [
    ("get", "/api/v1/position-plans", None, API_READ),
    ("get", "/api/v1/position-plans/{position_plan_id}", None, who(200, anon=401, county2=404, union=404) | HIDDEN),
    ("post", "/api/v1/position-plans", _new_plan,
     who(201, anon=401, county2=404, union=404, auditor=403) | NONE | {"merchant": 404}),
    ("get", "/api/v1/award-subsidies", None, API_READ),
    ("get", "/api/v1/award-subsidies/{award_subsidy_id}", None, who(200, anon=401, county2=404) | HIDDEN),
    ("post", "/api/v1/award-subsidies", _new_subsidy, who(201, anon=401, county2=404, auditor=403) | HIDDEN),
    ("post", "/api/v1/award-subsidies/{award_subsidy_id}/inspect", {"score": 80},
     API_STEP | {"city": 200, "county": 200, "operator": 200}),
    # not yet inspected: refused as bad input to those who may decide
    ("post", "/api/v1/award-subsidies/{award_subsidy_id}/review", {"approve": True},
     API_STEP | {"city": 422, "county": 422, "operator": 422}),
    ("post", "/api/v1/award-subsidies/{award_subsidy_id}/pay", {"paid_on": "2026-01-05", "voucher_no": "记-001"},
     API_STEP | {"city": 422, "county": 422, "operator": 422}),
]
