"""一户一产业工人 API (`/api/v1/skills`): enrolments and rural workshops with the pages' filters,
and the figures of the user's subtree."""

from datetime import date

from ninja import Router, Schema
from ninja.pagination import paginate

from gonghui.core.access import require
from gonghui.orgs.api import Page, _filtered

from . import queries
from .filtersets import EnrolmentFilterSet, WorkshopFilterSet
from .models import Enrolment, Workshop

router = Router(tags=["skills"])


class EnrolmentOut(Schema):
    id: int
    union_id: int
    household: str
    person: str
    trade: str
    course: str
    enrolled_on: date
    state: str
    completed_on: date | None
    level: str
    certificate_no: str


class WorkshopOut(Schema):
    id: int
    union_id: int
    name: str
    village: str
    product: str
    opened_on: date
    workers: int

    @staticmethod
    def resolve_workers(obj):
        return obj.workers.filter(left_on__isnull=True).count()


class FiguresOut(Schema):
    figures: dict
    levels: dict
    rule: str


@router.get("/skills/enrolments", response=list[EnrolmentOut])
@paginate(Page)
def list_enrolments(request):
    require(request.user, "skills.view_enrolment")
    return _filtered(EnrolmentFilterSet, request, Enrolment.objects.restrict(request.user))


@router.get("/skills/workshops", response=list[WorkshopOut])
@paginate(Page)
def list_workshops(request):
    require(request.user, "skills.view_workshop")
    return _filtered(WorkshopFilterSet, request, Workshop.objects.restrict(request.user))


@router.get("/skills/figures", response=FiguresOut)
def figures(request):
    require(request.user, "skills.view_enrolment")
    out, levels, minimum = queries.figures(request.user)
    return {"figures": {code: value for code, value, _url in out},
            "levels": {code: n for code, _label, n, _url in levels},
            "rule": f"{minimum.label}：{minimum.value}（{minimum.source}）"}
