"""Building blocks of the budget tests: an approved budget for a union, members in any
province's grassroots union (a union under the test city's root, in that province's region)."""

from datetime import date, timedelta

from gonghui.budgets import services
from gonghui.members import services as member_services
from gonghui.orgs.models import Union

from ..factories import colleague, employer
from ..members.test_matrix import _rid

_seq = iter(range(10**6))

# A district of each province that ships caps (and the Hunan test city, Shanghai, Zhejiang).
REGIONS = {"14": "140105", "23": "230102", "31": "310101", "33": "330102", "34": "340102", "35": "350102",
           "36": "360102", "43": "430421", "52": "520102"}


def province_union(c, province):
    """A grassroots union in `province`, under the city's root (city and auditor see it)."""
    from gonghui.orgs.models import Region

    n = next(_seq)
    region = REGIONS[province]
    e = employer(500 + n, Region.objects.get(code=region), f"经费测试企业{n}有限公司")
    return Union.objects.add_child(c.root, dict(name=f"{e.name}工会", kind="grassroots", region_id=region, employer=e))


def member(c, union=None):
    n = next(_seq)
    born = date(1975, 1, 1) + timedelta(days=n % 9000)
    union = union or c.grassroots
    return member_services.add_member(acting_user=c.users["city"], union=union, name=f"会员{n}",
                                      id_number=_rid(f"430421{born:%Y%m%d}{n % 100:02d}7"))


def approved_budget(c, union=None, year=None, by="operator", **lines):
    """A budget approved by `by`'s colleague (four eyes), with generous lines unless given."""
    year = year or date.today().year
    union = union or c.grassroots
    lines = lines or {"activities": 10_000_000, "business": 2_000_000}
    budget = services.create_budget(acting_user=c.users[by], union=union, year=year, lines=lines)
    services.submit_budget(budget, acting_user=c.users[by])
    return services.approve_budget(budget, acting_user=c.users[colleague(c, by)])


def gift(c, m, amount_fen, *, on=None, benefit="festival", festival="spring", form="goods", by="operator",
         union=None, **kw):
    return services.enter_spending(acting_user=c.users[by], union=union or m.union, category="activities",
                                   spent_on=on or date.today(), amount_fen=amount_fen, purpose="节日慰问品",
                                   member=m, benefit=benefit, festival=festival, form=form, **kw)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def row(c, union, model_name):
    """One row of each scoped budgets model hanging on `union` (for tests/test_model_scopes)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.budgets.models import Budget, FindingEvidence, FundAudit, SpendingAttachment

    budget = Budget.objects.filter(union=union).first() or approved_budget(c, union)
    line = budget.lines.order_by("category").first()
    if model_name == "Budget":
        return budget
    if model_name == "BudgetLine":
        return line
    if model_name == "Adjustment":
        return services.propose_adjustment(line, acting_user=c.users["operator"], delta_fen=100, reason="追加")
    if model_name in ("Spending", "SpendingAttachment"):
        s = services.enter_spending(acting_user=c.users["operator"], union=union, category=line.category,
                                    spent_on=date(budget.year, 3, 1), amount_fen=100, purpose="资料")[0]
        if model_name == "Spending":
            return s
        f = SpendingAttachment.from_upload(SimpleUploadedFile("a.pdf", PDF, "application/pdf"),
                                           user=c.users["operator"], spending=s)
        f.save()
        return f
    audit = FundAudit.objects.filter(union=union).first() or services.open_audit(
        acting_user=c.users["auditor"], union=union, year=budget.year, kind="yearly")
    if model_name == "FundAudit":
        return audit
    finding = services.add_finding(audit, acting_user=c.users["auditor"], title="问题", amount_fen=0, evidence="",
                                   rectify_by=date.today() + timedelta(days=5))
    if model_name == "Finding":
        return finding
    f = FindingEvidence.from_upload(SimpleUploadedFile("b.pdf", PDF, "application/pdf"), user=c.users["auditor"],
                                    finding=finding)
    f.save()
    return f
