"""The payout rules at their boundaries (property tests), and the screening quota under
concurrent bookings on PostgreSQL."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from hypothesis import given
from hypothesis import strategies as st

from gonghui.medicalaid.payout import Lump, Rules, compute

RULES = Rules(daily_allowance_fen=3000, min_days=3, max_days_per_stay=60, max_days_per_year=90,
              cap_per_stay_fen=150_000, cap_per_year_fen=240_000)

rules = st.builds(
    lambda rate, min_days, per_stay, extra_days, cap_stay, extra_cap: Rules(
        rate, min_days, per_stay, per_stay + extra_days, cap_stay, cap_stay + extra_cap),
    st.integers(0, 20_000), st.integers(0, 10), st.integers(0, 200), st.integers(0, 200),
    st.integers(0, 2_000_000), st.integers(0, 2_000_000))


def test_the_days_not_paid_are_not_paid():
    for days in (1, 2, 3):
        assert compute(RULES, shares=1, days=days).fen == 0
    assert compute(RULES, shares=1, days=4).fen == 3000
    assert compute(RULES, shares=2, days=4).fen == 6000


def test_the_days_per_stay_and_the_caps_at_their_edges():
    assert compute(RULES, shares=1, days=53).fen == 50 * 3000  # exactly the cap per stay
    assert compute(RULES, shares=1, days=54).fen == 150_000  # one day more: capped
    assert compute(RULES, shares=1, days=200).paid_days == 60
    p = compute(RULES, shares=1, days=40, paid_days_before=80, allowance_paid_before=10_000)
    assert p.paid_days == 10 and p.fen == 30_000
    p = compute(RULES, shares=1, days=53, paid_days_before=0, allowance_paid_before=200_000)
    assert p.fen == 40_000  # what is left of the year's cap
    assert compute(RULES, shares=1, days=53, paid_days_before=90).fen == 0


def test_lump_sums_once_a_year_and_outside_the_caps():
    lump = Lump("恶性肿瘤", 500_000)
    assert compute(RULES, shares=2, days=1, lump=lump).fen == 1_000_000
    assert compute(RULES, shares=2, days=5, lump=lump, allowance_paid_before=480_000).fen == 1_000_000
    assert compute(RULES, shares=1, days=5, lump=Lump("恶性肿瘤", 500_000, paid_before=True)).fen == 2 * 3000


def test_the_explanation_shows_the_arithmetic():
    lines = compute(RULES, shares=2, days=10, lump=Lump("乳腺癌", 300_000)).lines
    text = "\n".join(lines)
    for part in ("10", "7", "30.00", "420.00", "3,000.00", "6,000.00", "6,420.00"):
        assert part in text


@given(rules, st.integers(1, 5), st.integers(1, 400), st.integers(0, 400), st.integers(0, 5_000_000))
def test_the_payout_never_breaks_a_rule(r, shares, days, days_before, paid_before):
    p = compute(r, shares=shares, days=days, paid_days_before=days_before, allowance_paid_before=paid_before)
    assert 0 <= p.fen == p.allowance_fen
    assert p.paid_days <= min(max(0, days - r.min_days), r.max_days_per_stay, max(0, r.max_days_per_year - days_before))
    assert p.allowance_fen <= p.paid_days * r.daily_allowance_fen * shares
    assert p.allowance_fen <= r.cap_per_stay_fen * shares
    assert p.allowance_fen <= max(0, r.cap_per_year_fen * shares - paid_before)
    assert p.lines and str(p.fen // 100) in p.lines[-1].replace(",", "")


@given(rules, st.integers(1, 5), st.integers(1, 300))
def test_more_days_never_pay_less(r, shares, days):
    assert compute(r, shares=shares, days=days + 1).fen >= compute(r, shares=shares, days=days).fen


@given(rules, st.integers(1, 300))
def test_shares_multiply_the_payout_of_a_first_stay(r, days):
    one = compute(r, shares=1, days=days)
    assert compute(r, shares=3, days=days).fen == 3 * one.fen


@given(rules, st.integers(1, 300))
def test_without_caps_the_payout_is_days_beyond_the_first_times_the_rate(r, days):
    free = Rules(r.daily_allowance_fen, r.min_days, 10_000, 10_000, 10**9, 10**9)
    assert compute(free, shares=1, days=days).fen == max(0, days - r.min_days) * r.daily_allowance_fen


# --- concurrency ---------------------------------------------------------------------------------

@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writers; the race needs PG")
@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_never_exceed_the_quota(city):
    from gonghui.medicalaid import services
    from gonghui.medicalaid.models import ScreeningBooking, ScreeningQuota

    from .conftest import YEAR, member, quota

    quota(city, slots=3)
    women = [member(city, sex="F") for _ in range(10)]
    clerk = city.users["union"]
    start = threading.Barrier(len(women))
    outcomes = []

    def book(m):
        try:
            start.wait()
            services.book_screening(acting_user=clerk, member=m, year=YEAR)
            outcomes.append("booked")
        except ValidationError:
            outcomes.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(m,)) for m in women]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked"] * 3 + ["full"] * 7
    q = ScreeningQuota.objects.get()
    assert q.booked == 3 == ScreeningBooking.objects.filter(state="booked").count()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writers; the race needs PG")
@pytest.mark.django_db(transaction=True)
def test_two_clerks_enrolling_one_member_at_once_enrol_her_once(city):
    from gonghui.medicalaid import services
    from gonghui.medicalaid.models import EnrolledMember, Enrolment

    from .conftest import YEAR, city_plan, member

    city_plan(city)
    m = member(city, sex="F")
    start = threading.Barrier(2)
    outcomes = []

    def enrol(user):
        try:
            start.wait()
            services.enrol(acting_user=user, union=city.grassroots, year=YEAR, rows=[(m.number, 1)])
            outcomes.append("enrolled")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol, args=(city.users[u],)) for u in ("union", "rights")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["enrolled", "refused"]
    assert EnrolledMember.objects.filter(member=m).count() == 1 == Enrolment.objects.count()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writers; the race needs PG")
@pytest.mark.django_db(transaction=True)
def test_bookings_and_slots_given_below_race_for_one_quota_and_never_exceed_it(city):
    from gonghui.medicalaid import services
    from gonghui.medicalaid.models import ScreeningQuota

    from .conftest import YEAR, member

    rights = city.users["rights"]
    county = services.set_quota(acting_user=rights, union=city.county, year=YEAR, slots=5)
    women = [member(city, union=city.township, sex="F") for _ in range(6)]
    start = threading.Barrier(len(women) + 2)
    won = []

    def run(work):
        try:
            start.wait()
            work()
            won.append(1)
        except ValidationError:
            pass
        finally:
            connections.close_all()

    jobs = [lambda m=m: services.book_screening(acting_user=rights, member=m, year=YEAR) for m in women]
    jobs += [lambda u=u: services.set_quota(acting_user=rights, union=u, year=YEAR, slots=1)
             for u in (city.grassroots, city.grassroots_b)]
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    county.refresh_from_db()
    assert county.booked + county.allocated == len(won) == 5
    assert county.allocated == ScreeningQuota.objects.filter(year=YEAR).exclude(pk=county.pk).count()


@given(rules, st.integers(1, 3), st.lists(st.integers(1, 120), min_size=1, max_size=8))
def test_a_year_of_stays_never_pays_past_the_year_caps(r, shares, stays):
    """Claims approved one after another, each told what the earlier ones paid (as the
    services do): the year's days and allowance stay within the plan's yearly limits."""
    days_before = paid_before = 0
    for days in stays:
        p = compute(r, shares=shares, days=days, paid_days_before=days_before, allowance_paid_before=paid_before)
        days_before += p.paid_days
        paid_before += p.allowance_fen
    assert days_before <= r.max_days_per_year
    assert paid_before <= r.cap_per_year_fen * shares
