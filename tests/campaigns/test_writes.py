"""How the claim engine writes: a batch of claim rows in one transaction with an outcome per
row, the claim number found by the INSERT itself, the per-process slot dealer, and the writer
threads that batch concurrent claims."""

import random
import threading
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.campaigns import engine
from gonghui.campaigns.models import Claim, UsedToken

from ..factories import build_city
from .conftest import campaign, claim, member, race


@pytest.fixture(autouse=True)
def _campaign_settings(settings):
    settings.CAMPAIGNS_KEY_PREFIX = f"test:{uuid.uuid4().hex[:8]}:"
    settings.CAMPAIGNS_RATE_LIMITS = (1000, 100000, 10)
    settings.REDIS_URL = ""


def row(c, m, seq, n=None, nonce=None):
    return engine.Row(c, m, seq, n, timezone.now(), nonce)


def test_a_batch_tells_each_row_what_became_of_it(city):
    c = campaign(city, stock=5, limit=1)
    a, b, d, e = (member(city) for _ in range(4))
    UsedToken.objects.create(nonce="x" * 24)
    out = engine.write_rows([row(c, a, 1, nonce="a" * 24),      # written
                             row(c, b, 1, nonce="b" * 24),      # slot 1 taken by a's row just before
                             row(c, d, 2, nonce="x" * 24),      # the token was spent before
                             row(c, a, 3, nonce="c" * 24),      # a is at the limit (1)
                             row(c, e, 9)])                     # beyond the stock the database holds
    assert isinstance(out[0], Claim) and out[0].pk and out[0].n == 1 and out[0].seq == 1
    assert out[1:] == [engine.TAKEN, engine.TOKEN_USED, engine.AT_LIMIT, engine.CHANGED]
    assert list(Claim.objects.values_list("member_id", "seq")) == [(a.pk, 1)]
    # a token is spent with the row that used it, and also by a row refused for its slot
    assert set(UsedToken.objects.values_list("nonce", flat=True)) == {"x" * 24, "a" * 24, "b" * 24, "c" * 24}


def test_the_insert_finds_the_lowest_free_claim_number(city):
    c = campaign(city, stock=10, limit=3)
    a = member(city)
    first = engine.write_rows([row(c, a, 1), row(c, a, 2)])
    assert first[0].n == 1 and first[1] == engine.RACED  # both rows found number 1 in one statement
    assert [o.n for o in engine.write_rows([row(c, a, 2)]) + engine.write_rows([row(c, a, 3)])] == [2, 3]
    Claim.objects.filter(member=a, n=2).update(state="cancelled")
    assert engine.write_rows([row(c, a, 4)])[0].n == 2  # a cancelled claim frees its number
    assert engine.write_rows([row(c, a, 5)]) == [engine.AT_LIMIT]


def test_a_batch_is_two_statements_whatever_its_size(city):
    c = campaign(city, stock=50, limit=1)
    rows = [row(c, member(city), i, nonce=f"{i:024d}") for i in range(1, 21)]
    with CaptureQueriesContext(connection) as q:
        out = engine.write_rows(rows)
    assert all(isinstance(o, Claim) for o in out)
    assert len([x for x in q.captured_queries if x["sql"].startswith(("INSERT", "WITH"))]) == 2


def test_the_dealer_deals_a_slot_once_until_its_write_is_answered(city):
    c = campaign(city, stock=engine.SCAN_WINDOW, limit=1)
    dealer, rng, whole = engine.Dealer(), random.Random(5), [(1, engine.SCAN_WINDOW)]
    dealt = [dealer.deal(c, whole, rng) for _ in range(engine.SCAN_WINDOW)]  # one window read
    assert sorted(dealt) == list(range(1, engine.SCAN_WINDOW + 1))
    assert dealer.deal(c, whole, rng) == engine.WAIT  # every free slot is in flight
    engine.write_rows([row(c, member(city), s) for s in dealt[:-1]])
    for s in dealt[:-1]:
        dealer.landed(c, whole, s, stale=False)
    assert dealer.deal(c, whole, rng) == engine.WAIT  # the last one is still in flight
    dealer.landed(c, whole, dealt[-1], stale=False)  # its row was refused (say, the member's limit)
    assert dealer.deal(c, whole, rng) == dealt[-1]  # read again: free, dealt again
    engine.write_rows([row(c, member(city), dealt[-1])])
    dealer.landed(c, whole, dealt[-1], stale=False)
    assert dealer.deal(c, whole, rng) is None  # sold out


def test_a_refusal_for_the_limit_costs_one_write(city):
    c = campaign(city, stock=10, limit=1)
    a = member(city)
    assert claim(c, a).issued
    with CaptureQueriesContext(connection) as q:
        assert claim(c, a).reason == "limit"
    assert len([x for x in q.captured_queries if x["sql"].startswith("WITH")]) == 1


@pytest.mark.django_db(transaction=True)
def test_writer_threads_batch_concurrent_claims_and_stop():
    city = build_city()
    c = campaign(city, stock=40, limit=1)
    outcomes = race(c, [member(city) for _ in range(40)], phones=1)
    assert outcomes.count("issued") == 40, outcomes
    assert sorted(Claim.objects.filter(campaign=c).values_list("seq", flat=True)) == list(range(1, 41))
    writers = [t for t in threading.enumerate() if t.name == "claim-writer"]
    assert len(writers) == engine.GroupCommit.WRITERS
    engine.GROUP.stop()
    assert not any(t.is_alive() for t in writers)
    assert claim(c, member(city)).reason == "sold_out"  # (inside no transaction: new writers start)
