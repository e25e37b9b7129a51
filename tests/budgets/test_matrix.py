"""Budget, spending and 经审 pages and API operations in the access matrix (conventions in
test_access_matrix).

The objects belong to 衡阳县第一机械's grassroots union (under 衡阳县): its clerk (`union`, role
union_staff) keeps the budget and enters spending; the organisation department (city, county)
reads them and changes nothing; county2 (衡南县) does not see them (not found); the auditor
reads everything and writes only audits, findings, rectification and reports; the operator
does everything. Posts that reach a service carry input it refuses (a budget with no line, a
shopping card as a festival gift, a finding due yesterday...), so a page answers 200 with the
form and the API 422, and nothing is written; the approvals decided by the clerk who entered
the entry are refused (four eyes) while the operator's go through."""

from datetime import date, timedelta

from ..matrix import ID_MAKERS, who

TODAY = date.today()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _budget(c):
    from gonghui.budgets import services
    from gonghui.budgets.models import Budget

    found = Budget.objects.filter(union=c.grassroots, year=TODAY.year).first()
    if found:
        return found
    b = services.create_budget(acting_user=c.users["operator"], union=c.grassroots, year=TODAY.year,
                               lines={"activities": 1_000_000, "business": 100_000})
    services.submit_budget(b, acting_user=c.users["operator"])
    return services.approve_budget(b, acting_user=c.users["union"])


def _spending(c):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.budgets import services
    from gonghui.budgets.models import Spending

    found = Spending.objects.filter(union=c.grassroots, state="submitted").first()
    if found:
        return found
    _budget(c)
    return services.enter_spending(acting_user=c.users["union"], union=c.grassroots, category="business",
                                   spent_on=TODAY, amount_fen=10_000, purpose="培训资料",
                                   files=[SimpleUploadedFile("发票.pdf", PDF, "application/pdf")])[0]


def _adjustment(c):
    from gonghui.budgets import services

    return services.propose_adjustment(_budget(c).lines.get(category="business"), acting_user=c.users["union"],
                                       delta_fen=5_000, reason="追加")


def _audit(c):
    from gonghui.budgets import services
    from gonghui.budgets.models import FundAudit

    found = FundAudit.objects.filter(union=c.grassroots).first()
    return found or services.open_audit(acting_user=c.users["auditor"], union=c.grassroots, year=TODAY.year - 1,
                                        kind="yearly")


def _finding(c):
    from gonghui.budgets import services
    from gonghui.budgets.models import Finding

    found = Finding.objects.filter(audit__union=c.grassroots).first()
    return found or services.add_finding(_audit(c), acting_user=c.users["auditor"], title="无签收名单",
                                         amount_fen=100, evidence="", rectify_by=TODAY + timedelta(days=10))


def _member_id(c):
    from gonghui.members.models import Member

    from .conftest import member

    found = Member.objects.filter(union=c.grassroots).first()
    return (found or member(c)).pk


def pk(maker):
    return lambda c: {"pk": maker(c).pk}


def action(maker, name):
    return lambda c: {"pk": maker(c).pk, "action": name}


KEEP = who(200, city=403, county=403, county2=403, auditor=403)  # forms only the keepers open
SEEN = who(200, county2=404)
KEEPER_POST = who(200, city=403, county=403, county2=404, auditor=403)
KEEPER_REDIRECT = who(302, city=403, county=403, county2=404, auditor=403)
AUDITOR_FORM = who(403, auditor=200, operator=200)
AUDITOR_POST = who(403, county2=404, auditor=200, operator=200)


def _bad_gift(c):
    return {"union": c.grassroots.pk, "category": "activities", "spent_on": TODAY.isoformat(), "amount": "100",
            "purpose": "春节慰问", "member_number": "", "benefit": "festival", "festival": "spring",
            "form": "shopping_card"}


BUDGETS_PAGES = [
    ("budgets:list", {}, "get", None, who(200)),
    ("budgets:create", {}, "get", None, KEEP),
    ("budgets:create", {}, "post", lambda c: {"union": c.grassroots.pk, "year": TODAY.year}, KEEP),
    ("budgets:report", {}, "get", None, who(200)),
    ("budgets:detail", pk(_budget), "get", None, SEEN),
    ("budgets:accounts_pdf", pk(_budget), "get", None, SEEN),
    ("budgets:adjust", pk(_budget), "post", {"line": "", "delta": "", "reason": ""}, KEEPER_POST),
    ("budgets:action", action(_budget, "submit"), "post", {}, KEEPER_REDIRECT),
    ("budgets:adjustment_decide", action(_adjustment, "approve"), "post", {}, KEEPER_REDIRECT),
    ("budgets:spending", {}, "get", None, who(200)),
    ("budgets:spending_new", {}, "get", None, KEEP),
    ("budgets:spending_new", {}, "post", _bad_gift, KEEP),
    ("budgets:spending_detail", pk(_spending), "get", None, SEEN),
    ("budgets:spending_action", action(_spending, "approve"), "post", {}, KEEPER_REDIRECT),
    ("budgets:spending_file", lambda c: {"pk": _spending(c).attachments.get().pk}, "get", None, SEEN),
    ("budgets:audits", {}, "get", None, who(200)),
    ("budgets:audit_new", {}, "get", None, AUDITOR_FORM),
    ("budgets:audit_new", {}, "post", lambda c: {"union": c.grassroots.pk, "year": 2025, "kind": "departure"},
     AUDITOR_FORM),
    ("budgets:audit_detail", pk(_audit), "get", None, SEEN),
    ("budgets:audit_pdf", pk(_audit), "get", None, SEEN),
    ("budgets:audit_action", action(_audit, "finding"), "post",
     {"title": "x", "rectify_by": (TODAY - timedelta(days=1)).isoformat()}, AUDITOR_POST),
    ("budgets:finding_rectify", pk(_finding), "post", {"rectified_on": "", "rectification": ""}, AUDITOR_POST),
]

ID_MAKERS["budget_id"] = lambda c: _budget(c).pk
ID_MAKERS["spending_id"] = lambda c: _spending(c).pk
ID_MAKERS["fund_audit_id"] = lambda c: _audit(c).pk

API_READ = who(200, anon=401)
API_ONE = who(200, anon=401, county2=404)
API_KEEPER = who(422, anon=401, city=403, county=403, county2=404, auditor=403)
API_AUDITOR = who(403, anon=401, county2=404, auditor=422, operator=422)

BUDGETS_API = [
    ("get", "/api/v1/budgets", None, API_READ),
    ("get", "/api/v1/budgets/{budget_id}", None, API_ONE),
    ("post", "/api/v1/budgets", lambda c: {"union_id": c.grassroots.pk, "year": TODAY.year, "lines": {}}, API_KEEPER),
    ("post", "/api/v1/budgets/{budget_id}/submit", None, API_KEEPER),  # already approved
    ("post", "/api/v1/budgets/{budget_id}/approve", None, API_KEEPER),
    ("get", "/api/v1/spending", None, API_READ),
    ("get", "/api/v1/spending/{spending_id}", None, API_ONE),
    ("post", "/api/v1/spending",
     lambda c: {"union_id": c.grassroots.pk, "category": "activities", "spent_on": TODAY.isoformat(),
                "amount_fen": 10_000, "purpose": "春节慰问", "member_id": _member_id(c), "benefit": "festival",
                "festival": "spring", "form": "shopping_card"}, API_KEEPER),
    ("post", "/api/v1/spending/check",
     lambda c: {"member_id": _member_id(c), "benefit": "festival", "festival": "spring", "amount_fen": 10_000,
                "on_date": TODAY.isoformat()}, who(200, anon=401, county2=422)),
    # entered by the clerk: the clerk may not approve it (422), the operator does
    ("post", "/api/v1/spending/{spending_id}/approve", None, API_KEEPER | {"operator": 200}),
    ("post", "/api/v1/spending/{spending_id}/reject", {"reason": ""}, API_KEEPER),
    ("get", "/api/v1/audits", None, API_READ),
    ("get", "/api/v1/audits/{fund_audit_id}", None, API_ONE),
    ("post", "/api/v1/audits", lambda c: {"union_id": c.grassroots.pk, "year": 2025, "kind": "departure"},
     API_AUDITOR),
    ("post", "/api/v1/audits/{fund_audit_id}/findings",
     {"title": "x", "amount_fen": 0, "rectify_by": (TODAY - timedelta(days=1)).isoformat()}, API_AUDITOR),
    ("post", "/api/v1/audits/{fund_audit_id}/report", {"report": "短"}, API_AUDITOR),
]
