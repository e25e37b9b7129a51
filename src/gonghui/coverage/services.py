"""Every write of the coverage app, with its rules and its audit record.

Revoking and merging go through `orgs.services` (which mark the union) and members move
through the members' transfer service (each move a transfer event in the member's
history); this module only decides when they may happen and keeps the case.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import can, refuse, require, require_other_than, subtree_q
from gonghui.members.models import Member
from gonghui.orgs import choices
from gonghui.orgs import services as orgs_services
from gonghui.orgs.models import Region, Union

from . import queries
from .models import (
    TARGET_MIN_HEADCOUNT,
    CaseAction,
    CaseState,
    OrganisingTarget,
    PaperUnionCase,
    TargetNote,
    TargetStatus,
)

# --- organising targets --------------------------------------------------------------------


def _responsible(unions_by_prefix, region_code):
    """The deepest active regional union whose area holds `region_code`."""
    for n in (9, 6, 4, 2):
        if len(region_code) >= n and region_code[:n] in unions_by_prefix:
            return unions_by_prefix[region_code[:n]]
    return None


@transaction.atomic
def refresh_targets(*, acting_user, union):
    """List every employer in `union`'s area with 25+ staff and no union that is not listed
    yet, held by the regional union responsible for its area; mark listed targets whose
    employer has founded a union since. Running it twice changes nothing the second time."""
    require(acting_user, "coverage.add_organisingtarget", union)
    employers = queries.employers_in(acting_user, union)
    candidates = list(employers.filter(has_union=False, headcount__gte=TARGET_MIN_HEADCOUNT,
                                       organising_target__isnull=True).order_by("pk").values_list("pk", "region_id"))
    regional = (Union.objects.filter(subtree_q("path", union.path), status=choices.UnionStatus.ACTIVE,
                                     kind__in=choices.UnionKind.regional())
                .select_related("region").order_by("-depth", "path"))
    by_prefix = {}
    for u in regional:
        by_prefix.setdefault(Region(code=u.region.code, level=u.region.level).prefix, u)
    now = timezone.now()
    rows = []
    for pk, region_code in candidates:
        owner_union = _responsible(by_prefix, region_code) or union
        rows.append(OrganisingTarget(employer_id=pk, union=owner_union, created_at=now, updated_at=now))
    created = OrganisingTarget.objects.bulk_create(rows, ignore_conflicts=True)
    founded = list(OrganisingTarget.objects.filter(
        subtree_q("union__path", union.path), employer__in=employers.filter(has_union=True).values("pk"))
        .exclude(status=TargetStatus.FOUNDED))
    for t in founded:
        t.status, t.updated_at = TargetStatus.FOUNDED, now
        TargetNote.objects.create(target=t, author=acting_user, status=TargetStatus.FOUNDED,
                                  text=_("The employer now has a union."))
    OrganisingTarget.objects.bulk_update(founded, ["status", "updated_at"])
    if created or founded:
        audit.record("create", actor=acting_user, union=union, object_type="coverage.organisingtarget",
                     object_repr=_("Organising targets refreshed"),
                     changes={"listed": [0, len(created)], "founded": [0, len(founded)]})
    return len(created), len(founded)


@transaction.atomic
def update_target(target, *, acting_user, status=None, owner=None, note=""):
    """Change a target's status or owner and/or add a note; each change is a history entry."""
    require(acting_user, "coverage.change_organisingtarget", target.union, obj=target)
    note = (note or "").strip()
    if status is not None and status not in TargetStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if owner is not None and not can(owner, "coverage.change_organisingtarget", target.union):
        raise ValidationError({"owner": _("%(name)s has no right to work on targets of %(union)s.")
                               % {"name": owner.get_full_name() or owner.username, "union": target.union.name}})
    before = audit.snapshot(target)
    changed_status = status is not None and status != target.status
    if changed_status:
        target.status = status
    if owner is not None:
        target.owner = owner
    if not changed_status and owner is None and not note:
        raise ValidationError({"note": _("Write a note or change the status or owner.")})
    target.updated_at = timezone.now()
    target.save()
    TargetNote.objects.create(target=target, author=acting_user, status=status if changed_status else "", text=note)
    audit.record("update", actor=acting_user, obj=target, reason=note,
                 changes=audit.diff(before, audit.snapshot(target)))
    return target


# --- paper unions --------------------------------------------------------------------------

def _count(app_label, model_name, **filters):
    """Rows of another app's model, if that app and model exist (else 0)."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return 0
    return model.objects.filter(**filters).count()


def unresolved(union):
    """What still needs the union: [(label, count)] of open hardship files, pending join
    applications, pending transfers and open assistance applications."""
    from django.db.models import Q

    out = []
    n = _count("hardship", "HardshipFile", union=union, state__in=("draft", "review", "publicity", "active"))
    if n:
        out.append(_("%(n)d open hardship files") % {"n": n})
    n = _count("members", "JoinApplication", union=union, state="pending")
    if n:
        out.append(_("%(n)d pending join applications") % {"n": n})
    try:
        from gonghui.members.models import TransferRequest

        n = TransferRequest.objects.filter(Q(from_union=union) | Q(to_union=union), state="pending").count()
    except ImportError:  # pragma: no cover - the members app is part of the foundation
        n = 0
    if n:
        out.append(_("%(n)d pending transfers") % {"n": n})
    n = _count("assistance", "AssistanceApplication", union=union,
               state__in=("submitted", "approved", "publicity", "batched", "failed"))
    if n:
        out.append(_("%(n)d open assistance applications") % {"n": n})
    return out


def check_unresolved(union, action):
    blockers = unresolved(union)
    if blockers:
        msg = (_("%(name)s cannot be revoked: it still has %(what)s. Resolve them first; nothing was changed.")
               if action == CaseAction.REVOKE else
               _("%(name)s cannot be merged: it still has %(what)s. Resolve them first; nothing was changed."))
        raise ValidationError(msg % {"name": union.name, "what": "、".join(blockers)}, code="unresolved")


def _members_in_good_standing(union):
    return Member.objects.in_good_standing().filter(union=union).select_related("union", "last_event")


def _check_revoke_members(union):
    n = _members_in_good_standing(union).count()
    if n:
        raise ValidationError(_("%(name)s still has %(n)d members; merge it into another union instead so they "
                                "are transferred. Nothing was changed.") % {"name": union.name, "n": n},
                              code="unresolved")


def _check_case(union, action, into):
    if action not in CaseAction.values:
        raise ValidationError({"action": _("Choose revoke or merge.")})
    if not union.is_active:
        raise ValidationError({"union": _("The union %(name)s is not active.") % {"name": union.name}})
    if union.depth == 1 or union.kind in choices.UnionKind.regional():
        raise ValidationError({"union": _("Only grassroots, joint and industry unions are handled as paper "
                                          "unions.")})
    if action == CaseAction.MERGE:
        if into is None:
            raise ValidationError({"into": _("Choose the union to merge into.")})
        if into.pk == union.pk or into.path.startswith(union.path):
            raise ValidationError({"into": _("A union cannot be merged into itself or one of its own "
                                             "subordinate unions.")})
        if not into.is_active:
            raise ValidationError({"into": _("The target union %(name)s is not active.") % {"name": into.name}})
    elif into is not None:
        raise ValidationError({"into": _("A union to merge into is only given for a merge.")})
    check_unresolved(union, action)
    if action == CaseAction.REVOKE:
        _check_revoke_members(union)


@transaction.atomic
def propose_case(*, acting_user, union, action, into=None, reason):
    """Propose to revoke or merge a paper union. Refused when the union still has unresolved
    cases (named in the message), or members (revoke), or an open case already."""
    require(acting_user, "coverage.add_paperunioncase", union)
    if into is not None:
        require(acting_user, "orgs.view_union", into)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give the reason; it is kept in the history.")})
    _check_case(union, action, into)
    signs = queries.signs_of(acting_user, union)  # what was seen when it was proposed
    try:
        with transaction.atomic():
            case = PaperUnionCase.objects.create(union=union, action=action, into=into, reason=reason.strip(),
                                                 signs=list(signs), proposed_by=acting_user)
    except IntegrityError:
        raise ValidationError(_("A case for %(name)s is already waiting for approval.") % {"name": union.name}
                              ) from None
    audit.record("create", actor=acting_user, obj=case, reason=case.reason,
                 changes=audit.diff({}, audit.snapshot(case)))
    return case


def approver_union(case):
    return Union.objects.get_parent(case.union) or case.union


def may_decide(user, case):
    """Another user than the proposer, holding the approval right on the union's parent."""
    return user.pk != case.proposed_by_id and can(user, "coverage.approve_paperunioncase", approver_union(case))


@transaction.atomic
def decide_case(case, *, acting_user, approve, note=""):
    """Approve (carry it out now) or reject a proposed case. Carrying out a merge transfers
    every member in good standing through the transfer service, then marks the union merged;
    a revoke marks it revoked. Anything refused leaves everything as it was."""
    case = PaperUnionCase.objects.select_for_update(of=("self",)).select_related(
        "union", "into", "proposed_by").get(pk=case.pk)
    require_other_than(acting_user, case.proposed_by_id, _("case"))
    require(acting_user, "coverage.approve_paperunioncase", approver_union(case), obj=case)
    if case.state != CaseState.PROPOSED:
        raise ValidationError(_("This case has already been decided."))
    note = (note or "").strip()
    before = audit.snapshot(case)
    if not approve:
        if not note:
            raise ValidationError({"opinion": _("Please say why the case is rejected.")})
        case.state = CaseState.REJECTED
    else:
        _check_case(case.union, case.action, case.into)
        reason = _("Paper union: %(reason)s") % {"reason": case.reason}
        if case.action == CaseAction.MERGE:
            case.members_moved = _transfer_members(case, acting_user)
            orgs_services.merge_union(case.union, acting_user=acting_user, into=case.into, reason=reason)
        else:
            orgs_services.revoke_union(case.union, acting_user=acting_user, reason=reason)
        case.state = CaseState.DONE
    case.decided_by, case.decided_at, case.decision_note = acting_user, timezone.now(), note
    case.save()
    audit.record("update", actor=acting_user, obj=case, reason=note,
                 changes=audit.diff(before, audit.snapshot(case)))
    return case


def _transfer_members(case, acting_user):
    """Move every member in good standing to the target union with the members' transfer
    service; the approver must be able to answer for both sides, so each move is done now."""
    from gonghui.members import transfers

    union, into = case.union, case.into
    if not (can(acting_user, "members.change_member", union) and can(acting_user, "members.add_member", into)):
        refuse(acting_user, case, "members.change_member")
    moved = 0
    reason = _("Merged into %(into)s (paper union)") % {"into": into.name}
    for member in _members_in_good_standing(union).order_by("pk"):
        request = transfers.request_transfer_out(member, acting_user=acting_user, to_union=into, reason=reason)
        if request.state != request.State.ACCEPTED:  # pragma: no cover - may_decide was checked above
            raise ValidationError(_("The transfer of %(name)s could not be completed.") % {"name": member.name})
        moved += 1
    return moved


def revoke_checks(sender, union, **kwargs):
    """orgs.services.union_revoked_checks: no union is revoked with unresolved cases."""
    check_unresolved(union, CaseAction.REVOKE)
