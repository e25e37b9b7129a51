"""志愿服务 API (`/api/v1/volunteers`): teams, activities and shifts of the user's subtree with the
pages' filters, a volunteer's check-out, and a member's own hours."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.members.models import Member
from gonghui.orgs.api import Page, _filtered

from . import rules
from .filtersets import ActivityFilterSet, ShiftFilterSet, TeamFilterSet
from .models import Activity, Shift, Team

router = Router(tags=["volunteers"])


class TeamOut(Schema):
    id: int
    union_id: int
    name: str
    kind: str
    area: str
    leader: str
    active: bool


class ActivityOut(Schema):
    id: int
    team_id: int
    event_id: int
    title: str
    service: str
    starts_at: datetime
    ends_at: datetime

    @staticmethod
    def resolve_title(obj):
        return obj.event.title

    @staticmethod
    def resolve_starts_at(obj):
        return obj.event.starts_at

    @staticmethod
    def resolve_ends_at(obj):
        return obj.event.ends_at


class ShiftOut(Schema):
    id: int
    activity_id: int
    member_id: int
    checked_in_at: datetime
    checked_out_at: datetime
    minutes: int
    year: int


class CheckOutIn(Schema):
    member_number: str
    at: datetime | None = None


class MyHoursOut(Schema):
    hours: float
    stars: int
    rule: str
    shifts: list[ShiftOut]


@router.get("/volunteers/teams", response=list[TeamOut])
@paginate(Page)
def list_teams(request):
    require(request.user, "volunteers.view_team")
    return _filtered(TeamFilterSet, request, Team.objects.restrict(request.user))


@router.get("/volunteers/activities", response=list[ActivityOut])
@paginate(Page)
def list_activities(request):
    require(request.user, "volunteers.view_activity")
    return _filtered(ActivityFilterSet, request, Activity.objects.restrict(request.user).select_related("event"))


@router.get("/volunteers/shifts", response=list[ShiftOut])
@paginate(Page)
def list_shifts(request):
    require(request.user, "volunteers.view_shift")
    return _filtered(ShiftFilterSet, request, Shift.objects.restrict(request.user))


@router.post("/volunteers/activities/{int:vo_activity_id}/check-out", response={201: ShiftOut})
def check_out(request, vo_activity_id: int, body: CheckOutIn):
    """Close a checked-in volunteer's shift (422 with the reason when they were not checked in)."""
    from django.core.exceptions import ValidationError

    from . import services

    activity = get_object(request.user, Activity.objects.select_related("team__union", "event"), pk=vo_activity_id)
    require(request.user, "volunteers.add_shift", activity.team.union, obj=activity)
    member = Member.objects.restrict(request.user).filter(number=body.member_number).first()
    if member is None:
        raise ValidationError({"member_number": _("No member with this number in your unions.")})
    return Status(201, services.check_out(activity, acting_user=request.user, member=member, at=body.at))


@router.get("/volunteers/my-hours", response=MyHoursOut)
def my_hours(request):
    """A member's own service: every shift, total hours and star level (with the rule's source)."""
    member = Member.objects.of_user(request.user) if getattr(request.user, "kind", None) == "member" else None
    if member is None:
        from django.http import Http404

        raise Http404(_("Not found."))
    shifts = list(Shift.objects.filter(member=member))
    total = sum(s.minutes for s in shifts) / 60
    levels, ruling = rules.star_levels()
    return {"hours": round(total, 1), "stars": rules.stars_for(total, levels),
            "rule": f"{ruling.label}（{ruling.source}）", "shifts": shifts}
