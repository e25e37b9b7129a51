"""The real-name member registry (会员实名制): members and the events of their 会籍.

A member's status is never stored: it follows from their latest event (`status_of`), and
the row keeps only a pointer to that event. Identity numbers and phones are sealed with
SM4-GCM; look-ups and de-duplication go through keyed SM3 hashes.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel, ScopedQuerySet, scope
from gonghui.core.fields import SealedField
from gonghui.core.models import Code

from .identity import DocumentType


class EventKind(models.TextChoices):
    JOIN = "join", _("joined")
    TRANSFER_IN = "transfer_in", _("transferred in")
    LEAVE = "leave", _("left the union")
    RETIRE = "retire", _("retired (membership kept)")
    UNEMPLOYED = "unemployed", _("unemployed (membership kept)")
    EMPLOYER_CLOSED = "employer_closed", _("employer closed (held by the higher union)")
    DEATH = "death", _("died")


class Status(models.TextChoices):
    ACTIVE = "active", _("member")
    RETIRED = "retired", _("retired member")
    UNEMPLOYED = "unemployed", _("unemployed member")
    HELD = "held", _("held by the higher union")
    LEFT = "left", _("left")
    DECEASED = "deceased", _("deceased")


# The one place where events become a status (会籍 kept on retirement and unemployment).
STATUS_AFTER = {
    EventKind.JOIN: Status.ACTIVE,
    EventKind.TRANSFER_IN: Status.ACTIVE,
    EventKind.RETIRE: Status.RETIRED,
    EventKind.UNEMPLOYED: Status.UNEMPLOYED,
    EventKind.EMPLOYER_CLOSED: Status.HELD,
    EventKind.LEAVE: Status.LEFT,
    EventKind.DEATH: Status.DECEASED,
}
IN_GOOD_STANDING = (Status.ACTIVE, Status.RETIRED, Status.UNEMPLOYED, Status.HELD)


def status_of(event_kind):
    return STATUS_AFTER.get(event_kind, Status.LEFT)


def kinds_for(statuses):
    """The event kinds whose latest occurrence puts a member in one of `statuses` (for filters)."""
    return [k for k, s in STATUS_AFTER.items() if s in statuses]


def _code(table, verbose):
    return models.ForeignKey(Code, verbose_name=verbose, on_delete=models.PROTECT, related_name="+",
                             limit_choices_to={"table": table}, null=True, blank=True)


class MemberQuerySet(ScopedQuerySet):
    def in_status(self, *statuses):
        return self.filter(last_event__kind__in=kinds_for(statuses))

    def in_good_standing(self):
        return self.in_status(*IN_GOOD_STANDING)

    def of_user(self, user):
        """The member record behind a signed-in account, or None (staff, strangers, anonymous):
        the one way the member's own pages find whose records to show."""
        if user is None or not user.is_authenticated:
            return None
        return self.select_related("union", "last_event").filter(user=user).first()


class Member(ScopedModel):
    number = models.CharField(_("member number"), max_length=20, unique=True)
    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="members")
    # The union's tree path, copied so a subtree is a range of this table's own index, with no
    # join (`save` and `services._event` set it; a database trigger follows a union's moves).
    union_path = models.CharField(max_length=255, editable=False, default="")
    name = models.CharField(_("full name"), max_length=60, db_index=True)
    name_pinyin = models.CharField(max_length=120, db_index=True, editable=False)
    name_initials = models.CharField(max_length=30, db_index=True, editable=False)
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices,
                                default=DocumentType.RESIDENT_ID)
    # In clear only what leaves at least 100,000 ID numbers to a reader who knows the union's
    # region: the birth year and the sex (365 days x 500 sequence numbers). The birth date is
    # sealed like the number, and "the last four" of the ID and phone are kept as keyed hashes
    # (crypto.tail_hash): beside the region, a clear date and tail rebuilt the whole number.
    # Empty only once the member is anonymised (gonghui.members.retention); forms still require it.
    id_number = SealedField(_("ID number"), kind="id", index="id_index", tail_index="id_tail_index", null=True)
    id_index = models.CharField(max_length=64, unique=True, editable=False, null=True)
    id_tail_index = models.CharField(max_length=64, db_index=True, editable=False, default="")
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True, db_index=True)
    birth_date = SealedField(_("date of birth"), kind="birth", null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=[("M", _("male")), ("F", _("female"))], blank=True)
    phone = SealedField(_("mobile phone"), kind="phone", index="phone_index", tail_index="phone_tail_index",
                        null=True, blank=True)
    phone_index = models.CharField(max_length=64, db_index=True, editable=False, null=True)
    phone_tail_index = models.CharField(max_length=64, db_index=True, editable=False, blank=True, default="")
    ethnicity = _code("ethnicity", _("ethnicity"))
    education = _code("education", _("education"))
    political = _code("political", _("political status"))
    household = _code("household", _("household type"))
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("employer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="members")
    employer_name = models.CharField(_("employer or platform (as given)"), max_length=120, blank=True)
    job = models.CharField(_("job"), max_length=60, blank=True)
    gig_platform = models.CharField(_("gig platform"), max_length=60, blank=True)
    is_gig_worker = models.BooleanField(_("gig worker"), default=False)
    is_migrant_worker = models.BooleanField(_("migrant worker"), default=False)
    is_model_worker = models.BooleanField(_("model worker"), default=False)
    has_hardship_file = models.BooleanField(_("hardship file"), default=False)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    card_number = models.CharField(_("card number"), max_length=30, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="member")
    last_event = models.ForeignKey("MemberEvent", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the retention task erased what identifies the person (gonghui.members.retention).
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True, editable=False)

    objects = MemberQuerySet.as_manager()
    scope_path = "union_path"
    audit_exclude = ("id_number", "phone", "id_index", "phone_index", "id_tail_index", "phone_tail_index",
                     "union_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["union", "number"]
        permissions = [("reveal_member", _("Can see full ID numbers and phones of members"))]
        indexes = [models.Index(fields=["union", "name"], name="member_union_name_idx"),
                   # a subtree is a range of the first; it carries the searched name keys, so a search's
                   # count within a county reads the index alone (on PostgreSQL), never the rows. The
                   # roster in page order (by union, then number) is a range of the second. Plain
                   # indexes: a pattern-ops twin, as db_index makes on PostgreSQL, would serve no query.
                   models.Index(fields=["union_path"], include=["name", "name_pinyin", "name_initials"],
                                name="member_path_search_idx"),
                   models.Index(fields=["union_path", "number"], name="member_path_number_idx")]

    def __str__(self):
        return f"{self.name}（{self.number}）"

    def save(self, *args, **kwargs):
        self.union_path = self.union.path
        super().save(*args, **kwargs)

    @property
    def status(self):
        return status_of(self.last_event.kind) if self.last_event_id else Status.LEFT

    def opened_birth_date(self):
        """The birth date, opened from its seal, for the service that needs the day itself (a
        reveal, which it records; duplicate checks); None when unknown."""
        return date.fromisoformat(self.birth_date.reveal()) if self.birth_date else None

    def get_status_display(self):
        return Status(self.status).label


class MemberEvent(models.Model):
    """One fact of a member's 会籍: joined, transferred, retired, left ... Never edited."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    from_union = models.ForeignKey("orgs.Union", verbose_name=_("from union"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("date"), default=timezone.localdate)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        ordering = ["member", "created_at", "id"]

    def __str__(self):
        return f"{self.member_id} {self.kind} {self.on}"


class TransferRequest(ScopedModel):
    """转会 between two unions that may lie in different counties: one side starts it, the
    other accepts or rejects; both see it. The move itself is a member event."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for the other side")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        CANCELLED = "cancelled", _("withdrawn")

    class Side(models.TextChoices):
        SENDING = "sending", _("the sending union")
        RECEIVING = "receiving", _("the receiving union")

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="transfer_requests")
    from_union = models.ForeignKey("orgs.Union", verbose_name=_("from union"), on_delete=models.PROTECT,
                                   related_name="+")
    to_union = models.ForeignKey("orgs.Union", verbose_name=_("to union"), on_delete=models.PROTECT,
                                 related_name="+")
    started_by = models.CharField(_("started by"), max_length=10, choices=Side.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    decision_note = models.CharField(_("reply"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("transfer request")
        verbose_name_plural = _("transfer requests")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["member"], condition=models.Q(state="pending"),
                                               name="one_pending_transfer_per_member")]

    def __str__(self):
        return f"{self.member.name}：{self.from_union.name} → {self.to_union.name}"

    @classmethod
    def scope_q(cls, user, perm):
        """Both sides see a request: whoever may see the sending or the receiving union."""
        s = scope(user, perm)
        return s.q("from_union__path") | s.q("to_union__path")

    def scope_union(self):
        return self.from_union

    @property
    def deciding_side(self):
        return self.Side.RECEIVING if self.started_by == self.Side.SENDING else self.Side.SENDING


class MemberImport(ScopedModel):
    """One roster file on its way into the registry: checked first (nothing written), then,
    once the clerk confirms, written in one transaction, all valid rows or none."""

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting to be checked")
        CHECKING = "checking", _("being checked")
        CHECKED = "checked", _("checked, waiting for confirmation")
        REJECTED = "rejected", _("cannot be imported")
        WRITING = "writing", _("being written")
        DONE = "done", _("imported")
        CANCELLED = "cancelled", _("cancelled")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+",
                              help_text=_("Rows without a union number join this union."))
    file_name = models.CharField(_("file"), max_length=200)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    valid_rows = models.PositiveIntegerField(_("rows to add"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    existing_rows = models.PositiveIntegerField(_("already on the roster"), default=0)
    written_rows = models.PositiveIntegerField(_("members added"), default=0)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    task = models.ForeignKey("core.TaskRun", verbose_name=_("current task"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")  # the check or write running now
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    @property
    def is_running(self):
        return self.state in (self.State.QUEUED, self.State.CHECKING, self.State.WRITING)


class MemberImportIssue(models.Model):
    """What is wrong with one cell or row of an import, and how to fix it. Never the value
    itself: a row may hold an ID number."""

    member_import = models.ForeignKey(MemberImport, on_delete=models.CASCADE, related_name="issues")
    row = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=40, blank=True)
    message = models.CharField(_("problem"), max_length=500)
    hint = models.CharField(_("how to fix it"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("import problem")
        verbose_name_plural = _("import problems")
        ordering = ["member_import", "row", "id"]

    def __str__(self):
        return f"{self.row} {self.column}: {self.message}"


class JoinApplication(ScopedModel):
    """入会申请: a worker (also a courier, rider or driver with no employer union) asks to join
    the union they chose; that union, or a federation above it, accepts or rejects it with a
    reason. Accepting enrols the person (a join event) and gives them a member account.

    The row hangs on the tree by the chosen union, so staff see the applications to unions in
    their subtree; the applicant reaches theirs by their verified phone (see joins.py)."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    union = models.ForeignKey("orgs.Union", verbose_name=_("chosen union"), on_delete=models.PROTECT,
                              related_name="join_applications")
    name = models.CharField(_("full name"), max_length=60, db_index=True)
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices,
                                default=DocumentType.RESIDENT_ID)
    # Both empty only once a closed application is anonymised (gonghui.members.retention).
    id_number = SealedField(_("ID number"), kind="id", index="id_index", tail_index="id_tail_index", null=True)
    id_index = models.CharField(max_length=64, db_index=True, editable=False, null=True)
    id_tail_index = models.CharField(max_length=64, db_index=True, editable=False, default="")  # as Member's
    phone = SealedField(_("mobile phone"), kind="phone", index="phone_index", tail_index="phone_tail_index",
                        null=True)
    phone_index = models.CharField(max_length=64, db_index=True, editable=False, null=True)
    phone_tail_index = models.CharField(max_length=64, db_index=True, editable=False, default="")
    employer_name = models.CharField(_("employer or platform (as given)"), max_length=120, blank=True)
    gig_platform = models.CharField(_("gig platform"), max_length=60, blank=True)
    is_gig_worker = models.BooleanField(_("gig worker"), default=False)
    job = models.CharField(_("job"), max_length=60, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING,
                             db_index=True)
    reason = models.CharField(_("reason for the decision"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied at"), default=timezone.now, db_index=True)
    member = models.ForeignKey(Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="join_applications")

    audit_exclude = ("id_number", "phone", "id_index", "phone_index", "id_tail_index", "phone_tail_index",
                     "created_at")

    class Meta:
        verbose_name = _("join application")
        verbose_name_plural = _("join applications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["id_index"], condition=models.Q(state="pending"),
                                               name="one_pending_join_per_person")]

    def __str__(self):
        return f"{self.name} → {self.union.name}"


class MemberTally(models.Model):
    """Members per union, kept by database triggers on the member table (so COPY, the ORM and
    raw SQL all count), as append-only deltas: two clerks enrolling in one union never wait on
    one counter row. `tally.compact()` folds the deltas; a subtree's total is a sum over at most
    a few rows per union instead of a count over its members."""

    union = models.ForeignKey("orgs.Union", on_delete=models.CASCADE, related_name="+")
    delta = models.IntegerField()

    class Meta:
        verbose_name = _("member tally")
        verbose_name_plural = _("member tallies")

    def __str__(self):
        return f"{self.union_id}: {self.delta:+d}"
