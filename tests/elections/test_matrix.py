"""Elections pages and API operations in the access matrix (conventions in test_access_matrix).

The objects hang on 衡阳县第一机械有限公司工会 (g1, under `county`). The organisation department
(city, county, county2) keeps terms and runs elections in its subtree and approves for the
unions below; the grassroots clerk (`union`) runs their own union's elections but approves
nothing; the auditor reads and changes nothing; county2 gets 404 for g1's rows; the rights and
publicity departments have no election rights (403)."""

from datetime import date

from gonghui.elections import services

from ..matrix import ID_MAKERS, who
from .conftest import cast, make_election, open_round, voting


def term_in_county(c):
    return services.record_term(acting_user=c.users["city"], union=c.grassroots, elected_on=date(2021, 8, 1))


def chair_in_county(c):
    return services.appoint(acting_user=c.users["city"], union=c.grassroots, office="chair", name="刘越高",
                            appointment="elected", from_on=date(2024, 1, 1))


def counted(c):
    """An election whose one post is counted: ready to report."""
    e = voting(c)
    cast(c, open_round(e.posts.get()), {"王芳": 9, "张伟": 8, "李娜": 7, "刘洋": 3})
    return e


def open_round_of(c):
    return open_round(voting(c).posts.get())


def counted_round(c):
    return counted(c).posts.get().rounds.get()


NO = {"rights": 403, "publicity": 403}
READ = who(200, **NO)
ADD = who(200, auditor=403, rights=403)
ONE = who(200, county2=404, rights=404)
CHANGE = who(302, county2=404, auditor=403)
ELECTIONS_PAGES = [
    ("elections:terms", {}, "get", None, READ),
    ("elections:term_create", {}, "get", None, ADD),
    ("elections:term_detail", lambda c: {"pk": term_in_county(c).pk}, "get", None, ONE),
    ("elections:term_detail", lambda c: {"pk": term_in_county(c).pk}, "post",
     {"form": "delay", "until": "2027-01-15", "reason": "企业改制"}, CHANGE),
    ("elections:holders", {}, "get", None, READ),
    ("elections:holder_create", {}, "get", None, ADD),
    ("elections:holder_recall", lambda c: {"pk": chair_in_county(c).pk}, "get", None,
     who(200, county2=404, auditor=403, rights=403)),
    ("elections:elections", {}, "get", None, READ),
    ("elections:election_create", {}, "get", None, ADD),
    ("elections:election_detail", lambda c: {"pk": make_election(c).pk}, "get", None, ONE),
    ("elections:election_action", lambda c: {"pk": make_election(c).pk, "action": "submit"}, "post", {}, CHANGE),
    ("elections:round_detail", lambda c: {"pk": open_round_of(c).pk}, "get", None, ONE),
    ("elections:round_detail", lambda c: {"pk": open_round_of(c).pk}, "post",
     {"form": "turnout", "attendance": "9", "issued": "9", "returned": "9"}, CHANGE),
    ("elections:ballot_pdf", lambda c: {"pk": open_round_of(c).pk}, "get", None, ONE),
    ("elections:result_pdf", lambda c: {"pk": counted_round(c).pk}, "get", None, ONE),
]

ID_MAKERS["term_id"] = lambda c: term_in_county(c).pk
ID_MAKERS["holder_id"] = lambda c: chair_in_county(c).pk
ID_MAKERS["election_id"] = lambda c: make_election(c).pk
ID_MAKERS["round_id"] = lambda c: open_round_of(c).pk

API_READ = who(200, anon=401, rights=403)
API_ONE = who(200, anon=401, county2=404, rights=404)
API_ADD = who(201, anon=401, county2=404, auditor=403, rights=403)
API_CHANGE = who(200, anon=401, county2=404, auditor=403)
# decisions of the union above (g1's own clerk is not above it) on a nominating election
API_ABOVE = who(422, anon=401, county2=404, union=403, auditor=403)
ELECTIONS_API = [
    ("get", "/api/v1/terms", None, API_READ),
    ("get", "/api/v1/terms/{term_id}", None, API_ONE),
    ("post", "/api/v1/terms", lambda c: {"union_id": c.grassroots.pk, "elected_on": "2024-05-01"}, API_ADD),
    ("post", "/api/v1/terms/{term_id}/delay", {"until": "2027-01-15", "reason": "企业改制"}, API_CHANGE),
    # nothing was requested: those who may decide are told so (422)
    ("post", "/api/v1/terms/{term_id}/delay/decide", {"approve": True},
     who(422, anon=401, county2=404, union=403, auditor=403)),
    ("get", "/api/v1/office-holders", None, API_READ),
    ("post", "/api/v1/office-holders/{holder_id}/recall", {"votes_for": 46, "all_voters": 90}, API_CHANGE),
    ("get", "/api/v1/elections", None, API_READ),
    ("get", "/api/v1/elections/{election_id}", None, API_ONE),
    ("post", "/api/v1/elections", lambda c: {"union_id": c.grassroots.pk, "title": "换届选举", "held_on": "2026-06-01",
                                             "meeting": "delegates", "delegates": 9}, API_ADD),
    ("post", "/api/v1/elections/{election_id}/seats", {"office": "audit", "seats": 3},
     who(201, anon=401, county2=404, auditor=403)),
    ("post", "/api/v1/elections/{election_id}/candidates", {"office": "committee", "name": "赵六"},
     who(201, anon=401, county2=404, auditor=403)),
    ("post", "/api/v1/elections/{election_id}/submit", None, API_CHANGE),
    # the election is still nominating: those who may act are told it is not at that step (422);
    # test_api walks each step in its state
    ("post", "/api/v1/elections/{election_id}/candidates/decide", {"approve": True}, API_ABOVE),
    ("post", "/api/v1/elections/{election_id}/report", None, who(422, anon=401, county2=404, auditor=403)),
    ("post", "/api/v1/elections/{election_id}/result/decide", {"approve": True}, API_ABOVE),
    ("get", "/api/v1/elections/{election_id}/rounds", None, API_ONE),
    ("get", "/api/v1/rounds/{round_id}", None, API_ONE),
    ("post", "/api/v1/rounds/{round_id}/ballots", {"attendance": 9, "issued": 9, "returned": 9}, API_CHANGE),
    # no turnout recorded yet: those who may enter or count are told so (422)
    ("post", "/api/v1/rounds/{round_id}/tallies", {"invalid": 0, "votes": {}}, who(422, anon=401, county2=404,
                                                                                     auditor=403)),
    ("post", "/api/v1/rounds/{round_id}/result", None, who(422, anon=401, county2=404, auditor=403)),
]
