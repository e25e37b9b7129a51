"""Sensitive fields follow one rule everywhere: masked until the reader asks, and the asking is
what gets audited (issue 21, defect 8): the rights department opening a hardship file sees the
bank card, health and disability masked, as on the member page, until it clicks
"显示完整信息（将记录）"; the list shows the income masked even to `rights`."""

from django.urls import reverse

from gonghui.core.models import AuditEntry

from .conftest import luhn_card, opened


def _reveals(file):
    return AuditEntry.objects.filter(action="reveal", object_type="hardship.hardshipfile",
                                     object_id=str(file.pk)).count()


def test_rights_sees_details_masked_until_it_asks(city, client):
    f = opened(city, disability="肢体二级")
    client.force_login(city.users["rights"])
    url = reverse("hardship:detail", args=[f.pk])
    html = client.get(url).content.decode()
    assert luhn_card() not in html and "尿毒症" not in html and "肢体二级" not in html
    assert "36,000" not in html and "36000" not in html
    assert 'data-testid="show-details"' in html and "显示完整信息（将记录）" in html
    assert _reveals(f) == 0
    shown = client.get(url, {"show": "details"}).content.decode()
    assert luhn_card() in shown and "尿毒症" in shown and "肢体二级" in shown
    assert _reveals(f) == 1


def test_the_list_shows_income_masked_to_rights(city, client):
    opened(city)
    client.force_login(city.users["rights"])
    html = client.get(reverse("hardship:list")).content.decode()
    assert "36,000" not in html and "36000" not in html
    assert "***" in html
