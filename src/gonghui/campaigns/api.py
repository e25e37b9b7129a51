"""The campaigns API: staff create and manage campaigns; a member lists those open to them,
gets a claim token with a campaign, claims (the answer says issued, with the code, or why
not), lists their claims and gives one back; staff and merchants redeem codes."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.api import SELF_AUTHENTICATED, authenticate, bearer_digest
from gonghui.core.access import get_object, has_perm_anywhere, require
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Union

from . import engine, queries, services
from .filtersets import CampaignFilterSet
from .models import Campaign, Claim

router = Router(tags=["campaigns"])


class QuotaOut(Schema):
    union_id: int
    share: int
    first_seq: int
    release_at: datetime


class CampaignOut(Schema):
    id: int
    title: str
    description: str
    item: str
    union_id: int
    union_name: str
    stock: int
    per_member_limit: int
    mode: str
    state: str
    starts_at: datetime
    ends_at: datetime
    redeem_until: datetime | None
    priority_until: datetime | None
    tags: list[str]
    seed_hash: str
    seed: str | None
    drawn_at: datetime | None

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name

    @staticmethod
    def resolve_seed(obj):
        return obj.seed if obj.seed_published else None  # published only after the draw


class CampaignDetailOut(CampaignOut):
    quotas: list[QuotaOut]
    issued: int | None = None
    left: int | None = None
    claim_token: str | None = None
    can_claim: bool | None = None
    reason: str | None = None

    @staticmethod
    def resolve_quotas(obj):
        return list(obj.quotas.all())


class QuotaIn(Schema):
    union_id: int
    share: int
    release_at: datetime


class CampaignIn(Schema):
    title: str
    stock: int
    per_member_limit: int = 1
    mode: str = "fcfs"
    starts_at: datetime
    ends_at: datetime
    union_id: int
    item: str = "coupon"
    description: str = ""
    redeem_until: datetime | None = None
    tags: list[str] = []
    priority_until: datetime | None = None
    quotas: list[QuotaIn] = []
    publish: bool = False


class ReasonIn(Schema):
    reason: str = ""


class ClaimIn(Schema):
    token: str


class ClaimOut(Schema):
    id: int
    code: str
    state: str
    campaign_id: int
    campaign_title: str
    member_id: int
    seq: int
    issued_at: datetime
    redeemed_at: datetime | None
    redeem_until: datetime | None

    @staticmethod
    def resolve_campaign_title(obj):
        return obj.campaign.title

    @staticmethod
    def resolve_redeem_until(obj):
        return obj.campaign.redeem_until


class ClaimAnswer(Schema):
    issued: bool
    reason: str
    message: str
    claim: ClaimOut | None = None


def _member(request):
    member = services.member_of(request.user)
    if member is None:
        raise PermissionDenied(_("Only union members can do this."))
    return member


def _union(user, union_id):
    union = Union.objects.restrict(user).filter(pk=union_id).first()
    if union is None:
        raise ValidationError({"union_id": _("No such union in your scope.")})
    return union


@router.get("/campaigns", response=list[CampaignOut])
@paginate(Page)
def list_campaigns(request):
    """Staff: campaigns of their subtree (filters `q`, `mode`, `state`, `item`, `under`). A
    member: the campaigns of their union and the unions above it that are open to them."""
    member = services.member_of(request.user)
    if member is not None and not has_perm_anywhere(request.user, "campaigns.view_campaign"):
        ids = [c.pk for c, _reason, _n in queries.open_to_member(member)]
        return Campaign.objects.filter(pk__in=ids).select_related("union").order_by("ends_at")
    require(request.user, "campaigns.view_campaign")
    qs = Campaign.objects.restrict(request.user).select_related("union")
    return _filtered(CampaignFilterSet, request, qs)


@router.post("/campaigns", response={201: CampaignDetailOut})
def create_campaign(request, body: CampaignIn):
    require(request.user, "campaigns.add_campaign")
    data = body.dict()
    union = _union(request.user, data.pop("union_id"))
    quotas = [(_union(request.user, q["union_id"]), q["share"], q["release_at"]) for q in data.pop("quotas")]
    campaign = services.create_campaign(acting_user=request.user, union=union, quotas=quotas, **data)
    return Status(201, campaign)


def _visible(request, campaign_id):
    """Staff through their scope; a member a campaign of their union's line that is published."""
    member = services.member_of(request.user)
    if member is not None and not has_perm_anywhere(request.user, "campaigns.view_campaign"):
        campaign = queries.visible_to_member(member).filter(pk=campaign_id).first()
        if campaign is None:
            raise Http404(_("Not found."))
        return campaign, member
    return get_object(request.user, Campaign.objects.select_related("union"), pk=campaign_id), None


@router.get("/campaigns/{int:campaign_id}", response=CampaignDetailOut)
def get_campaign(request, campaign_id: int):
    """A campaign; for a member also whether they may claim now (`reason` if not) and a fresh
    single-use `claim_token` for POST …/claim."""
    campaign, member = _visible(request, campaign_id)
    board = queries.board(campaign)
    campaign.issued, campaign.left = board["issued"], board["left"]
    if member is not None:
        reason = engine.eligibility(campaign, member)
        campaign.can_claim = reason is None and campaign.mode != Campaign.Mode.LOTTERY
        campaign.reason = engine.REASONS[reason]() if reason else None
        campaign.claim_token = engine.issue_token(campaign, member, bearer=bearer_digest(request))
    return campaign


@router.post("/campaigns/{int:campaign_id}/publish", response=CampaignDetailOut)
def publish_campaign(request, campaign_id: int):
    campaign = get_object(request.user, Campaign, "change", pk=campaign_id)
    return services.publish_campaign(campaign, acting_user=request.user)


@router.post("/campaigns/{int:campaign_id}/cancel", response=CampaignDetailOut)
def cancel_campaign(request, campaign_id: int, body: ReasonIn):
    campaign = get_object(request.user, Campaign, "change", pk=campaign_id)
    return services.cancel_campaign(campaign, acting_user=request.user, reason=body.reason)


@router.post("/campaigns/{int:campaign_id}/draw", response=CampaignDetailOut)
def draw_lottery(request, campaign_id: int):
    campaign = get_object(request.user, Campaign, "change", pk=campaign_id)
    return services.draw(campaign, acting_user=request.user)


@router.post("/campaigns/{int:campaign_id}/claim", response={201: ClaimAnswer, 409: ClaimAnswer, 503: ClaimAnswer},
             auth=None, openapi_extra=SELF_AUTHENTICATED)
def claim(request, response: HttpResponse, campaign_id: int, body: ClaimIn):
    """A member claims one unit: 201 with the claim and its code, or 409 with the reason
    (`reason` a key, `message` in Chinese); 503 (reason `busy`, with Retry-After) when the
    database stayed locked: nothing was claimed, try again. 401 without a valid bearer token.

    The hot path reads nothing from the database before the claim's own write: a genuine
    token of this account for this campaign carries what the campaign page decided (see
    `engine.claim_with_token`). With Redis, a claim token issued to the very bearer token the
    request presents also vouches for that bearer token, so a rush of members each claiming once
    costs no read of their bearer tokens either; every other request is authenticated here as on
    every other operation. Any other token takes the slow path, which says why."""
    ip = _ip(request)
    result = engine.claim_with_token(campaign_id, body.token, ip, bearer=bearer_digest(request))
    if result is None:
        authenticate(request)
        result = engine.claim_with_token(campaign_id, body.token, ip, user=request.user)
    if result is None:
        member = _member(request)
        campaign = queries.visible_to_member(member).filter(pk=campaign_id).first()
        if campaign is None:
            raise Http404(_("Not found."))
        result = engine.claim(campaign, member, body.token, ip)
    answer = {"issued": result.issued, "reason": result.reason, "message": result.message, "claim": result.claim}
    if result.reason == "busy":
        response["Retry-After"] = "1"
        return Status(503, answer)
    return Status(201 if result.issued else 409, answer)


@router.post("/campaigns/{int:campaign_id}/sign-up", response={201: dict})
def sign_up(request, campaign_id: int):
    """A member signs up for a lottery."""
    member = _member(request)
    campaign = queries.visible_to_member(member).filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404(_("Not found."))
    services.sign_up(campaign, member)
    return Status(201, {"detail": _("Signed up. The draw is made after %(at)s.") % {
        "at": timezone.localtime(campaign.ends_at).strftime("%Y-%m-%d %H:%M")}})


@router.get("/claims", response=list[ClaimOut])
@paginate(Page)
def my_claims(request):
    """The caller's own claims (a staff account without a member record has none)."""
    member = services.member_of(request.user)
    if member is None:
        return Claim.objects.none()
    services.expire_due()
    return queries.member_claims(member)


@router.post("/claims/{claim_code}/cancel", response=ClaimOut)
def cancel_claim(request, claim_code: str, body: ReasonIn):
    """A member gives back their own claim: its unit returns to the stock. 404 for anyone
    else's code; 422 with the reason when it is redeemed, cancelled or expired."""
    member = _member(request)
    services.expire_due()
    claim = queries.member_claims(member).filter(code=claim_code).first()
    if claim is None:
        raise Http404(_("Not found."))
    return services.cancel_claim(claim, acting_user=request.user, reason=body.reason)


@router.post("/claims/{claim_code}/redeem", response=ClaimOut)
def redeem(request, claim_code: str):
    """Redeem a code (a clerk of the member's union or above, or a merchant): 422 with the
    reason when the code is wrong, used or expired."""
    return services.redeem(claim_code, acting_user=request.user)


def _ip(request):
    from gonghui.core.audit import client_ip

    return client_ip.get() or request.META.get("REMOTE_ADDR", "")
