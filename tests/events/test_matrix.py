"""Events and course pages and API operations in the access matrix (conventions in
test_access_matrix).

Objects live under 衡阳县 (the county federation organises them). The publicity department
(whole city) and the operator manage everything; the grassroots clerk (`union`) manages their
own union's events only, so the county's are not found for them; the auditor reads and
changes nothing; the organisation department (city, county, county2) holds no events rights
at all. Staff have no member record: the member's pages tell them so, and member actions are
not found."""

from datetime import timedelta

from django.utils import timezone

from ..matrix import ID_MAKERS, who
from .conftest import booking_in_county, event_in_county, member, session, topic

NONE = {"city": 403, "county": 403, "county2": 403}  # the organisation department
HIDDEN = {"city": 404, "county": 404, "county2": 404, "union": 404}  # no view right on the county's rows


def _event(c):
    return {"pk": event_in_county(c).pk}


def _registration(c):
    from gonghui.events import services

    m = member(c)
    return {"pk": services.sign_up(event_in_county(c), member=m, acting_user=m.user).pk}


def _course(c):
    return {"pk": session(c).course_id}


def _booking(c):
    return {"pk": booking_in_county(c).pk}


def _topic(c):
    return {"pk": topic(c).pk}


def _session(c):
    return {"pk": session(c).pk}


def _when(days):
    return timezone.localtime(timezone.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _event_post(c):
    return {"union": c.grassroots.pk, "title": "读书分享会", "place": "职工书屋", "capacity": 20,
            "starts_at": _when(5), "ends_at": _when(5.1), "signup_opens_at": _when(0), "signup_closes_at": _when(4)}


def _session_post(c):
    return {"starts_at": _when(6), "ends_at": _when(6.1), "place": "职工服务中心", "seats": 30}


READ = who(200, **NONE) | {"publicity": 200}
ONE = who(200, **HIDDEN) | {"publicity": 200}
MANAGE = who(403, operator=200, publicity=200)
MINE = who(200, publicity=200)  # staff see that they have no member record
NOT_A_MEMBER = who(404, publicity=404)
EVENTS_PAGES = [
    ("events:list", {}, "get", None, READ),
    ("events:create", {}, "get", None, MANAGE | {"union": 200}),
    # the clerk creates for their own union; the auditor and the organisation department are refused
    ("events:create", {}, "post", _event_post, who(403, union=302, operator=302, publicity=302)),
    ("events:detail", _event, "get", None, ONE),
    ("events:checkin", _event, "get", None, ONE | {"auditor": 403}),
    ("events:checkin", _event, "post", {"code": "1-2-ABC"}, ONE | {"auditor": 403}),  # a wrong code: the form says so
    ("events:cancel", _event, "post", {"reason": "天气原因"}, who(302, **HIDDEN) | {"auditor": 403, "publicity": 302}),
    ("events:registrations", {}, "get", None, READ),
    ("events:registration_cancel", _registration, "post", {},
     who(302, **HIDDEN) | {"auditor": 403, "publicity": 302}),
    ("events:topics", {}, "get", None, READ),
    ("events:topic_create", {}, "get", None, MANAGE),
    ("events:courses", {}, "get", None, READ),
    ("events:course_create", {}, "get", None, MANAGE),
    ("events:course_detail", _course, "get", None, ONE),
    ("events:course_detail", _course, "post", _session_post, who(302, **HIDDEN) | {"auditor": 403,
                                                                                   "publicity": 302}),
    ("events:bookings", {}, "get", None, READ),
    ("events:booking_attend", _booking, "post", {}, who(302, **HIDDEN) | {"auditor": 403, "publicity": 302}),
    ("events:my_events", {}, "get", None, MINE),
    ("events:my_event", _event, "get", None, MINE),
    ("events:my_signup", _event, "post", {}, NOT_A_MEMBER),
    ("events:my_cancel", _event, "post", {}, NOT_A_MEMBER),
    ("events:my_topics", {}, "get", None, MINE),
    ("events:my_vote", _topic, "post", {}, NOT_A_MEMBER),
    ("events:my_courses", {}, "get", None, MINE),
    ("events:my_book", _session, "post", {}, NOT_A_MEMBER),
    ("events:my_booking_cancel", _booking, "post", {}, NOT_A_MEMBER),
]

ID_MAKERS["ev_event_id"] = lambda c: event_in_county(c).pk
ID_MAKERS["ev_topic_id"] = lambda c: topic(c).pk
ID_MAKERS["ev_session_id"] = lambda c: session(c).pk


def _new_event(c):
    return {"union_id": c.county.pk, "title": "职工健步走", "place": "体育中心", "capacity": 100,
            "starts_at": (timezone.now() + timedelta(days=5)).isoformat(),
            "ends_at": (timezone.now() + timedelta(days=5, hours=3)).isoformat(),
            "signup_opens_at": timezone.now().isoformat(),
            "signup_closes_at": (timezone.now() + timedelta(days=4)).isoformat()}


def _new_topic(c):
    return {"union_id": c.root.pk, "title": "短视频拍摄"}


API_READ = who(200, anon=401, publicity=200, **NONE)
API_ONE = who(200, anon=401, city=404, county=404, county2=404, union=404, publicity=200)
API_NOT_A_MEMBER = who(404, anon=401, publicity=404)
EVENTS_API = [
    ("get", "/api/v1/events", None, API_READ),
    ("get", "/api/v1/events/{ev_event_id}", None, API_ONE),
    # the organisation department sees the county (403: no events rights); the clerk and county2 do not (404)
    ("post", "/api/v1/events", _new_event,
     who(403, anon=401, county2=404, union=404, operator=201, publicity=201)),
    ("post", "/api/v1/events/{ev_event_id}/register", None, API_NOT_A_MEMBER),
    ("post", "/api/v1/events/{ev_event_id}/cancel", None, API_NOT_A_MEMBER),
    ("post", "/api/v1/events/{ev_event_id}/checkin", {"code": "1-2-ABC"},
     API_ONE | {"auditor": 403, "operator": 422, "publicity": 422}),
    ("get", "/api/v1/courses/topics", None, API_READ),
    ("post", "/api/v1/courses/topics", _new_topic,
     who(403, anon=401, county=404, county2=404, union=404, operator=201, publicity=201)),
    ("post", "/api/v1/courses/topics/{ev_topic_id}/vote", None, API_NOT_A_MEMBER),
    ("get", "/api/v1/courses", None, API_READ),
    ("post", "/api/v1/courses/sessions/{ev_session_id}/book", None, API_NOT_A_MEMBER),
]
