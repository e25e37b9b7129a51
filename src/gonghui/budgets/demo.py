"""Demo budgets and spending: this year's approved budget of 40 grassroots unions (the `union`
login's first), with spending on every line and festival and birthday gifts to members within
the caps of the jurisdiction; last year's budget of the `union` login's union, audited by the
经审 committee (two findings, one rectified, one open with its deadline), the report issued and
the final accounts sent to the congress; a departure audit in progress elsewhere.

Refused attempts: three over-cap or forbidden gifts are put through ``caps.check`` and refused
(a festival gift past the yearly cap, a shopping card, a birthday gift over its cap). The rule
for bad input is that a refused entry writes nothing, so they leave no spending row; their
messages are in the step's summary (the demo's entry in the audit trail) and its log.
"""

import datetime

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.accounts.demo import clerk
from gonghui.accounts.models import Grant, Role, User
from gonghui.core.demo import demo_step
from gonghui.members.models import Member
from gonghui.orgs.models import Union
from gonghui.rules import deadlines

from . import caps
from .models import Budget, BudgetLine, Finding, FundAudit, Spending

N_UNIONS = 40
SHARES = {"activities": 55, "rights": 10, "business": 20, "capital": 5, "other": 10}
ITEMS = {"activities": ["职工运动会", "职工书屋图书", "春游踏青活动"], "rights": ["劳动法律宣讲", "职工法律援助咨询"],
         "business": ["工会干部培训", "会员信息采集"], "capital": ["职工之家健身器材"], "other": ["银行手续费"]}


def _approver(ctx, union):
    """The finance department of the county above (a second person: nobody approves their own)."""
    county = next((c for c in ctx.counties.values() if union.path.startswith(c.path)), ctx.root)
    people = ctx.extras.setdefault("finance", {})
    if county.pk not in people:
        user = User.objects.create(username=f"finance-{county.region_id}", kind=User.Kind.STAFF,
                                   full_name=ctx.fake.name(), password=make_password(None))
        Grant.objects.create(user=user, union=county, role=Role.objects.get(code="finance"), covers_subtree=True)
        people[county.pk] = user
    return people[county.pk]


def _budget(ctx, union, year, today, rows, *, spend_share):
    entered, approver = clerk(ctx, union), _approver(ctx, union)
    headcount = union.employer.headcount if union.employer_id else 100
    total = max(headcount, 30) * 60_000  # 600 元 per worker
    approved_at = timezone.make_aware(datetime.datetime(year, 1, 20, 10))
    budget = Budget.objects.create(union=union, year=year, state=Budget.State.APPROVED, created_by=entered,
                                   submitted_by=entered, approved_by=approver, approved_at=approved_at,
                                   note="经工会委员会审议通过")
    lines = BudgetLine.objects.bulk_create([BudgetLine(budget=budget, category=c, amount_fen=total * s // 100)
                                            for c, s in SHARES.items()])
    last = today if year == today.year else datetime.date(year, 12, 20)
    for line in lines:
        for i, item in enumerate(ITEMS[line.category]):
            fen = line.amount_fen * spend_share // (100 * len(ITEMS[line.category]))
            fen -= fen % 100
            if fen <= 0:
                continue
            day = datetime.date(year, 1 + (i * 4 + ctx.rng.randrange(3)) % max(last.month, 1), 10)
            rows.append(Spending(union=union, line=line, spent_on=min(day, last), amount_fen=fen, purpose=item,
                                 state=Spending.State.APPROVED, entered_by=entered, approved_by=approver,
                                 approved_at=approved_at))
            line.spent_fen += fen
    return budget, lines


def _gifts(ctx, union, line, year, today, rows):
    """Spring festival and Mid-Autumn gifts and a birthday gift to up to ten members, within the caps."""
    entered, approver = clerk(ctx, union), _approver(ctx, union)
    members = list(Member.objects.filter(union=union).in_status("active").order_by("pk")[:10])
    plan = [("festival", "spring", datetime.date(year, 2, 10), 50_000, "春节慰问品（米、油）"),
            ("festival", "mid_autumn", datetime.date(year, 9, 20), 40_000, "中秋慰问品（月饼）"),
            ("birthday", "", datetime.date(year, 6, 1), 20_000, "生日蛋糕券（指定蛋糕店）")]
    for m in members:
        for benefit, festival, day, fen, what in plan:
            if day > today or line.left_fen < fen:
                continue
            rows.append(Spending(union=union, line=line, spent_on=day, amount_fen=fen, purpose=what, member=m,
                                 benefit=benefit, festival=festival,
                                 form="named_voucher" if benefit == "birthday" else "goods",
                                 cap_note="演示数据：录入时已核对上限", state=Spending.State.APPROVED,
                                 entered_by=entered, approved_by=approver, approved_at=timezone.now()))
            line.spent_fen += fen
    return members


def _refusals(members, today):
    """Three attempts the rules refuse; nothing is written for them."""
    if not members:
        return []
    m = members[0]
    attempts = [("festival", 120_000, "goods", "national"), ("festival", 20_000, "shopping_card", "national"),
                ("birthday", 50_000, "goods", "")]
    out = []
    for benefit, fen, form, festival in attempts:
        try:
            caps.check(m, benefit, fen, today, form=form, festival=festival)
        except ValidationError as e:
            out.append(f"{m.name}: " + " ".join(e.messages))
    return out


def _audit(ctx, union, year, today, auditor):
    started = today - datetime.timedelta(days=40)
    a = FundAudit.objects.create(union=union, year=year, kind=FundAudit.Kind.YEARLY, started_on=started,
                                 created_by=auditor, state=FundAudit.State.REPORTED,
                                 reported_on=today - datetime.timedelta(days=10),
                                 report=f"经审查，{union.name}{year}年度预算执行总体规范，收支基本平衡。发现问题两项："
                                        "慰问品发放缺少签收名单；一笔培训费报销附件不全。已责成整改。")
    done = Finding.objects.create(audit=a, title="慰问品发放缺少会员签收名单", amount_fen=480_000,
                                  evidence="记账凭证第2号、第31号", rectify_by=today - datetime.timedelta(days=5),
                                  rectified_on=today - datetime.timedelta(days=7), rectification="已补齐签收名单并归档",
                                  created_by=auditor)
    open_ = Finding.objects.create(audit=a, title="培训费报销缺少培训通知和签到表", amount_fen=36_000,
                                   evidence="记账凭证第57号", rectify_by=today + datetime.timedelta(days=20),
                                   created_by=auditor)
    for f in (done, open_):
        d = deadlines.track(f, kind="audit_rectification", started_on=started, due_on=f.rectify_by, union=union,
                            title=f"整改：{f.title}", url=f"/budgets/audits/{a.pk}/")
        if f.rectified_on:
            deadlines.close(f, "audit_rectification")
        del d
    return a


@demo_step(order=72)
def build(ctx):
    """Budgets and spending of 40 unions, gifts within the caps, refused attempts, a 经审 audit."""
    today = timezone.localdate()
    login_union = Grant.objects.filter(user=ctx.users.get("union")).values_list("union_id", flat=True).first()
    candidates = Union.objects.filter(kind="grassroots", status="active", employer__isnull=False)
    own = list(candidates.filter(pk=login_union).select_related("employer"))  # the `union` login sees its own
    unions = own + list(candidates.exclude(pk=login_union).select_related("employer").order_by("path")
                        [:N_UNIONS - len(own)])
    if not unions:
        ctx.log("no grassroots union: no budgets")
        return {}
    rows, members, budgets = [], [], 0
    for u in unions:
        _b, lines = _budget(ctx, u, today.year, today, rows, spend_share=ctx.rng.randrange(40, 75))
        budgets += 1
        activities = next(line for line in lines if line.category == "activities")
        members += _gifts(ctx, u, activities, today.year, today, rows)
        BudgetLine.objects.bulk_update(lines, ["spent_fen"])
    Spending.objects.bulk_create(rows, batch_size=2000)
    refused = _refusals(members, today)
    # last year: the `union` login's union, audited and sent to the congress
    first = unions[0]
    last_rows = []
    last, last_lines = _budget(ctx, first, today.year - 1, today, last_rows, spend_share=90)
    BudgetLine.objects.bulk_update(last_lines, ["spent_fen"])
    Spending.objects.bulk_create(last_rows)
    auditor = ctx.users.get("auditor") or ctx.users["city"]
    a = _audit(ctx, first, today.year - 1, today, auditor)
    last.accounts_audit, last.sent_to_congress_on = a, today - datetime.timedelta(days=3)
    last.save(update_fields=["accounts_audit", "sent_to_congress_on"])
    departure = None
    if len(unions) > 1:
        departure = FundAudit.objects.create(union=unions[1], year=today.year, kind=FundAudit.Kind.DEPARTURE,
                                             subject=f"{unions[1].chair_name or '原主席'}（任期届满离任）",
                                             started_on=today - datetime.timedelta(days=3), created_by=auditor)
    ctx.log(f"{budgets} budgets, {len(rows) + len(last_rows)} spending entries, {len(refused)} refused attempts, "
            f"audit of {first.name}")
    for line in refused:
        ctx.log(f"  refused: {line}")
    return {"budgets": budgets + 1, "spending": len(rows) + len(last_rows), "refused": refused,
            "audits": 1 + (departure is not None)}
