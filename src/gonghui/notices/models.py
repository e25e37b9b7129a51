"""Notices (通知): an outbox row written with the change that causes it, then one inbox row
per recipient written by a task after commit (the outbox pattern).

`Outbox` holds what to say and to whom (`audience`, a JSON description: users, members, the
members of a subtree, the staff of a union), so the change itself writes one row whatever the
number of recipients. `deliver` (a task) fans it out into `Notice` rows in bulk; the unique
constraints per outbox row and recipient make a retried delivery write nothing twice. A
periodic sweep re-enqueues outbox rows still undelivered after a while, so a crash between
commit and delivery loses nothing. `Preference` is a user's channel per kind; `DigestRun`
records one daily summary per user and day.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import Channel, choices


class Outbox(models.Model):
    kind = models.CharField(_("kind"), max_length=40, choices=choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    audience = models.JSONField(_("recipients"))
    # A producer that may run twice (the deadline reminders) names each notice; a second
    # outbox row with the same key is never written.
    key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    delivered_count = models.PositiveIntegerField(_("recipients"), default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("notice outbox row")
        verbose_name_plural = _("notice outbox")
        ordering = ["-id"]
        indexes = [models.Index(fields=["created_at"], condition=Q(delivered_at__isnull=True),
                                name="notices_outbox_pending_idx")]

    def __str__(self):
        return self.title


class Notice(models.Model):
    """One recipient's copy: a user's, or a member's (found by their account when they have one)."""

    outbox = models.ForeignKey(Outbox, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="notices")
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="notices")
    kind = models.CharField(_("kind"), max_length=40, choices=choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.INBOX)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    sms_sent_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["outbox", "user"], condition=Q(user__isnull=False),
                                    name="notices_once_per_user"),
            models.UniqueConstraint(fields=["outbox", "member"], condition=Q(member__isnull=False),
                                    name="notices_once_per_member"),
            models.CheckConstraint(condition=Q(user__isnull=False) | Q(member__isnull=False),
                                   name="notices_has_recipient"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notices_user_read_idx"),
                   models.Index(fields=["member", "read_at"], name="notices_member_read_idx")]

    def __str__(self):
        return self.outbox.title

    @property
    def title(self):
        return self.outbox.title

    @property
    def body(self):
        return self.outbox.body

    @property
    def url(self):
        return self.outbox.url

    @property
    def kind_label(self):
        return self.get_kind_display()


class Preference(models.Model):
    """A user's channel for one kind; without a row the kind's default channel applies."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences")
    kind = models.CharField(_("kind"), max_length=40, choices=choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notices_one_preference_per_kind")]

    def __str__(self):
        return f"{self.user} · {self.kind} · {self.channel}"


class DigestRun(models.Model):
    """One user's daily digest: written once per user and day, so the task may run twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="notices_one_digest_per_day")]

    def __str__(self):
        return f"{self.user} · {self.day}"
