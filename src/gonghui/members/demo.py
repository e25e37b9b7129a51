"""Demo members: about 300,000 real-name members across the grassroots, industry and joint
unions, with valid (made-up) resident IDs from their county, sealed like real ones; and the
member logins `member`, `member2` (under 衡阳县) and `member3` (under 衡南县)."""

from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from stdnum.cn import ric

from gonghui.accounts.demo import PASSWORD
from gonghui.accounts.models import User
from gonghui.core.demo import demo_step
from gonghui.core.models import Code
from gonghui.orgs.choices import UnionKind, UnionStatus
from gonghui.orgs.models import Union

from .bulk import Preparer, compact_tally, enrol_all
from .identity import Document
from .models import Member

FULL_SIZE = 300_000
JOBS = ("操作工", "技术员", "质检员", "仓管员", "司机", "销售", "会计", "文员", "电工", "焊工", "厨师", "保安")
PLATFORMS = ("美团", "饿了么", "顺丰速运", "京东物流", "货拉拉", "滴滴出行", "满帮")


def resident_id(county_code, born, seq):
    """A valid made-up resident ID: county, birth date, sequence, GB 11643 check digit."""
    body = f"{county_code}{born:%Y%m%d}{seq % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum ignores the last character


def _weights(rng, unions):
    """Members per union: the employer's headcount times the share of its staff who joined, which
    differs by county (入会率 drawn once per county, about 60 to 90 per cent: no published county
    figures in the seeds) and from union to union around it; industry and joint unions are big."""
    county_rate, out = {}, []
    for u in unions:
        if u.kind == UnionKind.INDUSTRY:
            out.append(3000)
        elif u.kind == UnionKind.JOINT:
            out.append(400)
        else:
            county = u.region_id[:6]
            if county not in county_rate:
                county_rate[county] = rng.uniform(0.6, 0.92)
            rate = county_rate[county]
            out.append(max(5, u.employer.headcount if u.employer else 30) * min(1.0, rate * rng.uniform(0.85, 1.1)))
    return out


def _joined(rng, first, last):
    """A join date within about four years of `first` (the union's founding or the member's
    eighteenth birthday), never after `last`."""
    if first >= last:
        return last
    return first + timedelta(days=rng.randrange(min(1500, (last - first).days + 1)))


NAME_POOL = 30_000  # distinct names drawn once: Faker is slow, and real rosters repeat names too


def _members(ctx, unions, codes, total):
    """Prepared members (see bulk.member_values) for about `total` members, spread by union size."""
    rng, fake = ctx.rng, ctx.fake
    member_values = Preparer()
    names = [fake.name() for _ in range(min(NAME_POOL, max(100, total)))]
    weights = _weights(rng, unions)
    scale = total / sum(weights)
    seen_ids = set()
    today = date(2026, 11, 1)
    joined_by = timezone.localdate()  # a join date records the past
    for union, w in zip(unions, weights, strict=True):
        county = union.region_id[:6]
        n = max(1, round(w * scale))
        if union.employer is not None:
            n = min(n, max(1, union.employer.headcount))  # never more members than staff
        for _ in range(n):
            born = today - timedelta(days=rng.randint(18 * 365, 62 * 365))
            number = resident_id(county, born, rng.randrange(1000))
            while number in seen_ids:
                number = resident_id(county, born, rng.randrange(1000))
            seen_ids.add(number)
            gig = union.kind == UnionKind.INDUSTRY or rng.random() < 0.04
            doc = Document(type="resident_id", number=number, birth_date=born,
                           sex="M" if int(number[16]) % 2 else "F", region_code=county)
            yield member_values(
                union_id=union.pk, name=rng.choice(names), doc=doc,
                phone=f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}",
                joined_on=_joined(rng, max(union.founded_on or date(2000, 1, 1), born + timedelta(days=18 * 365)),
                                  joined_by),
                ethnicity_id=codes["ethnicity"][0] if rng.random() < 0.9 else rng.choice(codes["ethnicity"][:20]),
                education_id=rng.choice(codes["education"]), political_id=rng.choice(codes["political"][-4:]),
                household_id=rng.choice(codes["household"]), employer_id=union.employer_id,
                job=rng.choice(JOBS), gig_platform=rng.choice(PLATFORMS) if gig else "", is_gig_worker=gig,
                is_migrant_worker=rng.random() < 0.25, is_model_worker=rng.random() < 0.003)


@demo_step(order=30)
def build(ctx):
    """The member registry: real-name members of the demo unions, and the member logins."""
    total = ctx.extras.get("members", round(FULL_SIZE * ctx.size))
    unions = list(Union.objects.filter(status=UnionStatus.ACTIVE, kind__in=(
        UnionKind.GRASSROOTS, UnionKind.INDUSTRY, UnionKind.JOINT)).select_related("employer").order_by("path"))
    codes = {t: list(Code.objects.filter(table=t).order_by("sort").values_list("pk", flat=True)) for t in
             ("ethnicity", "education", "political", "household")}
    made = enrol_all(_members(ctx, unions, codes, total), unions={u.pk: u for u in unions})
    compact_tally()
    logins = _member_logins(ctx)
    ctx.log(f"{made:,} members enrolled; member logins: {', '.join(logins)}")
    return {"members": made, "logins": logins}


def _member_logins(ctx):
    """`member` and `member2` in 衡阳县 (the `county` login's county), `member3` in 衡南县."""
    county = ctx.users["county"].grants.get().union
    county2 = ctx.users["county2"].grants.get().union
    picks = []
    for base, n in ((county, 2), (county2, 1)):
        picks += list(Member.objects.filter(union_path__startswith=base.path, union__kind=UnionKind.GRASSROOTS)
                      .order_by("number")[:n])
    names = []
    for username, member in zip(("member", "member2", "member3"), picks, strict=False):
        user = User.objects.create(username=username, kind=User.Kind.MEMBER, full_name=member.name,
                                   phone=member.phone.reveal(), password=make_password(PASSWORD))
        Member.objects.filter(pk=member.pk).update(user=user)
        names.append(username)
    return names


@demo_step(order=31)
def join_applications(ctx):
    """Join applications waiting for an answer, in 衡阳县 and 衡南县.

    Riders and drivers ask the logistics industry union, a few workers their employer's union.
    The applicants come from 邵阳县, so they are on no demo roster."""
    from .joins import apply

    county = ctx.users["county"].grants.get().union
    county2 = ctx.users["county2"].grants.get().union
    targets = []
    for base, n in ((county, 6), (county2, 2)):
        targets += list(Union.objects.filter(path__startswith=base.path, status=UnionStatus.ACTIVE,
                                             kind=UnionKind.GRASSROOTS).order_by("path")[:n])
    industry = Union.objects.filter(kind=UnionKind.INDUSTRY, status=UnionStatus.ACTIVE).order_by("path").first()
    made = 0
    for i, union in enumerate(targets + [industry] * 4 if industry else targets):
        born = date(1990, 1, 1) + timedelta(days=ctx.rng.randrange(9000))
        gig = union.kind == UnionKind.INDUSTRY
        apply(union=union, name=ctx.fake.name(), id_number=resident_id("430523", born, i),
              phone=f"1{ctx.rng.choice('3456789')}{ctx.rng.randrange(10**9):09d}",
              employer_name="" if gig else (union.employer.name if union.employer else ""),
              gig_platform=ctx.rng.choice(PLATFORMS) if gig else "", is_gig_worker=gig,
              job="骑手" if gig else ctx.rng.choice(JOBS))
        made += 1
    ctx.log(f"{made} join applications waiting")
    return {"join_applications": made}
