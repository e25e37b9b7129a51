"""Reads of service positions: the nearest ones to a point, division centroids, rating
summaries and the yearly selection's candidates."""

from django.db import connections
from django.db.models import Avg, Count
from django.db.models.functions import Substr

from gonghui.orgs.models import Region

from .geo import COUNTY_CENTRES, box, haversine_m
from .models import Position, PositionStatus, Rating

START_RADIUS_M = 6_000
MAX_RADIUS_M = 6_000_000  # beyond this the box is all of China


def open_positions():
    """What members see: every open position (service positions are public)."""
    return Position.objects.filter(status=PositionStatus.OPEN)


def nearest(lat, lng, limit=10, kind=None, open_only=True, qs=None):
    """The `limit` positions nearest to (lat, lng), nearest first, each with `distance_m`.

    A box on the (lat, lng) index picks candidates. The first, small box is read whole: where
    positions are dense it holds the answer and that one query is all. Otherwise boxes growing
    threefold read only ids and coordinates until one holds `limit` candidates; the exact
    distance of the limit-th then gives the box that must hold every closer point (read once
    more if larger), and the winners' rows are fetched by id.
    """
    qs = Position.objects.all() if qs is None else qs
    if kind is not None:
        qs = qs.filter(kind__code=kind) if isinstance(kind, str) else qs.filter(kind=kind)
    if open_only:
        qs = qs.filter(status=PositionStatus.OPEN)
    if limit <= 0:
        return []

    def ranked(pairs):
        """[(distance, position)] → the nearest `limit` positions, with distance_m."""
        out = sorted(pairs, key=lambda dp: (dp[0], dp[1].pk))[:limit]
        for d, p in out:
            p.distance_m = round(d)
        return [p for _d, p in out]

    radius = START_RADIUS_M
    lat0, lat1, lng0, lng1 = box(lat, lng, radius)
    first = [(haversine_m(lat, lng, p.lat, p.lng), p) for p in
             qs.filter(lat__gte=lat0, lat__lte=lat1, lng__gte=lng0, lng__lte=lng1)
             .select_related("kind", "union").order_by()]
    if len(first) >= limit and sorted(d for d, _p in first)[limit - 1] <= radius:
        return ranked(first)

    within = _box_reader(qs, lat, lng)
    found = within(radius)
    while len(found) < limit and radius < MAX_RADIUS_M:
        radius *= 3
        found = within(radius)
    if len(found) >= limit and found[limit - 1][0] > radius:
        # a corner candidate: closer points may lie just outside the box's sides
        radius = found[limit - 1][0]
        found = within(radius)
    found = found[:limit]
    objects = qs.model.objects.select_related("kind", "union").order_by().in_bulk([pk for _d, pk in found])
    return ranked((d, objects[pk]) for d, pk in found)


def _box_reader(qs, lat, lng):
    """within(radius) → sorted [(distance, pk)] of `qs` in the box around (lat, lng). The query is
    compiled once with placeholder bounds and run again for each box through the cursor: the
    ORM's cost per query is most of the time of a small index range read."""
    sentinels = (-1001.5, -1002.5, -1003.5, -1004.5)
    box_qs = (qs.filter(lat__gte=sentinels[0], lat__lte=sentinels[1], lng__gte=sentinels[2], lng__lte=sentinels[3])
              .order_by().values_list("pk", "lat", "lng"))  # no default ordering: no join, no sort
    sql, params = box_qs.query.sql_with_params()
    slots = [params.index(v) for v in sentinels]
    db = connections[box_qs.db]

    def within(radius):
        bound = list(params)
        for slot, value in zip(slots, box(lat, lng, radius), strict=True):
            bound[slot] = value
        with db.cursor() as cursor:
            cursor.execute(sql, bound)
            rows = cursor.fetchall()
        return sorted((haversine_m(lat, lng, a, b), pk) for pk, a, b in rows)

    return within


def brute_force_nearest(lat, lng, limit=10, kind=None, open_only=True):
    """Every row's distance, sorted (the baseline the tests and the benchmark compare with)."""
    qs = Position.objects.all()
    if kind is not None:
        qs = qs.filter(kind__code=kind)
    if open_only:
        qs = qs.filter(status=PositionStatus.OPEN)
    rows = sorted((haversine_m(lat, lng, a, b), pk) for pk, a, b in qs.order_by().values_list("pk", "lat", "lng"))
    return rows[:limit]


def divisions():
    """County-level divisions that have open positions, each with its centroid: the average of
    its positions' coordinates (the member's fallback when the phone gives no location)."""
    rows = (open_positions().exclude(region=None).annotate(county=Substr("region_id", 1, 6)).order_by()
            .values("county").annotate(lat=Avg("lat"), lng=Avg("lng")))
    sums = {r["county"]: (r["lat"], r["lng"]) for r in rows}
    names = dict(Region.objects.filter(code__in=list(sums) + list(COUNTY_CENTRES)).values_list("code", "name"))
    out = dict(sums)
    for code, centre in COUNTY_CENTRES.items():
        out.setdefault(code, centre)
    return [{"code": code, "name": names.get(code, code), "lat": round(c[0], 5), "lng": round(c[1], 5)}
            for code, c in sorted(out.items()) if code in names]


def rating_summary(position, year=None):
    qs = Rating.objects.filter(position=position)
    if year is not None:
        qs = qs.filter(year=year)
    row = qs.aggregate(avg=Avg("stars"), n=Count("pk"))
    return {"average": round(row["avg"], 2) if row["avg"] is not None else None, "count": row["n"]}


def selection_candidates(user, kind, year, size=100, min_ratings=3, under=None):
    """Positions of `kind` the user sees, ranked by their average stars in `year` among those
    with at least `min_ratings` ratings: the proposal for 百优驿站 / 百优食堂."""
    from gonghui.core.access import subtree_q

    qs = Position.objects.restrict(user).filter(kind=kind)
    if under is not None:
        qs = qs.filter(subtree_q("union__path", under.path))
    rows = (Rating.objects.filter(year=year, position__in=qs).values("position")
            .annotate(avg=Avg("stars"), n=Count("pk")).filter(n__gte=min_ratings)
            .order_by("-avg", "-n", "position")[:size])
    positions = Position.objects.select_related("union").in_bulk([r["position"] for r in rows])
    return [{"rank": i, "position": positions[r["position"]], "average": round(r["avg"], 2), "ratings": r["n"]}
            for i, r in enumerate(rows, start=1)]
