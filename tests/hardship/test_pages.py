"""Hardship pages, and the sensitive fields by role from both sides: the rights department
reads them (each read audited), everyone else sees the file exists but not its details."""

import datetime

import pytest
from django.urls import reverse

from gonghui.core.models import AuditEntry
from gonghui.hardship import services
from gonghui.hardship.models import DibaoStandard, HardshipFile

from ..factories import read_xlsx, user
from ..members.test_matrix import member_in_county
from .conftest import active_file, county_rights, file_data, opened, standards

pytestmark = pytest.mark.django_db

SECRET = "尿毒症，每周透析三次"


def reads(f):
    return AuditEntry.objects.filter(action="reveal", object_type="hardship.hardshipfile", object_id=str(f.pk))


@pytest.mark.parametrize("persona", ["rights"])
def test_the_rights_department_reads_details_and_is_recorded(city, login, persona):
    f = active_file(city)
    client = login(persona)
    assert SECRET not in client.get(reverse("hardship:detail", args=[f.pk])).content.decode()  # until asked
    assert reads(f).count() == 0
    r = client.get(reverse("hardship:detail", args=[f.pk]), {"show": "details"})
    body = r.content.decode()
    assert r.status_code == 200 and SECRET in body and "36,000.00" in body and "833.33" in body
    assert "慢性肾病" in body  # a household member's health
    assert reads(f).filter(actor=city.users[persona]).count() == 1


@pytest.mark.parametrize("persona", ["city", "county", "union", "auditor", "operator"])
def test_everyone_else_sees_the_file_but_not_its_details(city, login, persona):
    f = active_file(city)
    client = login(persona)
    if persona == "operator":
        from ..test_access_matrix import _client

        client = _client(client, city, persona)
    r = client.get(reverse("hardship:detail", args=[f.pk]))
    body = r.content.decode()
    assert r.status_code == 200
    assert f.get_category_display() in body and f.get_state_display() in body and "2026" in body
    assert SECRET not in body and "36,000.00" not in body and "慢性肾病" not in body and "833.33" not in body
    assert "data-testid=\"no-right\"" in body
    assert not reads(f).exists()


def test_a_neighbouring_county_does_not_see_the_file(city, login):
    f = active_file(city)
    assert login("county2").get(reverse("hardship:detail", args=[f.pk])).status_code == 404


def test_a_county_rights_clerk_reads_only_in_scope(city, client):
    f = active_file(city)
    other = user("rights_county2", "rights", city.county2)
    client.force_login(other)
    assert client.get(reverse("hardship:detail", args=[f.pk])).status_code == 404
    client.force_login(county_rights(city))
    assert SECRET in client.get(reverse("hardship:detail", args=[f.pk]), {"show": "details"}).content.decode()


def test_list_masks_and_filters(city, login):
    f = active_file(city)
    c = login("rights")
    r = c.get(reverse("hardship:list"))
    body = r.content.decode()
    assert r.status_code == 200 and f.member.name in body and "36,000.00" not in body
    assert c.get(reverse("hardship:list"), {"state": "draft"}).content.decode().count(f.member.name) == 0
    assert f.member.name in c.get(reverse("hardship:list"), {"q": f.member.name[:1]}, follow=True).content.decode()
    assert f.member.name in c.get(reverse("hardship:list"), {"cause": "schooling"}).content.decode()
    assert f.member.name not in c.get(reverse("hardship:list"), {"cause": "disaster"}).content.decode()
    HardshipFile.objects.filter(pk=f.pk).update(review_due=datetime.date(2020, 1, 1))
    r = c.get(reverse("hardship:list"), {"due": "true"})
    assert f.member.name in r.content.decode()
    assert 'data-testid="due-count"' in r.content.decode()


def test_default_export_masks_and_the_rights_export_carries_details(city, login):
    f = active_file(city)
    sheet = next(iter(read_xlsx(login("rights").get(reverse("hardship:list"), {"export": "xlsx"})).values()))
    flat = " ".join(str(c) for row in sheet for c in row)
    assert f.member.name in flat and SECRET not in flat and "36,000.00" not in flat
    before = AuditEntry.objects.filter(action="reveal").count()
    sheet = next(iter(read_xlsx(login("rights").get(reverse("hardship:list"),
                                                    {"export": "xlsx", "details": "1"})).values()))
    flat = " ".join(str(c) for row in sheet for c in row)
    assert SECRET in flat and "36,000.00" in flat
    assert AuditEntry.objects.filter(action="reveal").count() == before + 1


def test_the_organisation_department_cannot_export_details(city, login):
    active_file(city)
    r = login("city").get(reverse("hardship:list"), {"export": "xlsx", "details": "1"})
    assert r.status_code == 403


def test_clerk_opens_a_file_with_household_from_the_page(city, login):
    standards(city)
    member = member_in_county(city)
    c = login("union")
    data = {"member": member.number, "year": "2026", "household_size": "3", "annual_income": "36000",
            "necessary_spending": "6000", "accident_costs": "", "main_cause": "illness",
            "secondary_causes": ["schooling"], "housing": "rent", "health": SECRET,
            "bank_name": "", "bank_account": "", "account_holder": "",
            "household-TOTAL_FORMS": "2", "household-INITIAL_FORMS": "0", "household-MIN_NUM_FORMS": "0",
            "household-MAX_NUM_FORMS": "30",
            "household-0-name": "王芳", "household-0-relation": "spouse", "household-0-annual_income": "6000",
            "household-1-name": "", "household-1-relation": ""}
    r = c.post(reverse("hardship:create"), data)
    assert r.status_code == 302, (r.context["form"].errors, r.context["formset"].errors)
    f = HardshipFile.objects.get()
    assert f.household.get().annual_income_fen == 600_000 and f.annual_income_fen == 3_600_000
    # bad input: a negative income is refused on its field, nothing written
    data |= {"year": "2027", "annual_income": "-1"}
    r = c.post(reverse("hardship:create"), data)
    assert r.status_code == 200 and 'data-testid="field-error"' in r.content.decode()
    assert HardshipFile.objects.count() == 1


def test_review_pages_take_the_file_to_publicity(city, client):
    f = opened(city)
    client.force_login(city.users["union"])
    assert client.post(reverse("hardship:submit", args=[f.pk]), {"opinion": "属实"}).status_code == 302
    client.force_login(county_rights(city))
    assert client.post(reverse("hardship:review", args=[f.pk]),
                       {"decision": "approve", "opinion": "同意"}).status_code == 302
    client.force_login(city.users["city"])  # the organisation department may not review
    assert client.post(reverse("hardship:review", args=[f.pk]), {"decision": "approve"}).status_code == 403
    client.force_login(city.users["rights"])
    client.post(reverse("hardship:review", args=[f.pk]), {"decision": "approve", "opinion": "同意"})
    f.refresh_from_db()
    assert f.state == "publicity"
    r = client.get(reverse("hardship:publicity"))
    name = f.member.name
    assert name[0] + "*" + name[-1] in r.content.decode() and name not in r.content.decode()


def test_attachments_are_for_the_rights_department(city, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    f = opened(city)
    client.force_login(city.users["union"])
    bad = SimpleUploadedFile("诊断.pdf", b"not a pdf")
    client.post(reverse("hardship:attach", args=[f.pk]), {"kind": "diagnosis", "upload": bad})
    assert not f.attachments.exists()
    pdf = SimpleUploadedFile("诊断.pdf", b"%PDF-1.4 test")
    client.post(reverse("hardship:attach", args=[f.pk]), {"kind": "diagnosis", "upload": pdf})
    a = f.attachments.get()
    assert client.get(reverse("hardship:attachment", args=[a.pk])).status_code == 403
    client.force_login(city.users["rights"])
    assert client.get(reverse("hardship:attachment", args=[a.pk])).status_code == 200


def test_dibao_standards_page(city, client):
    client.force_login(city.users["rights"])
    r = client.post(reverse("hardship:dibao_create"), {"region": "430421", "year": "2026", "monthly": "720"})
    assert r.status_code == 302 and DibaoStandard.objects.get(region_id="430421").monthly_fen == 72_000
    assert "720.00" in client.get(reverse("hardship:dibao_list")).content.decode()
    client.force_login(city.users["city"])
    assert client.get(reverse("hardship:dibao_list")).status_code == 200
    assert client.post(reverse("hardship:dibao_create"), {"region": "430421", "year": "2027",
                                                          "monthly": "1"}).status_code == 403


def test_a_member_applies_for_themself(city, client):
    from gonghui.accounts.models import User

    standards(city)
    member = member_in_county(city)
    account = User.objects.create_user(username="m1", password="x", kind=User.Kind.MEMBER)
    member.user = account
    member.save()
    client.force_login(account)
    assert "my-hardship" in client.get("/").content.decode()
    data = {"household_size": "2", "annual_income": "12000", "necessary_spending": "0", "main_cause": "illness",
            "household-TOTAL_FORMS": "1", "household-INITIAL_FORMS": "0", "household-MIN_NUM_FORMS": "0",
            "household-MAX_NUM_FORMS": "30", "household-0-name": "", "household-0-relation": ""}
    r = client.post(reverse("hardship:mine"), data)
    assert r.status_code == 302, (r.context["form"].errors, r.context["formset"].errors)
    f = HardshipFile.objects.get(member=member)
    assert (f.state, f.stage, f.union_id) == ("review", "grassroots", member.union_id)
    services.submit(f, acting_user=city.users["union"])
    f.refresh_from_db()
    assert f.stage == "county" and f.category == "deep"


def test_activation_when_pages_load(city, login):
    f = opened(city, **file_data())
    services.submit(f, acting_user=city.users["union"])
    services.review(f, acting_user=county_rights(city), decision="approve")
    services.review(f, acting_user=city.users["rights"], decision="approve")
    HardshipFile.objects.filter(pk=f.pk).update(publicity_from=datetime.date(2020, 1, 1),
                                               publicity_until=datetime.date(2020, 1, 7))
    login("city").get(reverse("hardship:list"))
    f.refresh_from_db()
    assert f.state == "active" and f.member.__class__.objects.get(pk=f.member_id).has_hardship_file


def test_a_bad_household_id_is_shown_on_its_row_and_an_edit_keeps_sealed_values(city, login):
    from ..members.test_matrix import _rid

    f = opened(city)
    c = login("union")
    base = {"household_size": "3", "annual_income": "36000", "necessary_spending": "6000", "main_cause": "illness",
            "household-TOTAL_FORMS": "2", "household-INITIAL_FORMS": "2", "household-MIN_NUM_FORMS": "0",
            "household-MAX_NUM_FORMS": "30", "household-0-name": "刘越高", "household-0-relation": "self",
            "bank_name": "中国工商银行", "account_holder": "刘越高",
            "household-1-name": "王芳", "household-1-relation": "spouse"}
    r = c.post(reverse("hardship:edit", args=[f.pk]), base | {"household-1-id_number": "430421199001011234"})
    assert r.status_code == 200 and r.context["formset"].forms[1].errors.get("id_number")
    r = c.post(reverse("hardship:edit", args=[f.pk]), base | {"annual_income": "30000"})
    assert r.status_code == 302, (r.context["form"].errors, r.context["formset"].errors)
    f.refresh_from_db()
    assert f.annual_income_fen == 3_000_000 and f.health.reveal() == SECRET
    kept = {h.name: h for h in f.household.all()}
    assert set(kept) == {"刘越高", "王芳"}
    assert kept["刘越高"].id_number.reveal() == _rid("43042119900101123") and kept["王芳"].health.reveal() == "慢性肾病"
