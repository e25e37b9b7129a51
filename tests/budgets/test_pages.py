"""The budget, spending and 经审 pages: lists filter and export, the spending form refuses a gift
over the cap with the allowance and the rule's source, the final accounts and the audit report
print as PDF, the report sums the subtree."""

from datetime import date, timedelta

import pytest

from gonghui.budgets import services
from gonghui.budgets.models import Budget, Finding, Spending

from ..factories import colleague, read_xlsx
from .conftest import approved_budget, gift, member

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _form(c, m, amount, **kw):
    return {"union": c.grassroots.pk, "category": "activities", "spent_on": TODAY.isoformat(), "amount": amount,
            "purpose": "春节慰问品", "member_number": m.number, "benefit": "festival", "festival": "spring",
            "form": "goods"} | kw


def test_a_gift_over_the_cap_is_refused_on_the_form_with_the_allowance(city, login):
    approved_budget(city)
    m = member(city)
    gift(city, m, 100_000)
    client = login("union")
    r = client.post("/budgets/spending/new/", _form(city, m, "600"))
    assert r.status_code == 200
    text = r.content.decode()
    assert "1,000.00" in text and "500.00" in text and "本系统默认值" in text  # used, left, the rule's source
    assert Spending.objects.count() == 1
    r = client.post("/budgets/spending/new/", _form(city, m, "100", form="shopping_card"))
    assert r.status_code == 200 and Spending.objects.count() == 1
    r = client.post("/budgets/spending/new/", _form(city, m, "500"))
    assert r.status_code == 302 and Spending.objects.count() == 2


def test_spending_list_filters_and_exports(city, login):
    approved_budget(city)
    m = member(city)
    gift(city, m, 10_000)
    services.enter_spending(acting_user=city.users["union"], union=city.grassroots, category="business",
                            spent_on=TODAY, amount_fen=5_000, purpose="培训资料")
    client = login("city")
    r = client.get("/budgets/spending/", {"benefit": "festival"})
    assert r.status_code == 200 and "节日慰问品" in r.content.decode() and "培训资料" not in r.content.decode()
    r = client.get("/budgets/spending/", {"export": "xlsx"})
    sheets = read_xlsx(r)
    rows = next(iter(sheets.values()))
    assert len(rows) == 3
    r = login("county2").get("/budgets/spending/")
    assert "培训资料" not in r.content.decode()


def test_budget_flow_on_the_pages(city, login):
    client = login("union")
    r = client.post("/budgets/new/", {"union": city.grassroots.pk, "year": TODAY.year, "activities": "5000",
                                      "business": "1000"})
    budget = Budget.objects.get()
    assert r.status_code == 302
    client.post(f"/budgets/{budget.pk}/submit/")
    client.post(f"/budgets/{budget.pk}/approve/")  # the submitter: refused
    assert Budget.objects.get().state == "submitted"
    login(colleague(city, "union")).post(f"/budgets/{budget.pk}/approve/")
    assert Budget.objects.get().state == "approved"
    r = login("city").get(f"/budgets/{budget.pk}/accounts.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    r = login("city").get("/budgets/report/")
    assert r.status_code == 200 and "5,000.00" in r.content.decode()


def test_audit_pages(city, login):
    approved_budget(city, year=TODAY.year - 1)
    client = login("auditor")
    r = client.post("/budgets/audits/new/", {"union": city.grassroots.pk, "year": TODAY.year - 1, "kind": "yearly"})
    assert r.status_code == 302
    pk = int(r["Location"].rstrip("/").split("/")[-1])
    r = client.post(f"/budgets/audits/{pk}/finding/", {"title": "无签收名单", "amount": "800",
                                                       "rectify_by": (TODAY + timedelta(days=9)).isoformat()})
    assert r.status_code == 302 and Finding.objects.get().amount_fen == 80_000
    r = client.post(f"/budgets/audits/{pk}/report/", {"report": "预算执行规范，发现问题一项。", "reported_on": TODAY})
    assert r.status_code == 302
    r = client.get(f"/budgets/audits/{pk}/report.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    # the union sees the audit and cannot write in it
    assert login("union").get(f"/budgets/audits/{pk}/").status_code == 200
    assert login("union").post(f"/budgets/audits/{pk}/finding/", {}).status_code == 403
