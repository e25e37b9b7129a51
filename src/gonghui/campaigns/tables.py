import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable

from .models import Burst, Campaign, Claim


class CampaignTable(ListTable):
    title = tables.Column(verbose_name=_("Title"), linkify=("campaigns:detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    item = tables.Column(verbose_name=_("Item"))
    mode = tables.Column(verbose_name=_("Allocation mode"))
    stock = tables.Column(verbose_name=_("Stock"))
    per_member_limit = tables.Column(verbose_name=_("Limit per member"))
    starts_at = tables.DateTimeColumn(verbose_name=_("Starts at"))
    ends_at = tables.DateTimeColumn(verbose_name=_("Ends at"))
    state = tables.Column(verbose_name=_("State"))

    class Meta(ListTable.Meta):
        model = Campaign
        fields = ("title", "union", "item", "mode", "stock", "per_member_limit", "starts_at", "ends_at", "state")
        attrs = ListTable.Meta.attrs | {"data-testid": "campaign-table"}


class ClaimTable(ListTable):
    code = tables.Column(verbose_name=_("Redemption code"))
    campaign = tables.Column(verbose_name=_("Campaign"), accessor="campaign__title",
                             linkify=("campaigns:detail", [tables.A("campaign_id")]))
    member = tables.Column(verbose_name=_("Member"), accessor="member__name")
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    issued_at = tables.DateTimeColumn(verbose_name=_("Issued at"))
    state = tables.Column(verbose_name=_("State"))
    redeemed_at = tables.DateTimeColumn(verbose_name=_("Redeemed at"))

    class Meta(ListTable.Meta):
        model = Claim
        fields = ("code", "campaign", "member", "union", "issued_at", "state", "redeemed_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "claim-table"}


class RedemptionTable(ListTable):
    """What a counter redeemed: the code, the campaign and when; no member's identity."""

    redeemed_at = tables.DateTimeColumn(verbose_name=_("Redeemed at"), format="DATETIME_FORMAT")
    code = tables.Column(verbose_name=_("Redemption code"))
    campaign = tables.Column(verbose_name=_("Campaign"), accessor="campaign__title")
    item = tables.Column(verbose_name=_("Item"), accessor="campaign__item")

    class Meta(ListTable.Meta):
        model = Claim
        fields = ("redeemed_at", "code", "campaign", "item")
        attrs = ListTable.Meta.attrs | {"data-testid": "redemption-table"}

    def render_item(self, record):
        return record.campaign.get_item_display()


class BurstTable(ListTable):
    window_start = tables.DateTimeColumn(verbose_name=_("Window"))
    campaign = tables.Column(verbose_name=_("Campaign"), accessor="campaign__title",
                             linkify=("campaigns:detail", [tables.A("campaign_id")]))
    kind = tables.Column(verbose_name=_("Source"))
    key = tables.Column(verbose_name=_("IP or member number"))
    attempts = tables.Column(verbose_name=_("Attempts"))

    class Meta(ListTable.Meta):
        model = Burst
        fields = ("window_start", "campaign", "kind", "key", "attempts")
        attrs = ListTable.Meta.attrs | {"data-testid": "burst-table"}
