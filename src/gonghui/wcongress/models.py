"""职工代表大会 (workers' congress): the congress of one employer, or a 联合职代会 of the small
firms of a region or an industry; its delegates, sessions and the motions voted there; the
delegates' proposals (提案: 征集 → 立案 → 办理 → 答复); and 厂务公开 (what each employer must
publish, and when).

Every number that decides something (quorum, pass rule, delegate minimum, managers' cap,
co-sponsors, reply period, disclosure items) comes from the rulebook for the jurisdiction of
the congress's union (its region), so a Shanghai congress and a Zhejiang one differ by data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel


class WorkersCongress(ScopedModel):
    """One 职代会 (a term of it): run by `union`, for the staff of `employers`."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("workers' congress of one employer")
        JOINT = "joint", _("joint workers' congress (region or industry)")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="workers_congresses")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    name = models.CharField(_("name"), max_length=120)
    employers = models.ManyToManyField("orgs.Employer", verbose_name=_("employers"), related_name="workers_congresses")
    term_no = models.PositiveSmallIntegerField(_("term number"), default=1)
    term_start = models.DateField(_("term starts on"))
    term_end = models.DateField(_("term ends on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("workers' congress")
        verbose_name_plural = _("workers' congresses")
        ordering = ["union__path", "-term_start", "id"]

    def __str__(self):
        return self.name

    @property
    def region_code(self):
        """The jurisdiction whose rules apply: the running union's division."""
        return self.union.region_id

    @property
    def staff_count(self):
        return sum(e.headcount for e in self.employers.all())


class Delegate(ScopedModel):
    """A 职工代表 of one congress term; `active` is false once they left (补选 adds a new row)."""

    scope_path = "congress__union__path"

    congress = models.ForeignKey(WorkersCongress, verbose_name=_("workers' congress"), on_delete=models.CASCADE,
                                 related_name="delegates")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="congress_delegations")
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    is_manager = models.BooleanField(_("middle or senior manager"), default=False)
    is_frontline = models.BooleanField(_("front-line worker"), default=True)
    elected_on = models.DateField(_("elected on"), default=timezone.localdate)
    active = models.BooleanField(_("serving"), default=True)

    class Meta:
        verbose_name = _("workers' delegate")
        verbose_name_plural = _("workers' delegates")
        ordering = ["congress", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "member"], name="wcongress_delegate_once")]

    def __str__(self):
        return self.member.name

    def scope_union(self):
        return self.congress.union


class Session(ScopedModel):
    """One sitting (第N次会议) of a congress; attendance is recorded once, checked against the quorum."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular session")
        EXTRA = "extra", _("extra session")

    scope_path = "congress__union__path"

    congress = models.ForeignKey(WorkersCongress, verbose_name=_("workers' congress"), on_delete=models.CASCADE,
                                 related_name="sessions")
    number = models.PositiveSmallIntegerField(_("session number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=150, blank=True)
    papers_sent_on = models.DateField(_("papers sent to delegates on"), null=True, blank=True)
    reported_on = models.DateField(_("reported to the higher union on"), null=True, blank=True)
    delegates_total = models.PositiveIntegerField(_("delegates (all)"), null=True, blank=True)
    present = models.PositiveIntegerField(_("delegates present"), null=True, blank=True)
    quorum_rule = models.CharField(_("quorum rule applied"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("congress session")
        verbose_name_plural = _("congress sessions")
        ordering = ["congress", "number"]
        constraints = [models.UniqueConstraint(fields=["congress", "number"], name="wcongress_session_number")]

    def __str__(self):
        return f"{self.congress} 第{self.number}次会议"

    def scope_union(self):
        return self.congress.union

    @property
    def attendance_recorded(self):
        return self.present is not None


class Motion(ScopedModel):
    """A matter voted on at a session (secret ballot), with the result and the rule that decided it."""

    scope_path = "session__congress__union__path"

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="motions")
    title = models.CharField(_("motion"), max_length=200)
    delegates_total = models.PositiveIntegerField(_("delegates (all)"))
    present = models.PositiveIntegerField(_("delegates present"))
    in_favour = models.PositiveIntegerField(_("in favour"))
    against = models.PositiveIntegerField(_("against"))
    abstain = models.PositiveIntegerField(_("abstentions"))
    passed = models.BooleanField(_("passed"))
    rule_text = models.CharField(_("rule applied"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["session", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(present__lte=models.F("delegates_total")),
                                   name="wcongress_motion_present_within_total"),
        ]

    def __str__(self):
        return self.title

    def scope_union(self):
        return self.session.congress.union


class Proposal(ScopedModel):
    """A delegate's proposal (提案) with its co-sponsors (附议人), screening, handling and reply."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("awaiting screening")
        NOT_FILED = "not_filed", _("not filed")
        FILED = "filed", _("filed")
        ASSIGNED = "assigned", _("being handled")
        REPLIED = "replied", _("replied")
        EVALUATED = "evaluated", _("evaluated by the proposer")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied")
        BASIC = "basic", _("basically satisfied")
        UNSATISFIED = "unsatisfied", _("not satisfied")

    scope_path = "congress__union__path"

    congress = models.ForeignKey(WorkersCongress, verbose_name=_("workers' congress"), on_delete=models.PROTECT,
                                 related_name="proposals")
    number = models.CharField(_("proposal number"), max_length=20)
    title = models.CharField(_("title"), max_length=120)
    content = models.TextField(_("content and suggestions"))
    proposer = models.ForeignKey(Delegate, verbose_name=_("proposer"), on_delete=models.PROTECT,
                                 related_name="proposals")
    cosponsors = models.ManyToManyField(Delegate, verbose_name=_("co-sponsors"), related_name="cosponsored")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED,
                             db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for not filing"), blank=True)
    department = models.CharField(_("handling department"), max_length=100, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    due_on = models.DateField(_("reply due on"), null=True, blank=True, db_index=True)
    reply = models.TextField(_("reply"), blank=True)
    reply_signed_by = models.CharField(_("reply signed by"), max_length=60, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    satisfaction = models.CharField(_("proposer's satisfaction"), max_length=12, choices=Satisfaction.choices,
                                    blank=True)
    evaluation_note = models.CharField(_("proposer's comment"), max_length=300, blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    recommended_at = models.DateTimeField(_("recommended upward at"), null=True, blank=True)
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    recommend_note = models.CharField(_("recommendation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="wcongress_proposal_number"),
            models.CheckConstraint(condition=~Q(state="not_filed") | ~Q(refusal_reason=""),
                                   name="wcongress_not_filed_has_reason"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def scope_union(self):
        return self.congress.union

    @property
    def is_overdue(self):
        return self.state == self.State.ASSIGNED and self.due_on is not None and self.due_on < timezone.localdate()


class Disclosure(ScopedModel):
    """One item an employer must publish under 厂务公开 in one period, and when it was published."""

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="disclosures")
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer"), on_delete=models.PROTECT,
                                 related_name="disclosures")
    item = models.CharField(_("item code"), max_length=30)
    item_name = models.CharField(_("item"), max_length=100)
    period = models.CharField(_("period"), max_length=20)
    due_on = models.DateField(_("to publish by"), db_index=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    channel = models.CharField(_("where published"), max_length=60, blank=True)
    content = models.TextField(_("what was published"), blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("disclosure item")
        verbose_name_plural = _("disclosure items")
        ordering = ["employer", "-due_on", "item"]
        constraints = [models.UniqueConstraint(fields=["employer", "item", "period"],
                                               name="wcongress_disclosure_once_a_period")]

    def __str__(self):
        return f"{self.employer} · {self.item_name}（{self.period}）"

    @property
    def status(self):
        """published / late (published after the last day) / overdue / pending."""
        if self.published_on is not None:
            return "late" if self.published_on > self.due_on else "published"
        return "overdue" if self.due_on < timezone.localdate() else "pending"

    STATUS_LABELS = {"published": _("published on time"), "late": _("published late"),
                     "overdue": _("overdue"), "pending": _("to publish")}

    @property
    def status_label(self):
        return self.STATUS_LABELS[self.status]
