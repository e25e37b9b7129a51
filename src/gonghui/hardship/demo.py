"""Demo hardship files: 低保 standards for the demo city's divisions for 2025 and 2026, and a
few hundred files across states, categories and intakes, on the scale of seed 002 (426
households in hardship visited in one city).

The standards are plausible Hunan figures (衡阳's urban 低保 was about 700 元 a month around
2024; counties a little lower, each year a little higher), not official ones.
"""

import datetime

from django.utils import timezone

from gonghui.accounts.demo import clerk
from gonghui.core.demo import demo_step
from gonghui.core.models import Code
from gonghui.members.models import Member
from gonghui.orgs.choices import UnionKind, UnionStatus
from gonghui.orgs.models import Region, Union

from . import rules, services
from .models import DibaoStandard, HardshipFile, HouseholdMember, Intake, Review

FULL_SIZE = 600
CITY = "430400"
# (state, share): most files active, some on their way, some closed.
STATES = (("active", 0.55), ("exited", 0.12), ("publicity", 0.07), ("review", 0.12), ("draft", 0.06),
          ("rejected", 0.08))
RELATIONS = ("spouse", "child", "child", "parent", "parent")
SCHOOLS = ("衡阳市第一中学", "衡阳县第三中学", "衡阳师范学院", "南华大学", "湖南工学院", "衡南县实验小学")


def _standards(ctx):
    """One city standard and one per county-level division, for 2025 and 2026 (fen)."""
    rows = []
    divisions = [Region.objects.get(code=CITY), *Region.objects.filter(parent_id=CITY).order_by("code")]
    for region in divisions:
        base = 72_000 if region.code == CITY or region.code[4] == "4" else 66_000 + ctx.rng.randrange(0, 5) * 1_000
        rows += [DibaoStandard(region=region, year=2025, monthly_fen=base, note="衡阳市民政局（演示数据）"),
                 DibaoStandard(region=region, year=2026, monthly_fen=base + 3_000, note="衡阳市民政局（演示数据）")]
    DibaoStandard.objects.bulk_create(rows)
    return {(r.region_id, r.year): r.monthly_fen for r in rows}


def _card(rng):
    """A made-up debit card number that passes its Luhn check."""
    from stdnum import luhn

    body = f"62284{rng.randrange(10**13):013d}"
    return body + luhn.calc_check_digit(body)


def _dibao(standards, union, year):
    code = union.region_id
    for c in (code, code[:6], CITY):
        if (c, year) in standards:
            return standards[(c, year)]
    return standards[(CITY, year)]


def _figures(ctx, dibao):
    """A household whose figures land in the wanted category most of the time."""
    rng = ctx.rng
    size = rng.choice((1, 2, 3, 3, 3, 4, 4, 5))
    wanted = rng.choices(("deep", "relative", "accident", "none"), (45, 35, 12, 8))[0]
    spending = rng.randrange(0, 12_000) * 100
    per_head = {"deep": rng.uniform(0.3, 0.95), "relative": rng.uniform(1.05, 1.9), "accident": rng.uniform(1.2, 1.9),
                "none": rng.uniform(2.1, 3.0)}[wanted]
    income = int(dibao * 12 * size * per_head) // 100 * 100 + spending
    accident = int(income * rng.uniform(0.85, 1.5)) // 100 * 100 if wanted == "accident" else 0
    return size, income, spending, accident


def _incomes(rng, total_fen, relations):
    """The household's annual income split among its members so that it adds up to `total_fen`:
    children at school earn nothing, the worker earns most, a spouse or parent (a pension, odd
    jobs) the rest."""
    earners = [i for i, rel in enumerate(relations) if rel != "child"]
    weights = [rng.uniform(1.5, 3.0) if relations[i] == "self" else rng.uniform(0.3, 1.2) for i in earners]
    out = [0] * len(relations)
    for i, w in zip(earners, weights, strict=True):
        out[i] = int(total_fen * w / sum(weights)) // 100 * 100
    out[0] += total_fen - sum(out)  # the worker's share takes the rounding, to the fen
    return out


@demo_step(order=40)
def build(ctx):
    """Hardship files: 低保 standards for 2025 and 2026, and files across states, categories and intakes."""
    rng = ctx.rng
    standards = _standards(ctx)
    by = ctx.users.get("rights") or ctx.users.get("city") or next(iter(ctx.users.values()))
    causes = list(Code.objects.filter(table="hardship_cause").order_by("sort", "code"))
    housing = list(Code.objects.filter(table="housing").order_by("sort", "code"))
    unions = {u.pk: u for u in Union.objects.filter(status=UnionStatus.ACTIVE, kind=UnionKind.GRASSROOTS)}
    n = ctx.scaled(FULL_SIZE, minimum=6)
    ids = list(Member.objects.filter(union_id__in=list(unions)).order_by("pk").values_list("pk", flat=True))
    if not ids:
        return {"files": 0}
    chosen = sorted(rng.sample(ids, min(n, len(ids))))
    picks = list(Member.objects.filter(pk__in=chosen).order_by("pk").values_list("pk", "union_id", "name"))
    login = Member.objects.filter(user__username="member2").values_list("pk", "union_id", "name").first()
    if login is not None and login[1] in unions and login not in picks:
        picks[0] = login  # member2 signs in to a file of their own
    files, household, steps = [], [], []
    today = datetime.date(2026, 11, 1)
    from gonghui.rules import rulebook

    policy = {}
    for i, (member_id, union_id, name) in enumerate(picks):
        union = unions[union_id]
        state = "active" if i == 0 else rng.choices([s for s, _w in STATES], [w for _s, w in STATES])[0]
        year = 2026 if state not in ("exited",) or rng.random() < 0.4 else 2025
        dibao = _dibao(standards, union, year)
        while True:  # reviewers never approve a household above the line: files past review are in hardship
            size, income, spending, accident = _figures(ctx, dibao)
            if year not in policy:
                policy[year] = (rulebook.value("hardship.relative_multiple", on=datetime.date(year, 12, 31)),
                                rulebook.value("hardship.accident_share", on=datetime.date(year, 12, 31)))
            multiple, share = policy[year]
            result = rules.classify(annual_income_fen=income, necessary_spending_fen=spending,
                                    accident_costs_fen=accident, household_size=size, dibao_monthly_fen=dibao,
                                    relative_multiple=multiple.value, accident_share=share.value)
            if result.category != "none" or state not in ("publicity", "active", "exited"):
                break
        main = rng.choice(causes)
        others = rng.sample([c.code for c in causes if c != main], rng.choice((0, 0, 1, 1, 2, 3)))
        computed = state not in ("draft",)
        stage = rng.choice(("grassroots", "county", "city")) if state == "review" else ""
        f = HardshipFile(
            member_id=member_id, union=union, year=year, state=state, stage=stage,
            intake=rng.choices((Intake.NEW, Intake.STOCK, Intake.RETURNED), (45, 48, 7))[0],
            household_size=size, annual_income_fen=income, necessary_spending_fen=spending,
            accident_costs_fen=accident, main_cause=main, secondary_causes=others, housing=rng.choice(housing),
            health=rng.choice(("", "高血压", "糖尿病，长期服药", "尿毒症，每周透析", "腰椎间盘突出")) or None,
            disability=rng.choice((None, None, None, "肢体残疾三级")),
            bank_name="中国农业银行" if i % 2 else "衡阳农商银行",
            bank_account=_card(rng), account_holder=name, created_by=clerk(ctx, union),
            dibao_monthly_fen=dibao if computed else None, category=result.category if computed else "none",
            explanation=services.explanation(result, policy[year]) if computed else "",
        )
        # 公示 starts on `start`; the file was opened two weeks before and reviewed in between.
        start = datetime.date(year, rng.randint(3, 9), rng.randint(1, 28)) if state not in ("publicity", "review",
                                                                                           "draft") else today
        if state == "publicity":
            # The one date taken from the clock: 公示 must still be running when the demo is opened, or
            # the first page load would activate these files.
            start = timezone.localdate() - datetime.timedelta(days=2)
        f.created_at = datetime.datetime.combine(start - datetime.timedelta(days=14), datetime.time(9),
                                                 tzinfo=datetime.UTC)
        if state == "publicity":
            f.publicity_from, f.publicity_until = start, start + datetime.timedelta(days=6)
        if state in ("active", "exited"):
            f.publicity_from, f.publicity_until = start, start + datetime.timedelta(days=6)
            f.activated_on = start + datetime.timedelta(days=7)
            f.review_due = f.activated_on.replace(year=f.activated_on.year + 1) if state == "active" else None
            f.exit_suggested = state == "active" and rng.random() < 0.08
        if state == "exited":
            f.exit_kind = rng.choice(("relieved", "lifted"))
            f.exit_reason = rng.choice(("子女毕业参加工作，家庭收入稳定", "本人病愈返岗", "连续六个月收入高于低保标准"))
            f.exited_on = min(today, f.activated_on + datetime.timedelta(days=rng.randrange(30, 300)))
        files.append(f)
    HardshipFile.objects.bulk_create(files)
    for f in files:
        relations = ["self", *(RELATIONS[k % len(RELATIONS)] for k in range(f.household_size - 1))]
        incomes = _incomes(rng, f.annual_income_fen, relations)
        for rel, income in zip(relations, incomes, strict=True):
            household.append(HouseholdMember(
                file=f, name=f.account_holder if rel == "self" else ctx.fake.name(), relation=rel,
                annual_income_fen=income, school_or_employer=rng.choice(SCHOOLS) if rel == "child" else ""))
        at = f.created_at
        if f.state != "draft":
            steps.append(Review(file=f, stage="grassroots", decision="submit", opinion="经基层工会入户核实",
                                actor=f.created_by, at=at))
        if f.state in ("publicity", "active", "exited") or (f.state == "review" and f.stage == "city"):
            steps.append(Review(file=f, stage="county", decision="approve", opinion="情况属实，同意", actor=by,
                                at=at + datetime.timedelta(days=5)))
        if f.state in ("publicity", "active", "exited"):
            steps.append(Review(file=f, stage="city", decision="approve", opinion="同意建档", actor=by,
                                at=at + datetime.timedelta(days=13)))
        if f.state == "rejected":
            steps.append(Review(file=f, stage="county", decision="reject", opinion="家庭人均收入高于认定标准", actor=by,
                                at=at + datetime.timedelta(days=3)))
        if f.state in ("active", "exited"):
            steps.append(Review(file=f, decision="activate", at=at + datetime.timedelta(days=21)))
        if f.state == "exited":
            steps.append(Review(file=f, decision="exit", opinion=f.exit_reason, actor=by,
                                at=datetime.datetime.combine(f.exited_on, datetime.time(10), tzinfo=datetime.UTC)))
    HouseholdMember.objects.bulk_create(household)
    Review.objects.bulk_create(steps)
    active = [f.member_id for f in files if f.state == "active"]
    Member.objects.filter(pk__in=active).update(has_hardship_file=True)
    counts = {s: sum(1 for f in files if f.state == s) for s, _w in STATES}
    ctx.log(f"{len(files)} hardship files ({', '.join(f'{k} {v}' for k, v in counts.items())})")
    return {"dibao_standards": len(standards), "files": len(files), **counts}
