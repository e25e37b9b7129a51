"""Service positions: kinds as data, the rules of a position (inside China, facilities of its
kind's standard, photos images only), check-ins once a day and ratings once a year, nearest by
distance against brute force, the yearly selection, pages and API."""

import random
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.models import AuditEntry
from gonghui.positions import queries, services
from gonghui.positions.geo import haversine_m
from gonghui.positions.kinds import KINDS, ensure_kinds
from gonghui.positions.models import CheckIn, Position, PositionKind, PositionStatus, Rating, Selection

from .conftest import HENGYANG, kind, member_login, position

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


# --- kinds ---------------------------------------------------------------------------------------

def test_the_standard_kinds_are_loaded_once_and_edits_kept(db):
    assert set(PositionKind.objects.values_list("code", flat=True)) >= {k[0] for k in KINDS}
    station = kind("station")
    assert station.name == "户外劳动者爱心驿站" and "microwave" in station.facility_codes()
    station.name = "户外劳动者港湾"
    station.save()
    ensure_kinds()
    ensure_kinds()
    assert PositionKind.objects.filter(code="station").count() == 1
    assert kind("station").name == "户外劳动者港湾"


def test_editing_a_kinds_standard_updates_completeness(city):
    p = position(city, facilities=["water", "seats"])
    station = kind("station")
    assert p.completeness == round(100 * 2 / len(station.facilities))
    station.facilities = [f for f in station.facilities if f["code"] in ("water", "seats")]
    station.save()
    p.refresh_from_db()
    assert p.completeness == 100


# --- the rules of a position --------------------------------------------------------------------

def test_a_position_gets_its_kinds_code_and_is_audited(city):
    a, b = position(city), position(city)
    assert a.code == "YZ00001" and b.code == "YZ00002"
    assert position(city, code="home", facilities=[]).code == "ZJ00001"
    assert AuditEntry.objects.filter(action="create", object_type="positions.position", object_id=str(a.pk)).exists()


@pytest.mark.parametrize("lat, lng", [(35.68, 139.69), (1.35, 103.82), (60.0, 100.0), (30.0, 70.0)])
def test_coordinates_outside_china_are_refused_and_nothing_written(city, lat, lng):
    with pytest.raises(ValidationError) as e:
        position(city, lat=lat, lng=lng)
    assert "lat" in e.value.message_dict
    assert not Position.objects.exists()


def test_the_database_refuses_coordinates_outside_china(city):
    p = position(city)
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.filter(pk=p.pk).update(lat=1.0)


def test_facilities_outside_the_kinds_standard_are_refused(city):
    with pytest.raises(ValidationError) as e:
        position(city, code="library", facilities=["microwave"])
    assert "facilities" in e.value.message_dict


def test_a_clerk_registers_only_in_their_own_union(city):
    from django.core.exceptions import PermissionDenied

    from tests.factories import user

    clerk = user("pos_clerk", "union_staff", city.grassroots)
    city.users["pos_clerk"] = clerk
    assert position(city, by="pos_clerk").union == city.grassroots
    with pytest.raises(PermissionDenied):
        position(city, union=city.grassroots2, by="pos_clerk")


def test_update_is_audited_and_checks_coordinates(city):
    p = position(city)
    services.update_position(p, acting_user=city.users["city"], opening_hours="全天")
    assert AuditEntry.objects.filter(action="update", object_id=str(p.pk)).exists()
    with pytest.raises(ValidationError):
        services.update_position(p, acting_user=city.users["city"], lng=150.0)
    p.refresh_from_db()
    assert p.lng == HENGYANG[1] and p.opening_hours == "全天"


def test_an_opening_date_in_the_future_is_refused_and_nothing_written(city):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as e:
        position(city, opened_on=tomorrow)
    assert "opened_on" in e.value.message_dict and not Position.objects.exists()
    p = position(city, opened_on=timezone.localdate())
    with pytest.raises(ValidationError) as e:
        services.update_position(p, acting_user=city.users["city"], opened_on=tomorrow)
    assert "opened_on" in e.value.message_dict
    p.refresh_from_db()
    assert p.opened_on == timezone.localdate()


def test_photos_must_be_images(city):
    p = position(city)
    with pytest.raises(ValidationError) as e:
        services.add_photos(p, acting_user=city.users["city"], uploads=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")])
    assert "photos" in e.value.message_dict
    assert not p.photos.exists()
    services.add_photos(p, acting_user=city.users["city"], uploads=[SimpleUploadedFile("门口.png", PNG)])
    assert p.photos.get().content_type == "image/png"


# --- check-ins and ratings ----------------------------------------------------------------------

def test_one_check_in_per_member_per_position_per_day(city):
    p = position(city)
    m = member_login(city)
    services.check_in(p, acting_user=m.user)
    with pytest.raises(ValidationError):
        services.check_in(p, acting_user=m.user)
    assert CheckIn.objects.count() == 1
    CheckIn.objects.filter(member=m).update(day=timezone.localdate() - timedelta(days=1))
    services.check_in(p, acting_user=m.user)
    assert CheckIn.objects.count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(position=p, member=m, day=timezone.localdate())


def test_staff_without_a_member_record_cannot_check_in(city):
    with pytest.raises(ValidationError):
        services.check_in(position(city), acting_user=city.users["city"])


def test_one_rating_per_member_per_position_per_year(city):
    p = position(city)
    m = member_login(city)
    for bad in (0, 6, "x"):
        with pytest.raises(ValidationError):
            services.rate(p, acting_user=m.user, stars=bad)
    services.rate(p, acting_user=m.user, stars=4, comment="有热水，很方便")
    with pytest.raises(ValidationError):
        services.rate(p, acting_user=m.user, stars=5)
    assert Rating.objects.get().stars == 4
    Rating.objects.update(year=timezone.localdate().year - 1)
    services.rate(p, acting_user=m.user, stars=5)
    assert Rating.objects.count() == 2


def test_a_closed_position_takes_no_check_in(city):
    p = position(city, status=PositionStatus.CLOSED)
    with pytest.raises(ValidationError):
        services.check_in(p, acting_user=member_login(city).user)


# --- nearest -----------------------------------------------------------------------------------

def _scatter(c, n, seed, spread=0.6):
    rng = random.Random(seed)
    k = kind()
    other = kind("home")
    Position.objects.bulk_create([
        Position(union=c.grassroots, kind=k if i % 3 else other, code=f"T{i:06d}", name=f"点{i}", address="测试",
                 lat=HENGYANG[0] + rng.uniform(-spread, spread), lng=HENGYANG[1] + rng.uniform(-spread, spread),
                 status=PositionStatus.CLOSED if i % 7 == 0 else PositionStatus.OPEN)
        for i in range(n)])


@given(lat=st.floats(26.0, 27.8), lng=st.floats(111.7, 113.5), limit=st.integers(1, 15),
       kind_code=st.sampled_from([None, "station", "home"]), open_only=st.booleans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_nearest_agrees_with_brute_force(scattered, lat, lng, limit, kind_code, open_only):
    got = queries.nearest(lat, lng, limit, kind=kind_code, open_only=open_only)
    want = queries.brute_force_nearest(lat, lng, limit, kind=kind_code, open_only=open_only)
    assert [round(d) for d, _pk in want] == [p.distance_m for p in got]
    for p in got:
        assert (not open_only or p.status == "open") and (kind_code is None or p.kind.code == kind_code)


@pytest.fixture
def scattered(city):
    """300 positions scattered around 衡阳; the property test's examples only read them."""
    _scatter(city, 300, seed=6)


def test_nearest_reaches_far_points_and_returns_fewer_when_few(city):
    a = position(city, lat=45.75, lng=126.63, name="哈尔滨驿站")
    got = queries.nearest(*HENGYANG, 5)
    assert [p.pk for p in got] == [a.pk]
    assert abs(got[0].distance_m - haversine_m(*HENGYANG, 45.75, 126.63)) < 1


def test_haversine_known_distance():
    # 衡阳 to 长沙, about 153 km as the crow flies
    assert 150_000 < haversine_m(26.8934, 112.5719, 28.2282, 112.9388) < 156_000


# --- the yearly selection ----------------------------------------------------------------------

def test_selection_ranks_by_average_with_a_minimum_and_is_confirmed_once(city):
    good, fair, rare = position(city), position(city), position(city)
    members = [member_login(city) for _ in range(3)]
    for m in members:
        services.rate(good, acting_user=m.user, stars=5)
        services.rate(fair, acting_user=m.user, stars=3)
    services.rate(rare, acting_user=members[0].user, stars=5)
    year = timezone.localdate().year
    rows = queries.selection_candidates(city.users["city"], kind(), year, size=10, min_ratings=2)
    assert [r["position"] for r in rows] == [good, fair] and rows[0]["average"] == 5
    s = services.confirm_selection(acting_user=city.users["city"], union=city.root, kind=kind(), year=year, size=1,
                                   min_ratings=2)
    assert [e.position for e in s.entries.all()] == [good]
    assert AuditEntry.objects.filter(action="confirm", object_type="positions.selection").exists()
    with pytest.raises(ValidationError):
        services.confirm_selection(acting_user=city.users["city"], union=city.root, kind=kind(), year=year, size=1,
                                   min_ratings=2)
    with pytest.raises(ValidationError):
        services.confirm_selection(acting_user=city.users["city"], union=city.root, kind=kind("home"), year=year,
                                   size=1, min_ratings=2)
    assert Selection.objects.count() == 1


def test_division_centroids_average_their_open_positions(city):
    region = city.grassroots.region
    position(city, lat=27.0, lng=112.3, region=region)
    position(city, lat=27.2, lng=112.5, region=region)
    position(city, lat=20.0, lng=110.0, region=region, status=PositionStatus.CLOSED)  # closed: not counted
    by_code = {d["code"]: d for d in queries.divisions()}
    assert (by_code["430421"]["lat"], by_code["430421"]["lng"]) == (27.1, 112.4)
    assert (by_code["430481"]["lat"], by_code["430481"]["lng"]) == (26.42, 112.86)  # no positions: its centre
