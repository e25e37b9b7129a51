"""疗休养 pages and API operations in the access matrix (conventions in test_access_matrix).

The batch is run by 衡阳县总工会 (the county), at the city's base (seen from below). The city and
the county keep it; county2 (衡南县) does not see it, so its rows are not found; the grassroots
clerk (`union`) sees no batch of the county (their grant is on their own union) and may not
create one; the auditor reads and changes nothing. Staff have no member record: the member's
pages tell them so, and an offer is not found. Posts that reach a service carry input it
refuses (an unknown member number, a batch longer than the cap), so nothing is written."""

from ..matrix import ID_MAKERS, who
from .conftest import base, batch

HIDDEN = {"county2": 404}


def _base(c):
    from gonghui.recuperation.models import Base

    return Base.objects.filter(union=c.root).first() or base(c)


def _batch(c):
    from gonghui.recuperation.models import Batch

    return Batch.objects.filter(union=c.county).first() or batch(c, b=_base(c), union=c.county, by="county")


def _offer(c):
    from gonghui.recuperation import services
    from gonghui.recuperation.models import Offer

    found = Offer.objects.filter(batch__union=c.county).first()
    if found:
        return found
    from .conftest import member

    b = _batch(c)
    services.add_candidates(b, acting_user=c.users["county"], members=[member(c, level="city")])
    return Offer.objects.get(batch=b)


def _pk(maker):
    return lambda c: {"pk": maker(c).pk}


def _action(name):
    return lambda c: {"pk": _batch(c).pk, "action": name}


def _new_batch(c):
    # eight days where seven are the cap: every persona who may create it gets the form back
    return {"union": c.county.pk, "name": "超长批次", "base": _base(c).pk, "starts_on": "2099-05-01",
            "ends_on": "2099-05-08", "capacity": 2, "cost_per_person_fen": "2800", "budget_fen": "5600",
            "honour_required": "on"}


ONE = who(200, **HIDDEN) | {"union": 404}
ONE_CHANGE = who(302, **HIDDEN) | {"union": 404, "auditor": 403}
RECUPERATION_PAGES = [
    ("recuperation:bases", {}, "get", None, who(200)),
    ("recuperation:base_create", {}, "get", None, who(200, union=403, auditor=403)),
    ("recuperation:base_create", {}, "post", {"union": "", "name": "", "city": ""},
     who(200, union=403, auditor=403)),
    ("recuperation:base_detail", _pk(_base), "get", None, who(200)),
    ("recuperation:batches", {}, "get", None, who(200)),
    ("recuperation:batch_create", {}, "get", None, who(200, union=403, auditor=403)),
    ("recuperation:batch_create", {}, "post", _new_batch, who(200, union=403, auditor=403)),
    ("recuperation:batch_detail", _pk(_batch), "get", None, ONE),
    ("recuperation:candidates_add", _pk(_batch), "post", {"numbers": "NO-SUCH"},
     who(200, **HIDDEN) | {"union": 404, "auditor": 403}),
    # no candidates yet: the refusal is shown as a message and the page redirects
    ("recuperation:batch_action", _action("allocate"), "post", {}, ONE_CHANGE),
    ("recuperation:batch_action", _action("attendance"), "post", {}, ONE_CHANGE),
    ("recuperation:offers", {}, "get", None, who(200)),
    ("recuperation:offer_detail", _pk(_offer), "get", None, ONE),
    ("recuperation:my_offers", {}, "get", None, who(200)),
    ("recuperation:my_offer", _pk(_offer), "get", None, who(404)),
]

ID_MAKERS["rc_batch_id"] = lambda c: _batch(c).pk
ID_MAKERS["rc_offer_id"] = lambda c: _offer(c).pk

API_READ = who(200, anon=401)
API_ONE = who(200, anon=401, county2=404, union=404)
RECUPERATION_API = [
    ("get", "/api/v1/recuperation/bases", None, API_READ),
    ("get", "/api/v1/recuperation/batches", None, API_READ),
    ("get", "/api/v1/recuperation/batches/{rc_batch_id}", None, API_ONE),
    ("get", "/api/v1/recuperation/batches/{rc_batch_id}/figures", None, API_ONE),
    ("post", "/api/v1/recuperation/batches/{rc_batch_id}/candidates", {"numbers": ["NO-SUCH"]},
     who(422, anon=401, county2=404, union=404, auditor=403)),
    ("post", "/api/v1/recuperation/batches/{rc_batch_id}/allocate", None,
     who(422, anon=401, county2=404, union=404, auditor=403)),
    # a union no one may see: not found, nothing written
    ("post", "/api/v1/recuperation/batches", {"union_id": 0, "base_id": 0, "name": "春季疗休养",
                                             "starts_on": "2027-04-01", "ends_on": "2027-04-05", "capacity": 10,
                                             "cost_per_person_fen": 100_000, "budget_fen": 1_000_000},
     who(404, anon=401)),
    ("post", "/api/v1/recuperation/batches/{rc_batch_id}/attendance", {"attended_offer_ids": []},
     who(422, anon=401, county2=404, union=404, auditor=403)),
    ("get", "/api/v1/recuperation/offers", None, API_READ),
    ("get", "/api/v1/recuperation/offers/{rc_offer_id}", None, API_ONE),
    ("post", "/api/v1/recuperation/offers/{rc_offer_id}/answer", {"accept": True}, who(404, anon=401)),
]
