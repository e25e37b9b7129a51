"""Mutual medical aid (职工医疗互助), women workers' special-disease cover (女职工特殊疾病保障)
and two-cancer screening (两癌筛查).

A federation (the city or a county) sets a plan for each year: the premium per share and the
rules that turn a hospital stay into a payout. Unions enrol their members in batches; a
member holds one enrolment per plan year (a database constraint, so two clerks enrolling the
same person at once cannot both succeed). A claim is one hospital stay; its payout follows
from the plan's rules (``payout.compute``), stored with the arithmetic that led to it.

Screening slots are a quota per union per year, set by the federation above; the count of
booked slots lives on the quota row and a CheckConstraint keeps it within the quota, so
concurrent bookings can never overfill it. Amounts are integer fen.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel
from gonghui.core.uploads import Attachment


class Plan(ScopedModel):
    """One year's mutual-aid plan of a federation, with the rules of its payouts.

    Caps and lump sums are per share: a member with two shares is paid twice as much, up to
    twice the caps (the schemes of Hunan's federations work that way)."""

    # Seen by every union under the federation too: a grassroots clerk enrols into the city's plan.
    seen_from_below = True

    union = models.ForeignKey("orgs.Union", verbose_name=_("federation"), on_delete=models.PROTECT,
                              related_name="medical_aid_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("plan name"), max_length=100)
    premium_per_share_fen = models.PositiveIntegerField(_("premium per share (fen)"))
    max_shares = models.PositiveSmallIntegerField(_("most shares per member"), default=3)
    daily_allowance_fen = models.PositiveIntegerField(_("hospital allowance per day and share (fen)"))
    min_days = models.PositiveSmallIntegerField(_("days of stay not paid (起付天数)"), default=3)
    max_days_per_stay = models.PositiveSmallIntegerField(_("most paid days per stay"), default=60)
    max_days_per_year = models.PositiveSmallIntegerField(_("most paid days per year"), default=120)
    cap_per_stay_fen = models.PositiveIntegerField(_("cap per stay and share (fen)"))
    cap_per_year_fen = models.PositiveIntegerField(_("cap per year and share (fen)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("mutual-aid plan")
        verbose_name_plural = _("mutual-aid plans")
        ordering = ["-year", "union__path"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="medicalaid_one_plan_per_union_year"),
            models.CheckConstraint(condition=Q(max_shares__gte=1), name="medicalaid_plan_shares_positive"),
            models.CheckConstraint(condition=Q(cap_per_stay_fen__lte=F("cap_per_year_fen")),
                                   name="medicalaid_plan_stay_cap_within_year_cap"),
        ]

    def __str__(self):
        return f"{self.year} {self.name}"



class CoveredDisease(models.Model):
    """A disease with a lump sum per share: a serious illness (重大疾病) for every member, or a
    women's special disease (女职工特殊疾病) for women members only."""

    class Kind(models.TextChoices):
        SERIOUS = "serious", _("serious illness")
        WOMEN = "women", _("women's special disease")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="diseases")
    kind = models.CharField(_("cover"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("disease"), max_length=60)
    lump_sum_fen = models.PositiveIntegerField(_("lump sum per share (fen)"))

    class Meta:
        verbose_name = _("covered disease")
        verbose_name_plural = _("covered diseases")
        ordering = ["plan", "kind", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="medicalaid_disease_code_per_plan")]

    def __str__(self):
        return self.name


class Payer(models.TextChoices):
    UNION = "union", _("the union")
    EMPLOYER = "employer", _("the employer")
    MEMBER = "member", _("the member")


class Enrolment(ScopedModel):
    """One union's enrolment batch for a plan year: the members, their shares, who pays."""

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="medical_aid_enrolments")
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="enrolments")
    year = models.PositiveSmallIntegerField(_("year"))
    payer = models.CharField(_("premium paid by"), max_length=10, choices=Payer.choices, default=Payer.UNION)
    people = models.PositiveIntegerField(_("people"), default=0)
    shares = models.PositiveIntegerField(_("shares"), default=0)
    total_premium_fen = models.PositiveBigIntegerField(_("total premium (fen)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("enrolled by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("enrolled at"), default=timezone.now)

    class Meta:
        verbose_name = _("mutual-aid enrolment")
        verbose_name_plural = _("mutual-aid enrolments")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.year} {self.union.name}"


class EnrolledMember(ScopedModel):
    """One member in one plan year. `year` is copied from the plan so the database can hold
    "once per year" as a unique constraint."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lines")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="medical_aid_enrolments")
    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    shares = models.PositiveSmallIntegerField(_("shares"))
    premium_fen = models.PositiveIntegerField(_("premium (fen)"))

    class Meta:
        verbose_name = _("enrolled member")
        verbose_name_plural = _("enrolled members")
        ordering = ["union__path", "member__number"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="medicalaid_enrolled_once_per_year"),
            models.CheckConstraint(condition=Q(shares__gte=1), name="medicalaid_enrolled_shares_positive"),
        ]
        indexes = [models.Index(fields=["year", "union"], name="medicalaid_enrolled_year_idx")]

    def __str__(self):
        return f"{self.year} {self.member}"


class Claim(ScopedModel):
    """One hospital stay of an enrolled member, with the payout the plan's rules give it."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        PAID = "paid", _("paid")

    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="medical_aid_claims")
    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    enrolled = models.ForeignKey(EnrolledMember, on_delete=models.PROTECT, related_name="claims")
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="claims")
    year = models.PositiveSmallIntegerField(_("year"))
    admitted_on = models.DateField(_("admitted on"))
    discharged_on = models.DateField(_("discharged on"))
    hospital = models.CharField(_("hospital"), max_length=100)
    diagnosis = models.CharField(_("diagnosis"), max_length=200)
    disease = models.ForeignKey(CoveredDisease, verbose_name=_("serious illness or special disease"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="claims")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED,
                             db_index=True)
    payout_fen = models.PositiveIntegerField(_("payout (fen)"), default=0)
    paid_days = models.PositiveSmallIntegerField(_("paid days"), default=0)
    allowance_fen = models.PositiveIntegerField(_("hospital allowance (fen)"), default=0)
    lump_fen = models.PositiveIntegerField(_("lump sum (fen)"), default=0)
    explanation = models.JSONField(_("how the payout was computed"), default=list)
    opinion = models.CharField(_("review opinion"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("filed at"), default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("paid by"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    payment_ref = models.CharField(_("payment reference"), max_length=60, blank=True)

    # The diagnosis is health data: the audit trail, which auditors read, records that it was
    # given, not what it says; the arithmetic is on the claim itself.
    audit_exclude = ("diagnosis", "explanation", "created_at", "reviewed_at", "paid_at")

    class Meta:
        verbose_name = _("mutual-aid claim")
        verbose_name_plural = _("mutual-aid claims")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(discharged_on__gte=F("admitted_on")),
                                              name="medicalaid_claim_dates_in_order")]
        indexes = [models.Index(fields=["member", "year"], name="medicalaid_claim_member_idx")]

    def __str__(self):
        return f"{self.member.name} {self.admitted_on:%Y-%m-%d}"

    @property
    def days(self):
        return stay_days(self.admitted_on, self.discharged_on)


def stay_days(admitted_on, discharged_on):
    """Days in hospital as Chinese hospitals count them: discharge date minus admission date,
    and a same-day stay counts as one day."""
    return max(1, (discharged_on - admitted_on).days)


class ClaimAttachment(Attachment):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("claim attachment")
        verbose_name_plural = _("claim attachments")
        ordering = ["claim", "uploaded_at"]


class ScreeningQuota(ScopedModel):
    """两癌筛查 slots of one union for one year. `booked` counts live bookings from this quota
    and `allocated` the slots given to quotas of unions below; the database refuses any write
    that would take the two together past `slots`."""

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="screening_quotas")
    year = models.PositiveSmallIntegerField(_("year"))
    slots = models.PositiveIntegerField(_("slots"))
    booked = models.PositiveIntegerField(_("booked"), default=0)
    allocated = models.PositiveIntegerField(_("given to unions below"), default=0)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT,
                               related_name="+")
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("screening quota")
        verbose_name_plural = _("screening quotas")
        ordering = ["-year", "union__path"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="medicalaid_one_quota_per_union_year"),
            models.CheckConstraint(condition=Q(slots__gte=F("booked") + F("allocated")),
                                   name="medicalaid_quota_not_exceeded"),
        ]

    def __str__(self):
        return f"{self.year} {self.union.name}"

    @property
    def free(self):
        return self.slots - self.booked - self.allocated


class ScreeningBooking(ScopedModel):
    """A woman member's 两癌 screening slot, booked by her union within its quota."""

    class State(models.TextChoices):
        BOOKED = "booked", _("booked")
        SCREENED = "screened", _("screened")
        CANCELLED = "cancelled", _("cancelled")

    class Result(models.TextChoices):
        NORMAL = "normal", _("no abnormality")
        FOLLOW_UP = "follow_up", _("abnormal, needs follow-up")
        DIAGNOSED = "diagnosed", _("diagnosed")

    quota = models.ForeignKey(ScreeningQuota, verbose_name=_("quota"), on_delete=models.PROTECT,
                              related_name="bookings")
    year = models.PositiveSmallIntegerField(_("year"))
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="screening_bookings")
    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.BOOKED)
    screened_on = models.DateField(_("screened on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, blank=True)
    result_note = models.CharField(_("result note"), max_length=300, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("booked by"), on_delete=models.PROTECT,
                                  related_name="+")
    booked_at = models.DateTimeField(_("booked at"), default=timezone.now)

    class Meta:
        verbose_name = _("screening booking")
        verbose_name_plural = _("screening bookings")
        ordering = ["-booked_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], condition=~Q(state="cancelled"),
                                               name="medicalaid_one_screening_per_year")]

    def __str__(self):
        return f"{self.year} {self.member.name}"
