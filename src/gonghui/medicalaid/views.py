"""Mutual medical aid pages: plans, enrolments, claims with their payout arithmetic and
review, screening quotas and bookings, and the member's own page."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit, bulk
from gonghui.core.access import can, get_object, needs, refuse
from gonghui.core.forms import apply_service_errors, form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.members.models import Member

from . import queries, services
from .filtersets import (
    BookingFilterSet,
    ClaimFilterSet,
    EnrolledFilterSet,
    EnrolmentFilterSet,
    PlanFilterSet,
    QuotaFilterSet,
)
from .forms import BookingForm, ClaimForm, EnrolForm, PlanForm, QuotaForm, ResultForm
from .models import (
    Claim,
    ClaimAttachment,
    CoveredDisease,
    EnrolledMember,
    Enrolment,
    Plan,
    ScreeningBooking,
    ScreeningQuota,
)
from .tables import BookingTable, ClaimTable, EnrolledTable, EnrolmentTable, PlanTable, QuotaTable

FORM = "orgs/form.html"



def _member(user, number, perm="medicalaid.add_claim"):
    """The member with this number among those the user may act for (else a form error: a
    number outside the user's unions is "not found", as a missing one)."""
    member = (Member.objects.restrict(user).select_related("union", "last_event")
              .filter(number=(number or "").strip()).first())
    if member is None or not can(user, perm, member.union):
        raise ValidationError({"member_number": _("No member with this number in your unions.")})
    return member


# --- plans -------------------------------------------------------------------------------------

class PlanList(ListPage):
    model = Plan
    filterset_class = PlanFilterSet
    table_class = PlanTable
    title = gettext_lazy("Mutual-aid plans")
    add_url_name = "medicalaid:plan_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@login_required
def plan_detail(request, pk):
    plan = get_object(request.user, Plan.objects.select_related("union", "created_by"), pk=pk)
    under = plan.union
    return render(request, "medicalaid/plan_detail.html", {
        "title": str(plan), "plan": plan, "diseases": plan.diseases.all(),
        "enrolled": queries.enrolment_totals(request.user, plan.year, under),
        "claimed": queries.claim_totals(request.user, plan.year, under),
        "history": audit.history(plan, without=("reveal",)),
    })


@needs("medicalaid.add_plan")
def plan_create(request):
    form = PlanForm(request.POST or None, user=request.user)

    def save(data):
        plan = services.create_plan(acting_user=request.user, **data)
        messages.success(request, _("Plan saved."))
        return redirect("medicalaid:plan_detail", plan.pk)

    return form_page(request, form, _("New mutual-aid plan"), save, template=FORM)


# --- enrolments --------------------------------------------------------------------------------

class EnrolmentList(ListPage):
    model = Enrolment
    filterset_class = EnrolmentFilterSet
    table_class = EnrolmentTable
    title = gettext_lazy("Mutual-aid enrolments")
    add_url_name = "medicalaid:enrol"

    def get_queryset(self):
        return super().get_queryset().select_related("union", "plan", "created_by")


class EnrolledList(ListPage):
    model = EnrolledMember
    filterset_class = EnrolledFilterSet
    table_class = EnrolledTable
    title = gettext_lazy("Enrolled members")

    def get_queryset(self):
        return super().get_queryset().select_related("member", "union")


@login_required
def enrolment_detail(request, pk):
    enrolment = get_object(request.user, Enrolment.objects.select_related("union", "plan", "created_by"), pk=pk)
    lines = enrolment.lines.select_related("member", "union").order_by("member__number")
    return render(request, "medicalaid/enrolment_detail.html", {
        "title": str(enrolment), "e": enrolment, "lines": lines[:500], "count": enrolment.people,
        "history": audit.history(enrolment, without=("reveal",)),
    })


@needs("medicalaid.add_enrolment")
def enrol(request):
    form = EnrolForm(request.POST or None, request.FILES or None, user=request.user)

    def save(data):
        rows = services.rows_from_xlsx(data["file"]) if data.get("file") else data["rows"]
        done = services.enrol(acting_user=request.user, union=data["union"], year=data["year"], payer=data["payer"],
                              rows=rows)
        messages.success(request, _("%(people)d members enrolled for %(year)d.") % {"people": done.people,
                                                                                   "year": done.year})
        return redirect("medicalaid:enrolment_detail", done.pk)

    return form_page(request, form, _("Enrol members in mutual medical aid"), save, template=FORM)


# --- claims ------------------------------------------------------------------------------------

class ClaimList(ListPage):
    model = Claim
    filterset_class = ClaimFilterSet
    table_class = ClaimTable
    title = gettext_lazy("Mutual-aid claims")
    add_url_name = "medicalaid:claim_create"
    bulk_actions = (("approve", gettext_lazy("Approve selected"), "medicalaid:claim_bulk"),
                    ("reject", gettext_lazy("Reject selected"), "medicalaid:claim_bulk"))

    def get_queryset(self):
        return super().get_queryset().select_related("member", "union", "disease")


def _diseases(user):
    """Diseases of the plans the user sees for this year and the last (for the claim form)."""
    year = timezone.localdate().year
    seen, out = set(), []
    for d in CoveredDisease.objects.filter(plan__in=Plan.objects.restrict(user).filter(year__gte=year - 1)).order_by(
            "kind", "code"):
        if d.code not in seen:
            seen.add(d.code)
            out.append(d)
    return out


@needs("medicalaid.add_claim")
def claim_create(request):
    form = ClaimForm(request.POST or None, request.FILES or None, diseases=_diseases(request.user),
                     initial={"member_number": request.GET.get("member", "")})

    def save(data):
        member = _member(request.user, data["member_number"])
        upload = data.get("attachment")
        claim = services.file_claim(acting_user=request.user, member=member, admitted_on=data["admitted_on"],
                                    discharged_on=data["discharged_on"], hospital=data["hospital"],
                                    diagnosis=data["diagnosis"], disease_code=data.get("disease_code") or "",
                                    uploads=[upload] if upload else [])
        messages.success(request, _("Claim filed; it waits for review."))
        return redirect("medicalaid:claim_detail", claim.pk)

    return form_page(request, form, _("File a mutual-aid claim"), save, template=FORM)


@login_required
def claim_detail(request, pk):
    claim = get_object(request.user, Claim.objects.select_related(
        "member", "union", "plan", "plan__union", "disease", "enrolled", "created_by", "reviewed_by", "paid_by"),
        pk=pk)
    services.read_claim(claim, acting_user=request.user)
    may_change = can(request.user, "medicalaid.change_claim", claim.union)
    return render(request, "medicalaid/claim_detail.html", {
        "title": _("Claim %(pk)d") % {"pk": claim.pk}, "c": claim, "attachments": claim.attachments.all(),
        "can_review": may_change and claim.state == Claim.State.SUBMITTED,
        "can_pay": may_change and claim.state == Claim.State.APPROVED,
        "can_attach": claim.state == Claim.State.SUBMITTED and can(request.user, "medicalaid.add_claim", claim.union),
        "history": audit.history(claim, without=("reveal",)),
    })


@login_required
@require_POST
def claim_bulk(request):
    """Approve or reject the ticked claims at once, each through `services.review` (the payout
    computed again for each), after a confirmation page; claims the user filed are skipped."""
    def decide(approve):
        return lambda c, opinion: services.review(c, acting_user=request.user, approve=approve, opinion=opinion)

    return bulk.decide_many(
        request, permission="medicalaid.change_claim", back=reverse("medicalaid:claims"),
        queryset=Claim.objects.restrict(request.user).select_related("member", "union").order_by("created_at", "pk"),
        describe=lambda c: f"{c.member.name}（{c.hospital}）", union=lambda c: c.union.name,
        state=lambda c: c.get_state_display(), submitted_by=lambda c: {c.created_by_id},
        actions={
            "approve": bulk.Action(act=decide(True), verb=_("Approved"), title=_("Approve these claims?"),
                                   confirm=_("Approve all %(n)d")),
            "reject": bulk.Action(act=decide(False), verb=_("Rejected"), title=_("Reject these claims?"),
                                  confirm=_("Reject all %(n)d"), needs_reason=True, danger=True,
                                  reason_label=_("Reason (each member will see it)")),
        })


@login_required
@require_POST
def claim_review(request, pk):
    claim = get_object(request.user, Claim, "change", pk=pk)
    approve = request.POST.get("approve") == "1"
    try:
        services.review(claim, acting_user=request.user, approve=approve, opinion=request.POST.get("opinion", ""))
        messages.success(request, _("Claim approved.") if approve else _("Claim rejected."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("medicalaid:claim_detail", claim.pk)


@login_required
@require_POST
def claim_pay(request, pk):
    claim = get_object(request.user, Claim, "change", pk=pk)
    try:
        services.pay(claim, acting_user=request.user, payment_ref=request.POST.get("payment_ref", ""))
        messages.success(request, _("Recorded as paid."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("medicalaid:claim_detail", claim.pk)


@login_required
@require_POST
def claim_attach(request, pk):
    claim = get_object(request.user, Claim, pk=pk)
    try:
        services.attach(claim, acting_user=request.user, uploads=request.FILES.getlist("file"))
        messages.success(request, _("File added."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("medicalaid:claim_detail", claim.pk)


@login_required
def claim_attachment(request, pk, attachment_pk):
    claim = get_object(request.user, Claim, pk=pk)
    attachment = ClaimAttachment.objects.filter(claim=claim, pk=attachment_pk).first()
    if attachment is None:
        raise Http404(_("Not found."))
    services.read_claim(claim, acting_user=request.user, what=f"attachment {attachment.pk}")
    return attachment.response()


# --- screening ---------------------------------------------------------------------------------

class QuotaList(ListPage):
    model = ScreeningQuota
    filterset_class = QuotaFilterSet
    table_class = QuotaTable
    title = gettext_lazy("Two-cancer screening quotas")
    add_url_name = "medicalaid:quota_set"

    def get_queryset(self):
        return super().get_queryset().select_related("union", "set_by")


@needs("medicalaid.add_screeningquota")
def quota_set(request):
    form = QuotaForm(request.POST or None, user=request.user)

    def save(data):
        services.set_quota(acting_user=request.user, **data)
        messages.success(request, _("Quota saved."))
        return redirect("medicalaid:quotas")

    return form_page(request, form, _("Set a screening quota"), save, template=FORM)


class BookingList(ListPage):
    model = ScreeningBooking
    filterset_class = BookingFilterSet
    table_class = BookingTable
    title = gettext_lazy("Two-cancer screening bookings")
    add_url_name = "medicalaid:booking_create"

    def get_queryset(self):
        return super().get_queryset().select_related("member", "union")


@needs("medicalaid.add_screeningbooking")
def booking_create(request):
    form = BookingForm(request.POST or None)

    def save(data):
        member = _member(request.user, data["member_number"], "medicalaid.add_screeningbooking")
        booking = services.book_screening(acting_user=request.user, member=member, year=data["year"])
        messages.success(request, _("Screening slot booked."))
        return redirect("medicalaid:booking_detail", booking.pk)

    return form_page(request, form, _("Book a two-cancer screening"), save, template=FORM)


@login_required
def booking_detail(request, pk):
    booking = get_object(request.user, ScreeningBooking.objects.select_related("member", "union", "quota",
                                                                               "booked_by"), pk=pk)
    booked = booking.state == ScreeningBooking.State.BOOKED
    form = ResultForm(request.POST or None, initial={"screened_on": timezone.localdate()})
    if request.method == "POST":
        if not can(request.user, "medicalaid.change_screeningbooking", booking.union):
            refuse(request.user, booking, "medicalaid.change_screeningbooking")
        if form.is_valid():
            try:
                services.record_screening(booking, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("Result recorded."))
                return redirect("medicalaid:booking_detail", booking.pk)
            except ValidationError as e:
                apply_service_errors(form, e)
    return render(request, "medicalaid/booking_detail.html", {
        "title": str(booking), "b": booking, "form": form,
        "can_cancel": booked and can(request.user, "medicalaid.add_screeningbooking", booking.union),
        "can_record": booked and can(request.user, "medicalaid.change_screeningbooking", booking.union),
        "history": audit.history(booking, without=("reveal",)),
    })


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = get_object(request.user, ScreeningBooking, pk=pk)
    try:
        services.cancel_booking(booking, acting_user=request.user)
        messages.success(request, _("Booking cancelled; the slot is free again."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("medicalaid:booking_detail", booking.pk)


# --- the member's own page ---------------------------------------------------------------------

@login_required
def my_medical_aid(request):
    """The member's enrolments, claims and screenings; staff without a member record see that."""
    member = Member.objects.of_user(request.user)
    records = queries.member_records(member) if member is not None else {}
    return render(request, "medicalaid/mine.html", {"title": _("My mutual medical aid"), "member": member,
                                                    **records})
