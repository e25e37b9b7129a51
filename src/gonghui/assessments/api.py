"""The assessments API: list and read assessments with their items, start one, self-assess
items, submit, review items, set rectification tasks, close the review, and the published
showcase list. Evidence files (images or PDFs) are uploaded as multipart form data."""

from datetime import date, datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.core.apitypes import Year
from gonghui.orgs.api import Page, _filtered
from gonghui.orgs.models import Union

from . import queries, services
from .filtersets import AssessmentFilterSet
from .models import Assessment, AssessmentItem, Showcase

router = Router(tags=["assessments"])


class AssessmentOut(Schema):
    id: int
    union_id: int
    union_name: str
    year: int
    criteria_set: str
    state: str
    outcome: str
    self_total: int
    review_total: int | None
    submitted_at: datetime | None
    reviewed_at: datetime | None

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name


class ItemOut(Schema):
    id: int
    code: str
    name: str
    max_score: int
    self_score: int | None
    statement: str
    reviewer_score: int | None
    reviewer_comment: str
    evidence: list[str]
    survey_average: float | None = None
    survey_responses: int | None = None


class TaskOut(Schema):
    id: int
    item_id: int
    requirement: str
    deadline: date
    state: str
    overdue: bool


class AssessmentDetailOut(AssessmentOut):
    review_comment: str
    items: list[ItemOut]
    tasks: list[TaskOut]

    @staticmethod
    def resolve_items(obj):
        return obj.items_out

    @staticmethod
    def resolve_tasks(obj):
        return list(obj.tasks.order_by("deadline", "pk"))


def _detail(a):
    survey = queries.survey_summary(a.union, a.year)
    items = []
    for i in a.items.select_related("criterion").prefetch_related("evidence").order_by("criterion__sort"):
        c = i.criterion
        items.append({"id": i.pk, "code": c.code, "name": c.name, "max_score": c.max_score,
                      "self_score": i.self_score, "statement": i.statement, "reviewer_score": i.reviewer_score,
                      "reviewer_comment": i.reviewer_comment, "evidence": [e.name for e in i.evidence.all()],
                      "survey_average": survey["average"] if c.satisfaction else None,
                      "survey_responses": survey["responses"] if c.satisfaction else None})
    a.items_out = items
    return a


def _get(request, assessment_id, action="view"):
    return get_object(request.user, Assessment.objects.select_related("union"), action, pk=assessment_id)


def _item(a, item_id):
    item = AssessmentItem.objects.filter(assessment=a, pk=item_id).first()
    if item is None:
        raise Http404(_("Not found."))
    return item


@router.get("/assessments", response=list[AssessmentOut])
@paginate(Page)
def list_assessments(request):
    """Assessments in the caller's subtree; filters `year`, `criteria_set`, `state`, `outcome`,
    `status` (in_progress, passed, rectification, failed), `q`, `under`."""
    require(request.user, "assessments.view_assessment")
    qs = Assessment.objects.restrict(request.user).select_related("union")
    return _filtered(AssessmentFilterSet, request, qs)


class ShowcaseOut(Schema):
    union_id: int
    union_name: str
    year: int
    level: str
    citation: str
    published_at: datetime

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name


@router.get("/assessments/showcases", response=list[ShowcaseOut])
@paginate(Page)
def list_showcases(request, year: int | None = None):
    """The published showcase unions (示范点), city and provincial; `year` narrows it."""
    qs = Showcase.objects.filter(published_at__isnull=False).select_related("union").order_by(
        "-year", "level", "union__name")
    return qs.filter(year=year) if year else qs


@router.get("/assessments/{int:assessment_id}", response=AssessmentDetailOut)
def get_assessment(request, assessment_id: int):
    return _detail(_get(request, assessment_id))


class StartIn(Schema):
    union_id: int
    year: Year


@router.post("/assessments", response={201: AssessmentDetailOut})
def start_assessment(request, body: StartIn):
    """Start a union's assessment for a year: the set (六有 or 六规范) follows from its founding date."""
    union = get_object(request.user, Union, pk=body.union_id)
    return Status(201, _detail(services.start(acting_user=request.user, union=union, year=body.year)))


class SelfIn(Schema):
    self_score: int
    statement: str = ""


@router.post("/assessments/{int:assessment_id}/items/{int:assessment_item_id}/self",
             response=AssessmentDetailOut)
def self_assess(request, assessment_id: int, assessment_item_id: int, body: SelfIn):
    a = _get(request, assessment_id, "change")
    services.self_assess(a, _item(a, assessment_item_id), acting_user=request.user, score=body.self_score,
                         statement=body.statement)
    return _detail(_get(request, assessment_id))


class EvidenceOut(Schema):
    id: int
    name: str
    size: int
    content_type: str


@router.post("/assessments/{int:assessment_id}/items/{int:assessment_item_id}/evidence",
             response={201: list[EvidenceOut]})
def add_evidence(request, assessment_id: int, assessment_item_id: int, file: File[list[UploadedFile]]):
    """Files backing one item, as multipart `file` fields: images or PDFs within the size limit;
    one refused file keeps the whole batch out."""
    a = _get(request, assessment_id)
    return Status(201, services.add_evidence(a, _item(a, assessment_item_id), acting_user=request.user,
                                             uploads=file))


@router.post("/assessments/{int:assessment_id}/submit", response=AssessmentDetailOut)
def submit(request, assessment_id: int):
    a = _get(request, assessment_id, "change")
    services.submit(a, acting_user=request.user)
    return _detail(_get(request, assessment_id))


class ReviewIn(Schema):
    score: int
    comment: str = ""


@router.post("/assessments/{int:assessment_id}/items/{int:assessment_item_id}/review",
             response=AssessmentDetailOut)
def review_item(request, assessment_id: int, assessment_item_id: int, body: ReviewIn):
    """The union above scores one item (0 to the item's most points)."""
    a = _get(request, assessment_id)
    services.review_item(a, _item(a, assessment_item_id), acting_user=request.user, score=body.score,
                         comment=body.comment)
    return _detail(_get(request, assessment_id))


class TaskIn(Schema):
    item_id: int
    requirement: str
    deadline: date


@router.post("/assessments/{int:assessment_id}/tasks", response={201: TaskOut})
def add_task(request, assessment_id: int, body: TaskIn):
    a = _get(request, assessment_id)
    services.require_reviewer(request.user, a)
    task = services.add_task(a, _item(a, body.item_id), acting_user=request.user, requirement=body.requirement,
                             deadline=body.deadline)
    return Status(201, task)


class FinishIn(Schema):
    outcome: str
    comment: str = ""


@router.post("/assessments/{int:assessment_id}/finish", response=AssessmentDetailOut)
def finish(request, assessment_id: int, body: FinishIn):
    """Close the review: `outcome` passed, rectification (needs an open task) or failed."""
    a = _get(request, assessment_id)
    services.finish_review(a, acting_user=request.user, outcome=body.outcome, comment=body.comment)
    return _detail(_get(request, assessment_id))
