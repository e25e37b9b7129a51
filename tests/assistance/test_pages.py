"""Assistance pages and API end to end: the ledgers and their export, the clerk's and the member's
application, review, 公示 with masked names, batch, bank file, result upload, and the API."""

import json

from django.urls import reverse

from gonghui.assistance import services
from gonghui.assistance.models import AssistanceApplication, PaymentBatch, PaymentLine
from gonghui.members import joins

from ..factories import read_xlsx
from .conftest import ACCOUNT, account, apply, member, result_csv, student_aid


def test_ledgers_filter_and_export(city, login):
    programme = student_aid(city)
    a = apply(city, programme, member(city, 1, is_migrant_worker=True))
    apply(city, programme, member(city, 2, union=city.grassroots2, is_migrant_worker=True), by="rights")
    c = login("rights")
    for name in ("programme_list", "application_list", "batch_list", "visit_list"):
        assert c.get(reverse(f"assistance:{name}")).status_code == 200
    r = c.get(reverse("assistance:application_list") + f"?under={city.county.pk}")
    assert "王学1" in r.content.decode() and "王学2" not in r.content.decode()
    r = c.get(reverse("assistance:application_list") + "?q=王学1&export=xlsx", follow=True)
    rows = next(iter(read_xlsx(r).values()))
    assert len(rows) == 2 and rows[1][1] == a.member.name and "3000.00" in rows[1]
    # the grassroots clerk sees only their union's applications
    r = login("union").get(reverse("assistance:application_list"))
    assert "王学1" in r.content.decode() and "王学2" not in r.content.decode()


def test_clerk_applies_on_the_page_and_rights_review(city, login):
    programme = student_aid(city)
    m = member(city, 1, is_migrant_worker=True)
    c = login("union")
    url = reverse("assistance:application_create") + f"?programme={programme.pk}"
    assert c.get(url).status_code == 200
    r = c.post(url, {"programme": programme.pk, "member": m.pk, "school_level": "undergraduate",
                     "student_name": "王小学", "bank_name": "工商银行", "bank_account": "1234567890123456"})
    assert r.status_code == 200 and "校验" in r.content.decode()  # a bad card number, named on its field
    assert not AssistanceApplication.objects.exists()
    r = c.post(url, {"programme": programme.pk, "member": m.pk, "school_level": "undergraduate",
                     "student_name": "王小学", "bank_name": "工商银行", "bank_account": ACCOUNT})
    a = AssistanceApplication.objects.get()
    assert r.status_code == 302 and a.amount_fen == 300_000
    review = reverse("assistance:application_review", args=[a.pk])
    assert c.post(review, {"decision": "approve"}).status_code == 403  # the clerk does not approve
    c = login("rights")
    assert c.post(review, {"decision": "approve", "opinion": "符合条件"}).status_code == 302
    a.refresh_from_db()
    assert a.state == "approved" and a.opinion == "符合条件"
    detail = c.get(reverse("assistance:application_detail", args=[a.pk])).content.decode()
    assert "符合条件" in detail and 'data-testid="history"' in detail


def test_publicity_batch_file_and_a_refused_result_on_the_pages(city, login):
    programme = student_aid(city)
    a = apply(city, programme, member(city, 1, is_migrant_worker=True))
    services.approve(a, acting_user=city.users["rights"])
    c = login("rights")
    c.post(reverse("assistance:programme_publish", args=[programme.pk]))
    page = c.get(reverse("assistance:programme_publicity", args=[programme.pk])).content.decode()
    assert "王*1" in page and "王学1" not in page
    r = c.post(reverse("assistance:programme_batch", args=[programme.pk]), {"union": city.root.pk})
    batch = PaymentBatch.objects.get()
    assert r.status_code == 302 and batch.line_count == 1
    rows = next(iter(read_xlsx(c.get(reverse("assistance:batch_file", args=[batch.pk]))).values()))
    assert rows[1][2] == ACCOUNT
    r = c.post(reverse("assistance:batch_result", args=[batch.pk]),
               {"file": result_csv([("nope", "成功", "")])}, follow=True)
    assert "第 2 行" in r.content.decode()
    assert PaymentLine.objects.get().state == "pending"
    ref = batch.lines.get().reference
    c.post(reverse("assistance:batch_result", args=[batch.pk]), {"file": result_csv([(ref, "失败", "账户冻结")])})
    assert AssistanceApplication.objects.get().state == "failed"
    r = c.post(reverse("assistance:application_account", args=[a.pk]),
               {"bank_name": "建设银行", "bank_account": account(3)})
    assert r.status_code == 302
    r = c.post(reverse("assistance:batch_reissue", args=[batch.pk]))
    new = PaymentBatch.objects.exclude(pk=batch.pk).get()
    assert r.status_code == 302 and new.reissue_of == batch and new.lines.get().bank_account.reveal() == account(3)


def test_the_member_applies_for_themselves(city, client):
    programme = student_aid(city)
    m = member(city, 1, is_migrant_worker=True)
    other = member(city, 2, is_migrant_worker=True)
    a_other = apply(city, programme, other)
    user = joins.member_account(m, "13912340001")
    client.force_login(user)
    page = client.get(reverse("assistance:my")).content.decode()
    assert f'data-testid="apply-{programme.pk}"' in page
    r = client.post(reverse("assistance:my_apply", args=[programme.pk]), {
        "school_level": "high_school", "student_name": "王小", "bank_name": "农业银行",
        "bank_account": account(9), "account_holder": m.name})
    assert r.status_code == 302
    mine = AssistanceApplication.objects.get(member=m)
    assert mine.by_member and mine.amount_fen == 200_000
    assert client.get(reverse("assistance:application_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("assistance:application_detail", args=[a_other.pk])).status_code == 404
    assert client.get(reverse("assistance:application_list")).status_code == 403
    assert client.post(reverse("assistance:application_review", args=[mine.pk]),
                       {"decision": "approve"}).status_code == 403  # visible to them, not theirs to decide


def test_api_apply_review_batch_result(city, api):
    programme = student_aid(city)
    m = member(city, 1, is_migrant_worker=True)
    clerk, rights = api("union"), api("rights")
    body = {"programme_id": programme.pk, "member_id": m.pk, "school_level": "undergraduate",
            "student_name": "王小学", "bank_name": "工商银行", "bank_account": ACCOUNT, "amount_fen": 900_000}
    r = clerk.post("/api/v1/assistance-applications", json.dumps(body), content_type="application/json")
    assert r.status_code == 422 and "3,000.00" in r.json()["detail"]
    body["amount_fen"] = None
    r = clerk.post("/api/v1/assistance-applications", json.dumps(body), content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["bank_account"] != ACCOUNT  # masked
    r = rights.post(f"/api/v1/assistance-applications/{pk}/review", json.dumps({"decision": "approve"}),
                    content_type="application/json")
    assert r.json()["state"] == "approved"
    r = rights.post(f"/api/v1/assistance-applications/{pk}/publicity")
    assert r.json()["state"] == "publicity"
    r = rights.post("/api/v1/payment-batches", json.dumps({"programme_id": programme.pk, "union_id": city.root.pk}),
                    content_type="application/json")
    assert r.status_code == 201 and r.json()["line_count"] == 1
    batch_id, ref = r.json()["id"], r.json()["lines"][0]["reference"]
    r = rights.post(f"/api/v1/payment-batches/{batch_id}/result", {"file": result_csv([(ref, "错", "")])})
    assert r.status_code == 422 and "第 2 行" in r.json()["detail"]
    r = rights.post(f"/api/v1/payment-batches/{batch_id}/result", {"file": result_csv([(ref, "成功", "")])})
    assert r.status_code == 200 and r.json()["state"] == "done" and r.json()["lines"][0]["state"] == "paid"
    assert clerk.get("/api/v1/assistance-applications").json()["count"] == 1
    assert api("county2").get(f"/api/v1/assistance-applications/{pk}").status_code == 404
    assert api("rights").get("/api/v1/programmes").json()["count"] == 1


def test_visit_recorded_on_the_page(city, login):
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from gonghui.assistance.models import Visit

    today = timezone.localdate()
    programme = services.create_programme(
        acting_user=city.users["rights"], owner=city.root, name="送温暖", kind="winter_warmth", year=today.year,
        opens_on=today - datetime.timedelta(days=5), closes_on=today, budget_fen=1_000_000, any_member=True)
    c = login("rights")
    url = reverse("assistance:visit_create")
    png = SimpleUploadedFile("慰问.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    r = c.post(url, {"programme": programme.pk, "union": city.grassroots.pk, "target": "enterprise",
                     "employer": city.employer.pk, "visited_on": today.isoformat(), "amount_fen": "5000",
                     "goods": "米、油", "participants": "市总工会副主席", "photos": png})
    v = Visit.objects.get()
    assert r.status_code == 302 and v.amount_fen == 500_000 and v.visited_name == city.employer.name
    assert v.photos.count() == 1
    r = c.post(url, {"programme": programme.pk, "union": city.grassroots.pk, "target": "household",
                     "visited_on": today.isoformat(), "amount_fen": "6000"})
    assert r.status_code == 200 and "慰问对象" in r.content.decode()  # no one named: refused on the field
    assert Visit.objects.count() == 1
    page = c.get(reverse("assistance:visit_detail", args=[v.pk])).content.decode()
    assert "慰问.png" in page and 'data-testid="history"' in page
    rows = next(iter(read_xlsx(c.get(reverse("assistance:visit_list") + "?export=xlsx")).values()))
    assert rows[1][2] == city.employer.name and "5000.00" in rows[1]


def test_programme_created_on_the_page_with_rules_and_a_budget_split(city, login):
    from gonghui.assistance.models import Programme, ProgrammeBudget

    c = login("rights")
    data = {"name": "2026年金秋助学", "kind": "student_aid", "owner": city.root.pk, "year": "2026", "period": "秋季",
            "opens_on": "2026-07-01", "closes_on": "2026-09-30", "budget_fen": "100000",
            "hardship_categories": ["deep", "relative"], "migrant_workers": "on",
            "amount_rules": "本科, 有, 5000\n本科, 无, 3000\n高中, 不限, 2000", "publicity_days": "5",
            "required_attachments": ["admission"]}
    r = c.post(reverse("assistance:programme_create"), data | {"amount_rules": "博士, 有, 5000"})
    assert r.status_code == 200 and "金额规则第 1 行" in r.content.decode()
    assert not Programme.objects.exists()
    r = c.post(reverse("assistance:programme_create"), data)
    p = Programme.objects.get()
    assert r.status_code == 302 and p.required_attachments == ["admission"]
    assert sorted((x.school_level, x.with_hardship_file, x.amount_fen) for x in p.amount_rules.all()) == [
        ("high_school", None, 200_000), ("undergraduate", False, 300_000), ("undergraduate", True, 500_000)]
    r = c.post(reverse("assistance:programme_budget", args=[p.pk]), {"union": city.county.pk, "amount_fen": "40000"})
    assert r.status_code == 302
    assert ProgrammeBudget.objects.get(programme=p, union=city.root).committed_fen == 4_000_000
    page = c.get(reverse("assistance:programme_detail", args=[p.pk])).content.decode()
    assert "衡阳县总工会" in page and "40,000.00" in page


def test_year_figures_are_scoped(city):
    import datetime

    from django.utils import timezone

    from gonghui.assistance import queries

    from ..factories import user

    today = timezone.localdate()
    programme = student_aid(city)
    a = apply(city, programme, member(city, 1, is_migrant_worker=True))
    services.approve(a, acting_user=city.users["rights"])
    warmth = services.create_programme(
        acting_user=city.users["rights"], owner=city.root, name="送温暖", kind="winter_warmth", year=today.year,
        opens_on=today - datetime.timedelta(days=5), closes_on=today, budget_fen=1_000_000, any_member=True)
    services.record_visit(acting_user=city.users["rights"], programme=warmth, union=city.grassroots2,
                          target="enterprise", employer=city.employer2, visited_on=today, amount_fen=80_000)
    whole = queries.figures(city.users["rights"], today.year)
    assert whole["by_kind"]["student_aid"]["people"] == 1 and whole["by_kind"]["student_aid"]["money"] == 300_000
    assert whole["visits"]["enterprises"] == 1 and whole["visits"]["money"] == 80_000
    county = queries.figures(user("rights-county", "rights", city.county), today.year)
    assert county["visits"]["enterprises"] == 0 and county["by_kind"]["student_aid"]["people"] == 1


def test_a_union_sets_its_bank_file_layout(city, login):
    from gonghui.assistance.models import BankFileLayout

    c = login("rights")
    assert "收款账号, bank_account" in c.get(reverse("assistance:layout")).content.decode()
    r = c.post(reverse("assistance:layout"), {"union": city.county.pk, "columns": "户名, payee_name"})
    assert r.status_code == 200 and "银行账号和金额" in r.content.decode()
    r = c.post(reverse("assistance:layout"), {"union": city.county.pk, "columns": "户名, payee_name\n卡号, nope"})
    assert "第 2 行" in r.content.decode()
    assert not BankFileLayout.objects.exists()
    r = c.post(reverse("assistance:layout"), {"union": city.county.pk, "name": "农信代发",
                                              "columns": "户名, payee_name\n卡号, bank_account\n金额, amount_fen"})
    assert r.status_code == 302
    assert services.layout_for(city.grassroots) == [["户名", "payee_name"], ["卡号", "bank_account"],
                                                    ["金额", "amount_fen"]]
    assert services.layout_for(city.grassroots2) == BankFileLayout.DEFAULT_COLUMNS
