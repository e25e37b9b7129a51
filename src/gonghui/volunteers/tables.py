import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.tables import ListTable

from .models import Activity, Shift, Team, Volunteer


class TeamTable(ListTable):
    name = tables.Column(verbose_name=_("Team"), linkify=("volunteers:team_detail", [tables.A("pk")]))
    kind = tables.Column(verbose_name=_("Kind"))
    area = tables.Column(verbose_name=_("Where it serves"), default="")
    leader = tables.Column(verbose_name=_("Team leader"), default="")
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")

    class Meta(ListTable.Meta):
        model = Team
        fields = ("name", "kind", "area", "leader", "union")
        attrs = ListTable.Meta.attrs | {"data-testid": "team-table"}


class VolunteerTable(ListTable):
    member = tables.Column(verbose_name=_("Member"), accessor="member__name")
    number = tables.Column(verbose_name=_("Member number"), accessor="member__number")
    team = tables.Column(verbose_name=_("Team"), accessor="team__name",
                         linkify=("volunteers:team_detail", [tables.A("team_id")]))
    joined_on = tables.DateColumn(verbose_name=pgettext_lazy("volunteers", "Joined on"))

    class Meta(ListTable.Meta):
        model = Volunteer
        fields = ("member", "number", "team", "joined_on")
        attrs = ListTable.Meta.attrs | {"data-testid": "volunteer-table"}


class ActivityTable(ListTable):
    title = tables.Column(verbose_name=_("Activity"), accessor="event__title",
                          linkify=("volunteers:activity_detail", [tables.A("pk")]))
    team = tables.Column(verbose_name=_("Team"), accessor="team__name")
    service = tables.Column(verbose_name=_("Service given"))
    starts_at = tables.DateTimeColumn(verbose_name=_("Starts at"), accessor="event__starts_at")
    place = tables.Column(verbose_name=_("Place"), accessor="event__place")

    class Meta(ListTable.Meta):
        model = Activity
        fields = ("title", "team", "service", "starts_at", "place")
        attrs = ListTable.Meta.attrs | {"data-testid": "activity-table"}


class ShiftTable(ListTable):
    member = tables.Column(verbose_name=_("Member"), accessor="member__name")
    number = tables.Column(verbose_name=_("Member number"), accessor="member__number")
    activity = tables.Column(verbose_name=_("Activity"), accessor="activity__event__title",
                             linkify=("volunteers:activity_detail", [tables.A("activity_id")]))
    checked_in_at = tables.DateTimeColumn(verbose_name=_("Checked in at"))
    checked_out_at = tables.DateTimeColumn(verbose_name=_("Checked out at"))
    hours = tables.Column(verbose_name=_("Hours"), accessor="minutes")

    class Meta(ListTable.Meta):
        model = Shift
        fields = ("member", "number", "activity", "checked_in_at", "checked_out_at", "hours")
        attrs = ListTable.Meta.attrs | {"data-testid": "shift-table"}

    def render_hours(self, value):
        return round(value / 60, 1)

    def value_hours(self, value):
        return round(value / 60, 1)
