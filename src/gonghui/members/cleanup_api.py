"""API of the paper-member clean-up: the suspects of one kind (ID numbers masked, always) and
the bulk actions, with the same scoping and rules as the pages (see cleanup.py)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from gonghui.core.access import has_perm_anywhere, refuse
from gonghui.core.crypto import mask
from gonghui.orgs.api import Page
from gonghui.orgs.models import Union

from . import cleanup

router = Router(tags=["member clean-up"])


class SuspectOut(Schema):
    id: int
    number: str
    name: str
    union_id: int
    union_name: str
    doc_type: str
    id_number: str
    sex: str
    birth_date: str  # masked beside the masked ID (gonghui.core.crypto: the one masking rule)
    status: str
    joined_on: date
    kind: str
    detail: str


class ActionIn(Schema):
    action: str
    kind: str
    member_ids: list[int]
    reason: str
    to_union_id: int | None = None
    keep_id: int | None = None


class ActionOut(Schema):
    action: str
    kind: str
    cleared: list[int]


class SuspectPage(Page):
    def paginate_queryset(self, queryset, pagination, request=None, **params):
        out = super().paginate_queryset(queryset, pagination, request=request, **params)
        kind, finder = request._cleanup
        out["items"] = [_suspect(m, kind, finder) for m in out["items"]]
        return out


def _suspect(m, kind, finder):
    return {"id": m.pk, "number": m.number, "name": m.name, "union_id": m.union_id, "union_name": m.union.name,
            "doc_type": m.doc_type, "id_number": str(m.id_number), "sex": m.sex,
            "birth_date": mask("birth", m.birth_date),
            "status": m.status, "joined_on": m.joined_on, "kind": kind,
            "detail": finder.detail(kind, m)}


@router.get("/member-cleanup/suspects", response=list[SuspectOut])
@paginate(SuspectPage)
def list_suspects(request, kind: str = cleanup.SuspectKind.DUPLICATE.value, months: int = cleanup.DEFAULT_MONTHS):
    """Suspected paper members of one `kind` (duplicate, invalid_id, union_closed, inactive)
    in the caller's subtree (default: duplicate); `months` without activity for `inactive` (default 12)."""
    if not has_perm_anywhere(request.user, "members.view_member"):
        refuse(request.user, None, "members.view_member")
    finder = cleanup.Finder(request.user, months=months)
    request._cleanup = (kind, finder)
    return finder.suspects(kind)


@router.post("/member-cleanup/actions", response=ActionOut)
def clean_up(request, body: ActionIn):
    """Remove, transfer (`to_union_id`) or merge (`keep_id`) the chosen members: all of them,
    or none with a 422 naming the member that could not be cleared."""
    to_union = None
    if body.to_union_id is not None:
        to_union = Union.objects.filter(pk=body.to_union_id).first()
        if to_union is None:
            raise ValidationError({"to_union_id": _("Choose an active union.")})
    done = cleanup.clean_up(acting_user=request.user, action=body.action, kind=body.kind,
                            member_ids=body.member_ids, reason=body.reason, to_union=to_union,
                            keep_id=body.keep_id)
    return {"action": body.action, "kind": body.kind, "cleared": [m.pk for m in done]}
