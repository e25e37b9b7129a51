"""Reads of service positions: the nearest ones to a point, division centroids, rating
summaries and the yearly selection's candidates."""

from django.db.models import Avg, Count

from gonghui.orgs.models import Region

from .geo import COUNTY_CENTRES, box, haversine_m
from .models import Position, PositionStatus, Rating

START_RADIUS_M = 3_000
MAX_RADIUS_M = 6_000_000  # beyond this the box is all of China


def open_positions():
    """What members see: every open position (service positions are public)."""
    return Position.objects.filter(status=PositionStatus.OPEN)


def nearest(lat, lng, limit=10, kind=None, open_only=True, qs=None):
    """The `limit` positions nearest to (lat, lng), nearest first, each with `distance_m`.

    A box on the (lat, lng) index picks candidates, growing fourfold until it holds `limit` of
    them; the exact distance of the limit-th candidate then gives the box that must hold every
    closer point, fetched once more if it is larger. Only ids and coordinates are read until
    the winners are known, so a hundred thousand rows cost a few index range reads.
    """
    qs = Position.objects.all() if qs is None else qs
    if kind is not None:
        qs = qs.filter(kind__code=kind) if isinstance(kind, str) else qs.filter(kind=kind)
    if open_only:
        qs = qs.filter(status=PositionStatus.OPEN)
    if limit <= 0:
        return []

    def within(radius):
        lat0, lat1, lng0, lng1 = box(lat, lng, radius)
        rows = qs.filter(lat__gte=lat0, lat__lte=lat1, lng__gte=lng0, lng__lte=lng1).values_list("pk", "lat", "lng")
        return sorted((haversine_m(lat, lng, a, b), pk) for pk, a, b in rows)

    radius = START_RADIUS_M
    found = within(radius)
    while len(found) < limit and radius < MAX_RADIUS_M:
        radius *= 4
        found = within(radius)
    if len(found) >= limit and found[limit - 1][0] > radius:
        # a corner candidate: closer points may lie just outside the box's sides
        radius = found[limit - 1][0]
        found = within(radius)
    found = found[:limit]
    objects = qs.model.objects.select_related("kind", "union").in_bulk([pk for _d, pk in found])
    out = []
    for distance, pk in found:
        p = objects[pk]
        p.distance_m = round(distance)
        out.append(p)
    return out


def brute_force_nearest(lat, lng, limit=10, kind=None, open_only=True):
    """Every row's distance, sorted (the baseline the tests and the benchmark compare with)."""
    qs = Position.objects.all()
    if kind is not None:
        qs = qs.filter(kind__code=kind)
    if open_only:
        qs = qs.filter(status=PositionStatus.OPEN)
    rows = sorted((haversine_m(lat, lng, a, b), pk) for pk, a, b in qs.values_list("pk", "lat", "lng"))
    return rows[:limit]


def divisions():
    """County-level divisions that have open positions, each with its centroid: the average of
    its positions' coordinates (the member's fallback when the phone gives no location)."""
    sums = {}
    for code, lat, lng in open_positions().exclude(region=None).values_list("region_id", "lat", "lng").iterator():
        key = code[:6]
        s = sums.setdefault(key, [0.0, 0.0, 0])
        s[0] += lat
        s[1] += lng
        s[2] += 1
    names = dict(Region.objects.filter(code__in=list(sums) + list(COUNTY_CENTRES)).values_list("code", "name"))
    out = {code: (s[0] / s[2], s[1] / s[2]) for code, s in sums.items()}
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
