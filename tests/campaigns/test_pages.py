"""Benefit campaign pages and API: staff create, publish, watch the board and redeem; a member
claims from the H5 page (token in the form) and sees the QR; the API's answers."""

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import ApiToken
from gonghui.campaigns import engine, services
from gonghui.campaigns.models import Campaign, Claim
from gonghui.core.models import AuditEntry

from .conftest import campaign, claim, member


@pytest.fixture(autouse=True)
def _campaign_settings(settings):
    settings.CAMPAIGNS_KEY_PREFIX = f"test:{uuid.uuid4().hex[:8]}:"
    settings.CAMPAIGNS_RATE_LIMITS = (1000, 100000, 10)
    settings.REDIS_URL = ""


def _when(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_publicity_creates_and_publishes_a_campaign_on_the_page(login, city):
    c = login("publicity")
    now = timezone.now()
    r = c.post(reverse("campaigns:create"), {
        "union": city.county.pk, "title": "观影券", "item": "ticket", "stock": 100, "per_member_limit": 2,
        "mode": "fcfs", "starts_at": _when(now + timedelta(hours=1)), "ends_at": _when(now + timedelta(days=1))})
    assert r.status_code == 302, r.content.decode()[:2000]
    camp = Campaign.objects.get(title="观影券")
    assert (camp.union, camp.state, camp.stock) == (city.county, "draft", 100)
    assert c.post(reverse("campaigns:publish", args=[camp.pk])).status_code == 302
    camp.refresh_from_db()
    assert camp.state == "published"
    assert AuditEntry.objects.filter(action="publish", object_id=str(camp.pk)).exists()
    page = c.get(reverse("campaigns:detail", args=[camp.pk]))
    assert 'hx-trigger="every 3s"' in page.content.decode()


def test_bad_form_names_the_field_and_writes_nothing(login, city):
    c = login("publicity")
    now = timezone.now()
    r = c.post(reverse("campaigns:create"), {
        "union": city.county.pk, "title": "观影券", "item": "ticket", "stock": 10, "per_member_limit": 1,
        "mode": "quota", "starts_at": _when(now), "ends_at": _when(now + timedelta(days=1)),
        "quotas": "不存在的工会, 5, 2030-01-01 12:00"})
    assert r.status_code == 200 and "quotas" in r.context["form"].errors
    r = c.post(reverse("campaigns:create"), {
        "union": city.county.pk, "title": "观影券", "item": "ticket", "stock": 10, "per_member_limit": 1,
        "mode": "fcfs", "starts_at": _when(now), "ends_at": _when(now - timedelta(days=1))})
    assert r.status_code == 200 and "ends_at" in r.context["form"].errors
    assert not Campaign.objects.exists()


def test_member_claims_on_the_h5_page_and_sees_the_qr(client, city):
    camp = campaign(city, stock=2, title="端午粽子券")
    m = member(city, login=True)
    client.force_login(m.user)
    listing = client.get(reverse("campaigns:mine")).content.decode()
    assert "端午粽子券" in listing
    page = client.get(reverse("campaigns:member_campaign", args=[camp.pk]))
    assert page.status_code == 200 and len(page.content) < 200_000
    token = page.context["token"]
    r = client.post(reverse("campaigns:member_claim", args=[camp.pk]), {"token": token}, follow=True)
    mine = Claim.objects.get(member=m)
    body = r.content.decode()
    assert mine.code in body and "<svg" in body
    # the same token again: refused, nothing issued
    r = client.post(reverse("campaigns:member_claim", args=[camp.pk]), {"token": token}, follow=True)
    assert Claim.objects.filter(member=m).count() == 1
    msgs = [str(x) for x in r.context["messages"]]
    assert msgs == [engine.REASONS["bad_token"]()]
    # a fresh token: the limit
    page = client.get(reverse("campaigns:member_campaign", args=[camp.pk]))
    assert page.context["can_claim"]
    r = client.post(reverse("campaigns:member_claim", args=[camp.pk]), {"token": page.context["token"]}, follow=True)
    assert [str(x) for x in r.context["messages"]] == [engine.REASONS["limit"]()]


def test_member_does_not_see_a_campaign_of_another_county(client, city):
    camp = campaign(city, union=city.county2)
    m = member(city, login=True)
    client.force_login(m.user)
    assert client.get(reverse("campaigns:member_campaign", args=[camp.pk])).status_code == 404
    assert client.post(reverse("campaigns:member_claim", args=[camp.pk]), {"token": "x"}).status_code == 404


def test_redeem_page_messages(login, city):
    camp = campaign(city)
    code = claim(camp, member(city)).code
    c = login("merchant")
    r = c.post(reverse("campaigns:redeem"), {"code": "NOPE"})
    assert r.status_code == 200 and r.context["form"].errors["code"]
    r = c.post(reverse("campaigns:redeem"), {"code": code})
    assert r.context["done"].code == code
    r = c.post(reverse("campaigns:redeem"), {"code": code})
    assert r.context["form"].errors["code"]
    assert Claim.objects.get(code=code).state == "redeemed"


def test_board_and_exports(login, city):
    camp = campaign(city, stock=5)
    for _ in range(3):
        claim(camp, member(city))
    c = login("publicity")
    board = c.get(reverse("campaigns:board", args=[camp.pk]))
    assert board.context["board"]["left"] == 2 and board.context["board"]["issued"] == 3
    assert board.context["board"]["by_union"] == [(city.grassroots.name, 3)]
    export = c.get(reverse("campaigns:claims") + f"?campaign={camp.pk}&export=xlsx")
    assert export.status_code == 200
    lst = c.get(reverse("campaigns:list") + "?q=fcfs", follow=True)
    assert camp.title in lst.content.decode()


def test_bursts_report_lists_rate_limited_sources(login, city, settings):
    settings.CAMPAIGNS_RATE_LIMITS = (2, 100, 60)
    camp = campaign(city, stock=10, limit=5)
    m = member(city)
    for _ in range(4):
        claim(camp, m)
    r = login("publicity").get(reverse("campaigns:bursts"))
    assert m.number in r.content.decode()


# --- API ------------------------------------------------------------------------------------------

def _api(user):
    from django.test import Client

    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})


def _post(c, url, body=None):
    return c.post(url, data=json.dumps(body or {}), content_type="application/json")


def test_api_create_claim_list_and_redeem(city):
    staff = _api(city.users["publicity"])
    now = timezone.now()
    r = _post(staff, "/api/v1/campaigns", {
        "title": "城市观光游", "stock": 2, "per_member_limit": 1, "mode": "fcfs", "union_id": city.root.pk,
        "starts_at": (now - timedelta(minutes=1)).isoformat(), "ends_at": (now + timedelta(hours=1)).isoformat(),
        "publish": True})
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    m = member(city, login=True)
    mc = _api(m.user)
    assert [x["id"] for x in mc.get("/api/v1/campaigns").json()["items"]] == [cid]
    detail = mc.get(f"/api/v1/campaigns/{cid}").json()
    assert detail["can_claim"] and detail["claim_token"] and detail["seed"] is None
    r = _post(mc, f"/api/v1/campaigns/{cid}/claim", {"token": detail["claim_token"]})
    assert r.status_code == 201 and r.json()["issued"]
    code = r.json()["claim"]["code"]
    again = _post(mc, f"/api/v1/campaigns/{cid}/claim", {"token": detail["claim_token"]})
    assert again.status_code == 409 and again.json()["reason"] == "bad_token" and again.json()["message"]
    token2 = mc.get(f"/api/v1/campaigns/{cid}").json()["claim_token"]
    limit = _post(mc, f"/api/v1/campaigns/{cid}/claim", {"token": token2})
    assert limit.json()["reason"] == "limit"
    assert [x["code"] for x in mc.get("/api/v1/claims").json()["items"]] == [code]
    assert _post(staff, f"/api/v1/campaigns/{cid}/claim", {"token": "x"}).status_code == 403  # not a member
    merchant = _api(city.users["merchant"])
    assert _post(merchant, f"/api/v1/claims/{code}/redeem").json()["state"] == "redeemed"
    used = _post(merchant, f"/api/v1/claims/{code}/redeem")
    assert used.status_code == 422 and used.json()["detail"]
    assert _post(mc, f"/api/v1/claims/{code}/redeem").status_code == 403


def test_api_bad_input_is_refused_by_field(city):
    staff = _api(city.users["publicity"])
    now = timezone.now()
    base = {"title": "x", "stock": 5, "per_member_limit": 1, "mode": "fcfs", "union_id": city.root.pk,
            "starts_at": now.isoformat(), "ends_at": (now + timedelta(hours=1)).isoformat()}
    for change, field in [({"stock": -1}, "stock"), ({"mode": "fastest"}, "mode"),
                          ({"ends_at": (now - timedelta(hours=1)).isoformat()}, "ends_at"),
                          ({"union_id": 999999}, "union_id")]:
        r = _post(staff, "/api/v1/campaigns", base | change)
        assert r.status_code == 422 and field in r.json()["errors"], (change, r.content)
    r = _post(staff, "/api/v1/campaigns", base | {"starts_at": "tomorrow"})
    assert r.status_code == 422
    assert not Campaign.objects.exists()


# --- a member gives a claim back -------------------------------------------------------------

def test_member_cancels_own_claim_and_another_member_gets_the_unit(client, city):
    camp = campaign(city, stock=1, title="中秋月饼券")
    m = member(city, login=True)
    code = claim(camp, m).code
    client.force_login(m.user)
    mine = client.get(reverse("campaigns:my_claims")).content.decode()
    cancel_url = reverse("campaigns:member_cancel_claim", args=[code])
    assert cancel_url in mine
    confirm = client.get(cancel_url)
    assert confirm.status_code == 200 and confirm.context["cancellable"] and code in confirm.content.decode()
    assert Claim.objects.get(code=code).state == "issued"  # asking is not cancelling
    r = client.post(cancel_url, {"reason": "临时出差"}, follow=True)
    assert Claim.objects.get(code=code).state == "cancelled"
    assert [c.state for c in r.context["claims"]] == ["cancelled"]
    assert cancel_url not in r.content.decode()
    entry = AuditEntry.objects.get(action="cancel", object_id=str(Claim.objects.get(code=code).pk))
    assert (entry.actor, entry.reason) == (m.user, "临时出差")
    engine.cache.clear()  # the one-second "sold out" memo of the database path
    assert claim(camp, member(city)).issued  # the unit went back to the stock


def test_member_cannot_cancel_someone_elses_claim(client, city):
    camp = campaign(city, stock=3)
    other = claim(camp, member(city, login=True)).code
    m = member(city, login=True)
    client.force_login(m.user)
    url = reverse("campaigns:member_cancel_claim", args=[other])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Claim.objects.get(code=other).state == "issued"
    assert not AuditEntry.objects.filter(action="cancel").exists()


def test_a_redeemed_claim_is_not_cancelled_and_the_member_is_told_why(client, city):
    camp = campaign(city, stock=3)
    m = member(city, login=True)
    code = claim(camp, m).code
    services.redeem(code, acting_user=city.users["merchant"])
    client.force_login(m.user)
    assert reverse("campaigns:member_cancel_claim", args=[code]) not in client.get(
        reverse("campaigns:my_claims")).content.decode()
    assert not client.get(reverse("campaigns:member_cancel_claim", args=[code])).context["cancellable"]
    r = client.post(reverse("campaigns:member_cancel_claim", args=[code]), follow=True)
    assert r.redirect_chain[-1][0] == reverse("campaigns:my_claims")
    assert [str(x) for x in r.context["messages"]] == [_refusal()]
    assert Claim.objects.get(code=code).state == "redeemed"


def test_claim_pages_expire_codes_past_their_redemption_period(client, login, city):
    camp = campaign(city, stock=3, redeem_until=timezone.now() + timedelta(hours=1, minutes=1))
    m = member(city, login=True)
    code = claim(camp, m).code
    Campaign.objects.filter(pk=camp.pk).update(redeem_until=timezone.now() - timedelta(minutes=1))
    client.force_login(m.user)
    r = client.post(reverse("campaigns:member_cancel_claim", args=[code]), follow=True)
    assert [str(x) for x in r.context["messages"]] == [_refusal()]
    assert [c.state for c in r.context["claims"]] == ["expired"]
    Claim.objects.filter(code=code).update(state="issued")
    login("publicity").get(reverse("campaigns:claims"))
    assert Claim.objects.get(code=code).state == "expired"


def _refusal():
    from django.utils.translation import gettext

    return gettext("Only an issued, unredeemed claim can be cancelled.")


def test_api_member_cancels_own_claim_only(city):
    camp = campaign(city, stock=3)
    m, other = member(city, login=True), member(city, login=True)
    code, others = claim(camp, m).code, claim(camp, other).code
    mc = _api(m.user)
    assert _post(mc, f"/api/v1/claims/{others}/cancel").status_code == 404
    assert Claim.objects.get(code=others).state == "issued"
    r = _post(mc, f"/api/v1/claims/{code}/cancel", {"reason": "不需要了"})
    assert r.status_code == 200 and r.json()["state"] == "cancelled"
    assert Claim.objects.get(code=code).state == "cancelled"
    again = _post(mc, f"/api/v1/claims/{code}/cancel")
    assert again.status_code == 422 and again.json()["detail"] == _refusal()
    services.redeem(others, acting_user=city.users["merchant"])
    used = _post(_api(other.user), f"/api/v1/claims/{others}/cancel")
    assert used.status_code == 422 and used.json()["errors"] == {"state": [_refusal()]}
    assert Claim.objects.get(code=others).state == "redeemed"
    assert _post(_api(city.users["publicity"]), f"/api/v1/claims/{others}/cancel").status_code == 403


def test_board_counts_claims_per_10_second_bucket(login, city):
    from gonghui.campaigns import queries

    camp = campaign(city, stock=20, limit=20)
    m = member(city)
    for _ in range(7):
        claim(camp, m)
    now = timezone.now().replace(second=35, microsecond=250_000)
    last = now.replace(second=30, microsecond=0)  # the bucket holding `now`
    at = [last, last + timedelta(seconds=5.9), last - timedelta(seconds=0.001), last - timedelta(seconds=10),
          last - timedelta(seconds=590), last - timedelta(seconds=590.5), now + timedelta(seconds=5)]
    for c, when in zip(Claim.objects.filter(campaign=camp).order_by("pk"), at, strict=True):
        Claim.objects.filter(pk=c.pk).update(issued_at=when)
    Claim.objects.filter(issued_at=last - timedelta(seconds=10)).update(state="cancelled")
    series = queries.board(camp, now=now)["series"]
    assert len(series) == 60 and series[-1][0] == last and series[0][0] == last - timedelta(seconds=590)
    assert {i: n for i, (_start, n) in enumerate(series) if n} == {59: 2, 58: 1, 0: 1}
    assert queries.board(camp, now=now)["peak"] == 2
    html = login("publicity").get(reverse("campaigns:board", args=[camp.pk])).content.decode()
    assert "<svg" in html and 'role="img"' in html and html.count("<rect") == 60
