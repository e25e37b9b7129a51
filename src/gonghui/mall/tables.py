import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.tables import YuanColumn
from gonghui.core.tables import ListTable

from .models import Order, Product, Supplier, Voucher, VoucherIssue


class SupplierTable(ListTable):
    name = tables.Column(verbose_name=_("供应商"))
    union = tables.Column(verbose_name=_("列入目录的工会"), accessor="union__name")
    local = tables.BooleanColumn(verbose_name=_("本地企业"))
    uscc = tables.Column(verbose_name=_("统一社会信用代码"), default="")
    active = tables.BooleanColumn(verbose_name=_("启用"))

    class Meta(ListTable.Meta):
        model = Supplier
        fields = ("name", "union", "local", "uscc", "active")
        attrs = ListTable.Meta.attrs | {"data-testid": "supplier-table"}


class ProductTable(ListTable):
    name = tables.Column(verbose_name=_("商品"))
    supplier = tables.Column(verbose_name=_("供应商"), accessor="supplier__name")
    kind = tables.Column(verbose_name=_("类别"))
    form = tables.Column(verbose_name=_("形式"))
    price = YuanColumn(verbose_name=_("价格（元）"), accessor="price_fen", order_by="price_fen")
    stock = tables.Column(verbose_name=_("库存"))
    active = tables.BooleanColumn(verbose_name=_("在售"))

    class Meta(ListTable.Meta):
        model = Product
        fields = ("name", "supplier", "kind", "form", "price", "stock", "active")
        attrs = ListTable.Meta.attrs | {"data-testid": "product-table"}


class OrderTable(ListTable):
    title = tables.Column(verbose_name=_("采购名称"), linkify=("mall:order_detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("工会"), accessor="union__name", order_by="union__path")
    festival = tables.Column(verbose_name=_("节日"))
    per_member = YuanColumn(verbose_name=_("每人（元）"), accessor="per_member_fen", order_by="per_member_fen")
    total = YuanColumn(verbose_name=_("合计（元）"), accessor="total_fen", order_by="total_fen")
    state = tables.Column(verbose_name=_("状态"))
    created_at = tables.DateColumn(verbose_name=_("提交日期"))

    class Meta(ListTable.Meta):
        model = Order
        fields = ("title", "union", "festival", "per_member", "total", "state", "created_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "order-table"}


class IssueTable(ListTable):
    title = tables.Column(verbose_name=_("电子券"), linkify=("mall:issue_detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("工会"), accessor="union__name", order_by="union__path")
    festival = tables.Column(verbose_name=_("节日"))
    value = YuanColumn(verbose_name=_("每人（元）"), accessor="value_fen", order_by="value_fen")
    members_count = tables.Column(verbose_name=_("人数"))
    expires_on = tables.DateColumn(verbose_name=_("截止使用"))
    returned = YuanColumn(verbose_name=_("退回预算（元）"), accessor="returned_fen", order_by="returned_fen")
    state = tables.Column(verbose_name=_("状态"))

    class Meta(ListTable.Meta):
        model = VoucherIssue
        fields = ("title", "union", "festival", "value", "members_count", "expires_on", "returned", "state")
        attrs = ListTable.Meta.attrs | {"data-testid": "issue-table"}


class VoucherTable(ListTable):
    member = tables.Column(verbose_name=_("会员"), accessor="member__name")
    issue = tables.Column(verbose_name=_("电子券"), accessor="issue__title",
                          linkify=("mall:issue_detail", [tables.A("issue_id")]))
    value = YuanColumn(verbose_name=_("面值（元）"), accessor="value_fen", order_by="value_fen")
    balance = YuanColumn(verbose_name=_("余额（元）"), accessor="balance_fen", order_by="balance_fen")
    returned = YuanColumn(verbose_name=_("退回（元）"), accessor="returned_fen", order_by="returned_fen")
    expires_on = tables.DateColumn(verbose_name=_("截止使用"))
    state = tables.Column(verbose_name=_("状态"))

    class Meta(ListTable.Meta):
        model = Voucher
        fields = ("member", "issue", "value", "balance", "returned", "expires_on", "state")
        attrs = ListTable.Meta.attrs | {"data-testid": "voucher-table"}
