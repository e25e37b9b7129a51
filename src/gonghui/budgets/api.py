"""Budgets, spending (with the cap check's answer) and 经审 audits over the API: the same
services, filters and scoping as the pages. Money in integer fen."""

from datetime import date

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.members.models import Member
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Union

from . import caps, services
from .filtersets import AuditFilterSet, BudgetFilterSet, SpendingFilterSet
from .models import Budget, FundAudit, Spending

router = Router(tags=["budgets"])


def _union(request, union_id):
    """A union the user sees (404 otherwise); the service checks the right on it."""
    return get_object(request.user, Union.objects.all(), pk=union_id)


def _member(request, member_id):
    if member_id is None:
        return None
    member = Member.objects.restrict(request.user).select_related("union").filter(pk=member_id).first()
    if member is None:
        raise ValidationError({"member_id": "没有这个会员，或不在您的工会范围内。"})
    return member


# --- budgets -------------------------------------------------------------------------------------

class LineOut(Schema):
    id: int
    category: str
    amount_fen: int
    spent_fen: int
    left_fen: int


class BudgetOut(Schema):
    id: int
    union_id: int
    year: int
    state: str
    total_fen: int
    spent_fen: int
    lines: list[LineOut]
    sent_to_congress_on: date | None
    accounts_audit_id: int | None

    @staticmethod
    def resolve_lines(obj):
        return list(obj.lines.all())


class BudgetIn(Schema):
    union_id: int
    year: int
    lines: dict[str, int]
    note: str = ""


@router.get("/budgets", response=list[BudgetOut])
@paginate(Page)
def list_budgets(request):
    """Budgets in the user's subtree (filters `year`, `state`, `under`)."""
    require(request.user, "budgets.view_budget")
    return _filtered(BudgetFilterSet, request, Budget.objects.restrict(request.user).prefetch_related("lines"))


@router.get("/budgets/{int:budget_id}", response=BudgetOut)
def get_budget(request, budget_id: int):
    return get_object(request.user, Budget.objects.prefetch_related("lines"), pk=budget_id)


@router.post("/budgets", response={201: BudgetOut})
def create_budget(request, body: BudgetIn):
    """A draft budget; `lines` maps a category (activities, rights, business, capital, subsidies,
    other) to fen."""
    union = _union(request, body.union_id)
    return Status(201, services.create_budget(acting_user=request.user, union=union, year=body.year,
                                              lines=body.lines, note=body.note))


@router.post("/budgets/{int:budget_id}/submit", response=BudgetOut)
def submit_budget(request, budget_id: int):
    """Submit a draft for the committee's approval."""
    budget = get_object(request.user, Budget.objects.all(), "change", pk=budget_id)
    return services.submit_budget(budget, acting_user=request.user)


@router.post("/budgets/{int:budget_id}/approve", response=BudgetOut)
def approve_budget(request, budget_id: int):
    """Approve a submitted budget: by someone other than who drafted or submitted it (four eyes)."""
    budget = get_object(request.user, Budget.objects.all(), "change", pk=budget_id)
    return services.approve_budget(budget, acting_user=request.user)


# --- spending ------------------------------------------------------------------------------------

class AllowanceOut(Schema):
    member_id: int
    kind: str
    festival: str
    on_date: str
    period: str
    cap_fen: int | None
    used_fen: int
    left_fen: int | None
    source: str
    text: str


class SpendingOut(Schema):
    id: int
    union_id: int
    line_id: int
    category: str
    spent_on: date
    amount_fen: int
    purpose: str
    member_id: int | None
    benefit: str
    festival: str
    form: str
    origin: str
    cap_note: str
    state: str
    entered_by_id: int
    approved_by_id: int | None

    @staticmethod
    def resolve_category(obj):
        return obj.line.category


class SpendingIn(Schema):
    union_id: int
    category: str
    spent_on: date
    amount_fen: int
    purpose: str
    member_id: int | None = None
    benefit: str = ""
    festival: str = ""
    form: str = "goods"
    occasion_on: date | None = None


class EnteredOut(Schema):
    spending: SpendingOut
    allowance: AllowanceOut | None


class CheckIn(Schema):
    member_id: int
    benefit: str
    amount_fen: int
    on_date: date
    festival: str = ""
    form: str = "goods"
    occasion_on: date | None = None


class CheckOut(Schema):
    allowed: bool
    message: str
    allowance: AllowanceOut | None


@router.get("/spending", response=list[SpendingOut])
@paginate(Page)
def list_spending(request):
    """Spending entries in the user's subtree (filters `year`, `category`, `benefit`, `state`, `union`, `under`)."""
    require(request.user, "budgets.view_spending")
    return _filtered(SpendingFilterSet, request, Spending.objects.restrict(request.user).select_related("line"))


@router.get("/spending/{int:spending_id}", response=SpendingOut)
def get_spending(request, spending_id: int):
    return get_object(request.user, Spending.objects.select_related("line"), pk=spending_id)


@router.post("/spending", response={201: EnteredOut})
def enter_spending(request, body: SpendingIn):
    """Enter spending; a benefit to one member is checked against the caps: refused (422, with
    the allowance used and left and the rule's source in the message) or entered, with the
    allowance as it was before this amount."""
    union = _union(request, body.union_id)
    data = body.dict()
    data.pop("union_id")
    member = _member(request, data.pop("member_id"))
    spending, allowance = services.enter_spending(acting_user=request.user, union=union, member=member, **data)
    return Status(201, {"spending": spending, "allowance": allowance.as_dict() if allowance else None})


@router.post("/spending/check", response=CheckOut)
def check_spending(request, body: CheckIn):
    """The cap check alone, nothing written: whether the benefit would be allowed, and the
    member's allowance (for programmes, campaigns and orders that pay from union funds)."""
    require(request.user, "budgets.view_spending")
    member = _member(request, body.member_id)
    if body.benefit not in caps.CAP_RULES:
        raise ValidationError({"benefit": "请选择慰问类别。"})
    try:
        caps.check(member, body.benefit, body.amount_fen, body.on_date, form=body.form, festival=body.festival,
                   occasion_on=body.occasion_on)
        allowed, message = True, ""
    except ValidationError as e:
        allowed, message = False, " ".join(e.messages)
    allowance = caps.allowance(member, body.benefit, body.on_date, festival=body.festival if
                               body.festival in caps.Festival.values else "", occasion_on=body.occasion_on)
    return {"allowed": allowed, "message": message, "allowance": allowance.as_dict()}


class DecisionIn(Schema):
    reason: str = ""


@router.post("/spending/{int:spending_id}/approve", response=SpendingOut)
def approve_spending(request, spending_id: int):
    """Approve: drawn from the line in one conditional update, refused past it; never by the
    person who entered it."""
    spending = get_object(request.user, Spending.objects.all(), "change", pk=spending_id)
    return services.approve_spending(spending, acting_user=request.user)


@router.post("/spending/{int:spending_id}/reject", response=SpendingOut)
def reject_spending(request, spending_id: int, body: DecisionIn):
    spending = get_object(request.user, Spending.objects.all(), "change", pk=spending_id)
    return services.reject_spending(spending, acting_user=request.user, reason=body.reason)


# --- 经审 -----------------------------------------------------------------------------------------

class FindingOut(Schema):
    id: int
    title: str
    amount_fen: int
    evidence: str
    rectify_by: date
    rectified_on: date | None
    rectification: str


class AuditOut(Schema):
    id: int
    union_id: int
    year: int
    kind: str
    subject: str
    state: str
    started_on: date
    reported_on: date | None
    report: str
    findings: list[FindingOut]

    @staticmethod
    def resolve_findings(obj):
        return list(obj.findings.all())


class AuditIn(Schema):
    union_id: int
    year: int
    kind: str = "yearly"
    subject: str = ""


class FindingIn(Schema):
    title: str
    amount_fen: int = 0
    evidence: str = ""
    rectify_by: date


class ReportIn(Schema):
    report: str
    reported_on: date | None = None


@router.get("/audits", response=list[AuditOut])
@paginate(Page)
def list_audits(request):
    """经审 audits in the user's subtree (filters `year`, `kind`, `state`, `under`)."""
    require(request.user, "budgets.view_fundaudit")
    return _filtered(AuditFilterSet, request, FundAudit.objects.restrict(request.user).prefetch_related("findings"))


@router.get("/audits/{int:fund_audit_id}", response=AuditOut)
def get_audit(request, fund_audit_id: int):
    return get_object(request.user, FundAudit.objects.all(), pk=fund_audit_id)


@router.post("/audits", response={201: AuditOut})
def open_audit(request, body: AuditIn):
    union = _union(request, body.union_id)
    return Status(201, services.open_audit(acting_user=request.user, union=union, year=body.year, kind=body.kind,
                                           subject=body.subject))


@router.post("/audits/{int:fund_audit_id}/findings", response={201: FindingOut})
def add_finding(request, fund_audit_id: int, body: FindingIn):
    a = get_object(request.user, FundAudit.objects.all(), pk=fund_audit_id)
    return Status(201, services.add_finding(a, acting_user=request.user, **body.dict()))


@router.post("/audits/{int:fund_audit_id}/report", response=AuditOut)
def issue_report(request, fund_audit_id: int, body: ReportIn):
    a = get_object(request.user, FundAudit.objects.all(), pk=fund_audit_id)
    return services.issue_report(a, acting_user=request.user, **body.dict())
