"""Members API: search and filters as on the roster page; ID numbers and phones masked
unless the caller holds the reveal right and asks with `reveal=true` (each reveal audited)."""

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from gonghui.core import audit
from gonghui.core.access import can, get_object
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Employer, Union

from . import imports, services, transfers
from .filtersets import MemberFilterSet
from .models import Member, MemberImport

router = Router(tags=["members"])


class MemberOut(Schema):
    id: int
    number: str
    name: str
    union_id: int
    union_name: str
    doc_type: str
    id_number: str
    phone: str | None
    sex: str
    birth_date: date | None
    status: str
    joined_on: date
    employer_id: int | None
    employer_name: str
    job: str
    gig_platform: str
    is_gig_worker: bool
    is_migrant_worker: bool
    is_model_worker: bool
    has_hardship_file: bool

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name

    @staticmethod
    def resolve_birth_date(obj):
        """Only beside the full ID (reveal=true): masked outputs follow gonghui.core.crypto's rule."""
        return obj.opened_birth_date() if getattr(obj, "_revealed", False) else None

    @staticmethod
    def resolve_id_number(obj):
        return str(obj.id_number) if not getattr(obj, "_revealed", False) else obj.id_number.reveal()

    @staticmethod
    def resolve_phone(obj):
        if not obj.phone:
            return None
        return str(obj.phone) if not getattr(obj, "_revealed", False) else obj.phone.reveal()


class MemberIn(Schema):
    name: str
    id_number: str
    union_id: int
    doc_type: str = "resident_id"
    phone: str = ""
    employer_id: int | None = None
    employer_name: str = ""
    job: str = ""
    gig_platform: str = ""
    is_gig_worker: bool = False
    is_migrant_worker: bool = False
    joined_on: date | None = None  # the model-worker tag is not here: the honours registry sets it


class TransferIn(Schema):
    to_union_id: int
    reason: str = ""


def _reveal_if_asked(request, members):
    """Full values only for callers with the reveal right on each member's union, who asked."""
    if request.GET.get("reveal") != "true":
        return members
    for m in members:
        if not can(request.user, "members.reveal_member", m.union):
            raise ValidationError({"reveal": _("You may not see full ID numbers or phones of these members.")})
        m._revealed = True
        audit.record("reveal", actor=request.user, obj=m, changes={"field": [None, "id_number,phone"]})
    return members


class MemberPage(Page):
    def paginate_queryset(self, queryset, pagination, request=None, **params):
        out = super().paginate_queryset(queryset, pagination, request=request, **params)
        out["items"] = _reveal_if_asked(request, list(out["items"]))
        return out


@router.get("/members", response=list[MemberOut])
@paginate(MemberPage)
def list_members(request):
    qs = Member.objects.restrict(request.user).select_related("union", "last_event")
    return _filtered(MemberFilterSet, request, qs)


@router.get("/members/{int:member_id}", response=MemberOut)
def get_member(request, member_id: int):
    member = get_object(request.user, Member.objects.select_related("union", "last_event"), pk=member_id)
    return _reveal_if_asked(request, [member])[0]


@router.post("/members", response={201: MemberOut})
def create_member(request, body: MemberIn):
    data = body.dict()
    union = get_object(request.user, Union, pk=data.pop("union_id"))
    employer_id = data.pop("employer_id")
    if employer_id is not None:
        data["employer"] = get_object(request.user, Employer, pk=employer_id)
    if data["joined_on"] is None:
        data.pop("joined_on")
    return Status(201, services.add_member(acting_user=request.user, union=union, **data))


class TransferOut(Schema):
    id: int
    member_id: int
    from_union_id: int
    to_union_id: int
    started_by: str
    state: str


@router.post("/members/{int:member_id}/transfer", response=TransferOut)
def transfer_member(request, member_id: int, body: TransferIn):
    """Start a transfer to any active union of the city. The receiving union accepts it; when
    the caller speaks for both unions it is accepted at once (`state` says which)."""
    member = get_object(request.user, Member, "change", pk=member_id)
    to_union = Union.objects.filter(pk=body.to_union_id, status="active").first()
    if to_union is None:
        raise ValidationError({"to_union_id": _("Choose an active union.")})
    return transfers.request_transfer_out(member, acting_user=request.user, to_union=to_union, reason=body.reason)


class ImportIssueOut(Schema):
    row: int
    column: str
    message: str
    hint: str


class ImportOut(Schema):
    id: int
    union_id: int
    file_name: str
    state: str
    state_label: str
    progress: int
    task_id: UUID | None  # the check or write running now: GET /tasks/{task_id}
    rows: int
    valid_rows: int
    error_rows: int
    existing_rows: int
    written_rows: int
    message: str
    interrupted: bool  # its task died (a killed worker, every try failed): POST …/resume starts it again
    issues: list[ImportIssueOut]

    @staticmethod
    def resolve_state_label(obj):
        return obj.get_state_display()

    @staticmethod
    def resolve_progress(obj):
        return imports.progress(obj).get("done", obj.progress)

    @staticmethod
    def resolve_interrupted(obj):
        return imports.interrupted(obj)

    @staticmethod
    def resolve_issues(obj):
        return list(obj.issues.all()[:1000])


class ConfirmIn(Schema):
    skip_bad_rows: bool = False


@router.post("/member-imports", response={201: ImportOut})
def create_import(request, union_id: Form[int], file: File[UploadedFile]):
    """Upload a roster (xlsx or CSV) for checking; nothing is written until it is confirmed.
    Poll `GET /member-imports/{id}` for progress and the row report (the first 1,000 problems)."""
    union = get_object(request.user, Union, pk=union_id)
    return Status(201, imports.start_import(acting_user=request.user, union=union, upload=file))


@router.get("/member-imports/{int:import_id}", response=ImportOut)
def get_import(request, import_id: int):
    return get_object(request.user, MemberImport, pk=import_id)


@router.post("/member-imports/{int:import_id}/confirm", response=ImportOut)
def confirm_import(request, import_id: int, body: ConfirmIn):
    """Write the checked rows; with rows in error, only when `skip_bad_rows` is true."""
    imp = get_object(request.user, MemberImport, pk=import_id)
    return imports.confirm(imp, acting_user=request.user, skip_bad_rows=body.skip_bad_rows)


@router.post("/member-imports/{int:import_id}/resume", response=ImportOut)
def resume_import(request, import_id: int):
    """Start again the check or write of an import whose task died (`interrupted` is true): the
    same service and scoping as the page's button. A write that died committed nothing, so it
    starts from the top; an import still running is refused (422)."""
    imp = get_object(request.user, MemberImport, pk=import_id)
    return imports.resume(imp, acting_user=request.user)
