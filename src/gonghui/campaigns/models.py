"""Benefit campaigns (普惠活动): scarce items that can sell out in seconds, issued fast, exactly
and fairly.

A campaign belongs to a union; members of its subtree (optionally only those with certain tags)
are eligible. Each issued unit is one `Claim` row, and the database itself holds the two
guarantees, whatever the application does:

- never more issued than stock: every claim takes a slot number `seq`, unique per campaign
  among live (not cancelled) claims, and a CheckConstraint keeps 1 <= seq <= stock_cap;
- never more than the limit to one member: every claim takes a per-member number `n`, unique
  per (campaign, member) among live claims, with 1 <= n <= limit_cap.

`stock_cap` and `limit_cap` are copied from the campaign when the claim is written; a
campaign's stock and limit cannot change once it is created (no service changes them), so
every live row of a campaign carries the same caps. A cancelled
claim leaves the partial unique indexes, so its slot and its member number are free again:
cancellation returns stock. There is no counter row that every claim updates: concurrent
claimers insert different rows (the engine spreads them over free slots), and the database
refuses the loser of any collision.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel

LIVE = ~Q(state="cancelled")


class Campaign(ScopedModel):
    class Item(models.TextChoices):
        COUPON = "coupon", _("coupon")
        TICKET = "ticket", _("ticket")
        GOODS = "goods", _("goods")
        SLOT = "slot", _("service slot")

    class Mode(models.TextChoices):
        FCFS = "fcfs", _("first come, first served")
        LOTTERY = "lottery", _("lottery")
        QUOTA = "quota", _("quotas per union")
        PRIORITY = "priority", _("priority groups first")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    class Tag(models.TextChoices):
        MODEL_WORKER = "model_worker", _("model worker")
        FRONT_LINE = "front_line", _("front-line (migrant) worker")
        GIG = "gig", _("gig worker")
        OUTDOOR = "outdoor", _("outdoor worker")
        HARDSHIP = "hardship", _("hardship file")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="campaigns")
    title = models.CharField(_("title"), max_length=100)
    description = models.CharField(_("description"), max_length=500, blank=True)
    item = models.CharField(_("item"), max_length=10, choices=Item.choices, default=Item.COUPON)
    stock = models.PositiveIntegerField(_("stock"))
    per_member_limit = models.PositiveSmallIntegerField(_("limit per member"), default=1)
    mode = models.CharField(_("allocation mode"), max_length=10, choices=Mode.choices, default=Mode.FCFS)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    redeem_until = models.DateTimeField(_("redeem until"), null=True, blank=True)
    # eligibility: members of the union's subtree, and when tags are set, only members with one of them
    tags = models.JSONField(_("eligible groups"), default=list, blank=True)
    # priority mode: before this moment only hardship files and model workers may claim
    priority_until = models.DateTimeField(_("priority window ends at"), null=True, blank=True)
    # lottery mode: the seed is committed by its SHA-256 hash before the sign-up window opens
    seed = models.CharField(max_length=64, blank=True, editable=False)
    seed_hash = models.CharField(_("seed hash (SHA-256)"), max_length=64, blank=True, editable=False)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    audit_exclude = ("seed",)
    # A city's campaign is seen by every union under it: their clerks redeem its claims.
    seen_from_below = True

    class Meta:
        verbose_name = _("benefit campaign")
        verbose_name_plural = _("benefit campaigns")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=1), name="campaigns_stock_positive"),
            models.CheckConstraint(condition=Q(per_member_limit__gte=1), name="campaigns_limit_positive"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="campaigns_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    @property
    def seed_published(self):
        """The seed is shown once the draw is made (before, only its hash)."""
        return self.drawn_at is not None

    @staticmethod
    def hash_seed(seed):
        return hashlib.sha256(seed.encode()).hexdigest()

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.state == self.State.PUBLISHED and self.starts_at <= now < self.ends_at


class CampaignQuota(ScopedModel):
    """One union's share of a quota campaign's stock. Its slots are a fixed range of the
    campaign's slot numbers (`first_seq` .. `first_seq + share - 1`), so the database keeps
    each union within its share; at `release_at` the shares not claimed are open to every
    eligible member."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="quotas")
    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    share = models.PositiveIntegerField(_("share"))
    first_seq = models.PositiveIntegerField(editable=False)
    release_at = models.DateTimeField(_("unclaimed shares released at"))

    class Meta:
        verbose_name = _("campaign quota")
        verbose_name_plural = _("campaign quotas")
        ordering = ["campaign", "first_seq"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "union"], name="campaigns_one_quota_per_union"),
            models.CheckConstraint(condition=Q(share__gte=1), name="campaigns_quota_share_positive"),
        ]

    def __str__(self):
        return f"{self.campaign} · {self.union}"

    @property
    def last_seq(self):
        return self.first_seq + self.share - 1


class Claim(ScopedModel):
    """One issued unit of a campaign to one member (see the module's docstring for the slots).
    Scoped on the member's union: a union's clerk redeems in their own subtree only."""

    class State(models.TextChoices):
        ISSUED = "issued", _("issued")
        REDEEMED = "redeemed", _("redeemed")
        CANCELLED = "cancelled", _("cancelled")
        EXPIRED = "expired", _("expired")

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT,
                                 related_name="claims")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="campaign_claims")
    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveIntegerField(_("slot"))
    stock_cap = models.PositiveIntegerField(editable=False)
    n = models.PositiveSmallIntegerField(editable=False)
    limit_cap = models.PositiveSmallIntegerField(editable=False)
    code = models.CharField(_("redemption code"), max_length=16, unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ISSUED)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    redeemed_at = models.DateTimeField(_("redeemed at"), null=True, blank=True)
    redeemed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("redeemed by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("benefit claim")
        verbose_name_plural = _("benefit claims")
        ordering = ["-issued_at", "-id"]
        permissions = [("redeem_claim", _("Can redeem benefit claims"))]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "seq"], condition=LIVE, name="campaigns_one_claim_per_slot"),
            models.UniqueConstraint(fields=["campaign", "member", "n"], condition=LIVE,
                                    name="campaigns_member_limit"),
            models.CheckConstraint(condition=Q(seq__gte=1, seq__lte=F("stock_cap")), name="campaigns_slot_in_stock"),
            models.CheckConstraint(condition=Q(n__gte=1, n__lte=F("limit_cap")), name="campaigns_n_in_limit"),
        ]
        indexes = [models.Index(fields=["member", "campaign"], name="campaigns_claim_member_idx"),
                   models.Index(fields=["campaign", "issued_at"], name="campaigns_claim_time_idx")]

    def __str__(self):
        return f"{self.campaign} · {self.code}"


class LotteryEntry(models.Model):
    """A member's sign-up for a lottery campaign (once per campaign)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="entries")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=20)  # the member number, the draw's sort key
    signed_up_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lottery sign-up")
        verbose_name_plural = _("lottery sign-ups")
        constraints = [models.UniqueConstraint(fields=["campaign", "member"], name="campaigns_sign_up_once")]

    def __str__(self):
        return f"{self.campaign_id} · {self.number}"


class UsedToken(models.Model):
    """A claim token already spent (the database path's single-use record; Redis uses SETNX)."""

    nonce = models.CharField(max_length=32, primary_key=True)
    used_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.nonce


class Burst(models.Model):
    """A window in which one IP or one member tried to claim more often than the rate limit
    allows: the staff's report of suspicious bursts."""

    class Kind(models.TextChoices):
        IP = "ip", _("IP address")
        MEMBER = "member", _("member")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="bursts")
    kind = models.CharField(_("source"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("IP or member number"), max_length=64)
    window_start = models.DateTimeField(_("window"))
    attempts = models.PositiveIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("suspicious burst")
        verbose_name_plural = _("suspicious bursts")
        ordering = ["-window_start", "-attempts"]
        constraints = [models.UniqueConstraint(fields=["campaign", "kind", "key", "window_start"],
                                               name="campaigns_one_burst_per_window")]

    def __str__(self):
        return f"{self.kind} {self.key} · {self.attempts}"
