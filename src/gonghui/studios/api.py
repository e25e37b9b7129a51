"""Studios API: studios with their projects, funding and reviews; funding within the grade's
amount; mentorships and their completion. Same services, filters and scoping as the pages."""

from datetime import date

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.access import get_object, require
from gonghui.orgs.api import Page, _filtered

from . import services
from .filtersets import MentorshipFilterSet, StudioFilterSet
from .models import Mentorship, Studio

router = Router(tags=["studios"])


class ProjectOut(Schema):
    year: int
    title: str
    patents: int
    saving_fen: int
    trainees: int


class FundingOut(Schema):
    id: int
    year: int
    amount_fen: int
    purpose: str
    rule_text: str


class ReviewOut(Schema):
    year: int
    result: str
    note: str


class StudioOut(Schema):
    id: int
    name: str
    union_id: int
    lead_id: int
    lead_name: str
    lead_honour: str
    grade: str
    recognised_year: int
    field: str
    projects: list[ProjectOut]
    fundings: list[FundingOut]
    reviews: list[ReviewOut]

    @staticmethod
    def resolve_lead_name(obj):
        return obj.lead.name

    @staticmethod
    def resolve_projects(obj):
        return list(obj.projects.all())

    @staticmethod
    def resolve_fundings(obj):
        return list(obj.fundings.all())

    @staticmethod
    def resolve_reviews(obj):
        return list(obj.reviews.all())


class StudioRow(Schema):
    id: int
    name: str
    union_id: int
    lead_id: int
    grade: str
    recognised_year: int


@router.get("/studios", response=list[StudioRow])
@paginate(Page)
def list_studios(request):
    """Studios in the user's subtree (filters `q`, `grade`, `recognised_year`, `alliance`, `under`)."""
    require(request.user, "studios.view_studio")
    return _filtered(StudioFilterSet, request, Studio.objects.restrict(request.user))


@router.get("/studios/{int:st_studio_id}", response=StudioOut)
def get_studio(request, st_studio_id: int):
    return get_object(request.user, Studio.objects.select_related("lead"), pk=st_studio_id)


class FundingIn(Schema):
    year: int
    amount_fen: int
    purpose: str


@router.post("/studios/{int:st_studio_id}/funding", response={201: FundingOut})
def fund(request, st_studio_id: int, body: FundingIn):
    """Funding for a year: refused (422, nothing written) above the grade's yearly amount."""
    s = get_object(request.user, Studio.objects.select_related("union"), pk=st_studio_id)
    return Status(201, services.fund_studio(s, acting_user=request.user, year=body.year, amount_fen=body.amount_fen,
                                            purpose=body.purpose))


class MentorshipOut(Schema):
    id: int
    union_id: int
    studio_id: int | None
    mentor_id: int
    apprentice_id: int
    goals: str
    starts_on: date
    ends_on: date
    start_grade: str
    result_grade: str
    state: str


class CompleteIn(Schema):
    result_grade: str


@router.get("/studios/mentorships", response=list[MentorshipOut])
@paginate(Page)
def list_mentorships(request):
    require(request.user, "studios.view_mentorship")
    return _filtered(MentorshipFilterSet, request, Mentorship.objects.restrict(request.user))


@router.post("/studios/mentorships/{int:st_mentorship_id}/complete", response=MentorshipOut)
def complete(request, st_mentorship_id: int, body: CompleteIn):
    ms = get_object(request.user, Mentorship.objects.select_related("union"), pk=st_mentorship_id)
    return services.complete_mentorship(ms, acting_user=request.user, result_grade=body.result_grade)
