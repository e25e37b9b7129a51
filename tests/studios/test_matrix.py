"""Studio pages and API operations in the access matrix (conventions in test_access_matrix).

The studio belongs to 第一机械's union (the clerk's, under 衡阳县), led by a city 劳模. The
organisation department keeps studios; the clerk adds projects and mentorships but neither
funds nor reviews; county2 does not see them (404); the auditor reads only. Posts carry input
the form or the service refuses, so nothing is written."""

from datetime import date

from ..matrix import ID_MAKERS, who
from .conftest import member, studio


def _studio(c):
    from gonghui.studios.models import Studio

    return Studio.objects.filter(union=c.grassroots).first() or studio(c)


def _mentorship(c):
    from gonghui.studios import services
    from gonghui.studios.models import Mentorship

    s = _studio(c)
    return Mentorship.objects.filter(studio=s).first() or services.start_mentorship(
        acting_user=c.users["city"], union=c.grassroots, studio=s, mentor=s.lead, apprentice=member(c, c.grassroots),
        goals="取得技师证书", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), start_grade="3")


def _pk(make):
    return lambda c: {"pk": make(c).pk}


ONE = who(200, county2=404)
STUDIOS_PAGES = [
    ("studios:list", {}, "get", None, who(200)),
    ("studios:create", {}, "get", None, who(200, union=403, auditor=403)),
    ("studios:detail", _pk(_studio), "get", None, ONE),
    ("studios:action", lambda c: {"pk": _studio(c).pk, "action": "project"}, "post", {"year": ""},
     who(200, county2=404, auditor=403)),
    ("studios:action", lambda c: {"pk": _studio(c).pk, "action": "funding"}, "post", {"year": ""},
     who(200, county2=404, union=403, auditor=403)),
    ("studios:mentorships", {}, "get", None, who(200)),
    ("studios:mentorship_create", {}, "get", None, who(200, auditor=403)),
    ("studios:mentorship", _pk(_mentorship), "get", None, ONE),
    ("studios:mentorship", _pk(_mentorship), "post", {"result_grade": "5"}, who(200, county2=404, auditor=403)),
    ("studios:alliances", {}, "get", None, who(200)),
]

ID_MAKERS["st_studio_id"] = lambda c: _studio(c).pk
ID_MAKERS["st_mentorship_id"] = lambda c: _mentorship(c).pk

STUDIOS_API = [
    ("get", "/api/v1/studios", None, who(200, anon=401)),
    ("get", "/api/v1/studios/{st_studio_id}", None, who(200, anon=401, county2=404)),
    # above the city grade's 50,000 yuan: refused
    ("post", "/api/v1/studios/{st_studio_id}/funding", {"year": 2026, "amount_fen": 5_000_001, "purpose": "设备"},
     who(422, anon=401, county2=404, union=403, auditor=403)),
    ("get", "/api/v1/studios/mentorships", None, who(200, anon=401)),
    # grade 5 is below the apprentice's grade 3 at the start: refused
    ("post", "/api/v1/studios/mentorships/{st_mentorship_id}/complete", {"result_grade": "5"},
     who(422, anon=401, county2=404, auditor=403)),
]
