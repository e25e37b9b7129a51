"""The positions demo step: positions around the demo city's counties, inside China and near
their county, stations among them, check-ins and ratings within their rules."""


from django.db.models import Count

from gonghui.positions import queries
from gonghui.positions.geo import COUNTY_CENTRES, in_china
from gonghui.positions.models import CheckIn, Position, Rating

from ..conftest import DEMO


def test_the_demo_places_positions_near_their_counties_with_visits_and_ratings(demo):
    positions = list(Position.objects.select_related("kind", "region"))
    assert len(positions) >= 10
    assert {p.kind.code for p in positions} >= {"station", "palace", "home", "canteen"}
    assert Position.objects.filter(kind__code="station").count() == round(94 * DEMO.size)
    for p in positions:
        assert in_china(p.lat, p.lng)
        county = p.region_id[:6]
        if county in COUNTY_CENTRES:
            c = COUNTY_CENTRES[county]
            assert abs(p.lat - c[0]) <= 0.3 + 1e-9 and abs(p.lng - c[1]) <= 0.3 + 1e-9
        assert p.completeness == p.compute_completeness()
    assert len({p.code for p in positions}) == len(positions)
    assert CheckIn.objects.exists() and Rating.objects.exists()
    assert not Rating.objects.values("member", "position", "year").annotate(n=Count("pk")).filter(n__gt=1).exists()
    # a member near 衡阳 finds stations by a county's centroid
    division = queries.divisions()[0]
    assert queries.nearest(division["lat"], division["lng"], 5)
