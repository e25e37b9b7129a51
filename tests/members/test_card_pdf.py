"""The printed member card: a PDF of one's own card only, with the name and union as text in a
CJK font, and a QR (image and link alike) that opens the verify page with a code that proves
this member for a year, and no one else's."""

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.members import card, services

from ..factories import user
from ..pdf_support import assert_cjk_font, pages_text, qr_url, read_pdf
from .test_matrix import _rid


@pytest.fixture
def two_members(city):
    out = []
    for n, (name, union) in enumerate([("刘越高", city.grassroots), ("欧阳晓燕", city.grassroots2)]):
        m = services.add_member(acting_user=city.users["city"], union=union, name=name,
                                id_number=_rid(f"4304211990010112{n}"), phone=f"1380013800{n}")
        m.user = user(f"member{n}", kind="member")
        m.save(update_fields=["user"])
        out.append(m)
    return out


def test_a_member_prints_their_own_card_and_a_clerk_verifies_its_code(city, client, two_members):
    from gonghui.core.models import AuditEntry

    mine, other = two_members
    client.force_login(mine.user)
    assert reverse("members:card_pdf") in client.get(reverse("members:card")).content.decode()
    pdf = read_pdf(client.get(reverse("members:card_pdf")))
    text = "".join(pages_text(pdf))
    assert len(pdf.pages) == 1
    assert "会员卡" in text and "刘越高" in text and mine.union.name in text and mine.number in text
    assert "第1页共1页" in text
    assert other.name not in text and "13800138000" not in text
    assert_cjk_font(pdf)
    url = qr_url(pdf)
    assert url.startswith("http://testserver/members/verify/?t=")
    token = url.split("?t=", 1)[1]
    verdict = card.verify(token, max_age=-1)  # a phone card's ten minutes do not bind a printed card
    assert (verdict.valid, verdict.name, verdict.union) == (True, "刘越高", mine.union.name)
    clerk = Client()
    clerk.force_login(city.users["county2"])
    assert "刘越高" in clerk.get(url.removeprefix("http://testserver")).content.decode()
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert (entry.actor, entry.object_id, entry.changes["format"]) == (mine.user, str(mine.pk), "pdf")


def test_a_member_cannot_get_another_members_card(city, client, two_members):
    mine, other = two_members
    client.force_login(other.user)
    text = "".join(pages_text(read_pdf(client.get(reverse("members:card_pdf"), {"member": mine.pk, "pk": mine.pk}))))
    assert "欧阳晓燕" in text and "刘越高" not in text  # the card is always the signed-in member's
    client.force_login(city.users["union"])  # staff have no card of their own; there is nothing to print
    assert client.get(reverse("members:card_pdf")).status_code == 404


def test_a_printed_card_code_expires_after_its_year_and_is_not_a_phone_code(two_members):
    import datetime
    import time

    from django.core import signing

    mine, _other = two_members
    token, until = card.issue_printed(mine)
    assert until - datetime.date.today() <= datetime.timedelta(days=card.PRINTED_VALID_DAYS)
    assert card.verify(token).valid
    data = signing.TimestampSigner(salt=card.PRINTED_SALT).unsign_object(token)
    old = signing.TimestampSigner(salt=card.PRINTED_SALT)
    old.timestamp = lambda: signing.b62_encode(int(time.time()) - card.PRINTED_VALID_DAYS * 86400 - 60)
    assert not card.verify(old.sign_object(data)).valid
    with pytest.raises(signing.BadSignature):  # a printed code is not accepted as a phone card's
        signing.TimestampSigner(salt=card.SALT).unsign_object(token)
