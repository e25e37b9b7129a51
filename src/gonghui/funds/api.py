"""Funds API: `/api/v1/dues` (statements, receipts, arrears, member dues) and `/api/v1/refunds`,
with the pages' services, filters and scoping. Money in integer fen."""

from datetime import date

from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.orgs.api import Page, _filtered

from . import services
from .filtersets import ContributionFilterSet, LedgerFilterSet, RefundFilterSet, StatementFilterSet
from .models import Contribution, LedgerEntry, Refund, Statement

router = Router(tags=["funds"])


class StatementOut(Schema):
    id: int
    union_id: int
    channel: str
    month: date
    file_name: str
    state: str
    rows: int
    wage_total_fen: int
    due_total_fen: int
    paid_total_fen: int
    problems: list[dict]


class EntryOut(Schema):
    union_id: int
    level: str
    kind: str
    amount_fen: int


class ReceiptOut(Schema):
    id: int
    employer_id: int
    employer_name: str
    union_id: int
    month: date
    kind: str
    channel: str
    statement_id: int | None
    wage_bill_fen: int
    due_fen: int
    paid_fen: int
    owed_fen: int
    due_on: date
    received_on: date | None
    late_days: int
    late_fee_fen: int
    late_fee_rule: str

    @staticmethod
    def resolve_employer_name(obj):
        return obj.employer.name


class ReceiptDetail(ReceiptOut):
    entries: list[EntryOut]

    @staticmethod
    def resolve_entries(obj):
        return list(obj.entries.all())


class ArrearsOut(ReceiptOut):
    accrued_days: int
    accrued_fee_fen: int
    rule: str

    @staticmethod
    def resolve_accrued_days(obj):
        return services.accrued(obj).days

    @staticmethod
    def resolve_accrued_fee_fen(obj):
        return services.accrued(obj).fee_fen

    @staticmethod
    def resolve_rule(obj):
        return services.accrued(obj).ruling.source


class LedgerOut(Schema):
    id: int
    union_id: int
    employer_id: int
    contribution_id: int | None
    month: date
    level: str
    kind: str
    amount_fen: int


@router.get("/dues/statements", response=list[StatementOut])
@paginate(Page)
def list_statements(request):
    """Statements imported in the user's subtree (filters `state`, `channel`, `month`)."""
    require(request.user, "funds.view_statement")
    return _filtered(StatementFilterSet, request, Statement.objects.restrict(request.user))


@router.get("/dues/statements/{int:funds_statement_id}", response=StatementOut)
def get_statement(request, funds_statement_id: int):
    """One statement: its totals, or the rows that made it refused."""
    return get_object(request.user, Statement.objects.all(), pk=funds_statement_id)


@router.get("/dues/receipts", response=list[ReceiptOut])
@paginate(Page)
def list_receipts(request):
    """Contributions per employer and month (filters `month`, `year`, `kind`, `channel`, `owing`)."""
    require(request.user, "funds.view_contribution")
    return _filtered(ContributionFilterSet, request,
                     Contribution.objects.restrict(request.user).select_related("employer"))


@router.get("/dues/receipts/{int:funds_receipt_id}", response=ReceiptDetail)
def get_receipt(request, funds_receipt_id: int):
    """One contribution with its split between the levels."""
    return get_object(request.user, Contribution.objects.select_related("employer"), pk=funds_receipt_id)


class PaymentIn(Schema):
    employer_id: int
    month: date
    wage_bill_fen: int
    paid_fen: int
    received_on: date


@router.post("/dues/receipts", response={201: ReceiptDetail})
def record_payment(request, body: PaymentIn):
    """A contribution paid directly; refused (422, nothing written) above what is owed."""
    from gonghui.orgs.models import Employer

    employer = get_object(request.user, Employer.objects.all(), pk=body.employer_id)
    c = services.record_payment(acting_user=request.user, employer=employer, month=body.month,
                                wage_bill_fen=body.wage_bill_fen, paid_fen=body.paid_fen, received_on=body.received_on)
    return Status(201, c)


@router.get("/dues/arrears", response=list[ArrearsOut])
@paginate(Page)
def list_arrears(request):
    """Contributions still owed after their due day, with the late fee run up to today."""
    require(request.user, "funds.view_contribution")
    qs = services.arrears_queryset(Contribution.objects.restrict(request.user), on=timezone.localdate())
    return _filtered(ContributionFilterSet, request, qs.select_related("employer"))


@router.get("/dues/ledger", response=list[LedgerOut])
@paginate(Page)
def list_ledger(request):
    """Ledger rows credited to unions in the user's subtree (filters `level`, `kind`, `year`, `union`)."""
    require(request.user, "funds.view_ledgerentry")
    return _filtered(LedgerFilterSet, request, LedgerEntry.objects.restrict(request.user))


class RefundOut(Schema):
    id: int
    union_id: int
    employer_id: int
    payee_id: int
    year: int
    staff: int
    paid_fen: int
    refund_fen: int
    rule: str
    state: str
    listed_by_county: bool
    refusal_reason: str
    batch_id: int | None


@router.get("/refunds", response=list[RefundOut])
@paginate(Page)
def list_refunds(request):
    """Small-firm refunds in the user's subtree (filters `year`, `state`, `union`)."""
    require(request.user, "funds.view_refund")
    return _filtered(RefundFilterSet, request, Refund.objects.restrict(request.user))


class ApplyIn(Schema):
    employer_id: int
    year: int


@router.post("/refunds", response={201: RefundOut})
def apply_refund(request, body: ApplyIn):
    """The firm's union applies; refused (422) for a firm over the threshold, which keeps the
    normal share."""
    from gonghui.orgs.models import Employer

    employer = get_object(request.user, Employer.objects.all(), pk=body.employer_id)
    return Status(201, services.apply_refund(acting_user=request.user, employer=employer, year=body.year))


@router.post("/refunds/{int:funds_refund_id}/check", response=RefundOut)
def check_refund(request, funds_refund_id: int):
    r = get_object(request.user, Refund.objects.all(), "change", pk=funds_refund_id)
    return services.check_refund(r, acting_user=request.user)


class DecideIn(Schema):
    approve: bool
    reason: str = ""


@router.post("/refunds/{int:funds_refund_id}/decide", response=RefundOut)
def decide_refund(request, funds_refund_id: int, body: DecideIn):
    """Approve or refuse a checked refund; never by who applied or checked it."""
    r = get_object(request.user, Refund.objects.all(), "change", pk=funds_refund_id)
    return services.decide_refund(r, acting_user=request.user, approve=body.approve, reason=body.reason)
