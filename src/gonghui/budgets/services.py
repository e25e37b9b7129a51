"""Every write of the budgets app, with its rules and audit record: budgets and their approval
(four-eyes), adjustments, spending entries with the cap check, their approval against the line,
and the 经审 committee's audits, findings, rectification and report.

Two guarantees hold under concurrency: a line is never spent past its amount (approval is one
conditional UPDATE, re-checked by PostgreSQL after a concurrent update; a CHECK constraint
backs it), and a member's allowance is checked with the member's row locked, so two clerks
entering gifts for the same person at once are served one after the other.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import require, require_other_than
from gonghui.core.money import yuan
from gonghui.members.models import Member
from gonghui.rules import deadlines

from . import caps
from .models import (
    Adjustment,
    Benefit,
    Budget,
    BudgetLine,
    Category,
    Finding,
    FindingEvidence,
    Form,
    FundAudit,
    Spending,
    SpendingAttachment,
)

AUDIT_PERM = "budgets.audit_fundaudit"


def _year(year):
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    return year


# --- budgets -------------------------------------------------------------------------------------

@transaction.atomic
def create_budget(*, acting_user, union, year, lines, note=""):
    """A draft budget of `union` for `year`; `lines` maps a category to its amount in fen."""
    require(acting_user, "budgets.add_budget", union)
    _year(year)
    clean = {}
    for category, fen in (lines or {}).items():
        if category not in Category.values:
            raise ValidationError({"lines": _("Unknown spending category: %(c)s.") % {"c": category}})
        if fen is None or fen < 0:
            raise ValidationError({category: _("Enter the amount in yuan (zero or more).")})
        if fen:
            clean[category] = fen
    if not clean:
        raise ValidationError({"lines": _("Give at least one category an amount.")})
    if Budget.objects.filter(union=union, year=year).exists():
        raise ValidationError({"year": _("%(union)s already has a budget for %(year)s; adjust it instead.") % {
            "union": union.name, "year": year}})
    budget = Budget.objects.create(union=union, year=year, note=(note or "")[:300], created_by=acting_user)
    BudgetLine.objects.bulk_create([BudgetLine(budget=budget, category=c, amount_fen=f) for c, f in clean.items()])
    audit.record("create", actor=acting_user, obj=budget, changes={"lines": clean})
    return budget


def _locked_budget(budget, acting_user, perm="budgets.change_budget"):
    budget = Budget.objects.select_for_update().select_related("union").get(pk=budget.pk)
    require(acting_user, perm, budget.union, obj=budget)
    return budget


@transaction.atomic
def submit_budget(budget, *, acting_user):
    budget = _locked_budget(budget, acting_user)
    if budget.state != Budget.State.DRAFT:
        raise ValidationError(_("Only a draft budget can be submitted."))
    budget.state, budget.submitted_by = Budget.State.SUBMITTED, acting_user
    budget.save(update_fields=["state", "submitted_by"])
    audit.record("update", actor=acting_user, obj=budget, changes={"state": ["draft", "submitted"]})
    return budget


@transaction.atomic
def approve_budget(budget, *, acting_user):
    """The committee's approval: by someone who neither drafted nor submitted the budget."""
    budget = _locked_budget(budget, acting_user)
    require_other_than(acting_user, [budget.created_by_id, budget.submitted_by_id], _("budget"))
    if budget.state != Budget.State.SUBMITTED:
        raise ValidationError(_("Only a submitted budget can be approved."))
    budget.state, budget.approved_by, budget.approved_at = Budget.State.APPROVED, acting_user, timezone.now()
    budget.save(update_fields=["state", "approved_by", "approved_at"])
    audit.record("update", actor=acting_user, obj=budget, changes={"state": ["submitted", "approved"]})
    return budget


@transaction.atomic
def propose_adjustment(line, *, acting_user, delta_fen, reason):
    """Ask to move a line of an approved budget by `delta_fen` (more or less)."""
    line = BudgetLine.objects.select_related("budget__union").get(pk=line.pk)
    require(acting_user, "budgets.add_adjustment", line.budget.union, obj=line)
    if line.budget.state != Budget.State.APPROVED:
        raise ValidationError(_("Only an approved budget is adjusted; change the draft instead."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the adjustment.")})
    if not delta_fen:
        raise ValidationError({"delta": _("Enter the change in yuan (more or less than zero).")})
    if line.amount_fen + delta_fen < line.spent_fen:
        raise ValidationError({"delta": _("%(spent)s 元 of this line is already spent; it cannot be made smaller "
                                          "than that.") % {"spent": yuan(line.spent_fen)}})
    adj = Adjustment.objects.create(line=line, delta_fen=delta_fen, reason=reason[:300], submitted_by=acting_user)
    audit.record("create", actor=acting_user, obj=adj, changes={"delta_fen": delta_fen, "reason": reason})
    return adj


@transaction.atomic
def decide_adjustment(adjustment, *, acting_user, approve):
    """Approve (the line moves, in one conditional UPDATE) or reject an adjustment; never by
    its submitter."""
    adj = Adjustment.objects.select_for_update(of=("self",)).select_related("line__budget__union").get(
        pk=adjustment.pk)
    require(acting_user, "budgets.change_adjustment", adj.line.budget.union, obj=adj)
    require_other_than(acting_user, adj.submitted_by_id, _("budget adjustment"))
    if adj.state != Adjustment.State.SUBMITTED:
        raise ValidationError(_("This adjustment has already been decided."))
    if approve:
        moved = BudgetLine.objects.filter(pk=adj.line_id, spent_fen__lte=F("amount_fen") + adj.delta_fen).update(
            amount_fen=F("amount_fen") + adj.delta_fen)
        if not moved:
            raise ValidationError({"delta": _("The line has been spent past what this adjustment would leave.")})
    adj.state = Adjustment.State.APPROVED if approve else Adjustment.State.REJECTED
    adj.decided_by, adj.decided_at = acting_user, timezone.now()
    adj.save(update_fields=["state", "decided_by", "decided_at"])
    audit.record("update", actor=acting_user, obj=adj, changes={"state": ["submitted", adj.state]})
    return adj


@transaction.atomic
def send_accounts_to_congress(budget, *, acting_user, sent_on):
    """Mark the final accounts (决算) as put before the congress. 工会法 第四十五条: the 经审
    committee reviews the budget's execution and reports to the congress, so not before its
    yearly audit of this union and year has issued its report."""
    budget = _locked_budget(budget, acting_user)
    review = (FundAudit.objects.filter(union=budget.union, year=budget.year, kind=FundAudit.Kind.YEARLY,
                                       state=FundAudit.State.REPORTED).order_by("-reported_on").first())
    if review is None:
        raise ValidationError(_("The final accounts of %(year)s cannot go to the congress before the 经审 committee "
                                "has reviewed them: its yearly audit has not issued a report (工会法 第四十五条).") % {
            "year": budget.year})
    if sent_on is None or sent_on < review.reported_on:
        raise ValidationError({"sent_on": _("The accounts go to the congress on or after the 经审 report of "
                                            "%(day)s.") % {"day": review.reported_on.isoformat()}})
    budget.accounts_audit, budget.sent_to_congress_on = review, sent_on
    budget.save(update_fields=["accounts_audit", "sent_to_congress_on"])
    audit.record("update", actor=acting_user, obj=budget, changes={"sent_to_congress_on": [None, str(sent_on)]})
    return budget


# --- spending ------------------------------------------------------------------------------------

def _line_for(union, category, on):
    budget = Budget.objects.filter(union=union, year=on.year).first()
    if budget is None or budget.state != Budget.State.APPROVED:
        raise ValidationError({"line": _("%(union)s has no approved budget for %(year)s: spending is entered "
                                         "against an approved budget.") % {"union": union.name, "year": on.year}})
    line = BudgetLine.objects.filter(budget=budget, category=category).first()
    if line is None:
        raise ValidationError({"line": _("The %(year)s budget has no line for %(category)s; an approved adjustment "
                                         "is needed first.") % {"year": on.year,
                                                                 "category": Category(category).label}})
    return line


def _over_line(line, fen, pending=0):
    return ValidationError({"amount": _("%(amount)s 元 would overspend the line %(category)s: %(left)s 元 left of "
                                        "%(total)s 元. An approved budget adjustment is needed first.") % {
        "amount": yuan(fen), "category": Category(line.category).label, "left": yuan(line.left_fen - pending),
        "total": yuan(line.amount_fen)}}, code="over_budget")


def room_left(union, category, on):
    """(line, fen) of `union`'s approved budget line for `category` in `on`'s year, less the
    entries still waiting for approval; refuses (as ``enter_spending`` does) when there is no
    such line. For a batch (a voucher issue, a mall order) to refuse its total at once."""
    line = _line_for(union, category, on)
    pending = line.spendings.filter(state=Spending.State.SUBMITTED).aggregate(s=Sum("amount_fen"))["s"] or 0
    return line, line.left_fen - pending


@transaction.atomic
def enter_spending(*, acting_user, union, category, spent_on, amount_fen, purpose, member=None, benefit="",
                   festival="", form=Form.GOODS, occasion_on=None, files=(), origin=""):
    """Enter a spending entry (submitted; a colleague approves it). A benefit to one member is
    checked against the member's allowance (``caps.check``) with the member's row locked; an
    amount past the line's room is refused already here. Returns (spending, allowance or None)."""
    require(acting_user, "budgets.add_spending", union)
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("Say what the money was spent on.")})
    if spent_on is None:
        raise ValidationError({"spent_on": _("Enter the date of the spending.")})
    if amount_fen is None or amount_fen <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")})
    if category not in Category.values:
        raise ValidationError({"category": _("Choose a spending category.")})
    line = _line_for(union, category, spent_on)
    # What is left, less the entries still waiting for approval: an entry that cannot be paid
    # from the line is refused at once (the approval's conditional UPDATE stays the guarantee).
    pending = line.spendings.filter(state=Spending.State.SUBMITTED).aggregate(s=Sum("amount_fen"))["s"] or 0
    if amount_fen > line.left_fen - pending:
        raise _over_line(line, amount_fen, pending)
    allowance = None
    benefit = benefit or ""
    if benefit and benefit not in caps.CAP_RULES:
        raise ValidationError({"benefit": _("Choose what kind of benefit this is.")})
    if member is not None or benefit:
        caps.refuse_forbidden_form(form)
    if benefit:
        if member is None:
            raise ValidationError({"member": _("Name the member who receives the benefit.")})
        if not member.union.path.startswith(union.path):
            raise ValidationError({"member": _("%(name)s is not a member of %(union)s or a union under it.") % {
                "name": member.name, "union": union.name}})
        # Lock the member's row: concurrent entries for one person are checked one after the other.
        Member.objects.select_for_update().filter(pk=member.pk).first()
        allowance = caps.check(member, benefit, amount_fen, spent_on, form=form, festival=festival,
                               occasion_on=occasion_on)
    spending = Spending.objects.create(
        union=union, line=line, spent_on=spent_on, amount_fen=amount_fen, purpose=purpose[:200], member=member,
        benefit=benefit, festival=festival if benefit == Benefit.FESTIVAL else "", form=form,
        occasion_on=(occasion_on or spent_on) if benefit and benefit not in caps.YEARLY + caps.ONCE else None,
        origin=origin[:80], cap_note=allowance.text[:300] if allowance else "", entered_by=acting_user)
    for upload in files or ():
        SpendingAttachment.from_upload(upload, user=acting_user, spending=spending).save()
    audit.record("create", actor=acting_user, obj=spending,
                 changes={"amount_fen": amount_fen, "category": category, "benefit": benefit,
                          "member": member.number if member else "", "allowance": spending.cap_note})
    return spending, allowance


def _locked_spending(spending, acting_user):
    spending = Spending.objects.select_for_update(of=("self",)).select_related("union", "line").get(pk=spending.pk)
    require(acting_user, "budgets.change_spending", spending.union, obj=spending)
    return spending


@transaction.atomic
def approve_spending(spending, *, acting_user):
    """Approve an entry and draw it from its line in one conditional UPDATE: it succeeds only
    while the line has the room, whatever other approvals run at the same moment."""
    spending = _locked_spending(spending, acting_user)
    require_other_than(acting_user, spending.entered_by_id, _("spending entry"))
    if spending.state != Spending.State.SUBMITTED:
        raise ValidationError(_("This spending entry has already been decided."))
    drawn = BudgetLine.objects.filter(pk=spending.line_id, spent_fen__lte=F("amount_fen") - spending.amount_fen) \
        .update(spent_fen=F("spent_fen") + spending.amount_fen)
    if not drawn:
        spending.line.refresh_from_db()
        raise _over_line(spending.line, spending.amount_fen)
    spending.state, spending.approved_by, spending.approved_at = Spending.State.APPROVED, acting_user, timezone.now()
    spending.save(update_fields=["state", "approved_by", "approved_at"])
    audit.record("update", actor=acting_user, obj=spending, changes={"state": ["submitted", "approved"]})
    return spending


@transaction.atomic
def reject_spending(spending, *, acting_user, reason):
    spending = _locked_spending(spending, acting_user)
    require_other_than(acting_user, spending.entered_by_id, _("spending entry"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    if spending.state != Spending.State.SUBMITTED:
        raise ValidationError(_("This spending entry has already been decided."))
    spending.state = Spending.State.REJECTED
    spending.save(update_fields=["state"])
    audit.record("update", actor=acting_user, obj=spending, reason=reason,
                 changes={"state": ["submitted", "rejected"]})
    return spending


@transaction.atomic
def return_unspent(spending, *, amount_fen, reason, acting_user=None):
    """Give `amount_fen` of an approved entry back to its line, and to the member's allowance:
    what a member did not spend of an expired voucher (mall). One conditional UPDATE on the
    line; the entry keeps what was spent, or, when nothing was, becomes "returned unspent"."""
    spending = Spending.objects.select_for_update(of=("self",)).get(pk=spending.pk)
    if spending.state != Spending.State.APPROVED or not 0 < amount_fen <= spending.amount_fen:
        raise ValidationError(_("Only an approved entry gives back, and at most its amount."))
    back = BudgetLine.objects.filter(pk=spending.line_id, spent_fen__gte=amount_fen) \
        .update(spent_fen=F("spent_fen") - amount_fen)
    if not back:
        raise ValidationError(_("The line has less spent than the amount to give back."))
    before = spending.amount_fen
    if amount_fen == before:
        spending.state = Spending.State.RETURNED
    else:
        spending.amount_fen = before - amount_fen
    spending.save(update_fields=["state", "amount_fen"])
    audit.record("update", actor=acting_user, obj=spending, reason=reason,
                 changes={"amount_fen": [before, spending.amount_fen], "returned_fen": amount_fen,
                          "state": spending.state})
    return spending


# --- 经审: fund audits -----------------------------------------------------------------------------

@transaction.atomic
def open_audit(*, acting_user, union, year, kind, subject="", started_on=None):
    """Start an audit of `union`'s funds (the 经审 committee, or a higher union's on its behalf)."""
    require(acting_user, AUDIT_PERM, union)
    _year(year)
    if kind not in FundAudit.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of audit.")})
    subject = (subject or "").strip()
    if kind == FundAudit.Kind.DEPARTURE and not subject:
        raise ValidationError({"subject": _("Name the chair leaving office whose term is audited.")})
    a = FundAudit.objects.create(union=union, year=year, kind=kind, subject=subject[:150],
                                 started_on=started_on or timezone.localdate(), created_by=acting_user)
    audit.record("create", actor=acting_user, obj=a, changes={"kind": kind, "year": year, "subject": subject})
    return a


def _locked_audit(fund_audit, acting_user):
    a = FundAudit.objects.select_for_update().select_related("union").get(pk=fund_audit.pk)
    require(acting_user, AUDIT_PERM, a.union, obj=a)
    return a


@transaction.atomic
def add_finding(fund_audit, *, acting_user, title, amount_fen, evidence, rectify_by, files=()):
    """A finding, with its rectification deadline tracked as a Deadline row of the audited union."""
    a = _locked_audit(fund_audit, acting_user)
    if a.state != FundAudit.State.OPEN:
        raise ValidationError(_("The report of this audit is issued; open a special audit for new findings."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Say what was found.")})
    if amount_fen is None or amount_fen < 0:
        raise ValidationError({"amount": _("Enter the amount concerned in yuan (zero or more).")})
    if rectify_by is None or rectify_by < timezone.localdate():
        raise ValidationError({"rectify_by": _("The rectification deadline must be today or later.")})
    f = Finding.objects.create(audit=a, title=title[:200], amount_fen=amount_fen, evidence=(evidence or "").strip(),
                               rectify_by=rectify_by, created_by=acting_user)
    for upload in files or ():
        FindingEvidence.from_upload(upload, user=acting_user, finding=f).save()
    from django.urls import reverse

    deadlines.track(f, kind="audit_rectification", started_on=timezone.localdate(), due_on=rectify_by,
                    union=a.union, title=_("Rectify: %(title)s") % {"title": f.title},
                    url=reverse("budgets:audit_detail", args=[a.pk]))
    audit.record("create", actor=acting_user, obj=f, changes={"title": f.title, "amount_fen": amount_fen,
                                                               "rectify_by": str(rectify_by)})
    return f


@transaction.atomic
def record_rectification(finding, *, acting_user, rectified_on, rectification):
    f = Finding.objects.select_for_update(of=("self",)).select_related("audit__union").get(pk=finding.pk)
    require(acting_user, AUDIT_PERM, f.audit.union, obj=f)
    text = (rectification or "").strip()
    if not text:
        raise ValidationError({"rectification": _("Say what was done to rectify it.")})
    if rectified_on is None or rectified_on > timezone.localdate():
        raise ValidationError({"rectified_on": _("The rectification date cannot be in the future.")})
    if f.rectified_on:
        raise ValidationError(_("This finding is already rectified."))
    f.rectified_on, f.rectification = rectified_on, text[:300]
    f.save(update_fields=["rectified_on", "rectification"])
    deadlines.close(f, "audit_rectification")
    audit.record("update", actor=acting_user, obj=f, changes={"rectified_on": [None, str(rectified_on)]})
    return f


@transaction.atomic
def issue_report(fund_audit, *, acting_user, report, reported_on=None):
    """Issue the audit report. A yearly audit's report is the 经审 review the final accounts of
    that union and year need before they go to the congress."""
    a = _locked_audit(fund_audit, acting_user)
    if a.state != FundAudit.State.OPEN:
        raise ValidationError(_("The report of this audit is already issued."))
    report = (report or "").strip()
    if len(report) < 10:
        raise ValidationError({"report": _("Write the audit report (at least 10 characters).")})
    reported_on = reported_on or timezone.localdate()
    if reported_on < a.started_on or reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("The report date lies between the start of the audit and today.")})
    a.state, a.report, a.reported_on = FundAudit.State.REPORTED, report, reported_on
    a.save(update_fields=["state", "report", "reported_on"])
    audit.record("update", actor=acting_user, obj=a, changes={"state": ["open", "reported"]})
    return a

