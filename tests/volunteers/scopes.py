"""志愿服务 rows for tests/test_model_scopes.py: a team of each county with what hangs on it."""

from datetime import timedelta

from django.utils import timezone

from gonghui.events.models import Event, Registration
from gonghui.volunteers import services
from gonghui.volunteers.models import Activity, Shift, Team, Volunteer

from ..recuperation.conftest import member


def _team(c, county):
    found = Team.objects.filter(union=county).first()
    if found:
        return found
    t = services.create_team(acting_user=c.users["publicity"], union=county,
                             name=f"{county.name}志愿服务队")
    union = c.grassroots if county == c.county else c.grassroots2
    services.add_volunteers(t, acting_user=c.users["publicity"], members=[member(c, union)])
    return t


def _activity(c, county):
    t = _team(c, county)
    found = Activity.objects.filter(team=t).first()
    if found:
        return found
    now = timezone.now()
    return services.create_activity(t, acting_user=c.users["publicity"], title="志愿帮扶", service="清扫",
                                    place="社区", starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=3),
                                    capacity=5)


def _shift(c, county):
    a = _activity(c, county)
    m = a.team.volunteers.first().member
    now = timezone.now()
    Event.objects.filter(pk=a.event_id).update(starts_at=now - timedelta(hours=2))
    reg = Registration.objects.create(event=a.event, member=m, state="attended", attended_at=now - timedelta(hours=2))
    return Shift.objects.create(activity=a, member=m, registration=reg, checked_in_at=reg.attended_at,
                                checked_out_at=now, minutes=120, year=now.year, recorded_by=c.users["publicity"])


VOLUNTEERS_SCOPES = {
    Team: (lambda c: _team(c, c.county), lambda c: _team(c, c.county2), "publicity"),
    Volunteer: (lambda c: _team(c, c.county).volunteers.first(), lambda c: _team(c, c.county2).volunteers.first(),
                "publicity"),
    Activity: (lambda c: _activity(c, c.county), lambda c: _activity(c, c.county2), "publicity"),
    Shift: (lambda c: _shift(c, c.county), lambda c: _shift(c, c.county2), "publicity"),
}
