"""Transfer requests (转会申请): the sending or the receiving union starts one, the other side
accepts or rejects it, and both see it throughout. Accepting moves the member with a
transfer event, so the 会籍 history shows every move."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import can, refuse, require, require_other_than
from gonghui.core.crypto import lookup_hash
from gonghui.notices.services import notify
from gonghui.rules.deadlines import close, track

from .identity import clean_document
from .models import IN_GOOD_STANDING, EventKind, Member, TransferRequest
from .services import _event

Side, State = TransferRequest.Side, TransferRequest.State


def _check(member, to_union):
    if member.status not in IN_GOOD_STANDING:
        raise ValidationError(_("Only members in good standing can transfer."))
    if to_union.pk == member.union_id:
        raise ValidationError({"to_union": _("The member already belongs to %(name)s.") % {"name": to_union.name}})
    if not to_union.is_active:
        raise ValidationError({"to_union": _("%(name)s is not active.") % {"name": to_union.name}})


def _create(member, to_union, *, acting_user, started_by, reason):
    _check(member, to_union)
    try:
        with transaction.atomic():
            request = TransferRequest.objects.create(member=member, from_union=member.union, to_union=to_union,
                                                     started_by=started_by, reason=reason, created_by=acting_user)
    except IntegrityError:
        raise ValidationError(_("A transfer of this member is already waiting for an answer.")) from None
    audit.record("transfer_request", actor=acting_user, obj=member, reason=reason,
                 changes={"union": [member.union.name, to_union.name], "started_by": [None, started_by]})
    # The other side answers within the rulebook's members.transfer_review_days (a stored deadline).
    track(request, kind="transfer_review", started_on=timezone.localdate(request.created_at),
          rule="members.transfer_review_days",
          union=request.to_union if started_by == Side.SENDING else request.from_union,
          title=_("Transfer of %(name)s: %(from)s → %(to)s") % {
              "name": member.name, "from": request.from_union.name, "to": to_union.name},
          url=reverse("members:transfers"))
    if may_decide(acting_user, request):
        # The requester speaks for both sides (city staff): a direct move within their own
        # authority, which nobody else would answer for, not a submission awaiting approval.
        request = _answer(_locked(request), acting_user=acting_user, accept=True)
    return request


@transaction.atomic
def request_transfer_out(member, *, acting_user, to_union, reason=""):
    """The sending union asks another union (anywhere in the city) to take the member."""
    require(acting_user, "members.change_member", member.union, obj=member)
    return _create(member, to_union, acting_user=acting_user, started_by=Side.SENDING, reason=reason)


@transaction.atomic
def request_transfer_in(*, acting_user, to_union, doc_type, id_number, reason=""):
    """The receiving union asks for a person by their ID number; it learns only which union
    holds them (as enrolment would tell it)."""
    require(acting_user, "members.add_member", to_union)
    try:
        doc = clean_document(doc_type, id_number)
    except ValidationError as e:
        raise ValidationError({"id_number": e.messages}) from None
    member = Member.objects.select_related("union", "last_event").filter(id_index=lookup_hash("id", doc.number)).first()
    if member is None:
        raise ValidationError({"id_number": _("No member has this document number; enrol the person instead.")})
    return _create(member, to_union, acting_user=acting_user, started_by=Side.RECEIVING, reason=reason)


def may_decide(user, request):
    union, perm = ((request.to_union, "members.add_member") if request.deciding_side == Side.RECEIVING
                   else (request.from_union, "members.change_member"))
    return can(user, perm, union)


@transaction.atomic
def decide(request, *, acting_user, accept, note=""):
    """The other side answers. Accepting moves the member now; both answers are recorded."""
    request = _locked(request)
    if not may_decide(acting_user, request):
        refuse(acting_user, request.member, "members.decide_transfer")
    require_other_than(acting_user, request.created_by_id, _("transfer request"))
    return _answer(request, acting_user=acting_user, accept=accept, note=note)


def _locked(request):
    return TransferRequest.objects.select_for_update(of=("self",)).select_related(
        "member", "member__union", "member__last_event", "from_union", "to_union").get(pk=request.pk)


def _answer(request, *, acting_user, accept, note=""):
    if request.state != State.PENDING:
        raise ValidationError(_("This request has already been answered."))
    if not accept and not note.strip():
        raise ValidationError({"note": _("Please say why the transfer is rejected.")})
    member = request.member
    if accept:
        if member.union_id != request.from_union_id:
            raise ValidationError(_("The member has moved since the request was made; it cannot be accepted."))
        _check(member, request.to_union)
        _event(member, EventKind.TRANSFER_IN, request.to_union, actor=acting_user, from_union=request.from_union,
               reason=request.reason)
    request.state = State.ACCEPTED if accept else State.REJECTED
    request.decision_note, request.decided_by, request.decided_at = note, acting_user, timezone.now()
    request.save(update_fields=["state", "decision_note", "decided_by", "decided_at"])
    close(request, "transfer_review")
    audit.record("transfer" if accept else "transfer_rejected", actor=acting_user, obj=member, reason=note,
                 changes={"union": [request.from_union.name, request.to_union.name]})
    from django.urls import reverse

    names = {"member": member.name, "from": request.from_union.name, "to": request.to_union.name}
    title = (_("Transfer of %(member)s from %(from)s to %(to)s accepted") if accept
             else _("Transfer of %(member)s from %(from)s to %(to)s rejected")) % names
    if request.created_by_id != acting_user.pk:  # the side that asked is told the answer
        notify(request.created_by, kind="transfer_decided", title=title, body=note, obj=request,
               url=reverse("members:transfers"), acting_user=acting_user)
    return request


@transaction.atomic
def withdraw(request, *, acting_user):
    """The side that started a request may withdraw it while it waits."""
    union = request.from_union if request.started_by == Side.SENDING else request.to_union
    require(acting_user, "members.change_member" if request.started_by == Side.SENDING else "members.add_member",
            union, obj=request.member)
    if request.state != State.PENDING:
        raise ValidationError(_("This request has already been answered."))
    request.state, request.decided_by, request.decided_at = State.CANCELLED, acting_user, timezone.now()
    request.save(update_fields=["state", "decided_by", "decided_at"])
    close(request, "transfer_review")
    audit.record("transfer_withdrawn", actor=acting_user, obj=request.member)
    return request
