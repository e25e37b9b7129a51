"""Founding coverage (建会率, 入会率), organising targets and paper-union cases.

The rates themselves are never stored: `queries.py` computes them from employers, unions
and members. What is stored is the work those figures start: an `OrganisingTarget` for an
employer with 25 or more staff and no union, owned by the regional union responsible for
its area, and a `PaperUnionCase` proposing to revoke or merge a union that exists only on
paper, approved by another user with rights on the union's parent.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel

# Employers with at least this many staff and no union are organising targets (the
# federations' 应建会 threshold).
TARGET_MIN_HEADCOUNT = 25


class TargetStatus(models.TextChoices):
    TO_VISIT = "to_visit", _("to visit")
    VISITED = "visited", _("employer visited")
    PREPARING = "preparing", _("preparing to found")
    FOUNDED = "founded", _("union founded")
    DECLINED = "declined", _("declined")


class OrganisingTarget(ScopedModel):
    """An employer to organise, held by the regional (township or county) union whose area
    it lies in; one row per employer, so refreshing the list never duplicates it."""

    employer = models.OneToOneField("orgs.Employer", verbose_name=_("employer"), on_delete=models.PROTECT,
                                    related_name="organising_target")
    union = models.ForeignKey("orgs.Union", verbose_name=_("responsible union"), on_delete=models.PROTECT,
                              related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=TargetStatus.choices,
                              default=TargetStatus.TO_VISIT, db_index=True)
    created_at = models.DateTimeField(_("listed at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("organising target")
        verbose_name_plural = _("organising targets")
        ordering = ["union", "employer__name"]

    def __str__(self):
        return str(self.employer)


class TargetNote(models.Model):
    """One entry of a target's history: a visit note, a change of status or owner. Never edited."""

    target = models.ForeignKey(OrganisingTarget, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=TargetStatus.choices, blank=True)
    text = models.CharField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("target note")
        verbose_name_plural = _("target notes")
        ordering = ["-at", "-id"]

    def __str__(self):
        return self.text[:40]


class CaseAction(models.TextChoices):
    REVOKE = "revoke", _("revoke")
    MERGE = "merge", _("merge")


class CaseState(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    REJECTED = "rejected", _("rejected")
    DONE = "done", _("done")


class PaperUnionCase(ScopedModel):
    """A proposal to revoke (撤销) or merge (并转) a paper union. Approval by another user who
    holds the right on the union's parent carries it out at once, in one transaction:
    members transferred (merge), the union marked revoked or merged, all audited."""

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="paper_cases")
    action = models.CharField(_("action"), max_length=10, choices=CaseAction.choices)
    into = models.ForeignKey("orgs.Union", verbose_name=_("merge into"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    signs = models.JSONField(_("signs found"), default=list, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=CaseState.choices, default=CaseState.PROPOSED,
                             db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"),
                                    on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("opinion"), max_length=300, blank=True)
    members_moved = models.PositiveIntegerField(_("members moved"), default=0)

    class Meta:
        verbose_name = _("paper-union case")
        verbose_name_plural = _("paper-union cases")
        ordering = ["-proposed_at", "-id"]
        permissions = [("approve_paperunioncase", _("Can approve revoking or merging a paper union"))]
        constraints = [
            models.UniqueConstraint(fields=["union"], condition=models.Q(state="proposed"),
                                    name="one_open_paper_case_per_union"),
            models.CheckConstraint(condition=models.Q(action="revoke", into__isnull=True)
                                   | models.Q(action="merge", into__isnull=False),
                                   name="paper_case_merge_has_target"),
        ]

    def __str__(self):
        return f"{self.union.name}：{self.get_action_display()}"
