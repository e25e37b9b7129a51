"""Every write of mutual medical aid and screening: the permission check, the rules, the
audit record, one transaction. A refused batch writes nothing."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, dates
from gonghui.core.access import ancestor_paths, require, require_other_than
from gonghui.core.dates import not_in_future
from gonghui.core.money import yuan
from gonghui.members.models import IN_GOOD_STANDING, Member
from gonghui.notices.services import notify
from gonghui.orgs.models import Union

from . import payout
from .models import (
    Claim,
    ClaimAttachment,
    CoveredDisease,
    EnrolledMember,
    Enrolment,
    Payer,
    Plan,
    ScreeningBooking,
    ScreeningQuota,
    stay_days,
)

MAX_PLAN_DEPTH = 2  # plans are set by the city federation (depth 1) or a county federation (depth 2)


# --- plans -------------------------------------------------------------------------------------

def _check_plan(union, values):
    if union.kind != "federation" or union.depth > MAX_PLAN_DEPTH:
        raise ValidationError({"union": _("Only the city federation or a county federation sets a mutual-aid plan.")})
    if values["premium_per_share_fen"] <= 0:
        raise ValidationError({"premium_per_share_fen": _("The premium per share must be more than zero.")})
    if values["max_shares"] < 1:
        raise ValidationError({"max_shares": _("A member may hold at least one share.")})
    if values["max_days_per_stay"] > values["max_days_per_year"]:
        raise ValidationError({"max_days_per_stay": _("The paid days per stay cannot exceed the paid days per year.")})
    if values["cap_per_stay_fen"] > values["cap_per_year_fen"]:
        raise ValidationError({"cap_per_stay_fen": _("The cap per stay cannot exceed the cap per year.")})


def _check_diseases(diseases):
    codes = set()
    for i, d in enumerate(diseases, start=1):
        if d["kind"] not in CoveredDisease.Kind.values or not d["code"].strip() or not d["name"].strip():
            raise ValidationError({"diseases": _("Disease line %(n)d: give the cover, a code and a name.") % {"n": i}})
        if d["lump_sum_fen"] <= 0:
            raise ValidationError({"diseases": _("Disease line %(n)d: the lump sum must be more than zero.")
                                   % {"n": i}})
        if d["code"] in codes:
            raise ValidationError({"diseases": _("Disease line %(n)d: the code %(code)s is listed twice.") % {
                "n": i, "code": d["code"]}})
        codes.add(d["code"])


def default_max_shares(region=None):
    from gonghui.rules import rulebook

    return rulebook.value("medicalaid.max_shares", region=region).value


@transaction.atomic
def create_plan(*, acting_user, union, year, name, premium_per_share_fen, daily_allowance_fen, cap_per_stay_fen,
                cap_per_year_fen, max_shares=None, min_days=3, max_days_per_stay=60, max_days_per_year=120, note="",
                diseases=()):
    """A federation's plan for a year, with its list of covered diseases (dicts of kind, code,
    name, lump_sum_fen)."""
    require(acting_user, "medicalaid.add_plan", union)
    if max_shares is None:  # the rulebook's default (medicalaid.max_shares), for the plan's division
        max_shares = default_max_shares(union.region_id)
    values = {"name": name, "premium_per_share_fen": premium_per_share_fen, "max_shares": max_shares,
              "daily_allowance_fen": daily_allowance_fen, "min_days": min_days,
              "max_days_per_stay": max_days_per_stay, "max_days_per_year": max_days_per_year,
              "cap_per_stay_fen": cap_per_stay_fen, "cap_per_year_fen": cap_per_year_fen, "note": note or ""}
    _check_plan(union, values)
    diseases = [dict(d) for d in diseases]
    _check_diseases(diseases)
    if Plan.objects.filter(union=union, year=year).exists():
        raise ValidationError({"year": _("%(union)s already has a plan for %(year)d.") % {
            "union": union.name, "year": year}})
    plan = Plan.objects.create(union=union, year=year, created_by=acting_user, **values)
    CoveredDisease.objects.bulk_create([CoveredDisease(plan=plan, **d) for d in diseases])
    audit.record("create", actor=acting_user, obj=plan, changes=audit.diff({}, audit.snapshot(plan))
                 | {"diseases": [None, [d["name"] for d in diseases]]})
    return plan


def plan_for(union, year):
    """The plan that covers `union` in `year`: the nearest federation above it (or itself)
    that set one — a county's own plan before the city's."""
    paths = [*ancestor_paths(union.path), union.path]
    return (Plan.objects.filter(year=year, union__path__in=paths).select_related("union")
            .order_by("-union__depth").first())


# --- enrolment ---------------------------------------------------------------------------------

MAX_ROW_ERRORS = 50  # a whole roster of wrong numbers would bury the form


def _shares(value):
    """A whole number of shares from a form line or a spreadsheet cell, else 0 (refused)."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, float):
        return int(value) if value.is_integer() else 0
    if isinstance(value, int):
        return value
    text = str(value or "").strip()
    return int(text) if text.isdigit() else 0


def _row_error(n, number, message):
    return _("Row %(n)d (member %(number)s): %(message)s") % {"n": n, "number": number, "message": message}


@transaction.atomic
def enrol(*, acting_user, union, year, payer=Payer.UNION, rows):
    """Enrol members of `union` (and the unions below it) for `year` under the plan that covers
    it. `rows` are (member number, shares). Every row is checked first; one bad row refuses the
    batch with a message for each bad row, and nothing is written."""
    require(acting_user, "medicalaid.add_enrolment", union)
    plan = plan_for(union, year)
    if plan is None:
        raise ValidationError({"year": _("No mutual-aid plan covers %(union)s in %(year)d.") % {
            "union": union.name, "year": year}})
    if payer not in Payer.values:
        raise ValidationError({"payer": _("Choose who pays the premium.")})
    rows = [(str(number).strip(), shares) for number, shares in rows]
    if not rows:
        raise ValidationError({"rows": _("List at least one member.")})
    members = {m.number: m for m in Member.objects.filter(number__in=[r[0] for r in rows])
               .select_related("union", "last_event")}
    already = set(EnrolledMember.objects.filter(year=year, member__number__in=members)
                  .values_list("member__number", flat=True))
    errors, seen, lines = [], set(), []
    for n, (number, shares) in enumerate(rows, start=1):
        member = members.get(number)
        if member is None or not member.union.path.startswith(union.path):
            errors.append(_row_error(n, number, _("no such member in %(union)s.") % {"union": union.name}))
            continue
        if member.status not in IN_GOOD_STANDING:
            errors.append(_row_error(n, number, _("%(name)s is not a member in good standing.") % {
                "name": member.name}))
        if number in seen:
            errors.append(_row_error(n, number, _("listed twice.")))
        elif number in already:
            errors.append(_row_error(n, number, _("%(name)s is already enrolled for %(year)d.") % {
                "name": member.name, "year": year}))
        seen.add(number)
        shares = _shares(shares)
        if not 1 <= shares <= plan.max_shares:
            errors.append(_row_error(n, number, _("shares must be from 1 to %(max)d.") % {"max": plan.max_shares}))
        lines.append((member, shares))
    if errors:
        if len(errors) > MAX_ROW_ERRORS:
            more = len(errors) - MAX_ROW_ERRORS
            errors = [*errors[:MAX_ROW_ERRORS], _("… and %(n)d more rows with problems.") % {"n": more}]
        raise ValidationError({"rows": errors})
    enrolment = Enrolment.objects.create(union=union, plan=plan, year=year, payer=payer, created_by=acting_user,
                                         people=len(lines), shares=sum(s for _m, s in lines),
                                         total_premium_fen=sum(s for _m, s in lines) * plan.premium_per_share_fen)
    try:
        with transaction.atomic():
            EnrolledMember.objects.bulk_create([
                EnrolledMember(enrolment=enrolment, plan=plan, year=year, member=m, union=m.union, shares=s,
                               premium_fen=s * plan.premium_per_share_fen) for m, s in lines])
    except IntegrityError:  # a clerk elsewhere enrolled one of them a moment ago
        raise ValidationError({"rows": _("Some of these members were enrolled at the same moment by someone "
                                         "else; check the list and try again.")}) from None
    audit.record("medicalaid_enrol", actor=acting_user, obj=enrolment, changes={
        "people": [None, enrolment.people], "shares": [None, enrolment.shares],
        "total_premium_fen": [None, enrolment.total_premium_fen], "payer": [None, payer],
        "members": [None, [m.number for m, _s in lines]]})
    return enrolment


def rows_from_xlsx(upload):
    """(member number, shares) from an xlsx whose first sheet has a header row with the
    member number and the shares (会员号, 份数) in its first two columns."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(upload)
        sheet = book.get_sheet_by_index(0).to_python()
    except Exception:  # noqa: BLE001 - any unreadable file gets the same answer
        raise ValidationError({"file": _("This is not a readable xlsx file.")}) from None
    rows = []
    for cells in sheet[1:]:
        if not cells or all(c in ("", None) for c in cells):
            continue
        number = cells[0]
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        shares = cells[1] if len(cells) > 1 else 1
        rows.append((str(number).strip(), shares if shares not in ("", None) else 1))
    if not rows:
        raise ValidationError({"file": _("The file lists no members.")})
    return rows


# --- claims ------------------------------------------------------------------------------------

PAID_STATES = (Claim.State.APPROVED, Claim.State.PAID)


def _earlier(enrolled, exclude=None):
    """The member's claims of the plan year that count against its limits."""
    qs = Claim.objects.filter(enrolled=enrolled, state__in=PAID_STATES)
    return qs.exclude(pk=exclude) if exclude else qs


def compute_for(enrolled, *, admitted_on, discharged_on, disease, exclude=None):
    """The payout of a stay given the member's approved and paid claims of the plan year."""
    earlier = _earlier(enrolled, exclude)
    sums = earlier.aggregate(days=Sum("paid_days"), fen=Sum("allowance_fen"))
    lump_paid = disease is not None and earlier.filter(disease=disease, lump_fen__gt=0).exists()
    lump = payout.Lump(disease.name, disease.lump_sum_fen, lump_paid) if disease is not None else None
    return payout.compute(payout.Rules.of(enrolled.plan), shares=enrolled.shares,
                          days=stay_days(admitted_on, discharged_on), paid_days_before=sums["days"] or 0,
                          allowance_paid_before=sums["fen"] or 0, lump=lump)


@transaction.atomic
def file_claim(*, acting_user, member, admitted_on, discharged_on, hospital, diagnosis, disease_code="",
               uploads=()):
    """A claim for one hospital stay of an enrolled member, with its computed payout."""
    require(acting_user, "medicalaid.add_claim", member.union, obj=member)
    if discharged_on < admitted_on:
        raise ValidationError({"discharged_on": _("The discharge date is before the admission date.")})
    not_in_future(admitted_on, field="admitted_on", label=_("Admitted on"))
    not_in_future(discharged_on, field="discharged_on", label=_("Discharged on"))  # claims follow the stay
    if not hospital.strip():
        raise ValidationError({"hospital": _("Name the hospital.")})
    if not diagnosis.strip():
        raise ValidationError({"diagnosis": _("Give the diagnosis.")})
    year = admitted_on.year
    # The member's enrolment row is the lock that serialises their claims (overlap, caps).
    enrolled = (EnrolledMember.objects.select_for_update(of=("self",)).select_related("plan")
                .filter(member=member, year=year).first())
    if enrolled is None:
        raise ValidationError({"member": _("%(name)s is not enrolled in mutual medical aid for %(year)d.") % {
            "name": member.name, "year": year}})
    disease = None
    if disease_code:
        disease = enrolled.plan.diseases.filter(code=disease_code).first()
        if disease is None:
            raise ValidationError({"disease_code": _("The plan does not cover the disease %(code)s.") % {
                "code": disease_code}})
        if disease.kind == CoveredDisease.Kind.WOMEN and member.sex != "F":
            raise ValidationError({"disease_code": _("The women's special-disease cover is for women members "
                                                     "only.")})
    overlapping = Claim.objects.filter(member=member).exclude(state=Claim.State.REJECTED).filter(
        Q(admitted_on__lt=discharged_on, discharged_on__gt=admitted_on) | Q(admitted_on=admitted_on)).first()
    if overlapping is not None:
        raise ValidationError({"admitted_on": _("This stay overlaps the claim for the stay from %(a)s to %(d)s.") % {
            "a": dates.show(overlapping.admitted_on), "d": dates.show(overlapping.discharged_on)}})
    attachments = [ClaimAttachment.from_upload(u, user=acting_user) for u in uploads]  # checked before writing
    result = compute_for(enrolled, admitted_on=admitted_on, discharged_on=discharged_on, disease=disease)
    claim = Claim.objects.create(
        member=member, union=member.union, enrolled=enrolled, plan=enrolled.plan, year=year,
        admitted_on=admitted_on, discharged_on=discharged_on, hospital=hospital.strip(),
        diagnosis=diagnosis.strip(), disease=disease, payout_fen=result.fen, allowance_fen=result.allowance_fen,
        lump_fen=result.lump_fen, paid_days=result.paid_days, explanation=result.lines, created_by=acting_user)
    for a in attachments:
        a.claim = claim
        a.save()
    audit.record("create", actor=acting_user, obj=claim, changes=audit.diff({}, audit.snapshot(claim))
                 | {"attachments": [None, [a.name for a in attachments]]})
    return claim


@transaction.atomic
def attach(claim, *, acting_user, uploads):
    """More papers for a claim still waiting for review (a discharge summary that came late)."""
    require(acting_user, "medicalaid.add_claim", claim.union, obj=claim)
    if claim.state != Claim.State.SUBMITTED:
        raise ValidationError(_("Papers can be added only while the claim waits for review."))
    attachments = [ClaimAttachment.from_upload(u, user=acting_user, claim=claim) for u in uploads]
    if not attachments:
        raise ValidationError({"file": _("Choose a file.")})
    for a in attachments:
        a.save()
    audit.record("update", actor=acting_user, obj=claim, changes={"attachments": [None, [a.name for a in attachments]]})
    return attachments


def read_claim(claim, *, acting_user, what="diagnosis"):
    """A claim's health data (diagnosis, disease, attachments) is sensitive personal
    information (PIPL art. 28): each read of it by staff goes to the audit trail."""
    audit.record("reveal", actor=acting_user, obj=claim, changes={"field": [None, what]})
    return claim


def _locked(claim):
    return Claim.objects.select_for_update(of=("self",)).select_related("member", "union", "plan").get(pk=claim.pk)


@transaction.atomic
def review(claim, *, acting_user, approve, opinion=""):
    """Approve (the payout is computed again, against the claims approved meanwhile) or
    reject with an opinion."""
    require(acting_user, "medicalaid.change_claim", claim.union, obj=claim)
    EnrolledMember.objects.select_for_update().filter(pk=claim.enrolled_id).first()
    claim = _locked(claim)
    require_other_than(acting_user, claim.created_by_id, _("claim"))
    if claim.state != Claim.State.SUBMITTED:
        raise ValidationError(_("This claim has already been reviewed."))
    opinion = (opinion or "").strip()
    if not approve and not opinion:
        raise ValidationError({"opinion": _("Please give the reason for rejecting the claim.")})
    before = audit.snapshot(claim)
    if approve:
        result = compute_for(claim.enrolled, admitted_on=claim.admitted_on, discharged_on=claim.discharged_on,
                             disease=claim.disease, exclude=claim.pk)
        claim.payout_fen, claim.allowance_fen, claim.lump_fen = result.fen, result.allowance_fen, result.lump_fen
        claim.paid_days = result.paid_days
        claim.explanation = result.lines
    claim.state = Claim.State.APPROVED if approve else Claim.State.REJECTED
    claim.opinion, claim.reviewed_by, claim.reviewed_at = opinion, acting_user, timezone.now()
    claim.save()
    audit.record("claim_approved" if approve else "claim_rejected", actor=acting_user, obj=claim, reason=opinion,
                 changes=audit.diff(before, audit.snapshot(claim)))
    from django.urls import reverse

    if approve:
        title = _("Your mutual-aid claim is approved: %(amount)s yuan") % {"amount": yuan(claim.payout_fen)}
    else:
        title = _("Your mutual-aid claim is not approved")
    notify(claim.member, kind="claim_decided", title=title, body=opinion, obj=claim, url=reverse("medicalaid:mine"),
           acting_user=acting_user)
    return claim


@transaction.atomic
def pay(claim, *, acting_user, payment_ref=""):
    """Record that an approved claim's payout reached the member."""
    require(acting_user, "medicalaid.change_claim", claim.union, obj=claim)
    claim = _locked(claim)
    if claim.state != Claim.State.APPROVED:
        raise ValidationError(_("Only an approved claim can be paid."))
    claim.state, claim.paid_by, claim.paid_at = Claim.State.PAID, acting_user, timezone.now()
    claim.payment_ref = (payment_ref or "").strip()[:60]
    claim.save(update_fields=["state", "paid_by", "paid_at", "payment_ref"])
    audit.record("claim_paid", actor=acting_user, obj=claim, changes={"state": ["approved", "paid"],
                                                               "payout": [None, yuan(claim.payout_fen)]})
    return claim


# --- screening ---------------------------------------------------------------------------------

@transaction.atomic
def set_quota(*, acting_user, union, year, slots):
    """The federation above a union sets (or changes) its screening slots for a year.

    Slots are shared out from the top down: when a union above has a quota of its own, the
    slots given to the unions below it come out of that quota (its `allocated`), by a
    conditional UPDATE that the CheckConstraint backs, so the slots below never add up to
    more than the quota above."""
    parent = Union.objects.get_parent(union)
    if parent is None:
        raise ValidationError({"union": _("The city federation's own quota is not set in Gonghui.")})
    require(acting_user, "medicalaid.add_screeningquota", parent, obj=union)
    if slots is None or slots < 0:
        raise ValidationError({"slots": _("The number of slots cannot be negative.")})
    quota = ScreeningQuota.objects.select_for_update().filter(union=union, year=year).first()
    if quota is None and ScreeningQuota.objects.filter(year=year, union__path__startswith=union.path).exists():
        raise ValidationError({"union": _("Unions below %(union)s already have quotas for %(year)d; set quotas from "
                                          "the top down.") % {"union": union.name, "year": year}})
    if quota is not None and slots < quota.booked + quota.allocated:
        raise ValidationError({"slots": _("%(used)d slots are booked or given to the unions below; the quota cannot "
                                          "be smaller.") % {"used": quota.booked + quota.allocated}})
    delta = slots - (quota.slots if quota is not None else 0)
    above = quota_for(parent, year)
    if above is not None and delta:
        taken = ScreeningQuota.objects.filter(
            pk=above.pk, slots__gte=F("booked") + F("allocated") + delta).update(allocated=F("allocated") + delta)
        if not taken:
            above.refresh_from_db()
            raise ValidationError({"slots": _("%(union)s has only %(free)d slots left to give for %(year)d.") % {
                "union": above.union.name, "free": above.free, "year": year}})
    if quota is None:
        try:
            with transaction.atomic():
                quota = ScreeningQuota.objects.create(union=union, year=year, slots=slots, set_by=acting_user)
        except IntegrityError:  # set at the same moment by someone else; the slots taken above roll back
            raise ValidationError({"union": _("The quota of %(union)s for %(year)d was set at the same moment by "
                                              "someone else; open it again.") % {"union": union.name, "year": year}
                                   }) from None
        audit.record("create", actor=acting_user, obj=quota, changes={"slots": [None, slots]})
        return quota
    before = quota.slots
    quota.slots, quota.set_by, quota.updated_at = slots, acting_user, timezone.now()
    quota.save(update_fields=["slots", "set_by", "updated_at"])
    audit.record("update", actor=acting_user, obj=quota, changes={"slots": [before, slots]})
    return quota


def quota_for(union, year):
    """The quota a member of `union` books from: her union's, or the nearest one above it."""
    paths = [*ancestor_paths(union.path), union.path]
    return (ScreeningQuota.objects.filter(year=year, union__path__in=paths).select_related("union")
            .order_by("-union__depth").first())


@transaction.atomic
def book_screening(*, acting_user, member, year):
    """Book a 两癌 screening slot for a woman member within her union's quota.

    The slot is taken by one conditional UPDATE (booked + 1 where booked < slots): concurrent
    bookings queue on the quota row and the last free slot goes to exactly one of them; the
    CheckConstraint stands behind it."""
    require(acting_user, "medicalaid.add_screeningbooking", member.union, obj=member)
    if member.sex != "F":
        raise ValidationError({"member": _("Two-cancer screening is for women members.")})
    if member.status not in IN_GOOD_STANDING:
        raise ValidationError({"member": _("%(name)s is not a member in good standing.") % {"name": member.name}})
    quota = quota_for(member.union, year)
    if quota is None:
        raise ValidationError({"year": _("%(union)s has no screening quota for %(year)d.") % {
            "union": member.union.name, "year": year}})
    if ScreeningBooking.objects.filter(member=member, year=year).exclude(state="cancelled").exists():
        raise ValidationError({"member": _("%(name)s already has a screening booked for %(year)d.") % {
            "name": member.name, "year": year}})
    taken = ScreeningQuota.objects.filter(pk=quota.pk, slots__gt=F("booked") + F("allocated")).update(
        booked=F("booked") + 1)
    if not taken:
        raise ValidationError({"year": _("The screening quota of %(union)s for %(year)d is used up (%(slots)d "
                                         "slots).") % {"union": quota.union.name, "year": year, "slots": quota.slots}})
    try:
        with transaction.atomic():
            booking = ScreeningBooking.objects.create(quota=quota, year=year, member=member, union=member.union,
                                                      booked_by=acting_user)
    except IntegrityError:
        raise ValidationError({"member": _("%(name)s already has a screening booked for %(year)d.") % {
            "name": member.name, "year": year}}) from None
    audit.record("screening_booked", actor=acting_user, obj=booking, changes={"quota": [None, quota.pk]})
    return booking


@transaction.atomic
def cancel_booking(booking, *, acting_user):
    """The booking union cancels a slot not yet used; the slot returns to the quota."""
    require(acting_user, "medicalaid.add_screeningbooking", booking.union, obj=booking)
    booking = ScreeningBooking.objects.select_for_update().get(pk=booking.pk)
    if booking.state != ScreeningBooking.State.BOOKED:
        raise ValidationError(_("Only a booked screening that has not taken place can be cancelled."))
    booking.state = ScreeningBooking.State.CANCELLED
    booking.save(update_fields=["state"])
    ScreeningQuota.objects.filter(pk=booking.quota_id).update(booked=F("booked") - 1)
    audit.record("screening_cancelled", actor=acting_user, obj=booking, changes={"state": ["booked", "cancelled"]})
    return booking


@transaction.atomic
def record_screening(booking, *, acting_user, screened_on, result, note=""):
    """The date and result of a screening, as the hospital reported them."""
    require(acting_user, "medicalaid.change_screeningbooking", booking.union, obj=booking)
    booking = ScreeningBooking.objects.select_for_update().get(pk=booking.pk)
    if booking.state != ScreeningBooking.State.BOOKED:
        raise ValidationError(_("Only a booked screening can be given a result."))
    if result not in ScreeningBooking.Result.values:
        raise ValidationError({"result": _("Choose a result.")})
    not_in_future(screened_on, field="screened_on", label=_("Screened on"))
    before = audit.snapshot(booking)
    booking.state, booking.screened_on, booking.result = ScreeningBooking.State.SCREENED, screened_on, result
    booking.result_note = (note or "").strip()[:300]
    booking.save()
    audit.record("update", actor=acting_user, obj=booking, changes=audit.diff(before, audit.snapshot(booking)))
    return booking

