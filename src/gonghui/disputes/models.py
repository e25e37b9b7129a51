"""劳动争议 (labour disputes): the mediation bodies (企业劳动争议调解委员会 per employer, township,
industry and union mediation bodies) with their members, the dispute cases from receipt of the
mediation application to agreement or arbitration and court, the courts' referrals to union
mediation (诉调对接), and 劳动关系预警: signal entries, the watch list and its actions.

Dates are stored as facts (received, applied, accepted, awarded ...); the deadlines counted from
them (劳动争议调解仲裁法 arts. 14, 27, 29, 43, 48-50) are stored beside them when the fact is
recorded, each with the Ruling it came from (rule text and source), and tracked as Deadline rows.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel

DEADLINE_KINDS = {
    "dispute_mediation": _("Dispute mediation period ends"),
    "dispute_time_bar": _("Time bar for applying to arbitration runs out"),
    "dispute_accept": _("Arbitration commission to decide on accepting a dispute"),
    "dispute_award": _("Arbitration award due"),
    "dispute_court": _("Last day to take an award to court"),
    "dispute_payment": _("Mediation agreement to be paid"),
    "referral_report": _("Court referral outcome to report back"),
}


class MediationBody(ScopedModel):
    """A body that mediates labour disputes (劳动争议调解仲裁法 art. 10)."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("enterprise mediation committee (调解委员会)")
        TOWNSHIP = "township", _("township or street mediation body")
        INDUSTRY = "industry", _("industry or regional mediation body")
        UNION = "union", _("union mediation office (工会+法院 诉调对接)")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="mediation_bodies")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="mediation_committees")
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("mediation body")
        verbose_name_plural = _("mediation bodies")
        ordering = ["union__path", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["employer"], condition=models.Q(kind="enterprise"),
                                               name="disputes_one_committee_per_employer")]

    def __str__(self):
        return self.name


class MediationMember(ScopedModel):
    """A member of a mediation body: a workers' or the employer's representative, or neutral."""

    class Side(models.TextChoices):
        WORKERS = "workers", _("workers' representative")
        EMPLOYER = "employer", _("employer's representative")
        NEUTRAL = "neutral", _("neutral mediator")

    scope_path = "body__union__path"

    body = models.ForeignKey(MediationBody, verbose_name=_("mediation body"), on_delete=models.CASCADE,
                             related_name="members")
    name = models.CharField(_("name"), max_length=60)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    is_chair = models.BooleanField(_("chair"), default=False)
    from_union = models.BooleanField(_("union member or officer"), default=False)
    title = models.CharField(_("post"), max_length=60, blank=True)
    active = models.BooleanField(_("serving"), default=True)

    class Meta:
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")
        ordering = ["body", "-is_chair", "side", "id"]

    def __str__(self):
        return self.name

    def scope_union(self):
        return self.body.union


class CourtReferral(ScopedModel):
    """A case a court referred to union mediation (工会+法院 诉调对接); its outcome is reported back."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("being mediated")
        AGREED = "agreed", _("agreement reached")
        FAILED = "failed", _("no agreement: back to the court")
        WITHDRAWN = "withdrawn", _("withdrawn")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="court_referrals")
    court = models.CharField(_("court"), max_length=120)
    court_case = models.CharField(_("court case number"), max_length=60)
    referred_on = models.DateField(_("referred on"))
    report_due_on = models.DateField(_("report back by"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    reported_on = models.DateField(_("reported to the court on"), null=True, blank=True)
    report_note = models.TextField(_("report to the court"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("court referral")
        verbose_name_plural = _("court referrals")
        ordering = ["-referred_on", "-id"]

    def __str__(self):
        return f"{self.court} {self.court_case}"


class Dispute(ScopedModel):
    """One labour dispute, from the mediation application to agreement, arbitration and court."""

    class State(models.TextChoices):
        MEDIATING = "mediating", _("in mediation")
        AGREED = "agreed", _("mediation agreement")
        UNRESOLVED = "unresolved", _("no agreement: may apply for arbitration")
        APPLIED = "applied", _("arbitration applied for")
        ACCEPTED = "accepted", _("arbitration accepted")
        NOT_ACCEPTED = "not_accepted", _("arbitration not accepted")
        AWARDED = "awarded", _("award made")
        CLOSED = "closed", _("closed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Claim(models.TextChoices):
        WAGES = "wages", _("unpaid wages (labour remuneration)")
        INJURY = "injury", _("work-injury medical costs")
        COMPENSATION = "compensation", _("economic compensation")
        DAMAGES = "damages", _("damages")
        WORKING_TIME = "working_time", _("working time, rest and leave standards")
        SOCIAL_INSURANCE = "social_insurance", _("social insurance")
        DISMISSAL = "dismissal", _("dismissal or termination")
        OTHER = "other", _("other")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="disputes")
    number = models.CharField(_("number"), max_length=24, unique=True)
    body = models.ForeignKey(MediationBody, verbose_name=_("mediation body"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="disputes")
    referral = models.OneToOneField(CourtReferral, verbose_name=_("court referral"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="dispute")
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer"), on_delete=models.PROTECT,
                                 related_name="disputes")
    worker_name = models.CharField(_("worker (applicant)"), max_length=60)
    workers = models.PositiveIntegerField(_("workers with this claim"), default=1)
    claim = models.CharField(_("claim"), max_length=20, choices=Claim.choices)
    claim_text = models.TextField(_("what is claimed"), blank=True)
    amount_fen = models.BigIntegerField(_("amount claimed (fen)"), default=0)
    event_on = models.DateField(_("event date"))
    knew_on = models.DateField(_("knew of the infringement on"))
    employed = models.BooleanField(_("still employed"), default=True)
    employment_ended_on = models.DateField(_("employment ended on"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=14, choices=State.choices, default=State.MEDIATING)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    # mediation (art. 14)
    received_on = models.DateField(_("mediation application received on"), null=True, blank=True)
    mediation_due_on = models.DateField(_("mediation period ends on"), null=True, blank=True)
    mediation_rule = models.CharField(_("mediation period rule"), max_length=300, blank=True)
    mediation_extended = models.BooleanField(_("mediation extended by agreement"), default=False)
    # agreement (arts. 14-16)
    agreed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    agreement_stamped = models.BooleanField(_("stamped by the mediation body"), default=False)
    agreement_text = models.TextField(_("agreement"), blank=True)
    agreement_fen = models.BigIntegerField(_("amount agreed (fen)"), default=0)
    pay_by = models.DateField(_("to be paid by"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_order_on = models.DateField(_("payment order (支付令) applied for on"), null=True, blank=True)
    # arbitration (arts. 27-50)
    commission = models.CharField(_("arbitration commission"), max_length=120, blank=True)
    applied_on = models.DateField(_("arbitration applied for on"), null=True, blank=True)
    accept_due_on = models.DateField(_("decision on acceptance due on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    simple_procedure = models.BooleanField(_("simple procedure"), default=False)
    award_due_on = models.DateField(_("award due on"), null=True, blank=True)
    award_rule = models.CharField(_("award period rule"), max_length=300, blank=True)
    award_extended = models.BooleanField(_("award period extended"), default=False)
    extension_reason = models.CharField(_("reason for the extension"), max_length=300, blank=True)
    awarded_on = models.DateField(_("award made on"), null=True, blank=True)
    final = models.BooleanField(_("final award (一裁终局)"), default=False)
    final_rule = models.CharField(_("final award rule"), max_length=300, blank=True)
    worker_court_due_on = models.DateField(_("worker may sue until"), null=True, blank=True)
    employer_court_due_on = models.DateField(_("employer may apply to set aside until"), null=True, blank=True)
    court_rule = models.CharField(_("court period rule"), max_length=300, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("labour dispute")
        verbose_name_plural = _("labour disputes")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["employer", "received_on"]), models.Index(fields=["state"])]

    def __str__(self):
        return f"{self.number} {self.worker_name}"

    @property
    def region_code(self):
        """The jurisdiction whose rules apply: the employer's division (the local minimum wage,
        Zhejiang's mediation extension)."""
        return self.employer.region_id

    @property
    def amount_yuan(self):
        from gonghui.core.money import yuan

        return yuan(self.amount_fen)

    @property
    def agreement_yuan(self):
        from gonghui.core.money import yuan

        return yuan(self.agreement_fen)

    @property
    def mediation_over(self):
        return (self.state == self.State.MEDIATING and self.mediation_due_on is not None
                and self.mediation_due_on < timezone.localdate())

    @property
    def payment_order_open(self):
        """An agreement on money the employer did not pay by the agreed day (art. 16)."""
        return (self.state == self.State.AGREED and self.claim in MONEY_CLAIMS and self.pay_by is not None
                and self.paid_on is None and self.payment_order_on is None and self.pay_by < timezone.localdate())


# Claims of art. 16 (支付令) and art. 47(1) (final award by amount).
MONEY_CLAIMS = (Dispute.Claim.WAGES, Dispute.Claim.INJURY, Dispute.Claim.COMPENSATION, Dispute.Claim.DAMAGES)
# Art. 47(2): disputes over working-time, rest and leave, and social-insurance standards are final too.
STANDARD_CLAIMS = (Dispute.Claim.WORKING_TIME, Dispute.Claim.SOCIAL_INSURANCE)


class Interruption(ScopedModel):
    """What interrupts the one-year time bar (art. 27 para. 2): the period runs again from here."""

    class Kind(models.TextChoices):
        CLAIMED = "claimed", _("the worker claimed from the employer")
        HELP = "help", _("the worker asked an authority for help")
        AGREED = "agreed", _("the employer agreed to perform")

    scope_path = "dispute__union__path"

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="interruptions")
    on = models.DateField(_("on"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("time-bar interruption")
        verbose_name_plural = _("time-bar interruptions")
        ordering = ["dispute", "on", "id"]

    def scope_union(self):
        return self.dispute.union


class SignalEntry(ScopedModel):
    """A warning signal entered by hand (欠薪 reported, social insurance in arrears, layoffs, the
    boss unreachable ...); signals the system knows by itself are read from their apps."""

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="warning_entries")
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer"), on_delete=models.PROTECT,
                                 related_name="warning_entries")
    code = models.CharField(_("signal"), max_length=40)
    count = models.PositiveIntegerField(_("count"), default=1)
    amount_fen = models.BigIntegerField(_("amount (fen)"), default=0)
    on = models.DateField(_("on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("warning signal")
        verbose_name_plural = _("warning signals")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["employer", "on"])]


class Watch(ScopedModel):
    """An employer on the watch list (劳动关系预警): its last assessed level and score with the
    breakdown, who watches it and what was done."""

    class Level(models.TextChoices):
        NONE = "none", _("no warning")
        YELLOW = "yellow", _("yellow")
        ORANGE = "orange", _("orange")
        RED = "red", _("red")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="watches")
    employer = models.OneToOneField("orgs.Employer", verbose_name=_("employer"), on_delete=models.PROTECT,
                                    related_name="watch")
    level = models.CharField(_("risk level"), max_length=8, choices=Level.choices, default=Level.NONE)
    score = models.PositiveIntegerField(_("score"), default=0)
    breakdown = models.JSONField(_("breakdown"), default=list)
    arrears_fen = models.BigIntegerField(_("wage arrears reported (fen)"), default=0)
    registered_capital_fen = models.BigIntegerField(_("registered capital (fen)"), null=True, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    watched = models.BooleanField(_("on the watch list"), default=False)
    since = models.DateField(_("watched since"), null=True, blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    raised_on = models.DateField(_("level last raised on"), null=True, blank=True)

    class Meta:
        verbose_name = _("watched employer")
        verbose_name_plural = _("watch list")
        ordering = ["-score", "id"]

    def __str__(self):
        return str(self.employer)


class WatchAction(ScopedModel):
    """What was done about a watched employer (a visit, a talk with the boss, a court request)."""

    scope_path = "watch__union__path"

    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="actions")
    on = models.DateField(_("on"))
    text = models.CharField(_("action"), max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("watch action")
        verbose_name_plural = _("watch actions")
        ordering = ["watch", "-on", "-id"]

    def scope_union(self):
        return self.watch.union
