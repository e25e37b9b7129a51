"""一户一产业工人 pages and API operations in the access matrix (conventions in test_access_matrix).

The rows belong to 衡阳县总工会 (the county). The organisation department keeps them (city,
county); county2 does not see them (404); the grassroots clerk (`union`) sees the lists but none
of the county's rows and may not add; the auditor reads and changes nothing. Posts carry input
the service refuses (a blank form, a completion date before the enrolment)."""

from ..matrix import who
from .conftest import enrolment, workshop


def _enrolment(c):
    from gonghui.skills.models import Enrolment

    return Enrolment.objects.filter(union=c.county).first() or enrolment(c, by="city")


def _workshop(c):
    from gonghui.skills.models import Workshop

    return Workshop.objects.filter(union=c.county).first() or workshop(c, by="city")


ONE = who(200, county2=404, union=404)
SKILLS_PAGES = [
    ("skills:figures", {}, "get", None, who(200)),
    ("skills:enrolments", {}, "get", None, who(200)),
    ("skills:enrolment_create", {}, "get", None, who(200, union=403, auditor=403)),
    ("skills:enrolment_create", {}, "post", {"household": ""}, who(200, union=403, auditor=403)),
    ("skills:enrolment_detail", lambda c: {"pk": _enrolment(c).pk}, "get", None, ONE),
    ("skills:enrolment_detail", lambda c: {"pk": _enrolment(c).pk}, "post", {"completed_on": "2000-01-01"},
     ONE | {"auditor": 403}),
    ("skills:workshops", {}, "get", None, who(200)),
    ("skills:workshop_create", {}, "get", None, who(200, union=403, auditor=403)),
    ("skills:workshop_detail", lambda c: {"pk": _workshop(c).pk}, "get", None, ONE),
]

API_READ = who(200, anon=401)
SKILLS_API = [
    ("get", "/api/v1/skills/enrolments", None, API_READ),
    ("get", "/api/v1/skills/workshops", None, API_READ),
    ("get", "/api/v1/skills/figures", None, API_READ),
]
