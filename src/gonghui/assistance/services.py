"""Every write of the assistance app, with its rules and its audit record: programmes and their
budgets, applications and their review, 公示, payment batches, the bank's result, re-issues and
condolence visits.

Each public function checks the acting user's right on the union concerned, refuses bad input
with a Chinese message naming the field before anything is written, and runs in one
transaction. Bank accounts reach the trail only masked.
"""

import datetime
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import ancestor_paths, can, refuse, require, require_other_than
from gonghui.core.dates import not_in_future
from gonghui.core.money import to_fen, validate_bank_account, yuan
from gonghui.hardship.queries import active_categories
from gonghui.members.models import IN_GOOD_STANDING
from gonghui.notices.services import notify

from .models import (
    AmountRule,
    ApplicationAttachment,
    AssistanceApplication,
    AssistancePolicy,
    AttachmentKind,
    PaymentBatch,
    PaymentLine,
    Programme,
    ProgrammeBudget,
    SchoolLevel,
    Visit,
    VisitPhoto,
)

State = AssistanceApplication.State
# What an application has drawn from its budget while it is in one of these states.
DRAWN = (State.APPROVED, State.PUBLICITY, State.BATCHED, State.PAID, State.FAILED)


def _paths_up(union):
    """The union's path and every ancestor's, nearest first."""
    return [union.path, *reversed(ancestor_paths(union.path))]


def _in_subtree(union, top):
    return union.path.startswith(top.path)


# --- budgets ---------------------------------------------------------------------------------

def nearest_budget(programme, union, *, above=False):
    """The budget an application of `union` draws on: the union's own, else the nearest above
    (with `above`, only those above it)."""
    paths = _paths_up(union)[1:] if above else _paths_up(union)
    budgets = {b.union.path: b for b in ProgrammeBudget.objects.filter(
        programme=programme, union__path__in=paths).select_related("union")}
    return next((budgets[p] for p in paths if p in budgets), None)


def draw(budget_id, fen):
    """Commit `fen` of a budget in one conditional UPDATE: it succeeds only while the budget
    still has the room, whatever other transactions are doing (on PostgreSQL a concurrent
    update waits for the row and re-checks the condition). True when drawn."""
    if fen == 0:
        return True
    return ProgrammeBudget.objects.filter(pk=budget_id, committed_fen__lte=F("amount_fen") - fen).update(
        committed_fen=F("committed_fen") + fen) == 1


def release(budget_id, fen):
    if fen:
        ProgrammeBudget.objects.filter(pk=budget_id, committed_fen__gte=fen).update(
            committed_fen=F("committed_fen") - fen)


def _over_budget_error(budget, fen):
    budget.refresh_from_db()
    return ValidationError({"amount": _("The budget of %(union)s for this programme has %(left)s 元 left; "
                                        "%(amount)s 元 would exceed it.") % {
        "union": budget.union.name, "left": yuan(budget.available_fen), "amount": yuan(fen)}}, code="budget")


@transaction.atomic
def set_budget(*, acting_user, programme, union, amount_fen):
    """Give `union` its part of the programme's money. The owner's budget is the whole; a part
    for a union below is drawn from the nearest budget above it, so the parts never add up to
    more than the whole. Changing a budget draws or gives back the difference."""
    require(acting_user, "assistance.change_programme", programme.owner, obj=programme)
    require(acting_user, "assistance.add_programmebudget", union, obj=programme)
    if not _in_subtree(union, programme.owner):
        raise ValidationError({"union": _("%(name)s is not under %(owner)s, which runs this programme.") % {
            "name": union.name, "owner": programme.owner.name}})
    if amount_fen is None or amount_fen < 0:
        raise ValidationError({"amount": _("Enter the budget in yuan (zero or more).")})
    budget = ProgrammeBudget.objects.select_for_update().filter(programme=programme, union=union).first()
    parent = None if union.pk == programme.owner_id else nearest_budget(programme, union, above=True)
    if union.pk != programme.owner_id and parent is None:
        raise ValidationError({"union": _("Give %(owner)s a budget for this programme first.") % {
            "owner": programme.owner.name}})
    before = budget.amount_fen if budget else 0
    if budget is not None and amount_fen < budget.committed_fen:
        raise ValidationError({"amount": _("%(committed)s 元 of this budget is already committed; the budget cannot "
                                           "be smaller.") % {"committed": yuan(budget.committed_fen)}})
    delta = amount_fen - before
    if parent is not None:
        if delta > 0 and not draw(parent.pk, delta):
            raise _over_budget_error(parent, delta)
        release(parent.pk, -delta if delta < 0 else 0)
    if budget is None:
        budget = ProgrammeBudget.objects.create(programme=programme, union=union, parent=parent,
                                                amount_fen=amount_fen)
    else:
        ProgrammeBudget.objects.filter(pk=budget.pk).update(amount_fen=amount_fen)
        budget.refresh_from_db()
    audit.record("update" if before else "create", actor=acting_user, obj=budget,
                 changes={"amount_fen": [before, amount_fen]})
    return budget


# --- programmes ------------------------------------------------------------------------------

def _clean_rules(rules):
    """[(school level or "", True/False/None, fen)] → AmountRule kwargs; refuses duplicates."""
    out, seen = [], set()
    for level, with_file, fen in rules or []:
        level = level or ""
        if level and level not in SchoolLevel.values:
            raise ValidationError({"amount_rules": _("Unknown school level: %(level)s.") % {"level": level}})
        if fen is None or fen <= 0:
            raise ValidationError({"amount_rules": _("Every amount rule needs an amount above zero.")})
        if (level, with_file) in seen:
            raise ValidationError({"amount_rules": _("Two amount rules cover the same case.")})
        seen.add((level, with_file))
        out.append({"school_level": level, "with_hardship_file": with_file, "amount_fen": fen})
    return out


@transaction.atomic
def create_programme(*, acting_user, owner, name, kind, year, opens_on, closes_on, budget_fen=None,
                     amount_rules=(), **fields):
    """A new programme run by `owner` for its subtree, with the owner's budget and the amount rules."""
    require(acting_user, "assistance.add_programme", owner)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("The programme needs a name.")})
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": _("The programme cannot close before it opens.")})
    for key in ("default_amount_fen", "per_person_limit_fen"):
        if fields.get(key) is not None and fields[key] < 0:
            raise ValidationError({key: _("The amount cannot be negative.")})
    bad = [k for k in fields.get("required_attachments", []) if k not in AttachmentKind.values]
    if bad:
        raise ValidationError({"required_attachments": _("Unknown attachment kind: %(kind)s.") % {"kind": bad[0]}})
    rules = _clean_rules(amount_rules)
    programme = Programme.objects.create(owner=owner, name=name, kind=kind, year=year, opens_on=opens_on,
                                         closes_on=closes_on, created_by=acting_user, **fields)
    AmountRule.objects.bulk_create([AmountRule(programme=programme, **r) for r in rules])
    audit.record("create", actor=acting_user, obj=programme, changes=audit.diff({}, audit.snapshot(programme))
                 | {"amount_rules": [None, [[r["school_level"], r["with_hardship_file"], r["amount_fen"]]
                                            for r in rules]]})
    if budget_fen is not None:
        set_budget(acting_user=acting_user, programme=programme, union=owner, amount_fen=budget_fen)
    return programme


@transaction.atomic
def close_programme(programme, *, acting_user):
    require(acting_user, "assistance.change_programme", programme.owner, obj=programme)
    Programme.objects.filter(pk=programme.pk).update(state=Programme.State.CLOSED)
    audit.record("update", actor=acting_user, obj=programme, changes={"state": [programme.state, "closed"]})
    programme.state = Programme.State.CLOSED
    return programme


# --- eligibility and amounts -----------------------------------------------------------------

@dataclass
class Case:
    """What the rules know of one applicant."""
    category: str  # the active hardship file's category, "" without one
    eligible: bool
    why_not: str = ""

    @property
    def with_file(self):
        return bool(self.category) and self.category != "none"


def assess(programme, member, categories=None):
    """Whether `member` may get `programme`, as a Case. `categories` is {member id: category}
    from hardship.queries.active_categories (passed in when assessing many at once)."""
    if categories is None:
        categories = active_categories([member.pk])
    category = categories.get(member.pk, "")
    if member.status not in IN_GOOD_STANDING:
        return Case(category, False, _("%(name)s is not a member in good standing.") % {"name": member.name})
    if not _in_subtree(member.union, programme.owner):
        return Case(category, False, _("%(name)s's union is not under %(owner)s, which runs this programme.") % {
            "name": member.name, "owner": programme.owner.name})
    groups = [programme.any_member,
              bool(category) and category in (programme.hardship_categories or []),
              programme.model_workers and member.is_model_worker,
              programme.gig_workers and member.is_gig_worker,
              programme.migrant_workers and member.is_migrant_worker]
    if not any(groups):
        return Case(category, False, _("%(name)s is not in a group this programme helps (%(groups)s).") % {
            "name": member.name, "groups": audience_label(programme)})
    return Case(category, True)


def audience_label(programme):
    from .models import HARDSHIP_CATEGORIES

    labels = dict(HARDSHIP_CATEGORIES)
    parts = [str(labels.get(c, c)) for c in programme.hardship_categories or []]
    if programme.model_workers:
        parts.append(_("model workers"))
    if programme.gig_workers:
        parts.append(_("gig workers"))
    if programme.migrant_workers:
        parts.append(_("migrant workers"))
    if programme.any_member:
        parts = [_("any member in good standing")]
    return "、".join(parts) or "—"


def rule_amount(programme, school_level, with_file):
    """The amount the rules give this case (the most specific matching rule), or None when the
    programme has rules and none matches; without rules, the programme's standard amount."""
    rules = list(programme.amount_rules.all())
    if not rules:
        return programme.default_amount_fen
    matching = [r for r in rules if r.matches(school_level, with_file)]
    if not matching:
        return None
    return max(matching, key=lambda r: r.specificity).amount_fen


def _received_in_year(member, year, exclude_pk=None):
    """What the member has been granted this year across programmes (applications past approval,
    household visits)."""
    apps = AssistanceApplication.objects.filter(member=member, year=year, state__in=DRAWN)
    if exclude_pk:
        apps = apps.exclude(pk=exclude_pk)
    given = apps.aggregate(s=Sum("amount_fen"))["s"] or 0
    visits = Visit.objects.filter(member=member, visited_on__year=year).aggregate(s=Sum("amount_fen"))["s"] or 0
    return given + visits


def cap_check(member, year, amount_fen, exclude_pk=None):
    """(over the cap?, note) for granting `amount_fen` more this year."""
    cap, source = AssistancePolicy.cap_and_source(year)
    total = _received_in_year(member, year, exclude_pk) + amount_fen
    if total <= cap:
        return False, ""
    return True, _("%(total)s 元 this year across programmes, above the yearly cap of %(cap)s 元 (source: "
                   "%(source)s).") % {"total": yuan(total), "cap": yuan(cap), "source": source}


# --- applications ----------------------------------------------------------------------------

def clean_bank(bank_name, bank_account, account_holder, needed):
    """(bank name, account digits, holder) checked, errors keyed by those field names; also used
    for the account of a small-firm refund's receiving union (funds)."""
    bank_name, account_holder = (bank_name or "").strip(), (account_holder or "").strip()
    account = "".join(str(bank_account or "").split())
    if not account:
        if needed:
            raise ValidationError({"bank_account": _("Enter the bank account the money is paid to.")})
        return bank_name, "", account_holder
    try:
        account = validate_bank_account(account)
    except ValidationError as e:
        raise ValidationError({"bank_account": e.messages}) from None
    if not bank_name:
        raise ValidationError({"bank_name": _("Enter the bank of the account.")})
    if len(bank_name) > 60:
        raise ValidationError({"bank_name": _("The bank name is too long (at most 60 characters).")})
    if len(account_holder) > 60:
        raise ValidationError({"account_holder": _("The account holder is too long (at most 60 characters).")})
    return bank_name, account, account_holder


def _may_apply(acting_user, member):
    """A clerk with the add right on the member's union, or the member for themselves."""
    if getattr(acting_user, "kind", None) == "member":
        if member.user_id != acting_user.pk:
            refuse(acting_user, member, "assistance.add_assistanceapplication")
        return True
    require(acting_user, "assistance.add_assistanceapplication", member.union, obj=member)
    return False


@transaction.atomic
def apply(*, acting_user, programme, member, amount_fen=None, school_level="", student_name="", reason="",
          bank_name="", bank_account="", account_holder="", attachments=()):
    """Apply for `member` (by a clerk, or by the member). The member must be in good standing,
    under the programme's owner and in a group it helps; the amount may not exceed the rule,
    the per-person limit or what the budget has left; the programme's required attachments
    must come with it. `attachments` is [(kind, uploaded file)]."""
    by_member = _may_apply(acting_user, member)
    if not programme.is_open():
        raise ValidationError({"programme": _("%(name)s is not open for applications (%(from)s to %(to)s).") % {
            "name": programme.name, "from": programme.opens_on, "to": programme.closes_on}})
    case = assess(programme, member)
    if not case.eligible:
        raise ValidationError({"member": case.why_not})
    school_level = school_level or ""
    if programme.uses_school_level:
        if school_level not in SchoolLevel.values:
            raise ValidationError({"school_level": _("Choose the school level of the student.")})
        if not (student_name or "").strip():
            raise ValidationError({"student_name": _("Enter the student's name.")})
    elif school_level and school_level not in SchoolLevel.values:
        raise ValidationError({"school_level": _("Choose a valid school level.")})
    allowed = rule_amount(programme, school_level, case.with_file)
    if allowed is None:
        raise ValidationError({"school_level": _("This programme has no amount for this case.")})
    if amount_fen is None:
        amount_fen = allowed
    if amount_fen < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})
    if amount_fen > allowed:
        raise ValidationError({"amount": _("The rule for this case gives at most %(max)s 元; %(amount)s 元 is too "
                                           "much.") % {"max": yuan(allowed), "amount": yuan(amount_fen)}})
    limit = programme.per_person_limit_fen
    if limit is not None and amount_fen > limit:
        raise ValidationError({"amount": _("The per-person limit of this programme is %(limit)s 元.") % {
            "limit": yuan(limit)}})
    budget = nearest_budget(programme, member.union)
    if amount_fen and budget is None:
        raise ValidationError({"programme": _("No union above %(union)s has a budget for this programme yet.") % {
            "union": member.union.name}})
    if amount_fen and budget.available_fen < amount_fen:
        raise _over_budget_error(budget, amount_fen)
    bank_name, account, holder = clean_bank(bank_name, bank_account, account_holder, needed=amount_fen > 0)
    reason, student_name = (reason or "").strip(), (student_name or "").strip()
    if len(reason) > 500:
        raise ValidationError({"reason": _("The reason is too long (at most 500 characters).")})
    files = []
    for kind, upload in attachments or ():
        if upload is None:
            continue
        if kind not in AttachmentKind.values:
            raise ValidationError({"attachments": _("Unknown attachment kind: %(kind)s.") % {"kind": kind}})
        try:
            files.append(ApplicationAttachment.from_upload(upload, user=acting_user, kind=kind))
        except ValidationError as e:
            raise ValidationError({f"attachment_{kind}": e.messages}) from None
    missing = [AttachmentKind(k).label for k in programme.required_attachments or []
               if k not in {f.kind for f in files}]
    if missing:
        raise ValidationError({"attachments": _("Attach: %(kinds)s.") % {"kinds": "、".join(str(m) for m in missing)}})
    if AssistanceApplication.objects.filter(programme=programme, member=member).exclude(
            state=State.REJECTED).exists():
        raise _duplicate_error(member, programme)
    over, note = cap_check(member, programme.year, amount_fen)
    application = AssistanceApplication(
        programme=programme, member=member, union=member.union, budget=budget, year=programme.year,
        amount_fen=amount_fen, school_level=school_level, student_name=student_name,
        with_hardship_file=case.with_file, hardship_category=case.category if case.with_file else "",
        reason=reason, bank_name=bank_name, bank_account=account or None, account_holder=holder or member.name,
        by_member=by_member, over_yearly_cap=over, cap_note=note, created_by=acting_user)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same member applied at the same moment
        raise _duplicate_error(member, programme) from None
    for f in files:
        f.application = application
        f.save()
    audit.record("create", actor=acting_user, obj=application,
                 changes=audit.diff({}, audit.snapshot(application))
                 | {"attachments": [None, [f.name for f in files]]})
    return application


def _duplicate_error(member, programme):
    return ValidationError({"member": _("%(name)s already has an application for %(programme)s; one member is paid "
                                        "once per programme.") % {"name": member.name, "programme": programme.name}},
                           code="duplicate")


def _locked(application, acting_user, perm="assistance.change_assistanceapplication"):
    application = (AssistanceApplication.objects.select_for_update(of=("self",))
                   .select_related("union", "programme", "member", "budget").get(pk=application.pk))
    require(acting_user, perm, application.union, obj=application)
    return application


def _opinion(opinion, required):
    opinion = (opinion or "").strip()
    if required and not opinion:
        raise ValidationError({"opinion": _("Please give the reason; the applicant will see it.")})
    if len(opinion) > 300:
        raise ValidationError({"opinion": _("The opinion is too long (at most 300 characters).")})
    return opinion


@transaction.atomic
def approve(application, *, acting_user, opinion=""):
    """Approve and commit the amount on the budget (atomically; refused when the budget is spent).
    Past the yearly cap across programmes the application is flagged, not refused."""
    opinion = _opinion(opinion, required=False)
    application = _locked(application, acting_user)
    require_other_than(acting_user, application.created_by_id, _("application"))
    if application.state != State.SUBMITTED:
        raise ValidationError(_("This application has already been reviewed."))
    budget = application.budget or nearest_budget(application.programme, application.union)
    if application.amount_fen:
        if budget is None:
            raise ValidationError({"amount": _("No budget covers this application.")})
        if not draw(budget.pk, application.amount_fen):
            raise _over_budget_error(budget, application.amount_fen)
    over, note = cap_check(application.member, application.year, application.amount_fen, exclude_pk=application.pk)
    before = audit.snapshot(application)
    application.state, application.opinion, application.budget = State.APPROVED, opinion, budget
    application.over_yearly_cap, application.cap_note = over, note
    application.reviewed_by, application.reviewed_at = acting_user, timezone.now()
    application.save(update_fields=["state", "opinion", "budget", "over_yearly_cap", "cap_note", "reviewed_by",
                                    "reviewed_at"])
    audit.record("update", actor=acting_user, obj=application, reason=opinion,
                 changes=audit.diff(before, audit.snapshot(application)))
    _tell_member(application, acting_user, _("Your application to %(programme)s is approved"))
    return application


def _tell_member(application, acting_user, title):
    from django.urls import reverse

    notify(application.member, kind="claim_decided", obj=application, acting_user=acting_user,
           title=title % {"programme": application.programme.name}, body=application.opinion,
           url=reverse("assistance:my"))


@transaction.atomic
def reject(application, *, acting_user, opinion):
    """Reject a submitted application, or withdraw an approved one (an objection in 公示); the
    committed amount goes back to the budget."""
    opinion = _opinion(opinion, required=True)
    application = _locked(application, acting_user)
    require_other_than(acting_user, application.created_by_id, _("application"))
    if application.state not in (State.SUBMITTED, State.APPROVED, State.PUBLICITY):
        raise ValidationError(_("This application can no longer be rejected."))
    if application.state in DRAWN and application.budget_id:
        release(application.budget_id, application.amount_fen)
    before = audit.snapshot(application)
    application.state, application.opinion = State.REJECTED, opinion
    application.reviewed_by, application.reviewed_at = acting_user, timezone.now()
    application.save(update_fields=["state", "opinion", "reviewed_by", "reviewed_at"])
    audit.record("update", actor=acting_user, obj=application, reason=opinion,
                 changes=audit.diff(before, audit.snapshot(application)))
    _tell_member(application, acting_user, _("Your application to %(programme)s is not approved"))
    return application


@transaction.atomic
def publish(applications, *, acting_user, on=None):
    """Start 公示 for approved applications: from `on` (today) for the programme's days."""
    on = on or timezone.localdate()
    done = []
    for a in applications:
        a = _locked(a, acting_user)
        if a.state != State.APPROVED:
            raise ValidationError(_("%(name)s: only approved applications go to publicity.") % {"name": a.member.name})
        a.state, a.publicity_from = State.PUBLICITY, on
        a.publicity_until = on + datetime.timedelta(days=a.programme.publicity_days)
        a.save(update_fields=["state", "publicity_from", "publicity_until"])
        audit.record("update", actor=acting_user, obj=a, changes={
            "state": [State.APPROVED, State.PUBLICITY], "publicity_until": [None, a.publicity_until]})
        done.append(a)
    if not done:
        raise ValidationError(_("Choose the approved applications to publish."))
    return done


# --- payment batches -------------------------------------------------------------------------

def _batch_number(programme):
    stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
    n = PaymentBatch.objects.filter(number__startswith=f"PB{stamp}").count() + 1
    return f"PB{stamp}{programme.pk % 1000:03d}{n:02d}"


def _payable(application, today):
    return (application.state == State.PUBLICITY and application.publicity_until is not None
            and application.publicity_until <= today and application.amount_fen > 0)


@transaction.atomic
def make_batch(*, acting_user, programme, union, applications=None):
    """A payment batch of `union` for the programme: the given applications, or every one under
    `union` whose 公示 has ended. Each becomes a line with the payee and account copied."""
    require(acting_user, "assistance.add_paymentbatch", union)
    today = timezone.localdate()
    if applications is None:
        applications = AssistanceApplication.objects.filter(
            programme=programme, state=State.PUBLICITY, publicity_until__lte=today, amount_fen__gt=0,
            union__path__startswith=union.path)
    locked = list(AssistanceApplication.objects.select_for_update(of=("self",)).select_related("member", "union")
                  .filter(pk__in=[a.pk for a in applications]).order_by("union__path", "id"))
    if not locked:
        raise ValidationError(_("No application is ready for payment: approved, 公示 ended, not yet in a batch."))
    problems = []
    for a in locked:
        if a.programme_id != programme.pk or not _in_subtree(a.union, union):
            problems.append(_("%(name)s: not an application of this programme under %(union)s.") % {
                "name": a.member.name, "union": union.name})
        elif not _payable(a, today):
            problems.append(_("%(name)s: not ready for payment (state %(state)s, 公示 until %(until)s).") % {
                "name": a.member.name, "state": a.get_state_display(), "until": a.publicity_until or "—"})
        elif not a.bank_account:
            problems.append(_("%(name)s: no bank account.") % {"name": a.member.name})
    if problems:
        raise ValidationError(problems)
    batch = PaymentBatch.objects.create(number=_batch_number(programme), programme=programme, union=union,
                                        created_by=acting_user)
    _add_lines(batch, [(a, None) for a in locked])
    audit.record("create", actor=acting_user, obj=batch, changes={
        "lines": [0, batch.line_count], "total_fen": [0, batch.total_fen]})
    return batch


def _add_lines(batch, pairs):
    """Lines for (application, failed line re-issued or None); applications become batched."""
    lines = []
    for i, (a, previous) in enumerate(pairs, start=1):
        lines.append(PaymentLine(
            batch=batch, application=a, programme_id=a.programme_id, member_id=a.member_id,
            reference=f"{batch.number}-{i:04d}", amount_fen=a.amount_fen,
            payee_name=a.account_holder or a.member.name, bank_name=a.bank_name,
            bank_account=a.bank_account.reveal(), reissued_from=previous))
    try:
        with transaction.atomic():
            for line in lines:
                line.save()  # one by one: each account is sealed on save
    except IntegrityError:
        raise ValidationError(_("One of these members already has a payment waiting or paid by this programme; "
                                "a member is paid once per programme.")) from None
    AssistanceApplication.objects.filter(pk__in=[a.pk for a, _p in pairs]).update(state=State.BATCHED)
    batch.line_count = len(lines)
    batch.total_fen = sum(line.amount_fen for line in lines)
    batch.save(update_fields=["line_count", "total_fen"])


@transaction.atomic
def correct_account(application, *, acting_user, bank_name, bank_account, account_holder=""):
    """Fix the account of an application whose payment failed, before it is re-issued."""
    application = _locked(application, acting_user)
    if application.state != State.FAILED:
        raise ValidationError(_("Only the account of a failed payment can be corrected here."))
    bank_name, account, holder = clean_bank(bank_name, bank_account, account_holder, needed=True)
    application.bank_name, application.bank_account = bank_name, account
    application.account_holder = holder or application.member.name
    application.save(update_fields=["bank_name", "bank_account", "account_holder"])
    audit.record("update", actor=acting_user, obj=application,
                 changes={"bank_account": ["(sealed)", "(sealed)"], "bank_name": [None, bank_name]})
    return application


@transaction.atomic
def reissue(batch, *, acting_user):
    """A new batch for the failed lines of `batch` not yet re-issued, with each application's
    (possibly corrected) account."""
    require(acting_user, "assistance.add_paymentbatch", batch.union, obj=batch)
    failed = list(batch.lines.select_for_update(of=("self",)).filter(
        state=PaymentLine.State.FAILED, reissued_as__isnull=True).select_related("application__member"))
    if not failed:
        raise ValidationError(_("This batch has no failed line left to re-issue."))
    new = PaymentBatch.objects.create(number=_batch_number(batch.programme), programme=batch.programme,
                                      union=batch.union, reissue_of=batch, created_by=acting_user)
    _add_lines(new, [(line.application, line) for line in failed])
    audit.record("create", actor=acting_user, obj=new, reason=_("Re-issue of %(batch)s") % {"batch": batch.number},
                 changes={"lines": [0, new.line_count], "total_fen": [0, new.total_fen]})
    return new


# --- the bank's result file ------------------------------------------------------------------

RESULT_COLUMNS = {
    "reference": ("序号", "参考号", "流水号", "业务参考号", "reference", "ref"),
    "status": ("状态", "结果", "处理结果", "交易状态", "status", "result"),
    "reason": ("原因", "失败原因", "备注", "reason"),
    "amount": ("金额", "金额（元）", "金额(元)", "amount"),
    "account": ("账号", "收款账号", "account"),
}
PAID_WORDS = {"成功", "已支付", "支付成功", "交易成功", "paid", "success", "ok"}
FAILED_WORDS = {"失败", "支付失败", "交易失败", "退回", "failed", "fail"}


def _read_result(upload):
    """[(row number, {column: text})] from an xlsx or CSV result file."""
    from gonghui.members.roster_file import RosterFileError, kind_of, open_roster

    try:
        kind = kind_of(upload.name)
    except RosterFileError as e:
        raise ValidationError({"file": str(e)}) from None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"result.{kind}"
        with open(path, "wb") as f:
            for chunk in upload.chunks():
                f.write(chunk)
        try:
            roster = open_roster(path, kind)
            header = [str(h or "").strip().lower() for h in roster.header]
            where = {}
            for key, names in RESULT_COLUMNS.items():
                for i, h in enumerate(header):
                    if h in {n.lower() for n in names}:
                        where[key] = i
                        break
            for key in ("reference", "status"):
                if key not in where:
                    raise ValidationError({"file": _("The file has no %(column)s column (its first row names the "
                                                     "columns, e.g. %(names)s).") % {
                        "column": RESULT_COLUMNS[key][0], "names": "、".join(RESULT_COLUMNS[key][:3])}})
            rows = []
            for n, cells in roster.rows():
                values = {k: ("" if i >= len(cells) or cells[i] is None else str(cells[i]).strip())
                          for k, i in where.items()}
                if any(values.values()):
                    rows.append((n, values))
        except RosterFileError as e:
            raise ValidationError({"file": str(e)}) from None
    return rows


def _same_amount(text, fen):
    try:
        return to_fen(text.replace("元", "")) == fen
    except (ValidationError, TypeError):
        return False


@transaction.atomic
def record_result(batch, *, acting_user, upload):
    """Record the bank's answer per line. Any row that does not match the batch (an unknown or
    repeated reference, another amount or account, an unknown status, a line already settled)
    refuses the whole file with every such row named; nothing is written."""
    require(acting_user, "assistance.change_paymentbatch", batch.union, obj=batch)
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    rows = _read_result(upload)
    lines = {line.reference: line for line in batch.lines.select_for_update(of=("self",))}
    problems, seen, results = [], {}, []
    for n, v in rows:
        ref, status = v.get("reference", ""), v.get("status", "").lower()
        line = lines.get(ref)
        if line is None:
            problems.append(_("Row %(row)d: reference %(ref)s is not a line of batch %(batch)s.") % {
                "row": n, "ref": ref or "—", "batch": batch.number})
            continue
        if ref in seen:
            problems.append(_("Row %(row)d: reference %(ref)s repeats row %(first)d.") % {
                "row": n, "ref": ref, "first": seen[ref]})
            continue
        seen[ref] = n
        if v.get("amount") and not _same_amount(v["amount"], line.amount_fen):
            problems.append(_("Row %(row)d: the amount %(amount)s differs from the batch (%(expected)s 元).") % {
                "row": n, "amount": v["amount"], "expected": yuan(line.amount_fen)})
        if v.get("account") and "".join(v["account"].split()) != line.bank_account.reveal():
            problems.append(_("Row %(row)d: the account differs from the one sent for %(ref)s.") % {
                "row": n, "ref": ref})
        if status in PAID_WORDS:
            paid = True
        elif status in FAILED_WORDS:
            paid = False
        else:
            problems.append(_("Row %(row)d: the status “%(status)s” is neither success nor failure.") % {
                "row": n, "status": v.get("status", "")})
            continue
        if line.state != PaymentLine.State.PENDING:
            problems.append(_("Row %(row)d: line %(ref)s was already recorded as %(state)s.") % {
                "row": n, "ref": ref, "state": line.get_state_display()})
        results.append((line, paid, v.get("reason", "")[:200]))
    if not rows:
        problems.append(_("The file has no rows."))
    if problems:
        raise ValidationError({"file": problems})
    now = timezone.now()
    counts = {"paid": 0, "failed": 0}
    for line, paid, why in results:
        line.state = PaymentLine.State.PAID if paid else PaymentLine.State.FAILED
        line.failure_reason = "" if paid else (why or _("failed without a reason"))
        line.settled_at = now
        line.save(update_fields=["state", "failure_reason", "settled_at"])
        AssistanceApplication.objects.filter(pk=line.application_id).update(
            state=State.PAID if paid else State.FAILED)
        counts["paid" if paid else "failed"] += 1
    if not batch.lines.filter(state=PaymentLine.State.PENDING).exists():
        batch.state, batch.result_at = PaymentBatch.State.DONE, now
        batch.save(update_fields=["state", "result_at"])
    audit.record("update", actor=acting_user, obj=batch, reason=_("Bank result file %(name)s") % {
        "name": upload.name}, changes={"paid": [0, counts["paid"]], "failed": [0, counts["failed"]]})
    return counts


# --- the bank payment file -------------------------------------------------------------------

def layout_for(union):
    """The columns of the bank file for `union`: its own layout or the nearest above, else the
    default layout (the row without a union), else the built-in columns."""
    from .models import BankFileLayout

    layouts = {lay.union.path if lay.union_id else "": lay for lay in BankFileLayout.objects.filter(
        union__path__in=_paths_up(union)).select_related("union")}
    for p in _paths_up(union):
        if p in layouts:
            return layouts[p].columns
    default = BankFileLayout.objects.filter(union__isnull=True).first()
    return default.columns if default else BankFileLayout.DEFAULT_COLUMNS


def parse_layout(text):
    """Lines "header, field" → [[header, field]]; the fields are BankFileLayout.FIELDS."""
    from .models import BankFileLayout

    columns = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        header, _sep, field = line.replace("，", ",").rpartition(",")
        header, field = header.strip(), field.strip()
        if not header or field not in BankFileLayout.FIELDS:
            raise ValidationError({"columns": _("Line %(n)d: write “column header, field”, the field one of "
                                                "%(fields)s.") % {"n": n, "fields": ", ".join(BankFileLayout.FIELDS)}})
        columns.append([header[:40], field])
    if not columns:
        raise ValidationError({"columns": _("Give at least one column.")})
    if not any(f == "bank_account" for _h, f in columns) or not any(f.startswith("amount") for _h, f in columns):
        raise ValidationError({"columns": _("A payment file needs the bank account and the amount.")})
    return columns


@transaction.atomic
def save_layout(*, acting_user, union, name, columns):
    """The bank file columns of `union` and its subtree (replacing any it had)."""
    from .models import BankFileLayout

    require(acting_user, "assistance.change_bankfilelayout", union)
    name = (name or "").strip()[:60] or union.name
    layout = BankFileLayout.objects.filter(union=union).first()
    before = {"name": layout.name, "columns": layout.columns} if layout else {}
    if layout is None:
        layout = BankFileLayout(union=union)
    layout.name, layout.columns = name, columns
    layout.save()
    audit.record("update" if before else "create", actor=acting_user, obj=layout, union=union,
                 changes=audit.diff(before, {"name": name, "columns": columns}))
    return layout


def _values(line, batch):
    return {
        "reference": line.reference, "payee_name": line.payee_name, "bank_name": line.bank_name,
        "bank_account": line.bank_account.reveal() if line.bank_account else "",
        "amount_yuan": yuan(line.amount_fen).replace(",", ""), "amount_fen": line.amount_fen,
        "member_number": line.member.number, "union": line.application.union.name,
        "programme": batch.programme.name, "purpose": batch.programme.get_kind_display(),
    }


def bank_file_response(*, acting_user, batch, lines):
    """The payment file of any payment batch for the bank (xlsx, in the column layout of
    `batch.union`, accounts in full): `lines` yields one {field: value} dict per payment, the
    fields those of BankFileLayout. Reading the full accounts is recorded in the audit trail on
    `batch`, as is the export itself. Callers check the permission first."""
    from gonghui.core.export import xlsx_response

    columns = layout_for(batch.union)
    rows = ([values.get(field, "") for _h, field in columns] for values in lines)
    audit.record("reveal", actor=acting_user, obj=batch, changes={"bank_account": "bank file"})
    return xlsx_response(user=acting_user, title=f"{batch.number}", headers=[h for h, _f in columns], rows=rows,
                         filters={"batch": batch.number})


def bank_file(batch, *, acting_user):
    """The assistance batch's payment file: its pending lines while open, else every line."""
    require(acting_user, "assistance.change_paymentbatch", batch.union, obj=batch)
    lines = batch.lines.select_related("member", "application__union").order_by("id")
    if batch.state == PaymentBatch.State.OPEN:
        lines = lines.filter(state=PaymentLine.State.PENDING)
    return bank_file_response(acting_user=acting_user, batch=batch, lines=(_values(line, batch) for line in lines))


# --- condolence visits -----------------------------------------------------------------------

@transaction.atomic
def record_visit(*, acting_user, programme, union, target, visited_on, employer=None, member=None,
                 visited_name="", amount_fen=0, goods="", goods_value_fen=0, participants="", note="", photos=()):
    """A visit to an enterprise or a household, its money drawn from the nearest budget."""
    require(acting_user, "assistance.add_visit", union)
    if not _in_subtree(union, programme.owner):
        raise ValidationError({"union": _("%(name)s is not under %(owner)s, which runs this programme.") % {
            "name": union.name, "owner": programme.owner.name}})
    if target == Visit.Target.ENTERPRISE:
        member = None
        visited_name = (visited_name or "").strip() or (employer.name if employer else "")
    elif target == Visit.Target.HOUSEHOLD:
        employer = None
        if member is not None:
            if not can(acting_user, "members.view_member", member.union):
                refuse(acting_user, member, "members.view_member")
            visited_name = (visited_name or "").strip() or member.name
    else:
        raise ValidationError({"target": _("Choose whether an enterprise or a household was visited.")})
    if not visited_name:
        raise ValidationError({"visited_name": _("Enter who was visited.")})
    if visited_on is None:
        raise ValidationError({"visited_on": _("Enter the date of the visit.")})
    not_in_future(visited_on, field="visited_on", label=_("Date of the visit"))
    if (amount_fen or 0) < 0 or (goods_value_fen or 0) < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})
    if not amount_fen and not (goods or "").strip():
        raise ValidationError({"amount": _("Record the money given or the goods.")})
    budget = nearest_budget(programme, union)
    if amount_fen:
        if budget is None:
            raise ValidationError({"programme": _("No union above %(union)s has a budget for this programme yet.")
                                   % {"union": union.name}})
        if not draw(budget.pk, amount_fen):
            raise _over_budget_error(budget, amount_fen)
    files = []
    for upload in photos or ():
        try:
            files.append(VisitPhoto.from_upload(upload, user=acting_user, kinds=("image",)))
        except ValidationError as e:
            raise ValidationError({"photos": e.messages}) from None
    visit = Visit.objects.create(
        programme=programme, union=union, budget=budget if amount_fen else None, target=target, employer=employer,
        member=member, visited_name=visited_name[:120], visited_on=visited_on, amount_fen=amount_fen or 0,
        goods=(goods or "").strip()[:200], goods_value_fen=goods_value_fen or 0,
        participants=(participants or "").strip()[:300], note=(note or "").strip()[:500], created_by=acting_user)
    for f in files:
        f.visit = visit
        f.save()
    audit.record("create", actor=acting_user, obj=visit, changes=audit.diff({}, audit.snapshot(visit))
                 | {"photos": [None, len(files)]})
    return visit
