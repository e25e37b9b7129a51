"""The claim engine: one member asks for one unit of a campaign; the answer says issued (with
the redemption code) or why not, at once.

Order of checks: campaign open → member eligible (and in the priority window or quota share)
→ claim token (signed, single use) → rate limits (per member, per IP) → a slot.

Two paths hold the same guarantees; the database constraints of `models.Claim` are the final
guard of both:

- **Redis** (``settings.REDIS_URL`` set): one Lua script, atomic in Redis and one round trip,
  counts the attempt against the rate limits, spends the token (SET NX), finds the member's
  lowest free claim number under the limit and pops a free slot from the pools the member may
  draw from. Refusals (over a rate limit, sold out, limit reached, reused token) never touch
  the database. The reserved (slot, number) is then written to the database before the member
  is told (see `GroupCommit`). If the database refuses it (possible only after Redis lost
  data, see below), the engine asks Redis again; if the database is unreachable, the
  reservation is given back to Redis.
- **Database only**: a slot comes from this process's `Dealer` (free slots read a window at a
  time, so concurrent claimers land on different rows and there is no hot counter row) and
  the claim number from the INSERT itself; a slot found taken is dropped and the next one
  tried. "Sold out" is remembered for a second in the cache so a sold-out rush does not rescan
  the slots. The token is spent (a `UsedToken` row) in the claim's own transaction, so a token
  yields at most one claim.

**Writing in batches.** Both paths write claims through `GroupCommit`: concurrent claims of
one process are written together, one transaction per batch, by a few writer threads, while
each claimer waits for its own batch. This is the batched write the flash rush needs, but
not a write *behind* the answer: an answer sent before the INSERT would lose its claim if the
process or Redis died in between, and the member would hold a code that exists nowhere.

Rate limits count every attempt per member and per IP in fixed windows: with Redis in the
claim script (or one pipelined round trip for an attempt refused before it), else in
Django's cache. An attempt over a limit adds to the report of suspicious bursts (`Burst`).

**Redis loss.** The Redis state of a campaign (a hash with `ready`, the pool lists of free
slots, the per-member claim-number bitmasks) is only a cache of the database: when `ready`
is missing the engine rebuilds it from the live claims in the database under a short lock
(SET NX) and claimers wait for it. A reservation in flight during the loss may be handed out
twice; the unique indexes refuse the second INSERT, and the engine retries, so nothing is
over-issued. Tokens spent only in lost Redis keys could be replayed once: each still needs a
free slot and the member's limit, so no guarantee depends on them.
"""

import base64
import functools
import hashlib
import hmac
import itertools
import json
import logging
import os
import random
import secrets
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts import tokencache
from gonghui.members.models import IN_GOOD_STANDING

from .models import Burst, Campaign, CampaignQuota, Claim, UsedToken

log = logging.getLogger(__name__)

TOKEN_SALT = "gonghui.campaigns.claim"  # noqa: S105 (a namespace, not a secret)
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: typed by a clerk from a phone
CODE_LENGTH = 10
MAX_TRIES = 30
OUTDOOR_JOBS = ("环卫", "快递", "外卖", "骑手", "配送", "建筑", "园林", "货运", "司机", "交警", "保洁", "装卸")


def key_prefix():
    return getattr(settings, "CAMPAIGNS_KEY_PREFIX", "gh:campaigns:")


def campaign_key(campaign):
    """The campaign's name in Redis and cache keys: its id and the start of its seed hash, so a
    new campaign that reuses an id (a test database, a restored backup) never meets old keys."""
    return f"{campaign.pk}.{campaign.seed_hash[:10]}"


def rate_limits():
    """(member attempts, IP attempts, window seconds)."""
    return getattr(settings, "CAMPAIGNS_RATE_LIMITS", (10, 120, 10))


REASONS = {
    "not_started": lambda: _("The campaign has not started yet."),
    "ended": lambda: _("The campaign has ended."),
    "not_open": lambda: _("The campaign is not open."),
    "sold_out": lambda: _("Sold out: every unit has been claimed."),
    "limit": lambda: _("You have reached the limit for this campaign."),
    "not_member": lambda: _("Only union members in good standing can claim."),
    "not_eligible": lambda: _("You are not eligible for this campaign."),
    "priority": lambda: _("The priority window is open only to members with a hardship file and model workers."),
    "no_share": lambda: _("Your union has no share of this campaign, and no unclaimed share has been released yet."),
    "lottery": lambda: _("This campaign is a lottery: sign up, and the draw decides."),
    "bad_token": lambda: _("The claim token is forged, expired or already used; reload the page and try again."),
    "rate_limited": lambda: _("Too many attempts; wait a few seconds and try again."),
    "busy": lambda: _("Too many people are claiming at this moment; try again."),
}


@dataclass
class Result:
    issued: bool
    reason: str = ""  # a key of REASONS when refused
    claim: Claim | None = None

    @property
    def code(self):
        return self.claim.code if self.claim else ""

    @property
    def message(self):
        if self.issued:
            return _("Claimed! Your redemption code is %(code)s.") % {"code": self.code}
        return REASONS[self.reason]()


def refused(reason):
    return Result(False, reason)


# --- tokens ------------------------------------------------------------------------------------
#
# The page decides, the claim only checks. The campaign page (or GET /api/v1/campaigns/{id})
# issues a token that carries what the page decided about the member: campaign, account and
# member, the member's union (written on the claim row) and number (the rate limit's key), the
# member-level eligibility (a refusal reason, or none), whether the member is in the priority
# groups, the member's own quota share, and the token's expiry (TOKEN_MAX_AGE, two minutes at
# most) and nonce. It is signed with keyed BLAKE2b (a MAC in one call, keyed from SECRET_KEY);
# a claim verifies it and reads no member from the database. The campaign's own state (open,
# times, stock, released quota shares, the priority window) is checked at the claim against
# the campaign as it is now (see `live_campaign`). A member suspended after the page was shown
# can still claim with that page's token until it expires: two minutes at most.
#
# A token the API issued also carries the caller's bearer token (the first half of its SHA-256,
# as `ApiToken.digest` holds it): the page read that bearer token from the database and found it
# valid. With Redis, a claim that presents the same bearer token is therefore let through without
# reading it again; the claim script refuses that shortcut when the bearer token was revoked, or
# the account changed, after the page issued the claim token (tokencache's revocation marks), and
# the claim then takes the full check.

TOKEN_MAX_AGE = 120  # seconds; the README promises at most two minutes
TOKEN_RENEW_SECONDS = 90  # the open page fetches a new token this often, before the old one expires


@dataclass(frozen=True)
class Token:
    campaign_id: int
    user_id: int | None
    member_id: int
    union_id: int
    number: str
    reason: str  # the member-level refusal the page decided ("" when eligible)
    priority: bool  # a hardship file or a model worker: may claim in the priority window
    share: tuple | None  # (first, last) slots of the member's own quota share
    expires: int
    nonce: str
    bearer: str = ""  # the API caller's bearer token digest, first 32 hex digits ("" from a page)


@dataclass
class MemberRef:
    """What a claim needs of the member, as the token carries it; `bearer` and `issued` when the
    caller's account is vouched for by the token alone (the claim script checks no revocation
    came after `issued`)."""

    pk: int
    union_id: int
    number: str
    user_id: int | None = None
    bearer: str = ""
    issued: int = 0


@functools.cache
def _token_key(secret):
    return hashlib.blake2b(f"{TOKEN_SALT}:{secret}".encode(), digest_size=32).digest()


def _mac(body):
    key = _token_key(settings.SECRET_KEY)
    return base64.urlsafe_b64encode(hashlib.blake2b(body, key=key, digest_size=18).digest())


def member_reason(campaign, member):
    """The member-level part of `eligibility`: None, "not_member" or "not_eligible"."""
    if member is None or member.status not in IN_GOOD_STANDING:
        return "not_member"
    if not (member.union_path or member.union.path).startswith(campaign.union.path):
        return "not_eligible"
    if campaign.tags and not member_tags(member) & set(campaign.tags):
        return "not_eligible"
    return None


def issue_token(campaign, member, ttl=TOKEN_MAX_AGE, bearer=""):
    """A signed single-use token for one claim attempt, put in the campaign page's form; it
    carries the page's decision about `member` (see above) and, from the API, the digest of the
    caller's valid `bearer` token."""
    reason = member_reason(campaign, member) or ""
    priority = bool(member_tags(member) & PRIORITY_TAGS) if campaign.mode == Campaign.Mode.PRIORITY else False
    share = own_share(campaign, member) if campaign.mode == Campaign.Mode.QUOTA else None
    payload = [campaign.pk, member.user_id, member.pk, member.union_id, member.number, reason, int(priority),
               list(share) if share else None, int(time.time() + ttl), secrets.token_hex(12),
               bearer[:tokencache.BEARER_HEX]]
    body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode())
    return (body + b"." + _mac(body)).decode()


def read_token(token):
    """The Token if it is genuine and unexpired; else None (forged, altered, expired, garbled)."""
    if not isinstance(token, str) or len(token) > 1000:
        return None
    body, _dot, mac = token.encode().rpartition(b".")
    if not body or not hmac.compare_digest(mac, _mac(body)):
        return None
    try:
        c, u, m, g, number, reason, priority, share, expires, nonce, bearer = json.loads(base64.urlsafe_b64decode(body))
    except (ValueError, TypeError):
        return None
    if expires < time.time() or reason not in ("", "not_member", "not_eligible") or len(nonce) != 24:
        return None
    return Token(c, u, m, g, number, reason, bool(priority), tuple(share) if share else None, expires, nonce,
                 bearer if isinstance(bearer, str) else "")


# --- the campaign as it is now, per process ----------------------------------------------------

SNAPSHOT_SECONDS = 2  # a refusal read from the process's copy is at most this old
_snapshots = {}


def fingerprint(campaign):
    """The campaign's version: what a claim depends on. Kept in its Redis state; the claim script
    refuses a claimer whose copy has another (the claimer reads the campaign again)."""
    quotas = _quotas(campaign)
    text = repr((campaign.state, campaign.stock, campaign.per_member_limit, campaign.mode,
                 campaign.starts_at.timestamp(), campaign.ends_at.timestamp(),
                 campaign.priority_until.timestamp() if campaign.priority_until else None,
                 [(a, b, r.timestamp(), p) for a, b, r, p in quotas], campaign.seed_hash))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def live_campaign(campaign_id, fresh=False):
    """The campaign as this process knows it (read again after SNAPSHOT_SECONDS, or `fresh`),
    with its quotas and fingerprint; None when there is no such campaign."""
    now = time.monotonic()
    hit = _snapshots.get(campaign_id)
    if hit is not None and not fresh and hit[1] > now:
        return hit[0]
    campaign = Campaign.objects.select_related("union").filter(pk=campaign_id).first()
    if campaign is None:
        _snapshots.pop(campaign_id, None)
        return None
    _quotas(campaign)
    campaign._fingerprint = fingerprint(campaign)
    if len(_snapshots) > 1000:
        _snapshots.clear()
    _snapshots[campaign_id] = (campaign, now + SNAPSHOT_SECONDS)
    return campaign


def campaign_changed(campaign):
    """A campaign (or its quotas) changed: this process reads it again, and its Redis state is
    dropped after the change commits (rebuilt, with the new version, at the next claim; other
    processes see the new version there and read the campaign again)."""
    _snapshots.pop(campaign.pk, None)
    transaction.on_commit(lambda: forget_redis(campaign))


def _version(campaign):
    fp = getattr(campaign, "_fingerprint", None)
    if fp is None:
        fp = campaign._fingerprint = fingerprint(campaign)
    return fp


# --- rate limits and bursts --------------------------------------------------------------------

class Rates:
    """One attempt's rate-limit windows: (kind, key, limit, counter key) for the member and the
    IP, in the current fixed window."""

    def __init__(self, campaign, member, ip):
        member_limit, ip_limit, self.window = rate_limits()
        self.campaign = campaign
        self.bucket = int(time.time() // self.window)
        self.checks = [(kind, key, limit, f"{key_prefix()}rl:{campaign_key(campaign)}:{kind}:{key}:{self.bucket}")
                       for kind, key, limit in (("member", member.number if member else None, member_limit),
                                                ("ip", ip, ip_limit)) if key]

    def judge(self, counts):
        """False when a count is over its limit; an attempt just over it (and every tenth after)
        goes into the report of suspicious bursts."""
        ok = True
        for (kind, key, limit, _k), n in zip(self.checks, counts, strict=True):
            if n > limit:
                ok = False
                if n == limit + 1 or n % 10 == 0:
                    _record_burst(self.campaign, kind, key, self.bucket * self.window, n)
        return ok


def _rates_ok(campaign, member, ip):
    """Count this attempt against the member's and the IP's windows; False when either is over.
    With Redis both counters move in one pipelined round trip (a claim that reaches the claim
    script counts there instead); else through Django's cache."""
    rates = Rates(campaign, member, ip)
    if not settings.REDIS_URL:
        return rates.judge([_count(k, rates.window) for _kind, _key, _limit, k in rates.checks])
    r, _claim, _release = redis_client()
    pipe = r.pipeline(transaction=False)
    for _kind, _key, _limit, k in rates.checks:
        pipe.incr(k)
        pipe.expire(k, rates.window * 2)
    return rates.judge(pipe.execute()[::2])


def _count(ck, window):
    cache.add(ck, 0, window * 2)
    try:
        return cache.incr(ck)
    except ValueError:  # expired between add and incr
        cache.add(ck, 1, window * 2)
        return 1


def _record_burst(campaign, kind, key, start, attempts):
    from datetime import UTC, datetime

    window_start = datetime.fromtimestamp(start, tz=UTC)
    try:
        with transaction.atomic():
            b, created = Burst.objects.get_or_create(campaign=campaign, kind=kind, key=str(key)[:64],
                                                     window_start=window_start, defaults={"attempts": attempts})
            if not created and b.attempts < attempts:
                Burst.objects.filter(pk=b.pk).update(attempts=attempts)
    except (IntegrityError, OperationalError):  # a report line lost under load is no harm
        pass


# --- eligibility -------------------------------------------------------------------------------

def member_tags(member):
    """The eligibility tags a member carries (see Campaign.Tag)."""
    from gonghui.hardship.queries import active_categories

    tags = set()
    if member.is_model_worker:
        tags.add("model_worker")
    if member.is_migrant_worker:
        tags.add("front_line")
    if member.is_gig_worker:
        tags.add("gig")
    if any(word in (member.job or "") for word in OUTDOOR_JOBS) or member.is_gig_worker:
        tags.add("outdoor")
    if member.has_hardship_file or active_categories([member.pk]):
        tags.add("hardship")
    return tags


PRIORITY_TAGS = {"hardship", "model_worker"}


def tag_lookups(tags):
    """Member field lookups, one dict per alternative, that select the members carrying one of
    `tags` (as member_tags reads them; a hardship category without the member's flag is missed,
    and the flag is kept in step by the hardship services). Empty for a campaign open to all."""
    out = []
    for tag in sorted(set(tags or ())):
        if tag == "model_worker":
            out.append({"is_model_worker": True})
        elif tag == "front_line":
            out.append({"is_migrant_worker": True})
        elif tag == "gig":
            out.append({"is_gig_worker": True})
        elif tag == "hardship":
            out.append({"has_hardship_file": True})
        elif tag == "outdoor":
            out.append({"is_gig_worker": True})
            out.extend({"job__contains": word} for word in OUTDOOR_JOBS)
    return tuple(out)


def eligibility(campaign, member, now=None):
    """None when the member may claim now, else the reason (a key of REASONS)."""
    now = now or timezone.now()
    if campaign.state != Campaign.State.PUBLISHED:
        return "not_open"
    if now < campaign.starts_at:
        return "not_started"
    if now >= campaign.ends_at:
        return "ended"
    if member is None or member.status not in IN_GOOD_STANDING:
        return "not_member"
    if not (member.union_path or member.union.path).startswith(campaign.union.path):
        return "not_eligible"
    tags = None
    if campaign.tags:
        tags = member_tags(member)
        if not tags & set(campaign.tags):
            return "not_eligible"
    if campaign.mode == Campaign.Mode.PRIORITY and campaign.priority_until and now < campaign.priority_until:
        tags = member_tags(member) if tags is None else tags
        if not tags & PRIORITY_TAGS:
            return "priority"
    return None


def own_share(campaign, member):
    """The (first, last) slots of the quota share of the member's union (the deepest share
    above it), or None."""
    path = member.union_path or member.union.path
    own = max((q for q in _quotas(campaign) if path.startswith(q[3])), key=lambda q: len(q[3]), default=None)
    return (own[0], own[1]) if own else None


def _clamp(campaign, out):
    """Ranges within the stock as it is now (a stock cut leaves the slots above it out)."""
    return [(lo, min(hi, campaign.stock)) for lo, hi in out if lo <= campaign.stock]


def ranges(campaign, share, now=None):
    """The slot ranges (first, last) a member whose own quota share is `share` may draw from
    now, in order of preference: the own share, the shares released by now, the stock no share
    holds."""
    now = now or timezone.now()
    if campaign.mode != Campaign.Mode.QUOTA:
        return [(1, campaign.stock)]
    quotas = _quotas(campaign)
    share = tuple(share) if share else None
    out = [share] if share and any((q[0], q[1]) == share for q in quotas) else []
    out += [(q[0], q[1]) for q in quotas if (q[0], q[1]) != share and q[2] <= now]
    allotted = max((q[1] for q in quotas), default=0)
    if allotted < campaign.stock:
        out.append((allotted + 1, campaign.stock))
    return _clamp(campaign, out)


def all_ranges(campaign):
    if campaign.mode != Campaign.Mode.QUOTA:
        return [(1, campaign.stock)]
    quotas = _quotas(campaign)
    out = [(q[0], q[1]) for q in quotas]
    allotted = max((q[1] for q in quotas), default=0)
    if allotted < campaign.stock:
        out.append((allotted + 1, campaign.stock))
    return _clamp(campaign, out)


def _quotas(campaign):
    cached = getattr(campaign, "_quota_rows", None)
    if cached is None:
        cached = [(q.first_seq, q.last_seq, q.release_at, q.union.path)
                  for q in CampaignQuota.objects.filter(campaign=campaign).select_related("union")]
        campaign._quota_rows = cached
    return cached


# --- the claim ---------------------------------------------------------------------------------

def new_code():
    """A random redemption code (32 symbols: each random byte picks one without bias)."""
    return "".join(CODE_ALPHABET[b % 32] for b in secrets.token_bytes(CODE_LENGTH))


def claim(campaign, member, token, ip, now=None):
    """Try to issue one unit of `campaign` to `member` with the page's `token` (see the module
    docstring). A database that stays locked past `busy_seconds()` gets the answer "busy" (try
    again), never an error; inside a caller's transaction the error goes up to it (the
    transaction is broken)."""
    now = now or timezone.now()
    reason = campaign_reason(campaign, now)
    if reason is None and member is None:
        reason = "not_member"
    if reason is not None:
        if not _rates_ok(campaign, member, ip):
            return refused("rate_limited")
        return refused(reason)
    t = read_token(token)
    if t is None or t.campaign_id != campaign.pk or t.member_id != member.pk:
        if not _rates_ok(campaign, member, ip):
            return refused("rate_limited")
        return refused("bad_token")
    return _guarded(campaign, t, ip, now, member)


def claim_with_token(campaign_id, token, ip, *, user=None, bearer=""):
    """The API's hot path: the claim with the page's `token`, read from the token and the
    process's copy of the campaign, without a query of its own. The caller's account is proved
    by `user` (the request's authenticated account) or, with Redis, by `bearer`: the digest of
    the bearer token the request presents, when the claim token was issued to that same bearer
    token and no revocation came after (the claim script checks; see the tokens section). None
    when neither proves it, or the token is not a genuine, unexpired token of this campaign: the
    caller then takes the slow path (which authenticates and says why)."""
    t = read_token(token)
    if t is None or t.campaign_id != campaign_id or t.user_id is None:
        return None
    member = None
    if user is None or user.pk != t.user_id:
        vouched = bearer and t.bearer and hmac.compare_digest(bearer[:tokencache.BEARER_HEX], t.bearer)
        if not (vouched and settings.REDIS_URL):  # the revocation marks live in Redis
            return None
        member = MemberRef(t.member_id, t.union_id, t.number, t.user_id, t.bearer, t.expires - TOKEN_MAX_AGE)
    campaign = live_campaign(campaign_id)
    if campaign is None:
        return None
    try:
        return _guarded(campaign, t, ip, timezone.now(), member)
    except _Recheck:
        return None


def campaign_reason(campaign, now):
    """The campaign-level refusal (not open, not started, ended) or None."""
    if campaign.state != Campaign.State.PUBLISHED:
        return "not_open"
    if now < campaign.starts_at:
        return "not_started"
    if now >= campaign.ends_at:
        return "ended"
    return None


class _Recheck(Exception):  # noqa: N818 - a signal, not an error
    """The bearer token a claim token vouches for was revoked (or its account changed) after the
    token was issued: authenticate the request in full."""


class _Stale(Exception):  # noqa: N818 - a signal, not an error
    """The campaign changed since this process read it: judge the claim again with `fresh`."""

    def __init__(self, fresh):
        super().__init__()
        self.fresh = fresh


def _guarded(campaign, t, ip, now, member):
    try:
        for _attempt in range(3):
            try:
                return _judge(campaign, t, ip, now, member)
            except _Stale as stale:
                if stale.fresh is None:
                    return refused("not_open")
                campaign = stale.fresh
        return refused("busy")
    except OperationalError:
        if connection.in_atomic_block:
            raise
        log.warning("claim of campaign %s refused as busy: the database stayed locked", campaign.pk, exc_info=True)
        return refused("busy")


def _judge(campaign, t, ip, now, member=None):
    """The claim-time checks of a genuine token: the campaign as it is now, the page's decision
    about the member, the priority window and the released quota shares; then a slot."""
    m = member if member is not None else MemberRef(t.member_id, t.union_id, t.number, t.user_id)
    reason = campaign_reason(campaign, now) or t.reason or None
    if reason is None and campaign.mode == Campaign.Mode.LOTTERY:
        reason = "lottery"
    if (reason is None and campaign.mode == Campaign.Mode.PRIORITY and campaign.priority_until
            and now < campaign.priority_until and not t.priority):
        reason = "priority"
    allowed = None
    if reason is None:
        allowed = ranges(campaign, t.share, now)
        reason = None if allowed else "no_share"
    if reason is None and settings.REDIS_URL:  # the claim script counts the attempt itself
        return _claim_redis(campaign, m, t.nonce, allowed, now, Rates(campaign, m, ip))
    if not _rates_ok(campaign, m, ip):
        return refused("rate_limited")
    if reason is not None:
        return refused(reason)
    return claim_db(campaign, m, allowed, now, nonce=t.nonce)


SCAN_WINDOW = 256


def _free_window(campaign, allowed, rng, flying=frozenset()):
    """The free slots of a window of SCAN_WINDOW slots, less those in `flying` (dealt, not yet
    written): windows are read from a random point on (an index range each) until one has a
    free slot, so a nearly full campaign costs a few small reads, not a read of every slot.
    Empty when every allowed slot is taken or in flight."""
    windows = [(a, min(a + SCAN_WINDOW - 1, hi)) for lo, hi in allowed for a in range(lo, hi + 1, SCAN_WINDOW)]
    start = rng.randrange(len(windows))
    live = Claim.objects.filter(campaign=campaign).exclude(state=Claim.State.CANCELLED)
    for a, b in windows[start:] + windows[:start]:
        taken = set(live.filter(seq__gte=a, seq__lte=b).values_list("seq", flat=True))
        free = [x for x in range(a, b + 1) if x not in taken and x not in flying]
        if free:
            return free
    return []


# --- writing claims: group commit --------------------------------------------------------------

TOKEN_USED = "token_used"  # noqa: S105 (an outcome, not a secret)
TAKEN = "taken"  # the slot (or, on the Redis path, the claim number) is taken: try another
AT_LIMIT = "at_limit"  # the member holds as many live claims as the limit allows
RACED = "raced"  # the claim number went to the member's other claim a moment before: try again
CHANGED = "changed"  # the campaign is no longer open for this row (cancelled, ended, stock cut)


@dataclass
class Row:
    """A claim to write: the slot and claim number chosen, and on the database path the token
    spent with it."""

    campaign: Campaign
    member: object
    seq: int
    n: int | None  # None: the lowest free claim number under the limit, found by the INSERT itself
    now: object
    nonce: str | None = None
    code: str = field(default_factory=lambda: new_code())


# PostgreSQL: deadlock detected, serialization failure, lock_timeout (see _lock_timeout)
RETRYABLE = {"40P01", "40001", "55P03"}


def write_rows(rows):
    """Write claim rows in one transaction of two statements, whatever their number: the tokens
    (a token already spent is skipped), then the claims whose token was spent now or that came
    with none (a slot or claim number already taken is skipped: the unique indexes decide). Each
    row's outcome: its saved Claim, TOKEN_USED or TAKEN. A CHECK failure (a bug: a slot beyond the
    stock) fails the statement; the rows are then written one by one so only that row fails.

    Two batches that meet on each other's new rows can deadlock (each waits for the other to
    decide a conflict); rows go in slot order so that is rare, and the batch PostgreSQL picks
    to abort is written again. SQLite's single writer is waited for. A database that stays
    locked (another writer holding SQLite's lock, a table lock on PostgreSQL) is waited for
    `busy_seconds()` at most, then the OperationalError goes up: the claim answers "busy"."""
    order = sorted(range(len(rows)), key=lambda i: (rows[i].campaign.pk, rows[i].seq))
    deadline = time.monotonic() + busy_seconds()
    own = not connection.in_atomic_block  # else the caller's transaction: its waits are its own
    try:
        for attempt in itertools.count():
            try:
                if own:
                    _wait_at_most(deadline)
                with transaction.atomic():
                    if own and connection.vendor == "postgresql":
                        _lock_timeout(deadline)
                    outs = _write([rows[i] for i in order])
                break
            except IntegrityError:
                if len(rows) == 1:
                    return [TAKEN]
                return [write_rows([row])[0] for row in rows]
            except OperationalError as exc:
                retry = connection.vendor == "sqlite" or getattr(exc.__cause__, "sqlstate", None) in RETRYABLE
                if not retry or time.monotonic() >= deadline:
                    raise
                time.sleep(random.uniform(0.001, 0.004) * min(attempt + 1, 20))
    finally:
        if own:
            _wait_at_most(None)
    result = [None] * len(rows)
    for i, out in zip(order, outs, strict=True):
        result[i] = out
    return result


def busy_seconds():
    """How long a claim waits for a database that stays locked before it answers "busy"."""
    return getattr(settings, "CAMPAIGNS_BUSY_SECONDS", 10)


def _wait_at_most(deadline):
    """SQLite: the next transaction waits for the write lock until `deadline` at most (the
    connection's busy timeout; BEGIN IMMEDIATE takes the lock as the transaction opens); None
    puts back the configured timeout."""
    if connection.vendor != "sqlite":
        return
    if deadline is None:
        if connection.connection is None:
            return
        ms = int(connection.settings_dict["OPTIONS"].get("timeout", 5) * 1000)
    else:
        connection.ensure_connection()
        ms = max(int((deadline - time.monotonic()) * 1000), 1)
    connection.connection.execute(f"PRAGMA busy_timeout = {ms}")


def _lock_timeout(deadline):
    """PostgreSQL: this transaction's lock waits end at `deadline` (a table locked by a
    maintenance job would otherwise hold every claimer until the web server's timeout)."""
    ms = max(int((deadline - time.monotonic()) * 1000), 1)
    with connection.cursor() as cur:
        cur.execute(f"SET LOCAL lock_timeout = {ms}")


MAX_LIMIT = 30  # claim numbers a member may hold per campaign (the Redis script keeps them as bits)
CLAIM_COLUMNS = (("campaign_id", "integer"), ("member_id", "integer"), ("union_id", "integer"), ("seq", "integer"),
                 ("stock_cap", "integer"), ("n", "integer"), ("limit_cap", "integer"), ("code", "text"),
                 ("issued_at", "timestamptz"))
TOKEN_COLUMNS = (("nonce", "text"), ("used_at", "timestamptz"))


def _json_rows(columns):
    """A FROM clause reading rows from one JSON parameter (a list of objects): the statement's
    text is the same for any number of rows, so the driver and the database parse it once."""
    if connection.vendor == "postgresql":
        return f"json_to_recordset(%s::json) AS r({', '.join(f'{c} {kind}' for c, kind in columns)})"
    picked = ", ".join(f"json_extract(value, '$.{c}') AS {c}" for c, _kind in columns)
    return f"(SELECT {picked} FROM json_each(%s)) AS r"  # noqa: S608 - names from the model


@functools.cache
def _sql(vendor):
    """(tokens INSERT, claims INSERT) for the database vendor. A claim is written only while its
    campaign, as the database holds it now, is published, open at the claim's time and has
    the slot within its stock (a change after the claimer read the campaign is obeyed here);
    the caps come from that row too. A claim row without a number gets
    the member's lowest free one (the `numbers` CTE and NOT EXISTS over the member's live
    claims) and is left out when none is free; a slot or number already taken is left out by
    ON CONFLICT DO NOTHING; RETURNING tells which rows were written."""
    table, names = Claim._meta.db_table, ", ".join(c for c, _k in CLAIM_COLUMNS)
    numbers = ", ".join(f"({i})" for i in range(1, MAX_LIMIT + 1))
    tokens = (f"INSERT INTO {UsedToken._meta.db_table} (nonce, used_at) SELECT r.nonce, r.used_at "  # noqa: S608 - names from the model
              f"FROM {_json_rows(TOKEN_COLUMNS)} WHERE true ON CONFLICT DO NOTHING RETURNING nonce")
    campaigns = Campaign._meta.db_table
    claims = (f"WITH numbers(n) AS (VALUES {numbers}) "  # noqa: S608 - names from the model
              f"INSERT INTO {table} ({names}, state) SELECT x.*, 'issued' FROM (SELECT r.campaign_id, r.member_id, "
              f"r.union_id, r.seq, cp.stock, COALESCE(r.n, (SELECT MIN(k.n) FROM numbers k WHERE "
              f"k.n <= cp.per_member_limit AND NOT EXISTS (SELECT 1 FROM {table} c WHERE c.campaign_id = r.campaign_id "
              f"AND c.member_id = r.member_id AND c.n = k.n AND c.state <> 'cancelled'))) AS n, cp.per_member_limit, "
              f"r.code, r.issued_at FROM {_json_rows(CLAIM_COLUMNS)} JOIN {campaigns} cp ON cp.id = r.campaign_id "
              f"WHERE cp.state = 'published' AND r.seq <= cp.stock AND cp.starts_at <= r.issued_at "
              f"AND cp.ends_at > r.issued_at) x WHERE x.n IS NOT NULL "
              f"ON CONFLICT DO NOTHING RETURNING id, code, n")
    return tokens, claims


def _write(rows):
    tokens_sql, claims_sql = _sql(connection.vendor)
    spent = set()
    with connection.cursor() as cur:
        tokens = [{"nonce": r.nonce, "used_at": _when(r.now)} for r in rows if r.nonce]
        if tokens:
            cur.execute(tokens_sql, [json.dumps(tokens)])
            spent = {nonce for (nonce,) in cur.fetchall()}
        out = [None if not r.nonce or r.nonce in spent else TOKEN_USED for r in rows]
        todo = [r for r, o in zip(rows, out, strict=True) if o is None]
        saved = {}
        if todo:
            cur.execute(claims_sql, [json.dumps([
                {"campaign_id": r.campaign.pk, "member_id": r.member.pk, "union_id": r.member.union_id,
                 "seq": r.seq, "stock_cap": r.campaign.stock, "n": r.n, "limit_cap": r.campaign.per_member_limit,
                 "code": r.code, "issued_at": _when(r.now)} for r in todo])])
            saved = {code: (pk, n) for pk, code, n in cur.fetchall()}
        why = _left_out(cur, [r for r in todo if r.code not in saved])
    for i, r in enumerate(rows):
        if out[i] is None:
            out[i] = _claim_of(r, *saved[r.code]) if r.code in saved else why[r.code]
    return out


def _left_out(cur, skipped):
    """Why rows were left out, in one query (and only when some were): {row code: AT_LIMIT when
    the member holds the limit, TAKEN when the slot is taken, else RACED (the member's claim
    number was taken a moment before by the member's other claim: try again)}."""
    if not skipped:
        return {}
    now_open = {pk: (state, stock, starts, ends) for pk, state, stock, starts, ends in Campaign.objects.filter(
        pk__in={r.campaign.pk for r in skipped}).values_list("pk", "state", "stock", "starts_at", "ends_at")}
    changed = set()
    for r in skipped:
        state, stock, starts, ends = now_open.get(r.campaign.pk, (None, 0, None, None))
        if state != Campaign.State.PUBLISHED or r.seq > stock or not starts <= r.now < ends:
            changed.add(r.code)
    skipped = [r for r in skipped if r.code not in changed]
    if not skipped:
        return dict.fromkeys(changed, CHANGED)
    campaigns = sorted({r.campaign.pk for r in skipped})
    members = sorted({r.member.pk for r in skipped})
    seqs = sorted({r.seq for r in skipped})
    marks = lambda values: ", ".join(["%s"] * len(values))  # noqa: E731
    cur.execute(f"SELECT campaign_id, member_id, seq FROM {Claim._meta.db_table} "  # noqa: S608 - names from the model
                f"WHERE state <> 'cancelled' AND campaign_id IN ({marks(campaigns)}) "
                f"AND (member_id IN ({marks(members)}) OR seq IN ({marks(seqs)}))", [*campaigns, *members, *seqs])
    held, slots = {}, set()
    for c, m, seq in cur.fetchall():
        held[(c, m)] = held.get((c, m), 0) + 1
        slots.add((c, seq))
    return dict.fromkeys(changed, CHANGED) | {
        r.code: AT_LIMIT if held.get((r.campaign.pk, r.member.pk), 0) >= r.campaign.per_member_limit
        else TAKEN if (r.campaign.pk, r.seq) in slots else RACED for r in skipped}


def _when(dt):
    """A time as the database reads it from JSON text."""
    return str(connection.ops.adapt_datetimefield_value(dt))


def _claim_of(row, pk, n):
    c = Claim(id=pk, campaign=row.campaign, member_id=row.member.pk, union_id=row.member.union_id, seq=row.seq,
              stock_cap=row.campaign.stock, n=n, limit_cap=row.campaign.per_member_limit, code=row.code,
              state=Claim.State.ISSUED, issued_at=row.now)
    if not isinstance(row.member, MemberRef):
        c.member = row.member
    c._state.adding = False
    c._state.db = connection.alias
    return c


class GroupCommit:
    """Claims of concurrent requests in one process written together (group commit): a request
    queues its row and sleeps on its own event; WRITERS writer threads each take every row
    queued so far and write them in one transaction. A rush costs one transaction per batch,
    not per claim, and every claim is in the database before its member is told. A caller
    inside its own transaction writes its row itself, in that transaction (a writer's
    connection would not see that transaction's rows, and must not commit them)."""

    WRITERS = 4  # batches in flight at once: the database commits one while the next is sent

    def __init__(self):
        self._cond = threading.Condition()
        self._queue = []
        self._threads = []
        self._pid = None
        self._stopping = False

    def write(self, row):
        if connection.in_atomic_block:
            return _raise_or(write_rows([row])[0])
        mine = _Waiter(row)
        with self._cond:
            self._start_writers()
            self._queue.append(mine)
            self._cond.notify()
        mine.event.wait()
        return _raise_or(mine.out)

    def stop(self):
        """Let the writers write what is queued, close their database connections and end (a
        worker shutting down; tests, before their database is dropped). The next claim starts
        new ones."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            threads = list(self._threads)
        for t in threads:
            t.join(timeout=10)
        with self._cond:
            self._stopping = False

    def _start_writers(self):
        """Called with the lock held on each write: cheap unless writers are missing (a writer
        leaves `_threads` as it ends)."""
        if self._pid != os.getpid():  # a forked worker starts its own writers
            self._pid, self._threads = os.getpid(), []
        while len(self._threads) < self.WRITERS:
            t = threading.Thread(target=self._writer, name="claim-writer", daemon=True)
            t.start()
            self._threads.append(t)

    def _writer(self):
        try:
            while True:
                with self._cond:
                    while not self._queue and not self._stopping:
                        self._cond.wait()
                    if not self._queue:
                        return
                    batch, self._queue = self._queue, []
                try:
                    outs = write_rows([w.row for w in batch])
                except Exception as exc:  # noqa: BLE001 - every waiter gets the failure of its write
                    outs = [exc] * len(batch)
                    connection.close_if_unusable_or_obsolete()
                for w, out in zip(batch, outs, strict=True):
                    w.out = out
                    w.event.set()
        finally:
            connection.close()
            with self._cond:
                if threading.current_thread() in self._threads:
                    self._threads.remove(threading.current_thread())


class _Waiter:
    __slots__ = ("event", "out", "row")

    def __init__(self, row):
        self.row, self.out, self.event = row, None, threading.Event()


def _raise_or(outcome):
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


GROUP = GroupCommit()


def _sold_out_key(campaign, allowed):
    return f"{key_prefix()}soldout:{campaign_key(campaign)}:{hash(tuple(allowed))}"


def claim_db(campaign, member, allowed, now=None, rng=random, nonce=None):
    """The database-only path: lock-free claim rows over the allowed slot ranges. A slot comes
    from this process's dealer and the claim number from the INSERT itself, so a claim costs no
    read of its own; a slot found taken is dropped and the next one tried. The token is spent
    by the first write; the retries of this request go on without it."""
    now = now or timezone.now()
    sold_key = _sold_out_key(campaign, allowed)
    if cache.get(sold_key):
        return refused("sold_out")
    tries = waits = 0
    while tries < MAX_TRIES * 4 and waits < 2000:
        try:
            seq = DEALER.deal(campaign, allowed, rng)
        except OperationalError:  # SQLite: another thread writes ("table is locked"); wait a little
            if connection.vendor != "sqlite":
                raise
            waits += 1
            time.sleep(rng.uniform(0.001, 0.005) * min(waits, 20))
            continue
        if seq is None:
            cache.set(sold_key, 1, 1)
            return refused("sold_out")
        if seq == WAIT:  # the last free slots are being written: their answers come in a moment
            waits += 1
            time.sleep(rng.uniform(0.002, 0.006))
            continue
        tries += 1
        out = None
        try:
            out = GROUP.write(Row(campaign, member, seq, None, now, nonce))
        finally:
            DEALER.landed(campaign, allowed, seq, stale=out == TAKEN)
        if isinstance(out, Claim):
            return Result(True, claim=out)
        if out in (TOKEN_USED, AT_LIMIT):
            return refused("bad_token" if out == TOKEN_USED else "limit")
        nonce = None
        if out == CHANGED:  # the campaign changed since this process read it: as it is now
            fresh = live_campaign(campaign.pk, fresh=True)
            reason = "not_open" if fresh is None else campaign_reason(fresh, now)
            if reason is not None:
                return refused(reason)
            allowed = _clamp(fresh, allowed)
            if not allowed:
                return refused("sold_out")
            campaign, sold_key = fresh, _sold_out_key(fresh, allowed)
    return refused("busy")


class Dealer:
    """Free slots of the database path, dealt out per process. A window of SCAN_WINDOW slots at
    a random place in the allowed ranges is read once (an index range scan) and its free slots
    handed out one by one; a dealt slot is "in flight" until its write is answered, and no read
    deals it again meanwhile. So the claimers of one process never pick the same slot, and other
    processes, reading other windows, seldom do; a slot found taken (by another process) tells
    that the window has gone stale, and it is dropped. A slot whose row was refused, or given
    back by a cancelled claim, is found when a window is read again."""

    def __init__(self):
        self._lock = threading.Lock()
        self._free = {}
        self._flying = {}

    def deal(self, campaign, allowed, rng):
        """A slot to try; WAIT when every free slot is in flight; None when every allowed slot
        is taken."""
        key = (campaign_key(campaign), tuple(allowed))
        with self._lock:
            flying = self._flying.setdefault(key, set())
            if self._free.get(key):
                seq = self._free[key].pop()
                flying.add(seq)
                return seq
            flying = frozenset(flying)
        free = _free_window(campaign, allowed, rng, flying)
        if not free:
            return WAIT if flying else None
        rng.shuffle(free)
        with self._lock:
            if len(self._free) > 1000:  # campaigns long over
                self._free.clear()
                self._flying.clear()
            now_flying = self._flying.setdefault(key, set())
            free = [x for x in free if x not in now_flying]  # dealt by another claimer meanwhile
            if not free:
                return WAIT
            self._free[key] = free[1:]
            now_flying.add(free[0])
        return free[0]

    def landed(self, campaign, allowed, seq, stale):
        """The write of a dealt slot was answered; `stale`: the slot was found taken."""
        key = (campaign_key(campaign), tuple(allowed))
        with self._lock:
            self._flying.get(key, set()).discard(seq)
            if stale:
                self._free.pop(key, None)


WAIT = 0  # not a slot: every free slot is being written by this process; ask again shortly
DEALER = Dealer()


# --- Redis -------------------------------------------------------------------------------------

CLAIM_LUA = """
-- KEYS: meta, member bits, token, the bearer token's and the account's revocation marks,
--       ARGV[5] rate counters, pool lists...
-- ARGV: campaign version, member id, limit, token ttl, rate counter count, window, the time the
--       claim token was issued (0: the request was authenticated, no marks to check), each
--       counter's limit...
local meta = redis.call('HMGET', KEYS[1], 'ready', 'ver')
if meta[1] ~= '1' then return {-1, 0} end
if meta[2] ~= ARGV[1] then return {-6, 0} end
local issued = tonumber(ARGV[7])
if issued > 0 then
  local marks = redis.call('MGET', KEYS[4], KEYS[5])
  for i = 1, 2 do
    if marks[i] and tonumber(marks[i]) >= issued then return {-7, 0} end
  end
end
local rates = tonumber(ARGV[5])
local over = {-5, 0}
for i = 1, rates do
  local count = redis.call('INCR', KEYS[5 + i])
  if count == 1 then redis.call('EXPIRE', KEYS[5 + i], tonumber(ARGV[6]) * 2) end
  over[#over + 1] = count
  if count > tonumber(ARGV[7 + i]) then over[2] = 1 end
end
if over[2] == 1 then return over end
if redis.call('SET', KEYS[3], '1', 'NX', 'EX', tonumber(ARGV[4])) == false then return {-4, 0} end
local mask = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')
local n = 0
for i = 1, tonumber(ARGV[3]) do
  if bit.band(mask, bit.lshift(1, i - 1)) == 0 then n = i break end
end
if n == 0 then return {-2, 0} end
for k = 6 + rates, #KEYS do
  local seq = redis.call('LPOP', KEYS[k])
  if seq then
    redis.call('HSET', KEYS[2], ARGV[2], bit.bor(mask, bit.lshift(1, n - 1)))
    if mask == 0 and redis.call('TTL', KEYS[2]) < 0 then
      local ttl = redis.call('TTL', KEYS[1])
      if ttl > 0 then redis.call('EXPIRE', KEYS[2], ttl) end
    end
    return {tonumber(seq), n}
  end
end
return {-3, 0}
"""

RELEASE_LUA = """
-- KEYS: meta, member bits, pool; ARGV: member id, seq, n
if redis.call('HGET', KEYS[1], 'ready') ~= '1' then return 0 end
local mask = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
redis.call('HSET', KEYS[2], ARGV[1], bit.band(mask, bit.bnot(bit.lshift(1, tonumber(ARGV[3]) - 1))))
redis.call('RPUSH', KEYS[3], ARGV[2])
return 1
"""

_redis_lock = threading.Lock()
_redis_state = {}


def redis_client():
    import redis

    url = settings.REDIS_URL
    entry = _redis_state.get(url)  # every claim asks: the lock is taken only to make the client
    if entry is not None:
        return entry
    with _redis_lock:
        entry = _redis_state.get(url)
        if entry is None:
            r = redis.Redis.from_url(url, max_connections=512)
            entry = (r, r.register_script(CLAIM_LUA), r.register_script(RELEASE_LUA))
            _redis_state[url] = entry
    return entry


def rkeys(campaign):
    base = f"{key_prefix()}{{c{campaign_key(campaign)}}}"
    return {"meta": f"{base}:meta", "bits": f"{base}:bits", "lock": f"{base}:lock",
            "pool": lambda lo, hi: f"{base}:pool:{lo}-{hi}"}


def rebuild(campaign):
    """(Re)build a campaign's Redis state from the database's live claims (after publishing,
    after Redis lost it, after a change of the campaign or its quotas), with the version of
    `campaign` (read it fresh from the database: see `live_campaign`)."""
    r, _claim, _release = redis_client()
    k = rkeys(campaign)
    if not r.set(k["lock"], "1", nx=True, ex=30):
        return False
    try:
        live = Claim.objects.filter(campaign=campaign).exclude(state=Claim.State.CANCELLED)
        taken = set(live.values_list("seq", flat=True))
        masks = {}
        for member_id, n in live.values_list("member_id", "n"):
            masks[member_id] = masks.get(member_id, 0) | (1 << (n - 1))
        pipe = r.pipeline(transaction=True)
        pipe.delete(k["meta"], k["bits"], *[k["pool"](lo, hi) for lo, hi in all_ranges(campaign)])
        for lo, hi in all_ranges(campaign):
            free = [s for s in range(lo, hi + 1) if s not in taken]
            random.shuffle(free)
            for i in range(0, len(free), 5000):
                pipe.rpush(k["pool"](lo, hi), *free[i:i + 5000])
        if masks:
            pipe.hset(k["bits"], mapping=masks)
        pipe.hset(k["meta"], mapping={"ready": "1", "stock": campaign.stock, "ver": _version(campaign)})
        # kept until an hour after the campaign ends (rebuilt if they expire sooner)
        ttl = max(int((campaign.ends_at - timezone.now()).total_seconds()), 0) + 3600
        for key in (k["meta"], k["bits"], *[k["pool"](lo, hi) for lo, hi in all_ranges(campaign)]):
            pipe.expire(key, ttl)
        pipe.execute()
        return True
    finally:
        r.delete(k["lock"])


def forget_redis(campaign):
    """Drop a campaign's Redis state (cancelled, or its quotas changed): rebuilt on next claim."""
    if not settings.REDIS_URL:
        return
    r, _c, _rel = redis_client()
    k = rkeys(campaign)
    r.delete(k["meta"], k["bits"], *[k["pool"](lo, hi) for lo, hi in all_ranges(campaign)])


def _claim_redis(campaign, member, nonce, allowed, now, rates):
    """The Redis path: one script call checks the campaign's version, counts the attempt,
    spends the token and reserves a slot and a claim number; the claim is then written (group
    commit) before the member is told. A claimer whose copy of the campaign is not the version
    Redis holds reads the campaign again (`_Stale`: judged again as it is now)."""
    r, script, _release = redis_client()
    k = rkeys(campaign)
    issued = member.issued if isinstance(member, MemberRef) else 0
    marks = ((tokencache.mark_key(member.bearer), tokencache.mark_key(f"user:{member.user_id}")) if issued
             else (k["meta"], k["meta"]))  # not read by the script when `issued` is 0
    keys = [k["meta"], k["bits"], f"{key_prefix()}tok:{nonce}", *marks, *[c[3] for c in rates.checks],
            *[k["pool"](lo, hi) for lo, hi in allowed]]
    args = [_version(campaign), member.pk, campaign.per_member_limit, TOKEN_MAX_AGE * 2, len(rates.checks),
            rates.window, issued, *[c[2] for c in rates.checks]]
    for _attempt in range(MAX_TRIES):
        seq, n, *counts = script(keys=keys, args=args)
        if seq == -7:
            raise _Recheck
        if seq in (-1, -6):  # no state, or another version: rebuild it from the database
            fresh = live_campaign(campaign.pk, fresh=True)
            if fresh is None or _version(fresh) != _version(campaign):
                raise _Stale(fresh)  # this copy was old: judge again with the campaign as it is
            if fresh.state != Campaign.State.PUBLISHED:
                return refused("not_open")
            if seq == -6:  # Redis holds an older version (changed without `campaign_changed`)
                forget_redis(fresh)
            if not rebuild(fresh):  # one claimer rebuilds, the others wait for it
                time.sleep(0.05)
            continue
        if seq == -5:
            rates.judge(counts)
            return refused("rate_limited")
        if seq == -4:
            return refused("bad_token")
        if seq == -2:
            return refused("limit")
        if seq == -3:
            return refused("sold_out")
        try:
            out = GROUP.write(Row(campaign, member, seq, n, now))
        except Exception:
            release_redis(campaign, member.pk, seq, n)
            r.delete(keys[2])
            raise
        if isinstance(out, Claim):
            return Result(True, claim=out)
        r.delete(keys[2])  # the token was not used: the next try spends it again
        if out == CHANGED:  # the database holds a newer campaign: judge again with it
            release_redis(campaign, member.pk, seq, n)
            raise _Stale(live_campaign(campaign.pk, fresh=True))
        # Only after Redis lost data: the slot or the number is taken in the database (the final
        # guard). Redis is stale: rebuild it from the database and ask again, with the same token.
        forget_redis(campaign)
    return refused("busy")


def release_redis(campaign, member_id, seq, n):
    """Give a slot and a claim number back to Redis (a cancelled claim, a failed write)."""
    if not settings.REDIS_URL:
        return
    r, _c, release = redis_client()
    k = rkeys(campaign)
    pool = next(((lo, hi) for lo, hi in all_ranges(campaign) if lo <= seq <= hi), None)
    if pool is not None:
        release(keys=[k["meta"], k["bits"], k["pool"](*pool)], args=[member_id, seq, n])


# --- lottery -----------------------------------------------------------------------------------

def rank_key(seed, number):
    return hashlib.sha256(f"{seed}:{number}".encode()).hexdigest()


def draw_winners(seed, numbers, k):
    """The lottery's draw: the sign-ups (member numbers) sorted, each ranked by SHA-256 of
    "seed:number", the first `k` win. Anyone with the published seed and the list can re-run it."""
    return sorted(sorted(set(numbers)), key=lambda num: rank_key(seed, num))[:k]


def verify_draw(campaign):
    """Re-run a drawn lottery from its published seed: (seed matches its hash, winners match)."""
    from .models import LotteryEntry

    numbers = list(LotteryEntry.objects.filter(campaign=campaign).values_list("number", flat=True))
    expected = draw_winners(campaign.seed, numbers, campaign.stock)
    actual = list(Claim.objects.filter(campaign=campaign).order_by("seq").values_list("member__number", flat=True))
    return Campaign.hash_seed(campaign.seed) == campaign.seed_hash, expected == actual
