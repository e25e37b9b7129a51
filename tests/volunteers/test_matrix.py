"""志愿服务 pages and API operations in the access matrix (conventions in test_access_matrix).

Volunteer service belongs to the publicity department (at the city) and to the grassroots
clerk (`union`), whose union runs the team here. The organisation department (city, county,
county2) has no volunteer rights: lists refuse them (403) and the rows are not found (404); the
auditor reads and changes nothing. Posts carry an unknown member number: refused on the form."""

from ..matrix import ID_MAKERS, who

OWNERS = {"union": 200, "auditor": 200, "operator": 200, "publicity": 200}


def _team(c):
    from gonghui.volunteers import services
    from gonghui.volunteers.models import Team

    return Team.objects.filter(union=c.grassroots).first() or services.create_team(
        acting_user=c.users["union"], union=c.grassroots, name="第一机械志愿服务队", area="厂区周边社区")


def _activity(c):
    from datetime import timedelta

    from django.utils import timezone

    from gonghui.volunteers import services
    from gonghui.volunteers.models import Activity

    t = _team(c)
    now = timezone.now()
    return Activity.objects.filter(team=t).first() or services.create_activity(
        t, acting_user=c.users["union"], title="社区清扫", service="卫生清扫", place="社区",
        starts_at=now + timedelta(hours=2), ends_at=now + timedelta(hours=4), capacity=5)


LISTS = who(403, **OWNERS)
ONE = who(404, **OWNERS)
ONE_CHANGE = who(404, **OWNERS) | {"auditor": 403}
VOLUNTEERS_PAGES = [
    ("volunteers:teams", {}, "get", None, LISTS),
    ("volunteers:team_create", {}, "get", None, LISTS | {"auditor": 403}),
    ("volunteers:team_detail", lambda c: {"pk": _team(c).pk}, "get", None, ONE),
    ("volunteers:team_volunteers", lambda c: {"pk": _team(c).pk}, "post", {"numbers": "NO-SUCH"}, ONE_CHANGE),
    # an empty form is shown again with its errors (200), nothing written
    ("volunteers:team_activity", lambda c: {"pk": _team(c).pk}, "post", {}, ONE_CHANGE),
    ("volunteers:volunteers", {}, "get", None, LISTS),
    ("volunteers:activities", {}, "get", None, LISTS),
    ("volunteers:activity_detail", lambda c: {"pk": _activity(c).pk}, "get", None, ONE),
    ("volunteers:activity_action", lambda c: {"pk": _activity(c).pk, "action": "check_out"}, "post",
     {"check_out-number": "NO-SUCH"}, ONE_CHANGE),
    ("volunteers:shifts", {}, "get", None, LISTS),
    ("volunteers:hours", {}, "get", None, LISTS),
    ("volunteers:figures", {}, "get", None, LISTS),
    ("volunteers:my_hours", {}, "get", None, who(200)),
]

ID_MAKERS["vo_activity_id"] = lambda c: _activity(c).pk

API_LISTS = who(403, anon=401, **OWNERS)
VOLUNTEERS_API = [
    ("get", "/api/v1/volunteers/teams", None, API_LISTS),
    ("get", "/api/v1/volunteers/activities", None, API_LISTS),
    ("get", "/api/v1/volunteers/shifts", None, API_LISTS),
    ("post", "/api/v1/volunteers/activities/{vo_activity_id}/check-out", {"member_number": "NO-SUCH"},
     who(404, anon=401, union=422, operator=422, publicity=422, auditor=403)),
    ("get", "/api/v1/volunteers/my-hours", None, who(404, anon=401)),
]
