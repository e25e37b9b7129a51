"""疗休养 (recuperation): the bases where model workers and front-line workers rest, the batches
sent there, and each member's place on a batch (a candidate, then an offer or a waiting-list
position, then accepted, declined, expired, attended or absent).

A base belongs to a union's tree (`union`); a partner city's base (洛阳 and 成都 share theirs,
seed 003) is listed by the union that signed the agreement and says whose it is. A batch is run by
one union for the members of its subtree; the lot that orders candidates of equal priority uses a
seed committed by its hash when the batch is created and published after the allocation, as the
campaigns' lottery does.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.access import ScopedModel


class Base(ScopedModel):
    """A 疗休养基地: the union's own, or a partner city's shared with it by agreement."""

    # A city's bases serve every union below it: the counties pick them for their batches.
    seen_from_below = True

    union = models.ForeignKey("orgs.Union", verbose_name=_("listed by"), on_delete=models.PROTECT,
                              related_name="recuperation_bases")
    name = models.CharField(_("name"), max_length=120)
    city = models.CharField(pgettext_lazy("recuperation", "city"), max_length=40)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_partner = models.BooleanField(_("a partner city's base"), default=False)
    partner = models.CharField(_("partner union"), max_length=120, blank=True,
                               help_text=_("The union whose base it is, for a partner city's base."))
    agreement = models.CharField(_("agreement"), max_length=200, blank=True)
    beds = models.PositiveIntegerField(_("beds"), default=0)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("recuperation base")
        verbose_name_plural = _("recuperation bases")
        ordering = ["union__path", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(is_partner=False) | ~Q(partner=""),
                                   name="recuperation_partner_base_names_partner"),
        ]

    def __str__(self):
        return f"{self.name}（{self.city}）"


class Batch(ScopedModel):
    """One 疗休养 batch: dates, places, cost per person and budget, and who may go."""

    class State(models.TextChoices):
        OPEN = "open", _("taking candidates")
        ALLOCATED = "allocated", _("places offered")
        DONE = "done", _("attendance recorded")

    union = models.ForeignKey("orgs.Union", verbose_name=_("run by"), on_delete=models.PROTECT,
                              related_name="recuperation_batches")
    base = models.ForeignKey(Base, verbose_name=_("base"), on_delete=models.PROTECT, related_name="batches")
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    days = models.PositiveSmallIntegerField(_("days"), editable=False)
    days_rule = models.CharField(_("days cap applied"), max_length=300, blank=True, editable=False)
    capacity = models.PositiveIntegerField(_("places"))
    cost_per_person_fen = models.PositiveIntegerField(_("cost per person (fen)"))
    budget_fen = models.PositiveBigIntegerField(_("budget (fen)"))
    honour_required = models.BooleanField(_("honour holders only"), default=True,
                                          help_text=_("A model workers' batch (劳模疗休养): only holders of an "
                                                      "honour may be candidates."))
    min_level = models.CharField(_("lowest honour level"), max_length=12, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True)
    # the lot: committed by its SHA-256 hash before any candidate is added, published after allocation
    seed = models.CharField(max_length=64, editable=False)
    seed_hash = models.CharField(_("seed hash (SHA-256)"), max_length=64, editable=False)
    allocated_at = models.DateTimeField(_("allocated at"), null=True, blank=True)
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    audit_exclude = ("seed",)

    class Meta:
        verbose_name = _("recuperation batch")
        verbose_name_plural = _("recuperation batches")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                   name="recuperation_batch_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="recuperation_batch_has_places"),
        ]

    def __str__(self):
        return self.name

    @staticmethod
    def hash_seed(seed):
        return hashlib.sha256(seed.encode()).hexdigest()

    @property
    def seed_published(self):
        """The seed is shown once the allocation is made (before, only its hash)."""
        return self.seed if self.allocated_at else ""

    @property
    def region_code(self):
        return self.union.region_id


class Offer(ScopedModel):
    """A member's place on a batch: a candidate until the allocation, then an offer (名额) or a
    waiting-list position; the member answers an offer before `respond_by`."""

    class State(models.TextChoices):
        CANDIDATE = "candidate", pgettext_lazy("recuperation", "candidate")
        WAITING = "waiting", pgettext_lazy("recuperation", "on the waiting list")
        OFFERED = "offered", pgettext_lazy("recuperation", "offered, awaiting the answer")
        ACCEPTED = "accepted", pgettext_lazy("recuperation", "accepted")
        DECLINED = "declined", pgettext_lazy("recuperation", "declined")
        EXPIRED = "expired", pgettext_lazy("recuperation", "expired unanswered")
        ATTENDED = "attended", pgettext_lazy("recuperation", "attended")
        ABSENT = "absent", pgettext_lazy("recuperation", "did not attend")

    scope_path = "batch__union__path"

    batch = models.ForeignKey(Batch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="offers")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="recuperation_offers")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.CANDIDATE,
                             db_index=True)
    # priority as found at the allocation (the honour level from the honours registry)
    honour_level = models.CharField(_("honour level"), max_length=12, blank=True)
    is_frontline = models.BooleanField(_("front-line worker"), default=False)
    never_been = models.BooleanField(_("never been before"), default=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    lot = models.CharField(_("lot (SHA-256 of seed:member number)"), max_length=64, blank=True)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    respond_by = models.DateTimeField(_("answer by"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=200, blank=True)
    replaces = models.ForeignKey("self", verbose_name=_("replaces"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("recuperation offer")
        verbose_name_plural = _("recuperation offers")
        ordering = ["batch", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["batch", "member"], name="recuperation_offer_once")]

    def __str__(self):
        return f"{self.batch} · {self.member.name}"

    def scope_union(self):
        return self.batch.union

    @property
    def honour_level_label(self):
        from . import rules

        return rules.level_label(self.honour_level)

    @property
    def is_overdue(self):
        return self.state == self.State.OFFERED and self.respond_by is not None and self.respond_by < timezone.now()

    # places that count against the batch's capacity and budget
    HOLDING = (State.OFFERED, State.ACCEPTED, State.ATTENDED)
