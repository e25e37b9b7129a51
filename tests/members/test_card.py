"""The electronic member card: signed, expiring, showing only name, union and status."""

import pytest
from django.test import Client
from stdnum.cn import ric

from gonghui.members import card, services

from ..factories import user


@pytest.fixture
def member_user(city):
    body = "43042119900101123"
    m = services.add_member(acting_user=city.users["county"], union=city.grassroots, name="刘越高",
                            id_number=body + ric.calc_check_digit(body + "0"), phone="13800138000")
    u = user("member", kind="member")
    m.user = u
    m.save(update_fields=["user"])
    return m, u


def test_a_fresh_card_verifies_with_name_union_and_status_only(member_user):
    m, _u = member_user
    v = card.verify(card.issue(m))
    assert (v.valid, v.name, v.union) == (True, "刘越高", m.union.name)
    assert set(v.__dict__) == {"valid", "reason", "name", "union", "status"}


def test_expired_and_forged_cards_are_refused(member_user):
    m, _u = member_user
    token = card.issue(m)
    assert not card.verify(token, max_age=-1).valid
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert not card.verify(forged).valid
    assert not card.verify("").valid


def test_member_sees_their_card_and_a_clerk_verifies_it(member_user, client, city):
    m, u = member_user
    client.force_login(u)
    page = client.get("/members/card/").content.decode()
    assert "刘越高" in page and "<svg" in page and "13800138000" not in page
    token = page.split('data-testid="card-token">')[1].split("<")[0]
    clerk = Client()
    clerk.force_login(city.users["county2"])  # any staff may check a card; it shows only the three facts
    result = clerk.get("/members/verify/", {"t": token}).content.decode()
    assert "刘越高" in result and m.union.name in result and m.number not in result


def test_members_cannot_use_the_verify_page(member_user, client):
    client.force_login(member_user[1])
    assert client.get("/members/verify/", {"t": "x"}).status_code == 403
