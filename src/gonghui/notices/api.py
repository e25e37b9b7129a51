"""My notices over the API: the list (paginated, `unread` and `kind` filters), mark one read,
mark all read. Another person's notice is "not found", like one that does not exist."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from gonghui.orgs.api import Page

from . import kinds, services
from .queries import mine

router = Router(tags=["notices"])


class NoticeOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None
    channel: str

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())


class ReadAllIn(Schema):
    kind: str | None = None


class ReadAllOut(Schema):
    marked: int
    unread: int


@router.get("/notices", response=list[NoticeOut])
@paginate(Page)
def list_notices(request, unread: bool | None = None, kind: str | None = None):
    """My notices, newest first; `unread=true` for the unread only, `kind` for one kind."""
    qs = mine(request.user).select_related("outbox").order_by("-id")
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    if kind:
        if kind not in kinds.KINDS:
            raise ValidationError({"kind": _("Unknown notice kind: %(kind)s.") % {"kind": kind}})
        qs = qs.filter(kind=kind)
    return qs


@router.post("/notices/read-all", response=ReadAllOut)
def read_all(request, payload: ReadAllIn | None = None):
    kind = payload.kind if payload else None
    if kind and kind not in kinds.KINDS:
        raise ValidationError({"kind": _("Unknown notice kind: %(kind)s.") % {"kind": kind}})
    n = services.mark_all_read(request.user, kind)
    return {"marked": n, "unread": mine(request.user).filter(read_at__isnull=True).count()}


@router.post("/notices/{int:notice_id}/read", response=NoticeOut)
def read(request, notice_id: int):
    return services.mark_read(request.user, notice_id)
