"""Dispute pages and API operations in the access matrix (conventions in test_access_matrix).

Disputes, bodies, referrals and warnings belong to the rights department (`rights`, every
disputes permission on the city) and to the grassroots union's clerk (`union`: its disputes,
its committee's members and warning signals, not the court referrals or the watch list). The
organisation department (city, county, county2) holds no disputes permission: lists answer 403,
objects are not found. The auditor reads and changes nothing. The objects live at 衡阳县第一机械
(the clerk's union); the court referral at 衡阳县总工会. Posts that reach a service carry input it
refuses (a future date, an award in mediation, an empty form), so nothing is written."""

from datetime import date

from django.utils import timezone

from ..matrix import ID_MAKERS, who

NONE = {"city": 403, "county": 403, "county2": 403}
HIDDEN = {"city": 404, "county": 404, "county2": 404}
READ = who(200, **NONE, rights=200)
WRITE = who(200, **NONE, auditor=403, rights=200)
RIGHTS_ONLY = who(403, operator=200, rights=200)
RIGHTS_READ = who(403, auditor=200, operator=200, rights=200)
ONE = who(200, **HIDDEN, rights=200)
ONE_WRITE = who(200, **HIDDEN, auditor=403, rights=200)
RIGHTS_ONE = who(404, auditor=200, operator=200, rights=200)
RIGHTS_ONE_WRITE = who(404, auditor=403, operator=200, rights=200)


def _dispute(c):
    from gonghui.disputes.models import Dispute

    from .conftest import dispute

    return Dispute.objects.filter(union=c.grassroots, referral__isnull=True).first() or dispute(c)


def _body(c):
    from gonghui.disputes import services
    from gonghui.disputes.models import MediationBody

    return MediationBody.objects.filter(employer=c.employer).first() or services.create_body(
        acting_user=c.users["rights"], union=c.grassroots, kind="enterprise", name="第一机械调解委员会",
        employer=c.employer)


def _referral(c):
    from gonghui.disputes import services
    from gonghui.disputes.models import CourtReferral

    return CourtReferral.objects.first() or services.refer(
        acting_user=c.users["rights"], union=c.county, court="衡阳县人民法院", court_case="(2026)湘0421诉前调1号",
        referred_on=date(2026, 3, 2), employer=c.employer, worker_name="李四", claim="wages",
        event_on=date(2026, 2, 1), knew_on=date(2026, 2, 1), employed=False, employment_ended_on=date(2026, 2, 1))


def _watch(c):
    from gonghui.disputes import services
    from gonghui.disputes.models import Watch

    found = Watch.objects.filter(employer=c.employer).first()
    if found is None:
        services.add_signal(acting_user=c.users["rights"], union=c.grassroots, employer=c.employer,
                            code="boss_unreachable", on=timezone.localdate())
        found = Watch.objects.get(employer=c.employer)
    return found


def _future_dispute(c):
    return {"union": c.grassroots.pk, "employer": c.employer.pk, "worker_name": "王五", "workers": 1,
            "claim": "wages", "event_on": "2099-01-01", "knew_on": "2099-01-01", "received_on": "2099-01-01"}


DISPUTES_PAGES = [
    ("disputes:list", {}, "get", None, READ),
    ("disputes:create", {}, "get", None, WRITE),
    ("disputes:create", {}, "post", _future_dispute, WRITE),
    ("disputes:detail", lambda c: {"pk": _dispute(c).pk}, "get", None, ONE),
    ("disputes:action", lambda c: {"pk": _dispute(c).pk, "action": "award"}, "post", {}, ONE_WRITE),
    ("disputes:bodies", {}, "get", None, READ),
    ("disputes:body_create", {}, "get", None, RIGHTS_ONLY),
    ("disputes:body_detail", lambda c: {"pk": _body(c).pk}, "get", None, ONE),
    ("disputes:body_detail", lambda c: {"pk": _body(c).pk}, "post", {"name": ""}, ONE_WRITE),
    ("disputes:referrals", {}, "get", None, RIGHTS_READ),
    ("disputes:referral_create", {}, "get", None, RIGHTS_ONLY),
    # still in mediation: the report is refused and the page goes back to the dispute
    ("disputes:referral_report", lambda c: {"pk": _referral(c).pk}, "post", {"reported_on": "2026-03-03",
                                                                             "note": "反馈"},
     who(404, auditor=403, operator=302, rights=302)),
    ("disputes:watches", {}, "get", None, RIGHTS_READ),
    ("disputes:watch_detail", lambda c: {"pk": _watch(c).pk}, "get", None, RIGHTS_ONE),
    ("disputes:watch_detail", lambda c: {"pk": _watch(c).pk}, "post", {"registered_capital_fen": "abc"},
     RIGHTS_ONE_WRITE),
    ("disputes:watch_action", lambda c: {"pk": _watch(c).pk}, "post", {"on": "", "text": ""}, RIGHTS_ONE_WRITE),
    ("disputes:signals", {}, "get", None, READ),
    ("disputes:signal_create", {}, "get", None, WRITE),
]

ID_MAKERS["dispute_id"] = lambda c: _dispute(c).pk
ID_MAKERS["watch_id"] = lambda c: _watch(c).pk

API_NONE = {"anon": 401, "city": 403, "county": 403, "county2": 403}
API_HIDDEN = {"anon": 401, "city": 404, "county": 404, "county2": 404}
DISPUTES_API = [
    ("get", "/api/v1/disputes", None, who(200, **API_NONE, rights=200)),
    ("get", "/api/v1/disputes/{dispute_id}", None, who(200, **API_HIDDEN, rights=200)),
    # a dispute dated in the future: refused by the rule; departments without the right, 403
    ("post", "/api/v1/disputes", lambda c: {
        "union_id": c.grassroots.pk, "employer_id": c.employer.pk, "worker_name": "王五", "claim": "wages",
        "event_on": "2099-01-01", "knew_on": "2099-01-01", "received_on": "2099-01-01"},
     who(422, anon=401, city=403, county=403, county2=404, auditor=403, rights=422)),
    ("post", "/api/v1/disputes/{dispute_id}/steps", {"step": "award", "on": "2026-03-05", "outcome": "支持"},
     who(422, **API_HIDDEN, auditor=403, rights=422)),
    ("get", "/api/v1/disputes/bodies", None, who(200, **API_NONE, rights=200)),
    ("get", "/api/v1/warnings", None, who(403, anon=401, auditor=200, operator=200, rights=200)),
    ("get", "/api/v1/warnings/{watch_id}", None, who(404, anon=401, auditor=200, operator=200, rights=200)),
    ("post", "/api/v1/warnings/signals", lambda c: {"union_id": c.grassroots.pk, "employer_id": c.employer.pk,
                                                    "code": "disputes", "on": "2026-03-01"},
     who(422, anon=401, city=403, county=403, county2=404, auditor=403, rights=422)),
]
