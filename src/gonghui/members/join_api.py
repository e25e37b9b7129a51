"""Join applications API: the review side only (applying happens on the worker's phone page,
which proves the phone by SMS). Same filters and scoping as the list page; ID numbers and
phones are masked."""

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from gonghui.core.access import get_object
from gonghui.orgs.api import Page, _filtered

from . import joins
from .filtersets import JoinFilterSet
from .models import JoinApplication

router = Router(tags=["join applications"])


class JoinOut(Schema):
    id: int
    state: str
    union_id: int
    union_name: str
    name: str
    doc_type: str
    id_number: str
    phone: str
    employer_name: str
    gig_platform: str
    is_gig_worker: bool
    job: str
    reason: str
    created_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    member_id: int | None
    member_number: str | None

    @staticmethod
    def resolve_union_name(obj):
        return obj.union.name

    @staticmethod
    def resolve_id_number(obj):
        return str(obj.id_number)

    @staticmethod
    def resolve_phone(obj):
        return str(obj.phone)

    @staticmethod
    def resolve_decided_by(obj):
        return obj.decided_by.get_username() if obj.decided_by_id else None

    @staticmethod
    def resolve_member_number(obj):
        return obj.member.number if obj.member_id else None


class DecisionIn(Schema):
    reason: str = ""


def _get(request, application_id):
    return get_object(request.user, JoinApplication.objects.select_related("union", "member", "decided_by"),
                      pk=application_id)


@router.get("/join-applications", response=list[JoinOut])
@paginate(Page)
def list_join_applications(request):
    """Applications to unions in the caller's subtree; filters `state`, `union`, `is_gig_worker`,
    `qh` (a search's token from POST /searches)."""
    qs = JoinApplication.objects.restrict(request.user).select_related("union", "member", "decided_by")
    return _filtered(JoinFilterSet, request, qs)


@router.get("/join-applications/{int:application_id}", response=JoinOut)
def get_join_application(request, application_id: int):
    return _get(request, application_id)


@router.post("/join-applications/{int:application_id}/accept", response=JoinOut)
def accept_join_application(request, application_id: int):
    """Enrol the applicant in the chosen union (needs the add-member right there)."""
    done = joins.accept(_get(request, application_id), acting_user=request.user)
    return _get(request, done.pk)


@router.post("/join-applications/{int:application_id}/reject", response=JoinOut)
def reject_join_application(request, application_id: int, body: DecisionIn):
    """Reject with a `reason` (required; the applicant sees it)."""
    done = joins.reject(_get(request, application_id), acting_user=request.user, reason=body.reason)
    return _get(request, done.pk)
