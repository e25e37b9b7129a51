"""Every write to hardship files, with its rules and its audit record.

The way of a file: open (draft, by the grassroots clerk or the member) → submit (the category
is computed; no 低保 standard, no submission) → review by a federation above the file's union
(township or county) → review by the city federation → 公示 for the policy's days, with
objections recorded and decided → active when 公示 ends with no objection upheld or pending
(``activate_due``, idempotent). A clerk of the rights department exits a file (解困/脱困); a
member whose last file exited may return (返困) with a new file. The yearly re-check (年审)
makes next year's version.

Rights: opening, editing a draft, submitting and the re-check need ``add_hardshipfile`` on the
file's union (grassroots clerks hold it); reviews, objections and exits need
``change_hardshipfile`` — for the first review on a union above the file's union, for the
city review on the root. Sensitive values never reach the audit trail (``audit_exclude``);
reading them is audited through ``read_details``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import can, refuse, require, require_other_than
from gonghui.core.dates import not_in_future
from gonghui.core.models import Code
from gonghui.core.money import validate_bank_account
from gonghui.members.identity import clean_document
from gonghui.members.models import IN_GOOD_STANDING, Member
from gonghui.notices.services import notify
from gonghui.rules import rulebook
from gonghui.rules.deadlines import close, track

from . import rules
from .models import (
    Category,
    DibaoStandard,
    HardshipFile,
    HardshipPolicy,
    HouseholdMember,
    Intake,
    MonthlyIncome,
    Objection,
    Relation,
    Review,
)

State, Stage = HardshipFile.State, HardshipFile.Stage
MAX_SECONDARY_CAUSES = 3
PERM_ADD, PERM_CHANGE = "hardship.add_hardshipfile", "hardship.change_hardshipfile"
PERM_DETAILS = "hardship.read_details_hardshipfile"


# --- the 低保 standard and the category ----------------------------------------------------

def dibao_for(union, year):
    """The standard of the union's division, or of the nearest division above it, for `year`."""
    region = union.region
    codes = []
    while region is not None:
        codes.append(region.code)
        region = region.parent
    found = {d.region_id: d for d in DibaoStandard.objects.filter(region_id__in=codes, year=year)}
    return next((found[c] for c in codes if c in found), None)


def no_dibao_error(union, year):
    return ValidationError({"dibao_monthly": _("No 低保 standard for %(year)s is recorded for %(region)s or any "
                                               "division above it; the file cannot be submitted until the "
                                               "standard is entered.") % {"year": year, "region": union.region}})


def classify(file):
    """Compute the file's category from its figures and the standard in force; raises the
    Chinese error when no standard applies."""
    standard = dibao_for(file.union, file.year)
    if standard is None:
        raise no_dibao_error(file.union, file.year)
    multiple, share = policy_rulings(file)
    result = rules.classify(annual_income_fen=file.annual_income_fen,
                            necessary_spending_fen=file.necessary_spending_fen,
                            accident_costs_fen=file.accident_costs_fen, household_size=file.household_size,
                            dibao_monthly_fen=standard.monthly_fen, relative_multiple=multiple.value,
                            accident_share=share.value)
    file.dibao_monthly_fen = standard.monthly_fen
    file.category = result.category
    file.explanation = explanation(result, (multiple, share))
    return result


def explanation(result, rulings):
    """The arithmetic, then each rule value it used with its source (shown on the file's page)."""
    return "\n".join([*result.lines, *(_("Rule used: %(label)s = %(ruling)s") % {"label": r.label, "ruling": r}
                                       for r in rulings)])


def rule_date(year):
    """The day the rulebook is read on for a file of `year`: today within the year, else the
    year's last day (a past year) or first day (a coming one)."""
    today = timezone.localdate()
    if year == today.year:
        return today
    return datetime.date(year, 12, 31) if year < today.year else datetime.date(year, 1, 1)


def policy_rulings(file):
    """The 相对困难 multiple and the 意外致困 share in force for the file's year and division."""
    on, region = rule_date(file.year), file.union.region_id
    return (rulebook.value("hardship.relative_multiple", on=on, region=region),
            rulebook.value("hardship.accident_share", on=on, region=region))


# --- checking what was typed ----------------------------------------------------------------

def _amount(errors, field, value, label):
    if value is None:
        return 0
    if not isinstance(value, int) or value < 0:
        errors[field] = _("%(field)s cannot be negative.") % {"field": label}
    return value


def _clean_figures(data, errors):
    size = data.get("household_size")
    if size is None or not isinstance(size, int) or size < 1:
        errors["household_size"] = _("The household size must be at least 1.")
    elif size > 30:
        errors["household_size"] = _("The household size is at most 30.")
    for field, label in (("annual_income_fen", _("The household's annual income")),
                         ("necessary_spending_fen", _("The necessary spending")),
                         ("accident_costs_fen", _("The accident or disaster costs"))):
        data[field] = _amount(errors, field.removesuffix("_fen"), data.get(field), label)


def _clean_causes(data, errors):
    main = data.get("main_cause")
    if isinstance(main, str):
        main = Code.objects.filter(table="hardship_cause", code=main).first()
        if main is None:
            errors["main_cause"] = _("Choose the main cause of hardship from the list.")
    if main is None and "main_cause" not in errors:
        errors["main_cause"] = _("Choose the main cause of hardship.")
    elif main is not None and main.table != "hardship_cause":
        errors["main_cause"] = _("Choose the main cause of hardship from the list.")
    data["main_cause"] = main
    secondary = [getattr(c, "code", c) for c in (data.get("secondary_causes") or []) if c]
    known = set(Code.objects.filter(table="hardship_cause", code__in=secondary).values_list("code", flat=True))
    if len(secondary) > MAX_SECONDARY_CAUSES:
        errors["secondary_causes"] = _("Choose at most three other causes.")
    elif len(set(secondary)) != len(secondary) or (main is not None and main.code in secondary):
        errors["secondary_causes"] = _("The causes must be different from each other and from the main cause.")
    elif set(secondary) - known:
        errors["secondary_causes"] = _("Choose the other causes from the list.")
    data["secondary_causes"] = secondary
    housing = data.get("housing")
    if isinstance(housing, str):
        housing = Code.objects.filter(table="housing", code=housing).first() if housing else None
        if data.get("housing") and housing is None:
            errors["housing"] = _("Choose the housing from the list.")
    if housing is not None and getattr(housing, "table", "") != "housing":
        errors["housing"] = _("Choose the housing from the list.")
    data["housing"] = housing


def _clean_bank(data, errors):
    account = (data.get("bank_account") or "").strip()
    if account:
        try:
            data["bank_account"] = validate_bank_account(account)
        except ValidationError as e:
            errors["bank_account"] = e.messages
        if not (data.get("bank_name") or "").strip():
            errors["bank_name"] = _("Name the bank of the account.")
    else:
        data["bank_account"] = None


def _clean_household(rows, errors):
    """The household as checked dicts; errors name the row and field (household-2-id_number)."""
    out = []
    for i, row in enumerate(rows or [], start=1):
        row = dict(row)
        name = (row.get("name") or "").strip()
        prefix = f"household-{i}"
        if not name:
            errors[f"{prefix}-name"] = _("Household member %(n)d: enter the name.") % {"n": i}
        elif len(name) > 60:
            errors[f"{prefix}-name"] = _("Household member %(n)d: the name is too long.") % {"n": i}
        if row.get("relation") not in Relation.values:
            errors[f"{prefix}-relation"] = _("Household member %(n)d: choose the relation.") % {"n": i}
        number = (row.get("id_number") or "").strip()
        if number:
            try:
                number = clean_document("resident_id", number).number
            except ValidationError as e:
                errors[f"{prefix}-id_number"] = _("Household member %(n)d: %(error)s") % {
                    "n": i, "error": " ".join(e.messages)}
        income = row.get("annual_income_fen") or 0
        if not isinstance(income, int) or income < 0:
            errors[f"{prefix}-annual_income"] = _("Household member %(n)d: the income cannot be negative.") % {
                "n": i}
        out.append({"name": name, "relation": row.get("relation"), "id_number": number or None,
                    "health": (row.get("health") or "").strip() or None, "annual_income_fen": income,
                    "school_or_employer": (row.get("school_or_employer") or "").strip()[:120]})
    return out


FILE_FIELDS = ("household_size", "annual_income_fen", "necessary_spending_fen", "accident_costs_fen", "main_cause",
               "secondary_causes", "housing", "housing_note", "health", "disability", "bank_name", "bank_account",
               "account_holder")


def _clean(data):
    data = {k: data.get(k) for k in FILE_FIELDS if k in data} | {"household": data.get("household")}
    errors = {}
    _clean_figures(data, errors)
    _clean_causes(data, errors)
    _clean_bank(data, errors)
    for f in ("housing_note", "bank_name", "account_holder"):
        data[f] = (data.get(f) or "").strip()
    for f in ("health", "disability"):
        data[f] = (data.get(f) or "").strip() or None
    household = _clean_household(data.pop("household"), errors)
    if errors:
        raise ValidationError(errors)
    return data, household


def _write_household(file, household):
    file.household.all().delete()
    HouseholdMember.objects.bulk_create(HouseholdMember(file=file, **row) for row in household)


def _snapshot(file):
    return audit.snapshot(file)


def _log(file, decision, actor, opinion="", stage=""):
    Review.objects.create(file=file, stage=stage, decision=decision, opinion=opinion,
                          actor=actor if actor is not None and actor.is_authenticated else None)


def sync_member_flag(member_id):
    """Member.has_hardship_file is true exactly while the member has an active file."""
    active = HardshipFile.objects.filter(member_id=member_id, state=State.ACTIVE).exists()
    Member.objects.filter(pk=member_id).exclude(has_hardship_file=active).update(has_hardship_file=active)


# --- opening and editing ----------------------------------------------------------------------

def _check_member(member):
    if member is None or not isinstance(member, Member):
        raise ValidationError({"member": _("The applicant must be a member of a union.")})
    if member.status not in IN_GOOD_STANDING:
        raise ValidationError({"member": _("%(name)s is not a member in good standing; only members can have a "
                                           "hardship file.") % {"name": member.name}})


def _intake_from_history(member, year):
    """How a household comes in when the caller does not say: 返困 after an exited file, 存量
    after an active one of an earlier year, else 增量; with the file it follows, if that has
    no next version yet."""
    last = HardshipFile.objects.filter(member=member, year__lt=year).order_by("-year", "-pk").first()
    if last is None or last.state not in (State.EXITED, State.ACTIVE):
        return Intake.NEW, None
    follows = last if not HardshipFile.objects.filter(previous=last).exists() else None
    return (Intake.RETURNED if last.state == State.EXITED else Intake.STOCK), follows


@transaction.atomic
def open_file(*, acting_user, member, year=None, intake=None, previous=None, submit=False, **data):
    """A new draft file for `member` in their union (the clerk needs the add right there).
    `submit` hands it on at once. Without `intake`, the member's history decides it."""
    _check_member(member)
    require(acting_user, PERM_ADD, member.union)
    year = year or timezone.localdate().year
    data, household = _clean(data)
    if HardshipFile.objects.filter(member=member, year=year).exists():
        raise ValidationError({"member": _("%(name)s already has a hardship file for %(year)s.") % {
            "name": member.name, "year": year}})
    if intake is None:
        intake, previous = _intake_from_history(member, year)
    file = HardshipFile(member=member, union=member.union, year=year, intake=intake, previous=previous,
                        created_by=acting_user, **data)
    try:
        with transaction.atomic():
            file.save()
    except IntegrityError:  # the same member filed at the same moment
        raise ValidationError({"member": _("%(name)s already has a hardship file for %(year)s.") % {
            "name": member.name, "year": year}}) from None
    _write_household(file, household)
    audit.record("create", actor=acting_user, obj=file, changes=audit.diff({}, _snapshot(file)))
    if submit:
        _submit(file, acting_user, "")
    return file


@transaction.atomic
def apply_for_self(*, user, year=None, **data):
    """A member applies from the member pages: the file reaches their own union as submitted,
    for the union's clerk to check and hand on (``submit``). No staff right is needed: the
    file is the member's own."""
    member = Member.objects.of_user(user)
    _check_member(member)
    year = year or timezone.localdate().year
    data, household = _clean(data)
    if HardshipFile.objects.filter(member=member, year=year).exists():
        raise ValidationError({"member": _("You already have a hardship file for %(year)s.") % {"year": year}})
    intake, previous = _intake_from_history(member, year)
    file = HardshipFile.objects.create(member=member, union=member.union, year=year, intake=intake, previous=previous,
                                       state=State.REVIEW, stage=Stage.GRASSROOTS, created_by=user, **data)
    _write_household(file, household)
    _log(file, Review.Decision.SUBMIT, user, _("Applied by the member"), "")
    audit.record("create", actor=user, obj=file, changes=audit.diff({}, _snapshot(file)))
    return file


@transaction.atomic
def update_file(file, *, acting_user, **data):
    """Change a draft (a file sent back is a draft again). Sealed values left empty are kept."""
    file = HardshipFile.objects.select_for_update().get(pk=file.pk)
    require_clerk(acting_user, file)
    if file.state != State.DRAFT:
        raise ValidationError(_("Only a draft can be changed; this file is %(state)s.") % {
            "state": State(file.state).label})
    for f in ("health", "disability", "bank_account"):
        if not data.get(f) and getattr(file, f):
            data[f] = getattr(file, f).reveal()
    if "household" in data:
        data["household"] = [dict(row) for row in data["household"]]
    else:
        data["household"] = [dict(name=h.name, relation=h.relation,
                                  id_number=h.id_number.reveal() if h.id_number else "",
                                  health=h.health.reveal() if h.health else "",
                                  annual_income_fen=h.annual_income_fen, school_or_employer=h.school_or_employer)
                             for h in file.household.all()]
    current = {f: getattr(file, f) for f in FILE_FIELDS}
    current |= {f: (getattr(file, f).reveal() if getattr(file, f) else "") for f in ("health", "disability",
                                                                                       "bank_account")}
    clean, household = _clean(current | data)
    before = _snapshot(file)
    for k, v in clean.items():
        setattr(file, k, v)
    file.save()
    _write_household(file, household)
    audit.record("update", actor=acting_user, obj=file, changes=audit.diff(before, _snapshot(file)))
    return file


def require_clerk(user, file):
    if not (can(user, PERM_ADD, file.union) or can(user, PERM_CHANGE, file.union)):
        refuse(user, file, PERM_ADD)


# --- the review ------------------------------------------------------------------------------

def _submit(file, user, opinion):
    if not (file.state == State.DRAFT or (file.state == State.REVIEW and file.stage == Stage.GRASSROOTS)):
        raise ValidationError(_("Only a draft can be submitted; this file is %(state)s.") % {
            "state": State(file.state).label})
    before = _snapshot(file)
    classify(file)
    file.state, file.stage = State.REVIEW, Stage.COUNTY
    file.save()
    _log(file, Review.Decision.SUBMIT, user, opinion, Stage.GRASSROOTS)
    audit.record("update", actor=user, obj=file, reason=opinion, changes=audit.diff(before, _snapshot(file)))
    return file


@transaction.atomic
def submit(file, *, acting_user, opinion=""):
    """The grassroots union hands the file to the federation above; the category is computed now."""
    file = HardshipFile.objects.select_for_update().get(pk=file.pk)
    require_clerk(acting_user, file)
    return _submit(file, acting_user, opinion)


def reviewing_union(file):
    """The union whose change right decides the file's current stage: the union above the file's
    union for the township/county review, the root for the city review."""
    from gonghui.orgs.models import Union

    if file.stage == Stage.CITY:
        return Union.objects.get(path=file.union.path[:4])
    return Union.objects.filter(path=file.union.path[:-4]).first() if file.union.depth > 1 else file.union


def may_review(user, file):
    return (file.state == State.REVIEW and file.stage in (Stage.COUNTY, Stage.CITY)
            and can(user, PERM_CHANGE, reviewing_union(file)))


def submitters(file):
    """Who opened the file or handed it on: none of them reviews it (nobody approves what they
    submitted)."""
    return {file.created_by_id} | {r.actor_id for r in file.reviews.all() if r.decision == Review.Decision.SUBMIT}


DECISIONS = ("approve", "return", "reject")


@transaction.atomic
def review(file, *, acting_user, decision, opinion=""):
    """One stage's decision. Approve hands on (county → city → 公示); return sends the file back
    to the grassroots as a draft; reject ends it. Sending back and rejecting need a reason."""
    file = HardshipFile.objects.select_for_update().select_related("union").get(pk=file.pk)
    if file.state != State.REVIEW or file.stage == Stage.GRASSROOTS:
        raise ValidationError(_("This file is not waiting for a federation's review; it is %(state)s.") % {
            "state": State(file.state).label})
    require(acting_user, PERM_CHANGE, reviewing_union(file), obj=file)
    submitters = {file.created_by_id, *file.reviews.filter(decision=Review.Decision.SUBMIT).values_list("actor_id",
                                                                                                       flat=True)}
    require_other_than(acting_user, submitters, _("hardship file"))
    opinion = (opinion or "").strip()
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose approve, send back or reject.")})
    if decision != "approve" and not opinion:
        raise ValidationError({"opinion": _("Give the reason for sending back or rejecting.")})
    if decision == "approve" and file.category == Category.NONE:
        # The category is the rule, not an opinion: a household above the line cannot be put on file.
        raise ValidationError({"decision": _("By the 低保 standard this household is not in hardship; send the "
                                             "file back to be corrected or reject it.")})
    before, stage = _snapshot(file), file.stage
    if decision == "approve" and stage == Stage.COUNTY:
        file.stage = Stage.CITY
    elif decision == "approve":
        today = timezone.localdate()
        publicity = rulebook.value("hardship.publicity_days", on=today, region=file.union.region_id)
        file.state, file.stage = State.PUBLICITY, ""
        # 公示 of N days counts the day it opens (the notice goes up that day): N−1 days after it.
        file.publicity_from, file.publicity_until = today, today + datetime.timedelta(days=publicity.value - 1)
        track(file, kind="publicity_end", started_on=today, due_on=file.publicity_until, rule="", union=file.union,
              title=_("公示 of the hardship file of %(name)s") % {"name": file.member.name},
              url=reverse("hardship:detail", args=[file.pk]))
    elif decision == "return":
        file.state, file.stage = State.DRAFT, ""
    else:
        file.state, file.stage = State.REJECTED, ""
    file.save()
    if file.state != State.PUBLICITY:
        close(file, "publicity_end")
    _log(file, {"approve": Review.Decision.APPROVE, "return": Review.Decision.RETURN,
                "reject": Review.Decision.REJECT}[decision], acting_user, opinion, stage)
    audit.record("update", actor=acting_user, obj=file, reason=opinion, changes=audit.diff(before, _snapshot(file)))
    _tell_review(file, decision, stage, acting_user, opinion)
    return file


def _tell_review(file, decision, stage, acting_user, opinion):
    """The clerk who keeps the file hears every decision; the member hears the end of it."""
    from django.urls import reverse

    names = {"member": file.member.name, "year": file.year}
    title = {"approve": _("Hardship file of %(member)s (%(year)s) approved") if stage != Stage.COUNTY
             else _("Hardship file of %(member)s (%(year)s) approved by the county, sent to the city"),
             "return": _("Hardship file of %(member)s (%(year)s) sent back for correction"),
             "reject": _("Hardship file of %(member)s (%(year)s) rejected")}[decision] % names
    if file.created_by_id != acting_user.pk:
        notify(file.created_by, kind="hardship_decided", title=title, body=opinion, obj=file,
               url=reverse("hardship:detail", args=[file.pk]), acting_user=acting_user)
    if decision == "reject" or (decision == "approve" and stage != Stage.COUNTY):
        notify(file.member, kind="hardship_decided", title=title, body=opinion, obj=file,
               url=reverse("hardship:mine"), acting_user=acting_user)


# --- 公示 and objections ----------------------------------------------------------------------

@transaction.atomic
def record_objection(file, *, acting_user, content, raised_by=""):
    file = HardshipFile.objects.select_for_update().get(pk=file.pk)
    require(acting_user, PERM_CHANGE, file.union, obj=file)
    if file.state != State.PUBLICITY:
        raise ValidationError(_("Objections are recorded only during 公示."))
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": _("Write down what the objection says.")})
    objection = Objection.objects.create(file=file, content=content, raised_by=(raised_by or "").strip()[:60],
                                         recorded_by=acting_user)
    audit.record("create", actor=acting_user, obj=objection, union=file.union,
                 changes={"file": [None, file.pk], "raised_by": [None, objection.raised_by]})
    return objection


@transaction.atomic
def decide_objection(objection, *, acting_user, outcome, reason):
    """Upheld objections reject the file or send it back (with the reason); dismissed ones let
    公示 run on."""
    file = HardshipFile.objects.select_for_update().get(pk=objection.file_id)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    require(acting_user, PERM_CHANGE, file.union, obj=file)
    if objection.outcome != Objection.Outcome.PENDING:
        raise ValidationError(_("This objection has already been decided."))
    if outcome not in (Objection.Outcome.UPHELD_REJECT, Objection.Outcome.UPHELD_RETURN, Objection.Outcome.DISMISSED):
        raise ValidationError({"outcome": _("Choose what follows from the objection.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    objection.outcome, objection.reason = outcome, reason
    objection.save()
    before = _snapshot(file)
    if outcome != Objection.Outcome.DISMISSED and file.state == State.PUBLICITY:
        reject = outcome == Objection.Outcome.UPHELD_REJECT
        file.state = State.REJECTED if reject else State.DRAFT
        file.save()
        close(file, "publicity_end")
        _log(file, Review.Decision.REJECT if reject else Review.Decision.RETURN, acting_user,
             _("Objection upheld: %(reason)s") % {"reason": reason})
    audit.record("update", actor=acting_user, obj=file, reason=reason,
                 changes=audit.diff(before, _snapshot(file)) | {"objection": [objection.pk, outcome]})
    return objection


def activate_due(today=None):
    """Files whose 公示 ended (today is after its last day) with no objection pending or upheld
    become active. Idempotent: run by `gonghui hardship_activate` and when the pages load."""
    today = today or timezone.localdate()
    due = list(HardshipFile.objects.filter(state=State.PUBLICITY, publicity_until__lt=today)
               .exclude(objections__outcome=Objection.Outcome.PENDING).select_related("union", "member")
               .order_by("pk"))
    for file in due:
        with transaction.atomic():
            locked = HardshipFile.objects.select_for_update().get(pk=file.pk)
            if locked.state != State.PUBLICITY:
                continue
            before = _snapshot(locked)
            locked.state, locked.activated_on = State.ACTIVE, today
            locked.review_due = _a_year_after(today)
            locked.save()
            close(locked, "publicity_end")
            track(locked, kind="hardship_review", started_on=today, due_on=locked.review_due, union=locked.union,
                  title=_("Yearly review (年审) of the hardship file of %(name)s") % {"name": locked.member.name},
                  url=reverse("hardship:detail", args=[locked.pk]))
            if locked.previous_id:
                HardshipFile.objects.filter(pk=locked.previous_id).update(review_due=None)
                close(HardshipFile(pk=locked.previous_id), "hardship_review")
            _log(locked, Review.Decision.ACTIVATE, None)
            sync_member_flag(locked.member_id)
            audit.record("update", obj=locked, actor_label="gonghui hardship", reason=_("公示 ended"),
                         changes=audit.diff(before, _snapshot(locked)))
    return len(due)


def _a_year_after(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


# --- years, incomes, exit and return ----------------------------------------------------------

def due_for_recheck(qs, today=None):
    return qs.filter(state=State.ACTIVE, review_due__lte=today or timezone.localdate())


@transaction.atomic
def recheck(file, *, acting_user, year=None):
    """年审: next year's version of an active file (存量), the household copied, as a draft to
    check and submit. The current version stays active until the new one is."""
    file = HardshipFile.objects.select_for_update().get(pk=file.pk)
    require_clerk(acting_user, file)
    if file.state != State.ACTIVE:
        raise ValidationError(_("Only an active file is re-checked."))
    if HardshipFile.objects.filter(previous=file).exists():
        raise ValidationError(_("This file has already been re-checked."))
    year = year or file.year + 1
    household = [dict(name=h.name, relation=h.relation, id_number=h.id_number.reveal() if h.id_number else "",
                      health=h.health.reveal() if h.health else "", annual_income_fen=h.annual_income_fen,
                      school_or_employer=h.school_or_employer) for h in file.household.all()]
    data = {f: getattr(file, f) for f in FILE_FIELDS}
    data |= {f: (getattr(file, f).reveal() if getattr(file, f) else "") for f in ("health", "disability",
                                                                                    "bank_account")}
    return open_file(acting_user=acting_user, member=file.member, year=year, intake=Intake.STOCK, previous=file,
                     household=household, **data)


def _month(day):
    return day.replace(day=1)


def _months_back(month, n):
    y, m = divmod(month.year * 12 + month.month - 1 - n, 12)
    return datetime.date(y, m + 1, 1)


@transaction.atomic
def record_income(file, *, acting_user, month, per_capita_fen):
    """One month's income per person; then the exit rule is checked again."""
    file = HardshipFile.objects.select_for_update().get(pk=file.pk)
    require_clerk(acting_user, file)
    if file.state != State.ACTIVE:
        raise ValidationError(_("Monthly incomes are recorded for active files."))
    if not isinstance(per_capita_fen, int) or per_capita_fen < 0:
        raise ValidationError({"per_capita": _("The income per person cannot be negative.")})
    if month is None:
        raise ValidationError({"month": _("Choose a month that has begun.")})
    not_in_future(_month(month), field="month", label=_("Month"))  # a month's income is known once it began
    MonthlyIncome.objects.update_or_create(file=file, month=_month(month),
                                           defaults={"per_capita_fen": per_capita_fen, "recorded_by": acting_user})
    update_exit_suggestion(file)
    audit.record("update", actor=acting_user, obj=file, changes={"monthly_income": [None, f"{month:%Y-%m}"]})
    return file


def update_exit_suggestion(file):
    """Exit is suggested when the latest `exit_months` consecutive months all were above 低保."""
    months = HardshipPolicy.for_year(file.year).exit_months
    latest = list(file.monthly_incomes.order_by("-month")[:months])
    suggested = (len(latest) == months and file.dibao_monthly_fen is not None
                 and all(r.month == _months_back(latest[0].month, i) for i, r in enumerate(latest))
                 and all(r.per_capita_fen > file.dibao_monthly_fen for r in latest))
    if suggested != file.exit_suggested:
        file.exit_suggested = suggested
        HardshipFile.objects.filter(pk=file.pk).update(exit_suggested=suggested)
    return suggested


@transaction.atomic
def exit_file(file, *, acting_user, kind, reason):
    """解困 / 脱困, with the reason."""
    file = HardshipFile.objects.select_for_update().get(pk=file.pk)
    require(acting_user, PERM_CHANGE, file.union, obj=file)
    if file.state != State.ACTIVE:
        raise ValidationError(_("Only an active file can exit."))
    if kind not in HardshipFile.ExitKind.values:
        raise ValidationError({"kind": _("Choose 解困 or 脱困.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the exit.")})
    before = _snapshot(file)
    file.state, file.exit_kind, file.exit_reason = State.EXITED, kind, reason[:300]
    file.exited_on, file.review_due, file.exit_suggested = timezone.localdate(), None, False
    file.save()
    close(file, "hardship_review")
    _log(file, Review.Decision.EXIT, acting_user, reason)
    sync_member_flag(file.member_id)
    audit.record("update", actor=acting_user, obj=file, reason=reason, changes=audit.diff(before, _snapshot(file)))
    return file


@transaction.atomic
def return_to_hardship(member, *, acting_user, year=None, **data):
    """返困: a new file for a member whose last file exited."""
    last = HardshipFile.objects.filter(member=member).order_by("-year", "-pk").first()
    if last is None or last.state != State.EXITED:
        raise ValidationError({"member": _("返困 is for a member whose last hardship file has exited.")})
    previous = last if not HardshipFile.objects.filter(previous=last).exists() else None
    return open_file(acting_user=acting_user, member=member, year=year, intake=Intake.RETURNED, previous=previous,
                     **data)


# --- reading the sensitive details -----------------------------------------------------------

def may_read_details(user, file):
    return can(user, PERM_DETAILS, file.union)


def read_details(files, *, acting_user, via):
    """Record that `acting_user` read the sensitive fields of `files` (a page, the API, an
    export); the caller has checked ``may_read_details``."""
    for file in files:
        audit.record("reveal", actor=acting_user, obj=file, changes={"fields": [None, "details"], "via": [None, via]})


def read_details_in_export(*, acting_user, title, filters):
    """Record that an export carried the sensitive fields of the files the filters selected."""
    audit.record("reveal", actor=acting_user, object_type="hardship.hardshipfile", object_repr=title,
                 changes={"fields": [None, "details"], "via": [None, "export"], "filters": [None, filters]})


# --- attachments and the 低保 standards ---------------------------------------------------------

@transaction.atomic
def attach(file, *, acting_user, kind, upload):
    """A diagnosis, certificate or signed form (image or PDF, checked by content)."""
    from .models import HardshipAttachment

    require_clerk(acting_user, file)
    if kind not in HardshipAttachment.Kind.values:
        raise ValidationError({"kind": _("Choose what the attachment is.")})
    try:
        att = HardshipAttachment.from_upload(upload, user=acting_user, hardship_file=file, kind=kind)
    except ValidationError as e:
        raise ValidationError({"upload": e.messages}) from None
    att.save()
    audit.record("create", actor=acting_user, obj=att, union=file.union,
                 changes={"file": [None, file.pk], "kind": [None, kind], "name": [None, att.name]})
    return att


@transaction.atomic
def save_dibao(*, acting_user, region, year, monthly_fen, note="", standard=None):
    """Add or change one division's standard for a year (the rights department, operators)."""
    from gonghui.orgs.models import Region

    require(acting_user, "hardship.change_dibaostandard" if standard else "hardship.add_dibaostandard")
    region_obj = Region.objects.filter(code=str(region).strip()).first()
    if region_obj is None:
        raise ValidationError({"region": _("No division has this code.")})
    if not isinstance(monthly_fen, int) or monthly_fen <= 0:
        raise ValidationError({"monthly": _("The standard must be more than zero.")})
    clash = DibaoStandard.objects.filter(region=region_obj, year=year)
    if standard is not None:
        clash = clash.exclude(pk=standard.pk)
    if clash.exists():
        raise ValidationError({"year": _("%(region)s already has a standard for %(year)s; change that one.") % {
            "region": region_obj.name, "year": year}})
    before = audit.snapshot(standard) if standard else {}
    standard = standard or DibaoStandard()
    standard.region, standard.year, standard.monthly_fen, standard.note = region_obj, year, monthly_fen, note.strip()
    standard.save()
    audit.record("update" if before else "create", actor=acting_user, obj=standard,
                 changes=audit.diff(before, audit.snapshot(standard)))
    return standard
