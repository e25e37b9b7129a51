"""Issue 20: the claim's hot path. The page decides, the claim only checks: the claim token
carries what the page decided (a forged, altered, expired, reused or other member's token is
refused); a campaign changed after its tokens were issued is obeyed at the next claim, also by a
process holding an old copy; the bearer token's user is kept in memory 30 s at most, and a
revoked token is refused at once by the revoking process and, with Redis, by every process."""

import base64
import json
import os
import time
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gonghui.accounts import services as account_services
from gonghui.accounts import tokencache
from gonghui.accounts.models import ApiToken, _digest
from gonghui.campaigns import engine, services
from gonghui.campaigns.models import Campaign, Claim
from gonghui.members import services as member_services

from .conftest import campaign, member

REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture(autouse=True)
def _campaign_settings(settings):
    settings.CAMPAIGNS_KEY_PREFIX = f"test:{uuid.uuid4().hex[:8]}:"
    settings.CAMPAIGNS_RATE_LIMITS = (1000, 100000, 10)
    settings.REDIS_URL = ""
    engine._snapshots.clear()
    tokencache.clear()
    yield
    engine._snapshots.clear()
    tokencache.clear()
    if REDIS_URL:
        import redis

        r = redis.Redis.from_url(REDIS_URL)
        keys = list(r.scan_iter(f"{settings.CAMPAIGNS_KEY_PREFIX}*", count=1000))
        if keys:
            r.delete(*keys)


@pytest.fixture(params=["db", pytest.param("redis", marks=pytest.mark.redis)])
def path(request, settings):
    if request.param == "redis":
        if not REDIS_URL:
            pytest.skip("REDIS_URL is not set")
        settings.REDIS_URL = REDIS_URL
    return request.param


def live(c):
    return Claim.objects.filter(campaign=c).exclude(state="cancelled")


def _api(user):
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})


def _claim_api(client, c, token):
    return client.post(f"/api/v1/campaigns/{c.pk}/claim", {"token": token}, content_type="application/json")


def _payload(token):
    body = token.rsplit(".", 1)[0]
    return json.loads(base64.urlsafe_b64decode(body))


def _reads(ctx):
    return [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]


def _forge(token, **change):
    """The token's payload changed, its MAC kept (what a member editing the token would send)."""
    fields = ["c", "u", "m", "g", "number", "reason", "p", "share", "x", "j", "a"]
    payload = dict(zip(fields, _payload(token), strict=True)) | change
    body = base64.urlsafe_b64encode(json.dumps(list(payload.values()), separators=(",", ":")).encode()).decode()
    return f"{body}.{token.rsplit('.', 1)[1]}"


# --- the token carries exactly what the page decided ---------------------------------------------

def test_the_token_carries_the_pages_decision_and_nothing_else_passes(city, path):
    c = campaign(city, stock=5, limit=3)
    a, b = member(city), member(city)
    token = engine.issue_token(c, a)
    assert len(token) < 300 and _payload(token)[2] == a.pk
    assert engine.claim(c, a, _forge(token, m=b.pk), "10.0.0.1").reason == "bad_token"  # altered
    assert engine.claim(c, a, _forge(token, x=int(time.time()) + 3600), "10.0.0.1").reason == "bad_token"
    assert engine.claim(c, a, _forge(token, reason="not_eligible"), "10.0.0.1").reason == "bad_token"
    assert engine.claim(c, b, token, "10.0.0.1").reason == "bad_token"  # another member's
    assert engine.claim(c, a, engine.issue_token(c, a, ttl=-1), "10.0.0.1").reason == "bad_token"  # expired
    other = campaign(city, stock=5)
    assert engine.claim(other, a, token, "10.0.0.1").reason == "bad_token"  # another campaign's
    assert engine.claim(c, a, token, "10.0.0.1").issued
    assert engine.claim(c, a, token, "10.0.0.1").reason == "bad_token"  # spent
    assert live(c).count() == 1
    assert engine.TOKEN_MAX_AGE <= 120  # the README's window


def test_a_decision_holds_for_the_life_of_its_token(city, path):
    """A member who left after the page was shown claims with that page's token (the stated
    window, two minutes at most); a member refused by the page stays refused with its token."""
    c = campaign(city, stock=5, tags=["front_line"])
    eligible, refused = member(city, is_migrant_worker=True), member(city)
    good, bad = engine.issue_token(c, eligible), engine.issue_token(c, refused)
    member_services.record_event(eligible, acting_user=city.users["city"], kind="leave", reason="退会")
    refused.is_migrant_worker = True
    refused.save()
    assert engine.claim(c, eligible, good, "10.0.0.1").issued
    assert engine.claim(c, refused, bad, "10.0.0.1").reason == "not_eligible"
    assert engine.claim(c, refused, engine.issue_token(c, refused), "10.0.0.1").issued  # a new page decides anew
    assert engine.claim(c, eligible, engine.issue_token(c, eligible), "10.0.0.1").reason == "not_member"


def test_the_open_page_renews_its_token_before_it_expires(city, path):
    """A member waiting on the page for the opening hour claims without reloading: the page
    fetches a new token every TOKEN_RENEW_SECONDS, and each new token decides anew."""
    from django.urls import reverse

    c = campaign(city, stock=5, tags=["front_line"])
    m = member(city, login=True, is_migrant_worker=True)
    page = Client()
    page.force_login(m.user)
    html = page.get(reverse("campaigns:member_campaign", args=[c.pk])).content.decode()
    renew = reverse("campaigns:member_claim_token", args=[c.pk])
    assert f'hx-get="{renew}" hx-trigger="every {engine.TOKEN_RENEW_SECONDS}s"' in html
    assert engine.TOKEN_RENEW_SECONDS < engine.TOKEN_MAX_AGE
    first = _payload(html.split('name="token" value="', 1)[1].split('"', 1)[0])
    m.is_migrant_worker = False  # no longer in the campaign's group: the next token says so
    m.save()
    fresh = page.get(renew).content.decode().split('value="', 1)[1].split('"', 1)[0]
    assert _payload(fresh)[2] == m.pk and _payload(fresh)[9] != first[9]  # a new nonce
    assert engine.read_token(fresh).expires > first[8] - 1
    assert engine.claim(c, m, fresh, "10.0.0.1").reason == "not_eligible"
    other = member(city, login=True)
    stranger = Client()
    stranger.force_login(other.user)
    hidden = campaign(city, stock=5, union=city.grassroots2)  # not offered to 衡阳县's members
    assert stranger.get(reverse("campaigns:member_claim_token", args=[hidden.pk])).status_code == 404


def test_the_api_claims_from_the_token_alone(city, path):
    c = campaign(city, stock=5, limit=3)
    a, b = member(city, login=True), member(city, login=True)
    api_a, api_b = _api(a.user), _api(b.user)
    token = api_a.get(f"/api/v1/campaigns/{c.pk}").json()["claim_token"]
    assert _claim_api(api_b, c, token).json()["reason"] == "bad_token"  # another account's token
    assert _claim_api(api_a, c, _forge(token, m=b.pk)).json()["reason"] == "bad_token"
    _claim_api(api_a, c, engine.issue_token(c, a)).json()  # warms this process's copies (account, campaign)
    fresh = engine.issue_token(c, a)
    # no read at all: the account, the member and the campaign come from memory and the token
    with CaptureQueriesContext(connection) as ctx:
        r = _claim_api(api_a, c, fresh)
    reads = _reads(ctx)
    assert not reads, reads
    assert r.status_code == 201 and r.json()["claim"]["member_id"] == a.pk
    assert _claim_api(api_a, c, fresh).json()["reason"] == "bad_token"
    assert {x.member_id for x in live(c)} == {a.pk} and live(c).count() == 2


def test_a_claim_token_vouches_for_the_bearer_token_it_was_issued_to(city, path):
    """With Redis, a claim token the API issued vouches for the bearer token it was issued to:
    a process that never read that bearer token claims without reading it. Without Redis (no
    revocation marks) the bearer token is read as on every other request. Another bearer token,
    or none, gets no such word."""
    c = campaign(city, stock=5, limit=2)
    a, b = member(city, login=True), member(city, login=True)
    raw = ApiToken.issue(a.user)
    api_a, api_b = Client(headers={"Authorization": f"Bearer {raw}"}), _api(b.user)
    token = api_a.get(f"/api/v1/campaigns/{c.pk}").json()["claim_token"]
    assert _payload(token)[-1] == _digest(raw)[:32]
    assert Client().post(f"/api/v1/campaigns/{c.pk}/claim", {"token": token},
                         content_type="application/json").status_code == 401  # no bearer token
    assert _claim_api(api_b, c, token).json()["reason"] == "bad_token"  # b's bearer token, a's claim token
    _claim_api(api_a, c, engine.issue_token(c, a)).json()  # warms this process's copy of the campaign
    tokencache.clear()  # as in a process that never read a's bearer token
    with CaptureQueriesContext(connection) as ctx:
        r = _claim_api(api_a, c, token)
    assert r.status_code == 201 and r.json()["claim"]["member_id"] == a.pk
    reads = [q for q in _reads(ctx) if ApiToken._meta.db_table in q]
    assert len(reads) == (0 if path == "redis" else 1), reads


@pytest.mark.redis
def test_a_revoked_bearer_token_or_a_changed_account_takes_the_full_check(
        city, settings, django_capture_on_commit_callbacks):
    """The claim script takes a claim token's word for its bearer token only while no revocation
    mark is newer than the claim token: a revoked bearer token is refused (401) and its claim
    token is not spent; an account changed after the page gets the full check."""
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    settings.REDIS_URL = REDIS_URL
    settings.API_TOKEN_REVOKED_CHANNEL = f"test:{uuid.uuid4().hex[:8]}:revoked"
    c = campaign(city, stock=5)
    a, d = member(city, login=True), member(city, login=True)
    api = _api(a.user)
    token = api.get(f"/api/v1/campaigns/{c.pk}").json()["claim_token"]
    with django_capture_on_commit_callbacks(execute=True):
        account_services.revoke_api_tokens(a.user)  # signed out elsewhere: the mark is left in Redis
    assert _claim_api(api, c, token).status_code == 401
    assert _claim_api(_api(a.user), c, token).status_code == 201  # the new bearer token: not spent before

    api = _api(d.user)
    token = api.get(f"/api/v1/campaigns/{c.pk}").json()["claim_token"]
    tokencache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        d.user.full_name = "改名"
        d.user.save()
    with CaptureQueriesContext(connection) as ctx:
        r = _claim_api(api, c, token)
    assert r.status_code == 201
    assert [q for q in _reads(ctx) if ApiToken._meta.db_table in q]  # the bearer token was read again


# --- a changed campaign is obeyed at the next claim ----------------------------------------------

def _stale_copy(c):
    """This process holds the campaign as it was (another process's change reached it by no
    signal): its copy is kept a minute."""
    copy = engine.live_campaign(c.pk, fresh=True)
    engine._snapshots[c.pk] = (copy, time.monotonic() + 60)
    return copy


def _change_elsewhere(c, **values):
    """Another process changes the campaign: the database and Redis (its state dropped on
    commit), never this process's memory."""
    Campaign.objects.filter(pk=c.pk).update(**values)
    engine.forget_redis(c)


@pytest.mark.parametrize("signalled", [True, False])
def test_a_stock_cut_is_obeyed_at_the_next_claim(city, path, signalled):
    """A stock cut withdraws the slots above the new stock: the claims already issued are kept,
    and from the next claim on only the free slots under the new stock are issued."""
    c = campaign(city, stock=6)
    people = [member(city, login=True) for _ in range(7)]
    tokens = [engine.issue_token(c, m) for m in people]  # the pages were shown before the cut
    assert engine.claim(c, people[0], tokens[0], "10.0.0.1").issued
    assert engine.claim(c, people[1], tokens[1], "10.0.0.1").issued
    before = set(live(c).values_list("seq", flat=True))
    _stale_copy(c)
    if signalled:
        _change_elsewhere(c, stock=2)
    else:  # not even Redis was told: the version in Redis and the database's row still catch it
        Campaign.objects.filter(pk=c.pk).update(stock=2)
    outcomes = [engine.claim_with_token(c.pk, t, "10.0.0.1", user=m.user).reason or "issued"
                for m, t in zip(people[2:5], tokens[2:5], strict=True)]
    free = {1, 2} - before
    assert outcomes == ["issued"] * len(free) + ["sold_out"] * (3 - len(free))
    assert set(live(c).values_list("seq", flat=True)) == before | free
    c.refresh_from_db()
    c.stock = 3
    c.save()  # the service path: this process and Redis drop their copies at once
    r = engine.claim_with_token(c.pk, tokens[5], "10.0.0.1", user=people[5].user)
    assert r.issued == (3 not in before) and (not r.issued or r.claim.seq == 3)
    assert engine.claim_with_token(c.pk, tokens[6], "10.0.0.1", user=people[6].user).reason == "sold_out"


def test_a_cancelled_or_shortened_campaign_is_obeyed_at_the_next_claim(city, path):
    from django.utils import timezone

    c = campaign(city, stock=5)
    a, b, d = (member(city, login=True) for _ in range(3))
    ta, tb, td = (engine.issue_token(c, m) for m in (a, b, d))
    assert engine.claim_with_token(c.pk, ta, "10.0.0.1", user=a.user).issued
    _stale_copy(c)
    _change_elsewhere(c, ends_at=timezone.now())
    assert engine.claim_with_token(c.pk, tb, "10.0.0.1", user=b.user).reason == "ended"
    Campaign.objects.filter(pk=c.pk).update(ends_at=c.ends_at)
    engine._snapshots.clear()
    c.refresh_from_db()
    services.cancel_campaign(c, acting_user=city.users["publicity"], reason="停办")
    assert engine.claim_with_token(c.pk, td, "10.0.0.1", user=d.user).reason == "not_open"
    assert not live(c).exists()  # the cancellation cancelled a's claim too


def test_a_cancelled_campaign_is_obeyed_by_a_process_with_an_old_copy(city, path):
    c = campaign(city, stock=5)
    a = member(city, login=True)
    token = engine.issue_token(c, a)
    _stale_copy(c)
    _change_elsewhere(c, state=Campaign.State.CANCELLED)
    assert engine.claim_with_token(c.pk, token, "10.0.0.1", user=a.user).reason == "not_open"
    assert not live(c).exists()


# --- the bearer token's user, cached 30 s at most ---------------------------------------------------

def test_a_revoked_token_is_refused_at_once_here_and_within_30_s_elsewhere(city, monkeypatch):
    m = member(city, login=True)
    raw = ApiToken.issue(m.user)
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/api/v1/claims").status_code == 200
    assert _digest(raw) in tokencache._tokens
    account_services.revoke_api_tokens(m.user)  # here: forgotten at once
    assert api.get("/api/v1/claims").status_code == 401

    raw = ApiToken.issue(m.user)
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/api/v1/claims").status_code == 200
    # another process deletes it (this one hears nothing): trusted until its 30 s are over
    ApiToken.objects.filter(digest=_digest(raw))._raw_delete("default")
    assert api.get("/api/v1/claims").status_code == 200
    later = time.time() + tokencache.TTL + 0.5
    monkeypatch.setattr(tokencache.time, "time", lambda: later)
    assert api.get("/api/v1/claims").status_code == 401


def test_a_deactivated_account_is_refused_at_once(city):
    m = member(city, login=True)
    api = _api(m.user)
    assert api.get("/api/v1/claims").status_code == 200
    m.user.is_active = False
    m.user.save(update_fields=["is_active"])
    assert api.get("/api/v1/claims").status_code == 401


@pytest.mark.redis
def test_a_revocation_reaches_every_process_through_redis(city, settings):
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    settings.REDIS_URL = REDIS_URL
    settings.API_TOKEN_REVOKED_CHANNEL = f"test:{uuid.uuid4().hex[:8]}:revoked"
    m = member(city, login=True)
    raw = ApiToken.issue(m.user)
    tokencache._listener["pid"] = None  # listen on this test's channel
    tokencache._listen()
    time.sleep(1)  # the listener subscribes (and forgets what was read before it listened)
    assert tokencache.user_for(raw) is not None
    assert _digest(raw) in tokencache._tokens
    tokencache._publish(_digest(raw))  # another process revoked it: its message is all this one gets
    deadline = time.time() + 5
    while _digest(raw) in tokencache._tokens and time.time() < deadline:
        time.sleep(0.05)
    assert _digest(raw) not in tokencache._tokens
