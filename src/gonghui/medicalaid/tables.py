import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.money import yuan
from gonghui.core.tables import ListTable

from .models import Claim, EnrolledMember, Enrolment, Plan, ScreeningBooking, ScreeningQuota


class YuanColumn(tables.Column):
    """Integer fen shown (and exported) as yuan with two decimals."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return yuan(value)

    def value(self, value):
        return yuan(value)


class PlanTable(ListTable):
    year = tables.Column(verbose_name=_("Year"))
    name = tables.Column(verbose_name=_("Plan name"), linkify=("medicalaid:plan_detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Federation"), order_by="union__path")
    premium_per_share_fen = YuanColumn(verbose_name=_("Premium per share (yuan)"))
    daily_allowance_fen = YuanColumn(verbose_name=_("Allowance per day (yuan)"))
    min_days = tables.Column(verbose_name=_("Days not paid"))
    cap_per_stay_fen = YuanColumn(verbose_name=_("Cap per stay (yuan)"))
    cap_per_year_fen = YuanColumn(verbose_name=_("Cap per year (yuan)"))

    class Meta(ListTable.Meta):
        model = Plan
        fields = ("year", "name", "union", "premium_per_share_fen", "daily_allowance_fen", "min_days",
                  "cap_per_stay_fen", "cap_per_year_fen")
        attrs = ListTable.Meta.attrs | {"data-testid": "plan-table"}


class EnrolmentTable(ListTable):
    created_at = tables.DateTimeColumn(verbose_name=_("Enrolled at"),
                                       linkify=("medicalaid:enrolment_detail", [tables.A("pk")]))
    year = tables.Column(verbose_name=_("Year"))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    plan = tables.Column(verbose_name=_("Plan"), accessor="plan__name")
    payer = tables.Column(verbose_name=_("Premium paid by"))
    people = tables.Column(verbose_name=_("People"))
    shares = tables.Column(verbose_name=_("Shares"))
    total_premium_fen = YuanColumn(verbose_name=_("Total premium (yuan)"))
    created_by = tables.Column(verbose_name=_("Enrolled by"))

    class Meta(ListTable.Meta):
        model = Enrolment
        fields = ("created_at", "year", "union", "plan", "payer", "people", "shares", "total_premium_fen",
                  "created_by")
        attrs = ListTable.Meta.attrs | {"data-testid": "enrolment-table"}
        order_by = ("-created_at",)


class EnrolledTable(ListTable):
    year = tables.Column(verbose_name=_("Year"))
    number = tables.Column(verbose_name=_("Member number"), accessor="member__number")
    name = tables.Column(verbose_name=_("Full name"), accessor="member__name")
    sex = tables.Column(verbose_name=_("Sex"), accessor="member__get_sex_display", order_by="member__sex")
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    shares = tables.Column(verbose_name=_("Shares"))
    premium_fen = YuanColumn(verbose_name=_("Premium (yuan)"))
    actions = tables.Column(verbose_name="", accessor="pk", orderable=False, exclude_from_export=True)

    class Meta(ListTable.Meta):
        model = EnrolledMember
        fields = ("year", "number", "name", "sex", "union", "shares", "premium_fen")
        attrs = ListTable.Meta.attrs | {"data-testid": "enrolled-table"}

    def render_actions(self, record):
        """A link to file a claim for the member, for those who may."""
        from django.urls import reverse
        from django.utils.html import format_html

        from gonghui.core.access import can

        if not can(self.request.user, "medicalaid.add_claim", record.union):
            return ""
        return format_html('<a class="btn btn-sm btn-outline-primary" href="{}?member={}">{}</a>',
                           reverse("medicalaid:claim_create"), record.member.number, _("File a claim"))


class ClaimTable(ListTable):
    pk = tables.Column(verbose_name=_("Claim"), linkify=("medicalaid:claim_detail", [tables.A("pk")]))
    name = tables.Column(verbose_name=_("Member"), accessor="member__name", order_by="member__name")
    number = tables.Column(verbose_name=_("Member number"), accessor="member__number")
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    admitted_on = tables.DateColumn(verbose_name=_("Admitted on"))
    discharged_on = tables.DateColumn(verbose_name=_("Discharged on"))
    hospital = tables.Column(verbose_name=_("Hospital"))
    # the cover, not the disease: lists and the ledger carry no health data (read on the claim's page)
    cover = tables.Column(verbose_name=_("Cover"), accessor="disease__get_kind_display", order_by="disease__kind",
                          default="—")
    payout_fen = YuanColumn(verbose_name=_("Payout (yuan)"))
    state = tables.Column(verbose_name=_("State"))

    class Meta(ListTable.Meta):
        model = Claim
        fields = ("pk", "name", "number", "union", "admitted_on", "discharged_on", "hospital", "cover",
                  "payout_fen", "state")
        attrs = ListTable.Meta.attrs | {"data-testid": "claim-table"}


class QuotaTable(ListTable):
    year = tables.Column(verbose_name=_("Year"))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    slots = tables.Column(verbose_name=_("Slots"))
    booked = tables.Column(verbose_name=_("Booked"))
    allocated = tables.Column(verbose_name=_("Given to unions below"))
    free = tables.Column(verbose_name=_("Free"), orderable=False)
    set_by = tables.Column(verbose_name=_("Set by"))
    updated_at = tables.DateTimeColumn(verbose_name=_("Updated at"))

    class Meta(ListTable.Meta):
        model = ScreeningQuota
        fields = ("year", "union", "slots", "booked", "allocated", "free", "set_by", "updated_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "quota-table"}


class BookingTable(ListTable):
    year = tables.Column(verbose_name=_("Year"))
    name = tables.Column(verbose_name=_("Member"), accessor="member__name", order_by="member__name",
                         linkify=("medicalaid:booking_detail", [tables.A("pk")]))
    number = tables.Column(verbose_name=_("Member number"), accessor="member__number")
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    state = tables.Column(verbose_name=_("State"))
    screened_on = tables.DateColumn(verbose_name=_("Screened on"))
    result = tables.Column(verbose_name=_("Result"))
    booked_at = tables.DateTimeColumn(verbose_name=_("Booked at"))

    class Meta(ListTable.Meta):
        model = ScreeningBooking
        fields = ("year", "name", "number", "union", "state", "screened_on", "result", "booked_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "booking-table"}
