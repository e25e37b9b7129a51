"""劳动竞赛 and 职业技能竞赛 (labour and skills competitions), and 五小 / 合理化建议 entries.

A competition is run by an organiser (any union) at one level of the competition system
(enterprise → industry → city → province → national, as seed 003's gold-industry contests). People
or teams register; judges enter scores round by round; the competition's own scoring rule
(average, drop highest and lowest, weighted theory and practice) and tie rule make the ranking.
Publishing a round's ranking locks its scores: a later correction is a recorded change with its
reason (ScoreChange). The competition's reward ladder (places → honour title and/or one skill grade
up) turns the published final ranking into Award rows and, through the honours registry, into
Honour rows.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel


class Level(models.TextChoices):
    """The competition system of seed 003 (国家级、行业级、企业级), with the city and province between."""

    ENTERPRISE = "enterprise", _("enterprise")
    INDUSTRY = "industry", _("industry")
    CITY = "city", _("city")
    PROVINCE = "province", _("province")
    NATIONAL = "national", _("national")


class Competition(ScopedModel):
    """One competition (one edition of it), organised by `union`; the unions below see it (they
    register their members)."""

    seen_from_below = True

    class Kind(models.TextChoices):
        LABOUR_PROJECT = "labour_project", _("labour competition of a project")
        LABOUR_INDUSTRY = "labour_industry", _("labour competition of an industry")
        SKILLS = "skills", _("skills competition of a trade")

    class Rule(models.TextChoices):
        AVERAGE = "average", _("average of the judges' scores")
        TRIMMED = "trimmed", _("drop the highest and the lowest, average the rest")
        WEIGHTED = "weighted", _("weighted theory and practice")

    class Tie(models.TextChoices):
        PRACTICE = "practice", _("higher practice score first, then higher theory score")
        THEORY = "theory", _("higher theory score first, then higher practice score")
        SHARED = "shared", _("tied entrants share the place")

    class State(models.TextChoices):
        OPEN = "open", _("registration open")
        SCORING = "scoring", _("scoring")
        FINISHED = "finished", _("finished")

    union = models.ForeignKey("orgs.Union", verbose_name=_("organiser"), on_delete=models.PROTECT,
                              related_name="competitions")
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    trade = models.CharField(_("trade or project"), max_length=80, blank=True)
    awarding_body = models.CharField(_("conferring body of its honours"), max_length=120, blank=True,
                                     help_text=_("Blank: the organiser."))
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    scoring_rule = models.CharField(_("scoring rule"), max_length=10, choices=Rule.choices, default=Rule.AVERAGE)
    theory_weight = models.PositiveSmallIntegerField(
        _("theory weight (%)"), default=30, help_text=_("Weighted rule only: the practice weight is the rest."))
    score_min = models.DecimalField(_("lowest score"), max_digits=6, decimal_places=2, default=Decimal("0"))
    score_max = models.DecimalField(_("highest score"), max_digits=6, decimal_places=2, default=Decimal("100"))
    tie_rule = models.CharField(_("tie rule"), max_length=10, choices=Tie.choices, default=Tie.SHARED)
    teams = models.BooleanField(_("team entries"), default=False)
    max_age = models.PositiveSmallIntegerField(_("age limit (years, inclusive)"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-year", "union__path", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(score_min__lt=models.F("score_max")),
                                   name="competitions_score_range"),
            models.CheckConstraint(condition=Q(theory_weight__lte=100), name="competitions_theory_weight"),
        ]

    def __str__(self):
        return self.name

    @property
    def parts(self):
        """The parts a judge scores: theory and practice under the weighted rule, else one overall score."""
        if self.scoring_rule == self.Rule.WEIGHTED:
            return [Score.Part.THEORY, Score.Part.PRACTICE]
        return [Score.Part.OVERALL]


class Round(ScopedModel):
    """A round (初赛, 决赛 …). The final round's published ranking feeds the reward ladder. The
    unions below the organiser see the round (its published ranking), not its scores."""

    scope_path = "competition__union__path"
    seen_from_below = True

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round number"))
    name = models.CharField(_("name"), max_length=60)
    is_final = models.BooleanField(_("final round"), default=False)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    published_at = models.DateTimeField(_("ranking published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["competition", "number"]
        constraints = [models.UniqueConstraint(fields=["competition", "number"], name="competitions_round_number")]

    def __str__(self):
        return f"{self.competition} · {self.name}"

    def scope_union(self):
        return self.competition.union

    @property
    def published(self):
        return self.published_at is not None


class Registration(ScopedModel):
    """An entrant: one member, or a team of members (`team_name`), entered by their union. The
    row hangs on the entrant's union (always inside the organiser's subtree): the organiser sees
    every entrant, a grassroots union its own."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("registered")
        WITHDRAWN = "withdrawn", _("withdrawn")

    scope_path = "union__path"

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="registrations")
    number = models.PositiveIntegerField(_("entrant number"))
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="competition_entries")
    team_name = models.CharField(_("team"), max_length=80, blank=True)
    team_members = models.ManyToManyField("members.Member", verbose_name=_("team members"), blank=True,
                                          related_name="competition_teams")
    union = models.ForeignKey("orgs.Union", verbose_name=_("entrant's union"), on_delete=models.PROTECT,
                              related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.REGISTERED)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["competition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "number"], name="competitions_entrant_number"),
            models.UniqueConstraint(fields=["competition", "member"], condition=Q(member__isnull=False),
                                    name="competitions_member_once"),
        ]

    def __str__(self):
        return self.entrant_name

    def scope_union(self):
        return self.union

    @property
    def entrant_name(self):
        return self.team_name or (self.member.name if self.member_id else "")

    def people(self):
        """The members an award goes to: the entrant, or every member of the team."""
        return [self.member] if self.member_id else list(self.team_members.all())


class Judge(ScopedModel):
    """A judge of a competition, from a union: they may not score entrants of that union."""

    scope_path = "competition__union__path"

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="judges")
    name = models.CharField(_("name"), max_length=60)
    union = models.ForeignKey("orgs.Union", verbose_name=_("judge's union"), on_delete=models.PROTECT,
                              related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        ordering = ["competition", "id"]

    def __str__(self):
        return self.name

    def scope_union(self):
        return self.competition.union


class Score(ScopedModel):
    """One judge's score of one entrant in one round (for one part under the weighted rule)."""

    class Part(models.TextChoices):
        OVERALL = "overall", _("overall")
        THEORY = "theory", _("theory")
        PRACTICE = "practice", _("practice")

    scope_path = "round__competition__union__path"

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="scores")
    registration = models.ForeignKey(Registration, verbose_name=_("entrant"), on_delete=models.CASCADE,
                                     related_name="scores")
    judge = models.ForeignKey(Judge, verbose_name=_("judge"), on_delete=models.PROTECT, related_name="scores")
    part = models.CharField(_("part"), max_length=10, choices=Part.choices, default=Part.OVERALL)
    value = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["round", "registration", "judge", "part"]
        constraints = [models.UniqueConstraint(fields=["round", "registration", "judge", "part"],
                                               name="competitions_score_once")]

    def __str__(self):
        return f"{self.registration} · {self.judge} · {self.value}"

    def scope_union(self):
        return self.round.competition.union


class ScoreChange(ScopedModel):
    """A correction of a score after its round's ranking was published: old and new value and why."""

    scope_path = "score__round__competition__union__path"

    score = models.ForeignKey(Score, verbose_name=_("score"), on_delete=models.CASCADE, related_name="changes")
    old_value = models.DecimalField(_("old score"), max_digits=6, decimal_places=2)
    new_value = models.DecimalField(_("new score"), max_digits=6, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("score correction")
        verbose_name_plural = _("score corrections")
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.score}: {self.old_value} → {self.new_value}"

    def scope_union(self):
        return self.score.round.competition.union


class Placing(ScopedModel):
    """A published ranking line: the entrant's total and place in a round (a snapshot, kept).
    Published rankings are public within the organiser's area: the unions below see them."""

    scope_path = "round__competition__union__path"
    seen_from_below = True

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="placings")
    registration = models.ForeignKey(Registration, verbose_name=_("entrant"), on_delete=models.CASCADE,
                                     related_name="placings")
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=3)
    theory = models.DecimalField(_("theory"), max_digits=8, decimal_places=3, null=True, blank=True)
    practice = models.DecimalField(_("practice"), max_digits=8, decimal_places=3, null=True, blank=True)
    place = models.PositiveIntegerField(_("place"))

    class Meta:
        verbose_name = _("ranking line")
        verbose_name_plural = _("ranking lines")
        ordering = ["round", "place", "registration__number"]
        constraints = [models.UniqueConstraint(fields=["round", "registration"], name="competitions_placing_once")]

    def __str__(self):
        return f"{self.place}. {self.registration}"

    def scope_union(self):
        return self.round.competition.union


class RewardStep(ScopedModel):
    """A step of the competition's reward ladder: places `place_from`–`place_to` get the honour
    `title` at `honour_level` (if any) and/or one skill grade up (技师 → 高级技师 …)."""

    scope_path = "competition__union__path"

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="ladder")
    place_from = models.PositiveIntegerField(_("from place"))
    place_to = models.PositiveIntegerField(_("to place"))
    title = models.CharField(_("honour title"), max_length=40, blank=True)
    honour_level = models.CharField(_("honour level"), max_length=12, blank=True)
    grade_up = models.BooleanField(_("one skill grade up"), default=False)

    class Meta:
        verbose_name = _("reward step")
        verbose_name_plural = _("reward ladder")
        ordering = ["competition", "place_from"]
        constraints = [models.CheckConstraint(condition=Q(place_from__lte=models.F("place_to")),
                                              name="competitions_step_places")]

    def __str__(self):
        return f"{self.place_from}–{self.place_to}"

    def scope_union(self):
        return self.competition.union


class Award(ScopedModel):
    """What one person got from a published final ranking: an honour row and/or a grade up.
    Hangs on the entrant's union, like the registration."""

    scope_path = "registration__union__path"

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="awards")
    registration = models.ForeignKey(Registration, verbose_name=_("entrant"), on_delete=models.CASCADE,
                                     related_name="awards")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="competition_awards")
    place = models.PositiveIntegerField(_("place"))
    title = models.CharField(_("honour title"), max_length=40, blank=True)
    honour_level = models.CharField(_("honour level"), max_length=12, blank=True)
    grade_up = models.BooleanField(_("one skill grade up"), default=False)
    certificate_no = models.CharField(_("certificate number"), max_length=40, unique=True)
    honour = models.ForeignKey("honours.Honour", verbose_name=_("honour"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="competition_awards")
    awarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    awarded_at = models.DateTimeField(_("awarded at"), default=timezone.now)

    class Meta:
        verbose_name = _("competition award")
        verbose_name_plural = _("competition awards")
        ordering = ["competition", "place", "id"]
        constraints = [models.UniqueConstraint(fields=["competition", "member"], name="competitions_award_once")]

    def __str__(self):
        return f"{self.member} · {self.place}"

    def scope_union(self):
        return self.registration.union

    @property
    def title_label(self):
        from gonghui.honours import titles

        return titles.label(self.title) if self.title else ""


class Innovation(ScopedModel):
    """A 五小 entry or 合理化建议 by a member or a team, kept by `union`: submitted → reviewed
    (adopted or not, by someone other than who entered it) → the yearly saving claimed, then
    verified by a second person → an award."""

    class Kind(models.TextChoices):
        INVENTION = "invention", _("小发明 (small invention)")
        CREATION = "creation", _("小创造 (small creation)")
        INNOVATION = "innovation", _("小革新 (small innovation)")
        DESIGN = "design", _("小设计 (small design)")
        SUGGESTION = "suggestion", _("小建议 (rationalisation proposal)")

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ADOPTED = "adopted", _("adopted")
        NOT_ADOPTED = "not_adopted", _("not adopted")
        VERIFIED = "verified", _("saving verified")

    class Grade(models.TextChoices):
        FIRST = "first", _("first prize")
        SECOND = "second", _("second prize")
        THIRD = "third", _("third prize")
        MERIT = "merit", _("merit award")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="innovations")
    number = models.CharField(_("number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"))
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="innovations")
    team_name = models.CharField(_("team"), max_length=80, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    saving_claimed_fen = models.BigIntegerField(_("yearly saving claimed (fen)"), null=True, blank=True)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    saving_verified_fen = models.BigIntegerField(_("yearly saving verified (fen)"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    award_grade = models.CharField(_("award"), max_length=10, choices=Grade.choices, blank=True)
    award_fen = models.BigIntegerField(_("award amount (fen)"), null=True, blank=True)

    class Meta:
        verbose_name = _("五小 entry")
        verbose_name_plural = _("五小 entries")
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def author_name(self):
        return self.team_name or (self.member.name if self.member_id else "")
