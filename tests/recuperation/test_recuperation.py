"""疗休养 rules: the days cap at its boundary (named with its source), the budget, who may be a
candidate, the allocation (priority order, then a lot that anyone can re-run from the published
seed), answers before and after the deadline, replacement from the waiting list, attendance and
cost. Every refusal writes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.campaigns.engine import rank_key
from gonghui.core.models import AuditEntry
from gonghui.recuperation import queries, services
from gonghui.recuperation.models import Batch, Offer
from gonghui.rules.models import RuleValue

from .conftest import base, batch, member, with_candidates

pytestmark = pytest.mark.django_db


def _start(days_ahead=30):
    return timezone.localdate() + timedelta(days=days_ahead)


def test_a_batch_of_exactly_the_cap_is_created_and_one_day_more_is_refused_naming_the_rule(city):
    b = base(city)
    start = _start()
    ok = services.create_batch(acting_user=city.users["city"], union=city.root, base=b, name="七天批次",
                               starts_on=start, ends_on=start + timedelta(days=6), capacity=2,
                               cost_per_person_fen=300000, budget_fen=600000)
    assert ok.days == 7 and "7" in ok.days_rule
    with pytest.raises(ValidationError) as e:
        services.create_batch(acting_user=city.users["city"], union=city.root, base=b, name="八天批次",
                              starts_on=start, ends_on=start + timedelta(days=7), capacity=2,
                              cost_per_person_fen=300000, budget_fen=600000)
    text = " ".join(e.value.message_dict["ends_on"])
    assert "8" in text and "疗休养每批次天数上限" in text and "湖北" in text  # the rule and its source
    assert Batch.objects.count() == 1


def test_the_cap_is_the_provinces_value_where_it_has_one(city):
    # Hunan (the test city) has no value of its own: an operator's Hunan value of 5 days applies there
    RuleValue.objects.create(rule=RuleValue.objects.filter(rule__name="recuperation.batch_days_max").first().rule,
                             jurisdiction="43", valid_from="2020-01-01", value="5", unit="days",
                             source="湖南省劳模疗休养管理办法（测试值）")
    with pytest.raises(ValidationError) as e:
        batch(city, days=6)
    assert "湖南省劳模疗休养管理办法（测试值）" in str(e.value)
    assert batch(city, days=5).days == 5


def test_places_costing_more_than_the_budget_are_refused(city):
    with pytest.raises(ValidationError) as e:
        batch(city, capacity=3, budget_fen=280000 * 3 - 1)
    assert "预算" in " ".join(e.value.message_dict["budget_fen"])
    assert not Batch.objects.exists()


def test_a_candidate_list_with_one_ineligible_member_adds_nobody_and_names_each(city):
    bt = batch(city)
    good = member(city, level="city")
    plain = member(city)  # no honour: this is a model workers' batch
    beside = member(city, city.grassroots2, level="national")  # 衡南县: also under the city, eligible
    with pytest.raises(ValidationError) as e:
        services.add_candidates(bt, acting_user=city.users["city"], members=[good, plain, beside])
    text = " ".join(e.value.message_dict["numbers"])
    assert plain.number in text and "荣誉" in text and good.number not in text
    assert not Offer.objects.exists()
    county_batch = batch(city, union=city.county, by="county")
    with pytest.raises(ValidationError) as e:
        services.add_candidates(county_batch, acting_user=city.users["county"], members=[beside])
    assert "衡阳县总工会" in str(e.value)  # 衡南县's member is not of 衡阳县's subtree


def test_the_lowest_level_of_a_batch_excludes_lower_honours(city):
    bt = batch(city, min_level="provincial")
    with pytest.raises(ValidationError):
        services.add_candidates(bt, acting_user=city.users["city"], members=[member(city, level="city")])
    services.add_candidates(bt, acting_user=city.users["city"], members=[member(city, level="national")])
    assert Offer.objects.count() == 1


def test_allocation_orders_by_honour_then_frontline_then_never_been_then_lot(city):
    # an earlier batch that one provincial model worker attended (four years ago: outside the 3 years)
    old = batch(city, starts_in=-4 * 366, capacity=1)
    veteran = member(city, level="provincial", login=True)
    services.add_candidates(old, acting_user=city.users["city"], members=[veteran])
    services.allocate(old, acting_user=city.users["city"], now=timezone.now() - timedelta(days=4 * 366 + 10))
    Offer.objects.filter(batch=old).update(state=Offer.State.ATTENDED)

    bt = batch(city, capacity=3)
    county = member(city, level="county")
    prov_front = member(city, level="provincial")
    prov = member(city, level="provincial")
    national = member(city, level="national")
    services.add_candidates(bt, acting_user=city.users["city"], members=[county, prov, veteran])
    services.add_candidates(bt, acting_user=city.users["city"], members=[prov_front, national], frontline=True)
    services.allocate(bt, acting_user=city.users["city"])
    order = list(Offer.objects.filter(batch=bt).order_by("rank").values_list("member_id", "state"))
    assert order == [(national.pk, "offered"), (prov_front.pk, "offered"), (prov.pk, "offered"),
                     (veteran.pk, "waiting"), (county.pk, "waiting")]
    assert Offer.objects.get(batch=bt, member=veteran).never_been is False


def test_equal_priority_is_decided_by_the_published_seed_and_can_be_re_run(city):
    bt, ms = with_candidates(city, ["city"] * 6, capacity=2)
    assert bt.seed_published == ""
    services.allocate(bt, acting_user=city.users["city"])
    bt.refresh_from_db()
    assert Batch.hash_seed(bt.seed_published) == bt.seed_hash
    expected = sorted(ms, key=lambda m: rank_key(bt.seed, m.number))
    got = list(Offer.objects.filter(batch=bt).order_by("rank").values_list("member_id", flat=True))
    assert got == [m.pk for m in expected]
    assert services.verify_allocation(bt) == (True, True)
    # the same candidates under another seed come out in another order: the lot decides, not the ids
    other = "0" * 64
    assert [m.pk for m in sorted(ms, key=lambda m: rank_key(other, m.number))] != got or len(ms) < 3
    entry = AuditEntry.objects.filter(action="draw").latest("pk")
    assert bt.seed in str(entry.changes)


def test_a_decline_passes_the_place_to_the_first_on_the_waiting_list(city):
    bt, ms = with_candidates(city, ["national", "provincial", "city", "county"], capacity=2)
    services.allocate(bt, acting_user=city.users["city"])
    first = Offer.objects.get(batch=bt, member=ms[0])
    services.respond(first, acting_user=ms[0].user, accept=False, reason="家中有事")
    third = Offer.objects.get(batch=bt, member=ms[2])
    assert third.state == "offered" and third.replaces_id == first.pk
    assert Offer.objects.get(batch=bt, member=ms[3]).state == "waiting"
    second = Offer.objects.get(batch=bt, member=ms[1])
    services.respond(second, acting_user=ms[1].user, accept=True)
    assert queries.batch_figures(bt)["holding"] == 2


def test_an_answer_after_the_deadline_is_refused_and_the_place_expires_to_the_waiting_list(city):
    bt, ms = with_candidates(city, ["national", "city"], capacity=1)
    services.allocate(bt, acting_user=city.users["city"])
    offer = Offer.objects.get(batch=bt, member=ms[0])
    late = offer.respond_by + timedelta(minutes=1)
    with pytest.raises(ValidationError) as e:
        services.respond(offer, acting_user=ms[0].user, accept=True, now=late)
    assert "答复" in str(e.value)
    assert Offer.objects.get(pk=offer.pk).state == "offered"  # nothing changed
    # just before the deadline the answer is still taken
    assert services.respond(offer, acting_user=ms[0].user, accept=True, now=offer.respond_by).state == "accepted"


def test_unanswered_offers_expire_and_the_next_is_offered(city):
    bt, ms = with_candidates(city, ["national", "city"], capacity=1)
    services.allocate(bt, acting_user=city.users["city"])
    offer = Offer.objects.get(batch=bt, member=ms[0])
    n = services.expire_overdue(bt, acting_user=city.users["city"], now=offer.respond_by + timedelta(hours=1))
    assert n == 1 and Offer.objects.get(pk=offer.pk).state == "expired"
    assert Offer.objects.get(batch=bt, member=ms[1]).state == "offered"


def test_nobody_answers_anothers_offer(city):
    bt, ms = with_candidates(city, ["national", "city"], capacity=2)
    services.allocate(bt, acting_user=city.users["city"])
    with pytest.raises(ValidationError):
        services.respond(Offer.objects.get(batch=bt, member=ms[0]), acting_user=ms[1].user, accept=False)
    assert Offer.objects.get(batch=bt, member=ms[0]).state == "offered"


def test_a_member_who_went_within_the_years_is_not_a_candidate(city):
    old = batch(city, starts_in=-365, capacity=1)
    m = member(city, level="national")
    services.add_candidates(old, acting_user=city.users["city"], members=[m])
    Offer.objects.filter(batch=old).update(state=Offer.State.ATTENDED)
    with pytest.raises(ValidationError) as e:
        services.add_candidates(batch(city), acting_user=city.users["city"], members=[m])
    assert "疗休养再次参加的间隔" in str(e.value)


def test_attendance_and_cost_against_the_budget(city):
    bt, ms = with_candidates(city, ["national", "provincial", "city"], capacity=3, cost_per_person_fen=250000,
                             budget_fen=800000)
    services.allocate(bt, acting_user=city.users["city"])
    for m in ms:
        services.respond(Offer.objects.get(batch=bt, member=m), acting_user=m.user, accept=True)
    with pytest.raises(ValidationError):  # before the first day
        services.record_attendance(bt, acting_user=city.users["city"], attended=[])
    went = Offer.objects.filter(batch=bt, member__in=ms[:2]).values_list("pk", flat=True)
    services.record_attendance(bt, acting_user=city.users["city"], attended=list(went), today=bt.starts_on)
    f = queries.batch_figures(Batch.objects.get(pk=bt.pk))
    assert f["attended"] == 2 and f["absent"] == 1
    assert f["spent_fen"] == 500000 and f["left_fen"] == 800000 - 500000


def test_a_partner_citys_base_serves_the_counties_below(city):
    b = base(city, partner=True)
    bt = batch(city, b=b, union=city.county, by="county")
    assert bt.base.is_partner and bt.base.partner == "成都市总工会"
    with pytest.raises(ValidationError):  # a base listed by 衡阳县 does not serve 衡南县
        own = services.create_base(acting_user=city.users["county"], union=city.county, name="县基地", city="衡阳")
        batch(city, b=own, union=city.county2, by="county2")
