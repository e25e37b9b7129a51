"""Positions pages and API operations in the access matrix (conventions in test_access_matrix).

The organisation department keeps positions (city: all; county: 衡阳县; county2 sees nothing of
衡阳县's); the grassroots clerk (`union`) registers and edits their own union's; the auditor reads.
The rights, publicity and merchant departments hold no positions rights. A position's public
page, QR and an open position's photos are open to anyone; members' pages to anyone signed in;
check-in and rating need a member record (staff are sent back with the message, or 422). Through
the API an open position's public fields and the nearest search are open to anyone, rate limited."""

from ..matrix import ID_MAKERS, who
from .conftest import kind, position

OTHERS = {"rights": 403, "publicity": 403, "merchant": 403}
HERE = who(200, county2=404, rights=404, publicity=404, merchant=404)  # a position under 衡阳县


def _position(c):
    return {"pk": position(c).pk}


def _by_code(c):
    return {"code": position(c).code}


def _photo(c):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.positions import services

    p = position(c)
    ph = services.add_photos(p, acting_user=c.users["city"],
                             uploads=[SimpleUploadedFile("门口.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 16)])[0]
    return {"pk": p.pk, "photo_pk": ph.pk}


def _create_post(c):
    return {"union": c.grassroots.pk, "kind": kind().pk, "name": "矩阵驿站", "address": "衡阳县西渡镇",
            "lat": "26.97", "lng": "112.42", "status": "open"}


POSITIONS_PAGES = [
    ("positions:list", {}, "get", None, who(200, **OTHERS)),
    ("positions:create", {}, "get", None, who(200, auditor=403, **OTHERS)),
    # county2's union lookup does not resolve a union of 衡阳县: the form comes back
    ("positions:create", {}, "post", _create_post, who(302, county2=200, auditor=403, **OTHERS)),
    ("positions:map", {}, "get", None, who(200, rights=200, publicity=200, merchant=200)),
    ("positions:selection", {}, "get", None, who(200, **OTHERS)),
    ("positions:near", {}, "get", None, who(200, rights=200)),
    ("positions:detail", _position, "get", None, HERE),
    ("positions:edit", _position, "get", None, HERE | {"auditor": 403}),
    # no file chosen: those who may add one are sent back to the position with the message
    ("positions:photo_add", _position, "post", {}, who(302, county2=404, auditor=403, rights=404)),
    ("positions:photo", _photo, "get", None, who(200, anon=200, rights=200)),
    ("positions:public", _by_code, "get", None, who(200, anon=200, rights=200)),
    ("positions:qr", _by_code, "get", None, who(200, anon=200, rights=200)),
    ("positions:check_in", _by_code, "post", {}, who(302, rights=302)),
    ("positions:rate", _by_code, "post", {"stars": "5"}, who(302, rights=302)),
]

ID_MAKERS["position_id"] = lambda c: position(c).pk


def _new_position(c):
    return {"union_id": c.grassroots.pk, "kind": "station", "name": "矩阵驿站", "address": "衡阳县西渡镇",
            "lat": 26.97, "lng": 112.42}


POSITIONS_API = [
    # open positions are public (issue 21): anyone without the view right, signed in or not, is
    # told to send near=lat,lng (422); an open position's public fields answer them all
    ("get", "/api/v1/positions", None, who(200, anon=422, rights=422, publicity=422, merchant=422)),
    ("get", "/api/v1/positions/{position_id}", None,
     who(200, anon=200, county2=404, rights=200, publicity=200, merchant=200)),
    # a union the caller does not see is not offered: 422 naming union_id (rights sees it, may not add)
    ("post", "/api/v1/positions", _new_position, who(201, anon=401, county2=422, auditor=403, rights=403)),
    ("patch", "/api/v1/positions/{position_id}", {"opening_hours": "全天"},
     who(200, anon=401, county2=404, auditor=403, rights=404)),
    # Existence as on reading (404 alike for a position the caller cannot see, found where reading
    # finds it); staff have no member record, so those who find it are refused with the reason.
    ("post", "/api/v1/positions/{position_id}/check-ins", None,
     who(422, anon=401, county2=404, rights=422, publicity=422, merchant=422)),
    ("post", "/api/v1/positions/{position_id}/ratings", {"stars": 5},
     who(422, anon=401, county2=404, rights=422, publicity=422, merchant=422)),
]
