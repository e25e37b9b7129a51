"""Every write of 志愿服务: the permission check, the audit record, and nothing written when the
input is refused. Activities are events of `gonghui.events`: the sign-up and the check-in are
that app's; the check-out and the hours are here."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import require
from gonghui.events import services as events
from gonghui.events.models import Registration
from gonghui.members.models import IN_GOOD_STANDING

from .models import Activity, Shift, Team, Volunteer


def _text(value, field, label, max_length, required=True):
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Give the %(label)s.") % {"label": label}})
    if len(value) > max_length:
        raise ValidationError({field: _("The %(label)s is longer than %(n)d characters.") % {
            "label": label, "n": max_length}})
    return value


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M")


@transaction.atomic
def create_team(*, acting_user, union, name, kind=Team.Kind.COMMUNITY, area="", leader=""):
    require(acting_user, "volunteers.add_team", union, obj=union)
    if kind not in Team.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of team.")})
    team = Team.objects.create(union=union, name=_text(name, "name", _("name"), 120), kind=kind,
                               area=_text(area, "area", _("where it serves"), 120, required=False),
                               leader=_text(leader, "leader", _("team leader"), 60, required=False),
                               created_by=acting_user)
    audit.record("create", actor=acting_user, obj=team, union=union)
    return team


@transaction.atomic
def add_volunteers(team, *, acting_user, members, joined_on=None):
    """Members of the team's subtree, in good standing, not yet in the team; one refused member
    refuses the list, each named."""
    require(acting_user, "volunteers.add_volunteer", team.union, obj=team)
    members = list(dict.fromkeys(members))
    if not members:
        raise ValidationError({"numbers": _("Give at least one member number.")})
    have = set(Volunteer.objects.filter(team=team, member__in=members).values_list("member_id", flat=True))
    problems = []
    for m in members:
        why = None
        if m.pk in have:
            why = _("already in this team")
        elif not m.union_path.startswith(team.union.path):
            why = _("not a member of %(union)s or a union below it") % {"union": team.union.name}
        elif m.status not in IN_GOOD_STANDING:
            why = _("not a member in good standing")
        if why:
            problems.append(_("%(name)s (%(number)s): %(why)s") % {"name": m.name, "number": m.number, "why": why})
    if problems:
        raise ValidationError({"numbers": problems})
    Volunteer.objects.bulk_create([Volunteer(team=team, member=m, joined_on=joined_on or timezone.localdate())
                                   for m in members])
    audit.record("update", actor=acting_user, obj=team, union=team.union,
                 changes={"volunteers": [None, [m.number for m in members]]})
    return len(members)


@transaction.atomic
def create_activity(team, *, acting_user, title, service, place, starts_at, ends_at, capacity, description=""):
    """An activity of the team: an event of the team's union (members sign up and are checked in
    through the events app), open for sign-up from now until it starts."""
    require(acting_user, "volunteers.add_activity", team.union, obj=team)
    service = _text(service, "service", _("service given"), 120)
    now = timezone.now()
    if not isinstance(starts_at, datetime.datetime) or starts_at <= now:
        raise ValidationError({"starts_at": _("An activity is planned before it starts: give a time to come.")})
    event = events.create_event(acting_user=acting_user, union=team.union, title=title, place=place,
                                starts_at=starts_at, ends_at=ends_at, signup_opens_at=now,
                                signup_closes_at=starts_at, capacity=capacity, description=description)
    activity = Activity.objects.create(team=team, event=event, service=service)
    audit.record("create", actor=acting_user, obj=activity, union=team.union)
    return activity


def _volunteer(activity, member):
    if not Volunteer.objects.filter(team=activity.team, member=member, active=True).exists():
        raise ValidationError({"number": _("%(name)s is not a volunteer of %(team)s.") % {
            "name": member.name, "team": activity.team.name}})


@transaction.atomic
def enlist(activity, *, acting_user, member):
    """The team signs a volunteer up for the activity (the events app's sign-up and seats)."""
    require(acting_user, "volunteers.change_activity", activity.team.union, obj=activity)
    _volunteer(activity, member)
    return events.sign_up(activity.event, member=member, acting_user=acting_user)


@transaction.atomic
def check_in(activity, *, acting_user, member):
    """Check a volunteer in at the activity: the events app's check-in, with the member's code."""
    require(acting_user, "volunteers.change_activity", activity.team.union, obj=activity)
    reg = (Registration.objects.filter(event=activity.event, member=member)
           .exclude(state=Registration.State.CANCELLED).first())
    if reg is None:
        raise ValidationError({"number": _("%(name)s has not signed up for this activity.") % {"name": member.name}})
    return events.check_in(activity.event, code=events.checkin_code(reg), acting_user=acting_user)


@transaction.atomic
def check_out(activity, *, acting_user, member, at=None):
    """Close a volunteer's shift: the minutes from check-in (not before the activity starts) to
    check-out (not after it ends) are their service. Once per volunteer and activity."""
    require(acting_user, "volunteers.add_shift", activity.team.union, obj=activity)
    at = at or timezone.now()
    event = activity.event
    reg = (Registration.objects.select_for_update().filter(event=event, member=member,
                                                          state=Registration.State.ATTENDED).first())
    if reg is None:
        raise ValidationError({"number": _("%(name)s was not checked in at this activity.") % {"name": member.name}})
    if Shift.objects.filter(registration=reg).exists():
        raise ValidationError({"number": _("%(name)s has already checked out.") % {"name": member.name}})
    if at <= reg.attended_at:
        raise ValidationError({"at": _("Check-out (%(out)s) must be after check-in (%(in)s).") % {
            "out": _local(at), "in": _local(reg.attended_at)}})
    start, end = max(reg.attended_at, event.starts_at), min(at, event.ends_at)
    minutes = max(0, int((end - start).total_seconds() // 60))
    shift = Shift.objects.create(activity=activity, member=member, registration=reg, checked_in_at=reg.attended_at,
                                 checked_out_at=at, minutes=minutes, year=timezone.localtime(start).year,
                                 recorded_by=acting_user)
    audit.record("create", actor=acting_user, obj=shift, union=activity.team.union,
                 changes={"minutes": [None, minutes]})
    return shift
