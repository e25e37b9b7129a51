"""The 公示 list of hardship files as a PDF: the masked names and the title as text, the CJK
font embedded, "第 1 页 共 N 页" on a list long enough for two pages, the QR that opens the list
on the site, and the same scope as the HTML page (another county's union is not found)."""

import datetime

import pytest
from django.urls import reverse

from ..factories import hardship_file
from ..members.test_matrix import _rid
from ..pdf_support import assert_cjk_font, pages_text, qr_url, read_pdf

SURNAMES, GIVEN = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许", "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"


def in_publicity(c, n, union, first=0):
    """`n` members of `union`, each with a file in 公示 (written directly, as the factory does)."""
    from gonghui.hardship.models import HardshipFile
    from gonghui.members import services

    files = []
    for i in range(first, first + n):
        name = SURNAMES[i % 20] + GIVEN[(i * 7) % len(GIVEN)] + GIVEN[(i * 3 + 1) % len(GIVEN)]
        m = services.add_member(acting_user=c.users["city"], union=union, name=name,
                                id_number=_rid(f"{union.region_id[:6]}19800101{i:03d}"))
        files.append(hardship_file(m, by=c.users["city"], state="publicity", year=2026))
    HardshipFile.objects.filter(pk__in=[f.pk for f in files]).update(
        publicity_from=datetime.date(2026, 12, 1), publicity_until=datetime.date(2099, 12, 7))
    return files


@pytest.fixture
def lists(city):
    """45 files under 衡阳县 (two pages), 3 under 衡南县."""
    return in_publicity(city, 45, city.grassroots), in_publicity(city, 3, city.grassroots2, first=60)


def masked(f):
    return f.member.name[0] + "*" + f.member.name[-1]


def test_a_long_list_prints_on_numbered_pages_with_the_names_masked_and_a_cjk_font(city, client, lists):
    from gonghui.core.models import AuditEntry

    ours, theirs = lists
    client.force_login(city.users["county"])
    pdf = read_pdf(client.get(reverse("hardship:publicity_pdf"), {"union": city.county.pk}))
    text = pages_text(pdf)
    assert len(pdf.pages) == 2
    assert "第1页共2页" in text[0] and "第2页共2页" in text[1]
    assert "困难职工建档公示名单" in text[0] and "衡阳县总工会" in text[0]
    assert "困难职工建档公示名单" in text[1]  # the running header names the document on every page
    assert text[1].count("序号") == 1  # the table's header repeats on the second page
    everything = "".join(text)
    assert all(masked(f) in everything for f in ours)
    assert not any(f.member.name in everything for f in ours)  # only masked names are printed
    assert not any(f.union.name in everything for f in theirs)
    assert pdf.metadata.title == "困难职工建档公示名单"
    assert_cjk_font(pdf)
    assert qr_url(pdf) == f"http://testserver/hardship/publicity/?union={city.county.pk}"
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert (entry.actor, entry.changes["format"], entry.changes["rows"]) == (city.users["county"], "pdf", 45)


def test_the_download_has_a_chinese_file_name(city, client, lists):
    from urllib.parse import quote

    client.force_login(city.users["county"])
    r = client.get(reverse("hardship:publicity_pdf"))
    assert f"filename*=UTF-8''{quote('困难职工建档公示名单')}-" in r["Content-Disposition"]


def test_a_county_cannot_print_another_countys_list(city, client, lists):
    ours, theirs = lists
    client.force_login(city.users["county2"])
    assert client.get(reverse("hardship:publicity_pdf"), {"union": city.county.pk}).status_code == 404
    assert client.get(reverse("hardship:publicity_pdf"), {"union": city.township.pk}).status_code == 404
    text = "".join(pages_text(read_pdf(client.get(reverse("hardship:publicity_pdf")))))
    assert "衡南县总工会" in text and all(masked(f) in text for f in theirs)
    assert not any(f.union.name in text for f in ours)
    client.force_login(city.users["county"])
    assert client.get(reverse("hardship:publicity_pdf"), {"union": city.county2.pk}).status_code == 404


def test_the_html_list_links_to_its_pdf(city, client, lists):
    client.force_login(city.users["county"])
    page = client.get(reverse("hardship:publicity"), {"union": city.township.pk}).content.decode()
    assert f'href="{reverse("hardship:publicity_pdf")}?union={city.township.pk}"' in page
    assert client.get(reverse("hardship:publicity"), {"union": city.county2.pk}).status_code == 404
