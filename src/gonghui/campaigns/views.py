"""Benefit campaign pages: the staff's list, form, detail with the live board, claims, the
redemption counter and the report of suspicious bursts; the member's H5 pages (campaigns
open to me, a campaign with its claim button, my claims with their QR codes, giving one back)."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit, dates
from gonghui.core.access import can, get_object, needs
from gonghui.core.forms import apply_service_errors, form_page, show_error
from gonghui.core.listing import ListPage

from . import engine, queries, services
from .filtersets import BurstFilterSet, CampaignFilterSet, ClaimFilterSet, RedemptionFilterSet
from .forms import CampaignForm, CodeForm, ReasonForm
from .models import Burst, Campaign, Claim
from .tables import BurstTable, CampaignTable, ClaimTable, RedemptionTable

FORM = "orgs/form.html"


def _expire():
    """Pages show claims as they stand now: codes past their redemption period turn expired first."""
    services.expire_due()


# --- staff -------------------------------------------------------------------------------------

class CampaignList(ListPage):
    model = Campaign
    filterset_class = CampaignFilterSet
    table_class = CampaignTable
    title = gettext_lazy("Benefit campaigns")
    add_url_name = "campaigns:create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


class ClaimList(ListPage):
    model = Claim
    filterset_class = ClaimFilterSet
    table_class = ClaimTable
    title = gettext_lazy("Benefit claims")

    def get(self, request):
        _expire()
        return super().get(request)

    def get_queryset(self):
        return super().get_queryset().select_related("campaign", "member", "union")


class RedemptionList(ListPage):
    """The codes this account redeemed itself (a merchant's counter, a clerk's): its own acts,
    so no scope beyond "redeemed by me"."""

    model = Claim
    filterset_class = RedemptionFilterSet
    table_class = RedemptionTable
    title = gettext_lazy("My redemptions")
    permission = "campaigns.redeem_claim"
    focus_filter = None

    def get_queryset(self):
        return Claim.objects.filter(redeemed_by=self.request.user).select_related("campaign").order_by(
            "-redeemed_at", "-id")


class BurstList(ListPage):
    model = Burst
    filterset_class = BurstFilterSet
    table_class = BurstTable
    title = gettext_lazy("Suspicious bursts")
    permission = "campaigns.view_campaign"

    def get_queryset(self):
        return Burst.objects.filter(campaign__in=Campaign.objects.restrict(self.request.user)).select_related(
            "campaign")


@needs("campaigns.add_campaign")
def campaign_create(request):
    form = CampaignForm(request.POST or None, user=request.user)

    def save(data):
        campaign = services.create_campaign(acting_user=request.user, **data)
        messages.success(request, _("Campaign saved."))
        return redirect("campaigns:detail", campaign.pk)

    return form_page(request, form, _("New benefit campaign"), save, template=FORM)


@login_required
def campaign_detail(request, pk):
    campaign = get_object(request.user, Campaign.objects.select_related("union", "created_by"), pk=pk)
    verified = engine.verify_draw(campaign) if campaign.drawn_at else None
    return render(request, "campaigns/detail.html", {
        "title": str(campaign), "campaign": campaign, "board": queries.board(campaign),
        "quotas": campaign.quotas.select_related("union"), "verified": verified,
        "may_change": can(request.user, "campaigns.change_campaign", campaign.union),
        "history": audit.history(campaign), "cancel_form": ReasonForm(),
    })


@login_required
def campaign_board(request, pk):
    """The live board's figures, polled by htmx every few seconds."""
    campaign = get_object(request.user, Campaign, pk=pk)
    return render(request, "campaigns/_board.html", {"campaign": campaign, "board": queries.board(campaign)})


def _act(request, pk, action):
    campaign = get_object(request.user, Campaign, "change", pk=pk)
    try:
        action(campaign)
        messages.success(request, _("Done."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("campaigns:detail", campaign.pk)


@login_required
@require_POST
def campaign_publish(request, pk):
    return _act(request, pk, lambda c: services.publish_campaign(c, acting_user=request.user))


@login_required
@require_POST
def campaign_cancel(request, pk):
    return _act(request, pk, lambda c: services.cancel_campaign(c, acting_user=request.user,
                                                                reason=request.POST.get("reason", "")))


@login_required
@require_POST
def campaign_draw(request, pk):
    return _act(request, pk, lambda c: services.draw(c, acting_user=request.user))


@needs("campaigns.redeem_claim")
def redeem(request):
    """The redemption counter: type the code, or scan the member's QR (it opens this page with ?code=)."""
    form = CodeForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    done = None
    if request.method == "POST" and form.is_valid():
        try:
            done = services.redeem(form.cleaned_data["code"], acting_user=request.user)
            form = CodeForm()
        except ValidationError as e:
            apply_service_errors(form, e)
    return render(request, "campaigns/redeem.html", {"title": _("Redeem a code"), "form": form, "done": done})


# --- the member's pages (H5) ---------------------------------------------------------------------

def _member_or_none(request):
    return services.member_of(request.user)


@login_required
def my_campaigns(request):
    member = _member_or_none(request)
    rows = queries.open_to_member(member) if member else []
    return render(request, "campaigns/h5_list.html", {"title": _("Benefits for me"), "member": member,
                                                      "rows": rows})


def _member_campaign(request, pk):
    member = _member_or_none(request)
    if member is None:
        raise Http404(_("Not found."))
    campaign = queries.visible_to_member(member).filter(pk=pk).first()
    if campaign is None:
        raise Http404(_("Not found."))
    return member, campaign


@login_required
def member_campaign(request, pk):
    member, campaign = _member_campaign(request, pk)
    reason = engine.eligibility(campaign, member)
    mine = queries.member_claims(member).filter(campaign=campaign).exclude(state="cancelled")
    return render(request, "campaigns/h5_campaign.html", {
        "title": campaign.title, "campaign": campaign, "reason": engine.REASONS[reason]() if reason else "",
        "can_claim": reason is None and campaign.mode != Campaign.Mode.LOTTERY,
        "can_sign_up": reason is None and campaign.mode == Campaign.Mode.LOTTERY
        and not queries.signed_up(campaign, member),
        "signed_up": queries.signed_up(campaign, member), **_token(campaign, member),
        "board": queries.board(campaign), "mine": mine, "quotas": campaign.quotas.select_related("union"),
    })


@login_required
def member_claim_token(request, pk):
    """A fresh claim token for the open page: the page renews it before it expires, so a member
    who waits on the page for ten o'clock claims without reloading. Each renewal decides anew."""
    member, campaign = _member_campaign(request, pk)
    return render(request, "campaigns/_claim_token.html", {"campaign": campaign, **_token(campaign, member)})


def _token(campaign, member):
    """What campaigns/_claim_token.html needs: a fresh token and how often the page renews it."""
    return {"token": engine.issue_token(campaign, member), "renew_seconds": engine.TOKEN_RENEW_SECONDS}


@login_required
@require_POST
def member_claim(request, pk):
    member, campaign = _member_campaign(request, pk)
    from gonghui.core.audit import client_ip

    result = engine.claim(campaign, member, request.POST.get("token", ""),
                          client_ip.get() or request.META.get("REMOTE_ADDR", ""))
    if result.issued:
        messages.success(request, result.message)
        return redirect("campaigns:my_claims")
    messages.error(request, result.message)
    return redirect("campaigns:member_campaign", campaign.pk)


@login_required
@require_POST
def member_sign_up(request, pk):
    member, campaign = _member_campaign(request, pk)
    try:
        services.sign_up(campaign, member)
        messages.success(request, _("Signed up. The draw is made after %(at)s.") % {
            "at": dates.show(campaign.ends_at)})
    except ValidationError as e:
        show_error(request, e)
    return redirect("campaigns:member_campaign", campaign.pk)


@login_required
def my_claims(request):
    import segno
    from django.urls import reverse

    member = _member_or_none(request)
    _expire()
    claims = list(queries.member_claims(member)[:50]) if member else []
    now = timezone.now()
    qr_left = 10  # a QR code is a few KB: the page stays light however many claims a member has
    for c in claims:
        c.expired_now = c.campaign.redeem_until is not None and now > c.campaign.redeem_until
        if c.state == Claim.State.ISSUED and not c.expired_now and qr_left:
            qr_left -= 1
            url = request.build_absolute_uri(reverse("campaigns:redeem") + "?code=" + c.code)
            # omitsize: a viewBox instead of a fixed size, so the code scales to its centred box
            c.qr = segno.make(url, error="m").svg_inline(scale=3, dark="#b3261e", omitsize=True)
    return render(request, "campaigns/h5_claims.html", {"title": _("My benefit claims"), "member": member,
                                                        "claims": claims})


def _own_claim(request, code):
    """One of the requesting member's own claims by its code; anyone else's is not found."""
    member = _member_or_none(request)
    claim = queries.member_claims(member).filter(code=code).first() if member else None
    if claim is None:
        raise Http404(_("Not found."))
    return claim


@login_required
def member_cancel_claim(request, code):
    """The member gives back their own claim: GET asks to confirm (no script needed), POST
    cancels it and its unit returns to the stock for others."""
    _expire()
    claim = _own_claim(request, code)
    if request.method != "POST":
        return render(request, "campaigns/h5_cancel.html", {"title": _("Cancel claim"), "claim": claim,
                                                            "cancellable": claim.state == Claim.State.ISSUED})
    try:
        services.cancel_claim(claim, acting_user=request.user, reason=request.POST.get("reason", "")[:200])
        messages.success(request, _("Claim cancelled; the unit went back to the stock."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("campaigns:my_claims")
