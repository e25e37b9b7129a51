"""The assistance 公示 list as a PDF: the masked names, amounts and the programme as text in a
CJK font, issued by the federation that runs it (or, for a county's clerk, by the county whose
part they see), a QR that opens the HTML list, and another county's programme not found."""

from django.urls import reverse

from ..factories import colleague, user
from ..pdf_support import assert_cjk_font, pages_text, qr_url, read_pdf
from .conftest import apply, member, student_aid, to_publicity


def test_the_publicity_list_prints_with_masked_names_and_each_county_sees_its_part(city, client):
    programme = student_aid(city)
    ours = to_publicity(city, apply(city, programme, member(city, 1, is_migrant_worker=True)))
    theirs = to_publicity(city, apply(city, programme, member(city, 2, city.grassroots2, is_migrant_worker=True),
                                      by="rights"), by=colleague(city, "rights"))
    client.force_login(city.users["rights"])
    assert reverse("assistance:programme_publicity_pdf", args=[programme.pk]) in client.get(
        reverse("assistance:programme_publicity", args=[programme.pk])).content.decode()
    pdf = read_pdf(client.get(reverse("assistance:programme_publicity_pdf", args=[programme.pk])))
    text = "".join(pages_text(pdf))
    assert "公示：金秋助学" in text and "衡阳市总工会" in text and "第1页共1页" in text
    assert "王*1" in text and "王*2" in text and "王学1" not in text
    assert "3,000.00" in text and "姓名" in text
    assert_cjk_font(pdf)
    assert qr_url(pdf) == f"http://testserver/assistance/programmes/{programme.pk}/publicity/"

    client.force_login(user("rights_county2", "rights", city.county2))
    text = "".join(pages_text(read_pdf(client.get(reverse("assistance:programme_publicity_pdf",
                                                          args=[programme.pk])))))
    assert "衡南县总工会" in text and "王*2" in text and "王*1" not in text
    assert ours.union.name not in text and theirs.union.name in text


def test_a_county_cannot_print_another_countys_programme(city, client):
    county_aid = student_aid(city, owner=city.county)
    to_publicity(city, apply(city, county_aid, member(city, 3, is_migrant_worker=True)))
    client.force_login(user("rights_county2", "rights", city.county2))
    assert client.get(reverse("assistance:programme_publicity_pdf", args=[county_aid.pk])).status_code == 404
    client.force_login(user("rights_county", "rights", city.county))
    text = "".join(pages_text(read_pdf(client.get(reverse("assistance:programme_publicity_pdf",
                                                          args=[county_aid.pk])))))
    assert "衡阳县总工会" in text and "王*3" in text
