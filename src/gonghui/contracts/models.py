"""集体合同 and 工资集体协商: a contract of one employer, or a regional or industry contract
covering many (区域性、行业性集体合同), from the written bargaining request to the contract in
force, and its renewal.

Every date the law counts (the answer to the request, the draft to the 职代会 in Zhejiang,
filing, the labour department's review, the renewal window) is computed by the services from
the rulebook of the union's jurisdiction and stored with the rule that gave it (`rules_used`),
so a page or an API answer shows each date beside its rule and source.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel


class CollectiveContract(ScopedModel):
    """One collective contract (or a 专项 contract) negotiated by `union` for `employers`."""

    class Coverage(models.TextChoices):
        SINGLE = "single", _("one employer")
        REGIONAL = "regional", _("regional (many employers)")
        INDUSTRY = "industry", _("industry (many employers)")

    class Kind(models.TextChoices):
        GENERAL = "general", _("comprehensive contract (综合)")
        WAGE = "wage", _("wage agreement (工资专项)")
        WOMEN = "women", _("women workers' agreement (女职工专项)")
        SAFETY = "safety", _("work safety agreement (安全生产)")

    class State(models.TextChoices):
        REQUESTED = "requested", _("bargaining requested")
        NEGOTIATING = "negotiating", _("negotiating")
        REFUSED = "refused", _("request refused")
        DRAFTED = "drafted", _("draft agreed")
        APPROVED = "approved", _("approved by the workers' congress")
        SIGNED = "signed", _("signed")
        FILED = "filed", _("filed, under review")
        OBJECTED = "objected", _("objection by the labour department")
        IN_FORCE = "in_force", _("in force")

    class Side(models.TextChoices):
        UNION = "union", _("the union (workers' side)")
        EMPLOYER = "employer", _("the employer")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="collective_contracts")
    coverage = models.CharField(_("coverage"), max_length=10, choices=Coverage.choices, default=Coverage.SINGLE)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.GENERAL, db_index=True)
    title = models.CharField(_("title"), max_length=150)
    employers = models.ManyToManyField("orgs.Employer", verbose_name=_("employers covered"),
                                       related_name="collective_contracts")
    renews = models.ForeignKey("self", verbose_name=_("renews the contract"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="renewals")
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.REQUESTED,
                             db_index=True)
    # 集体合同规定 art.32: the written request and the written answer
    requested_by = models.CharField(_("request made by"), max_length=10, choices=Side.choices, default=Side.UNION)
    requested_on = models.DateField(_("written request on"))
    request_text = models.TextField(_("what the request asks"), blank=True)
    reply_due_on = models.DateField(_("answer due by"))
    replied_on = models.DateField(_("answered on"), null=True, blank=True)
    reply_text = models.TextField(_("answer"), blank=True)
    draft_agreed_on = models.DateField(_("draft agreed on"), null=True, blank=True)
    draft_text = models.TextField(_("main terms of the draft"), blank=True)
    draft_due_on = models.DateField(_("draft to the workers' congress by"), null=True, blank=True)
    # the vote at the 职代会 is a wcongress motion (quorum and pass rule of that congress)
    motion = models.ForeignKey("wcongress.Motion", verbose_name=_("vote at the workers' congress"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("signed by the chief negotiators on"), null=True, blank=True)
    term_start = models.DateField(_("term starts on"), null=True, blank=True)
    term_end = models.DateField(_("term ends on"), null=True, blank=True, db_index=True)
    wage_increase_pct = models.DecimalField(_("wage increase agreed (%)"), max_digits=5, decimal_places=2,
                                            null=True, blank=True)
    filing_due_on = models.DateField(_("to file by"), null=True, blank=True)
    filed_on = models.DateField(_("filed with the labour department on"), null=True, blank=True)
    review_ends_on = models.DateField(_("review period ends on"), null=True, blank=True)
    objection_on = models.DateField(_("objection received on"), null=True, blank=True)
    objection_text = models.TextField(_("labour department's objection"), blank=True)
    effective_on = models.DateField(_("in force from"), null=True, blank=True)
    renewal_from = models.DateField(_("renewal may be asked from"), null=True, blank=True)
    renewal_notified_at = models.DateTimeField(_("renewal reminder sent at"), null=True, blank=True)
    rules_used = models.JSONField(_("rules used"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("collective contract")
        verbose_name_plural = _("collective contracts")
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(replied_on__isnull=True) | Q(replied_on__gte=models.F("requested_on")),
                                   name="contracts_reply_not_before_request"),
            models.CheckConstraint(condition=Q(term_end__isnull=True) | Q(term_end__gt=models.F("term_start")),
                                   name="contracts_term_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    @property
    def region_code(self):
        return self.union.region_id

    @property
    def is_current(self):
        """In force today: took effect, and today lies within its term."""
        today = timezone.localdate()
        return (self.state == self.State.IN_FORCE and self.term_start is not None
                and self.term_start <= today <= self.term_end)

    @property
    def is_lapsed(self):
        return self.state == self.State.IN_FORCE and self.term_end is not None and self.term_end < timezone.localdate()

    @property
    def status_label(self):
        if self.is_lapsed:
            return _("expired")
        return self.get_state_display()

    @property
    def reply_late(self):
        if self.replied_on is not None:
            return self.replied_on > self.reply_due_on
        return self.state == self.State.REQUESTED and self.reply_due_on < timezone.localdate()


class Negotiator(ScopedModel):
    """A 协商代表 of one side (集体合同规定 art.8: 3–10 a side, equal numbers, one chief each)."""

    scope_path = "contract__union__path"

    contract = models.ForeignKey(CollectiveContract, verbose_name=_("collective contract"), on_delete=models.CASCADE,
                                 related_name="negotiators")
    side = models.CharField(_("side"), max_length=10, choices=CollectiveContract.Side.choices)
    name = models.CharField(_("name"), max_length=60)
    position = models.CharField(_("position"), max_length=60, blank=True)
    is_chief = models.BooleanField(_("chief negotiator"), default=False)

    class Meta:
        verbose_name = _("negotiator")
        verbose_name_plural = _("negotiators")
        ordering = ["contract", "side", "-is_chief", "id"]

    def __str__(self):
        return self.name

    def scope_union(self):
        return self.contract.union


class Meeting(ScopedModel):
    """A bargaining meeting (协商会议) and what it agreed or left open."""

    scope_path = "contract__union__path"

    contract = models.ForeignKey(CollectiveContract, verbose_name=_("collective contract"), on_delete=models.CASCADE,
                                 related_name="meetings")
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    summary = models.TextField(_("minutes"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("bargaining meeting")
        verbose_name_plural = _("bargaining meetings")
        ordering = ["contract", "held_on", "id"]

    def __str__(self):
        return f"{self.contract} {self.held_on}"

    def scope_union(self):
        return self.contract.union
