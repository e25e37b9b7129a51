"""Studios: the lead's honour level from the registry, funding within the grade's amount per
jurisdiction (at the boundary), the yearly review's project minimum, alliances and mentorships."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.orgs.models import Union
from gonghui.studios import services
from gonghui.studios.models import Funding, Mentorship, Studio

from ..competitions.conftest import member
from .conftest import holder, studio


def test_a_studio_is_led_by_an_honour_holder_of_city_level_or_above(city):
    plain = member(city, city.grassroots)
    with pytest.raises(ValidationError, match="没有市级及以上荣誉（现有最高：无）"):
        studio(city, lead=plain)
    county = holder(city, city.grassroots, level="county")
    with pytest.raises(ValidationError, match="现有最高：县级"):
        studio(city, lead=county)
    assert not Studio.objects.exists()
    s = studio(city, lead=holder(city, city.grassroots, level="provincial"))
    assert s.lead_honour == "省部级"


def test_city_studio_funding_up_to_the_amount_and_not_a_fen_more(city):
    s = studio(city)
    services.fund_studio(s, acting_user=city.users["city"], year=2026, amount_fen=3_000_000, purpose="设备购置")
    with pytest.raises(ValidationError, match="超过市级工作室的资助额 50,000.00 元"):
        services.fund_studio(s, acting_user=city.users["city"], year=2026, amount_fen=2_000_001, purpose="培训")
    services.fund_studio(s, acting_user=city.users["city"], year=2026, amount_fen=2_000_000, purpose="培训")
    # a new year starts again
    services.fund_studio(s, acting_user=city.users["city"], year=2027, amount_fen=5_000_000, purpose="设备购置")
    assert Funding.objects.filter(studio=s, year=2026).count() == 2


def test_provincial_amount_differs_by_province(city):
    shanxi = Union.objects.add_child(city.root, dict(name="太原测试企业工会", kind="grassroots", region_id="140105"))
    hunan = studio(city, grade="provincial")
    taiyuan = studio(city, union=shanxi, grade="provincial")
    services.fund_studio(hunan, acting_user=city.users["city"], year=2026, amount_fen=7_000_000, purpose="a")
    with pytest.raises(ValidationError, match="7") as e:
        services.fund_studio(hunan, acting_user=city.users["city"], year=2026, amount_fen=1, purpose="b")
    assert "陕西" in str(e.value)
    services.fund_studio(taiyuan, acting_user=city.users["city"], year=2026, amount_fen=8_000_000, purpose="a")
    with pytest.raises(ValidationError, match="山西"):
        services.fund_studio(taiyuan, acting_user=city.users["city"], year=2026, amount_fen=1, purpose="b")


def test_a_studio_without_a_project_that_year_cannot_pass(city):
    s = studio(city)
    with pytest.raises(ValidationError, match="少于每年至少 1 个"):
        services.review_studio(s, acting_user=city.users["city"], year=2026, result="passed")
    services.add_project(s, acting_user=city.users["union"], year=2026, title="数控刀具寿命提升", patents=2,
                         saving_fen=45_000_000, trainees=30)
    services.review_studio(s, acting_user=city.users["city"], year=2026, result="excellent")
    with pytest.raises(ValidationError, match="已考核"):
        services.review_studio(s, acting_user=city.users["city"], year=2026, result="passed")


def test_the_clerk_may_not_fund_or_review(city):
    s = studio(city)
    with pytest.raises(PermissionDenied):
        services.fund_studio(s, acting_user=city.users["union"], year=2026, amount_fen=100, purpose="x")
    with pytest.raises(PermissionDenied):
        studio(city, by="county2")


def test_an_alliance_spans_unions(city):
    a = studio(city)
    b = studio(city, union=city.grassroots_b)
    with pytest.raises(ValidationError, match="至少两个工会"):
        services.create_alliance(acting_user=city.users["city"], union=city.root, name="联盟",
                                 formed_on=date(2026, 3, 1), studios=[a])
    al = services.create_alliance(acting_user=city.users["city"], union=city.root, name="衡阳劳模工匠创新工作室联盟",
                                  formed_on=date(2026, 3, 1), studios=[a, b])
    assert set(al.studios.all()) == {a, b}


def test_mentorship_from_start_to_grade_reached(city):
    s = studio(city)
    mentor, apprentice = s.lead, member(city, city.grassroots)
    with pytest.raises(ValidationError, match="不能是同一人"):
        services.start_mentorship(acting_user=city.users["union"], union=city.grassroots, mentor=mentor,
                                  apprentice=mentor, goals="x", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    ms = services.start_mentorship(acting_user=city.users["union"], union=city.grassroots, mentor=mentor,
                                   apprentice=apprentice, studio=s, goals="一年内取得高级工证书",
                                   starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), start_grade="4")
    with pytest.raises(ValidationError, match="低于结对时"):
        services.complete_mentorship(ms, acting_user=city.users["union"], result_grade="5")
    services.complete_mentorship(ms, acting_user=city.users["union"], result_grade="3")
    ms.refresh_from_db()
    assert (ms.state, ms.result_grade) == (Mentorship.State.COMPLETED, "3")
    with pytest.raises(ValidationError, match="已结束"):
        services.complete_mentorship(ms, acting_user=city.users["union"], result_grade="2")
