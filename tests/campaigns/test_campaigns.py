"""Benefit campaigns: the claim engine's guarantees (stock, limit per member, tokens, rate
limits), every mode, cancellation, redemption and bad input; with and without Redis."""

import contextlib
import hashlib
import os
import sqlite3
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from gonghui.campaigns import engine, services
from gonghui.campaigns.models import Burst, Campaign, Claim
from gonghui.core import dates

from ..factories import build_city, hardship_file
from .conftest import campaign, claim, member, race

REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture(autouse=True)
def _campaign_settings(settings):
    settings.CAMPAIGNS_KEY_PREFIX = f"test:{uuid.uuid4().hex[:8]}:"
    settings.CAMPAIGNS_RATE_LIMITS = (1000, 100000, 10)
    settings.REDIS_URL = ""
    yield
    if REDIS_URL:
        import redis

        r = redis.Redis.from_url(REDIS_URL)
        keys = list(r.scan_iter(f"{settings.CAMPAIGNS_KEY_PREFIX}*", count=1000))
        if keys:
            r.delete(*keys)


@pytest.fixture(params=["db", pytest.param("redis", marks=pytest.mark.redis)])
def path(request, settings):
    """Each guarantee on both paths: the database alone, and Redis in front of it."""
    if request.param == "redis":
        if not REDIS_URL:
            pytest.skip("REDIS_URL is not set")
        settings.REDIS_URL = REDIS_URL
    return request.param


def live(c):
    return Claim.objects.filter(campaign=c).exclude(state="cancelled")


# --- first come, first served --------------------------------------------------------------

def test_fcfs_issues_until_sold_out_and_keeps_the_limit(city, path):
    c = campaign(city, stock=3, limit=2)
    a, b = member(city), member(city)
    r1 = claim(c, a)
    assert r1.issued and len(r1.code) == engine.CODE_LENGTH
    assert claim(c, a).issued
    r3 = claim(c, a)
    assert (r3.issued, r3.reason) == (False, "limit")
    assert claim(c, b).issued
    r5 = claim(c, b)
    assert (r5.issued, r5.reason) == (False, "sold_out")
    assert live(c).count() == 3
    assert sorted(live(c).values_list("seq", flat=True)) == [1, 2, 3]


def test_refusals_before_after_and_outside(city, path):
    c = campaign(city, stock=5, union=city.county)
    assert claim(c, member(city), now=c.starts_at - timedelta(seconds=1)).reason == "not_started"
    assert claim(c, member(city), now=c.ends_at).reason == "ended"
    assert claim(c, member(city, city.grassroots2)).reason == "not_eligible"  # 衡南县 is not under 衡阳县
    assert engine.claim(c, None, "x", "1.1.1.1").reason == "not_member"
    draft = campaign(city, publish=False)
    assert claim(draft, member(city)).reason == "not_open"
    assert not Claim.objects.exists()


def test_tags_restrict_who_is_eligible(city, path):
    c = campaign(city, tags=["front_line", "hardship"])
    assert claim(c, member(city)).reason == "not_eligible"
    assert claim(c, member(city, is_migrant_worker=True)).issued
    m = member(city)
    hardship_file(m, by=city.users["city"])
    assert claim(c, m).issued


def test_forged_reused_and_foreign_tokens_are_refused(city, path):
    c = campaign(city, stock=5, limit=3)
    a, b = member(city), member(city)
    token = engine.issue_token(c, a)
    assert engine.claim(c, a, token + "x", "10.0.0.1").reason == "bad_token"
    assert engine.claim(c, b, token, "10.0.0.1").reason == "bad_token"  # made for another member
    assert engine.claim(c, a, "forged:token", "10.0.0.1").reason == "bad_token"
    assert engine.claim(c, a, token, "10.0.0.1").issued
    assert engine.claim(c, a, token, "10.0.0.1").reason == "bad_token"  # used once already
    assert live(c).count() == 1


def test_rate_limits_refuse_and_report_bursts(city, settings, path):
    settings.CAMPAIGNS_RATE_LIMITS = (3, 5, 60)
    c = campaign(city, stock=50, limit=30)
    a = member(city)
    results = [claim(c, a, ip="10.9.9.9").reason for _ in range(5)]
    assert results[:3] == ["", "", ""] and results[3:] == ["rate_limited", "rate_limited"]
    # every attempt counts against the IP too: other members from it are refused now
    assert [claim(c, member(city), ip="10.9.9.9").reason for _ in range(2)] == ["rate_limited"] * 2
    assert claim(c, member(city), ip="10.9.9.10").issued
    report = {(b.kind, b.key) for b in Burst.objects.filter(campaign=c)}
    assert report == {("member", a.number), ("ip", "10.9.9.9")}
    assert live(c).count() == 4


def test_cancelled_claim_returns_its_slot(city, path):
    c = campaign(city, stock=1)
    a, b = member(city, login=True), member(city)
    first = claim(c, a).claim
    assert claim(c, b).reason == "sold_out"
    services.cancel_claim(first, acting_user=a.user)
    engine.cache.clear()  # the one-second "sold out" memo of the database path
    again = claim(c, b)
    assert again.issued and again.claim.seq == first.seq
    assert claim(c, a).reason == "sold_out"


def test_the_database_refuses_over_issue_whatever_the_code_does(city):
    c = campaign(city, stock=2, limit=1)
    a, b = member(city), member(city)
    base = dict(campaign=c, union=city.grassroots, stock_cap=2, limit_cap=1)
    Claim.objects.create(member=a, seq=1, n=1, code="AAAA", **base)
    for bad in (dict(member=b, seq=1, n=1, code="BBBB"),   # a slot taken twice
                dict(member=b, seq=3, n=1, code="CCCC"),   # beyond the stock
                dict(member=a, seq=2, n=1, code="DDDD"),   # the member's number taken twice
                dict(member=a, seq=2, n=2, code="EEEE")):  # beyond the limit
        with pytest.raises(IntegrityError), transaction.atomic():
            Claim.objects.create(**base | bad)
    assert Claim.objects.count() == 1


# --- the guarantees under threads ---------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_never_over_issue(path):
    city = build_city()
    c = campaign(city, stock=7, limit=2)
    members = [member(city) for _ in range(12)]
    outcomes = race(c, members, phones=3)
    assert set(outcomes) <= {"issued", "sold_out", "limit"}, outcomes
    assert outcomes.count("issued") == 7 == live(c).count()
    per_member = {}
    for m_id in live(c).values_list("member_id", flat=True):
        per_member[m_id] = per_member.get(m_id, 0) + 1
    assert max(per_member.values()) <= 2
    assert sorted(live(c).values_list("seq", flat=True)) == list(range(1, 8))


@pytest.mark.django_db(transaction=True)
def test_two_phones_of_one_member_get_only_the_limit(path):
    city = build_city()
    c = campaign(city, stock=50, limit=1)
    members = [member(city) for _ in range(4)]
    outcomes = race(c, members, phones=4)
    assert outcomes.count("issued") == 4 and outcomes.count("limit") == 12, outcomes
    assert live(c).values("member").distinct().count() == 4


@contextlib.contextmanager
def _claims_table_locked():
    """Another writer holds the claims table (SQLite: the database's write lock; PostgreSQL: a
    table lock that lets reads through) until the block ends."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        other = sqlite3.connect(db["NAME"], isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
    else:
        import psycopg

        other = psycopg.connect(dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"],
                                port=db["PORT"] or None)
        other.execute(f"LOCK TABLE {Claim._meta.db_table} IN EXCLUSIVE MODE")
    try:
        yield
    finally:
        other.rollback() if connection.vendor != "sqlite" else other.execute("ROLLBACK")
        other.close()


@pytest.mark.django_db(transaction=True)
def test_a_database_that_stays_locked_answers_busy_not_an_error(settings):
    """Issue 21, defect 12: a claim waits a bounded time for a locked database, then answers
    "busy, try again" (the engine, the API with 503 and Retry-After, the page with its message)."""
    from django.test import Client
    from django.urls import reverse

    from gonghui.accounts.models import ApiToken

    settings.CAMPAIGNS_BUSY_SECONDS = 0.5
    city = build_city()
    c = campaign(city, stock=3)
    m = member(city, login=True)
    api = Client(headers={"Authorization": f"Bearer {ApiToken.issue(m.user)}"})
    page = Client()
    page.force_login(m.user)
    with _claims_table_locked():
        assert claim(c, m).reason == "busy"
        r = api.post(f"/api/v1/campaigns/{c.pk}/claim", {"token": engine.issue_token(c, m)},
                     content_type="application/json")
        assert r.status_code == 503 and r["Retry-After"] == "1", r.content
        assert r.json()["reason"] == "busy" and r.json()["message"] == "当前领取人数过多，请重试。"
        if connection.vendor != "sqlite":  # SQLite's lock stops the session's save as well
            r = page.post(reverse("campaigns:member_claim", args=[c.pk]), {"token": engine.issue_token(c, m)},
                          follow=True)
            assert r.status_code == 200 and "当前领取人数过多，请重试。" in r.content.decode()
    assert not live(c).exists()
    assert claim(c, m).issued  # the lock gone, the same member claims at once


@pytest.mark.redis
def test_redis_loss_is_rebuilt_from_the_database(city, settings):
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    settings.REDIS_URL = REDIS_URL
    c = campaign(city, stock=3, limit=1)
    a, b, d, e = (member(city) for _ in range(4))
    assert claim(c, a).issued
    engine.forget_redis(c)  # Redis lost the campaign's state
    assert claim(c, a).reason == "limit"  # rebuilt: a's claim is known again
    assert claim(c, b).issued and claim(c, d).issued
    assert claim(c, e).reason == "sold_out"
    # a stale pool (a slot handed out again after a loss) is refused by the database and retried
    r, _s, _rel = engine.redis_client()
    engine.forget_redis(c)
    engine.rebuild(c)
    r.rpush(engine.rkeys(c)["pool"](1, 3), 1)
    assert claim(c, e).reason == "sold_out"
    assert live(c).count() == 3


# --- lottery -----------------------------------------------------------------------------------

def test_lottery_commits_its_seed_and_the_draw_can_be_re_run(city):
    c = campaign(city, mode="lottery", stock=3, start=600, minutes=60)
    assert c.seed_hash == hashlib.sha256(c.seed.encode()).hexdigest() and not c.seed_published
    inside = c.starts_at + timedelta(minutes=1)
    people = [member(city) for _ in range(8)]
    for m in people:
        services.sign_up(c, m, now=inside)
    with pytest.raises(ValidationError):
        services.sign_up(c, people[0], now=inside)  # once
    with pytest.raises(ValidationError):
        services.draw(c, acting_user=city.users["publicity"], now=inside)  # window still open
    assert claim(c, people[0], now=inside).reason == "lottery"
    c = services.draw(c, acting_user=city.users["publicity"], now=c.ends_at + timedelta(seconds=1))
    assert c.seed_published
    winners = list(Claim.objects.filter(campaign=c).order_by("seq").values_list("member__number", flat=True))
    # anyone re-runs it from the published seed and the list of sign-ups
    numbers = sorted(m.number for m in people)
    rerun = sorted(numbers, key=lambda n: hashlib.sha256(f"{c.seed}:{n}".encode()).hexdigest())[:3]
    assert winners == rerun
    assert engine.verify_draw(c) == (True, True)
    with pytest.raises(ValidationError):
        services.draw(c, acting_user=city.users["publicity"], now=c.ends_at + timedelta(minutes=5))


def test_lottery_is_published_before_its_window(city):
    with pytest.raises(ValidationError):
        campaign(city, mode="lottery", start=-10)


# --- quotas and priority -----------------------------------------------------------------------

def test_quota_shares_hold_until_released(city, path):
    now = timezone.now()
    release = now + timedelta(minutes=30)
    c = campaign(city, mode="quota", stock=4, quotas=[(city.grassroots, 2, release), (city.grassroots2, 1, release)])
    here, there = [member(city) for _ in range(4)], member(city, city.grassroots2)
    outsider = member(city, city.grassroots_b)
    assert [claim(c, m).issued for m in here[:2]] == [True, True]
    assert claim(c, here[2]).issued  # the fourth slot, not in any share, is open to all
    assert claim(c, here[3]).reason == "sold_out"  # 衡阳县第一机械's share is used up; 衡南县's is held
    assert claim(c, outsider).reason == "sold_out"
    later = release + timedelta(seconds=1)
    r = claim(c, here[3], now=later)
    assert r.issued and r.claim.seq == 3  # the released share of 衡南县
    assert claim(c, there, now=later).reason == "sold_out"


def test_priority_groups_claim_first(city, path):
    now = timezone.now()
    c = campaign(city, mode="priority", stock=5, priority_until=now + timedelta(minutes=10))
    assert claim(c, member(city)).reason == "priority"
    assert claim(c, member(city, is_model_worker=True)).issued
    assert claim(c, member(city), now=now + timedelta(minutes=11)).issued


# --- redemption --------------------------------------------------------------------------------

def test_redeem_by_code_once(city, path):
    c = campaign(city, stock=5, redeem_until=timezone.now() + timedelta(days=1, hours=2))
    code = claim(c, member(city)).code
    with pytest.raises(ValidationError, match="code"):
        services.redeem("WRONG12345", acting_user=city.users["merchant"])
    done = services.redeem(code.lower(), acting_user=city.users["merchant"])
    assert done.state == "redeemed" and done.redeemed_by == city.users["merchant"]
    with pytest.raises(ValidationError) as e:
        services.redeem(code, acting_user=city.users["union"])
    assert dates.show(done.redeemed_at) in str(e.value)  # local time, in the Chinese form pages use


def test_redeem_expired_and_outside_the_clerks_subtree(city, path):
    c = campaign(city, stock=5, redeem_until=timezone.now() + timedelta(hours=2))
    far = claim(c, member(city, city.grassroots2)).code
    with pytest.raises(ValidationError):
        services.redeem(far, acting_user=city.users["union"])  # the clerk's union is 衡阳县第一机械
    near = claim(c, member(city)).code
    with pytest.raises(ValidationError):
        services.redeem(near, acting_user=city.users["union"], now=timezone.now() + timedelta(hours=3))
    assert services.redeem(near, acting_user=city.users["union"]).state == "redeemed"
    assert Claim.objects.get(code=far).state == "issued"


def test_cancel_campaign_cancels_its_claims(city):
    c = campaign(city, stock=5)
    claim(c, member(city))
    with pytest.raises(ValidationError):
        services.cancel_campaign(c, acting_user=city.users["publicity"], reason="")
    services.cancel_campaign(c, acting_user=city.users["publicity"], reason="场馆检修")
    assert not live(c).exists()
    assert claim(Campaign.objects.get(pk=c.pk), member(city)).reason == "not_open"


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("change, field", [
    ({"stock": 0}, "stock"), ({"limit": 0}, "per_member_limit"), ({"mode": "fastest"}, "mode"),
    ({"minutes": -5}, "ends_at"), ({"title": " "}, "title"), ({"tags": ["vip"]}, "tags"),
    ({"mode": "priority"}, "priority_until"), ({"mode": "quota"}, "quotas"),
])
def test_bad_campaigns_are_refused_by_field(city, change, field):
    with pytest.raises(ValidationError) as e:
        campaign(city, **change)
    assert field in e.value.message_dict
    assert not Campaign.objects.exists()


def test_quota_shares_cannot_exceed_stock_or_leave_the_subtree(city):
    release = timezone.now() + timedelta(minutes=5)
    with pytest.raises(ValidationError, match="quotas"):
        campaign(city, mode="quota", stock=2, quotas=[(city.grassroots, 3, release)])
    with pytest.raises(ValidationError, match="quotas"):
        campaign(city, mode="quota", stock=5, union=city.county, quotas=[(city.grassroots2, 1, release)])


def test_only_publicity_creates(city):
    from django.core.exceptions import PermissionDenied

    for who in ("union", "merchant", "rights"):
        with pytest.raises(PermissionDenied):
            campaign(city, by=who)


# --- expiry ------------------------------------------------------------------------------------

def test_expire_due_changes_exactly_the_due_claims_once(city):
    from gonghui.core.models import AuditEntry

    now = timezone.now()
    due = campaign(city, stock=5, redeem_until=now + timedelta(hours=2))
    later = campaign(city, stock=5, redeem_until=now + timedelta(days=2))
    forever = campaign(city, stock=5)
    issued, used, gone = (claim(due, member(city)).claim for _ in range(3))
    services.redeem(used.code, acting_user=city.users["merchant"])
    services.cancel_claim(gone, acting_user=city.users["publicity"], reason="重复")
    others = [claim(c, member(city)).claim for c in (later, forever)]
    after = now + timedelta(hours=3)
    assert services.expire_due(now=now) == 0
    assert services.expire_due(now=after) == 1
    assert services.expire_due(now=after) == 0  # idempotent
    states = dict(Claim.objects.values_list("pk", "state"))
    assert [states[x.pk] for x in (issued, used, gone, *others)] == [
        "expired", "redeemed", "cancelled", "issued", "issued"]
    entry = AuditEntry.objects.get(action="expire")
    assert (entry.object_id, entry.actor, entry.actor_label) == (str(due.pk), None, "gonghui campaigns")
    assert entry.changes == {"claims_expired": [None, 1]}


def test_expire_due_writes_one_audit_record_per_campaign(city):
    from gonghui.core.models import AuditEntry

    until = timezone.now() + timedelta(hours=2)
    camps = [campaign(city, stock=5, limit=3, redeem_until=until) for _ in range(2)]
    for c in camps:
        for m in (member(city), member(city)):
            claim(c, m)
    assert services.expire_due(now=until + timedelta(seconds=1)) == 4
    assert sorted(AuditEntry.objects.filter(action="expire").values_list("object_id", flat=True)) == sorted(
        str(c.pk) for c in camps)


def test_the_daily_command_expires_once(city):
    import io

    from django.core.management import call_command

    until = timezone.now() + timedelta(hours=2)
    c = campaign(city, stock=5, redeem_until=until)
    code = claim(c, member(city)).code
    day = timezone.localtime(until + timedelta(days=1)).date().isoformat()
    out = io.StringIO()
    call_command("expire_claims", date=day, stdout=out)
    call_command("expire_claims", date=day, stdout=out)
    assert out.getvalue().split("\n")[:2] == ["1 个领取码已作废", "0 个领取码已作废"]
    assert Claim.objects.get(code=code).state == "expired"


def test_an_expired_claim_is_neither_redeemed_nor_cancelled(city):
    until = timezone.now() + timedelta(hours=2)
    c = campaign(city, stock=5, redeem_until=until)
    m = member(city, login=True)
    code = claim(c, m).code
    services.expire_due(now=until + timedelta(minutes=1))
    with pytest.raises(ValidationError) as e:
        services.redeem(code, acting_user=city.users["merchant"])
    assert "code" in e.value.message_dict
    with pytest.raises(ValidationError):
        services.cancel_claim(Claim.objects.get(code=code), acting_user=m.user)
    assert Claim.objects.get(code=code).state == "expired"
