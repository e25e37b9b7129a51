"""The 志愿服务 demo step: the seven community groups and the 红马甲, a year of activities with
checked-out hours (some volunteers reach a star level), and a coming activity open for sign-up."""


from django.utils import timezone

from gonghui.recuperation.models import Offer
from gonghui.volunteers import queries
from gonghui.volunteers.models import Activity, Shift, Team


def test_the_demo_teams_have_activities_hours_and_stars(demo):
    assert Team.objects.filter(kind="community").count() == 7 and Team.objects.filter(kind="transport").exists()
    assert Activity.objects.filter(event__starts_at__gt=timezone.now()).count() == 1
    for s in Shift.objects.select_related("activity__event")[:200]:
        assert s.activity.event.starts_at <= s.checked_out_at <= s.activity.event.ends_at
        assert s.registration.state == "attended"
    rows = queries.hours_by_member(Shift.objects.filter(year=timezone.localdate().year))
    assert any(r["stars"] >= 1 for r in rows)
    # the recuperation step of the same demo: offers in every state
    assert set(Offer.objects.values_list("state", flat=True)) == set(Offer.State.values)
