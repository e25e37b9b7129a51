"""The union detail page says when its list of subordinate unions is cut and links to all of
them; it offers 删除 only for a union the service would delete (issue 21, defect 10)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.orgs import services
from gonghui.orgs.models import Union


def _delete_link(client, union):
    return reverse("orgs:union_delete", args=[union.pk]) in client.get(
        reverse("orgs:union_detail", args=[union.pk])).content.decode()


def test_a_cut_list_says_so_and_links_to_all_children(city, client):
    for i in range(12):
        services.create_union(acting_user=city.users["city"], parent=city.township, name=f"测试{i:02d}工会",
                              kind="grassroots", region=city.township.region)
    client.force_login(city.users["city"])
    html = client.get(reverse("orgs:union_detail", args=[city.township.pk])).content.decode()
    total = Union.objects.get_children(city.township).count()
    assert total == 14
    assert f"（{total}）" in html or f"({total})" in html
    assert 'data-testid="children-cut"' in html
    assert f'{reverse("orgs:union_list")}?parent={city.township.pk}' in html
    listed = client.get(reverse("orgs:union_list"), {"parent": city.township.pk, "per_page": 100})
    assert listed.content.decode().count("测试") >= 12


def test_a_short_list_is_not_said_to_be_cut(city, client):
    client.force_login(city.users["city"])
    html = client.get(reverse("orgs:union_detail", args=[city.township.pk])).content.decode()
    assert 'data-testid="children-cut"' not in html


def test_no_delete_for_the_root_nor_a_union_with_children(city, client):
    client.force_login(city.users["city"])
    assert not _delete_link(client, city.root)
    assert not _delete_link(client, city.township)
    assert not _delete_link(client, city.grassroots)  # its chair's grant and members hang on it


def test_delete_is_offered_for_an_empty_leaf(city, client):
    leaf = services.create_union(acting_user=city.users["city"], parent=city.township, name="误建工会",
                                 kind="grassroots", region=city.township.region)
    client.force_login(city.users["city"])
    assert _delete_link(client, leaf)


def test_the_service_refuses_to_delete_the_root(city):
    with pytest.raises(ValidationError) as e:
        services.delete_union(city.root, acting_user=city.users["operator"], reason="误建")
    assert "顶层" in " ".join(e.value.messages)
