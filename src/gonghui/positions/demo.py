"""Demo service positions around 衡阳's counties: the 94 户外劳动者爱心驿站 of seed 003, a 工人文化宫
in each county-level division, 职工之家 in most townships, and 职工书屋, 爱心母婴室, 心理辅导室,
工会服务站, 劳模创新工作室 and 职工食堂 in grassroots unions — hundreds of points placed within
about 0.3° of each county's centre — with check-ins of the last month and this year's ratings
(enough for a 百优驿站 / 百优食堂 proposal)."""

from datetime import timedelta

from django.utils import timezone

from gonghui.core.demo import demo_step
from gonghui.members.models import Member
from gonghui.orgs.models import Union

from .geo import COUNTY_CENTRES
from .kinds import ensure_kinds
from .models import CheckIn, Position, PositionKind, PositionStatus, Rating

# kind: (how many at full size, owner: county / township / grassroots)
PLAN = {"station": (94, "county"), "palace": (12, "county"), "home": (90, "township"), "library": (60, "grassroots"),
        "nursing": (50, "grassroots"), "counselling": (20, "county"), "service": (30, "township"),
        "innovation": (25, "grassroots"), "canteen": (40, "grassroots")}
# Outdoor workers gather in the city: the urban districts get more of the stations.
URBAN = ("430405", "430406", "430407", "430408")
STATION_PLACES = ("环卫", "快递", "外卖", "交警", "公交", "出租车", "物流园", "建筑工地", "加油站", "银行网点")
HOURS = ("全天开放", "08:00-20:00", "07:30-21:30", "09:00-17:30", "周一至周五 08:30-17:30")
RATERS = 900
CHECKINS = 3000


def _point(rng, centre, spread):
    """A point near `centre`, at most 0.3° from it."""
    lat = centre[0] + max(-0.3, min(0.3, rng.gauss(0, spread)))
    lng = centre[1] + max(-0.3, min(0.3, rng.gauss(0, spread)))
    return round(lat, 6), round(lng, 6)


def _owners(ctx, county, level):
    if level == "county":
        return [county]
    kind = "township" if level == "township" else "grassroots"
    found = list(Union.objects.filter(path__startswith=county.path, kind=kind).order_by("path")[:400])
    return found or [county]


@demo_step(order=85)
def build(ctx):
    """Service positions: stations, workers' homes and palaces around the counties, check-ins and ratings."""
    ensure_kinds()
    rng = ctx.rng
    kinds = {k.code: k for k in PositionKind.objects.all()}
    counties = [(code, union) for code, union in sorted(ctx.counties.items()) if code in COUNTY_CENTRES]
    actor = ctx.users.get("city")
    now = timezone.now()
    rows, numbers = [], dict.fromkeys(kinds, 0)
    for code, (full, level) in PLAN.items():
        kind = kinds[code]
        n = ctx.scaled(full)
        weights = [3 if c in URBAN else 1 for c, _u in counties] if code == "station" else [1] * len(counties)
        for i in range(n):
            county_code, county = counties[i % len(counties)] if code == "palace" else rng.choices(counties, weights)[0]
            owner = rng.choice(_owners(ctx, county, level))
            spread = 0.03 if county_code in URBAN else 0.1
            lat, lng = _point(rng, COUNTY_CENTRES[county_code], spread)
            numbers[code] += 1
            place = owner.name.removesuffix("工会").removesuffix("总")
            name = {"station": f"{place}{rng.choice(STATION_PLACES)}户外劳动者爱心驿站",
                    "palace": f"{county.name.removesuffix('总工会')}工人文化宫"}.get(code, f"{place}{kind.name}")
            standard = kind.facility_codes()
            have = [f for f in standard if rng.random() < 0.8]
            status = rng.choices([PositionStatus.OPEN, PositionStatus.BUILDING, PositionStatus.SUSPENDED],
                                 [90, 6, 4])[0]
            p = Position(union=owner, kind=kind, code=f"{kind.prefix}{numbers[code]:05d}", name=name[:100],
                         address=f"{owner.name.removesuffix('工会')}{rng.randint(1, 300)}号"[:200],
                         region_id=owner.region_id, lat=lat, lng=lng, opening_hours=rng.choice(HOURS),
                         facilities=have, contact_name=ctx.fake.name(),
                         contact_phone=f"0734-{rng.randint(2000000, 8999999)}",
                         status=status, opened_on=None if status == PositionStatus.BUILDING
                         else (now - timedelta(days=rng.randint(30, 2000))).date(),
                         created_by=actor, created_at=now)
            p.completeness = p.compute_completeness(kind)
            rows.append(p)
    Position.objects.bulk_create(rows, batch_size=1000)

    # check-ins of the last thirty days and this year's ratings, by members of the city
    open_ids = list(Position.objects.filter(status=PositionStatus.OPEN).order_by("pk").values_list("pk", "kind__code"))
    member_ids = list(Member.objects.order_by("pk").values_list("pk", flat=True)[:50_000])
    checkins, ratings = set(), {}
    if open_ids and member_ids:
        today = timezone.localdate()
        # stations and canteens are visited and rated most; each position has a quality of its own
        weights = [6 if k in ("station", "canteen") else 1 for _pk, k in open_ids]
        quality = {pk: rng.uniform(2.8, 4.9) for pk, _k in open_ids}
        for _ in range(ctx.scaled(CHECKINS)):
            pk = rng.choices(open_ids, weights)[0][0]
            checkins.add((pk, rng.choice(member_ids), today - timedelta(days=rng.randint(0, 29))))
        for _ in range(ctx.scaled(RATERS) * 3):
            pk = rng.choices(open_ids, weights)[0][0]
            stars = max(1, min(5, round(rng.gauss(quality[pk], 0.7))))
            ratings[(pk, rng.choice(member_ids))] = stars
        comments = ("热水、充电都方便", "环境干净，工作人员热情", "夏天空调很凉快", "位置好找", "希望延长开放时间", "")
        # visits between 07:00 and 20:59; today's only up to now
        visits = []
        for pk, m, d in sorted(checkins):
            at = timezone.make_aware(timezone.datetime(d.year, d.month, d.day, rng.randint(7, 20), rng.randrange(60)))
            visits.append(CheckIn(position_id=pk, member_id=m, day=d, at=min(at, now)))
        CheckIn.objects.bulk_create(visits, batch_size=2000)
        Rating.objects.bulk_create([Rating(position_id=pk, member_id=m, year=today.year, stars=s,
                                           comment=rng.choice(comments), at=now)
                                    for (pk, m), s in sorted(ratings.items())], batch_size=2000)
    ctx.log(f"positions: {len(rows)} positions, {len(checkins)} check-ins, {len(ratings)} ratings")
    return {"positions": len(rows), "stations": numbers["station"], "checkins": len(checkins),
            "ratings": len(ratings)}
