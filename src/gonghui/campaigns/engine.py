"""The claim engine: one member asks for one unit of a campaign; the answer says issued (with
the redemption code) or why not, at once.

Order of checks: rate limits (per member, per IP) → campaign open → member eligible (and in
the priority window or quota share) → claim token (signed, single use) → a slot.

Two paths hold the same guarantees; the database constraints of `models.Claim` are the final
guard of both:

- **Redis** (``settings.REDIS_URL`` set): one Lua script, atomic in Redis, spends the token
  (SET NX), finds the member's lowest free claim number under the limit and pops a free slot
  from the pools the member may draw from. Refusals (sold out, limit reached, reused token)
  never touch the database. The reserved (slot, number) is then written to the database at
  once, in the member's request (one INSERT in autocommit), so an issued claim is durable
  before the member is told. If that INSERT fails on a constraint (possible only after Redis
  lost data, see below), the engine asks Redis again; if the database is unreachable, the
  reservation is given back to Redis.
- **Database only**: the member's claim numbers are read, a free slot is guessed at random
  among the allowed ranges (so concurrent claimers land on different rows, no hot counter
  row), and the row is inserted; a collision (IntegrityError on the partial unique indexes)
  re-reads the free slots and tries another. "Sold out" is remembered for a second in the
  cache so a sold-out rush does not rescan the slots. The token is spent (a `UsedToken` row)
  in the claim's own transaction, so a token yields at most one claim; an attempt refused for
  stock or limit issued nothing and spends nothing.

Rate limits count every attempt per member and per IP in fixed windows: with Redis both
counters move in one pipelined round trip, else in Django's cache. An attempt over a limit
adds to the report of suspicious bursts (`Burst`).

**Redis loss.** The Redis state of a campaign (a hash with `ready`, the pool lists of free
slots, the per-member claim-number bitmasks) is only a cache of the database: when `ready`
is missing the engine rebuilds it from the live claims in the database under a short lock
(SET NX) and claimers wait for it. A reservation in flight during the loss may be handed out
twice; the unique indexes refuse the second INSERT, and the engine retries, so nothing is
over-issued. Tokens spent only in lost Redis keys could be replayed once: each still needs a
free slot and the member's limit, so no guarantee depends on them.
"""

import hashlib
import logging
import random
import secrets
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.members.models import IN_GOOD_STANDING

from .models import Burst, Campaign, CampaignQuota, Claim, UsedToken

log = logging.getLogger(__name__)

TOKEN_SALT = "gonghui.campaigns.claim"  # noqa: S105 (a namespace, not a secret)
TOKEN_MAX_AGE = 15 * 60
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

def issue_token(campaign, member):
    """A signed single-use token for one claim attempt, put in the campaign page's form."""
    return signing.dumps({"c": campaign.pk, "m": member.pk, "j": secrets.token_hex(12)}, salt=TOKEN_SALT)


def read_token(campaign, member, token):
    """The token's nonce if it is genuine, fresh and made for this campaign and member; else None."""
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") != campaign.pk or data.get("m") != member.pk:
        return None
    nonce = str(data.get("j", ""))
    return nonce if len(nonce) == 24 else None


# --- rate limits and bursts --------------------------------------------------------------------

def _rates_ok(campaign, member, ip):
    """Count this attempt against the member's and the IP's windows; False when either is over.
    With Redis both counters move in one round trip (a pipeline); else through Django's cache."""
    member_limit, ip_limit, window = rate_limits()
    checks = [c for c in (("member", member.number if member else None, member_limit), ("ip", ip, ip_limit)) if c[1]]
    if not settings.REDIS_URL:
        return all([_rate_ok(campaign, kind, key, limit, window) for kind, key, limit in checks])
    bucket = int(time.time() // window)
    r, _claim, _release = redis_client()
    pipe = r.pipeline(transaction=False)
    keys = [f"{key_prefix()}rl:{campaign_key(campaign)}:{kind}:{key}:{bucket}" for kind, key, _l in checks]
    for k in keys:
        pipe.incr(k)
        pipe.expire(k, window * 2)
    counts = pipe.execute()[::2]
    ok = True
    for (kind, key, limit), n in zip(checks, counts, strict=True):
        if n > limit:
            ok = False
            if n == limit + 1 or n % 10 == 0:
                _record_burst(campaign, kind, key, bucket * window, n)
    return ok


def _rate_ok(campaign, kind, key, limit, window):
    bucket = int(time.time() // window)
    ck = f"{key_prefix()}rl:{campaign_key(campaign)}:{kind}:{key}:{bucket}"
    cache.add(ck, 0, window * 2)
    try:
        n = cache.incr(ck)
    except ValueError:  # expired between add and incr
        cache.add(ck, 1, window * 2)
        n = 1
    if n <= limit:
        return True
    if n == limit + 1 or n % 10 == 0:
        _record_burst(campaign, kind, key, bucket * window, n)
    return False


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


def ranges(campaign, member, now=None):
    """The slot ranges (first, last) the member may draw from now, in order of preference."""
    now = now or timezone.now()
    if campaign.mode != Campaign.Mode.QUOTA:
        return [(1, campaign.stock)]
    quotas = _quotas(campaign)
    path = member.union_path or member.union.path
    own = max((q for q in quotas if path.startswith(q[3])), key=lambda q: len(q[3]), default=None)
    out = [(own[0], own[1])] if own else []
    out += [(q[0], q[1]) for q in quotas if q is not own and q[2] <= now]
    allotted = max((q[1] for q in quotas), default=0)
    if allotted < campaign.stock:
        out.append((allotted + 1, campaign.stock))
    return out


def all_ranges(campaign):
    if campaign.mode != Campaign.Mode.QUOTA:
        return [(1, campaign.stock)]
    quotas = _quotas(campaign)
    out = [(q[0], q[1]) for q in quotas]
    allotted = max((q[1] for q in quotas), default=0)
    if allotted < campaign.stock:
        out.append((allotted + 1, campaign.stock))
    return out


def _quotas(campaign):
    cached = getattr(campaign, "_quota_rows", None)
    if cached is None:
        cached = [(q.first_seq, q.last_seq, q.release_at, q.union.path)
                  for q in CampaignQuota.objects.filter(campaign=campaign).select_related("union")]
        campaign._quota_rows = cached
    return cached


# --- the claim ---------------------------------------------------------------------------------

def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def claim(campaign, member, token, ip, now=None):
    """Try to issue one unit of `campaign` to `member` (see the module docstring)."""
    now = now or timezone.now()
    if not _rates_ok(campaign, member, ip):
        return refused("rate_limited")
    reason = eligibility(campaign, member, now)
    if reason:
        return refused(reason)
    if campaign.mode == Campaign.Mode.LOTTERY:
        return refused("lottery")
    nonce = read_token(campaign, member, token)
    if nonce is None:
        return refused("bad_token")
    allowed = ranges(campaign, member, now)
    if not allowed:
        return refused("no_share")
    if settings.REDIS_URL:
        return _claim_redis(campaign, member, nonce, allowed, now)
    if _sqlite_retry(lambda: UsedToken.objects.filter(nonce=nonce).exists()):
        return refused("bad_token")
    return claim_db(campaign, member, allowed, now, nonce=nonce)


SCAN_WINDOW = 128


def _free_slot(live, allowed, rng):
    """A free slot after a collision: windows of SCAN_WINDOW slots are read from a random point
    on (an index range each), and a free slot of the first window that has one is chosen at
    random, so a nearly full campaign costs a few small reads, not a read of every slot. None
    when every allowed slot is taken."""
    windows = [(a, min(a + SCAN_WINDOW - 1, hi)) for lo, hi in allowed for a in range(lo, hi + 1, SCAN_WINDOW)]
    start = rng.randrange(len(windows))
    for a, b in windows[start:] + windows[:start]:
        taken = set(live.filter(seq__gte=a, seq__lte=b).values_list("seq", flat=True))
        free = [x for x in range(a, b + 1) if x not in taken]
        if free:
            return rng.choice(free)
    return None


def _sqlite_retry(read):
    """Run a read, waiting out SQLite's "table is locked" while another thread writes."""
    for attempt in range(200):
        try:
            return read()
        except OperationalError:
            if connection.vendor != "sqlite" or attempt == 199:
                raise
            time.sleep(0.002 * min(attempt + 1, 20))
    raise AssertionError("unreachable")


class TokenSpent(Exception):
    pass


def _insert(campaign, member, seq, n, now, nonce=None):
    """Write the claim (and on the database path spend its token in the same transaction: a
    token yields at most one claim)."""
    for attempt in range(200):
        try:
            with transaction.atomic():
                if nonce is not None:
                    try:
                        with transaction.atomic():
                            UsedToken.objects.create(nonce=nonce, used_at=now)
                    except IntegrityError:
                        raise TokenSpent from None
                return Claim.objects.create(campaign=campaign, member=member, union_id=member.union_id, seq=seq,
                                            stock_cap=campaign.stock, n=n, limit_cap=campaign.per_member_limit,
                                            code=new_code(), issued_at=now)
        except OperationalError:  # SQLite's single writer: wait for the lock
            if connection.vendor != "sqlite" or attempt == 199:
                raise
            time.sleep(random.uniform(0.001, 0.004) * min(attempt + 1, 20))
    raise AssertionError("unreachable")


def _sold_out_key(campaign, allowed):
    return f"{key_prefix()}soldout:{campaign_key(campaign)}:{hash(tuple(allowed))}"


def claim_db(campaign, member, allowed, now=None, rng=random, nonce=None):
    """The database-only path: lock-free claim rows over the allowed slot ranges."""
    now = now or timezone.now()
    live = Claim.objects.filter(campaign=campaign).exclude(state=Claim.State.CANCELLED)
    sold_key = _sold_out_key(campaign, allowed)
    if cache.get(sold_key):
        return refused("sold_out")
    guess = True
    for attempt in range(MAX_TRIES * 4):
        try:
            result = _attempt_db(campaign, member, allowed, now, rng, live, sold_key, guess, nonce)
        except TokenSpent:
            return refused("bad_token")
        except IntegrityError:
            guess = False
            continue
        except OperationalError:  # SQLite: another writer holds the lock; wait a little and retry
            if connection.vendor != "sqlite":
                raise
            time.sleep(rng.uniform(0.001, 0.005) * min(attempt + 1, 20))
            continue
        if result is not None:
            return result
    return refused("busy")


def _attempt_db(campaign, member, allowed, now, rng, live, sold_key, guess, nonce):
    used_n = set(live.filter(member=member).values_list("n", flat=True))
    n = next((i for i in range(1, campaign.per_member_limit + 1) if i not in used_n), None)
    if n is None:
        return refused("limit")
    if guess:  # most slots are free at first: try one at random without reading them
        lo, hi = allowed[0] if len(allowed) == 1 else rng.choice(allowed)
        seq = rng.randint(lo, hi)
    else:
        seq = _free_slot(live, allowed, rng)
        if seq is None:
            cache.set(sold_key, 1, 1)
            return refused("sold_out")
    return Result(True, claim=_insert(campaign, member, seq, n, now, nonce))


# --- Redis -------------------------------------------------------------------------------------

CLAIM_LUA = """
-- KEYS: meta, member bits, token, pool lists...; ARGV: member id, limit, token ttl
if redis.call('HGET', KEYS[1], 'ready') ~= '1' then return {-1, 0} end
if redis.call('SET', KEYS[3], '1', 'NX', 'EX', tonumber(ARGV[3])) == false then return {-4, 0} end
local mask = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
local n = 0
for i = 1, tonumber(ARGV[2]) do
  if bit.band(mask, bit.lshift(1, i - 1)) == 0 then n = i break end
end
if n == 0 then return {-2, 0} end
for k = 4, #KEYS do
  local seq = redis.call('LPOP', KEYS[k])
  if seq then
    redis.call('HSET', KEYS[2], ARGV[1], bit.bor(mask, bit.lshift(1, n - 1)))
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
    after Redis lost it, after a change of quotas)."""
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
        pipe.hset(k["meta"], mapping={"ready": "1", "stock": campaign.stock})
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


def _claim_redis(campaign, member, nonce, allowed, now):
    r, script, release = redis_client()
    k = rkeys(campaign)
    keys = [k["meta"], k["bits"], f"{key_prefix()}tok:{nonce}", *[k["pool"](lo, hi) for lo, hi in allowed]]
    for _attempt in range(MAX_TRIES):
        seq, n = script(keys=keys, args=[member.pk, campaign.per_member_limit, TOKEN_MAX_AGE * 2])
        if seq == -1:  # no state: rebuild it from the database (one claimer does, the others wait)
            if not rebuild(campaign):
                time.sleep(0.05)
            continue
        if seq == -4:
            return refused("bad_token")
        if seq == -2:
            return refused("limit")
        if seq == -3:
            return refused("sold_out")
        try:
            return Result(True, claim=_insert(campaign, member, seq, n, now))
        except IntegrityError:
            # Only after Redis lost data: the slot or the number is taken in the database (the
            # final guard). Redis is stale: rebuild it from the database and ask again, with
            # the same (spent) token.
            forget_redis(campaign)
            r.delete(keys[2])
            continue
        except Exception:
            release_redis(campaign, member.pk, seq, n)
            r.delete(keys[2])
            raise
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
