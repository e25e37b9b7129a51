"""Congress pages and API operations in the access matrix (conventions in test_access_matrix).

The objects are a members' meeting of the 衡阳县 grassroots union (衡阳县第一机械有限公司工会)
with a session, a motion and a paper. The organisation department (city, county) and the
operator run congresses in their subtree; the grassroots clerk (`union`) runs their own
union's; 衡南县 (county2) does not find them; the auditor reads and changes nothing. Staff have
no member record: the member's page tells them so and the API's /mine is not found."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.congress import services
from gonghui.congress.models import Congress, Document

from ..matrix import ID_MAKERS, who
from .conftest import member, members

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def meeting_in_county(c):
    found = Congress.objects.filter(union=c.grassroots).first()
    if found is None:
        members(c, 3, c.grassroots)
        found = services.create_congress(acting_user=c.users["city"], union=c.grassroots,
                                         kind=Congress.Kind.MEMBERS, title="会员大会", opens_on=timezone.localdate())
    return found


def session_in_county(c):
    congress = meeting_in_county(c)
    return congress.sessions.first() or services.create_session(
        congress, acting_user=c.users["city"], title="第一次全体会议", starts_at=timezone.now(), place="职工之家",
        agenda=["工作报告"])


def motion_in_county(c):
    s = session_in_county(c)
    return s.motions.first() or services.add_motion(s, acting_user=c.users["city"], title="关于工作报告的决议")


def paper_in_county(c):
    s = session_in_county(c)
    return Document.objects.filter(session=s).first() or services.add_document(
        s, acting_user=c.users["city"], kind="work", title="工作报告",
        upload=SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf"))


def delegate_in_county(c):
    return services.live_delegates(meeting_in_county(c)).order_by("pk").first()


def _pk(make):
    return lambda c: {"pk": make(c).pk}


def _file(c):
    doc = paper_in_county(c)
    return {"pk": doc.pk, "file_pk": doc.files.get().pk}


def _checkin_delegate(c):
    return {"pk": session_in_county(c).pk, "delegate_pk": delegate_in_county(c).pk}


HIDDEN = {"county2": 404}
ONE = who(200, **HIDDEN)
CHANGE = who(302, auditor=403, **HIDDEN)
FORM = who(200, auditor=403, **HIDDEN)
CONGRESS_PAGES = [
    ("congress:list", {}, "get", None, who(200)),
    ("congress:create", {}, "get", None, who(200, auditor=403)),
    ("congress:detail", _pk(meeting_in_county), "get", None, ONE),
    ("congress:delegate_add", _pk(meeting_in_county), "get", None, FORM),
    ("congress:session_create", _pk(meeting_in_county), "get", None, FORM),
    ("congress:delegates", {}, "get", None, who(200)),
    ("congress:delegate_replace", _pk(delegate_in_county), "get", None, FORM),
    ("congress:session", _pk(session_in_county), "get", None, ONE),
    ("congress:attendance", _pk(session_in_county), "get", None, ONE),
    ("congress:checkin", _pk(session_in_county), "post", {"code": "not-a-card"}, FORM),  # the form says so
    ("congress:checkin_delegate", _checkin_delegate, "post", {}, CHANGE),
    ("congress:agenda_add", _pk(session_in_county), "post", {"title": "审议经审报告"}, CHANGE),
    ("congress:document_add", _pk(session_in_county), "post", {}, CHANGE),
    ("congress:motion_add", _pk(session_in_county), "post", {"title": "关于预算的决议"}, CHANGE),
    ("congress:motion_vote", _pk(motion_in_county), "post", {"votes_for": 0, "votes_against": 0, "abstentions": 0},
     CHANGE),
    ("congress:session_close", _pk(session_in_county), "post", {}, CHANGE),
    ("congress:minutes", _pk(session_in_county), "get", None, ONE),
    ("congress:document_file", _file, "get", None, ONE),
    ("congress:my", {}, "get", None, who(200)),
]

ID_MAKERS["cg_congress_id"] = lambda c: meeting_in_county(c).pk
ID_MAKERS["cg_delegate_id"] = lambda c: delegate_in_county(c).pk
ID_MAKERS["cg_session_id"] = lambda c: session_in_county(c).pk
ID_MAKERS["cg_motion_id"] = lambda c: motion_in_county(c).pk


def _new_congress(c):
    members(c, 2, c.grassroots_b)
    return {"union_id": c.grassroots_b.pk, "kind": "members", "title": "会员大会",
            "opens_on": timezone.localdate().isoformat()}


def _new_delegate(c):
    return {"unit_id": meeting_in_county(c).units.get().pk, "member_id": member(c).pk}


def _replacement(c):
    return {"member_id": member(c).pk, "reason": "调离本单位"}


def _new_session(c):
    return {"title": "第二次全体会议", "starts_at": timezone.now().isoformat(), "place": "职工之家",
            "agenda": ["表决"]}


API_ONE = who(200, anon=401, **HIDDEN)
API_CHANGE = who(201, anon=401, auditor=403, **HIDDEN)
API_REFUSED = who(422, anon=401, auditor=403, **HIDDEN)  # in scope, but the rules refuse the input
CONGRESS_API = [
    ("get", "/api/v1/congresses", None, who(200, anon=401)),
    # the clerk of another grassroots union does not find 湘江物流's union
    ("post", "/api/v1/congresses", _new_congress, API_CHANGE | {"union": 404}),
    ("get", "/api/v1/congresses/mine", None, who(404, anon=401)),
    ("get", "/api/v1/congresses/{cg_congress_id}", None, API_ONE),
    ("get", "/api/v1/congresses/{cg_congress_id}/delegates", None, API_ONE),
    # a members' meeting seats every member already: the unit has no seat left
    ("post", "/api/v1/congresses/{cg_congress_id}/delegates", _new_delegate, API_REFUSED),
    ("post", "/api/v1/congresses/delegates/{cg_delegate_id}/replace", _replacement, API_CHANGE),
    ("post", "/api/v1/congresses/{cg_congress_id}/sessions", _new_session, API_CHANGE),
    ("get", "/api/v1/congresses/sessions/{cg_session_id}", None, API_ONE),
    ("post", "/api/v1/congresses/sessions/{cg_session_id}/checkin", {"code": "not-a-card"}, API_REFUSED),
    ("post", "/api/v1/congresses/sessions/{cg_session_id}/motions", {"title": "关于预算的决议"}, API_CHANGE),
    # nobody has checked in: below the quorum
    ("post", "/api/v1/congresses/motions/{cg_motion_id}/vote", {"votes_for": 0, "votes_against": 0,
                                                                "abstentions": 0}, API_REFUSED),
]
