"""Every write of the subsidies app, with its rules and its audit record: construction plans,
subsidy programmes and their budgets, applications, inspections, approvals and payments.

Each public function checks the acting user's right on the union concerned, refuses bad input
with a Chinese message naming the field before anything is written, and runs in one
transaction. The steps after applying belong to the union above the applicant: a union never
inspects, approves or pays its own application.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, dates
from gonghui.core.access import ancestor_paths, require, require_other_than
from gonghui.core.dates import not_in_future
from gonghui.core.money import MAX_FEN, yuan
from gonghui.orgs.choices import UnionKind
from gonghui.orgs.models import Union
from gonghui.positions.models import PositionKind, PositionStatus

from .models import AwardSubsidy, KindCap, PositionPlan, SubsidyAttachment, SubsidyProgramme

State = AwardSubsidy.State
YEARS = (2000, 2100)
PROGRAMME_KINDS = (UnionKind.FEDERATION, UnionKind.TOWNSHIP)


def _created(obj, actor, **extra):
    audit.record("create", actor=actor, obj=obj, changes=audit.diff({}, audit.snapshot(obj)) | extra)


def _year(value, field):
    if value is None or not YEARS[0] <= int(value) <= YEARS[1]:
        raise ValidationError({field: _("Enter a year between %(lo)d and %(hi)d.") % {"lo": YEARS[0], "hi": YEARS[1]}})
    return int(value)


def _amount(fen, field, label):
    if fen is None or fen <= 0:
        raise ValidationError({field: _("%(label)s must be more than zero.") % {"label": label}})
    if fen >= MAX_FEN:
        raise ValidationError({field: _("The amount is too large.")})
    return fen


# --- construction plans --------------------------------------------------------------------------

@transaction.atomic
def create_plan(*, acting_user, union, kind, target, start_year, end_year, note=""):
    """A target of `target` positions of `kind` in `union`'s subtree over the years given."""
    require(acting_user, "subsidies.add_positionplan", union)
    start_year, end_year = _year(start_year, "start_year"), _year(end_year, "end_year")
    if end_year < start_year:
        raise ValidationError({"end_year": _("The last year cannot be before the first year.")})
    if end_year - start_year > 9:
        raise ValidationError({"end_year": _("A plan spans at most ten years.")})
    if target is None or target < 1 or target > 100_000:
        raise ValidationError({"target": _("The target is a number of positions from 1 to 100,000.")})
    plan = PositionPlan.objects.create(union=union, kind=kind, target=target, start_year=start_year,
                                       end_year=end_year, note=(note or "").strip()[:300], created_by=acting_user)
    _created(plan, acting_user)
    return plan


@transaction.atomic
def delete_plan(plan, *, acting_user, reason=""):
    require(acting_user, "subsidies.delete_positionplan", plan.union, obj=plan)
    audit.record("delete", actor=acting_user, obj=plan, reason=(reason or "").strip()[:200],
                 changes=audit.diff(audit.snapshot(plan), {}))
    plan.delete()


# --- programmes and their budget --------------------------------------------------------------------

def _clean_caps(caps):
    """{PositionKind or its pk: fen} → [(kind, fen)]; an empty or zero cap means none."""
    out = []
    kinds = {k.pk: k for k in PositionKind.objects.all()}
    for key, fen in (caps or {}).items():
        kind = kinds.get(getattr(key, "pk", key))
        if kind is None:
            raise ValidationError({"caps": _("Unknown kind of position: %(kind)s.") % {"kind": key}})
        if fen:
            out.append((kind, _amount(fen, "caps", _("The cap for %(kind)s") % {"kind": kind.name})))
    return out


@transaction.atomic
def create_programme(*, acting_user, owner, name, year, budget_fen, pass_score=60, caps=None, note=""):
    """A year's 以奖代补 programme run by a federation for its subtree, with caps per kind."""
    require(acting_user, "subsidies.add_subsidyprogramme", owner)
    if owner.kind not in PROGRAMME_KINDS:
        raise ValidationError({"owner": _("Award subsidy programmes are run by a federation or a township union; "
                                          "%(name)s is neither.") % {"name": owner.name}})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("The programme needs a name.")})
    year = _year(year, "year")
    budget_fen = _amount(budget_fen, "budget_fen", _("The budget"))
    if pass_score is None or not 0 <= pass_score <= 100:
        raise ValidationError({"pass_score": _("The passing score is between 0 and 100.")})
    caps = _clean_caps(caps)
    programme = SubsidyProgramme.objects.create(owner=owner, name=name[:100], year=year, budget_fen=budget_fen,
                                                pass_score=pass_score, note=(note or "").strip()[:300],
                                                created_by=acting_user)
    KindCap.objects.bulk_create([KindCap(programme=programme, kind=k, max_award_fen=f) for k, f in caps])
    _created(programme, acting_user, caps=[None, {k.code: f for k, f in caps}])
    return programme


@transaction.atomic
def set_budget(programme, *, acting_user, budget_fen):
    """Change the budget; never below what approvals have already committed (one conditional
    UPDATE, so an approval racing with the change cannot slip under it)."""
    require(acting_user, "subsidies.change_subsidyprogramme", programme.owner, obj=programme)
    budget_fen = _amount(budget_fen, "budget_fen", _("The budget"))
    before = SubsidyProgramme.objects.filter(pk=programme.pk).values_list("budget_fen", flat=True).get()
    if not SubsidyProgramme.objects.filter(pk=programme.pk, committed_fen__lte=budget_fen).update(
            budget_fen=budget_fen):
        programme.refresh_from_db()
        raise ValidationError({"budget_fen": _("%(committed)s 元 of this programme is already approved; the budget "
                                               "cannot be smaller.") % {"committed": yuan(programme.committed_fen)}})
    programme.refresh_from_db()
    audit.record("update", actor=acting_user, obj=programme, changes={"budget_fen": [before, budget_fen]})
    return programme


@transaction.atomic
def close_programme(programme, *, acting_user):
    """No new applications; those in progress go on to the end."""
    require(acting_user, "subsidies.change_subsidyprogramme", programme.owner, obj=programme)
    SubsidyProgramme.objects.filter(pk=programme.pk).update(state=SubsidyProgramme.State.CLOSED)
    audit.record("update", actor=acting_user, obj=programme, changes={"state": [programme.state, "closed"]})
    programme.state = SubsidyProgramme.State.CLOSED
    return programme


def draw(programme_id, fen):
    """Commit `fen` of the programme's budget in one conditional UPDATE: it succeeds only while
    the budget still has the room, whatever other transactions do (on PostgreSQL a concurrent
    update waits for the row and re-checks the condition; SQLite writes one at a time). The
    CheckConstraint ``subsidy_budget_never_exceeded`` holds the same line. True when drawn."""
    return SubsidyProgramme.objects.filter(pk=programme_id, committed_fen__lte=F("budget_fen") - fen).update(
        committed_fen=F("committed_fen") + fen) == 1


def release(programme_id, fen):
    SubsidyProgramme.objects.filter(pk=programme_id, committed_fen__gte=fen).update(
        committed_fen=F("committed_fen") - fen)


def _over_budget(programme, fen, field="amount_fen"):
    programme.refresh_from_db()
    message = _("The programme %(name)s has %(left)s 元 of its budget left; %(amount)s 元 would exceed it.") % {
        "name": programme.name, "left": yuan(programme.available_fen), "amount": yuan(fen)}
    return ValidationError({field: message}, code="budget")


def cap_for(programme, kind):
    """The most a position of `kind` may get from `programme` (None: no cap but the budget)."""
    return KindCap.objects.filter(programme=programme, kind=kind).values_list("max_award_fen", flat=True).first()


def _check_cap(programme, kind, fen, field):
    cap = cap_for(programme, kind)
    if cap is not None and fen > cap:
        raise ValidationError({field: _("A %(kind)s gets at most %(cap)s 元 from this programme; %(amount)s 元 is "
                                        "above the cap.") % {"kind": kind.name, "cap": yuan(cap), "amount": yuan(fen)}},
                              code="cap")


# --- applications -------------------------------------------------------------------------------------

def reviewing_union(union):
    """The union above `union`: the one whose staff inspect, approve and pay its applications."""
    above = ancestor_paths(union.path)
    return Union.objects.get(path=above[-1]) if above else None


def _attachments(uploads, *, user, stage, kinds=("image", "pdf")):
    """Unsaved checked attachments; a bad file refuses the whole step before anything is written."""
    out = []
    for upload in uploads or []:
        try:
            out.append(SubsidyAttachment.from_upload(upload, user=user, stage=stage, kinds=kinds))
        except ValidationError as e:
            raise ValidationError({"files": e.messages}) from None
    return out


@transaction.atomic
def apply(*, acting_user, programme, position, requested_fen, statement, uploads=(), union=None):
    """A union's application for a position in its subtree. `union` is the position's owner
    unless a union above it applies on its behalf."""
    union = union or position.union
    require(acting_user, "subsidies.add_awardsubsidy", union)
    if not position.union.path.startswith(union.path):
        raise ValidationError({"position": _("%(position)s is not in the subtree of %(union)s.") % {
            "position": position.name, "union": union.name}})
    owner = programme.owner
    if not union.path.startswith(owner.path) or union.pk == owner.pk:
        raise ValidationError({"programme": _("%(programme)s is for the unions under %(owner)s.") % {
            "programme": programme.name, "owner": owner.name}})
    if programme.state != SubsidyProgramme.State.OPEN:
        raise ValidationError({"programme": _("%(programme)s is closed to new applications.") % {
            "programme": programme.name}})
    if position.status not in (PositionStatus.OPEN, PositionStatus.BUILDING):
        raise ValidationError({"position": _("%(position)s is %(status)s; only open positions and those under "
                                             "construction may apply.") % {
            "position": position.name, "status": position.get_status_display()}})
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError({"statement": _("Describe what was built and what the money is for.")})
    if len(statement) > 2000:
        raise ValidationError({"statement": _("The statement is too long (at most 2,000 characters).")})
    requested_fen = _amount(requested_fen, "requested_fen", _("The amount requested"))
    _check_cap(programme, position.kind, requested_fen, "requested_fen")
    programme.refresh_from_db()
    if requested_fen > programme.available_fen:
        raise _over_budget(programme, requested_fen, "requested_fen")
    files = _attachments(uploads, user=acting_user, stage=SubsidyAttachment.Stage.APPLICATION)
    try:
        with transaction.atomic():
            subsidy = AwardSubsidy.objects.create(programme=programme, position=position, union=union,
                                                  year=programme.year, requested_fen=requested_fen,
                                                  statement=statement, created_by=acting_user)
    except IntegrityError:
        raise ValidationError({"position": _("%(position)s already has an application to %(programme)s; one "
                                             "position applies once per programme.") % {
            "position": position.name, "programme": programme.name}}, code="duplicate") from None
    for f in files:
        f.subsidy = subsidy
        f.save()
    _created(subsidy, acting_user, files=[None, [f.name for f in files]])
    return subsidy


def _locked(subsidy, acting_user, perm):
    """The application locked for one step, after checking `perm` on the union above the applicant."""
    subsidy = (AwardSubsidy.objects.select_for_update(of=("self",))
               .select_related("union", "programme", "programme__owner", "position", "position__kind")
               .get(pk=subsidy.pk))
    require(acting_user, perm, reviewing_union(subsidy.union), obj=subsidy)
    return subsidy


def _opinion(opinion, required):
    opinion = (opinion or "").strip()
    if required and not opinion:
        raise ValidationError({"opinion": _("Please give the reason; the applying union will see it.")})
    if len(opinion) > 300:
        raise ValidationError({"opinion": _("The opinion is too long (at most 300 characters).")})
    return opinion


def _save(subsidy, before, acting_user, fields, reason=""):
    subsidy.save(update_fields=fields)
    audit.record("update", actor=acting_user, obj=subsidy, reason=reason,
                 changes=audit.diff(before, audit.snapshot(subsidy)))
    return subsidy


def _clean_checklist(kind, checklist):
    """The kind's standard as {code: true/false}; `checklist` names the items found (codes, or
    a {code: bool} dict). An item outside the standard is refused."""
    standard = [item["code"] for item in kind.facilities or [] if isinstance(item, dict) and item.get("code")]
    found = {c for c, ok in checklist.items() if ok} if isinstance(checklist, dict) else set(checklist or [])
    unknown = sorted(found - set(standard))
    if unknown:
        raise ValidationError({"checklist": _("%(item)s is not in the facilities standard of %(kind)s.") % {
            "item": unknown[0], "kind": kind.name}})
    return {code: code in found for code in standard}


@transaction.atomic
def inspect(subsidy, *, acting_user, score, checklist=(), comment="", proposed_fen=None, photos=()):
    """The union above inspects the position: the facilities checklist, photos, a score from 0
    to 100 and the award it proposes. Inspected again, the new record replaces the old."""
    subsidy = _locked(subsidy, acting_user, "subsidies.inspect_awardsubsidy")
    if subsidy.state not in (State.SUBMITTED, State.INSPECTED):
        raise ValidationError(_("This application has already been decided."))
    if score is None or isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        raise ValidationError({"score": _("The score is a whole number from 0 to 100.")})
    checks = _clean_checklist(subsidy.position.kind, checklist)
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise ValidationError({"comment": _("The comment is too long (at most 500 characters).")})
    proposed_fen = subsidy.requested_fen if proposed_fen is None else proposed_fen
    _amount(proposed_fen, "proposed_fen", _("The award proposed"))
    if proposed_fen > subsidy.requested_fen:
        raise ValidationError({"proposed_fen": _("The award proposed (%(amount)s 元) is more than the union asked "
                                                 "for (%(requested)s 元).") % {
            "amount": yuan(proposed_fen), "requested": yuan(subsidy.requested_fen)}})
    _check_cap(subsidy.programme, subsidy.position.kind, proposed_fen, "proposed_fen")
    files = _attachments(photos, user=acting_user, stage=SubsidyAttachment.Stage.INSPECTION, kinds=("image",))
    before = audit.snapshot(subsidy)
    subsidy.state, subsidy.score, subsidy.checklist = State.INSPECTED, score, checks
    subsidy.inspection_comment, subsidy.proposed_fen = comment, proposed_fen
    subsidy.inspected_by, subsidy.inspected_at = acting_user, timezone.now()
    for f in files:
        f.subsidy = subsidy
        f.save()
    return _save(subsidy, before, acting_user, ["state", "score", "checklist", "inspection_comment", "proposed_fen",
                                                "inspected_by", "inspected_at"],
                 reason=f"+{len(files)} photo(s)" if files else "")


@transaction.atomic
def approve(subsidy, *, acting_user, amount_fen=None, opinion=""):
    """Approve the award (the proposed one unless `amount_fen` is given) and commit it on the
    programme's budget; refused, with nothing changed, when the budget has not the room."""
    opinion = _opinion(opinion, required=False)
    subsidy = _locked(subsidy, acting_user, "subsidies.approve_awardsubsidy")
    require_other_than(acting_user, subsidy.created_by_id, _("application"))
    if subsidy.state == State.SUBMITTED:
        raise ValidationError(_("Inspect the position before approving the award."))
    if subsidy.state != State.INSPECTED:
        raise ValidationError(_("This application has already been decided."))
    programme = subsidy.programme
    if subsidy.score < programme.pass_score:
        raise ValidationError({"score": _("The inspection scored %(score)d, below the passing score of %(pass)d; "
                                          "reject the application or inspect again.") % {
            "score": subsidy.score, "pass": programme.pass_score}})
    fen = _amount(subsidy.proposed_fen if amount_fen is None else amount_fen, "amount_fen", _("The award"))
    if fen > subsidy.requested_fen:
        raise ValidationError({"amount_fen": _("The award (%(amount)s 元) is more than the union asked for "
                                               "(%(requested)s 元).") % {
            "amount": yuan(fen), "requested": yuan(subsidy.requested_fen)}})
    _check_cap(programme, subsidy.position.kind, fen, "amount_fen")
    if not draw(programme.pk, fen):
        raise _over_budget(programme, fen)
    before = audit.snapshot(subsidy)
    subsidy.state, subsidy.approved_fen, subsidy.opinion = State.APPROVED, fen, opinion
    subsidy.reviewed_by, subsidy.reviewed_at = acting_user, timezone.now()
    return _save(subsidy, before, acting_user, ["state", "approved_fen", "opinion", "reviewed_by", "reviewed_at"],
                 reason=opinion)


@transaction.atomic
def reject(subsidy, *, acting_user, opinion):
    """Reject an application, or withdraw an approval not yet paid (its amount goes back)."""
    opinion = _opinion(opinion, required=True)
    subsidy = _locked(subsidy, acting_user, "subsidies.approve_awardsubsidy")
    require_other_than(acting_user, subsidy.created_by_id, _("application"))
    if subsidy.state not in (State.SUBMITTED, State.INSPECTED, State.APPROVED):
        raise ValidationError(_("This application can no longer be rejected."))
    if subsidy.state == State.APPROVED:
        release(subsidy.programme_id, subsidy.approved_fen)
    before = audit.snapshot(subsidy)
    subsidy.state, subsidy.opinion = State.REJECTED, opinion
    subsidy.reviewed_by, subsidy.reviewed_at = acting_user, timezone.now()
    return _save(subsidy, before, acting_user, ["state", "opinion", "reviewed_by", "reviewed_at"], reason=opinion)


def review(subsidy, *, acting_user, approve_it, opinion="", amount_fen=None):
    if approve_it:
        return approve(subsidy, acting_user=acting_user, opinion=opinion, amount_fen=amount_fen)
    return reject(subsidy, acting_user=acting_user, opinion=opinion)


@transaction.atomic
def pay(subsidy, *, acting_user, paid_on, voucher_no):
    """Record that the approved award was paid: the date and the accounting voucher number."""
    subsidy = _locked(subsidy, acting_user, "subsidies.pay_awardsubsidy")
    if subsidy.state != State.APPROVED:
        raise ValidationError(_("Only an approved award is paid."))
    voucher_no = (voucher_no or "").strip()
    if not voucher_no:
        raise ValidationError({"voucher_no": _("Enter the voucher number of the payment.")})
    if len(voucher_no) > 40:
        raise ValidationError({"voucher_no": _("The voucher number is too long (at most 40 characters).")})
    if not isinstance(paid_on, datetime.date):
        raise ValidationError({"paid_on": _("Enter the date of the payment.")})
    not_in_future(paid_on, field="paid_on", label=_("Paid on"))
    if subsidy.reviewed_at and paid_on < timezone.localtime(subsidy.reviewed_at).date():
        raise ValidationError({"paid_on": _("The payment date cannot be before the approval (%(day)s).") % {
            "day": dates.show(subsidy.reviewed_at, with_time=False)}})
    before = audit.snapshot(subsidy)
    subsidy.state, subsidy.paid_on, subsidy.voucher_no, subsidy.paid_by = State.PAID, paid_on, voucher_no, acting_user
    return _save(subsidy, before, acting_user, ["state", "paid_on", "voucher_no", "paid_by"])

