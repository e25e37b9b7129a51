"""API for regions, employers and unions: list (filters, paging), detail, create, update,
and the tree actions. Every call goes through the same filtersets and services as the pages."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from gonghui.core import search
from gonghui.core.access import can, get_object
from gonghui.core.apitypes import patch_values
from gonghui.core.models import Code

from . import services
from .filtersets import EmployerFilterSet, RegionFilterSet, UnionFilterSet
from .models import Employer, Region, Union

router = Router(tags=["orgs"])


class Page(PageNumberPagination):
    """Every list of the API: pages of 1-500 rows; a page number past a million is refused (its
    offset would not fit the database's integers)."""

    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int = Field(50, ge=1, le=500)

    def paginate_queryset(self, queryset, pagination, request=None, **params):
        self.page_size = pagination.page_size
        return super().paginate_queryset(queryset, pagination, request=request, **params)


def _filtered(filterset_class, request, queryset):
    """The list's rows through the filterset the page uses. A search comes as `qh`, the token of
    POST /api/v1/searches, never as `q` in the address (core.search)."""
    search.refuse_text_in_address(request.GET)
    fs = filterset_class(search.opened(request.GET), queryset=queryset, request=request)
    if not fs.is_valid():
        raise ValidationError({k: list(v) for k, v in fs.errors.items()})
    return fs.qs


# --- regions -------------------------------------------------------------------------------

class RegionOut(Schema):
    code: str
    name: str
    level: int
    parent: str | None = Field(None, alias="parent_id")


class RegionIn(Schema):
    code: str
    name: str
    parent: str | None = None


class RegionPatch(Schema):
    name: str


@router.get("/regions", response=list[RegionOut])
@paginate(Page)
def list_regions(request):
    return _filtered(RegionFilterSet, request, Region.objects.restrict(request.user))


@router.get("/regions/{code}", response=RegionOut)
def get_region(request, code: str):
    return get_object(request.user, Region, code=code)


@router.post("/regions", response={201: RegionOut})
def create_region(request, body: RegionIn):
    parent = Region.objects.filter(code=body.parent).first() if body.parent else None
    if body.parent and parent is None:
        raise ValidationError({"parent": _("Choose a valid administrative division code.")})
    return Status(201, services.save_region(acting_user=request.user, code=body.code, name=body.name, parent=parent))


@router.patch("/regions/{code}", response=RegionOut)
def update_region(request, code: str, body: RegionPatch):
    region = get_object(request.user, Region, "change", code=code)
    return services.save_region(acting_user=request.user, code=code, name=body.name, region=region)


# --- employers -----------------------------------------------------------------------------

class EmployerOut(Schema):
    id: int
    name: str
    uscc: str
    industry: str | None
    ownership: str | None
    headcount: int
    region_code: str = Field(alias="region_id")
    address: str
    status: str

    @staticmethod
    def resolve_industry(obj):
        return obj.industry.code if obj.industry_id else None

    @staticmethod
    def resolve_ownership(obj):
        return obj.ownership.code if obj.ownership_id else None


class EmployerIn(Schema):
    name: str
    uscc: str
    region_code: str
    industry: str | None = None
    ownership: str | None = None
    headcount: int = 0
    address: str = ""


class EmployerPatch(Schema):
    name: str | None = None
    uscc: str | None = None
    region_code: str | None = None
    industry: str | None = None
    ownership: str | None = None
    headcount: int | None = None
    address: str | None = None
    status: str | None = None


def _employer_data(body: Schema):
    data = patch_values(body, nullable=("industry", "ownership"))
    if "region_code" in data:
        code = data.pop("region_code")
        data["region"] = Region.objects.filter(code=code).first() or code
    for table, field in (("industry", "industry"), ("ownership", "ownership")):
        if data.get(field) is not None:
            data[field] = Code.objects.filter(table=table, code=data[field]).first() or data[field]
    return data


@router.get("/employers", response=list[EmployerOut])
@paginate(Page)
def list_employers(request):
    qs = Employer.objects.restrict(request.user).select_related("industry", "ownership")
    return _filtered(EmployerFilterSet, request, qs)


@router.get("/employers/{int:employer_id}", response=EmployerOut)
def get_employer(request, employer_id: int):
    return get_object(request.user, Employer.objects.select_related("industry", "ownership"), pk=employer_id)


@router.post("/employers", response={201: EmployerOut})
def create_employer(request, body: EmployerIn):
    return Status(201, services.create_employer(acting_user=request.user, **_employer_data(body)))


@router.patch("/employers/{int:employer_id}", response=EmployerOut)
def update_employer(request, employer_id: int, body: EmployerPatch):
    employer = get_object(request.user, Employer, "change", pk=employer_id)
    return services.update_employer(employer, acting_user=request.user, **_employer_data(body))


# --- unions --------------------------------------------------------------------------------

class UnionOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    parent_id: int | None
    depth: int
    path: str
    region_code: str = Field(alias="region_id")
    employer_id: int | None
    founded_on: date | None
    chair_name: str
    contact_phone: str
    address: str
    merged_into_id: int | None
    status_reason: str

    @staticmethod
    def resolve_contact_phone(obj):
        """Masked (as members' phones); in full only for GET /unions/{id}?reveal=true (recorded)."""
        if not obj.contact_phone:
            return ""
        return obj.contact_phone.reveal() if getattr(obj, "_revealed", False) else str(obj.contact_phone)

    @staticmethod
    def resolve_parent_id(obj):
        parent_path = obj.path[: -obj.steplen]
        if not parent_path:
            return None
        parents = getattr(obj, "_parent_ids", None)
        return parents.get(parent_path) if parents is not None else (
            Union.objects.filter(path=parent_path).values_list("pk", flat=True).first())


class UnionIn(Schema):
    parent_id: int
    name: str
    kind: str
    region_code: str
    employer_id: int | None = None
    founded_on: date | None = None  # the service checks the bounds (orgs.services)
    chair_name: str = ""
    contact_phone: str = ""
    address: str = ""


class UnionPatch(Schema):
    name: str | None = None
    kind: str | None = None
    region_code: str | None = None
    employer_id: int | None = None
    founded_on: date | None = None  # the service checks the bounds (orgs.services)
    chair_name: str | None = None
    contact_phone: str | None = None
    address: str | None = None


class MoveIn(Schema):
    parent_id: int
    reason: str


class MergeIn(Schema):
    into_id: int
    reason: str


class ReasonIn(Schema):
    reason: str


def _union_data(request, body: Schema):
    data = patch_values(body, nullable=("employer_id", "founded_on"))
    data.pop("parent_id", None)
    if "region_code" in data:
        code = data.pop("region_code")
        data["region"] = Region.objects.filter(code=code).first() or code
    if data.get("employer_id") is not None:
        data["employer"] = get_object(request.user, Employer, pk=data.pop("employer_id"))
    elif "employer_id" in data:
        data["employer"] = data.pop("employer_id")
    return data


def _with_parent_ids(unions):
    """Resolve every row's parent id in one query instead of one per row."""
    unions = list(unions)
    parent_paths = {u.path[: -u.steplen] for u in unions if u.depth > 1}
    ids = dict(Union.objects.filter(path__in=parent_paths).values_list("path", "pk"))
    for u in unions:
        u._parent_ids = ids
    return unions


class UnionPage(Page):
    def paginate_queryset(self, queryset, pagination, request=None, **params):
        out = super().paginate_queryset(queryset, pagination, request=request, **params)
        out["items"] = _with_parent_ids(out["items"])
        return out


@router.get("/unions", response=list[UnionOut])
@paginate(UnionPage)
def list_unions(request):
    return _filtered(UnionFilterSet, request, Union.objects.restrict(request.user))


@router.get("/unions/{int:union_id}", response=UnionOut)
def get_union(request, union_id: int, reveal: bool = False):
    """With reveal=true, the contact phone in full: the caller needs the reveal right on the
    union, and the reveal is recorded."""
    union = get_object(request.user, Union, pk=union_id)
    if reveal:
        if not can(request.user, "orgs.reveal_union", union):
            raise ValidationError({"reveal": _("You may not see the full contact phone of this union.")})
        services.reveal_contact_phone(union, acting_user=request.user)
        union._revealed = True
    return union


@router.post("/unions", response={201: UnionOut})
def create_union(request, body: UnionIn):
    parent = get_object(request.user, Union, pk=body.parent_id)
    return Status(201, services.create_union(acting_user=request.user, parent=parent, **_union_data(request, body)))


@router.patch("/unions/{int:union_id}", response=UnionOut)
def update_union(request, union_id: int, body: UnionPatch):
    union = get_object(request.user, Union, "change", pk=union_id)
    return services.update_union(union, acting_user=request.user, **_union_data(request, body))


@router.post("/unions/{int:union_id}/move", response=UnionOut)
def move_union(request, union_id: int, body: MoveIn):
    union = get_object(request.user, Union, "move", pk=union_id)
    parent = get_object(request.user, Union, pk=body.parent_id)
    return services.move_union(union, acting_user=request.user, new_parent=parent, reason=body.reason)


@router.post("/unions/{int:union_id}/merge", response=UnionOut)
def merge_union(request, union_id: int, body: MergeIn):
    union = get_object(request.user, Union, "merge", pk=union_id)
    into = get_object(request.user, Union, pk=body.into_id)
    return services.merge_union(union, acting_user=request.user, into=into, reason=body.reason)


@router.post("/unions/{int:union_id}/revoke", response=UnionOut)
def revoke_union(request, union_id: int, body: ReasonIn):
    union = get_object(request.user, Union, "revoke", pk=union_id)
    return services.revoke_union(union, acting_user=request.user, reason=body.reason)


@router.delete("/unions/{int:union_id}", response={204: None})
def delete_union(request, union_id: int, body: ReasonIn):
    union = get_object(request.user, Union, "delete", pk=union_id)
    services.delete_union(union, acting_user=request.user, reason=body.reason)
    return Status(204, None)
