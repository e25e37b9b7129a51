"""The mall's rules: no cash-like items, orders and vouchers paid per member through the budgets
app (cap, line, four eyes), spending a voucher, no transfer, expiry returns the unspent value."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from gonghui.budgets.models import BudgetLine, Spending
from gonghui.core.models import AuditEntry
from gonghui.mall import services
from gonghui.mall.models import Order, Product, Purchase, Supplier, Voucher, VoucherIssue

from ..budgets.conftest import gift
from ..factories import build_city, colleague
from .conftest import approved_budget, catalogue, issued, member, member_with_account

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def c():
    c = build_city()
    approved_budget(c, activities=1_000_000)  # 10,000 元 for staff activities
    return c


def _line():
    return BudgetLine.objects.get(category="activities")


@pytest.mark.parametrize("name,form", [("超市购物卡 500元", "goods"), ("节日礼品", "shopping_card"),
                                       ("节日礼品", "cash"), ("通用代金券", "named_voucher")])
def test_cash_like_items_never_enter_the_catalogue(c, name, form):
    s = services.add_supplier(acting_user=c.users["operator"], union=c.root, name="某商贸公司")
    with pytest.raises(ValidationError) as e:
        services.add_product(acting_user=c.users["operator"], supplier=s, name=name, price_fen=50_000, stock=10,
                             form=form)
    assert set(e.value.message_dict) & {"form", "name"}
    assert not Product.objects.exists()


def test_voucher_issue_reserves_from_the_line_and_counts_against_each_allowance(c):
    _s, (rice, _tea, _show) = catalogue(c)
    ms = [member_with_account(c) for _ in range(3)]
    issue = services.issue_vouchers(acting_user=c.users["union"], union=c.grassroots, title="中秋电子券",
                                    festival="mid_autumn", value_fen=50_000, expires_on=TODAY + timedelta(days=1)
                                    if (TODAY + timedelta(days=1)).year == TODAY.year else TODAY, members=ms)
    # submitted: one spending entry per member, waiting; the line not yet drawn
    entries = Spending.objects.filter(origin=f"mall.voucherissue:{issue.pk}")
    assert entries.count() == 3 and set(entries.values_list("state", flat=True)) == {"submitted"}
    assert set(entries.values_list("form", "benefit", "festival")) == {("named_voucher", "festival", "mid_autumn")}
    assert _line().spent_fen == 0
    assert Voucher.objects.filter(state="pending").count() == 3
    with pytest.raises(ValidationError, match="nobody approves|自己|colleague"):
        services.approve_issue(issue, acting_user=c.users["union"])
    services.approve_issue(issue, acting_user=c.users[colleague(c, "union")])
    assert _line().spent_fen == 150_000
    assert Voucher.objects.filter(state="active", balance_fen=50_000).count() == 3
    # the allowance counts the voucher: Hunan's 1,500 元 a year leaves 1,000 元
    with pytest.raises(ValidationError, match="over the cap|超过"):
        gift(c, ms[0], 100_001, festival="national")
    gift(c, ms[0], 100_000, festival="national")


def test_an_issue_past_the_budget_is_refused_whole(c):
    ms = [member(c) for _ in range(3)]
    approved = BudgetLine.objects.get(category="activities")
    BudgetLine.objects.filter(pk=approved.pk).update(amount_fen=120_000)  # room for two 600 元 vouchers... not three
    with pytest.raises(ValidationError) as e:
        services.issue_vouchers(acting_user=c.users["union"], union=c.grassroots, title="春节电子券", festival="spring",
                                value_fen=50_000, expires_on=date(TODAY.year, 12, 31), members=ms)
    assert "超过预算" in str(e.value)
    assert not VoucherIssue.objects.exists() and not Spending.objects.exists()


def test_an_issue_over_one_members_cap_is_refused_naming_them(c):
    ms = [member(c) for _ in range(2)]
    gift(c, ms[1], 120_000, festival="spring")
    with pytest.raises(ValidationError) as e:
        services.issue_vouchers(acting_user=c.users["union"], union=c.grassroots, title="中秋电子券",
                                festival="mid_autumn", value_fen=50_000, expires_on=date(TODAY.year, 12, 31),
                                members=ms)
    assert ms[1].name in str(e.value)
    assert not VoucherIssue.objects.exists() and Spending.objects.count() == 1


def test_spending_a_voucher_and_no_transfer(c):
    _s, (rice, tea, show) = catalogue(c)
    m, other = member_with_account(c), member_with_account(c)
    issued(c, [m, other])
    v = Voucher.objects.get(member=m)
    services.spend(v, tea, acting_user=m.user)
    services.spend(v, rice, acting_user=m.user)
    v.refresh_from_db()
    assert v.balance_fen == 10_000 and Purchase.objects.filter(voucher=v).count() == 2
    with pytest.raises(ValidationError, match="余额"):
        services.spend(v, tea, acting_user=m.user)
    with pytest.raises(ValidationError, match="本人"):
        services.spend(v, rice, acting_user=other.user)
    with pytest.raises(ValidationError, match="不可转让"):
        services.transfer(v, acting_user=m.user, to=other)
    v.refresh_from_db()
    assert v.balance_fen == 10_000 and v.member == m
    assert Product.objects.get(pk=tea.pk).stock == 999


def test_expiry_returns_the_unspent_value_to_the_line_and_the_allowance(c):
    _s, (rice, _tea, _show) = catalogue(c)
    m, idle = member_with_account(c), member_with_account(c)
    issue = issued(c, [m, idle])
    services.spend(Voucher.objects.get(member=m), rice, acting_user=m.user)
    assert _line().spent_fen == 100_000
    n, fen = services.expire_due(date(TODAY.year, 12, 31) + timedelta(days=1))
    assert (n, fen) == (2, 40_000 + 50_000)
    assert _line().spent_fen == 10_000  # only the rice stays spent
    issue.refresh_from_db()
    assert issue.state == "expired" and issue.returned_fen == 90_000
    assert Spending.objects.get(member=m).amount_fen == 10_000
    assert Spending.objects.get(member=idle).state == "returned"
    assert services.expire_due(date(TODAY.year, 12, 31) + timedelta(days=1)) == (0, 0)  # idempotent
    with pytest.raises(ValidationError, match="过期"):
        services.spend(Voucher.objects.get(member=m), rice, acting_user=m.user)
    # the idle member's allowance has its 500 元 back
    gift(c, idle, 150_000, festival="national")


def test_expire_task_runs_from_the_schedule():
    from django.conf import settings

    from gonghui.mall import tasks

    assert settings.CELERY_BEAT_SCHEDULE["mall-expire-vouchers"]["task"] == tasks.expire_vouchers.name


def test_directed_purchase_within_the_cap_is_approved_delivered_with_invoice(c):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import PDF

    _s, (rice, tea, _show) = catalogue(c)
    ms = [member(c) for _ in range(4)]
    order = services.create_order(acting_user=c.users["union"], union=c.grassroots, title="端午慰问品",
                                  festival="dragon_boat", items=[(rice, 1), (tea, 2)], members=ms,
                                  delivery="bulk")
    assert (order.per_member_fen, order.total_fen) == (70_000, 280_000)
    assert Spending.objects.filter(origin=f"mall.order:{order.pk}", state="submitted").count() == 4
    services.approve_order(order, acting_user=c.users[colleague(c, "union")])
    assert _line().spent_fen == 280_000
    assert Product.objects.get(pk=tea.pk).stock == 1000 - 8
    with pytest.raises(ValidationError, match="发票"):
        services.deliver_order(order, acting_user=c.users["union"])
    services.deliver_order(order, acting_user=c.users["union"],
                           files=[SimpleUploadedFile("发票.pdf", PDF, "application/pdf")])
    order.refresh_from_db()
    assert order.state == "delivered" and order.recipients.filter(delivered_on=TODAY).count() == 4


def test_an_order_over_the_cap_is_refused_and_nothing_written(c):
    _s, (rice, tea, _show) = catalogue(c)
    m = member(c)
    gift(c, m, 100_000, festival="spring")
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as e:
        services.create_order(acting_user=c.users["union"], union=c.grassroots, title="中秋慰问品",
                              festival="mid_autumn", items=[(tea, 2)], members=[m])
    assert m.name in str(e.value) and "1,500.00" in str(e.value)
    assert not Order.objects.exists() and Spending.objects.count() == 1
    assert AuditEntry.objects.count() == before


def test_an_order_rejected_gives_the_room_back(c):
    _s, (rice, _tea, _show) = catalogue(c)
    m = member(c)
    order = services.create_order(acting_user=c.users["union"], union=c.grassroots, title="国庆慰问品",
                                  festival="national", items=[(rice, 1)], members=[m])
    with pytest.raises(ValidationError):
        services.reject_order(order, acting_user=c.users[colleague(c, "union")], reason="")
    services.reject_order(order, acting_user=c.users[colleague(c, "union")], reason="重复采购")
    assert Spending.objects.get(member=m).state == "rejected"
    gift(c, m, 150_000, festival="spring")


def test_a_festival_that_is_not_statutory_and_a_product_out_of_reach(c):
    s_other = Supplier.objects.create(union=c.county2, name="衡南某公司", created_by=c.users["operator"])
    far = Product.objects.create(supplier=s_other, name="衡南特产", price_fen=100, stock=5,
                                 created_by=c.users["operator"])
    m = member(c)
    with pytest.raises(ValidationError, match="法定节日"):
        services.create_order(acting_user=c.users["union"], union=c.grassroots, title="x", festival="birthday",
                              items=[(far, 1)], members=[m])
    with pytest.raises(ValidationError, match="目录"):
        services.create_order(acting_user=c.users["union"], union=c.grassroots, title="x", festival="spring",
                              items=[(far, 1)], members=[m])


def test_sold_out_service_refuses_the_purchase_without_touching_the_balance(c):
    _s, (_rice, _tea, show) = catalogue(c)
    ms = [member_with_account(c) for _ in range(3)]
    issued(c, ms)
    for m in ms[:2]:
        services.spend(Voucher.objects.get(member=m), show, acting_user=m.user)
    with pytest.raises(ValidationError, match="售罄"):
        services.spend(Voucher.objects.get(member=ms[2]), show, acting_user=ms[2].user)
    assert Voucher.objects.get(member=ms[2]).balance_fen == 50_000
