"""Every write of the assessments: the permission check, the rules, the audit record, one
transaction. A refused write changes nothing.

Who does what: the union's own staff (or anyone holding the right on the union) start the
year's assessment, score the items and add evidence while it is a draft, submit it, and
report rectification tasks done. The review belongs to the union above: a reviewer's
``review_assessment`` right must reach the union's parent, so a union's own staff never
review their own assessment, whatever role they hold there."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import ROOT_PATH_LEN, refuse, require, require_other_than, scope
from gonghui.members.models import IN_GOOD_STANDING
from gonghui.rules import rulebook
from gonghui.rules.deadlines import close, track

from .criteria import ensure_criteria
from .models import (
    Assessment,
    AssessmentItem,
    CriteriaSet,
    Criterion,
    Evidence,
    RectificationTask,
    Showcase,
    SurveyResponse,
)

ASSESSED_KINDS = ("grassroots", "joint")  # federations and township unions are not assessed
REVIEW = "assessments.review_assessment"
SHOWCASE = "assessments.designate_showcase"
MAX_TEXT = 2000


def criteria_set_for(union, on):
    """六有 for a union founded less than N years before `on`, 六规范 otherwise (a union with
    no founding date on record is taken as an established one). N is the rulebook's
    assessments.six_haves_years (five years), read as of `on` for the union's division."""
    if union.founded_on is None:
        return CriteriaSet.NORMS
    years = rulebook.value("assessments.six_haves_years", on=on, region=union.region_id).value
    try:
        cutoff = on.replace(year=on.year - years)
    except ValueError:  # 29 February
        cutoff = on.replace(year=on.year - years, day=28)
    return CriteriaSet.HAVES if union.founded_on > cutoff else CriteriaSet.NORMS


def reference_date(year):
    """The day a union's age is taken on for `year`: today within the year, else its last day."""
    today = timezone.localdate()
    return today if today.year == year else date(year, 12, 31)


def may_review(user, union):
    """The reviewer's right must reach the union above `union` (not the union itself only)."""
    parent = union.path[:-4]
    return bool(parent) and scope(user, REVIEW).covers(parent)


def require_reviewer(user, assessment):
    if not may_review(user, assessment.union):
        refuse(user, assessment, REVIEW)
    require_other_than(user, assessment.created_by_id, _("assessment"))


def _text(value, field, label):
    value = (value or "").strip()
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("%(label)s is longer than %(n)d characters.") % {"label": label,
                                                                                        "n": MAX_TEXT}})
    return value


def _item_changes(item, before):
    """An item's changes keyed by what a reader recognises: "N1 队伍建设规范化 · 自评分"."""
    return {f"{item.criterion.code} {item.criterion.name} · {AssessmentItem._meta.get_field(k).verbose_name}": v
            for k, v in audit.diff(before, audit.snapshot(item, before)).items()}


def _lock(assessment):
    return Assessment.objects.select_for_update().select_related("union").get(pk=assessment.pk)


# --- the union's own work ------------------------------------------------------------------------

@transaction.atomic
def start(*, acting_user, union, year):
    """The year's assessment of `union`, with one item per criterion of the set its age gives."""
    require(acting_user, "assessments.add_assessment", union)
    if union.kind not in ASSESSED_KINDS:
        raise ValidationError({"union": _("Only grassroots and joint unions are assessed.")})
    if Assessment.objects.filter(union=union, year=year).exists():
        raise ValidationError({"year": _("%(union)s already has an assessment for %(year)d.") % {
            "union": union.name, "year": year}})
    ensure_criteria(year)
    criteria_set = criteria_set_for(union, reference_date(year))
    criteria = list(Criterion.objects.filter(year=year, criteria_set=criteria_set).order_by("sort", "code"))
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(union=union, year=year, criteria_set=criteria_set,
                                                   created_by=acting_user)
    except IntegrityError:
        raise ValidationError({"year": _("%(union)s already has an assessment for %(year)d.") % {
            "union": union.name, "year": year}}) from None
    AssessmentItem.objects.bulk_create([AssessmentItem(assessment=assessment, criterion=c) for c in criteria])
    audit.record("create", actor=acting_user, obj=assessment, changes=audit.diff({}, audit.snapshot(assessment)))
    return assessment


def _item(assessment, item):
    if item.assessment_id != assessment.pk:
        raise ValidationError({"item": _("This item belongs to another assessment.")})
    return AssessmentItem.objects.select_related("criterion").get(pk=item.pk)


def _score(value, criterion, field):
    """A whole number of points within 0..the criterion's most, else a message naming the item."""
    message = _("The score of “%(item)s” must be a whole number from 0 to %(max)d.") % {
        "item": criterion.name, "max": criterion.max_score}
    if isinstance(value, bool) or value is None or value == "":
        raise ValidationError({field: message})
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError({field: message}) from None
    if str(number) != str(value).strip() or not 0 <= number <= criterion.max_score:
        raise ValidationError({field: message})
    return number


@transaction.atomic
def self_assess(assessment, item, *, acting_user, score, statement=""):
    """The union's own score and statement for one item, while the assessment is a draft."""
    assessment = _lock(assessment)
    require(acting_user, "assessments.change_assessment", assessment.union, obj=assessment)
    if assessment.state != Assessment.State.DRAFT:
        raise ValidationError(_("The assessment has been submitted; the self-assessment can no longer change."))
    item = _item(assessment, item)
    before = audit.snapshot(item, ("self_score", "statement"))
    item.self_score = _score(score, item.criterion, "self_score")
    item.statement = _text(statement, "statement", _("The statement"))
    item.save(update_fields=["self_score", "statement"])
    assessment.self_total = assessment.items.aggregate(t=Sum("self_score"))["t"] or 0
    assessment.save(update_fields=["self_total"])
    audit.record("update", actor=acting_user, obj=assessment, changes=_item_changes(item, before))
    return item


@transaction.atomic
def add_evidence(assessment, item, *, acting_user, uploads):
    """Files backing one item: each an image or a PDF within the size limit, else nothing is kept."""
    assessment = _lock(assessment)
    require(acting_user, "assessments.add_evidence", assessment.union, obj=assessment)
    if assessment.state != Assessment.State.DRAFT:
        raise ValidationError({"file": _("Evidence is added while the union self-assesses.")})
    item = _item(assessment, item)
    if not uploads:
        raise ValidationError({"file": _("Choose a file.")})
    files = [Evidence.from_upload(u, user=acting_user, item=item) for u in uploads]  # all checked first
    for f in files:
        f.save()
    audit.record("update", actor=acting_user, obj=assessment, changes={
        f"{item.criterion.code} {item.criterion.name} · {Evidence._meta.verbose_name}": [
            None, [f.name for f in files]]})
    return files


@transaction.atomic
def submit(assessment, *, acting_user):
    assessment = _lock(assessment)
    require(acting_user, "assessments.change_assessment", assessment.union, obj=assessment)
    if assessment.state != Assessment.State.DRAFT:
        raise ValidationError(_("The assessment has already been submitted."))
    missing = [i.criterion.name for i in assessment.items.select_related("criterion") if i.self_score is None]
    if missing:
        raise ValidationError(_("Score every item before submitting: %(items)s.") % {"items": "、".join(missing)})
    assessment.state = Assessment.State.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["state", "submitted_at"])
    audit.record("update", actor=acting_user, obj=assessment, changes={"state": ["draft", "submitted"]})
    return assessment


# --- the review by the union above ---------------------------------------------------------------

@transaction.atomic
def review_item(assessment, item, *, acting_user, score, comment=""):
    assessment = _lock(assessment)
    require_reviewer(acting_user, assessment)
    if assessment.state != Assessment.State.SUBMITTED:
        raise ValidationError(_("Only a submitted assessment is reviewed."))
    item = _item(assessment, item)
    before = audit.snapshot(item, ("reviewer_score", "reviewer_comment"))
    item.reviewer_score = _score(score, item.criterion, "reviewer_score")
    item.reviewer_comment = _text(comment, "reviewer_comment", _("The comment"))
    item.reviewed_by, item.reviewed_at = acting_user, timezone.now()
    item.save(update_fields=["reviewer_score", "reviewer_comment", "reviewed_by", "reviewed_at"])
    audit.record("update", actor=acting_user, obj=assessment, changes=_item_changes(item, before))
    return item


@transaction.atomic
def add_task(assessment, item, *, acting_user, requirement, deadline):
    """A rectification task on one item, set by the reviewer during or after the review."""
    assessment = _lock(assessment)
    require_reviewer(acting_user, assessment)
    if assessment.state == Assessment.State.DRAFT:
        raise ValidationError(_("Rectification tasks are set once the assessment is submitted."))
    item = _item(assessment, item)
    requirement = _text(requirement, "requirement", _("The requirement"))
    if not requirement:
        raise ValidationError({"requirement": _("Say what must be rectified.")})
    if not isinstance(deadline, date):
        raise ValidationError({"deadline": _("Give the deadline as a date.")})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot lie in the past.")})
    task = RectificationTask.objects.create(assessment=assessment, item=item, requirement=requirement,
                                            deadline=deadline, created_by=acting_user)
    audit.record("create", actor=acting_user, obj=task, union=assessment.union,
                 changes=audit.diff({}, audit.snapshot(task)))
    _track_task(task, assessment)
    return task


def _track_task(task, assessment):
    """The task's deadline as a stored deadline of the assessed union (open until reported done)."""
    track(task, kind="rectification", started_on=timezone.localdate(task.created_at), due_on=task.deadline,
          union=assessment.union, responsible=assessment.created_by,
          title=_("Rectification of %(union)s: %(item)s") % {"union": assessment.union.name,
                                                             "item": task.item.criterion.name},
          url=reverse("assessments:detail", args=[assessment.pk]))


@transaction.atomic
def finish_review(assessment, *, acting_user, outcome, comment=""):
    """Close the review: every item scored; "in rectification" needs an open task, "passed" none."""
    assessment = _lock(assessment)
    require_reviewer(acting_user, assessment)
    if assessment.state != Assessment.State.SUBMITTED:
        raise ValidationError(_("Only a submitted assessment is reviewed."))
    if outcome not in Assessment.Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    items = list(assessment.items.select_related("criterion"))
    missing = [i.criterion.name for i in items if i.reviewer_score is None]
    if missing:
        raise ValidationError(_("Score every item before closing the review: %(items)s.") % {
            "items": "、".join(missing)})
    open_tasks = assessment.tasks.exclude(state=RectificationTask.State.VERIFIED).exists()
    if outcome == Assessment.Outcome.RECTIFICATION and not open_tasks:
        raise ValidationError({"outcome": _("Set at least one rectification task first.")})
    if outcome == Assessment.Outcome.PASSED and open_tasks:
        raise ValidationError({"outcome": _("Rectification tasks are still open; choose “in rectification”.")})
    before = audit.snapshot(assessment)
    assessment.state, assessment.outcome = Assessment.State.REVIEWED, outcome
    assessment.review_total = sum(i.reviewer_score for i in items)
    assessment.review_comment = _text(comment, "comment", _("The opinion"))
    assessment.reviewed_by, assessment.reviewed_at = acting_user, timezone.now()
    assessment.save()
    audit.record("update", actor=acting_user, obj=assessment, changes=audit.diff(before, audit.snapshot(assessment)))
    return assessment


@transaction.atomic
def report_task_done(task, *, acting_user, note=""):
    task = RectificationTask.objects.select_for_update().select_related("assessment__union").get(pk=task.pk)
    require(acting_user, "assessments.change_rectificationtask", task.assessment.union, obj=task)
    if task.state != RectificationTask.State.OPEN:
        raise ValidationError(_("This task is not open."))
    task.note = _text(note, "note", _("The note"))
    task.state, task.done_at = RectificationTask.State.DONE, timezone.now()
    task.save(update_fields=["state", "note", "done_at"])
    close(task, "rectification")
    audit.record("update", actor=acting_user, obj=task, union=task.assessment.union,
                 changes={"state": ["open", "done"]})
    return task


@transaction.atomic
def verify_task(task, *, acting_user, accept=True):
    """The reviewer accepts the work (verified) or sends the task back (open again). When the
    last task of an assessment in rectification is verified, the assessment has passed."""
    task = RectificationTask.objects.select_for_update().select_related("assessment__union").get(pk=task.pk)
    require_reviewer(acting_user, task.assessment)
    if task.state != RectificationTask.State.DONE:
        raise ValidationError(_("Only a task reported done is verified."))
    new = RectificationTask.State.VERIFIED if accept else RectificationTask.State.OPEN
    task.state = new
    task.verified_at = timezone.now() if accept else None
    task.save(update_fields=["state", "verified_at"])
    if not accept:  # sent back: the deadline is open again
        _track_task(task, task.assessment)
    audit.record("update", actor=acting_user, obj=task, union=task.assessment.union, changes={"state": ["done", new]})
    a = task.assessment
    if (accept and a.outcome == Assessment.Outcome.RECTIFICATION
            and not a.tasks.exclude(state=RectificationTask.State.VERIFIED).exists()):
        Assessment.objects.filter(pk=a.pk).update(outcome=Assessment.Outcome.PASSED)
        audit.record("update", actor=acting_user, obj=a, changes={"outcome": ["rectification", "passed"]},
                     reason=_("Every rectification task verified."))
    return task


# --- showcases -----------------------------------------------------------------------------------

@transaction.atomic
def designate_showcase(*, acting_user, union, year, level, citation=""):
    """The city federation names a union a showcase (示范点) of the year: a city one, or one of
    those it puts forward for the provincial list (seed 003: 吉安's 22 provincial and 14 city)."""
    if union.depth < 2 or not scope(acting_user, SHOWCASE).covers(union.path[:ROOT_PATH_LEN]):
        refuse(acting_user, union, SHOWCASE)
    if level not in Showcase.Level.values:
        raise ValidationError({"level": _("Choose city or provincial showcase.")})
    if union.kind not in ASSESSED_KINDS:
        raise ValidationError({"union": _("Only grassroots and joint unions are designated showcases.")})
    if Showcase.objects.filter(union=union, year=year, level=level).exists():
        raise ValidationError({"union": _("%(union)s is already a showcase of this level for %(year)d.") % {
            "union": union.name, "year": year}})
    showcase = Showcase.objects.create(union=union, year=year, level=level, designated_by=acting_user,
                                       citation=_text(citation, "citation", _("The citation"))[:200])
    audit.record("create", actor=acting_user, obj=showcase, changes=audit.diff({}, audit.snapshot(showcase)))
    return showcase


@transaction.atomic
def publish_showcases(*, acting_user, year):
    """Publish the year's designated showcases (the city federation's act); returns how many."""
    if not scope(acting_user, SHOWCASE).everything:
        refuse(acting_user, None, SHOWCASE)
    qs = Showcase.objects.restrict(acting_user, "designate").filter(year=year, published_at__isnull=True)
    ids = list(qs.values_list("pk", flat=True))
    if not ids:
        raise ValidationError(_("No unpublished showcases for %(year)d.") % {"year": year})
    Showcase.objects.filter(pk__in=ids).update(published_at=timezone.now())
    audit.record("update", actor=acting_user, object_type="assessments.showcase", object_repr=str(year),
                 changes={"published": [None, len(ids)]}, union=None)
    return len(ids)


# --- the members' survey -------------------------------------------------------------------------

@transaction.atomic
def answer_survey(*, member, year, answers, comment=""):
    """A member's answers (five stars 1–5) about their own union, once a year."""
    if member.status not in IN_GOOD_STANDING:
        raise ValidationError(_("Only members in good standing answer the survey."))
    stars = []
    for i, value in enumerate(answers, start=1):
        try:
            n = int(value)
        except (TypeError, ValueError):
            n = 0
        if not 1 <= n <= 5:
            raise ValidationError({f"q{i}": _("Question %(n)d: choose from 1 to 5 stars.") % {"n": i}})
        stars.append(n)
    if len(stars) != 5:
        raise ValidationError(_("Answer all five questions."))
    comment = (comment or "").strip()
    if len(comment) > 300:
        raise ValidationError({"comment": _("The comment is longer than 300 characters.")})
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                union=member.union, member=member, year=year, comment=comment,
                **{f"q{i}": s for i, s in enumerate(stars, start=1)})
    except IntegrityError:
        raise ValidationError(_("You have already answered this year's survey.")) from None
    audit.record("create", actor=member.user, obj=response, union=member.union,
                 changes={"year": [None, year]})
    return response
