"""Demo mall: the city federation lists three suppliers (two local firms with the county's
specialities, one service) and their catalogue; the `member` login's union runs a Mid-Autumn
voucher campaign (e-vouchers of 200 元 to its members, through the budgets app: each checked
against the member's festival cap and the staff-activities line, approved by the county's
finance staff), and about a third of the members have spent theirs; an earlier Spring Festival
issue has expired and returned its unspent value to the budget; a second union's directed
purchase (定向采购) of Dragon Boat gifts is approved and delivered in bulk with its invoice.

Refused attempts (nothing written, messages in the step's summary): a shopping card as a
festival gift, a voucher transfer, and an order past a member's festival cap.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.accounts.demo import clerk
from gonghui.accounts.models import Grant
from gonghui.budgets import caps
from gonghui.budgets import services as budget_services
from gonghui.budgets.demo import _approver
from gonghui.budgets.models import Budget, BudgetLine
from gonghui.core.demo import demo_step
from gonghui.members.models import Member

from . import services
from .models import Voucher, VoucherIssue

SUPPLIERS = [
    ("衡阳本地特产有限公司", True, [
        ("衡阳大米 10kg", "local", "goods", 8_000, 2000), ("衡东土菜礼盒", "local", "goods", 12_800, 800),
        ("南岳云雾茶 250g", "local", "goods", 16_800, 600), ("鱼酱礼盒", "local", "goods", 6_800, 900)]),
    ("湘江粮油食品有限公司", True, [
        ("菜籽油 5L", "goods", "goods", 9_900, 1500), ("中秋月饼礼盒", "goods", "goods", 12_800, 1200),
        ("端午粽子礼盒", "goods", "goods", 8_800, 1000)]),
    ("南岳文旅服务有限公司", False, [
        ("南岳衡山门票（指定日期兑换）", "service", "named_voucher", 10_000, 300),
        ("职工体检套餐", "service", "service", 30_000, 200)]),
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _catalogue(ctx):
    staff = ctx.users["operator"] if "operator" in ctx.users else ctx.users["city"]
    products = []
    for name, local, items in SUPPLIERS:
        s = services.add_supplier(acting_user=staff, union=ctx.root, name=name, local=local)
        for pname, kind, form, fen, stock in items:
            products.append(services.add_product(acting_user=staff, supplier=s, name=pname, kind=kind, form=form,
                                                 price_fen=fen, stock=stock))
    return staff, products


def _budget_of(ctx, union, today):
    """The union's approved budget line for staff activities (made for a union without one)."""
    line = BudgetLine.objects.filter(budget__union=union, budget__year=today.year, budget__state="approved",
                                     category="activities").first()
    if line is None:
        entered = clerk(ctx, union)
        b = Budget.objects.filter(union=union, year=today.year).first() or Budget.objects.create(
            union=union, year=today.year, state=Budget.State.APPROVED, created_by=entered, submitted_by=entered,
            approved_by=_approver(ctx, union), approved_at=timezone.now(), note="经工会委员会审议通过")
        line = BudgetLine.objects.create(budget=b, category="activities", amount_fen=6_000_000)
    return line


def _with_room(union, fen, today, n):
    out = []
    for m in Member.objects.in_status("active").filter(union=union).select_related("union").order_by("number"):
        a = caps.allowance(m, "festival", today, festival="mid_autumn")
        if a.left_fen is None or a.left_fen >= fen:
            out.append(m)
        if len(out) >= n:
            break
    return out


GIFT_FEN = 17_600  # two 端午粽子礼盒 per member


def _union_with_room(exclude, fen, today):
    """Another union whose approved activities line has `fen` left after pending entries (the
    budgets demo spends some lines nearly to the end; an order past the room is refused)."""
    lines = (BudgetLine.objects.filter(budget__year=today.year, budget__state="approved", category="activities")
             .exclude(budget__union=exclude).select_related("budget__union").order_by("budget__union__path"))
    for line in lines:
        if budget_services.room_left(line.budget.union, "activities", today)[1] >= fen:
            return line.budget.union
    return None


def _refusals(staff, entered, products, union, member, voucher):
    out = []
    attempts = [
        lambda: services.add_product(acting_user=staff, supplier=products[0].supplier, name="超市购物卡 500元",
                                     price_fen=50_000, stock=100, form="shopping_card"),
        lambda: services.transfer(voucher, acting_user=member.user, to=None),
        lambda: services.create_order(acting_user=entered, union=union, title="国庆节慰问品（超限）",
                                      festival="national", items=[(products[6], 20)],
                                      members=[member]),
    ]
    for attempt in attempts:
        try:
            attempt()
        except ValidationError as e:
            out.append(" ".join(e.messages))
    return out


@demo_step(order=73)
def build(ctx):
    """The mall's catalogue, a Mid-Autumn voucher campaign spent in part, an expired issue, a
    directed purchase delivered, and three refused attempts."""
    today = timezone.localdate()
    staff, products = _catalogue(ctx)
    # the `member` login (members/demo.py makes it; it is not among ctx.users, the staff logins)
    holder = Member.objects.filter(user__username="member").select_related("union").first()
    union = holder.union if holder else Grant.objects.filter(user=ctx.users["union"]).first().union
    _budget_of(ctx, union, today)
    entered, approver = clerk(ctx, union), _approver(ctx, union)
    members = _with_room(union, 20_000, today, 80)
    if holder and holder not in members:
        members = [holder, *members[:79]]
    # an earlier Spring Festival issue, spent in part, now expired: its rest went back to the line
    spring = services.issue_vouchers(acting_user=entered, union=union, title=f"{today.year}年春节电子券",
                                     festival="spring", value_fen=10_000, expires_on=today, members=members[:20])
    services.approve_issue(spring, acting_user=approver)
    for i, v in enumerate(spring.vouchers.select_related("member__user")):
        if v.member.user_id and i % 2 == 0:
            services.spend(v, products[0], acting_user=v.member.user)
    Voucher.objects.filter(issue=spring).update(expires_on=today - datetime.timedelta(days=1))
    VoucherIssue.objects.filter(pk=spring.pk).update(expires_on=today - datetime.timedelta(days=1))
    expired, returned = services.expire_due(today)
    # the Mid-Autumn campaign, open until the end of the year
    autumn = services.issue_vouchers(acting_user=entered, union=union, title=f"{today.year}年中秋节电子券",
                                     festival="mid_autumn", value_fen=20_000,
                                     expires_on=datetime.date(today.year, 12, 31), members=members)
    services.approve_issue(autumn, acting_user=approver)
    spent = 0
    for i, v in enumerate(autumn.vouchers.select_related("member__user").order_by("pk")):
        if v.member.user_id and v.member != holder and (i % 3 == 0 or not spent):  # the `member` login's is left whole
            services.spend(v, products[5], acting_user=v.member.user)
            spent += 1
    # a directed purchase of another union whose activities line has room for the whole order
    order, ou = None, _union_with_room(union, 30 * GIFT_FEN, today)
    if ou:
        buyers = _with_room(ou, GIFT_FEN, today, 30)
        if buyers:
            order = services.create_order(acting_user=clerk(ctx, ou), union=ou, title=f"{today.year}年端午节慰问品",
                                          festival="dragon_boat", items=[(products[6], 2)], members=buyers,
                                          delivery="bulk")
            services.approve_order(order, acting_user=_approver(ctx, ou))
            services.deliver_order(order, acting_user=clerk(ctx, ou), delivered_on=today,
                                   files=[SimpleUploadedFile("发票.pdf", PDF, "application/pdf")])
    voucher = autumn.vouchers.filter(member=holder).first() if holder else autumn.vouchers.first()
    refused = _refusals(staff, entered, products, union, voucher.member, voucher) if voucher else []
    ctx.log(f"mall: {len(products)} products; vouchers to {len(members)} members of {union.name}, {spent} spent; "
            f"{expired} expired returning {returned / 100:.2f} 元; order {'delivered' if order else 'none'}; "
            f"{len(refused)} refused")
    for line in refused:
        ctx.log(f"  refused: {line}")
    return {"products": len(products), "vouchers": len(members), "spent": spent, "expired": expired,
            "returned_fen": returned, "orders": 1 if order else 0, "refused": refused}
