"""Terms (届), office-holders, and elections with their posts, candidates, rounds and tellers'
sheets (工会法 art.16-18; 工会基层组织选举工作条例 2016 as quoted by published 选举办法).

Facts are stored, status is derived (DESIGN.md: CiviCRM's lesson): a term stores when it was
elected, its length and any delay the union above approved; whether it is due or overdue is
computed in `queries`. An office-holder is a dated row, never overwritten, so the history of
who held an office stays; "the chair today" is a query over those rows.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel


class Term(ScopedModel):
    """One 届 of a union's committee: elected on a day for 3 or 5 years (工会法 art.16)."""

    audit_labels = {"delay_requested": _("delay requested until")}

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="terms")
    number = models.PositiveIntegerField(_("term number"))
    elected_on = models.DateField(_("elected on"))
    years = models.PositiveSmallIntegerField(_("term length (years)"))
    ends_on = models.DateField(_("term ends on"))
    delay_requested_until = models.DateField(_("delay requested until"), null=True, blank=True)
    delay_until = models.DateField(_("re-election delayed until"), null=True, blank=True)
    delay_reason = models.CharField(_("reason for the delay"), max_length=300, blank=True)
    delay_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("delay requested by"),
                                           null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    delay_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("delay approved by"),
                                          null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField(_("succeeded on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["union__path", "-number"]
        permissions = [("approve_term", _("Can approve a re-election delay for a union below"))]
        constraints = [
            models.UniqueConstraint(fields=["union", "number"], name="one_term_number_per_union"),
            models.UniqueConstraint(fields=["union"], condition=models.Q(closed_on__isnull=True),
                                    name="one_open_term_per_union"),
        ]

    def __str__(self):
        return _("%(union)s, term %(n)d") % {"union": self.union.name, "n": self.number}

    @property
    def due_on(self):
        """The last day for the re-election: the term's end, or the approved delay."""
        return self.delay_until or self.ends_on


class Office(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice-chair")
    COMMITTEE = "committee", _("committee member")
    AUDIT = "audit", _("audit committee member")
    WOMEN = "women", _("women workers' committee member")


class Appointment(models.TextChoices):
    ELECTED = "elected", _("elected")
    # seed 004: selected openly by the union above, elected by the members, managed and paid
    # by the union above (工会主席公选直管; wave2.md A4)
    OPEN_SELECTION = "open_selection", _("openly selected, managed by the union above (公选直管)")
    APPOINTED = "appointed", _("appointed")


class OfficeHolder(ScopedModel):
    """Who held an office of a union from one day to another (to_on empty: still holds it)."""

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="office_holders")
    term = models.ForeignKey(Term, verbose_name=_("term"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="holders")
    office = models.CharField(_("office"), max_length=12, choices=Office.choices, db_index=True)
    name = models.CharField(_("name"), max_length=60)
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    appointment = models.CharField(_("way of appointment"), max_length=16, choices=Appointment.choices,
                                   default=Appointment.ELECTED, db_index=True)
    from_on = models.DateField(_("from"))
    to_on = models.DateField(_("to"), null=True, blank=True)
    end_reason = models.CharField(_("reason it ended"), max_length=200, blank=True)
    election = models.ForeignKey("Election", verbose_name=_("election"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="holders")

    class Meta:
        verbose_name = _("office-holder")
        verbose_name_plural = _("office-holders")
        ordering = ["union__path", "office", "-from_on", "id"]
        permissions = [("recall_officeholder", _("Can record a recall (罢免) of a chair or vice-chair"))]

    def __str__(self):
        return f"{self.union.name} {self.get_office_display()} {self.name}"


class MeetingKind(models.TextChoices):
    MEMBERS = "members", _("members' meeting (会员大会)")
    DELEGATES = "delegates", _("delegates' congress (会员代表大会)")


class Shortfall(models.TextChoices):
    ANOTHER_ROUND = "another_round", _("hold another vote (另行选举)")
    LEAVE_EMPTY = "leave_empty", _("leave the seats empty")


class ElectionState(models.TextChoices):
    NOMINATING = "nominating", _("nominating candidates")
    SUBMITTED = "submitted", _("candidates awaiting approval")
    VOTING = "voting", _("voting")
    REPORTED = "reported", _("result awaiting approval (批复)")
    APPROVED = "approved", _("result approved")


class Election(ScopedModel):
    """One election meeting of a union: the 应到会 number with how it was obtained, the posts
    to fill, and the approvals by the union above (candidates before the vote, result after)."""

    # what the services record beside the fields: the history card's labels (core.audit.describe)
    audit_labels = {"post": _("post"), "candidate": _("candidate"), "round": _("round"), "sheet": _("teller's sheet"),
                    "attendance": _("attendance"), "issued": _("ballots issued"), "returned": _("ballots returned"),
                    "elected": _("elected")}

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="elections")
    title = models.CharField(_("title"), max_length=120)
    held_on = models.DateField(_("held on"))
    meeting = models.CharField(_("meeting"), max_length=10, choices=MeetingKind.choices)
    entitled = models.PositiveIntegerField(_("entitled to attend (应到会)"))
    entitled_source = models.CharField(_("how the entitled number was obtained"), max_length=200)
    members = models.PositiveIntegerField(_("members of the union"))
    shortfall = models.CharField(_("when fewer are elected than seats"), max_length=16,
                                 choices=Shortfall.choices, default=Shortfall.ANOTHER_ROUND)
    state = models.CharField(_("state"), max_length=12, choices=ElectionState.choices,
                             default=ElectionState.NOMINATING, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    candidates_submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                                verbose_name=_("candidates submitted by"),
                                                on_delete=models.PROTECT, related_name="+")
    candidates_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                               verbose_name=_("candidates approved by"),
                                               on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    verbose_name=_("result reported by"), on_delete=models.PROTECT,
                                    related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    verbose_name=_("result approved by"), on_delete=models.PROTECT,
                                    related_name="+")
    approved_on = models.DateField(_("result approved on"), null=True, blank=True)
    opinion = models.CharField(_("opinion"), max_length=300, blank=True)
    term = models.OneToOneField(Term, verbose_name=_("term it started"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="election")

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-held_on", "-id"]
        permissions = [("approve_election", _("Can approve candidates and results of elections below"))]

    def __str__(self):
        return self.title


class Method(models.TextChoices):
    DIRECT = "direct", _("directly by the meeting")
    PLENUM = "plenum", _("by the committee's first plenum")


class Post(models.Model):
    """The seats of one office to fill at an election (e.g. 7 committee members)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="posts")
    office = models.CharField(_("office"), max_length=12, choices=Office.choices)
    seats = models.PositiveSmallIntegerField(_("seats"))
    method = models.CharField(_("elected by"), max_length=8, choices=Method.choices, default=Method.DIRECT)
    appointment = models.CharField(_("way of appointment"), max_length=16, choices=Appointment.choices,
                                   default=Appointment.ELECTED)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["election", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "office"], name="one_post_per_office")]

    def __str__(self):
        return f"{self.get_office_display()} × {self.seats}"


class Candidate(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(_("name"), max_length=60)
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["post", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "name"], name="one_candidate_name_per_post")]

    def __str__(self):
        return self.name


class RoundKind(models.TextChoices):
    FIRST = "first", _("first round")
    RUNOFF = "runoff", _("run-off among the tied")
    ANOTHER = "another", _("another vote (另行选举)")


class RoundState(models.TextChoices):
    OPEN = "open", _("open")
    COUNTED = "counted", _("counted")


class Round(ScopedModel):
    """One vote for a post. Its `result` keeps the arithmetic as counted (votes, threshold,
    each candidate's outcome and the rules used), so it reads the same after a rule changes."""

    scope_path = "post__election__union__path"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    kind = models.CharField(_("kind"), max_length=8, choices=RoundKind.choices, default=RoundKind.FIRST)
    seats = models.PositiveSmallIntegerField(_("seats"))
    candidates = models.ManyToManyField(Candidate, related_name="rounds", verbose_name=_("candidates"))
    entitled = models.PositiveIntegerField(_("entitled to vote (应到会)"))
    attendance = models.PositiveIntegerField(_("present and voting"), null=True, blank=True)
    issued = models.PositiveIntegerField(_("ballots issued"), null=True, blank=True)
    returned = models.PositiveIntegerField(_("ballots returned"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=RoundState.choices, default=RoundState.OPEN)
    result = models.JSONField(_("result"), null=True, blank=True)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["post", "number"]
        constraints = [models.UniqueConstraint(fields=["post", "number"], name="one_round_number_per_post")]

    def __str__(self):
        return f"{self.post} {self.get_kind_display()} {self.number}"

    def scope_union(self):
        return self.post.election.union


class TellerSheet(models.Model):
    """What one teller (计票人) entered for a round: every ballot's marks, or the tallies per
    candidate. Two sheets by two different people must agree before anything is counted."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sheets")
    teller = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("teller"), on_delete=models.PROTECT,
                               related_name="+")
    ballots = models.JSONField(_("ballots"), null=True, blank=True)  # [[candidate id, ...], ...]
    tallies = models.JSONField(_("tallies"), null=True, blank=True)  # {"invalid": n, "votes": {id: n}}
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("teller's sheet")
        verbose_name_plural = _("tellers' sheets")
        ordering = ["round", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "teller"], name="one_sheet_per_teller")]

    def __str__(self):
        return f"{self.round} {self.teller}"
