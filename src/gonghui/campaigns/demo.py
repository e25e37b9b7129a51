"""Demo benefit campaigns, after seed 003 ("有些职工普惠活动一经发布,几乎秒光"; 500 front-line
migrant workers on a three-day city tour): an open first-come coupon for the whole city, a
lottery for the city tour whose seed is committed (its hash shown, the seed kept until the
draw), a quota campaign shared among the counties, and a finished campaign whose claims are
mostly redeemed. The demo login `member2` holds a claim to show with its QR code; `member`
has not claimed yet, so the coupon can be claimed in the demo."""

import hashlib
from datetime import timedelta

from django.utils import timezone

from gonghui.core.demo import demo_step
from gonghui.members.models import Member

from .engine import CODE_ALPHABET, CODE_LENGTH
from .models import Campaign, CampaignQuota, Claim, LotteryEntry

# The occasion a benefit of each month is named for: the festival it comes before, or the season.
OCCASIONS = {1: "春节", 2: "元宵节", 3: "“三八”妇女节", 4: "“五一”劳动节", 5: "“五一”劳动节", 6: "端午节", 7: "盛夏",
             8: "七夕", 9: "中秋节", 10: "国庆节", 11: "冬季", 12: "元旦"}


def occasion(moment):
    """What a campaign starting at `moment` is named for (a coupon in December is for 元旦, not 端午)."""
    return OCCASIONS[timezone.localtime(moment).month]


def _seed(rng):
    seed = f"{rng.getrandbits(256):064x}"
    return seed, hashlib.sha256(seed.encode()).hexdigest()


def _claims(ctx, campaign, picks, at, codes, redeemed_share=0.0, actor=None):
    """Claims issued from `at` on; a share of them redeemed since, never later than now."""
    now = timezone.now()
    out = []
    for seq, (pk, union_id) in enumerate(picks, start=1):
        code = "".join(ctx.rng.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        while code in codes:
            code = "".join(ctx.rng.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        codes.add(code)
        issued = at + timedelta(seconds=seq * ctx.rng.uniform(0.01, 0.2))
        last = min(now, campaign.redeem_until or now)
        redeemed_at = issued + (last - issued) * ctx.rng.uniform(0.05, 0.6)
        redeemed = ctx.rng.random() < redeemed_share and redeemed_at < now
        out.append(Claim(campaign=campaign, member_id=pk, union_id=union_id, seq=seq, stock_cap=campaign.stock,
                         n=1, limit_cap=campaign.per_member_limit, code=code, issued_at=issued,
                         state="redeemed" if redeemed else "issued",
                         redeemed_at=redeemed_at if redeemed else None,
                         redeemed_by=actor if redeemed else None))
    Claim.objects.bulk_create(out, batch_size=2000)
    return len(out)


@demo_step(order=60)
def build(ctx):
    """Benefit campaigns: an open coupon, a city-tour lottery with a committed seed, county quotas, a finished one."""
    rng = ctx.rng
    now = timezone.now()
    actor = ctx.users.get("publicity") or next(iter(ctx.users.values()))
    merchant = ctx.users.get("merchant") or actor
    people = list(Member.objects.order_by("pk").values_list("pk", "union_id", "is_migrant_worker"))
    logins = dict(Member.objects.filter(user__username__in=("member", "member2")).values_list("user__username", "pk"))
    by_pk = {pk: (pk, u) for pk, u, _m in people}
    others = [(pk, u) for pk, u, _m in people if pk not in logins.values()]
    codes = set()

    def campaign(**kw):
        seed, seed_hash = _seed(rng)
        return Campaign.objects.create(union=ctx.root, created_by=actor, seed=seed, seed_hash=seed_hash,
                                       state="published", created_at=kw["starts_at"] - timedelta(days=3), **kw)

    # 1. open, first come first served: a coupon for every member of the city
    stock = ctx.scaled(2000, 20)
    coupon = campaign(title=f"{occasion(now)}职工观影券", item="coupon", stock=stock, per_member_limit=1, mode="fcfs",
                      description="全市会员每人限领1张，凭券到合作影院兑换观影一次。",
                      starts_at=now - timedelta(hours=6), ends_at=now + timedelta(days=7),
                      redeem_until=now + timedelta(days=30))
    picks = rng.sample(others, min(len(others), stock * 3 // 5))
    if "member2" in logins:
        picks = [by_pk[logins["member2"]], *picks[:-1]] if picks else [by_pk[logins["member2"]]]
    issued = _claims(ctx, coupon, picks, coupon.starts_at, codes, redeemed_share=0.2, actor=merchant)

    # 2. lottery: the city tour for front-line migrant workers (seed 003: 500 places), window open
    tour = campaign(title="“新市民游家乡”城市观光游（三天）", item="ticket", stock=ctx.scaled(500, 5),
                    per_member_limit=1, mode="lottery", tags=["front_line"],
                    description="面向基层一线外来务工职工，报名后统一抽签；随机种子已提前公布哈希值，"
                                "开奖后公布种子，任何人可复算。",
                    starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=2),
                    redeem_until=now + timedelta(days=20))
    front = [(pk, u) for pk, u, migrant in people if migrant]
    sign = rng.sample(front, min(len(front), ctx.scaled(1200, 10)))
    numbers = dict(Member.objects.filter(pk__in=[pk for pk, _u in sign]).values_list("pk", "number"))
    LotteryEntry.objects.bulk_create(
        [LotteryEntry(campaign=tour, member_id=pk, number=numbers[pk],
                      signed_up_at=tour.starts_at + timedelta(minutes=rng.randint(1, 1400))) for pk, _u in sign],
        batch_size=2000)

    # 3. quotas: rest-and-recuperation places shared among the counties, released in two days
    counties = [ctx.counties[code] for code in sorted(ctx.counties)]
    share = max(1, ctx.scaled(40, 2))
    rest = campaign(title="劳模及一线职工疗休养名额", item="slot", stock=share * len(counties) + share,
                    per_member_limit=1, mode="quota",
                    description="按县（市、区）总工会分配名额，未领完的名额到期后向全市开放。",
                    starts_at=now - timedelta(hours=2), ends_at=now + timedelta(days=5),
                    redeem_until=now + timedelta(days=60))
    release = now + timedelta(days=2)
    CampaignQuota.objects.bulk_create([CampaignQuota(campaign=rest, union=u, share=share, first_seq=1 + i * share,
                                                     release_at=release) for i, u in enumerate(counties)])

    # 4. finished: the last occasion's goods, sold out within minutes, mostly redeemed
    done_stock = ctx.scaled(1000, 10)
    finished = now - timedelta(days=40)
    goods = campaign(title=f"{occasion(finished)}福利礼包", item="goods", stock=done_stock, per_member_limit=1,
                     mode="fcfs", starts_at=finished, ends_at=now - timedelta(days=33),
                     redeem_until=now - timedelta(days=3))
    goods_claims = _claims(ctx, goods, rng.sample(others, min(len(others), done_stock)), goods.starts_at, codes,
                           redeemed_share=0.85, actor=merchant)
    Campaign.objects.filter(pk=goods.pk).update(state="closed")
    return {"campaigns": 4, "coupon_claims": issued, "lottery_sign_ups": len(sign), "quota_shares": len(counties),
            "finished_claims": goods_claims}
