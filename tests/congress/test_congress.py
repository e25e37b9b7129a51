"""Congresses: the form and size from the rulebook, the apportionment, delegates checked per
unit with their history, composition checks, check-in, the quorum and the pass rule."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from gonghui.congress import services
from gonghui.congress.models import Attendance, Congress, Delegate, ElectingUnit, Motion
from gonghui.core.access import get_object
from gonghui.members import card
from gonghui.orgs.models import Region, Union
from gonghui.rules.models import RuleValue

from .conftest import attend, city_congress, meeting, member, members, session

pytestmark = pytest.mark.django_db


def test_city_congress_shares_seats_among_sub_unions_by_members(city):
    congress = city_congress(city, seats=100)
    units = {u.union_id: u for u in congress.units.all()}
    assert set(units) == {city.county.pk, city.county2.pk, city.industry.pk}
    assert [units[u.pk].members for u in (city.county, city.county2, city.industry)] == [3, 2, 1]
    assert [units[u.pk].seats for u in (city.county, city.county2, city.industry)] == [50, 33, 17]
    assert sum(u.seats for u in units.values()) == 100


def test_seats_must_lie_in_the_rulebook_band(city):
    members(city, 2, city.grassroots)
    with pytest.raises(ValidationError) as e:
        services.create_congress(acting_user=city.users["city"], union=city.root, kind=Congress.Kind.LOCAL,
                                 title="代表大会", opens_on=timezone.localdate(), seats=99)
    assert "100" in str(e.value) and "200" in str(e.value) and "1984" in str(e.value)
    assert not Congress.objects.exists()


def test_a_small_union_holds_a_members_meeting(city):
    members(city, 5, city.grassroots)
    with pytest.raises(ValidationError) as e:
        services.create_congress(acting_user=city.users["operator"], union=city.grassroots,
                                 kind=Congress.Kind.DELEGATES, title="会员代表大会", opens_on=timezone.localdate())
    assert "会员大会" in str(e.value) or "members' meeting" in str(e.value)
    assert not Congress.objects.exists()
    congress = services.create_congress(acting_user=city.users["operator"], union=city.grassroots,
                                        kind=Congress.Kind.MEMBERS, title="会员大会", opens_on=timezone.localdate())
    assert congress.seats == 5 and services.live_delegates(congress).count() == 5


def test_delegate_must_belong_to_the_unit_and_be_seated_once(city):
    congress = city_congress(city)
    unit = congress.units.get(union=city.county)
    outsider = member(city, city.grassroots2)  # 衡南县, not 衡阳县
    with pytest.raises(ValidationError) as e:
        services.elect_delegate(unit, acting_user=city.users["city"], member=outsider)
    assert "衡阳县总工会" in str(e.value)
    assert not Delegate.objects.exists()
    insider = member(city, city.grassroots)
    services.elect_delegate(unit, acting_user=city.users["city"], member=insider, front_line=True)
    with pytest.raises(ValidationError, match="already a delegate|已是"):
        services.elect_delegate(unit, acting_user=city.users["city"], member=insider)
    assert Delegate.objects.count() == 1


def test_a_member_who_left_cannot_be_a_delegate(city):
    from gonghui.members import services as ms

    congress = city_congress(city)
    m = member(city, city.grassroots)
    ms.record_event(m, acting_user=city.users["operator"], kind="leave", reason="辞职")
    m.refresh_from_db()
    with pytest.raises(ValidationError):
        services.elect_delegate(congress.units.get(union=city.county), acting_user=city.users["city"], member=m)
    assert not Delegate.objects.exists()


def test_unit_cannot_elect_more_than_its_seats(city):
    congress = city_congress(city)
    unit = congress.units.get(union=city.industry)
    ElectingUnit.objects.filter(pk=unit.pk).update(seats=1)
    unit.refresh_from_db()
    services.elect_delegate(unit, acting_user=city.users["city"], member=member(city, city.industry))
    with pytest.raises(ValidationError, match="1"):
        services.elect_delegate(unit, acting_user=city.users["city"], member=member(city, city.industry))
    assert Delegate.objects.count() == 1


def test_replacement_keeps_history(city):
    congress = city_congress(city)
    unit = congress.units.get(union=city.county)
    old = services.elect_delegate(unit, acting_user=city.users["city"], member=member(city))
    with pytest.raises(ValidationError):
        services.replace_delegate(old, acting_user=city.users["city"], member=member(city), reason=" ")
    new = services.replace_delegate(old, acting_user=city.users["city"], member=member(city), reason="调离本单位")
    old.refresh_from_db()
    assert old.ended_on == timezone.localdate() and old.end_reason == "调离本单位"
    assert new.replaces == old and new.unit == unit
    assert list(services.live_delegates(congress)) == [new]


def test_composition_checks_name_their_rules(city):
    congress = city_congress(city)  # 6 members, 2 women: women are 1/3 of the membership
    unit = congress.units.get(union=city.county)
    people = [member(city, woman=i == 0) for i in range(5)]
    for i, m in enumerate(people):
        services.elect_delegate(unit, acting_user=city.users["city"], member=m, front_line=i < 3, manager=i == 4)
    congress.refresh_from_db()
    checks = {c.ruling.name: c for c in services.composition(congress)}
    # 3 of 5 front-line ≥ 1/2; 1 of 5 managers ≤ 1/5 (the cap itself is allowed: 以下 includes it)
    assert checks["congress.frontline_share_min"].ok
    assert checks["congress.manager_share_max"].ok
    # women members: the city's 2 of 6 plus the 1 just added (counted when the congress was set up: 2 of 6)
    assert congress.women_members * 3 == congress.members
    assert not checks["congress.women_share_ratio_min"].ok  # 1 of 5 < 1/3
    assert all(c.ruling.source for c in checks.values())
    services.elect_delegate(unit, acting_user=city.users["city"], member=member(city, woman=True), manager=True)
    checks = {c.ruling.name: c for c in services.composition(congress)}
    assert checks["congress.women_share_ratio_min"].ok  # 2 of 6 = 1/3
    assert not checks["congress.manager_share_max"].ok  # 2 of 6 > 1/5


def test_check_in_by_card_and_refusals(city):
    congress = meeting(city, 3)
    s = session(city, congress)
    delegate = services.live_delegates(congress).first()
    row = services.check_in(s, acting_user=city.users["operator"], code=card.issue(delegate.member))
    assert row.via == Attendance.Via.CARD
    with pytest.raises(ValidationError, match="already checked in|已"):
        services.check_in(s, acting_user=city.users["operator"], code=card.issue(delegate.member))
    stranger = member(city, city.grassroots_b)
    with pytest.raises(ValidationError, match=stranger.name):
        services.check_in(s, acting_user=city.users["operator"], code=card.issue(stranger))
    with pytest.raises(ValidationError):
        services.check_in(s, acting_user=city.users["operator"], code="forged")
    assert Attendance.objects.count() == 1


def _region_union(city, code):
    """A grassroots union in division `code` (its province decides the rulebook values)."""
    region = Region.objects.filter(code__startswith=code[:2], level=3).order_by("code").first()
    return Union.objects.add_child(city.township, dict(name=f"{region.name}测试工会", kind="grassroots",
                                                       region=region))


@pytest.mark.parametrize("province", ["43", "31", "33"])
def test_quorum_is_met_at_exactly_two_thirds(city, province):
    union = city.grassroots if province == "43" else _region_union(city, province)
    congress = meeting(city, 6, union=union)
    s = session(city, congress)
    attend(city, s, 3)
    q = services.quorum(s)
    assert (q.present, q.seats, q.met, q.needed) == (3, 6, False, 4)
    motion = services.add_motion(s, acting_user=city.users["operator"], title="关于工作报告的决议")
    with pytest.raises(ValidationError) as e:
        services.record_vote(motion, acting_user=city.users["operator"], votes_for=3, votes_against=0,
                             abstentions=0)
    assert "2/3" in str(e.value) or "66.67" in str(e.value) or "三分之二" in str(e.value)
    motion.refresh_from_db()
    assert motion.state == Motion.State.PENDING and motion.votes_for is None
    attend(city, s, 4)  # the fourth of six: exactly two thirds, "三分之二以上" includes it
    assert services.quorum(s).met


@pytest.mark.parametrize("province, passes", [("43", False), ("31", True), ("33", False)])
def test_exactly_half_passes_only_where_half_or_more_is_enough(city, province, passes):
    union = city.grassroots if province == "43" else _region_union(city, province)
    congress = meeting(city, 6, union=union)
    s = session(city, congress)
    attend(city, s, 6)
    motion = services.add_motion(s, acting_user=city.users["operator"], title="关于经审报告的决议")
    services.record_vote(motion, acting_user=city.users["operator"], votes_for=3, votes_against=2, abstentions=1)
    motion.refresh_from_db()
    assert (motion.state == Motion.State.PASSED) is passes
    assert "工会法" in motion.rule_text or "上海" in motion.rule_text or "浙江" in motion.rule_text


def test_more_votes_than_present_are_refused(city):
    congress = meeting(city, 3)
    s = session(city, congress)
    attend(city, s, 2)
    motion = services.add_motion(s, acting_user=city.users["operator"], title="决议")
    with pytest.raises(ValidationError):
        services.record_vote(motion, acting_user=city.users["operator"], votes_for=3, votes_against=0, abstentions=0)


def test_scoping_from_both_sides(city):
    congress = city_congress(city)
    members(city, 2, city.grassroots2)
    county2_meeting = services.create_congress(acting_user=city.users["county2"], union=city.grassroots2,
                                               kind=Congress.Kind.MEMBERS, title="会员大会",
                                               opens_on=timezone.localdate())
    # the city sees both; 衡阳县 sees neither the city's nor 衡南县's; 衡南县 sees its own only
    assert set(Congress.objects.restrict(city.users["city"])) == {congress, county2_meeting}
    assert not Congress.objects.restrict(city.users["county"]).exists()
    assert list(Congress.objects.restrict(city.users["county2"])) == [county2_meeting]
    with pytest.raises(Http404):
        get_object(city.users["county"], Congress, pk=congress.pk)
    # a clerk of 衡阳县 can neither elect into the city's congress nor set one up for 衡南县
    with pytest.raises(PermissionDenied):
        services.elect_delegate(congress.units.first(), acting_user=city.users["county"], member=member(city))
    with pytest.raises(PermissionDenied):
        services.create_congress(acting_user=city.users["county"], union=city.grassroots2,
                                 kind=Congress.Kind.MEMBERS, title="x", opens_on=timezone.localdate())
    # the auditor reads but never checks anyone in
    s = session(city, county2_meeting)
    with pytest.raises(PermissionDenied):
        services.check_in(s, acting_user=city.users["auditor"], delegate=services.live_delegates(
            county2_meeting).first())


def test_rules_are_in_the_rulebook():
    names = set(RuleValue.objects.values_list("rule__name", flat=True))
    assert {"congress.frontline_share_min", "congress.women_share_ratio_min", "congress.manager_share_max",
            "congress.quorum_share", "congress.quorum_strict", "congress.passing_share",
            "congress.passing_strict"} <= names


def test_calling_a_session_tells_the_delegates(city):
    from gonghui.notices.models import Outbox

    congress = meeting(city, 3)
    s = session(city, congress)
    row = Outbox.objects.get(kind="congress_session_called", object_id=str(s.pk))
    assert set(row.audience[0]["members"]) == set(services.live_delegates(congress).values_list("member_id",
                                                                                              flat=True))
    assert "听取工作报告" in row.body and row.url == "/congress/my/"


def test_papers_are_text_or_a_pdf(city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.congress.models import Document

    s = session(city, meeting(city, 2))
    with pytest.raises(ValidationError):
        services.add_document(s, acting_user=city.users["city"], kind="work", title="工作报告")
    with pytest.raises(ValidationError):
        services.add_document(s, acting_user=city.users["city"], kind="budget", title="预算",
                              upload=SimpleUploadedFile("budget.pdf", b"not a pdf"))
    assert not Document.objects.exists()
    doc = services.add_document(s, acting_user=city.users["city"], kind="audit", title="经审报告",
                                upload=SimpleUploadedFile("audit.pdf", b"%PDF-1.4\n%%EOF\n"))
    assert doc.files.get().content_type == "application/pdf"
