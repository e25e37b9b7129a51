"""Reads of benefit campaigns: what is open to a member, a member's claims, the live board."""

from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncSecond
from django.utils import timezone

from gonghui.core.access import ancestor_paths

from . import engine
from .models import Campaign, Claim, LotteryEntry


def visible_to_member(member, now=None):
    """Published campaigns of the member's union or a union above it that have not ended."""
    now = now or timezone.now()
    path = member.union_path or member.union.path
    return (Campaign.objects.filter(state=Campaign.State.PUBLISHED, ends_at__gt=now - timedelta(days=30),
                                    union__path__in=[*ancestor_paths(path), path])
            .select_related("union").order_by("ends_at"))


def open_to_member(member, now=None):
    """(campaign, reason or None, claimed count) for every campaign the member may see, eligible first."""
    now = now or timezone.now()
    campaigns = [c for c in visible_to_member(member, now) if not c.tags or engine.member_tags(member) & set(c.tags)]
    mine = dict(Claim.objects.filter(member=member, campaign__in=campaigns).exclude(state="cancelled")
                .values("campaign").annotate(n=Count("id")).values_list("campaign", "n"))
    return [(c, engine.eligibility(c, member, now), mine.get(c.pk, 0)) for c in campaigns]


def member_claims(member):
    return (Claim.objects.filter(member=member).select_related("campaign", "union")
            .order_by("-issued_at"))


def signed_up(campaign, member):
    return LotteryEntry.objects.filter(campaign=campaign, member=member).exists()


BUCKET = timedelta(seconds=10)
BUCKETS = 60  # the chart covers the last 10 minutes


def board(campaign, now=None):
    """The live board: stock left, claims in the last 10 s and 60 s, claims by union, and the
    claims per 10 s over the last 10 minutes for its chart."""
    now = now or timezone.now()
    live = Claim.objects.filter(campaign=campaign).exclude(state=Claim.State.CANCELLED)
    totals = live.aggregate(issued=Count("id"), redeemed=Count("id", filter=Q(state=Claim.State.REDEEMED)),
                            last10=Count("id", filter=Q(issued_at__gte=now - timedelta(seconds=10))),
                            last60=Count("id", filter=Q(issued_at__gte=now - timedelta(seconds=60))))
    by_union = list(live.values("union__name").annotate(n=Count("id")).order_by("-n", "union__name")[:20])
    series = claims_per_bucket(live, now)
    return {
        "stock": campaign.stock, "issued": totals["issued"], "left": campaign.stock - totals["issued"],
        "redeemed": totals["redeemed"], "per_second_10": round(totals["last10"] / 10, 1),
        "per_second_60": round(totals["last60"] / 60, 1),
        "by_union": [(row["union__name"], row["n"]) for row in by_union],
        "series": series, "peak": max(n for _t, n in series),
        "entries": LotteryEntry.objects.filter(campaign=campaign).count()
        if campaign.mode == Campaign.Mode.LOTTERY else None,
        "at": now,
    }


def claims_per_bucket(claims, now):
    """[(bucket start, claims)] for the BUCKETS 10-second buckets up to the one holding `now`,
    oldest first. The database groups by second in one query (at most 600 rows, on SQLite and
    PostgreSQL alike); the seconds are summed into buckets here. Buckets start on whole tens of
    seconds, so a bar does not shift from one poll to the next."""
    last = now.replace(microsecond=0) - timedelta(seconds=now.second % 10)
    first = last - BUCKET * (BUCKETS - 1)
    counts = [0] * BUCKETS
    per_second = (claims.filter(issued_at__gte=first, issued_at__lt=last + BUCKET)
                  .annotate(second=TruncSecond("issued_at")).values("second").annotate(n=Count("id"))
                  .order_by("second").values_list("second", "n"))
    for second, n in per_second:
        counts[int((second - first).total_seconds()) // 10] += n
    return [(first + BUCKET * i, n) for i, n in enumerate(counts)]
