"""The merchant login sees the redemption counter and its own redemptions, nothing else; its
first page leads there (issue 21, defect 2)."""

from django.urls import reverse

from gonghui.campaigns import services

from .conftest import campaign, claim, member


def test_the_merchant_home_leads_to_redemption(city, client):
    client.force_login(city.users["merchant"])
    r = client.get(reverse("overview:home"))
    html = r.content.decode()
    assert r.status_code == 200
    assert f'href="{reverse("campaigns:redeem")}"' in html
    assert f'href="{reverse("campaigns:redeemed")}"' in html
    assert "no grant" not in html and "还没有" not in html


def test_the_merchant_sees_no_campaign_board_nor_bursts(city, client):
    camp = campaign(city)
    client.force_login(city.users["merchant"])
    assert client.get(reverse("campaigns:list")).status_code == 403
    assert client.get(reverse("campaigns:detail", args=[camp.pk])).status_code == 404
    assert client.get(reverse("campaigns:board", args=[camp.pk])).status_code == 404
    assert client.get(reverse("campaigns:bursts")).status_code == 403
    assert client.get(reverse("campaigns:claims")).status_code == 403


def test_the_merchant_redeems_and_sees_only_its_own_redemptions(city, client):
    camp = campaign(city, stock=5)
    mine = claim(camp, member(city)).claim
    other = claim(camp, member(city)).claim
    services.redeem(other.code, acting_user=city.users["publicity"])
    client.force_login(city.users["merchant"])
    r = client.post(reverse("campaigns:redeem"), {"code": mine.code})
    assert 'data-testid="redeemed"' in r.content.decode()
    html = client.get(reverse("campaigns:redeemed")).content.decode()
    assert mine.code in html
    assert other.code not in html
