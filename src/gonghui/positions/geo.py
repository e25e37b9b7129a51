"""Distances on the sphere and the bounds every stored coordinate must keep."""

import math

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180  # along a meridian

# China's extent (WGS-84), as the Position table's CheckConstraint has it.
CHINA = {"lat": (3.8, 53.6), "lng": (73.5, 135.1)}

# Rough centres of 衡阳's county-level divisions (the demo city), used where no positions in a
# division give a better centroid.
COUNTY_CENTRES = {
    "430405": (26.90, 112.65), "430406": (26.87, 112.61), "430407": (26.92, 112.60), "430408": (26.90, 112.56),
    "430412": (27.25, 112.73), "430421": (27.00, 112.37), "430422": (26.74, 112.68), "430423": (27.23, 112.87),
    "430424": (27.08, 113.00), "430426": (26.80, 112.09), "430481": (26.42, 112.86), "430482": (26.42, 112.40),
}


def haversine_m(lat1, lng1, lat2, lng2):
    """Great-circle distance in metres between two WGS-84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def in_china(lat, lng):
    return CHINA["lat"][0] <= lat <= CHINA["lat"][1] and CHINA["lng"][0] <= lng <= CHINA["lng"][1]


def box(lat, lng, radius_m):
    """(lat_min, lat_max, lng_min, lng_max) of a box holding every point within `radius_m`."""
    dlat = radius_m / METRES_PER_DEGREE
    far = min(89.9, abs(lat) + dlat)  # longitude degrees shrink poleward: widen for the far edge
    dlng = min(180.0, dlat / math.cos(math.radians(far)))
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng
