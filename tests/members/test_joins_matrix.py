"""Join application pages and API operations in the access matrix (conventions in test_access_matrix)."""

from ..matrix import who
from .test_matrix import _rid

PUBLIC = who(200, anon=200)  # the worker's pages need no sign-in


def pending_join(c):
    """An application to the grassroots union under 衡阳县, waiting for review (made once per test)."""
    from gonghui.members import joins
    from gonghui.members.models import JoinApplication

    found = JoinApplication.objects.filter(union=c.grassroots, state="pending").first()
    return found or joins.apply(union=c.grassroots, name="赵骑手", id_number=_rid("43042119950302123"),
                                phone="13912345678", employer_name="美团", is_gig_worker=True)


def _here(c):
    return {"pk": pending_join(c).pk}


JOIN_PAGES = [
    ("members:join_apply", {}, "get", None, PUBLIC),
    ("members:join_status", {}, "get", None, PUBLIC),
    ("members:join_unions", {}, "get", None, PUBLIC),
    # a bad number gets no code and goes back to the page, for everyone
    ("members:join_code", {}, "post", {"phone": "0734"}, who(302, anon=302)),
    # only the browser that proved the applicant's phone withdraws; to everyone else it does not exist
    ("members:join_withdraw", _here, "post", {}, who(404, anon=404)),
    ("members:join_list", {}, "get", None, who(200)),
    ("members:join_detail", _here, "get", None, who(200, county2=404)),
    # the add-member right on the chosen union decides: county2 does not see it, the auditor only reads
    ("members:join_decide", _here, "post", {"accept": "1"}, who(302, county2=404, auditor=403)),
    ("members:join_decide", _here, "post", {"accept": "0", "reason": "材料不全"}, who(302, county2=404, auditor=403)),
    # bulk: after confirming, back to the list with a summary; a row not in the subtree is not picked
    ("members:join_bulk", {}, "post", {"action": "accept", "confirmed": "1", "pick": "0"}, who(302, auditor=403)),
]

JOIN_API = [
    ("get", "/api/v1/join-applications", None, who(200, anon=401)),
    ("get", "/api/v1/join-applications/{application_id}", None, who(200, anon=401, county2=404)),
    ("post", "/api/v1/join-applications/{application_id}/accept", None,
     who(200, anon=401, county2=404, auditor=403)),
    ("post", "/api/v1/join-applications/{application_id}/reject", {"reason": "材料不全"},
     who(200, anon=401, county2=404, auditor=403)),
]
