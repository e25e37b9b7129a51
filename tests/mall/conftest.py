"""Building blocks of the mall tests: a supplier and products listed by the city federation,
an approved budget for the grassroots union (from the budget tests), members with accounts."""

from datetime import date

from gonghui.accounts.models import User
from gonghui.mall import services

from ..budgets.conftest import approved_budget, member  # noqa: F401  (re-exported for the mall tests)
from ..factories import colleague

PASSWORD = "Gonghui@2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_seq = iter(range(10**6))


def catalogue(c):
    """(supplier, [rice 100 元, tea 300 元, tickets 500 元]) listed by the city federation."""
    s = services.add_supplier(acting_user=c.users["operator"], union=c.root, name="衡阳本地特产有限公司", local=True)
    rice = services.add_product(acting_user=c.users["operator"], supplier=s, name="衡阳大米 10kg", price_fen=10_000,
                                stock=1000, kind="local")
    tea = services.add_product(acting_user=c.users["operator"], supplier=s, name="南岳云雾茶", price_fen=30_000,
                               stock=1000, kind="local")
    show = services.add_product(acting_user=c.users["operator"], supplier=s, name="衡阳文化宫演出票", price_fen=50_000,
                                stock=2, kind="service", form="service")
    return s, [rice, tea, show]


def member_with_account(c, union=None):
    m = member(c, union)
    n = next(_seq)
    m.user = User.objects.create_user(username=f"mall{n}_{m.pk}", password=PASSWORD, kind=User.Kind.MEMBER,
                                      full_name=m.name, phone=f"137{n:08d}")
    m.save(update_fields=["user"])
    return m


def issued(c, members, value_fen=50_000, expires_on=None, by="union"):
    """A voucher issue by `by`, approved by their colleague."""
    issue = services.issue_vouchers(acting_user=c.users[by], union=c.grassroots, title="中秋电子券",
                                    festival="mid_autumn", value_fen=value_fen,
                                    expires_on=expires_on or date(date.today().year, 12, 31), members=members)
    return services.approve_issue(issue, acting_user=c.users[colleague(c, by)])


def row(c, union, model_name):
    """One row of each scoped mall model hanging on `union` (for tests/test_model_scopes): the
    supplier listed by `union`, an order and a voucher issue of `union`, approved by a colleague."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.budgets.models import Budget

    operator = c.users["operator"]
    supplier = services.add_supplier(acting_user=operator, union=union, name=f"供应商{next(_seq)}", local=True)
    product = services.add_product(acting_user=operator, supplier=supplier, name="衡阳大米 10kg", price_fen=10_000,
                                   stock=100, kind="local")
    if model_name in ("Supplier", "Product"):
        return supplier if model_name == "Supplier" else product
    if not Budget.objects.filter(union=union).exists():
        approved_budget(c, union)
    m = member_with_account(c, union)
    approver = c.users[colleague(c, "operator")]
    if model_name in ("Order", "OrderItem", "OrderRecipient", "OrderInvoice"):
        order = services.create_order(acting_user=operator, union=union, title="端午慰问品", festival="dragon_boat",
                                      items=[(product, 1)], members=[m])
        if model_name == "OrderInvoice":
            services.approve_order(order, acting_user=approver)
            services.deliver_order(order, acting_user=operator,
                                   files=[SimpleUploadedFile("fp.pdf", PDF, "application/pdf")])
            return order.invoices.get()
        return {"Order": order, "OrderItem": order.items.first(), "OrderRecipient": order.recipients.first()}[
            model_name]
    issue = services.issue_vouchers(acting_user=operator, union=union, title="中秋电子券", festival="mid_autumn",
                                    value_fen=20_000, expires_on=date(date.today().year, 12, 31), members=[m])
    if model_name == "VoucherIssue":
        return issue
    services.approve_issue(issue, acting_user=approver)
    voucher = issue.vouchers.get()
    if model_name == "Voucher":
        return voucher
    return services.spend(voucher, product, acting_user=m.user)
