"""Budgets, spending against the lines, adjustments, and the 经审 audits: the rules and who may
do what, from both sides."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.budgets import services
from gonghui.budgets.models import Adjustment, Budget, BudgetLine, Finding, FundAudit, Spending
from gonghui.core.models import AuditEntry
from gonghui.rules.models import Deadline

from ..factories import build_city, colleague
from .conftest import approved_budget, gift, member

pytestmark = pytest.mark.django_db
TODAY = date.today()


def spend(c, amount_fen, *, by="union", category="business", union=None):
    return services.enter_spending(acting_user=c.users[by], union=union or c.grassroots, category=category,
                                   spent_on=TODAY, amount_fen=amount_fen, purpose="培训资料")[0]


def test_budget_is_approved_by_someone_else():
    c = build_city()
    budget = services.create_budget(acting_user=c.users["union"], union=c.grassroots, year=TODAY.year,
                                    lines={"activities": 500_000, "business": 100_000, "capital": 0})
    assert sorted(budget.lines.values_list("category", flat=True)) == ["activities", "business"]
    services.submit_budget(budget, acting_user=c.users["union"])
    with pytest.raises(ValidationError) as e:
        services.approve_budget(budget, acting_user=c.users["union"])
    assert "nobody approves" in str(e.value) or "同事" in str(e.value)
    assert Budget.objects.get(pk=budget.pk).state == "submitted"
    services.approve_budget(budget, acting_user=c.users[colleague(c, "union")])
    assert Budget.objects.get(pk=budget.pk).state == "approved"


def test_bad_budgets_are_refused():
    c = build_city()
    with pytest.raises(ValidationError):
        services.create_budget(acting_user=c.users["union"], union=c.grassroots, year=TODAY.year, lines={})
    with pytest.raises(ValidationError):
        services.create_budget(acting_user=c.users["union"], union=c.grassroots, year=TODAY.year,
                               lines={"activities": -1})
    approved_budget(c)
    with pytest.raises(ValidationError):
        services.create_budget(acting_user=c.users["union"], union=c.grassroots, year=TODAY.year,
                               lines={"activities": 1})
    assert Budget.objects.count() == 1


def test_spending_never_passes_the_line_without_an_approved_adjustment():
    c = build_city()
    approved_budget(c, business=100_000)
    s = spend(c, 80_000)
    with pytest.raises(ValidationError) as e:
        spend(c, 30_000)  # the line has 1,000 元; entries are checked against what is left
    assert "adjustment" in str(e.value) or "调整" in str(e.value)
    services.approve_spending(s, acting_user=c.users[colleague(c, "union")])
    line = BudgetLine.objects.get(category="business")
    assert (line.spent_fen, line.left_fen) == (80_000, 20_000)
    # two entries that fit together; then the line is cut, and the second approval is refused
    a, b = spend(c, 10_000), spend(c, 10_000)
    with pytest.raises(ValidationError):
        spend(c, 1)  # the entries waiting for approval count against the room
    services.approve_spending(a, acting_user=c.users[colleague(c, "union")])
    cut = services.propose_adjustment(line, acting_user=c.users["union"], delta_fen=-5_000, reason="压缩开支")
    services.decide_adjustment(cut, acting_user=c.users[colleague(c, "union")], approve=True)
    with pytest.raises(ValidationError):
        services.approve_spending(b, acting_user=c.users[colleague(c, "union")])
    assert Spending.objects.get(pk=b.pk).state == "submitted"
    line.refresh_from_db()
    assert (line.amount_fen, line.spent_fen) == (95_000, 90_000)
    # an adjustment approved by its submitter is refused; by a colleague it opens the line
    adj = services.propose_adjustment(line, acting_user=c.users["union"], delta_fen=50_000, reason="追加培训")
    with pytest.raises(ValidationError) as e:
        services.decide_adjustment(adj, acting_user=c.users["union"], approve=True)
    assert BudgetLine.objects.get(pk=line.pk).amount_fen == 95_000
    assert Adjustment.objects.get(pk=adj.pk).state == "submitted"
    services.decide_adjustment(adj, acting_user=c.users[colleague(c, "union")], approve=True)
    services.approve_spending(b, acting_user=c.users[colleague(c, "union")])
    assert BudgetLine.objects.get(pk=line.pk).spent_fen == 100_000


def test_spending_needs_an_approved_budget_and_a_line():
    c = build_city()
    with pytest.raises(ValidationError):
        spend(c, 100)
    approved_budget(c, business=100_000)
    with pytest.raises(ValidationError) as e:
        spend(c, 100, category="capital")
    assert "调整" in str(e.value) or "adjustment" in str(e.value)
    assert not Spending.objects.exists()


def test_nobody_approves_their_own_spending():
    c = build_city()
    approved_budget(c)
    s = spend(c, 1_000)
    with pytest.raises(ValidationError):
        services.approve_spending(s, acting_user=c.users["union"])
    assert Spending.objects.get(pk=s.pk).state == "submitted"


def test_other_unions_and_departments_cannot_spend_here():
    c = build_city()
    approved_budget(c)
    for who in ("county2", "auditor", "city"):
        with pytest.raises(PermissionDenied):
            spend(c, 1_000, by=who)
    assert not Spending.objects.exists()


def test_a_members_benefit_counts_across_entries_and_members_outside_are_refused():
    c = build_city()
    approved_budget(c)
    m = member(c)
    _s, first = gift(c, m, 100_000, by="union")
    assert (first.used_fen, first.left_fen) == (0, 150_000)
    _s, second = gift(c, m, 50_000, by="union", festival="mid_autumn")
    assert second.used_fen == 100_000
    outsider = member(c, c.grassroots2)
    with pytest.raises(ValidationError):
        gift(c, outsider, 100, by="operator", union=c.grassroots)


# --- 经审 --------------------------------------------------------------------------------------------

def test_the_auditor_writes_audits_and_nothing_else():
    c = build_city()
    budget = approved_budget(c, year=TODAY.year - 1)
    a = services.open_audit(acting_user=c.users["auditor"], union=c.grassroots, year=TODAY.year - 1, kind="yearly")
    f = services.add_finding(a, acting_user=c.users["auditor"], title="慰问品发放无签收名单", amount_fen=120_000,
                             evidence="凭证第12号", rectify_by=TODAY + timedelta(days=30))
    deadline = Deadline.objects.get(kind="audit_rectification", object_id=str(f.pk))
    assert deadline.due_on == TODAY + timedelta(days=30) and deadline.union == c.grassroots
    services.record_rectification(f, acting_user=c.users["auditor"], rectified_on=TODAY, rectification="已补签收名单")
    assert Deadline.objects.get(pk=deadline.pk).closed_at is not None
    # the auditor cannot touch budgets or spending
    with pytest.raises(PermissionDenied):
        services.create_budget(acting_user=c.users["auditor"], union=c.grassroots, year=TODAY.year,
                               lines={"activities": 1})
    with pytest.raises(PermissionDenied):
        services.send_accounts_to_congress(budget, acting_user=c.users["auditor"], sent_on=TODAY)
    # and the union and the other departments cannot audit
    for who in ("union", "city", "county2"):
        with pytest.raises(PermissionDenied):
            services.open_audit(acting_user=c.users[who], union=c.grassroots, year=TODAY.year, kind="special",
                                subject="x")
        with pytest.raises(PermissionDenied):
            services.add_finding(a, acting_user=c.users[who], title="x", amount_fen=0, evidence="",
                                 rectify_by=TODAY)
    assert Finding.objects.count() == 1 and FundAudit.objects.count() == 1


def test_final_accounts_go_to_the_congress_only_after_the_audit_report():
    c = build_city()
    year = TODAY.year - 1
    budget = approved_budget(c, year=year)
    with pytest.raises(ValidationError) as e:
        services.send_accounts_to_congress(budget, acting_user=c.users["union"], sent_on=TODAY)
    assert "第四十五条" in str(e.value)
    a = services.open_audit(acting_user=c.users["auditor"], union=c.grassroots, year=year, kind="yearly",
                            started_on=TODAY - timedelta(days=5))
    with pytest.raises(ValidationError):
        services.send_accounts_to_congress(budget, acting_user=c.users["union"], sent_on=TODAY)
    services.issue_report(a, acting_user=c.users["auditor"], report="预算执行情况良好，发现问题一项，已整改。",
                          reported_on=TODAY - timedelta(days=1))
    with pytest.raises(ValidationError):
        services.send_accounts_to_congress(budget, acting_user=c.users["union"], sent_on=TODAY - timedelta(days=2))
    services.send_accounts_to_congress(budget, acting_user=c.users["union"], sent_on=TODAY)
    budget.refresh_from_db()
    assert budget.accounts_audit == a and budget.sent_to_congress_on == TODAY


def test_a_departure_audit_names_the_chair_and_every_write_is_in_the_trail():
    c = build_city()
    with pytest.raises(ValidationError):
        services.open_audit(acting_user=c.users["auditor"], union=c.grassroots, year=TODAY.year, kind="departure")
    a = services.open_audit(acting_user=c.users["auditor"], union=c.grassroots, year=TODAY.year, kind="departure",
                            subject="刘越高（主席任期届满离任）")
    assert AuditEntry.objects.filter(object_type="budgets.fundaudit", object_id=str(a.pk)).exists()


def test_a_read_only_role_keeps_only_view_and_audit_rights_whatever_is_added_by_hand():
    from django.contrib.auth.models import Permission

    from gonghui.accounts.models import Role
    from gonghui.core import access

    c = build_city()
    auditor = c.users["auditor"]
    Role.objects.get(code="auditor").permissions.add(Permission.objects.get(codename="change_budget"))
    access.forget(auditor)
    assert not access.can(auditor, "budgets.change_budget", c.grassroots)
    assert access.can(auditor, "budgets.view_budget", c.grassroots)
    assert access.can(auditor, "budgets.audit_fundaudit", c.grassroots)
    assert not access.can(c.users["union"], "budgets.audit_fundaudit", c.grassroots)
    finance = Role.objects.get(code="finance")
    assert finance.permissions.filter(codename="change_spending").exists()
    assert not finance.permissions.filter(codename="audit_fundaudit").exists()
