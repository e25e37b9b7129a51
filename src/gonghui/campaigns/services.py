"""Every staff write of benefit campaigns: create, publish, cancel, draw a lottery, cancel a
claim (its slot goes back to the stock), redeem a code. Each checks the permission on the
union, its rules, and writes one audit record in the same transaction. Codes not redeemed in
time expire (`expire_due`, no acting user: an audit record per campaign by the system).

A member's claim itself is written by `engine.claim` (the hot path): the claim row with its
member, time and code is the record; passing every claim through the audit chain's lock would
make that chain the single hot row the engine is built to avoid."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, dates
from gonghui.core.access import require
from gonghui.members.models import Member
from gonghui.notices.services import MembersUnder, notify
from gonghui.rules.deadlines import close
from gonghui.rules.models import Deadline

from . import engine
from .models import Campaign, CampaignQuota, Claim, LotteryEntry

MAX_STOCK = 1_000_000


def _check(union, values, quotas):
    errors = {}
    if not (values.get("title") or "").strip():
        errors["title"] = _("Give the campaign a title.")
    stock, limit = values.get("stock"), values.get("per_member_limit")
    if not isinstance(stock, int) or isinstance(stock, bool) or not 1 <= stock <= MAX_STOCK:
        errors["stock"] = _("The stock must be a whole number from 1 to %(max)d.") % {"max": MAX_STOCK}
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= engine.MAX_LIMIT:
        errors["per_member_limit"] = _("The limit per member must be a whole number from 1 to %(max)d.") % {
            "max": engine.MAX_LIMIT}
    if values.get("mode") not in Campaign.Mode.values:
        errors["mode"] = _("Choose the allocation mode: fcfs, lottery, quota or priority.")
    if values.get("item") not in Campaign.Item.values:
        errors["item"] = _("Choose the item: coupon, ticket, goods or service slot.")
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts is None:
        errors["starts_at"] = _("Give the start time.")
    if ends is None:
        errors["ends_at"] = _("Give the end time.")
    if starts and ends and ends <= starts:
        errors["ends_at"] = _("The end must be after the start.")
    redeem = values.get("redeem_until")
    if redeem and ends and redeem < ends:
        errors["redeem_until"] = _("Redemption cannot end before the campaign ends.")
    bad_tags = [t for t in values.get("tags") or [] if t not in Campaign.Tag.values]
    if bad_tags:
        errors["tags"] = _("Unknown eligible group: %(tags)s.") % {"tags": ", ".join(map(str, bad_tags))}
    if values.get("mode") == Campaign.Mode.PRIORITY:
        pu = values.get("priority_until")
        if not pu or (starts and ends and not starts < pu < ends):
            errors["priority_until"] = _("A priority campaign needs the end of its priority window, "
                                         "between the start and the end.")
    if values.get("mode") == Campaign.Mode.QUOTA:
        if not quotas:
            errors["quotas"] = _("A quota campaign needs at least one union's share.")
        seen = set()
        total = 0
        for i, (q_union, share, release_at) in enumerate(quotas, start=1):
            if q_union is None or not q_union.path.startswith(union.path):
                errors["quotas"] = _("Share %(n)d: the union must lie under the campaign's union.") % {"n": i}
                break
            if q_union.pk in seen:
                errors["quotas"] = _("Share %(n)d: %(union)s is listed twice.") % {"n": i, "union": q_union.name}
                break
            seen.add(q_union.pk)
            if not isinstance(share, int) or share < 1:
                errors["quotas"] = _("Share %(n)d: the share must be at least 1.") % {"n": i}
                break
            if release_at is None or (starts and ends and not starts <= release_at <= ends):
                errors["quotas"] = _("Share %(n)d: the release time must lie between the start and the end.") % {
                    "n": i}
                break
            total += share
        if "quotas" not in errors and isinstance(stock, int) and total > stock:
            errors["quotas"] = _("The shares add up to %(total)d, more than the stock of %(stock)d.") % {
                "total": total, "stock": stock}
    elif quotas:
        errors["quotas"] = _("Only a quota campaign has union shares.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_campaign(*, acting_user, union, title, stock, per_member_limit, mode, starts_at, ends_at,
                    item=Campaign.Item.COUPON, description="", redeem_until=None, tags=(), priority_until=None,
                    quotas=(), publish=False):
    """A campaign in draft (or published at once). `quotas` are (union, share, release_at)."""
    require(acting_user, "campaigns.add_campaign", union)
    values = {"title": (title or "").strip(), "stock": stock, "per_member_limit": per_member_limit, "mode": mode,
              "starts_at": starts_at, "ends_at": ends_at, "item": item, "description": (description or "").strip(),
              "redeem_until": redeem_until, "tags": sorted(set(tags or [])), "priority_until": priority_until}
    quotas = list(quotas or [])
    _check(union, values, quotas)
    if mode == Campaign.Mode.LOTTERY:
        values["per_member_limit"] = 1  # one win per member
    if mode != Campaign.Mode.PRIORITY:
        values["priority_until"] = None
    seed = secrets.token_hex(32)
    campaign = Campaign.objects.create(union=union, created_by=acting_user, seed=seed,
                                       seed_hash=Campaign.hash_seed(seed), **values)
    first = 1
    for q_union, share, release_at in quotas:
        CampaignQuota.objects.create(campaign=campaign, union=q_union, share=share, first_seq=first,
                                     release_at=release_at)
        first += share
    audit.record("create", actor=acting_user, obj=campaign, changes=audit.diff({}, audit.snapshot(campaign))
                 | {"quotas": [None, [f"{u.name}: {s}" for u, s, _r in quotas]]})
    if publish:
        campaign = publish_campaign(campaign, acting_user=acting_user)
    return campaign


@transaction.atomic
def publish_campaign(campaign, *, acting_user):
    require(acting_user, "campaigns.change_campaign", campaign.union, obj=campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state != Campaign.State.DRAFT:
        raise ValidationError({"state": _("Only a draft can be published.")})
    if campaign.mode == Campaign.Mode.LOTTERY and timezone.now() >= campaign.starts_at:
        raise ValidationError({"starts_at": _("A lottery is published before its sign-up window opens, so its "
                                              "seed is committed before anyone signs up.")})
    campaign.state = Campaign.State.PUBLISHED
    campaign.save(update_fields=["state"])
    audit.record("publish", actor=acting_user, obj=campaign, changes={"state": ["draft", "published"]})
    _tell_members(campaign, acting_user)
    engine.campaign_changed(campaign)
    return campaign


def _tell_members(campaign, acting_user):
    """The subtree's members in good standing (of the eligible groups, when the campaign names
    some) are told in their inbox; the notices task writes their rows after commit."""
    from django.urls import reverse

    start = timezone.localtime(campaign.starts_at)
    notify(MembersUnder(campaign.union, any_of=engine.tag_lookups(campaign.tags)), kind="campaign_published",
           title=_("New benefit: %(title)s") % {"title": campaign.title},
           body=_("%(union)s · opens %(start)s · %(stock)d available") % {
               "union": campaign.union.name, "start": f"{start:%Y-%m-%d %H:%M}", "stock": campaign.stock},
           url=reverse("campaigns:member_campaign", args=[campaign.pk]), obj=campaign, acting_user=acting_user)


@transaction.atomic
def cancel_campaign(campaign, *, acting_user, reason=""):
    """Cancel a campaign: nothing more is issued; its issued claims are cancelled with it."""
    require(acting_user, "campaigns.change_campaign", campaign.union, obj=campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state in (Campaign.State.CANCELLED, Campaign.State.CLOSED):
        raise ValidationError({"state": _("This campaign is already closed or cancelled.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    before = campaign.state
    campaign.state = Campaign.State.CANCELLED
    campaign.save(update_fields=["state"])
    n = Claim.objects.filter(campaign=campaign, state=Claim.State.ISSUED).update(state=Claim.State.CANCELLED)
    audit.record("cancel", actor=acting_user, obj=campaign, reason=reason.strip(),
                 changes={"state": [before, "cancelled"], "claims_cancelled": [None, n]})
    engine.campaign_changed(campaign)
    return campaign


def cancel_claim(claim, *, acting_user, reason=""):
    """Cancel an issued claim (staff, or the member their own): the slot returns to the stock."""
    own = claim.member.user_id == acting_user.pk
    if not own:
        require(acting_user, "campaigns.change_claim", claim.union, obj=claim)
    with transaction.atomic():
        updated = Claim.objects.filter(pk=claim.pk, state=Claim.State.ISSUED).update(state=Claim.State.CANCELLED)
        if not updated:
            raise ValidationError({"state": _("Only an issued, unredeemed claim can be cancelled.")})
        audit.record("cancel", actor=acting_user, obj=claim, reason=(reason or "").strip(),
                     changes={"state": ["issued", "cancelled"]})
    engine.release_redis(claim.campaign, claim.member_id, claim.seq, claim.n)
    claim.state = Claim.State.CANCELLED
    return claim


def expire_due(now=None):
    """Issued claims of campaigns whose redemption has ended become expired: one UPDATE and one
    audit record per campaign, so a clerk sees them as expired, not as usable. Idempotent: run
    by `gonghui expire_claims` and when the claim pages load."""
    now = now or timezone.now()
    due = (Claim.objects.filter(state=Claim.State.ISSUED, campaign__redeem_until__lt=now)
           .values_list("campaign", flat=True).distinct())
    total = 0
    for campaign in Campaign.objects.filter(pk__in=list(due)).order_by("pk"):
        total += _expire(campaign)
    # An expired code needs no reminder any more: its member deadline closes.
    Deadline.objects.filter(kind=CLAIM_EXPIRY, closed_at__isnull=True,
                            due_on__lt=timezone.localdate(now)).update(closed_at=now)
    return total


CLAIM_EXPIRY = "claim_expiry"


def track_claim_expiry(now=None):
    """Member deadlines for issued claims of campaigns with a redemption end still ahead: one
    row per claim, added in bulk (never on the claim's hot path). Idempotent: the unique key
    (kind, object) skips claims already tracked. Returns the number of rows written."""
    now = now or timezone.now()
    tracked = Deadline.objects.filter(kind=CLAIM_EXPIRY)
    before = tracked.count()
    campaigns = Campaign.objects.filter(redeem_until__gte=now, claims__state=Claim.State.ISSUED).distinct()
    for campaign in campaigns.order_by("pk"):
        due = timezone.localdate(campaign.redeem_until)
        url = reverse("campaigns:mine")
        title = _("Your code for %(name)s expires") % {"name": campaign.title}
        claims = (Claim.objects.filter(campaign=campaign, state=Claim.State.ISSUED)
                  .values_list("pk", "union_id", "union__path", "member_id", "issued_at").order_by("pk"))
        batch = []
        for pk, union_id, path, member_id, issued_at in claims.iterator(chunk_size=5000):
            batch.append(Deadline(kind=CLAIM_EXPIRY, object_type="campaigns.claim", object_id=str(pk),
                                  union_id=union_id, union_path=path, member_id=member_id, title=title[:200],
                                  url=url, started_on=timezone.localdate(issued_at), due_on=due))
            if len(batch) >= 5000:
                Deadline.objects.bulk_create(batch, ignore_conflicts=True)
                batch = []
        if batch:
            Deadline.objects.bulk_create(batch, ignore_conflicts=True)
    return tracked.count() - before


@transaction.atomic
def _expire(campaign):
    """One campaign's issued claims expire; the audit record is written only when some did."""
    n = Claim.objects.filter(campaign=campaign, state=Claim.State.ISSUED).update(state=Claim.State.EXPIRED)
    if n:
        audit.record("expire", obj=campaign, actor_label="gonghui campaigns", reason=_("Redemption period ended"),
                     changes={"claims_expired": [None, n]})
    return n


def find_code(code):
    return Claim.objects.select_related("campaign", "member", "union").filter(
        code=(code or "").strip().upper().replace(" ", "").replace("-", "")).first()


@transaction.atomic
def redeem(code, *, acting_user, now=None):
    """Redeem a claim by its code (a clerk of the member's union or above, or a merchant)."""
    now = now or timezone.now()
    require(acting_user, "campaigns.redeem_claim")
    claim = find_code(code)
    if claim is None or not engine_can_redeem(acting_user, claim):
        raise ValidationError({"code": _("No claim has the code %(code)s; check it and type it again.") % {
            "code": (code or "").strip()[:20]}})
    if claim.state == Claim.State.REDEEMED:
        raise ValidationError({"code": _("This code was already redeemed on %(at)s.") % {
            "at": dates.show(claim.redeemed_at)}})
    if claim.state == Claim.State.CANCELLED:
        raise ValidationError({"code": _("This claim was cancelled; it cannot be redeemed.")})
    if claim.state == Claim.State.EXPIRED or (claim.campaign.redeem_until and now > claim.campaign.redeem_until):
        raise ValidationError({"code": _("This code expired on %(at)s.") % {
            "at": dates.show(claim.campaign.redeem_until)}})
    updated = Claim.objects.filter(pk=claim.pk, state=Claim.State.ISSUED).update(
        state=Claim.State.REDEEMED, redeemed_at=now, redeemed_by=acting_user)
    if not updated:  # redeemed at the same moment at another counter
        raise ValidationError({"code": _("This code was just redeemed elsewhere.")})
    claim.refresh_from_db()
    close(claim, CLAIM_EXPIRY)
    audit.record("redeem", actor=acting_user, obj=claim, changes={"state": ["issued", "redeemed"]})
    return claim


def engine_can_redeem(user, claim):
    from gonghui.core.access import can

    return can(user, "campaigns.redeem_claim", claim.union)


# --- lottery -----------------------------------------------------------------------------------

def sign_up(campaign, member, now=None):
    """A member signs up for a lottery during its window (once)."""
    now = now or timezone.now()
    if campaign.mode != Campaign.Mode.LOTTERY:
        raise ValidationError({"campaign": _("This campaign is not a lottery.")})
    reason = engine.eligibility(campaign, member, now)
    if reason:
        raise ValidationError({"campaign": engine.REASONS[reason]()})
    try:
        with transaction.atomic():
            return LotteryEntry.objects.create(campaign=campaign, member=member, number=member.number,
                                               signed_up_at=now)
    except IntegrityError:
        raise ValidationError({"campaign": _("You have already signed up.")}) from None


@transaction.atomic
def draw(campaign, *, acting_user, now=None):
    """Draw a lottery after its window: winners by `engine.draw_winners`, the seed published."""
    now = now or timezone.now()
    require(acting_user, "campaigns.change_campaign", campaign.union, obj=campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.mode != Campaign.Mode.LOTTERY:
        raise ValidationError({"campaign": _("This campaign is not a lottery.")})
    if campaign.drawn_at is not None:
        raise ValidationError({"campaign": _("The draw has already been made.")})
    if campaign.state != Campaign.State.PUBLISHED:
        raise ValidationError({"campaign": _("Only a published lottery is drawn.")})
    if now < campaign.ends_at:
        raise ValidationError({"campaign": _("The draw is made after the sign-up window closes.")})
    entries = {e.number: e for e in LotteryEntry.objects.filter(campaign=campaign).select_related("member")}
    winners = engine.draw_winners(campaign.seed, list(entries), campaign.stock)
    Claim.objects.bulk_create([
        Claim(campaign=campaign, member=entries[num].member, union_id=entries[num].member.union_id, seq=i,
              stock_cap=campaign.stock, n=1, limit_cap=1, code=engine.new_code(), issued_at=now)
        for i, num in enumerate(winners, start=1)])
    campaign.drawn_at = now
    campaign.save(update_fields=["drawn_at"])
    audit.record("draw", actor=acting_user, obj=campaign,
                 changes={"entries": [None, len(entries)], "winners": [None, len(winners)],
                          "seed": [None, campaign.seed]})
    return campaign


def member_of(user):
    if user is None or not user.is_authenticated:
        return None
    return Member.objects.of_user(user)
