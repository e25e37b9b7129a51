import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gonghui.core.money import yuan
from gonghui.core.tables import ListTable

from .models import CourtReferral, Dispute, MediationBody, SignalEntry, Watch


class DisputeTable(ListTable):
    number = tables.Column(verbose_name=_("Number"), linkify=("disputes:detail", [tables.A("pk")]))
    worker_name = tables.Column(verbose_name=_("Worker (applicant)"))
    workers = tables.Column(verbose_name=_("Workers"))
    employer = tables.Column(verbose_name=_("Employer"), accessor="employer__name", order_by="employer__name")
    claim = tables.Column(verbose_name=_("Claim"))
    amount_fen = tables.Column(verbose_name=_("Amount claimed (yuan)"))
    state = tables.Column(verbose_name=_("State"))
    received_on = tables.DateColumn(verbose_name=_("Received on"), default="")
    mediation_due_on = tables.DateColumn(verbose_name=_("Mediation ends on"), default="")
    award_due_on = tables.DateColumn(verbose_name=_("Award due on"), default="")

    class Meta(ListTable.Meta):
        model = Dispute
        fields = ("number", "worker_name", "workers", "employer", "claim", "amount_fen", "state", "received_on",
                  "mediation_due_on", "award_due_on")
        attrs = ListTable.Meta.attrs | {"data-testid": "dispute-table"}

    def render_amount_fen(self, value):
        return yuan(value)

    def value_amount_fen(self, value):
        return yuan(value)

    def render_state(self, record, value):
        if record.mediation_over:
            return format_html('{} <span class="badge text-bg-warning">{}</span>', value,
                               _("may apply for arbitration"))
        return value


class BodyTable(ListTable):
    name = tables.Column(verbose_name=_("Name"), linkify=("disputes:body_detail", [tables.A("pk")]))
    kind = tables.Column(verbose_name=_("Kind"))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    employer = tables.Column(verbose_name=_("Employer"), accessor="employer__name", default="")
    phone = tables.Column(verbose_name=_("Phone"), default="")

    class Meta(ListTable.Meta):
        model = MediationBody
        fields = ("name", "kind", "union", "employer", "phone")
        attrs = ListTable.Meta.attrs | {"data-testid": "body-table"}


class ReferralTable(ListTable):
    court_case = tables.Column(verbose_name=_("Court case number"),
                               linkify=lambda record: reverse("disputes:detail", args=[record.dispute.pk]))
    court = tables.Column(verbose_name=_("Court"))
    referred_on = tables.DateColumn(verbose_name=_("Referred on"))
    outcome = tables.Column(verbose_name=_("Outcome"))
    report_due_on = tables.DateColumn(verbose_name=_("Report back by"), default="")
    reported_on = tables.DateColumn(verbose_name=_("Reported on"), default="")

    class Meta(ListTable.Meta):
        model = CourtReferral
        fields = ("court_case", "court", "referred_on", "outcome", "report_due_on", "reported_on")
        attrs = ListTable.Meta.attrs | {"data-testid": "referral-table"}


class WatchTable(ListTable):
    employer = tables.Column(verbose_name=_("Employer"), accessor="employer__name", order_by="employer__name",
                             linkify=("disputes:watch_detail", [tables.A("pk")]))
    level = tables.Column(verbose_name=_("Risk level"))
    score = tables.Column(verbose_name=_("Score"))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    owner = tables.Column(verbose_name=_("Owner"), accessor="owner__full_name", default="")
    since = tables.DateColumn(verbose_name=_("Watched since"), default="")
    raised_on = tables.DateColumn(verbose_name=_("Level last raised on"), default="")

    class Meta(ListTable.Meta):
        model = Watch
        fields = ("employer", "level", "score", "union", "owner", "since", "raised_on")
        attrs = ListTable.Meta.attrs | {"data-testid": "watch-table"}

    def render_level(self, record, value):
        colour = {"red": "danger", "orange": "warning", "yellow": "info"}.get(record.level, "secondary")
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, value)


class SignalTable(ListTable):
    employer = tables.Column(verbose_name=_("Employer"), accessor="employer__name", order_by="employer__name")
    code = tables.Column(verbose_name=_("Signal"))
    count = tables.Column(verbose_name=_("Count"))
    amount_fen = tables.Column(verbose_name=_("Amount (yuan)"))
    on = tables.DateColumn(verbose_name=_("On"))
    note = tables.Column(verbose_name=_("Note"), default="")

    class Meta(ListTable.Meta):
        model = SignalEntry
        fields = ("employer", "code", "count", "amount_fen", "on", "note")
        attrs = ListTable.Meta.attrs | {"data-testid": "signal-table"}

    def render_code(self, value):
        from .warning import SIGNALS

        return SIGNALS.get(value, value)

    def value_code(self, value):
        return self.render_code(value)

    def render_amount_fen(self, value):
        return yuan(value)

    def value_amount_fen(self, value):
        return yuan(value)
