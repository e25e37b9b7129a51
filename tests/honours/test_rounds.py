"""Selection rounds (评选): the mix rules at their boundaries per jurisdiction, the re-nomination
window, quotas, review at each level by someone else, clearances for heads of enterprises, 公示
by working days with objections (and none after it closed), award into the registry."""

from datetime import timedelta
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.honours import rules, services
from gonghui.honours.models import Honour, Nomination, Objection, SelectionRound
from gonghui.orgs.models import Union
from gonghui.rules import days

from ..factories import colleague
from .conftest import a_round, approve_all, honour, member, nominate

pytestmark = pytest.mark.django_db


def _batch(c, r, people):
    """`people` as (flags) dicts: nominated by 衡阳县 and approved at both levels."""
    out = [nominate(c, r, **flags) for flags in people]
    approve_all(c, out)
    return out


def _clear(c, n):
    agencies, _ruling = rules.clearance_agencies(n.round.region_code)
    for code, _name in agencies:
        services.record_clearance(n, acting_user=c.users["city"], agency=code, result="cleared",
                                  given_on=timezone.localdate())


# --- mix rules at their boundaries -------------------------------------------------------------------

@pytest.mark.parametrize(("heads", "total", "ok"), [(1, 5, True), (2, 10, True), (2, 9, False), (3, 10, False)])
def test_enterprise_heads_at_most_a_fifth_nationally(city, heads, total, ok):
    """2015 national round: 企业负责人 ≤20% of the enterprise nominees — exactly 20% passes."""
    r = a_round(city, mix=["enterprise_head_max"])
    flags = [{"is_enterprise_head": i < heads, "is_frontline": i >= heads} for i in range(total)]
    batch = [nominate(city, r, **f) for f in flags]
    for n in batch:
        if n.is_enterprise_head:
            _clear(city, n)
    approve_all(city, batch)
    if ok:
        services.start_publicity(r, acting_user=city.users["city"])
        assert SelectionRound.objects.get(pk=r.pk).state == "publicity"
    else:
        with pytest.raises(ValidationError) as err:
            services.start_publicity(r, acting_user=city.users["city"])
        assert f"{heads}/{total}" not in err.value.messages[0]  # the message gives part and whole in words
        assert f"{heads}" in err.value.messages[0] and f"{total}" in err.value.messages[0]
        assert "20%" in err.value.messages[0] and "全总" in err.value.messages[0]
        assert SelectionRound.objects.get(pk=r.pk).state == "nominating"
        assert not Nomination.objects.filter(state="publicity").exists()


def _jiangxi_round(c):
    jx = Union.objects.add_root(dict(name="南昌市总工会", kind="federation", region_id="360100"))
    county = Union.objects.add_child(jx, dict(name="东湖区总工会", kind="federation", region_id="360102"))
    from ..factories import user

    c.users["jx"] = user("jx", "organisation", jx)
    c.users["jx2"] = user("jx2", "organisation", jx)
    r = a_round(c, union=jx, by="jx", quotas=[(county, 60)], mix=["enterprise_head_max"])
    return r, county


@pytest.mark.parametrize(("heads", "total", "ok"), [(11, 50, True), (12, 50, False)])
def test_enterprise_heads_cap_is_22_percent_in_jiangxi(city, heads, total, ok):
    """江西 2010: 负责人 ≤22% — 11 of 50 (22%) passes, 12 of 50 does not; the national 20% would refuse 11."""
    r, county = _jiangxi_round(city)
    assert r.mix_rules == [{"code": "enterprise_head_max", "share": "11/50", "source": r.mix_rules[0]["source"]}]
    assert "江西" in r.mix_rules[0]["source"]
    assert not rules.MixResult("enterprise_head_max", "", "max", Fraction("1/5"), "", heads, total).ok
    batch = []
    for i in range(total):
        m = member(city, union=county, by="jx")
        batch.append(services.nominate(r, acting_user=city.users["jx"], nominated_by=county, member=m, deeds="事迹",
                                       is_enterprise_head=i < heads))
    result = rules.check_mix(r, batch)[0]
    assert result.ok is ok and (result.part, result.whole) == (heads, total)


@pytest.mark.parametrize(("part", "whole", "ok"), [(7, 20, True), (6, 20, False), (35, 100, True), (34, 100, False)])
def test_industrial_workers_at_least_35_percent(city, part, whole, ok):
    """全国五一劳动奖章 (2022, 2024): 产业工人 ≥35% — exactly 35% passes."""
    r = a_round(city, title="may_day_medal", level="city", mix=["industrial_worker_min"])
    assert r.mix_rules[0]["share"] == "7/20"
    fake = [Nomination(member_id=i + 1, sector="enterprise", is_industrial_worker=i < part) for i in range(whole)]
    result = rules.check_mix(r, fake)[0]
    assert result.ok is ok
    if not ok:
        assert "35%" in result.message() and f"{part}" in result.message()


def test_round_overrides_and_sector_denominators(city):
    """A call may set its own ratio; 一线 counts among the enterprise nominees only, 农民工 among farmers."""
    r = a_round(city, mix=["frontline_min", "farmer_worker_min"], mix_overrides={"frontline_min": "3/5"})
    assert r.mix_rules[0]["share"] == "3/5"
    people = ([Nomination(member_id=1, sector="enterprise", is_frontline=True)] * 3
              + [Nomination(member_id=2, sector="enterprise")] * 2 + [Nomination(member_id=3, sector="public")] * 5
              + [Nomination(member_id=4, sector="farmer", is_farmer_worker=True),
                 Nomination(member_id=5, sector="farmer")] * 2)
    frontline, farmer = rules.check_mix(r, people)
    assert (frontline.part, frontline.whole, frontline.ok) == (3, 5, True)
    assert (farmer.part, farmer.whole, farmer.ok) == (2, 4, True)


# --- nominations --------------------------------------------------------------------------------------

def test_nominee_honoured_within_the_window_is_refused(city):
    m, old = member(city), member(city)
    honour(city, m, level="provincial", year=timezone.localdate().year - 4)
    honour(city, old, level="city", year=timezone.localdate().year - 5)
    r = a_round(city)
    assert r.exclusion_years == 5 and "五年" in r.exclusion_source
    with pytest.raises(ValidationError) as err:
        nominate(city, r, m)
    assert m.name in str(err.value) and "5" in str(err.value)
    assert not Nomination.objects.exists()
    assert nominate(city, r, old).state == "submitted"  # five years ago: outside the window
    with pytest.raises(ValidationError):
        nominate(city, r, old)  # twice in one round


def test_a_collective_is_nominated_once_in_a_round(city):
    r = a_round(city, title="may_day_pioneer_post")

    def team(name):
        return services.nominate(r, acting_user=city.users["county"], nominated_by=city.county,
                                 union=city.grassroots, collective_name=name, deeds="班组安全生产十年无事故")

    team("装配一班")
    with pytest.raises(ValidationError) as err:
        team(" 装配一班 ")
    assert "装配一班" in str(err.value) and r.name in str(err.value)
    assert Nomination.objects.count() == 1
    assert team("装配二班").collective_name == "装配二班"


def test_county_honour_does_not_bar_a_city_round(city):
    m = member(city)
    honour(city, m, level="county", year=timezone.localdate().year)
    assert nominate(city, a_round(city), m)


def test_quota_and_scope(city):
    r = a_round(city, quotas=[(city.county, 1), (city.county2, 1)])
    nominate(city, r)
    with pytest.raises(ValidationError, match="名额|quota"):
        nominate(city, r)
    with pytest.raises(PermissionDenied):
        nominate(city, r, member(city, union=city.grassroots2), nominated_by=city.county2)
    n = nominate(city, r, member(city, union=city.grassroots2), by="county2", nominated_by=city.county2)
    assert n.quota.union == city.county2
    with pytest.raises(ValidationError):  # a member of another county
        nominate(city, a_round(city, quotas=[]), member(city, union=city.grassroots2))


def test_review_is_four_eyes_at_each_level(city):
    r = a_round(city)
    n = nominate(city, r)
    with pytest.raises(ValidationError, match="同事|colleague"):
        services.review(n, acting_user=city.users["county"], approve=True)
    with pytest.raises(PermissionDenied):  # the county level first
        services.review(n, acting_user=city.users["county2"], approve=True)
    first = city.users["city"]  # the city's staff may decide the county level too
    services.review(n, acting_user=first, approve=True)
    with pytest.raises(ValidationError):  # the same person again at the city level
        services.review(n, acting_user=first, approve=True)
    n = services.review(n, acting_user=city.users[colleague(city, "city")], approve=True)
    assert n.state == "approved" and [rv.union for rv in n.reviews.all()] == [city.county, city.root]
    with pytest.raises(ValidationError, match="意见|opinion"):
        services.review(nominate(city, r), acting_user=first, approve=False, opinion="")
    assert nominate(city, r).reviews.count() == 0


def test_head_of_enterprise_needs_every_clearance(city):
    r = a_round(city)
    n = nominate(city, r, is_enterprise_head=True)
    services.review(n, acting_user=city.users[colleague(city, "county")], approve=True)
    agencies, ruling = rules.clearance_agencies(r.region_code)
    assert [a for a, _n in agencies][:2] == ["market", "tax"] and "许昌" in ruling.source
    for code, _name in agencies[:-1]:
        services.record_clearance(n, acting_user=city.users["city"], agency=code, result="cleared",
                                  given_on=timezone.localdate())
    services.record_clearance(n, acting_user=city.users["city"], agency=agencies[-1][0], result="not_cleared",
                              given_on=timezone.localdate())
    with pytest.raises(ValidationError) as err:
        services.review(n, acting_user=city.users["city"], approve=True)
    assert agencies[-1][1] in err.value.messages[0]
    services.record_clearance(n, acting_user=city.users["city"], agency=agencies[-1][0], result="cleared",
                              given_on=timezone.localdate())
    assert services.review(n, acting_user=city.users["city"], approve=True).state == "approved"


# --- publicity, objections, award ---------------------------------------------------------------------

def _publicised(city, k=3):
    r = a_round(city)
    batch = _batch(city, r, [{"is_frontline": True}] * k)
    r = services.start_publicity(r, acting_user=city.users["city"])
    return r, batch


def test_publicity_runs_working_days_by_the_calendar(city):
    r, _batch_ = _publicised(city)
    assert r.publicity_working_days == 5
    assert days.working_days_between(r.publicity_from, r.publicity_until) == 5
    assert set(Nomination.objects.filter(round=r).values_list("state", flat=True)) == {"publicity"}


def test_publicity_waits_for_reviews(city):
    r = a_round(city)
    _batch(city, r, [{}])
    nominate(city, r)
    with pytest.raises(ValidationError, match="1"):
        services.start_publicity(r, acting_user=city.users["city"])


def test_objection_holds_and_its_finding_decides(city):
    r, (a, b, c) = _publicised(city)
    o = services.raise_objection(a, acting_user=city.users["city"], content="反映其事迹材料不实", raised_by="匿名来信")
    assert Nomination.objects.get(pk=a.pk).state == "on_hold"
    services.raise_objection(b, acting_user=city.users["city"], content="反映其存在违规行为")
    with pytest.raises(ValidationError):
        services.resolve_objection(o, acting_user=city.users["city"], uphold=False, finding="经核查不属实")
    services.resolve_objection(o, acting_user=city.users[colleague(city, "city")], uphold=False,
                               finding="经核查不属实")
    assert Nomination.objects.get(pk=a.pk).state == "publicity"
    o2 = Objection.objects.get(nomination=b)
    services.resolve_objection(o2, acting_user=city.users[colleague(city, "city")], uphold=True, finding="属实")
    assert Nomination.objects.get(pk=b.pk).state == "rejected"


def test_objection_after_publicity_closed_is_refused(city):
    r, (a, _b, _c) = _publicised(city)
    late = r.publicity_until + timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        services.raise_objection(a, acting_user=city.users["city"], content="异议", received_on=late)
    assert "公示" in err.value.messages[0] or "Publicity" in err.value.messages[0]
    assert not Objection.objects.exists() and Nomination.objects.get(pk=a.pk).state == "publicity"
    # on the last day it is still taken
    services.raise_objection(a, acting_user=city.users["city"], content="异议", received_on=r.publicity_until)


def test_award_after_publicity_creates_honours(city):
    r, (a, b, c) = _publicised(city)
    services.raise_objection(c, acting_user=city.users["city"], content="异议")
    with pytest.raises(ValidationError):  # still in publicity
        services.award(r, acting_user=city.users[colleague(city, "city")])
    after = r.publicity_until + timedelta(days=1)
    with pytest.raises(ValidationError):  # who started publicity does not award
        services.award(r, acting_user=city.users["city"], on=after)
    won = services.award(r, acting_user=city.users[colleague(city, "city")], on=after)
    assert {n.pk for n in won} == {a.pk, b.pk}
    h = Honour.objects.get(nomination__pk=a.pk)
    assert (h.title, h.level, h.year, h.state) == ("model_worker", "city", r.year, "held")
    assert h.certificate_no.startswith(f"{r.year}-") and r.name in h.source
    assert a.member.__class__.objects.get(pk=a.member_id).is_model_worker
    assert Nomination.objects.get(pk=c.pk).state == "on_hold" and not Honour.objects.filter(member=c.member).exists()
    assert SelectionRound.objects.get(pk=r.pk).state == "awarded"
