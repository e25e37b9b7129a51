"""Notice pages and API operations in the access matrix (conventions in test_access_matrix).

Every signed-in person has an inbox and settings, whatever their grants; a notice is reached only
by the person it was sent to (here `county`): to everyone else it is not found."""

from ..matrix import ID_MAKERS, who


def notice_for_county(c):
    """A delivered notice to the county federation's organisation clerk (made once per test)."""
    from gonghui.notices import services
    from gonghui.notices.models import Notice

    found = Notice.objects.filter(user=c.users["county"]).first()
    if found:
        return found
    outbox = services.notify(c.users["county"], kind="transfer_decided", title="转会已同意")
    services.deliver(outbox.pk)
    return Notice.objects.get(outbox=outbox)


def _notice(c):
    return {"pk": notice_for_county(c).pk}


NOT_MINE = who(404, county=200)
NOTICES_PAGES = [
    ("notices:inbox", {}, "get", None, who(200)),
    ("notices:detail", _notice, "get", None, NOT_MINE),
    ("notices:read", _notice, "post", {}, who(404, county=302)),
    ("notices:read_all", {}, "post", {}, who(302)),
    ("notices:preferences", {}, "get", None, who(200)),
    ("notices:preferences", {}, "post", {"transfer_decided": "digest"}, who(302)),
]

ID_MAKERS["notice_id"] = lambda c: notice_for_county(c).pk

NOTICES_API = [
    ("get", "/api/v1/notices", None, who(200, anon=401)),
    ("post", "/api/v1/notices/{notice_id}/read", {}, who(404, anon=401, county=200)),
    ("post", "/api/v1/notices/read-all", {}, who(200, anon=401)),
]
