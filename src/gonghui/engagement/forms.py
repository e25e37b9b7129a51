from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, bootstrap
from gonghui.orgs.forms import union_field

from .models import Book, Question, Topic

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QuestionForm(BootstrapMixin, forms.Form):
    topic_name = forms.CharField(label=_("Topic"), max_length=40, help_text=_("e.g. 工会法, 安全生产, 劳动合同法"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    options = forms.CharField(label=_("Options"), widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("One option a line; they are shown as A, B, C …"))
    answer = forms.CharField(label=_("Right option(s)"), max_length=8, help_text=_("Letters, e.g. B or ACD"))
    explanation = forms.CharField(label=_("Explanation"), max_length=500, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Bank of union"))
        self.order_fields(["union"])
        bootstrap(self)

    def clean_options(self):
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]

    def clean_answer(self):
        return list(self.cleaned_data["answer"].replace(",", "").replace("，", "").replace(" ", "").upper())


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("xlsx file"), help_text=_(
        "Columns: topic, kind (单选 or 多选), question, options separated by |, answer letters, explanation."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Bank of union"))
        self.order_fields(["union"])
        bootstrap(self)


class QuizForm(BootstrapMixin, forms.Form):
    month = forms.CharField(label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}),
                            initial=lambda: f"{timezone.localdate():%Y-%m}")
    title = forms.CharField(label=_("Title"), max_length=100, required=False,
                            help_text=_("Left empty: “YYYY年MM月 每月一答”."))
    topics = forms.ModelMultipleChoiceField(label=_("Topics"), queryset=Topic.objects.all(), required=False,
                                            help_text=_("Draw from these topics only; none chosen: all topics."))
    count = forms.IntegerField(label=_("Questions"), min_value=1, max_value=50, initial=10)
    time_limit_seconds = forms.IntegerField(label=_("Time limit (seconds)"), min_value=30, max_value=7200,
                                            initial=300)
    tries_allowed = forms.IntegerField(label=_("Tries allowed"), min_value=1, max_value=10, initial=3)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Organising union"))
        self.order_fields(["union"])
        bootstrap(self)

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        try:
            year, month = (int(p) for p in value.split("-")[:2])
            return date(year, month, 1)
        except (TypeError, ValueError):
            raise ValidationError(_t("Give the month as YYYY-MM.")) from None

    def clean_topics(self):
        return [t.name for t in self.cleaned_data["topics"]]


class BookForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    author = forms.CharField(label=_("Author"), max_length=80, required=False)
    category = forms.CharField(label=_("Book category"), max_length=40, required=False)
    isbn = forms.CharField(label=_("ISBN"), max_length=20, required=False)


class PlanForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(label=_("Description"), max_length=500, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    books = forms.ModelMultipleChoiceField(label=_("Books"), queryset=Book.objects.all(), required=False)
    note_required = forms.BooleanField(label=_("A note is required"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = union_field(user, _("Organising union"))
        self.order_fields(["union"])
        bootstrap(self)
