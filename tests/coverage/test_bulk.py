"""Giving many organising targets one owner at once: the same service as the target's page, all
or nothing, cut to the user's subtree."""

import pytest
from django.urls import reverse

from gonghui.coverage.models import TargetNote

from .conftest import target_in_county

pytestmark = pytest.mark.django_db


def bulk(client, picks, **extra):
    return client.post(reverse("coverage:target_bulk"), {"action": "assign", "pick": picks, **extra}, follow=True)


def test_two_targets_get_one_owner_after_a_confirmation(city, login):
    first = target_in_county(city)
    foreign = target_in_county(city, second=True)
    client = login("county")
    page = bulk(client, [first.pk, foreign.pk])
    html = page.content.decode()
    assert 'data-testid="bulk-confirm"' in html
    assert "所选的行中有 1 行未找到" in html  # 衡南县's target answers as a missing one
    options = page.context["choices"]
    owner = city.users["county"]
    assert (owner.pk, owner.get_full_name() or owner.username) in options
    assert city.users["county2"].pk not in {pk for pk, _label in options}
    done = bulk(client, [first.pk], confirmed="1", reason=str(owner.pk))
    assert "已指派" in done.content.decode()
    first.refresh_from_db()
    foreign.refresh_from_db()
    assert first.owner == owner and foreign.owner is None
    assert TargetNote.objects.filter(target=first, author=owner).exists()


def test_an_owner_without_the_right_changes_nothing(city, login):
    target = target_in_county(city)
    client = login("county")
    stranger = city.users["county2"]  # may not work on 衡阳县's targets
    page = bulk(client, [target.pk], confirmed="1", reason=str(stranger.pk))
    assert "没有处理任何一条" in page.content.decode() and "无权" in page.content.decode()
    target.refresh_from_db()
    assert target.owner is None and not TargetNote.objects.filter(target=target).exists()
