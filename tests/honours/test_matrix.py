"""Honours pages and API operations in the access matrix (conventions in test_access_matrix).

The objects belong to 衡阳县: an honour of a member of 衡阳县第一机械 (registered with its union),
a round run by 衡阳县总工会 and a nomination by 衡阳县第一机械's union. The organisation department
(city, county) keeps them; county2 (衡南县) does not see them (not found); the grassroots clerk
(`union`) sees them and may nominate but not record honours, review or award; the auditor reads
and changes nothing. Posts that reach a service carry input it refuses (an empty reason, an
unreviewed batch, a decision without an opinion), so nothing is written."""

from django.utils import timezone

from ..matrix import ID_MAKERS, who
from .conftest import honour, member


def _honour(c):
    from gonghui.honours.models import Honour

    return Honour.objects.filter(registered_with=c.grassroots).first() or honour(c, member(c))


def _round(c):
    from datetime import timedelta

    from gonghui.honours import services
    from gonghui.honours.models import SelectionRound

    return SelectionRound.objects.filter(union=c.county).first() or services.create_round(
        acting_user=c.users["city"], union=c.county, name="衡阳县劳模评选", year=timezone.localdate().year,
        title="model_worker", level="county", conferring_body="衡阳县人民政府",
        nominate_until=timezone.localdate() + timedelta(days=30))


def _nomination(c):
    from gonghui.honours import services
    from gonghui.honours.models import Nomination

    return Nomination.objects.filter(nominated_by=c.grassroots).first() or services.nominate(
        _round(c), acting_user=c.users["city"], nominated_by=c.grassroots, member=member(c), deeds="事迹")


def _pk(make):
    return lambda c: {"pk": make(c).pk}


def _action(make, action):
    return lambda c: {"pk": make(c).pk, "action": action}


HIDDEN = {"county2": 404}
KEEPERS = who(200, union=403, auditor=403)
HONOURS_PAGES = [
    ("honours:list", {}, "get", None, who(200)),
    ("honours:create", {}, "get", None, KEEPERS),
    ("honours:create", {}, "post", {"number": "NO-SUCH", "title": "model_worker", "level": "city", "year": 2025,
                                    "conferring_body": "衡阳市人民政府"}, KEEPERS),
    ("honours:detail", _pk(_honour), "get", None, who(200, **HIDDEN)),
    ("honours:certificate", _pk(_honour), "get", None, who(200, **HIDDEN)),
    ("honours:action", _action(_honour, "revoke"), "post", {"reason": ""},
     who(302, county2=404, union=403, auditor=403)),
    ("honours:report", {}, "get", None, who(200)),
    ("honours:visits", {}, "get", None, who(200)),
    ("honours:visit_create", {}, "get", None, KEEPERS),
    ("honours:visit_create", {}, "post", {"number": "NO-SUCH", "visited_on": "2026-01-10", "amount": "1000"},
     KEEPERS),
    # the subsidies are assistance applications: the rights department and the grassroots clerk file them
    ("honours:subsidy_living", {}, "get", None, who(403, union=200, operator=200, rights=200)),
    ("honours:subsidy_special", {}, "post", {"number": "NO-SUCH"}, who(403, union=200, operator=200, rights=200)),
    ("honours:rounds", {}, "get", None, who(200)),
    ("honours:round_create", {}, "get", None, KEEPERS),
    ("honours:round_detail", _pk(_round), "get", None, who(200, **HIDDEN)),
    ("honours:round_action", _action(_round, "publicity"), "post", None,
     who(302, county2=404, union=403, auditor=403)),
    ("honours:nominate", _pk(_round), "get", None, who(200, county2=404, auditor=403)),
    ("honours:nominations", {}, "get", None, who(200)),
    ("honours:nomination_detail", _pk(_nomination), "get", None, who(200, **HIDDEN)),
    ("honours:nomination_action", _action(_nomination, "review"), "post", {"decision": "reject", "opinion": ""},
     who(200, county2=404, union=403, auditor=403)),
    # the nominating union (here the grassroots one) and those above it may withdraw
    ("honours:nomination_action", _action(_nomination, "withdraw"), "post", {"reason": ""},
     who(200, county2=404, auditor=403)),
    ("honours:objection_resolve", {"pk": 0}, "post", {"uphold": "dismiss", "finding": "x"}, who(404)),
    ("honours:my_honours", {}, "get", None, who(200)),
]

ID_MAKERS["hn_honour_id"] = lambda c: _honour(c).pk
ID_MAKERS["hn_round_id"] = lambda c: _round(c).pk
ID_MAKERS["hn_nomination_id"] = lambda c: _nomination(c).pk
ID_MAKERS["hn_objection_id"] = lambda c: 999_999  # none: not found, alike for everyone

API_READ = who(200, anon=401)
API_ONE = who(200, anon=401, county2=404)
REFUSED = who(422, anon=401, county2=404, union=403, auditor=403)
HONOURS_API = [
    ("get", "/api/v1/honours", None, API_READ),
    ("get", "/api/v1/honours/{hn_honour_id}", None, API_ONE),
    ("post", "/api/v1/honours", lambda c: {"member_id": member(c).pk, "title": "nobel", "level": "city", "year": 2025,
                                           "conferring_body": "衡阳市人民政府"},
     who(422, anon=401, county2=404, union=403, auditor=403)),
    ("post", "/api/v1/honours/{hn_honour_id}/revoke", {"reason": ""}, REFUSED),
    ("post", "/api/v1/honours/{hn_honour_id}/deceased", {"reason": "病故"},
     who(200, anon=401, county2=404, union=403, auditor=403)),
    ("get", "/api/v1/selection-rounds", None, API_READ),
    ("get", "/api/v1/selection-rounds/{hn_round_id}", None, API_ONE),
    ("post", "/api/v1/selection-rounds", lambda c: {
        "union_id": c.county.pk, "name": "", "year": 2026, "title": "model_worker", "level": "county",
        "conferring_body": "衡阳县人民政府", "nominate_until": "2099-01-01"},
     who(422, anon=401, county2=404, union=404, auditor=403)),
    ("post", "/api/v1/selection-rounds/{hn_round_id}/publicity", None, REFUSED),
    ("post", "/api/v1/selection-rounds/{hn_round_id}/award", None, REFUSED),
    ("get", "/api/v1/selection-rounds/{hn_round_id}/nominations", None, API_ONE),
    ("post", "/api/v1/selection-rounds/{hn_round_id}/nominations",
     lambda c: {"nominated_by_id": c.grassroots.pk, "deeds": ""}, who(422, anon=401, county2=404, auditor=403)),
    ("post", "/api/v1/selection-rounds/nominations/{hn_nomination_id}/review", {"approve": False, "opinion": ""},
     REFUSED),
    ("post", "/api/v1/selection-rounds/nominations/{hn_nomination_id}/withdraw", {"reason": ""},
     who(422, anon=401, county2=404, auditor=403)),
    ("post", "/api/v1/selection-rounds/nominations/{hn_nomination_id}/clearances",
     {"agency": "nope", "result": "cleared", "given_on": "2026-01-01"}, who(422, anon=401, county2=404, auditor=403)),
    ("post", "/api/v1/selection-rounds/nominations/{hn_nomination_id}/objections", {"content": "异议"}, REFUSED),
    ("post", "/api/v1/selection-rounds/objections/{hn_objection_id}/resolve", {"uphold": False, "finding": "x"},
     who(404, anon=401)),
]
