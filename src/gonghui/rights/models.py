"""Rights protection: workers' requests (职工诉求, the 12351 hotline's tickets) and union legal
aid (工会法律援助).

A request is routed to the union responsible for the worker's employer (the county federation
when the employer has none) and goes down and back up as 12351 does: accepted → handled →
replied → 回访 (follow-up call, with the worker's satisfaction) → 质检 (quality check) → closed.
Its class (一般 / 难点 / 特别复杂) sets its deadline from the rulebook, counted in working days
by the holiday calendar; the stored deadline keeps its rule so every answer can show it.

A legal-aid case is an application decided within the rulebook's days, assigned to a lawyer or
volunteer of the union's roster, served, and closed with its result and the worker's rating.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.access import ScopedModel
from gonghui.core.fields import SealedField
from gonghui.core.uploads import Attachment


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    BASIC = "basic", _("basically satisfied")
    UNSATISFIED = "unsatisfied", _("not satisfied")


class Request(ScopedModel):
    """One worker's request (诉求): from the phone pages or a hotline call, handled by `union`."""

    class Kind(models.TextChoices):
        CONSULT = "consult", _("consultation (咨询)")
        SOLVE = "solve", _("request to solve (求决)")
        OPINION = "opinion", _("opinion or suggestion (意见建议)")

    class Topic(models.TextChoices):
        WAGES = "wages", _("unpaid wages (欠薪)")
        INJURY = "injury", _("work injury (工伤)")
        CONTRACT = "contract", _("labour contract (劳动合同)")
        INSURANCE = "insurance", _("social insurance (社保)")
        DISMISSAL = "dismissal", _("dismissal (解雇)")
        REST = "rest", _("rest and leave (休息休假)")
        SAFETY = "safety", _("work safety (劳动保护)")
        UNION = "union", _("union affairs (工会事务)")
        OTHER = "other", _("other")

    class Class(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary (一般)")
        DIFFICULT = "difficult", _("difficult (难点)")
        COMPLEX = "complex", _("especially complex (特别复杂)")

    class Channel(models.TextChoices):
        PHONE_PAGE = "h5", _("worker's phone page")
        HOTLINE = "hotline", _("12351 hotline call")

    class State(models.TextChoices):
        NEW = "new", _("awaiting acceptance")
        ACCEPTED = "accepted", _("accepted, being handled")
        HANDLED = "handled", _("handled")
        REPLIED = "replied", _("replied to the worker")
        FOLLOWED_UP = "followed_up", _("follow-up call made")
        CLOSED = "closed", pgettext_lazy("request state", "closed")

    OPEN_STATES = ("new", "accepted", "handled", "replied", "followed_up")

    number = models.CharField(_("request number"), max_length=20, unique=True)
    union = models.ForeignKey("orgs.Union", verbose_name=_("handling union"), on_delete=models.PROTECT,
                              related_name="worker_requests")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.PHONE_PAGE)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.SOLVE)
    topic = models.CharField(_("topic"), max_length=10, choices=Topic.choices, db_index=True)
    klass = models.CharField(_("class"), max_length=10, choices=Class.choices, default=Class.ORDINARY)
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="worker_requests")
    employer_name = models.CharField(_("employer (as given)"), max_length=120, blank=True)
    description = models.TextField(_("what happened"))
    workers_involved = models.PositiveIntegerField(_("workers involved"), default=1)
    amount_claimed_fen = models.BigIntegerField(_("amount claimed (fen)"), default=0)
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="worker_requests")
    worker_name = models.CharField(_("worker's name"), max_length=60)
    phone = SealedField(_("mobile phone"), kind="phone", index="phone_index", null=True, blank=True)
    phone_index = models.CharField(max_length=64, db_index=True, editable=False, null=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.NEW, db_index=True)
    received_on = models.DateField(_("received on"), default=timezone.localdate, db_index=True)
    due_on = models.DateField(_("to close by"), db_index=True)
    deadline_rule = models.CharField(_("deadline rule"), max_length=60)
    class_reason = models.CharField(_("reason for the class change"), max_length=300, blank=True)
    escalated_to = models.ForeignKey("orgs.Union", verbose_name=_("escalated to"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    result = models.TextField(_("how it was handled"), blank=True)
    money_recovered_fen = models.BigIntegerField(_("money recovered (fen)"), default=0)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    reply = models.TextField(_("reply to the worker"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("follow-up call at"), null=True, blank=True)
    satisfaction = models.CharField(_("worker's satisfaction"), max_length=12, choices=Satisfaction.choices,
                                    blank=True)
    follow_up_note = models.CharField(_("follow-up note"), max_length=300, blank=True)
    quality_note = models.CharField(_("quality check note"), max_length=300, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, db_index=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    audit_exclude = ("phone", "phone_index")

    class Meta:
        verbose_name = _("workers' request")
        verbose_name_plural = _("workers' requests")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["state", "due_on"], name="rights_request_open_due"),
                   models.Index(fields=["employer", "received_on"], name="rights_request_employer")]
        constraints = [
            # a closed request had its 回访 (the 12351 flow: no closing without a follow-up call)
            models.CheckConstraint(condition=~Q(state="closed") | Q(followed_up_at__isnull=False),
                                   name="rights_request_closed_after_follow_up"),
            models.CheckConstraint(condition=Q(money_recovered_fen__gte=0), name="rights_request_money_not_negative"),
        ]

    def __str__(self):
        return f"{self.number} {self.get_topic_display()}"

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES

    @property
    def is_overdue(self):
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def on_time(self):
        """Closed by its deadline (None while open)."""
        return None if self.closed_on is None else self.closed_on <= self.due_on

    @property
    def employer_label(self):
        return self.employer.name if self.employer_id else self.employer_name


class RequestAttachment(Attachment):
    """Evidence the worker or the clerk attaches (pay slips, contracts, photos)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("request attachment")
        verbose_name_plural = _("request attachments")


class AidProvider(ScopedModel):
    """A union lawyer or legal-aid volunteer on the roster of `union` (a county or city federation)."""

    class Kind(models.TextChoices):
        LAWYER = "lawyer", _("union lawyer")
        VOLUNTEER = "volunteer", _("legal-aid volunteer")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="aid_providers")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LAWYER)
    name = models.CharField(_("name"), max_length=60)
    firm = models.CharField(_("law firm or organisation"), max_length=120, blank=True)
    licence_no = models.CharField(_("practising licence number"), max_length=40, blank=True)
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    active = models.BooleanField(_("on the roster"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("legal-aid provider")
        verbose_name_plural = _("legal-aid providers")
        ordering = ["union__path", "kind", "name"]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"


class LegalAidCase(ScopedModel):
    """One application for union legal aid and, once granted, the case it becomes."""

    class Matter(models.TextChoices):
        # 工会法律援助办法: the five kinds of matter
        LABOUR_DISPUTE = "labour", _("labour dispute")
        RIGHTS = "rights", _("personal, democratic or property rights tied to labour rights")
        UNION_STAFF = "staff", _("union staff harmed for doing their duties")
        UNION_PROPERTY = "property", _("union funds or property infringed")
        OTHER = "other", _("other matters")

    class Basis(models.TextChoices):
        HARDSHIP = "hardship", _("hardship file (困难职工)")
        MODEL_WORKER = "model_worker", _("model worker (劳模)")
        UNION_STAFF = "union_staff", _("union staff")
        INCOME = "income", _("income test")

    class State(models.TextChoices):
        APPLIED = "applied", _("awaiting decision")
        REFUSED = "refused", _("refused")
        GRANTED = "granted", _("granted, to assign")
        ASSIGNED = "assigned", _("assigned")
        SERVED = "served", _("service recorded")
        CLOSED = "closed", _("closed")

    class Service(models.TextChoices):
        ADVICE = "advice", _("legal advice")
        DOCUMENTS = "documents", _("drafting documents")
        MEDIATION = "mediation", _("mediation")
        ARBITRATION = "arbitration", _("arbitration representation")
        COURT = "court", _("court representation")

    class Result(models.TextChoices):
        WON = "won", _("claims upheld")
        PARTLY = "partly", _("partly upheld")
        SETTLED = "settled", _("settled")
        LOST = "lost", _("claims rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")
        ADVISED = "advised", _("advice given")

    number = models.CharField(_("case number"), max_length=20, unique=True)
    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="legal_aid_cases")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="legal_aid_cases")
    applicant_name = models.CharField(_("applicant"), max_length=60)
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="legal_aid_cases")
    request = models.ForeignKey(Request, verbose_name=_("from request"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="legal_aid_cases")
    matter = models.CharField(_("matter"), max_length=10, choices=Matter.choices, default=Matter.LABOUR_DISPUTE)
    facts = models.TextField(_("facts and claims"))
    amount_claimed_fen = models.BigIntegerField(_("amount claimed (fen)"), default=0)
    basis = models.CharField(_("eligibility"), max_length=12, choices=Basis.choices)
    income_per_head_fen = models.BigIntegerField(_("household monthly income per head (fen)"), null=True,
                                                 blank=True)
    eligibility_rule = models.CharField(_("eligibility rule applied"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.APPLIED, db_index=True)
    applied_on = models.DateField(_("applied on"), default=timezone.localdate, db_index=True)
    decision_due_on = models.DateField(_("decide by"))
    decision_rule = models.CharField(_("decision deadline rule"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    provider = models.ForeignKey(AidProvider, verbose_name=_("lawyer or volunteer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="cases")
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    service = models.CharField(_("service given"), max_length=12, choices=Service.choices, blank=True)
    service_note = models.TextField(_("service notes"), blank=True)
    served_at = models.DateTimeField(_("service recorded at"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, blank=True)
    money_recovered_fen = models.BigIntegerField(_("money recovered (fen)"), default=0)
    rating = models.PositiveSmallIntegerField(_("worker's rating (1-5)"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("legal-aid case")
        verbose_name_plural = _("legal-aid cases")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(state="refused") | ~Q(refusal_reason=""),
                                   name="rights_legal_aid_refusal_has_reason"),
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="rights_legal_aid_rating_1_to_5"),
        ]

    def __str__(self):
        return f"{self.number} {self.applicant_name}"

    @property
    def decision_overdue(self):
        return self.state == self.State.APPLIED and self.decision_due_on < timezone.localdate()
