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
