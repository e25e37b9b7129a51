"""Medical-aid pages and API: what a union clerk, the rights department and a member see and do."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.medicalaid.models import Claim, ClaimAttachment, EnrolledMember, Enrolment, ScreeningQuota

from ..factories import read_xlsx
from .conftest import YEAR, city_plan, claim, enrolled, member, quota

pytestmark = pytest.mark.django_db


def _xlsx(rows):
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for i, r in enumerate(rows):
        sheet.write_row(i, 0, r)
    book.close()
    return SimpleUploadedFile("参保名单.xlsx", out.getvalue())


# --- enrolment -----------------------------------------------------------------------------------

def test_a_clerk_enrols_by_list_and_sees_the_batch(city, login):
    city_plan(city)
    a, b = member(city), member(city, sex="F")
    c = login("union")
    r = c.post("/medical-aid/enrolments/new/", {"union": city.grassroots.pk, "year": YEAR, "payer": "employer",
                                                "rows": f"{a.number} 1\n{b.number}，2\n"})
    assert r.status_code == 302
    assert Enrolment.objects.get().total_premium_fen == 15000
    page = c.get(r["Location"]).content.decode()
    assert a.name in page and b.name in page and "150.00" in page  # three shares of 50 yuan


def test_a_bad_row_shows_on_the_form_and_nothing_is_written(city, login):
    city_plan(city)
    a = member(city)
    c = login("union")
    r = c.post("/medical-aid/enrolments/new/", {"union": city.grassroots.pk, "year": YEAR, "payer": "union",
                                                "rows": f"{a.number} 1\n{a.number} 9"})
    assert r.status_code == 200
    html = r.content.decode()
    assert a.number in html and 'data-testid="field-error"' in html
    assert not Enrolment.objects.exists()


def test_enrolment_by_xlsx(city, login):
    city_plan(city)
    a, b = member(city), member(city)
    c = login("union")
    r = c.post("/medical-aid/enrolments/new/", {"union": city.grassroots.pk, "year": YEAR, "payer": "member",
                                                "file": _xlsx([["会员号", "份数"], [a.number, 2], [b.number, None]])})
    assert r.status_code == 302
    assert dict(EnrolledMember.objects.values_list("member__number", "shares")) == {a.number: 2, b.number: 1}


def test_the_enrolled_ledger_exports_and_stays_in_scope(city, login):
    ours, theirs = enrolled(city), enrolled(city, union=city.grassroots2)
    rows = read_xlsx(login("union").get("/medical-aid/enrolled/?export=xlsx"))
    cells = [str(v) for sheet in rows.values() for row in sheet for v in row]
    assert ours.number in cells and theirs.number not in cells


# --- claims --------------------------------------------------------------------------------------

def test_a_clerk_files_a_claim_with_an_attachment_and_the_rights_department_approves(city, login, client):
    m = enrolled(city, shares=2)
    c = login("union")
    r = c.post("/medical-aid/claims/new/", {
        "member_number": m.number, "admitted_on": f"{YEAR}-05-01", "discharged_on": f"{YEAR}-05-11",
        "hospital": "衡阳县人民医院", "diagnosis": "肺炎",
        "attachment": SimpleUploadedFile("出院小结.pdf", b"%PDF-1.4 discharge summary")})
    assert r.status_code == 302, r.content.decode()[:2000]
    claim_ = Claim.objects.get()
    assert claim_.payout_fen == 7 * 3000 * 2
    page = c.get(r["Location"]).content.decode()
    assert 'data-testid="arithmetic"' in page and "420.00" in page
    assert 'data-testid="approve"' not in page  # the clerk files, the rights department reviews
    attachment = ClaimAttachment.objects.get()
    assert c.get(f"/medical-aid/claims/{claim_.pk}/files/{attachment.pk}/").status_code == 200

    client.force_login(city.users["rights"])
    page = client.get(f"/medical-aid/claims/{claim_.pk}/").content.decode()
    assert 'data-testid="approve"' in page and "data-confirm" in page
    r = client.post(f"/medical-aid/claims/{claim_.pk}/review/", {"approve": "1", "opinion": "同意"})
    assert r.status_code == 302
    assert client.post(f"/medical-aid/claims/{claim_.pk}/pay/", {"payment_ref": "NB-001"}).status_code == 302
    claim_.refresh_from_db()
    assert claim_.state == "paid" and claim_.payment_ref == "NB-001"
    assert "history" in client.get(f"/medical-aid/claims/{claim_.pk}/").content.decode()


def test_an_attachment_that_is_not_an_image_or_pdf_is_refused(city, login):
    m = enrolled(city)
    r = login("union").post("/medical-aid/claims/new/", {
        "member_number": m.number, "admitted_on": f"{YEAR}-05-01", "discharged_on": f"{YEAR}-05-11",
        "hospital": "衡阳县人民医院", "diagnosis": "肺炎", "attachment": SimpleUploadedFile("a.pdf", b"MZ not a pdf")})
    assert r.status_code == 200 and not Claim.objects.exists()


def test_a_claim_for_a_member_of_another_union_is_not_found(city, login):
    theirs = enrolled(city, union=city.grassroots2)
    r = login("union").post("/medical-aid/claims/new/", {
        "member_number": theirs.number, "admitted_on": f"{YEAR}-05-01", "discharged_on": f"{YEAR}-05-11",
        "hospital": "衡南县人民医院", "diagnosis": "肺炎"})
    assert r.status_code == 200 and 'data-testid="field-error"' in r.content.decode()
    assert not Claim.objects.exists()


def test_the_claim_list_filters_searches_and_exports(city, login):
    a = claim(city, enrolled(city), days=10)
    b = claim(city, enrolled(city, sex="F"), days=3, disease_code="W01")
    claim(city, enrolled(city, union=city.grassroots2))
    c = login("rights")
    assert a.member.name in c.get(f"/medical-aid/claims/?q={a.member.number}", follow=True).content.decode()
    html = c.get("/medical-aid/claims/?cover=women").content.decode()
    assert b.member.name in html and a.member.name not in html
    sheets = read_xlsx(c.get(f"/medical-aid/claims/?export=xlsx&under={city.county.pk}"))
    rows = next(iter(sheets.values()))
    numbers = {str(v) for row in rows for v in row}
    assert a.member.number in numbers and b.member.number in numbers
    assert "3,000.00" in numbers  # the women's lump sum, in yuan


# --- screening -----------------------------------------------------------------------------------

def test_a_clerk_books_until_the_quota_is_used_up(city, login):
    quota(city, slots=1)
    a, b = member(city, sex="F"), member(city, sex="F")
    c = login("union")
    assert c.post("/medical-aid/screening/bookings/new/", {"member_number": a.number, "year": YEAR}).status_code == 302
    r = c.post("/medical-aid/screening/bookings/new/", {"member_number": b.number, "year": YEAR})
    assert r.status_code == 200 and ScreeningQuota.objects.get().booked == 1


def test_the_rights_department_sets_quotas_the_clerk_does_not(city, login):
    r = login("union").post("/medical-aid/screening/quotas/set/", {"union": city.grassroots.pk, "year": YEAR,
                                                                  "slots": 10})
    assert r.status_code == 403 and not ScreeningQuota.objects.exists()


# --- the member ----------------------------------------------------------------------------------

def test_a_member_sees_their_enrolment_and_claims(city, client):
    from ..factories import user

    c = claim(city, enrolled(city), days=8)
    account = user("aid-member", kind="member")
    type(c.member).objects.filter(pk=c.member.pk).update(user=account)
    client.force_login(account)
    html = client.get("/medical-aid/mine/").content.decode()
    assert c.hospital in html and "150.00" in html  # five paid days of 30 yuan
    assert 'data-testid="my-medical-aid"' in client.get("/").content.decode()


# --- API -----------------------------------------------------------------------------------------

def test_api_claim_create_review_and_errors(city, api):
    m = enrolled(city)
    body = {"member_id": m.pk, "admitted_on": f"{YEAR}-06-10", "discharged_on": f"{YEAR}-06-01",
            "hospital": "衡阳县人民医院", "diagnosis": "骨折"}
    r = api("union").post("/api/v1/medical-aid/claims", json.dumps(body), content_type="application/json")
    assert r.status_code == 422 and "discharged_on" in r.json()["errors"]
    body["discharged_on"] = f"{YEAR}-06-20"
    r = api("union").post("/api/v1/medical-aid/claims", json.dumps(body), content_type="application/json")
    assert r.status_code == 201
    created = r.json()
    assert created["payout_fen"] == 7 * 3000 and created["explanation"]
    url = f"/api/v1/medical-aid/claims/{created['id']}/review"
    assert api("union").post(url, json.dumps({"approve": True}), content_type="application/json").status_code == 403
    r = api("rights").post(url, json.dumps({"approve": False}), content_type="application/json")
    assert r.status_code == 422 and "opinion" in r.json()["errors"]
    r = api("rights").post(url, json.dumps({"approve": True, "opinion": "同意"}), content_type="application/json")
    assert r.json()["state"] == "approved"
    listed = api("auditor").get("/api/v1/medical-aid/claims?state=approved").json()
    assert [c["id"] for c in listed["items"]] == [created["id"]]
    assert "diagnosis" not in listed["items"][0] and "explanation" not in listed["items"][0]


def test_reading_a_claims_health_data_is_audited(city, login, api):
    from gonghui.core.models import AuditEntry

    c = claim(city, enrolled(city, sex="F"), disease_code="W01")
    reads = AuditEntry.objects.filter(action="reveal", object_type="medicalaid.claim", object_id=str(c.pk))
    html = login("rights").get("/medical-aid/claims/").content.decode()
    assert c.member.name in html and "乳腺癌" not in html and "肺炎" not in html and reads.count() == 0
    assert "乳腺癌" in login("rights").get(f"/medical-aid/claims/{c.pk}/").content.decode()
    assert api("auditor").get(f"/api/v1/medical-aid/claims/{c.pk}").json()["disease_name"] == "乳腺癌"
    assert list(reads.values_list("actor__username", flat=True).order_by("id")) == ["rights", "auditor"]


def test_api_enrolments_and_plans_in_scope(city, api):
    ours = enrolled(city)
    enrolled(city, union=city.grassroots2)
    items = api("union").get("/api/v1/medical-aid/enrolments").json()["items"]
    assert [e["union_id"] for e in items] == [city.grassroots.pk]
    detail = api("union").get(f"/api/v1/medical-aid/enrolments/{items[0]['id']}").json()
    assert [m["member_number"] for m in detail["members"]] == [ours.number]
    plans = api("union").get("/api/v1/medical-aid/plans").json()["items"]
    assert [p["union_id"] for p in plans] == [city.root.pk] and len(plans[0]["diseases"]) == 2



# --- plans and quotas by the rights department -----------------------------------------------------

def test_the_rights_department_sets_a_plan_with_its_diseases(city, login):
    from gonghui.medicalaid.models import Plan

    c = login("rights")
    form = {"union": city.county.pk, "year": YEAR, "name": "衡阳县职工住院医疗互助", "premium_per_share_fen": "40",
            "max_shares": 3, "daily_allowance_fen": "30", "min_days": 3, "max_days_per_stay": 60,
            "max_days_per_year": 120, "cap_per_stay_fen": "1800", "cap_per_year_fen": "3600.50",
            "diseases": "serious, S01, 恶性肿瘤, 5000\nwomen，W01，乳腺癌，3000"}
    r = c.post("/medical-aid/plans/new/", form)
    assert r.status_code == 302
    plan = Plan.objects.get()
    assert (plan.premium_per_share_fen, plan.cap_per_year_fen) == (4000, 360_050)
    assert sorted(plan.diseases.values_list("code", "kind", "lump_sum_fen")) == [
        ("S01", "serious", 500_000), ("W01", "women", 300_000)]
    page = c.get(r["Location"]).content.decode()
    assert "乳腺癌" in page and "3,600.50" in page
    r = c.post("/medical-aid/plans/new/", form | {"year": YEAR + 1, "diseases": "serious, S01, 恶性肿瘤, 五千"})
    assert r.status_code == 200 and Plan.objects.count() == 1


def test_quota_and_a_screening_result_by_page(city, login):
    c = login("rights")
    r = c.post("/medical-aid/screening/quotas/set/", {"union": city.grassroots.pk, "year": YEAR, "slots": 2})
    assert r.status_code == 302 and ScreeningQuota.objects.get().slots == 2
    w = member(city, sex="F")
    r = login("union").post("/medical-aid/screening/bookings/new/", {"member_number": w.number, "year": YEAR})
    booking_url = r["Location"]
    c = login("rights")
    r = c.post(booking_url, {"screened_on": f"{YEAR}-09-01", "result": "follow_up", "note": "乳腺结节"})
    assert r.status_code == 302
    html = c.get(booking_url).content.decode()
    assert "乳腺结节" in html and 'data-testid="cancel"' not in html
    assert ScreeningQuota.objects.get().booked == 1


def test_papers_added_while_the_claim_waits(city, login):
    c = claim(city)
    clerk = login("union")
    png = b"\x89PNG\r\n\x1a\nxx"
    r = clerk.post(f"/medical-aid/claims/{c.pk}/files/", {"file": SimpleUploadedFile("发票.png", png)})
    assert r.status_code == 302 and ClaimAttachment.objects.filter(claim=c).count() == 1
    from gonghui.medicalaid import services

    services.review(c, acting_user=city.users["rights"], approve=True)
    clerk.post(f"/medical-aid/claims/{c.pk}/files/", {"file": SimpleUploadedFile("补.png", png)})
    assert ClaimAttachment.objects.filter(claim=c).count() == 1


def test_women_in_the_special_disease_cover_are_counted(city):
    from gonghui.medicalaid import queries

    enrolled(city, sex="F")
    enrolled(city, sex="F", union=city.grassroots2)
    enrolled(city)
    assert queries.women_cover_count(city.users["rights"], YEAR) == 2
    assert queries.women_cover_count(city.users["union"], YEAR) == 1
    assert queries.enrolled_count(city.users["union"], YEAR) == 2


def test_a_clerk_reaches_nothing_of_another_union(city, login, api):
    theirs = claim(city, enrolled(city, union=city.grassroots2))
    enrolment = EnrolledMember.objects.get(member=theirs.member).enrolment
    clerk = login("union")
    assert clerk.get(f"/medical-aid/claims/{theirs.pk}/").status_code == 404
    assert clerk.get(f"/medical-aid/enrolments/{enrolment.pk}/").status_code == 404
    assert clerk.post(f"/medical-aid/claims/{theirs.pk}/review/", {"approve": "1"}).status_code == 404
    assert api("union").get(f"/api/v1/medical-aid/claims/{theirs.pk}").status_code == 404
    assert api("union").get("/api/v1/medical-aid/claims").json()["items"] == []
    # the rights department of the whole city reaches it
    assert login("rights").get(f"/medical-aid/claims/{theirs.pk}/").status_code == 200
