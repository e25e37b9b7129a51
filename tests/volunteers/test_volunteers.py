"""志愿服务 rules: volunteers added all or nothing, activities as events with the events app's
sign-up and check-in, check-out hours kept within the activity's time, star levels by hours from
the rulebook at their boundary, and the year's figures linking to their rows."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from gonghui.events.models import Event
from gonghui.rules.models import RuleValue
from gonghui.volunteers import queries, rules, services
from gonghui.volunteers.models import Shift, Volunteer

from ..recuperation.conftest import member
from .conftest import activity, team

pytestmark = pytest.mark.django_db


def test_a_volunteer_list_with_one_stranger_adds_nobody(city):
    t, _ms = team(city, union=city.county, n=0)
    inside, beside = member(city), member(city, city.grassroots2)
    with pytest.raises(ValidationError) as e:
        services.add_volunteers(t, acting_user=city.users["publicity"], members=[inside, beside])
    assert beside.number in str(e.value) and inside.number not in str(e.value)
    assert not Volunteer.objects.exists()


def test_an_activity_is_an_event_with_check_in_and_the_hours_stay_within_its_time(city):
    t, ms = team(city)
    a = activity(city, t)
    assert Event.objects.get(pk=a.event_id).union == city.root
    for m in ms[:2]:
        services.enlist(a, acting_user=city.users["publicity"], member=m)
        services.check_in(a, acting_user=city.users["publicity"], member=m)
    with pytest.raises(ValidationError) as e:  # signed up? no: cannot check out
        services.check_out(a, acting_user=city.users["publicity"], member=ms[2])
    assert "签到" in str(e.value)
    # checked in after the start (now): two hours until a check-out an hour past the end
    shift = services.check_out(a, acting_user=city.users["publicity"], member=ms[0],
                               at=a.event.ends_at + timedelta(hours=1))
    assert 119 <= shift.minutes <= 120
    with pytest.raises(ValidationError):
        services.check_out(a, acting_user=city.users["publicity"], member=ms[0], at=a.event.ends_at)
    reg_in = shift.checked_in_at
    with pytest.raises(ValidationError) as e:
        services.check_out(a, acting_user=city.users["publicity"], member=ms[1], at=reg_in - timedelta(minutes=5))
    assert Shift.objects.count() == 1


def test_a_non_volunteer_is_not_signed_up(city):
    t, _ms = team(city)
    a = activity(city, t)
    with pytest.raises(ValidationError):
        services.enlist(a, acting_user=city.users["publicity"], member=member(city))


def test_star_levels_come_from_the_rulebook_and_include_their_threshold(city):
    levels, ruling = rules.star_levels()
    assert levels[0] == (1, 100) and "志愿服务记录办法" in ruling.source
    assert rules.stars_for(99.9, levels) == 0 and rules.stars_for(100, levels) == 1
    assert rules.stars_for(1499, levels) == 4 and rules.stars_for(1500, levels) == 5
    rule = RuleValue.objects.filter(rule__name="volunteers.star_hours").first().rule
    RuleValue.objects.create(rule=rule, jurisdiction="43", valid_from="2020-01-01", value="1:50; 2:200",
                             source="湖南省志愿者星级认定（测试值）")
    levels, ruling = rules.star_levels("430400")
    assert rules.stars_for(50, levels) == 1 and "测试值" in ruling.source


def test_the_years_figures_link_to_their_rows(city, login):
    t, ms = team(city)
    a = activity(city, t)
    services.enlist(a, acting_user=city.users["publicity"], member=ms[0])
    services.check_in(a, acting_user=city.users["publicity"], member=ms[0])
    shift = services.check_out(a, acting_user=city.users["publicity"], member=ms[0], at=a.event.ends_at)
    figures, stars, _ruling = queries.year_figures(city.users["publicity"], shift.year)
    by = {code: (value, url) for code, value, url in figures}
    assert by["teams"][0] == 1 and by["volunteers"][0] == 3 and by["people"][0] == 1
    page = login("publicity").get(by["people"][1]).content.decode()
    assert ms[0].name in page.split('data-testid="shift-table"')[1]
    assert figures and len(stars) == 5
