"""Assistance API: programmes, applications (list, detail, create, review, publicity) and payment
batches (list, detail, create, the bank's result file). Same services, filters and scoping as the
pages; amounts are integer fen, bank accounts masked."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object
from gonghui.members.models import Member
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Union

from . import services
from .filtersets import ApplicationFilterSet, BatchFilterSet, ProgrammeFilterSet
from .models import AssistanceApplication, PaymentBatch, Programme

router = Router(tags=["assistance"])


class RuleOut(Schema):
    school_level: str
    with_hardship_file: bool | None
    amount_fen: int


class ProgrammeOut(Schema):
    id: int
    name: str
    kind: str
    owner_id: int
    owner_name: str
    year: int
    period: str
    opens_on: date
    closes_on: date
    state: str
    any_member: bool
    hardship_categories: list[str]
    model_workers: bool
    gig_workers: bool
    migrant_workers: bool
    default_amount_fen: int
    per_person_limit_fen: int | None
    required_attachments: list[str]
    publicity_days: int
    amount_rules: list[RuleOut]

    @staticmethod
    def resolve_owner_name(obj):
        return obj.owner.name

    @staticmethod
    def resolve_amount_rules(obj):
        return list(obj.amount_rules.all())


class ApplicationOut(Schema):
    id: int
    programme_id: int
    programme_name: str
    member_id: int
    member_name: str
    member_number: str
    union_id: int
    union_name: str
    year: int
    amount_fen: int
    school_level: str
    student_name: str
    with_hardship_file: bool
    state: str
    by_member: bool
    over_yearly_cap: bool
    cap_note: str
    opinion: str
    bank_name: str
    bank_account: str | None
    publicity_from: date | None
    publicity_until: date | None
    created_at: datetime
    reviewed_at: datetime | None

    @staticmethod
    def resolve_programme_name(obj):
        return obj.programme.name

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.name

    @staticmethod
    def resolve_member_number(obj):
        return obj.member.number

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name

    @staticmethod
    def resolve_bank_account(obj):
        return str(obj.bank_account) if obj.bank_account else None


class ApplicationIn(Schema):
    programme_id: int
    member_id: int
    amount_fen: int | None = None
    school_level: str = ""
    student_name: str = ""
    reason: str = ""
    bank_name: str = ""
    bank_account: str = ""
    account_holder: str = ""


class ReviewIn(Schema):
    decision: str  # "approve" or "reject"
    opinion: str = ""


class LineOut(Schema):
    id: int
    reference: str
    application_id: int
    member_id: int
    payee_name: str
    bank_name: str
    bank_account: str
    amount_fen: int
    state: str
    failure_reason: str
    reissued_from_id: int | None

    @staticmethod
    def resolve_bank_account(obj):
        return str(obj.bank_account)


class BatchOut(Schema):
    id: int
    number: str
    programme_id: int
    union_id: int
    state: str
    reissue_of_id: int | None
    total_fen: int
    line_count: int
    created_at: datetime
    result_at: datetime | None


class BatchDetailOut(BatchOut):
    lines: list[LineOut]

    @staticmethod
    def resolve_lines(obj):
        return list(obj.lines.order_by("id"))


class BatchIn(Schema):
    programme_id: int
    union_id: int
    application_ids: list[int] | None = None


# --- programmes ------------------------------------------------------------------------------

@router.get("/programmes", response=list[ProgrammeOut])
@paginate(Page)
def list_programmes(request):
    """Programmes run in the caller's subtree or above it; filters `year`, `kind`, `state`, `q`."""
    qs = Programme.objects.restrict(request.user).select_related("owner").prefetch_related("amount_rules")
    return _filtered(ProgrammeFilterSet, request, qs)


@router.get("/programmes/{int:programme_id}", response=ProgrammeOut)
def get_programme(request, programme_id: int):
    return get_object(request.user, Programme.objects.select_related("owner"), pk=programme_id)


# --- applications ----------------------------------------------------------------------------

def _application(request, pk):
    return get_object(request.user, AssistanceApplication.objects.select_related("programme", "member", "union"),
                      pk=pk)


@router.get("/assistance-applications", response=list[ApplicationOut])
@paginate(Page)
def list_applications(request):
    """Filters `programme`, `kind`, `year`, `state`, `school_level`, `with_hardship_file`, `over_yearly_cap`, `q`."""
    qs = AssistanceApplication.objects.restrict(request.user).select_related("programme", "member", "union")
    return _filtered(ApplicationFilterSet, request, qs)


@router.get("/assistance-applications/{int:assistance_application_id}", response=ApplicationOut)
def get_application(request, assistance_application_id: int):
    return _application(request, assistance_application_id)


@router.post("/assistance-applications", response={201: ApplicationOut})
def create_application(request, body: ApplicationIn):
    """Apply for a member (a clerk with the add right on the member's union). Programmes that
    require attachments are applied for on the page, where the files are uploaded."""
    programme = get_object(request.user, Programme, pk=body.programme_id)
    member = Member.objects.restrict(request.user).filter(pk=body.member_id).first()
    if member is None:
        raise ValidationError({"member_id": _("Choose a member of a union you look after.")})
    data = body.dict(exclude={"programme_id", "member_id"})
    application = services.apply(acting_user=request.user, programme=programme, member=member, **data)
    return Status(201, _application(request, application.pk))


@router.post("/assistance-applications/{int:assistance_application_id}/review", response=ApplicationOut)
def review_application(request, assistance_application_id: int, body: ReviewIn):
    """`decision` "approve" (commits the amount on the budget) or "reject" (needs `opinion`)."""
    application = get_object(request.user, AssistanceApplication, "change", pk=assistance_application_id)
    if body.decision == "approve":
        services.approve(application, acting_user=request.user, opinion=body.opinion)
    elif body.decision == "reject":
        services.reject(application, acting_user=request.user, opinion=body.opinion)
    else:
        raise ValidationError({"decision": _("The decision is “approve” or “reject”.")})
    return _application(request, assistance_application_id)


@router.post("/assistance-applications/{int:assistance_application_id}/publicity", response=ApplicationOut)
def publish_application(request, assistance_application_id: int):
    """Start 公示 for an approved application."""
    application = get_object(request.user, AssistanceApplication, "change", pk=assistance_application_id)
    services.publish([application], acting_user=request.user)
    return _application(request, assistance_application_id)


# --- payment batches -------------------------------------------------------------------------

def _batch(request, pk, action="view"):
    return get_object(request.user, PaymentBatch.objects.select_related("programme", "union"), action, pk=pk)


@router.get("/payment-batches", response=list[BatchOut])
@paginate(Page)
def list_batches(request):
    """Filters `state`, `kind`, `programme`, `q`."""
    return _filtered(BatchFilterSet, request, PaymentBatch.objects.restrict(request.user))


@router.get("/payment-batches/{int:batch_id}", response=BatchDetailOut)
def get_batch(request, batch_id: int):
    return _batch(request, batch_id)


@router.post("/payment-batches", response={201: BatchDetailOut})
def create_batch(request, body: BatchIn):
    """A batch of `union_id` for the programme: the given applications, or every one under the
    union whose 公示 has ended."""
    programme = get_object(request.user, Programme, pk=body.programme_id)
    union = get_object(request.user, Union, pk=body.union_id)
    applications = None
    if body.application_ids is not None:
        applications = list(AssistanceApplication.objects.restrict(request.user).filter(pk__in=body.application_ids))
    batch = services.make_batch(acting_user=request.user, programme=programme, union=union,
                                applications=applications)
    return Status(201, _batch(request, batch.pk))


@router.post("/payment-batches/{int:batch_id}/result", response=BatchDetailOut)
def upload_batch_result(request, batch_id: int):
    """The bank's result file as multipart `file` (xlsx or CSV: 序号, 状态, 原因, optional 金额 and
    账号). A file that does not match the batch is refused whole (422, rows named in `errors`)."""
    batch = _batch(request, batch_id, "change")
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError({"file": _("Attach the bank's result file as `file`.")})
    services.record_result(batch, acting_user=request.user, upload=upload)
    return _batch(request, batch_id)
