"""Building blocks of the 志愿服务 tests: a team of the city with volunteers (members with phone
logins), an activity (an event) about to start or already running."""

from datetime import timedelta

from django.utils import timezone

from gonghui.events.models import Event
from gonghui.volunteers import services

from ..recuperation.conftest import member


def team(c, union=None, n=3, by="publicity"):
    t = services.create_team(acting_user=c.users[by], union=union or c.root, name="志愿帮扶第一小组", area="小花社区")
    ms = [member(c, login=True, name=f"志愿者{i}") for i in range(n)]
    if ms:
        services.add_volunteers(t, acting_user=c.users[by], members=ms)
    return t, ms


def activity(c, t, *, by="publicity", running=True):
    """An activity of `t`; with `running`, moved so that it began an hour ago and lasts three."""
    now = timezone.now()
    a = services.create_activity(t, acting_user=c.users[by], title="小花社区志愿帮扶", service="卫生清扫",
                                 place="小花社区", starts_at=now + timedelta(hours=1),
                                 ends_at=now + timedelta(hours=4), capacity=10)
    if running:
        Event.objects.filter(pk=a.event_id).update(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2),
                                                   signup_closes_at=now + timedelta(hours=2))
        a.event.refresh_from_db()
    return a
