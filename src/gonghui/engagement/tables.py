import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable

from .models import Attempt, Book, CheckIn, Question, Quiz, ReadingPlan


class QuestionTable(ListTable):
    id = tables.Column(verbose_name=_("No."))
    topic = tables.Column(verbose_name=_("Topic"), accessor="topic__name", order_by="topic__sort")
    kind = tables.Column(verbose_name=_("Kind"))
    text = tables.Column(verbose_name=_("Question"))
    options = tables.Column(verbose_name=_("Options"), orderable=False)
    answer = tables.Column(verbose_name=_("Answer"), accessor="answer_letters", orderable=False)
    union = tables.Column(verbose_name=_("Bank of"), order_by="union__path")
    active = tables.BooleanColumn(verbose_name=_("In use"))

    class Meta(ListTable.Meta):
        model = Question
        fields = ("id", "topic", "kind", "text", "options", "answer", "union", "active")
        attrs = ListTable.Meta.attrs | {"data-testid": "question-table"}

    def render_options(self, record):
        return " ".join(f"{letter}. {text}" for letter, text in record.lettered)

    def value_options(self, record):
        return self.render_options(record)


class QuizTable(ListTable):
    month = tables.DateColumn(verbose_name=_("Month"), format="YEAR_MONTH_FORMAT")
    title = tables.Column(verbose_name=_("Title"), linkify=("engagement:quiz_detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Organising union"), order_by="union__path")
    time_limit_seconds = tables.Column(verbose_name=_("Time limit (seconds)"))
    tries_allowed = tables.Column(verbose_name=_("Tries allowed"))
    opens_at = tables.DateTimeColumn(verbose_name=_("Opens at"))
    closes_at = tables.DateTimeColumn(verbose_name=_("Closes at"))

    class Meta(ListTable.Meta):
        model = Quiz
        fields = ("month", "title", "union", "time_limit_seconds", "tries_allowed", "opens_at", "closes_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "quiz-table"}


class AttemptTable(ListTable):
    started_at = tables.DateTimeColumn(verbose_name=_("Started at"))
    quiz = tables.Column(verbose_name=_("Quiz"), accessor="quiz__title",
                         linkify=("engagement:quiz_detail", [tables.A("quiz_id")]))
    member = tables.Column(verbose_name=_("Member"), accessor="member__name", order_by="member__name")
    number = tables.Column(verbose_name=_("Member number"), accessor="member__number")
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    try_no = tables.Column(verbose_name=_("Try"))
    score = tables.Column(verbose_name=_("Score"), default="—")
    duration = tables.Column(verbose_name=_("Time (seconds)"), accessor="duration_seconds", order_by="duration_ms",
                             default="—")

    class Meta(ListTable.Meta):
        model = Attempt
        fields = ("started_at", "quiz", "member", "number", "union", "try_no", "score", "duration")
        attrs = ListTable.Meta.attrs | {"data-testid": "attempt-table"}


class BookTable(ListTable):
    title = tables.Column(verbose_name=_("Title"))
    author = tables.Column(verbose_name=_("Author"))
    category = tables.Column(verbose_name=_("Book category"))
    isbn = tables.Column(verbose_name=_("ISBN"))

    class Meta(ListTable.Meta):
        model = Book
        fields = ("title", "author", "category", "isbn")
        attrs = ListTable.Meta.attrs | {"data-testid": "book-table"}


class PlanTable(ListTable):
    title = tables.Column(verbose_name=_("Title"), linkify=("engagement:plan_detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Organising union"), order_by="union__path")
    starts_on = tables.DateColumn(verbose_name=_("Starts on"))
    ends_on = tables.DateColumn(verbose_name=_("Ends on"))
    note_required = tables.BooleanColumn(verbose_name=_("Note required"))

    class Meta(ListTable.Meta):
        model = ReadingPlan
        fields = ("title", "union", "starts_on", "ends_on", "note_required")
        attrs = ListTable.Meta.attrs | {"data-testid": "plan-table"}


class CheckInTable(ListTable):
    on = tables.DateColumn(verbose_name=_("Date"))
    plan = tables.Column(verbose_name=_("Reading plan"), accessor="plan__title",
                         linkify=("engagement:plan_detail", [tables.A("plan_id")]))
    member = tables.Column(verbose_name=_("Member"), accessor="member__name", order_by="member__name")
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    book = tables.Column(verbose_name=_("Book"), default="")
    note = tables.Column(verbose_name=_("Reading note"))

    class Meta(ListTable.Meta):
        model = CheckIn
        fields = ("on", "plan", "member", "union", "book", "note")
        attrs = ListTable.Meta.attrs | {"data-testid": "checkin-table"}
