"""The API's bearer tokens, remembered in process memory for at most `TTL` seconds.

Every API request names its account by a bearer token; reading the token and its user from the
database costs a query per request, the largest part of a hot endpoint such as a benefit claim.
A token found valid is therefore kept here (its SHA-256, the user, until when) for at most TTL
seconds and never past the token's own expiry. The price is the revocation window: a token
deleted (signed out, password changed, account locked or deactivated) is refused at once by the
process that deleted it, and by every other process

- at once when Redis is configured (`settings.REDIS_URL`): the deletion is published on a
  channel that every process listens to, and each drops the token from its memory;
- at the latest TTL seconds later otherwise (or when that message is lost).

With Redis each revocation also leaves a mark (its time) for MARK_SECONDS: a claim token the API
issued vouches for the bearer token it was issued to, and the claim script takes that word only
while no mark is newer than the claim token (see `campaigns.engine`).
"""

import copy
import logging
import os
import threading
import time

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

log = logging.getLogger(__name__)

TTL = 30  # seconds a process trusts a token it has read (the revocation window without Redis)
MAX_ENTRIES = 100_000
MARK_SECONDS = 600  # longer than any token that vouches for a bearer token (claim tokens: two minutes)
BEARER_HEX = 32  # a mark, and a claim token, name a bearer token by this much of its SHA-256 (128 bits)

_lock = threading.Lock()
_tokens = {}  # digest -> (user, until: time.time())
_listener = {"pid": None, "thread": None}


def channel():
    return getattr(settings, "API_TOKEN_REVOKED_CHANNEL", "gonghui:apitoken:revoked")


def user_for(raw):
    """The active user of a valid token, or None; from memory when read less than TTL s ago.
    Each caller gets its own copy of the user (requests attach caches to it)."""
    from .models import ApiToken, _digest

    digest = _digest(raw)
    now = time.time()
    hit = _tokens.get(digest)
    if hit is not None and hit[1] > now:
        return copy.copy(hit[0])
    token = (ApiToken.objects.select_related("user")
             .filter(digest=digest, expires_at__gt=_aware(now), user__is_active=True).first())
    if token is None:
        _tokens.pop(digest, None)
        return None
    _listen()
    with _lock:
        if len(_tokens) >= MAX_ENTRIES:
            _tokens.clear()
        _tokens[digest] = (copy.copy(token.user), min(now + TTL, token.expires_at.timestamp()))
    return token.user


def forget(digest):
    """This process no longer trusts the token (it was revoked here or elsewhere); `user:<id>`:
    every token of that account (changed, deactivated)."""
    if digest.startswith("user:"):
        pk = int(digest[5:])
        for key in [k for k, (user, _until) in list(_tokens.items()) if user.pk == pk]:
            _tokens.pop(key, None)
    else:
        _tokens.pop(digest, None)


def clear():
    _tokens.clear()


def _aware(ts):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ts, tz=UTC)


@receiver(post_delete, sender="accounts.ApiToken")
def _revoked(sender, instance, **kwargs):
    """A token deleted: forgotten here at once, and by every process once Redis passes it on
    (after the deletion commits)."""
    forget(instance.digest)
    if settings.REDIS_URL:
        transaction.on_commit(lambda: _publish(instance.digest))


@receiver(post_save, sender="accounts.User")
def _user_changed(sender, instance, created, **kwargs):
    """An account saved (deactivated, renamed, its kind changed): its tokens are read again."""
    if created:
        return
    forget(f"user:{instance.pk}")
    if settings.REDIS_URL:
        transaction.on_commit(lambda: _publish(f"user:{instance.pk}"))


def mark_key(name):
    """The Redis key of the mark a revocation leaves: `name` is a bearer token's digest (its first
    BEARER_HEX hex digits name it) or "user:<id>" (an account changed)."""
    return f"{channel()}:{name if name.startswith('user:') else name[:BEARER_HEX]}"


def _publish(digest):
    """Tell every process that `digest` (or `user:<id>`) was revoked, and leave its mark."""
    try:
        pipe = _redis().pipeline(transaction=False)
        pipe.set(mark_key(digest), int(time.time()), ex=MARK_SECONDS)
        pipe.publish(channel(), digest)
        pipe.execute()
    except Exception:  # noqa: BLE001 - the TTL still ends the token in every process
        log.warning("could not publish the revocation of an API token", exc_info=True)


def _redis():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL)


def _listen():
    """Start (once per process, after a fork too) the thread that hears revocations."""
    if not settings.REDIS_URL or _listener["pid"] == os.getpid():
        return
    with _lock:
        if _listener["pid"] == os.getpid():
            return
        _listener["pid"] = os.getpid()
        t = threading.Thread(target=_hear, args=(settings.REDIS_URL, channel()), name="apitoken-revocations",
                             daemon=True)
        _listener["thread"] = t
        t.start()


def _hear(url, name):
    import redis

    while True:
        try:
            pubsub = redis.Redis.from_url(url).pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(name)
            clear()  # revocations sent while no one listened: trust nothing read before
            for message in pubsub.listen():
                data = message.get("data")
                if isinstance(data, bytes):
                    forget(data.decode())
        except Exception:  # noqa: BLE001 - Redis away: listen again shortly; the TTL bounds the wait
            log.warning("API token revocation listener lost Redis; retrying", exc_info=True)
            time.sleep(1)
