"""Campaign pages and API operations in the access matrix (conventions in test_access_matrix).

The publicity department (whole city) manages campaigns; a grassroots clerk (`union`) sees the
city's campaigns and redeems claims of their own union's members, nothing more; the merchant
redeems and lists its own redemptions, nothing else (no campaign, board
or bursts report); the auditor reads; the organisation and rights
departments hold no campaign rights. Members claim (tests/test_campaigns_pages.py): staff
accounts have no member record, so the member pages answer "not found" to them."""

from datetime import timedelta

from django.utils import timezone

from gonghui.campaigns import services

from ..matrix import ID_MAKERS, who
from .conftest import claim, member

NONE = {"city": 403, "county": 403, "county2": 403, "rights": 403}
UNSEEN = {"city": 404, "county": 404, "county2": 404, "rights": 404}


def _campaign(c, publish=True):
    now = timezone.now()
    return services.create_campaign(acting_user=c.users["publicity"], union=c.root, title="矩阵测试券", stock=5,
                                    per_member_limit=1, mode="fcfs", starts_at=now - timedelta(minutes=1),
                                    ends_at=now + timedelta(hours=1), publish=publish)


def _pk(c):
    return {"pk": _campaign(c).pk}


def _draft(c):
    return {"pk": _campaign(c, publish=False).pk}


def _claim_code(c):
    camp = _campaign(c)
    return claim(camp, member(c)).code


def _code(c):
    return {"code": _claim_code(c)}


def _create_post(c):
    now = timezone.localtime()
    return {"union": c.root.pk, "title": "矩阵新券", "item": "coupon", "stock": 10, "per_member_limit": 1,
            "mode": "fcfs", "starts_at": (now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")}


def _redeem_post(c):
    return {"code": _claim_code(c)}


READ = who(200, **NONE, publicity=200, merchant=403)
ONE = who(200, **UNSEEN, publicity=200, merchant=404)
MANAGE = who(403, **UNSEEN, operator=302, publicity=302)
REDEEM = who(200, **NONE, auditor=403, publicity=200, merchant=200)
MEMBER_ONLY = who(404, rights=404, publicity=404, merchant=404)
CAMPAIGN_PAGES = [
    ("campaigns:list", {}, "get", None, READ),
    ("campaigns:create", {}, "get", None, who(403, **NONE, operator=200, publicity=200, merchant=403)),
    ("campaigns:create", {}, "post", _create_post, who(403, **NONE, operator=302, publicity=302, merchant=403)),
    ("campaigns:detail", _pk, "get", None, ONE),
    ("campaigns:board", _pk, "get", None, ONE),
    ("campaigns:publish", _draft, "post", {}, MANAGE | {"merchant": 404}),
    ("campaigns:cancel", _pk, "post", {"reason": "矩阵"}, MANAGE | {"merchant": 404}),
    ("campaigns:draw", _pk, "post", {}, MANAGE | {"merchant": 404}),
    ("campaigns:claims", {}, "get", None, who(200, **NONE, publicity=200, merchant=403)),
    ("campaigns:redeem", {}, "get", None, REDEEM),
    ("campaigns:redeem", {}, "post", _redeem_post, REDEEM),
    # what this account redeemed itself: every account that may redeem
    ("campaigns:redeemed", {}, "get", None, REDEEM),
    ("campaigns:bursts", {}, "get", None, READ),
    ("campaigns:mine", {}, "get", None, who(200, rights=200, publicity=200, merchant=200)),
    ("campaigns:member_campaign", _pk, "get", None, MEMBER_ONLY),
    ("campaigns:member_claim", _pk, "post", {"token": "x"}, MEMBER_ONLY),
    ("campaigns:member_claim_token", _pk, "get", None, MEMBER_ONLY),
    ("campaigns:member_sign_up", _pk, "post", {}, MEMBER_ONLY),
    ("campaigns:my_claims", {}, "get", None, who(200, rights=200, publicity=200, merchant=200)),
    # a member's own claim only: staff have none, so every code is "not found" to them
    ("campaigns:member_cancel_claim", _code, "get", None, MEMBER_ONLY),
    ("campaigns:member_cancel_claim", _code, "post", {}, MEMBER_ONLY),
]

ID_MAKERS["campaign_id"] = lambda c: _campaign(c, publish=False).pk
ID_MAKERS["claim_code"] = _claim_code


def _new_campaign(c):
    now = timezone.now()
    return {"title": "接口新券", "stock": 10, "per_member_limit": 1, "mode": "fcfs", "union_id": c.root.pk,
            "starts_at": (now + timedelta(hours=1)).isoformat(), "ends_at": (now + timedelta(days=1)).isoformat()}


API_NONE = {"anon": 401, "city": 403, "county": 403, "county2": 403, "rights": 403}
API_UNSEEN = {"anon": 401, "city": 404, "county": 404, "county2": 404, "rights": 404}
API_MANAGE = who(403, **API_UNSEEN, operator=200, publicity=200, merchant=404)
CAMPAIGN_API = [
    ("get", "/api/v1/campaigns", None, who(200, **API_NONE, publicity=200, merchant=403)),
    ("post", "/api/v1/campaigns", _new_campaign, who(403, **API_NONE, operator=201, publicity=201, merchant=403)),
    ("get", "/api/v1/campaigns/{campaign_id}", None, who(200, **API_UNSEEN, publicity=200, merchant=404)),
    ("post", "/api/v1/campaigns/{campaign_id}/publish", None, API_MANAGE),
    ("post", "/api/v1/campaigns/{campaign_id}/cancel", {"reason": "矩阵"}, API_MANAGE),
    # a draft is no lottery: those who may draw are told so (422)
    ("post", "/api/v1/campaigns/{campaign_id}/draw", None, API_MANAGE | {"operator": 422, "publicity": 422}),
    # staff accounts have no member record: only members claim and sign up
    ("post", "/api/v1/campaigns/{campaign_id}/claim", {"token": "x"},
     who(403, anon=401, rights=403, publicity=403, merchant=403)),
    ("post", "/api/v1/campaigns/{campaign_id}/sign-up", None, who(403, anon=401, rights=403, publicity=403,
                                                                    merchant=403)),
    ("get", "/api/v1/claims", None, who(200, anon=401, rights=200, publicity=200, merchant=200)),
    ("post", "/api/v1/claims/{claim_code}/redeem", None,
     who(200, **API_NONE, auditor=403, publicity=200, merchant=200)),
    ("post", "/api/v1/claims/{claim_code}/cancel", {"reason": "矩阵"},
     who(403, anon=401, rights=403, publicity=403, merchant=403)),
]
