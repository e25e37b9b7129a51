"""The member's pages (H5): light enough for a cheap phone, and what a member sees at home."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from gonghui.core.navigation import MEMBER_ENTRIES

from ..members.test_matrix import member_in_county

BUDGET = 200 * 1024  # bytes before images (issue 5)
MEMBER_PAGES = ["overview:home", "members:card", "members:my_union", *[name for _l, name, _t in MEMBER_ENTRIES]]


@pytest.fixture
def member_client(city, client):
    from gonghui.accounts.models import User

    member = member_in_county(city)
    member.user = User.objects.create_user(username="m1", password="x", kind=User.Kind.MEMBER)
    member.save()
    client.force_login(member.user)
    client.member = member
    return client


def page_weight(html):
    """Bytes of the page and of every stylesheet and script it loads (images excluded)."""
    total = len(html.encode())
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="/static/([^"?]+)', html)
    assets += re.findall(r'<script[^>]+src="/static/([^"?]+)', html)
    for asset in assets:
        path = finders.find(asset)
        assert path, asset
        with open(path, "rb") as f:
            total += len(f.read())
    return total, assets


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_member_pages_stay_under_the_budget(member_client, name):
    r = member_client.get(reverse(name))
    assert r.status_code == 200
    html = r.content.decode()
    weight, assets = page_weight(html)
    assert weight < BUDGET, (name, weight, assets)
    assert not any("bootstrap" in a for a in assets), assets
    assert 'name="viewport"' in html and 'class="h5"' in html


def test_the_budget_counts_what_a_page_loads(member_client):
    """The measure itself: a staff page with Bootstrap is over the budget."""
    html = '<link rel="stylesheet" href="/static/vendor/bootstrap/bootstrap.min.css">'
    assert page_weight(html)[0] > BUDGET


def test_home_shows_the_card_and_the_entries(member_client):
    html = member_client.get("/").content.decode()
    m = member_client.member
    assert m.name in html and m.number in html and m.union.name in html
    assert 'data-testid="my-union"' in html
    for _label, name, testid in MEMBER_ENTRIES:
        assert f'data-testid="{testid}"' in html and reverse(name) in html


def test_my_union_names_the_union_and_those_above(member_client, city):
    r = member_client.get(reverse("members:my_union"))
    html = r.content.decode()
    union = member_client.member.union
    assert union.name in html
    chain = re.search(r'data-testid="union-chain">(.*?)</ul>', html, re.S).group(1)
    names = [u.name for u in union.ancestors_and_self()[:-1]]
    assert names and all(n in chain for n in names)
    assert chain.index(names[-1]) < chain.index(names[0])  # nearest first


def test_staff_without_a_member_record_are_told_so(login):
    r = login("union").get(reverse("members:my_union"))
    assert r.status_code == 200 and "data-testid=\"union-card\"" not in r.content.decode()


def test_my_union_needs_sign_in(client):
    r = client.get(reverse("members:my_union"))
    assert r.status_code == 302 and "login" in r["Location"]
