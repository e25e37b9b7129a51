"""Union contact phones (often the chair's own mobile) are personal data: sealed in the database
with a keyed index, masked on pages and in the API, shown in full only to users holding the
reveal right (or to the union's own members who ask, to call it), every reveal recorded."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from gonghui.core.crypto import lookup_hash
from gonghui.core.models import AuditEntry
from gonghui.orgs import services
from gonghui.orgs.models import Union

LANDLINE = "0734-8123456"
MOBILE = "13912345678"


def _raw_phones():
    with connection.cursor() as c:
        c.execute("SELECT id, contact_phone, contact_phone_index FROM orgs_union")
        return c.fetchall()


def _give_phones(city):
    services.update_union(city.county, acting_user=city.users["city"], contact_phone=LANDLINE)
    services.update_union(city.grassroots, acting_user=city.users["city"], contact_phone=MOBILE)


def test_contact_phones_are_not_in_clear_in_the_database(city):
    _give_phones(city)
    rows = {pk: (token, index) for pk, token, index in _raw_phones()}
    for pk, phone in ((city.county.pk, LANDLINE), (city.grassroots.pk, MOBILE)):
        token, index = rows[pk]
        digits = re.sub(r"\D", "", phone)
        assert token and digits[-7:] not in re.sub(r"\D", "", token) and phone not in token
        assert index == lookup_hash("phone", phone)  # found by its keyed hash, never by the number
    clear = [(pk, token) for pk, (token, _i) in rows.items() if token and re.fullmatch(r"[\d\s\-+()]+", token)]
    assert not clear
    assert Union.objects.get(pk=city.county.pk).contact_phone.reveal() == LANDLINE


def test_the_union_page_masks_the_phone_and_records_a_reveal(city, login):
    _give_phones(city)
    page = login("city").get(reverse("orgs:union_detail", args=[city.county.pk])).content.decode()
    assert "073****3456" in page and LANDLINE not in page
    assert reverse("orgs:union_reveal", args=[city.county.pk]) in page
    r = login("city").post(reverse("orgs:union_reveal", args=[city.county.pk]))
    assert r.status_code == 200 and LANDLINE in r.content.decode()
    entry = AuditEntry.objects.filter(action="reveal", object_type="orgs.union").get()
    assert entry.object_id == str(city.county.pk) and entry.changes == {"field": [None, "contact_phone"]}


def test_without_the_reveal_right_the_phone_stays_masked(city, login):
    """The rights department reads unions but holds no reveal right on them; a foreign union
    answers as a missing one."""
    _give_phones(city)
    page = login("rights").get(reverse("orgs:union_detail", args=[city.county.pk])).content.decode()
    assert "073****3456" in page and reverse("orgs:union_reveal", args=[city.county.pk]) not in page
    assert login("rights").post(reverse("orgs:union_reveal", args=[city.county.pk])).status_code == 403
    assert login("county2").post(reverse("orgs:union_reveal", args=[city.county.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_the_api_masks_unless_asked_by_a_holder_of_the_right(city, api):
    _give_phones(city)
    url = f"/api/v1/unions/{city.county.pk}"
    assert api("city").get(url).json()["contact_phone"] == "073****3456"
    assert api("city").get(url, {"reveal": "true"}).json()["contact_phone"] == LANDLINE
    assert AuditEntry.objects.filter(action="reveal", object_id=str(city.county.pk)).count() == 1
    r = api("rights").get(url, {"reveal": "true"})
    assert r.status_code == 422 and "reveal" in r.json()["errors"]
    listed = api("city").get("/api/v1/unions", {"page_size": 100}).json()["items"]
    assert LANDLINE not in str(listed) and MOBILE not in str(listed)


def test_editing_with_the_mask_unchanged_keeps_the_phone(city, login):
    _give_phones(city)
    form = login("city").get(reverse("orgs:union_edit", args=[city.county.pk])).content.decode()
    assert "073****3456" in form and LANDLINE not in form
    services.update_union(city.county, acting_user=city.users["city"], contact_phone="073****3456", name="衡阳县总工会")
    assert Union.objects.get(pk=city.county.pk).contact_phone.reveal() == LANDLINE
    services.update_union(city.county, acting_user=city.users["city"], contact_phone="")
    assert Union.objects.get(pk=city.county.pk).contact_phone is None


@pytest.mark.parametrize("bad", ["0734-ABC", "12", "0734-8123456-8123456-1"])
def test_a_bad_contact_phone_is_refused_and_nothing_changes(city, bad):
    _give_phones(city)
    with pytest.raises(ValidationError) as e:
        services.update_union(city.county, acting_user=city.users["city"], contact_phone=bad, name="改名")
    assert "contact_phone" in e.value.error_dict
    county = Union.objects.get(pk=city.county.pk)
    assert county.contact_phone.reveal() == LANDLINE and county.name == "衡阳县总工会"


def test_a_member_sees_their_union_phone_masked_until_they_ask(city, client):
    from gonghui.accounts.models import User
    from gonghui.members import services as members

    _give_phones(city)
    m = members.add_member(acting_user=city.users["city"], union=city.grassroots, name="欧阳秀英",
                           id_number="430421198506150023")
    account = User.objects.create(username="m1", kind=User.Kind.MEMBER)
    type(m).objects.filter(pk=m.pk).update(user=account)
    client.force_login(account)
    page = client.get(reverse("members:my_union")).content.decode()
    assert "139****5678" in page and MOBILE not in page
    page = client.get(reverse("members:my_union"), {"show": "phone"}).content.decode()
    assert f"tel:{MOBILE}" in page
    assert AuditEntry.objects.filter(action="reveal", object_id=str(city.grassroots.pk), actor=account).exists()
