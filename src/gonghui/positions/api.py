"""The positions API: list (filters of the page; `near=lat,lng&limit=N` gives the nearest, each
with `distance_m`), detail, create and update for staff, and a member's check-in and rating.
Coordinates outside China are refused (422) with a Chinese message.

Open positions are public information (an outdoor worker looking for a 爱心驿站 is not always a
member): the nearest search and a position's details answer members and callers without a token,
with the public fields only and rate limited by IP address; staff keep the full record."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from ninja.throttling import SimpleRateThrottle

from gonghui.api import PUBLIC
from gonghui.core.access import get_object, has_perm_anywhere
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Union

from . import queries, services
from .filtersets import PositionFilterSet
from .models import Position, PositionKind

router = Router(tags=["positions"])
MAX_NEAR = 100


PUBLIC_RATE = "60/m"  # public look-ups per IP address and minute


class PublicThrottle(SimpleRateThrottle):
    """Public callers (members, visitors) by IP address; staff who see positions are not limited."""

    scope = "positions_public"

    def get_cache_key(self, request):
        if _staff(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _staff(request):
    return has_perm_anywhere(request.user, "positions.view_position")


class PublicPositionOut(Schema):
    """What anyone may know of an open position: where it is, when it opens, what it offers."""

    id: int
    code: str
    name: str
    kind: str
    kind_name: str
    address: str
    lat: float
    lng: float
    opening_hours: str
    facilities: list[str]
    distance_m: int | None = None


def _public(p):
    return {"id": p.pk, "code": p.code, "name": p.name, "kind": p.kind.code, "kind_name": p.kind.name,
            "address": p.address, "lat": p.lat, "lng": p.lng, "opening_hours": p.opening_hours,
            "facilities": list(p.facilities or []),
            "distance_m": getattr(p, "distance_m", None)}


class PositionOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_name: str
    union_id: int
    union_name: str
    address: str
    region_code: str | None
    lat: float
    lng: float
    opening_hours: str
    facilities: list[str]
    completeness: int
    contact_name: str
    contact_phone: str
    status: str
    opened_on: date | None
    created_at: datetime
    distance_m: int | None = None

    @staticmethod
    def resolve_kind(obj):
        return obj.kind.code

    @staticmethod
    def resolve_kind_name(obj):
        return obj.kind.name

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name

    @staticmethod
    def resolve_region_code(obj):
        return obj.region_id

    @staticmethod
    def resolve_distance_m(obj):
        return getattr(obj, "distance_m", None)


class PositionIn(Schema):
    union_id: int | None = None
    kind: str | None = None
    name: str | None = None
    address: str | None = None
    region_code: str | None = None
    lat: float | None = None
    lng: float | None = None
    opening_hours: str | None = None
    facilities: list[str] | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    status: str | None = None
    opened_on: date | None = None


def _near(value):
    try:
        lat, lng = (float(x) for x in value.split(","))
    except ValueError:
        raise ValidationError({"near": _("Give near as latitude,longitude in decimal degrees.")}) from None
    return services.check_coordinates(lat, lng)


def _limit(limit):
    if not 1 <= limit <= MAX_NEAR:
        raise ValidationError({"limit": _("limit must be between 1 and %(n)d.") % {"n": MAX_NEAR}})
    return limit


@router.get("/positions", response=list[PositionOut | PublicPositionOut], auth=PUBLIC,
            throttle=[PublicThrottle(PUBLIC_RATE)])
@paginate(Page)
def list_positions(request, near: str | None = None, limit: int = 10, kind: str | None = None):
    """Staff: positions in their subtree, the full record; filters `q`, `kind` (code), `status`,
    `completeness`, `under`. With `near=lat,lng` the `limit` nearest (open ones unless `status` is
    given), nearest first, each with `distance_m`.

    Anyone else (a member, a caller without a token): `near=lat,lng` is required and gives the
    `limit` nearest open positions (of `kind` if given) with their public fields only."""
    if not _staff(request):
        if not near:
            raise ValidationError({"near": _("Give near as latitude,longitude to find the nearest open "
                                             "positions.")})
        lat, lng = _near(near)
        return [_public(p) for p in queries.nearest(lat, lng, _limit(limit), kind=kind or None,
                                                            qs=Position.objects.select_related("kind"))]
    qs = _filtered(PositionFilterSet, request, Position.objects.restrict(request.user).select_related("kind", "union"))
    if near:
        lat, lng = _near(near)
        return queries.nearest(lat, lng, _limit(limit), open_only=not request.GET.get("status"), qs=qs)
    return qs


def _position(request, position_id):
    """The one answer to "does this position exist for me": whoever holds the positions right
    somewhere sees their subtree, everyone else every open position (service positions are
    public). Reading, checking in and rating all ask here, so an id outside it is "not found"
    everywhere, for a member, a clerk and a department without the positions right alike."""
    if not _staff(request):
        return _open_position(position_id)
    return get_object(request.user, Position.objects.select_related("kind", "union"), pk=position_id)


@router.get("/positions/{int:position_id}", response=PositionOut | PublicPositionOut, auth=PUBLIC,
            throttle=[PublicThrottle(PUBLIC_RATE)])
def get_position(request, position_id: int):
    """Staff: the full record of a position in their subtree. Anyone else: an open position's
    public fields (404 for one that is not open)."""
    position = _position(request, position_id)
    return position if _staff(request) else _public(position)


def _values(data, partial):
    values = data.dict(exclude_unset=partial)
    values.pop("union_id", None)
    if "kind" in values:
        kind = PositionKind.objects.filter(code=values["kind"] or "").first()
        if kind is None:
            raise ValidationError({"kind": _("No position kind with this code.")})
        values["kind"] = kind
    if "region_code" in values:
        from gonghui.orgs.models import Region

        code = values.pop("region_code")
        values["region"] = Region.objects.filter(code=code).first() if code else None
    return {k: v for k, v in values.items() if v is not None or k in ("region", "opened_on")}


@router.post("/positions", response={201: PositionOut})
def create_position(request, data: PositionIn):
    """Register a position for `union_id` (a union the caller keeps); its code is given."""
    union = Union.objects.restrict(request.user).filter(pk=data.union_id or 0).first()
    if union is None:
        raise ValidationError({"union_id": _("Choose a union in your subtree.")})
    values = _values(data, partial=False)
    kind = values.pop("kind", None)
    if kind is None:
        raise ValidationError({"kind": _("No position kind with this code.")})
    return Status(201, services.create_position(acting_user=request.user, union=union, kind=kind, **values))


@router.patch("/positions/{int:position_id}", response=PositionOut)
def update_position(request, position_id: int, data: PositionIn):
    position = get_object(request.user, Position.objects.select_related("kind", "union"), "change", pk=position_id)
    return services.update_position(position, acting_user=request.user, **_values(data, partial=True))


class CheckInOut(Schema):
    id: int
    position_id: int
    day: date
    at: datetime


class RatingIn(Schema):
    stars: int
    comment: str = ""


class RatingOut(Schema):
    id: int
    position_id: int
    year: int
    stars: int
    comment: str


def _open_position(position_id):
    position = queries.open_positions().select_related("kind", "union").filter(pk=position_id).first()
    if position is None:
        raise Http404(_("Not found."))
    return position


@router.post("/positions/{int:position_id}/check-ins", response={201: CheckInOut})
def check_in(request, position_id: int):
    """The calling member checks in at an open position (once a day)."""
    return Status(201, services.check_in(_position(request, position_id), acting_user=request.user))


@router.post("/positions/{int:position_id}/ratings", response={201: RatingOut})
def rate(request, position_id: int, data: RatingIn):
    """The calling member rates an open position 1–5 stars (once a year)."""
    return Status(201, services.rate(_position(request, position_id), acting_user=request.user, stars=data.stars,
                                     comment=data.comment))
