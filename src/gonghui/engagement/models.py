"""Monthly quiz (每月一答) and reading check-in (打卡阅读).

A union keeps a question bank by topic; each month it sets a quiz from the bank for the
members of its subtree, with a time limit and a number of tries. The server times every
attempt: the deadline is fixed when the attempt starts, and an answer that arrives after it
(plus a small grace for the network) is refused and not scored. A member's best attempt
counts, ties broken by the shorter time; "(quiz, member, try_no)" is unique in the database,
so two phones starting at once cannot both take the same try.

A reading plan (职工书屋) lists books and runs between two dates; a member checks in at most
once a day per plan (unique in the database). Streaks follow from the check-in dates alone
(``streaks.streak``), never from a stored counter.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel


class Topic(models.Model):
    """A topic of the question bank (工会法, 安全生产, 劳动合同法 …): data, not code."""

    name = models.CharField(_("topic"), max_length=40, unique=True)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("quiz topic")
        verbose_name_plural = _("quiz topics")
        ordering = ["sort", "name"]

    def __str__(self):
        return self.name


class Question(ScopedModel):
    """A question of a union's bank; the unions below draw on the banks above them too."""

    seen_from_below = True

    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")

    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="quiz_questions")
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    text = models.CharField(_("question"), max_length=500)
    options = models.JSONField(_("options"), default=list)  # ["…", "…"], shown as A, B, C …
    answer = models.JSONField(_("answer"), default=list)  # sorted indices of the right options
    explanation = models.CharField(_("explanation"), max_length=500, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        ordering = ["topic__sort", "pk"]

    def __str__(self):
        return self.text[:40]

    @property
    def lettered(self):
        return [(chr(65 + i), text) for i, text in enumerate(self.options)]

    @property
    def answer_letters(self):
        return "".join(chr(65 + i) for i in self.answer)


class Quiz(ScopedModel):
    """One month's quiz of a union, taken by the members of its subtree."""

    seen_from_below = True

    union = models.ForeignKey("orgs.Union", verbose_name=_("organising union"), on_delete=models.PROTECT,
                              related_name="quizzes")
    month = models.DateField(_("month"))  # the first day of the month
    title = models.CharField(_("title"), max_length=100)
    questions = models.ManyToManyField(Question, through="QuizQuestion", related_name="quizzes")
    time_limit_seconds = models.PositiveIntegerField(_("time limit (seconds)"), default=300)
    tries_allowed = models.PositiveSmallIntegerField(_("tries allowed"), default=3)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("monthly quiz")
        verbose_name_plural = _("monthly quizzes")
        ordering = ["-month", "union__path"]
        constraints = [
            models.UniqueConstraint(fields=["union", "month"], name="engagement_one_quiz_per_union_month"),
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="engagement_quiz_window"),
            models.CheckConstraint(condition=Q(tries_allowed__gte=1), name="engagement_quiz_tries_positive"),
            models.CheckConstraint(condition=Q(time_limit_seconds__gte=10), name="engagement_quiz_limit_min"),
        ]

    def __str__(self):
        return self.title

    def is_open(self, at=None):
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at


class QuizQuestion(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="lines")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["quiz", "position"]
        constraints = [models.UniqueConstraint(fields=["quiz", "question"], name="engagement_question_once_in_quiz")]

    def __str__(self):
        return f"{self.quiz_id}-{self.position}"


class Attempt(ScopedModel):
    """One try of a member at a quiz. `deadline` is fixed by the server when the try starts."""

    quiz = models.ForeignKey(Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="attempts")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="quiz_attempts")
    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    try_no = models.PositiveSmallIntegerField(_("try"))
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)  # 0 to 100
    correct = models.PositiveSmallIntegerField(_("right answers"), default=0)
    total = models.PositiveSmallIntegerField(_("questions"), default=0)
    duration_ms = models.PositiveIntegerField(_("time taken (ms)"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "member", "try_no"], name="engagement_one_attempt_per_try"),
            models.CheckConstraint(condition=Q(try_no__gte=1), name="engagement_attempt_try_positive"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__lte=100),
                                   name="engagement_attempt_score_range"),
        ]
        indexes = [models.Index(fields=["quiz", "score"], name="engagement_attempt_score_idx")]

    def __str__(self):
        return f"{self.quiz} · {self.member.name} #{self.try_no}"

    @property
    def submitted(self):
        return self.submitted_at is not None

    @property
    def duration_seconds(self):
        return None if self.duration_ms is None else round(self.duration_ms / 1000, 1)


class Book(models.Model):
    """A book of the workers' library (职工书屋)."""

    title = models.CharField(_("title"), max_length=120)
    author = models.CharField(_("author"), max_length=80, blank=True)
    category = models.CharField(_("book category"), max_length=40, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("book")
        verbose_name_plural = _("books")
        ordering = ["title"]

    def __str__(self):
        return f"《{self.title}》"


class ReadingPlan(ScopedModel):
    """A union's reading plan for the members of its subtree, between two dates."""

    seen_from_below = True

    union = models.ForeignKey("orgs.Union", verbose_name=_("organising union"), on_delete=models.PROTECT,
                              related_name="reading_plans")
    title = models.CharField(_("title"), max_length=100)
    description = models.CharField(_("description"), max_length=500, blank=True)
    books = models.ManyToManyField(Book, verbose_name=_("books"), related_name="plans", blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    note_required = models.BooleanField(_("a note is required"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reading plan")
        verbose_name_plural = _("reading plans")
        ordering = ["-starts_on", "union__path"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                              name="engagement_plan_dates_in_order")]

    def __str__(self):
        return self.title

    def runs_on(self, day):
        return self.starts_on <= day <= self.ends_on


class CheckIn(ScopedModel):
    """A member's daily reading check-in on a plan: one per member, plan and day."""

    plan = models.ForeignKey(ReadingPlan, verbose_name=_("reading plan"), on_delete=models.CASCADE,
                             related_name="checkins")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="reading_checkins")
    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("date"))
    book = models.ForeignKey(Book, verbose_name=_("book"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    note = models.CharField(_("reading note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("checked in at"), default=timezone.now)

    class Meta:
        verbose_name = _("reading check-in")
        verbose_name_plural = _("reading check-ins")
        ordering = ["-on", "-id"]
        constraints = [models.UniqueConstraint(fields=["plan", "member", "on"],
                                               name="engagement_one_checkin_per_day")]
        indexes = [models.Index(fields=["plan", "union"], name="engagement_checkin_union_idx")]

    def __str__(self):
        return f"{self.on:%Y-%m-%d} {self.member.name}"
