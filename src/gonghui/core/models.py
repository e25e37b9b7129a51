"""Shared tables: code tables (national standards kept as data) and the audit trail."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .access import ScopedQuerySet, scope


class Code(models.Model):
    """One entry of a code table (GB/T 4754 industry, ownership type, ...).

    Code tables are data an operator can extend in the admin; code refers to a table by
    its name and to entries by their code, never by a hard-coded list.
    """

    table = models.CharField(_("code table"), max_length=40, db_index=True)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    sort = models.PositiveIntegerField(_("sort order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        ordering = ["table", "sort", "code"]
        constraints = [models.UniqueConstraint(fields=["table", "code"], name="code_unique_in_table")]

    def __str__(self):
        return self.name


class AuditQuerySet(ScopedQuerySet):
    """Refuses bulk changes: the trail only grows (purging old rows has its own path)."""

    def update(self, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    def delete(self):
        raise PermissionError("The audit trail is append-only.")


# Labels of the audit actions; the context keeps them apart from statuses that read alike.
ACTIONS = {
    "create": pgettext_lazy("audit action", "created"),
    "update": pgettext_lazy("audit action", "changed"),
    "delete": pgettext_lazy("audit action", "deleted"),
    "move": pgettext_lazy("audit action", "moved"),
    "merge": pgettext_lazy("audit action", "merged"),
    "revoke": pgettext_lazy("audit action", "revoked"),
    "login": pgettext_lazy("audit action", "signed in"),
    "logout": pgettext_lazy("audit action", "signed out"),
    "login_failed": pgettext_lazy("audit action", "failed sign-in"),
    "refused": pgettext_lazy("audit action", "refused"),
    "export": pgettext_lazy("audit action", "exported"),
    "run": pgettext_lazy("audit action", "ran a task"),
    "reveal": pgettext_lazy("audit action", "revealed"),
    "personal_data_copy": pgettext_lazy("audit action", "downloaded a copy of their personal data"),
    "retention_erased": pgettext_lazy("audit action", "anonymised records past their retention"),
    "verify": pgettext_lazy("audit action", "verified the chain"),
    "purge": pgettext_lazy("audit action", "purged old entries"),
    "demo": pgettext_lazy("audit action", "built demo data"),
    "admin": pgettext_lazy("audit action", "changed in the admin"),
    "grant": pgettext_lazy("audit action", "granted"),
    "ungrant": pgettext_lazy("audit action", "withdrew a grant"),
    "unlock": pgettext_lazy("audit action", "unlocked"),
    "account_locked": pgettext_lazy("audit action", "account locked"),
    "password": pgettext_lazy("audit action", "changed a password"),
    "otp": pgettext_lazy("audit action", "second factor"),
    "rejoin": pgettext_lazy("audit action", "rejoined"),
    "transfer": pgettext_lazy("audit action", "transferred"),
    "leave": pgettext_lazy("audit action", "left the union"),
    "retire": pgettext_lazy("audit action", "retired"),
    "unemployed": pgettext_lazy("audit action", "became unemployed"),
    "employer_closed": pgettext_lazy("audit action", "employer closed"),
    "death": pgettext_lazy("audit action", "died"),
    "rotate_keys": pgettext_lazy("audit action", "rotated the field keys"),
    "transfer_request": pgettext_lazy("audit action", "requested a transfer"),
    "transfer_rejected": pgettext_lazy("audit action", "rejected a transfer"),
    "transfer_withdrawn": pgettext_lazy("audit action", "withdrew a transfer request"),
    "join_apply": pgettext_lazy("audit action", "applied to join"),
    "join_accepted": pgettext_lazy("audit action", "accepted a join application"),
    "join_rejected": pgettext_lazy("audit action", "rejected a join application"),
    "join_withdrawn": pgettext_lazy("audit action", "withdrew a join application"),
    "cleanup": pgettext_lazy("audit action", "paper-member clean-up"),
    "medicalaid_enrol": pgettext_lazy("audit action", "enrolled in mutual medical aid"),
    "claim_approved": pgettext_lazy("audit action", "approved a claim"),
    "claim_rejected": pgettext_lazy("audit action", "rejected a claim"),
    "claim_paid": pgettext_lazy("audit action", "recorded a claim as paid"),
    "screening_booked": pgettext_lazy("audit action", "booked a screening"),
    "screening_cancelled": pgettext_lazy("audit action", "cancelled a screening"),
    "approve": pgettext_lazy("audit action", "approved"),
    "reject": pgettext_lazy("audit action", "rejected"),
    "submit": pgettext_lazy("audit action", "submitted"),
    "publish": pgettext_lazy("audit action", "published"),
    "confirm": pgettext_lazy("audit action", "confirmed"),
    "cancel": pgettext_lazy("audit action", "cancelled"),
    "attach": pgettext_lazy("audit action", "attached a file"),
    "upload": pgettext_lazy("audit action", "uploaded"),
    "import": pgettext_lazy("audit action", "imported"),
    "expire": pgettext_lazy("audit action", "expired"),
    "resume": pgettext_lazy("audit action", "resumed"),
    "deactivate": pgettext_lazy("audit action", "deactivated"),
    "draw": pgettext_lazy("audit action", "drew lots"),
    "rate": pgettext_lazy("audit action", "rated"),
    "redeem": pgettext_lazy("audit action", "redeemed"),
    "check_in": pgettext_lazy("audit action", "checked in"),
    "congress_checkin": pgettext_lazy("audit action", "checked in at the congress"),
    "delegate_replaced": pgettext_lazy("audit action", "replaced a delegate"),
    "motion_voted": pgettext_lazy("audit action", "recorded a vote on a motion"),
    "revoke_grant": pgettext_lazy("audit action", "revoked a grant"),
    "password_change": pgettext_lazy("audit action", "changed a password"),
    "otp_enabled": pgettext_lazy("audit action", "turned on the second factor"),
    "otp_disabled": pgettext_lazy("audit action", "turned off the second factor"),
    "otp_failed": pgettext_lazy("audit action", "failed the second factor"),
    "sms_code": pgettext_lazy("audit action", "sent a sign-in code"),
    "topic_vote": pgettext_lazy("audit action", "voted for a course topic"),
    "event_signup": pgettext_lazy("audit action", "signed up"),
    "event_cancel": pgettext_lazy("audit action", "cancelled a sign-up"),
    "event_cancelled": pgettext_lazy("audit action", "cancelled an event"),
    "event_checkin": pgettext_lazy("audit action", "checked in at an event"),
    "event_promoted": pgettext_lazy("audit action", "moved up from the waiting list"),
    "course_booked": pgettext_lazy("audit action", "booked a course"),
    "course_booking_cancelled": pgettext_lazy("audit action", "cancelled a course booking"),
    "course_attended": pgettext_lazy("audit action", "attended a course"),
    "engagement_check_in": pgettext_lazy("audit action", "checked in reading"),
    "engagement_import_questions": pgettext_lazy("audit action", "imported quiz questions"),
    "engagement_start_attempt": pgettext_lazy("audit action", "started a quiz"),
    "engagement_submit_attempt": pgettext_lazy("audit action", "handed in a quiz"),
}


class AuditEntry(models.Model):
    """One recorded action. Rows are chained with HMAC-SM3: each row's seal (`hash`) covers
    its content and the previous row's seal, under the audit key named by `key_id` (kept out
    of the database), so `gonghui audit_verify` detects any row that was changed, inserted or
    removed after the fact; the head anchored outside the database catches a cut tail."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # The id the request's log lines carry (gonghui.core.logs): from the trail to the logs and back.
    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=30, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    union_path = models.CharField(_("union path"), max_length=255, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    key_id = models.CharField(max_length=16, default="")

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.object_repr}"

    @property
    def action_label(self):
        return ACTIONS.get(self.action, self.action)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("core:audit_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, perm):
        """Auditors read entries about their subtree; entries tied to no union (logins,
        failed logins) only with a grant on the whole tree."""
        return scope(user, perm).q("union_path")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only.")


class TaskRun(models.Model):
    """One run of a background task that a person started or the scheduler ran: the record the
    operator reads on the schedule page and the starter polls at /api/v1/tasks/{id}. Its id is
    the task's id in the queue, so a redelivered message finds its own row again.

    Live progress of a running task is kept outside the database (see gonghui.core.queue),
    because the task's own transaction may hide its writes until it ends; the row gets the last
    figures when the run ends."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        RETRYING = "retrying", _("Waiting to try again")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True)
    name = models.CharField(_("task"), max_length=200, db_index=True)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    phase = models.CharField(_("phase"), max_length=40, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    tries = models.PositiveSmallIntegerField(_("tries"), default=0)
    error = models.TextField(_("error"), blank=True)
    result = models.CharField(_("result"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("task run")
        verbose_name_plural = _("task runs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["name", "-created_at"], name="taskrun_name_idx")]

    def __str__(self):
        return f"{self.name} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_running(self):
        return self.state in (self.State.QUEUED, self.State.RUNNING, self.State.RETRYING)
