"""Honours (荣誉) held by people and collectives, and the selection rounds (评选) that confer them.

An `Honour` is a fact of the registry: who holds which title, at which level, since which year,
from whom, and whether it still stands (held, revoked with a reason, or its holder deceased). The
member's model-worker tag (`Member.is_model_worker`) is derived from these rows
(services.refresh_model_worker_tags), never typed in.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel
from gonghui.core.uploads import Attachment

from . import titles


class Honour(ScopedModel):
    """One title held by a person (`member`) or a collective (`union`, `employer` and/or a named
    team in `collective_name`). `registered_with` is the union whose registry holds the row (the
    holder's union): it decides who sees and changes it."""

    class Level(models.TextChoices):
        # In rank order, highest first (queries.highest_levels relies on it).
        NATIONAL = "national", _("national")
        PROVINCIAL = "provincial", _("provincial")
        CITY = "city", _("city")
        COUNTY = "county", _("county")
        INDUSTRY = "industry", _("industry")

    class State(models.TextChoices):
        HELD = "held", _("held")
        REVOKED = "revoked", _("revoked")
        DECEASED = "deceased", _("holder deceased")

    class HolderKind(models.TextChoices):
        PERSON = "person", _("person")
        COLLECTIVE = "collective", _("collective")

    scope_path = "registered_with__path"

    registered_with = models.ForeignKey("orgs.Union", verbose_name=_("registered with"), on_delete=models.PROTECT,
                                        related_name="honours_registered")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="honours")
    union = models.ForeignKey("orgs.Union", verbose_name=_("union (collective holder)"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="honours")
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer (collective holder)"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="honours")
    collective_name = models.CharField(_("collective (team, post, department)"), max_length=120, blank=True)
    title = models.CharField(_("honour title"), max_length=40, choices=titles.choices, db_index=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    conferring_body = models.CharField(_("conferring body"), max_length=120)
    certificate_no = models.CharField(_("certificate number"), max_length=60, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.HELD, db_index=True)
    state_reason = models.CharField(_("reason for the state"), max_length=300, blank=True)
    state_changed_on = models.DateField(_("state changed on"), null=True, blank=True)
    source = models.CharField(_("how it was won"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-year", "title", "id"]
        indexes = [models.Index(fields=["member", "state"], name="honour_member_state_idx")]
        constraints = [models.CheckConstraint(
            condition=models.Q(member__isnull=False) | models.Q(union__isnull=False)
            | models.Q(employer__isnull=False) | ~models.Q(collective_name=""),
            name="honour_has_holder")]

    def __str__(self):
        return f"{self.holder_name} · {self.year}年{self.get_level_display()}{self.get_title_display()}"

    def scope_union(self):
        return self.registered_with

    @property
    def holder_kind(self):
        return self.HolderKind.PERSON if self.member_id else self.HolderKind.COLLECTIVE

    @property
    def holder_name(self):
        if self.member_id:
            return self.member.name
        return self.collective_name or (self.employer.name if self.employer_id else
                                        self.union.name if self.union_id else "")


LEVEL_RANK = {level: i for i, level in enumerate(Honour.Level.values)}  # 0 is the highest


class SelectionRound(ScopedModel):
    """One call for nominations (评选): run by `union` for a title and level, with quotas per county or
    industry union, criteria, the mix rules of the batch (copied from the rulebook when the call is
    made, each with its source: the ratios differ by round and place, rules/wave2.md B), the
    re-nomination window and the 公示 length. Unions below the organiser see the call."""

    class State(models.TextChoices):
        NOMINATING = "nominating", _("taking nominations")
        PUBLICITY = "publicity", _("in publicity")
        AWARDED = "awarded", _("awarded")

    seen_from_below = True

    union = models.ForeignKey("orgs.Union", verbose_name=_("organising union"), on_delete=models.PROTECT,
                              related_name="selection_rounds")
    name = models.CharField(_("name"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("honour title"), max_length=40, choices=titles.choices)
    level = models.CharField(_("level"), max_length=12, choices=Honour.Level.choices)
    conferring_body = models.CharField(_("conferring body"), max_length=120)
    criteria = models.TextField(_("criteria"), blank=True)
    nominate_until = models.DateField(_("nominations close on"))
    exclusion_years = models.PositiveSmallIntegerField(_("no re-nomination within (years)"))
    exclusion_source = models.CharField(_("source of the window"), max_length=200, blank=True)
    publicity_working_days = models.PositiveSmallIntegerField(_("publicity (working days)"))
    publicity_source = models.CharField(_("source of the publicity length"), max_length=200, blank=True)
    # [{"code": "enterprise_head_max", "share": "1/5", "source": "..."}]: see rules.MIX
    mix_rules = models.JSONField(_("mix rules"), default=list, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.NOMINATING,
                             db_index=True)
    publicity_from = models.DateField(_("publicity from"), null=True, blank=True)
    publicity_until = models.DateField(_("publicity until"), null=True, blank=True)
    publicity_started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="+")
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("selection round")
        verbose_name_plural = _("selection rounds")
        ordering = ["-year", "-id"]
        permissions = [("award_selectionround", _("Can award a selection round"))]

    def __str__(self):
        return self.name

    @property
    def region_code(self):
        return self.union.region_id

    def publicity_closed(self, on=None):
        on = on or timezone.localdate()
        return self.publicity_until is not None and on > self.publicity_until


class RoundQuota(ScopedModel):
    """How many a county or industry union may nominate in a round."""

    scope_path = "round__union__path"
    seen_from_below = True

    round = models.ForeignKey(SelectionRound, verbose_name=_("selection round"), on_delete=models.CASCADE,
                              related_name="quotas")
    union = models.ForeignKey("orgs.Union", verbose_name=_("union (county or industry)"), on_delete=models.PROTECT,
                              related_name="+")
    quota = models.PositiveIntegerField(_("quota"))

    class Meta:
        verbose_name = _("nomination quota")
        verbose_name_plural = _("nomination quotas")
        ordering = ["round", "union__path"]
        constraints = [models.UniqueConstraint(fields=["round", "union"], name="honours_quota_once")]

    def __str__(self):
        return f"{self.union} · {self.quota}"

    def scope_union(self):
        return self.round.union


class Nomination(ScopedModel):
    """A union's nominee (a person or a collective) in a round: reviewed at each level up to the
    organiser, then in 公示, then awarded (its Honour row) or rejected."""

    audit_labels = {"nominee": _("Nominee")}

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("under review")
        APPROVED = "approved", _("approved")
        PUBLICITY = "publicity", _("in publicity")
        ON_HOLD = "on_hold", _("on hold (objection)")
        AWARDED = "awarded", _("awarded")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    LIVE = (State.SUBMITTED, State.APPROVED, State.PUBLICITY, State.ON_HOLD, State.AWARDED)

    class Sector(models.TextChoices):
        ENTERPRISE = "enterprise", _("enterprise")
        PUBLIC = "public", _("public body or institution")
        FARMER = "farmer", _("farmer")
        OTHER = "other", _("other")

    scope_path = "nominated_by__path"

    round = models.ForeignKey(SelectionRound, verbose_name=_("selection round"), on_delete=models.PROTECT,
                              related_name="nominations")
    nominated_by = models.ForeignKey("orgs.Union", verbose_name=_("nominating union"), on_delete=models.PROTECT,
                                     related_name="+")
    quota = models.ForeignKey(RoundQuota, verbose_name=_("counts against the quota of"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="nominations")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="nominations")
    union = models.ForeignKey("orgs.Union", verbose_name=_("union (collective nominee)"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer (collective nominee)"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    collective_name = models.CharField(_("collective (team, post, department)"), max_length=120, blank=True)
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices, default=Sector.ENTERPRISE)
    is_frontline = models.BooleanField(_("front-line worker"), default=False)
    is_industrial_worker = models.BooleanField(_("industrial worker"), default=False)
    is_enterprise_head = models.BooleanField(_("head of an enterprise"), default=False)
    is_farmer_worker = models.BooleanField(_("migrant worker from the countryside"), default=False)
    deeds = models.TextField(_("deeds"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.SUBMITTED,
                             db_index=True)
    review_step = models.PositiveSmallIntegerField(_("review level reached"), default=0)
    honour = models.OneToOneField(Honour, verbose_name=_("honour"), null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="nomination")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["round", "id"]
        permissions = [("review_nomination", _("Can review nominations"))]
        constraints = [models.UniqueConstraint(fields=["round", "member"], condition=models.Q(member__isnull=False),
                                               name="honours_nominated_once_per_round")]

    def __str__(self):
        return f"{self.round} · {self.nominee_name}"

    def scope_union(self):
        return self.nominated_by

    @property
    def is_person(self):
        return self.member_id is not None

    @property
    def nominee_name(self):
        if self.member_id:
            return self.member.name
        return self.collective_name or (self.employer.name if self.employer_id else
                                        self.union.name if self.union_id else "")


class NominationMaterial(Attachment):
    """A paper of the nomination (事迹材料, 推荐表, 证明)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="materials")

    class Meta:
        verbose_name = _("nomination material")
        verbose_name_plural = _("nomination materials")
        ordering = ["nomination", "id"]


class NominationReview(models.Model):
    """One level's decision on a nomination (the union whose staff decided it)."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("approved")
        REJECT = "reject", _("rejected")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="reviews")
    union = models.ForeignKey("orgs.Union", verbose_name=_("reviewing union"), on_delete=models.PROTECT,
                              related_name="+")
    step = models.PositiveSmallIntegerField(_("review level"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    opinion = models.CharField(_("opinion"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("nomination review")
        verbose_name_plural = _("nomination reviews")
        ordering = ["nomination", "step", "id"]

    def __str__(self):
        return f"{self.union} · {self.get_decision_display()}"


class Clearance(models.Model):
    """An agency's opinion on a nominated head of an enterprise (税务, 人社, 安监 …)."""

    class Result(models.TextChoices):
        CLEARED = "cleared", _("no objection")
        NOT_CLEARED = "not_cleared", _("objection raised")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="clearances")
    agency = models.CharField(_("agency"), max_length=20)
    agency_name = models.CharField(_("agency name"), max_length=60)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    reference = models.CharField(_("document reference"), max_length=60, blank=True)
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")
        ordering = ["nomination", "agency", "-id"]

    def __str__(self):
        return f"{self.agency_name} · {self.get_result_display()}"


class Objection(models.Model):
    """An objection received during 公示: the nominee is on hold until it is resolved."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        UPHELD = "upheld", _("upheld (nominee rejected)")
        DISMISSED = "dismissed", _("dismissed")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="objections")
    received_on = models.DateField(_("received on"))
    raised_by = models.CharField(_("raised by"), max_length=60, blank=True)
    content = models.TextField(_("objection"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    resolution = models.CharField(_("finding"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["nomination", "id"]

    def __str__(self):
        return f"{self.received_on} · {self.get_state_display()}"


class ModelWorkerVisit(ScopedModel):
    """A yearly 慰问 of a 劳模 (visit and money), with the level of their highest 劳模 title at the time
    (the report counts national, provincial and city 劳模 visited)."""

    scope_path = "union__path"

    member = models.ForeignKey("members.Member", verbose_name=_("model worker"), on_delete=models.PROTECT,
                               related_name="model_worker_visits")
    union = models.ForeignKey("orgs.Union", verbose_name=_("visiting union"), on_delete=models.PROTECT,
                              related_name="+")
    level = models.CharField(_("level"), max_length=12, choices=Honour.Level.choices, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    visited_on = models.DateField(_("visited on"))
    amount_fen = models.PositiveIntegerField(_("condolence money (fen)"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("model worker visit")
        verbose_name_plural = _("model worker visits")
        ordering = ["-visited_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="honours_one_visit_a_year")]

    def __str__(self):
        return f"{self.member.name} · {self.visited_on}"


class HelpScheme(models.Model):
    """Marks an assistance programme of kind model_worker as the 劳模 生活困难补助 or the 特殊困难帮扶
    (both are paid through that programme's applications and payment batches)."""

    class Kind(models.TextChoices):
        LIVING = "living", _("hardship living subsidy")
        SPECIAL = "special", _("special hardship help")

    programme = models.OneToOneField("assistance.Programme", on_delete=models.CASCADE, related_name="help_scheme")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("model worker help scheme")
        verbose_name_plural = _("model worker help schemes")

    def __str__(self):
        return f"{self.programme} · {self.get_kind_display()}"
