"""Clean-up pages and API operations in the access matrix (conventions in test_access_matrix).

Everyone with a roster reads the suspects and the report of their own subtree; acting needs
the change right on every chosen member: county2 cannot see 衡阳县's member (404), the
auditor sees it but changes nothing (403)."""

from ..matrix import who
from .test_matrix import member_in_county


def _remove(c):
    return {"action": "remove", "kind": "inactive", "member": [member_in_county(c).pk], "reason": "查无此人"}


def _remove_api(c):
    return {"action": "remove", "kind": "inactive", "member_ids": [member_in_county(c).pk], "reason": "查无此人"}


CLEANUP_PAGES = [
    ("members:cleanup", {}, "get", None, who(200)),
    ("members:cleanup_report", {}, "get", None, who(200)),
    ("members:cleanup_act", {}, "post", _remove, who(302, county2=404, auditor=403)),
]

CLEANUP_API = [
    ("get", "/api/v1/member-cleanup/suspects", None, who(200, anon=401)),
    ("post", "/api/v1/member-cleanup/actions", _remove_api, who(200, anon=401, county2=404, auditor=403)),
]
