import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.money import yuan
from gonghui.core.tables import ListTable

from .models import Award, Competition, Innovation


class CompetitionTable(ListTable):
    name = tables.Column(verbose_name=_("Competition"), linkify=("competitions:detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Organiser"), order_by="union__path")
    kind = tables.Column(verbose_name=_("Kind"))
    level = tables.Column(verbose_name=_("Level"))
    trade = tables.Column(verbose_name=_("Trade or project"))
    year = tables.Column(verbose_name=_("Year"))
    scoring_rule = tables.Column(verbose_name=_("Scoring rule"))
    state = tables.Column(verbose_name=_("State"))

    class Meta(ListTable.Meta):
        model = Competition
        fields = ("name", "union", "kind", "level", "trade", "year", "scoring_rule", "state")
        attrs = ListTable.Meta.attrs | {"data-testid": "competition-table"}


class AwardTable(ListTable):
    certificate_no = tables.Column(verbose_name=_("Certificate number"),
                                   linkify=("competitions:certificate", [tables.A("pk")]))
    member = tables.Column(verbose_name=_("Name"), accessor="member__name")
    competition = tables.Column(verbose_name=_("Competition"), accessor="competition__name",
                                linkify=("competitions:detail", [tables.A("competition_id")]))
    place = tables.Column(verbose_name=_("Place"))
    title = tables.Column(verbose_name=_("Honour title"), accessor="title_label", orderable=False)
    honour_level = tables.Column(verbose_name=_("Honour level"))
    grade_up = tables.BooleanColumn(verbose_name=_("One skill grade up"))
    awarded_at = tables.DateTimeColumn(verbose_name=_("Awarded at"))

    class Meta(ListTable.Meta):
        model = Award
        fields = ("certificate_no", "member", "competition", "place", "title", "honour_level", "grade_up",
                  "awarded_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "award-table"}


class InnovationTable(ListTable):
    number = tables.Column(verbose_name=_("Number"), linkify=("competitions:innovation", [tables.A("pk")]))
    title = tables.Column(verbose_name=_("Title"))
    kind = tables.Column(verbose_name=_("Kind"))
    author = tables.Column(verbose_name=_("Author"), accessor="author_name", orderable=False)
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    year = tables.Column(verbose_name=_("Year"))
    state = tables.Column(verbose_name=_("State"))
    saving_verified_fen = tables.Column(verbose_name=_("Saving verified (yuan)"), default="")
    award_grade = tables.Column(verbose_name=_("Award"), default="")

    class Meta(ListTable.Meta):
        model = Innovation
        fields = ("number", "title", "kind", "author", "union", "year", "state", "saving_verified_fen",
                  "award_grade")
        attrs = ListTable.Meta.attrs | {"data-testid": "innovation-table"}

    def render_saving_verified_fen(self, value):
        return yuan(value)
