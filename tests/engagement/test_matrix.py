"""Quiz and reading pages and API operations in the access matrix (conventions in test_access_matrix).

The organisation department (city, county, county2) holds no engagement rights: lists refused
(403), objects not found (404). The publicity department (whole city) and the operator manage;
the grassroots clerk (`union`) and the auditor read. The member pages answer staff with "no
member record" (200) and find no attempt of theirs (404); a member's own flows are in
test_engagement_pages."""

from ..matrix import ID_MAKERS, who
from .conftest import bank, member, plan, quiz

NONE = {"city": 403, "county": 403, "county2": 403}  # the organisation department
GONE = {"city": 404, "county": 404, "county2": 404}
READ = who(200, **NONE, publicity=200)
ONE = who(200, **GONE, publicity=200)
FORM = who(403, operator=200, publicity=200)


def _quiz(c):
    """The 衡阳县 federation's quiz (seen by the unions below it)."""
    from gonghui.engagement.models import Quiz

    found = Quiz.objects.filter(union=c.county).first()
    return found or quiz(c, union=c.county)


def _attempt(c):
    from gonghui.engagement import services

    q = _quiz(c)
    m = member(c)
    return services.start_attempt(acting_user=m.user, quiz=q)


def _plan(c):
    from gonghui.engagement.models import ReadingPlan

    return ReadingPlan.objects.filter(union=c.county).first() or plan(c, union=c.county)


def _quiz_post(c):
    bank(c)
    return {"union": c.county.pk, "month": "2026-02", "count": 2, "time_limit_seconds": 300, "tries_allowed": 3}


ENGAGEMENT_PAGES = [
    ("engagement:questions", {}, "get", None, READ),
    ("engagement:question_create", {}, "get", None, FORM),
    ("engagement:question_import", {}, "get", None, FORM),
    ("engagement:quizzes", {}, "get", None, READ),
    ("engagement:quiz_create", {}, "get", None, FORM),
    ("engagement:quiz_create", {}, "post", _quiz_post, who(403, operator=302, publicity=302)),
    ("engagement:quiz_detail", lambda c: {"pk": _quiz(c).pk}, "get", None, ONE),
    ("engagement:attempts", {}, "get", None, READ),
    ("engagement:books", {}, "get", None, READ),
    ("engagement:book_create", {}, "get", None, FORM),
    ("engagement:plans", {}, "get", None, READ),
    ("engagement:plan_create", {}, "get", None, FORM),
    ("engagement:plan_detail", lambda c: {"pk": _plan(c).pk}, "get", None, ONE),
    ("engagement:checkins", {}, "get", None, READ),
    # the member's pages: staff have no member record
    ("engagement:my_quiz", {}, "get", None, who(200, publicity=200)),
    ("engagement:quiz_start", lambda c: {"pk": _quiz(c).pk}, "post", {}, who(404, publicity=404)),
    ("engagement:quiz_board", lambda c: {"pk": _quiz(c).pk}, "get", None, ONE),
    ("engagement:quiz_take", lambda c: {"pk": _attempt(c).pk}, "get", None, who(404, publicity=404)),
    ("engagement:quiz_result", lambda c: {"pk": _attempt(c).pk}, "get", None, who(404, publicity=404)),
    ("engagement:my_reading", {}, "get", None, who(200, publicity=200)),
    ("engagement:reading_board", lambda c: {"pk": _plan(c).pk}, "get", None, ONE),
]

ID_MAKERS["quiz_id"] = lambda c: _quiz(c).pk
ID_MAKERS["attempt_id"] = lambda c: _attempt(c).pk
ID_MAKERS["plan_id"] = lambda c: _plan(c).pk


def _new_quiz(c):
    questions = bank(c)
    return {"union_id": c.county.pk, "month": "2026-02-01", "question_ids": [q.pk for q in questions[:2]]}


API_READ = who(200, anon=401, **NONE, publicity=200)
API_ONE = who(200, anon=401, **GONE, publicity=200)
NOT_A_MEMBER = who(422, anon=401, publicity=422)  # staff accounts take no quizzes and read no books
ENGAGEMENT_API = [
    ("get", "/api/v1/quizzes", None, API_READ),
    ("get", "/api/v1/quizzes/questions", None, API_READ),
    ("get", "/api/v1/quizzes/{quiz_id}", None, API_ONE),
    ("post", "/api/v1/quizzes", _new_quiz,
     who(403, anon=401, county2=404, union=404, operator=201, publicity=201)),
    ("post", "/api/v1/quizzes/{quiz_id}/attempts", None, who(422, anon=401, **GONE, publicity=422)),
    ("post", "/api/v1/quizzes/{quiz_id}/attempts/{attempt_id}/submit", {"answers": {}},
     who(404, anon=401, publicity=404)),
    ("get", "/api/v1/quizzes/{quiz_id}/attempts/{attempt_id}", None, who(404, anon=401, publicity=404)),
    ("get", "/api/v1/quizzes/{quiz_id}/leaderboard", None, API_ONE),
    ("get", "/api/v1/checkins/plans", None, API_READ),
    ("get", "/api/v1/checkins/plans/{plan_id}/rankings", None, API_ONE),
    ("get", "/api/v1/checkins", None, NOT_A_MEMBER),
    ("post", "/api/v1/checkins", lambda c: {"plan_id": _plan(c).pk, "note": "读书"}, NOT_A_MEMBER),
]
