"""Demo assistance of 2026, on the scale of seed 002 (衡阳 city's year): 送温暖 visits to 126
enterprises and 426 households with 137 万元; 金秋助学 619.6 万元 for 2,541 students; free job
training for 1,200 workers; 温暖回家路 train tickets for about 700 migrant workers; 130
low-income model workers given 136 万元 and 115 model workers in special hardship 57 万元.
Plus two programmes open now, with applications waiting for review.

Rows are written in bulk; amounts add up to the seed's totals at full size. Members with an
active hardship file (from the hardship step, when it ran) are preferred for 金秋助学 and the
household visits, and their applications carry the file's category."""

import datetime

from stdnum import luhn

from gonghui.accounts.demo import clerk
from gonghui.core.demo import demo_step
from gonghui.hardship.queries import active_categories
from gonghui.members.models import Member
from gonghui.orgs.choices import UnionKind, UnionStatus
from gonghui.orgs.models import Employer, Union

from .models import (
    AmountRule,
    AssistanceApplication,
    PaymentBatch,
    PaymentLine,
    Programme,
    ProgrammeBudget,
    Visit,
)

YEAR = 2026
D = datetime.date
BANKS = ("中国工商银行", "中国农业银行", "中国建设银行", "中国银行", "湖南农村信用社", "中国邮政储蓄银行")
S = AssistanceApplication.State

# 金秋助学 amounts (元) by school level, with / without a hardship file; share of students.
STUDENT_RULES = {"undergraduate": (3500, 3000, 0.5), "junior_college": (2800, 2500, 0.3),
                 "high_school": (2000, 1800, 0.2)}


def _account(rng):
    body = f"6222{rng.randrange(10**14):014d}"
    return body + luhn.calc_check_digit(body)


def _split(total_fen, n):
    """`n` amounts that add up to `total_fen` exactly (the first ones a fen larger)."""
    base, rest = divmod(total_fen, n)
    return [base + (1 if i < rest else 0) for i in range(n)]


class Builder:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = ctx.rng
        self.root = ctx.root or Union.objects.get(depth=1)
        self.rights = ctx.users.get("rights") or ctx.users.get("city")
        self.counties = list(Union.objects.filter(depth=2, kind=UnionKind.FEDERATION).order_by("path"))
        self.members = list(Member.objects.in_good_standing().order_by("pk").values(
            "pk", "name", "union_id", "union_path", "is_migrant_worker", "is_model_worker"))
        self.categories = active_categories()
        self.batch_seq = 0

    def programme(self, name, kind, opens_on, closes_on, budget_yuan, state="closed", rules=(), **fields):
        p = Programme.objects.create(name=name, kind=kind, owner=self.root, year=YEAR, period=fields.pop("period", ""),
                                     opens_on=opens_on, closes_on=closes_on, state=state, created_by=self.rights,
                                     **fields)
        AmountRule.objects.bulk_create([AmountRule(programme=p, school_level=level, with_hardship_file=f,
                                                   amount_fen=yuan * 100) for level, f, yuan in rules])
        total = budget_yuan * 100
        top = ProgrammeBudget.objects.create(programme=p, union=self.root, amount_fen=total)
        parts = {}
        for county in self.counties:  # each county gets a part, the city keeps the rest
            share = total // (len(self.counties) + 2)
            parts[county.path] = ProgrammeBudget(programme=p, union=county, parent=top, amount_fen=share)
        ProgrammeBudget.objects.bulk_create(parts.values())
        p.top, p.parts = top, parts
        return p

    def budget_for(self, p, union_path):
        return p.parts.get(union_path[:8]) or p.top

    def pick(self, n, want=lambda m: True, prefer_files=False):
        pool = [m for m in self.members if want(m)]
        if prefer_files:
            with_file = [m for m in pool if m["pk"] in self.categories]
            others = [m for m in pool if m["pk"] not in self.categories]
            chosen = with_file[:n]
            return chosen + self.rng.sample(others, min(len(others), n - len(chosen)))
        return self.rng.sample(pool, min(len(pool), n))

    def applications(self, p, picks, amounts, states, when, **extra):
        """Applications of `picks` with `amounts` (fen) in `states`; budgets committed to match."""
        rows = []
        for m, fen, state in zip(picks, amounts, states, strict=True):
            category = self.categories.get(m["pk"], "")
            budget = self.budget_for(p, m["union_path"]) if fen else None
            reviewed = state != S.SUBMITTED
            values = {k: (v(m) if callable(v) else v) for k, v in extra.items()}
            rows.append(AssistanceApplication(
                programme=p, member_id=m["pk"], union_id=m["union_id"], budget=budget, year=YEAR, amount_fen=fen,
                with_hardship_file=bool(category), hardship_category=category, state=state,
                bank_name=self.rng.choice(BANKS) if fen else "", bank_account=_account(self.rng) if fen else None,
                account_holder=m["name"], created_by=clerk(self.ctx, Union(pk=m["union_id"], path=m["union_path"])),
                created_at=when,
                opinion="经审核，符合条件" if reviewed else "", reviewed_by=self.rights if reviewed else None,
                reviewed_at=when + datetime.timedelta(days=3) if reviewed else None,
                publicity_from=(when + datetime.timedelta(days=4)).date() if state not in (S.SUBMITTED, S.APPROVED)
                else None,
                publicity_until=(when + datetime.timedelta(days=4 + p.publicity_days)).date()
                if state not in (S.SUBMITTED, S.APPROVED) else None, **values))
        made = AssistanceApplication.objects.bulk_create(rows, batch_size=1000)
        drawn = {}
        for a in made:
            if a.budget_id and a.state != S.SUBMITTED:
                drawn[a.budget_id] = drawn.get(a.budget_id, 0) + a.amount_fen
        self.commit(p, drawn)
        return made

    def commit(self, p, drawn):
        """Committed amounts of the budgets: what was drawn on each, and on the top the parts too.
        A county that gave more than its part had its part raised (as clerks do mid-year)."""
        parts = list(p.parts.values())
        for b in parts:
            b.committed_fen = drawn.get(b.pk, 0)
            b.amount_fen = max(b.amount_fen, b.committed_fen)
        p.top.committed_fen = drawn.get(p.top.pk, 0) + sum(b.amount_fen for b in parts)
        p.top.amount_fen = max(p.top.amount_fen, p.top.committed_fen)
        ProgrammeBudget.objects.bulk_update([p.top, *parts], ["amount_fen", "committed_fen"])

    def pay(self, p, paid_apps, on, fail_share=0.01):
        """One batch per paying union (the budget's union) with every line paid, but a few that
        failed and were re-issued in a second batch and paid then."""
        by_union = {}
        for a in paid_apps:
            by_union.setdefault(a.budget.union_id if a.budget_id else self.root.pk, []).append(a)
        lines, batches = [], 0
        for union_id, apps in sorted(by_union.items()):
            batch = self.batch(p, union_id, on, apps)
            failed = []
            for i, a in enumerate(apps, start=1):
                fails = self.rng.random() < fail_share
                lines.append(PaymentLine(
                    batch=batch, application=a, programme=p, member_id=a.member_id,
                    reference=f"{batch.number}-{i:04d}", amount_fen=a.amount_fen, payee_name=a.account_holder,
                    bank_name=a.bank_name, bank_account=a.bank_account,
                    state=PaymentLine.State.FAILED if fails else PaymentLine.State.PAID,
                    failure_reason="户名与账号不符" if fails else "", settled_at=batch.result_at))
                if fails:
                    failed.append((a, lines[-1]))
            batches += 1
            if failed:
                PaymentLine.objects.bulk_create(lines, batch_size=1000)
                lines = []
                again = self.batch(p, union_id, on + datetime.timedelta(days=7), [a for a, _l in failed],
                                   reissue_of=batch)
                lines += [PaymentLine(batch=again, application=a, programme=p, member_id=a.member_id,
                                      reference=f"{again.number}-{i:04d}", amount_fen=a.amount_fen,
                                      payee_name=a.account_holder, bank_name=a.bank_name,
                                      bank_account=a.bank_account, state=PaymentLine.State.PAID,
                                      reissued_from=old, settled_at=again.result_at)
                          for i, (a, old) in enumerate(failed, start=1)]
                batches += 1
        PaymentLine.objects.bulk_create(lines, batch_size=1000)
        return batches

    def batch(self, p, union_id, on, apps, reissue_of=None):
        self.batch_seq += 1
        at = datetime.datetime.combine(on, datetime.time(10), tzinfo=datetime.UTC)
        return PaymentBatch.objects.create(
            number=f"PB{on:%Y%m%d}{self.batch_seq:04d}", programme=p, union_id=union_id, state="done",
            reissue_of=reissue_of, total_fen=sum(a.amount_fen for a in apps), line_count=len(apps),
            created_by=self.rights, created_at=at, result_at=at + datetime.timedelta(days=2))

    def paid_programme(self, p, picks, amounts, when, pay_on, waiting=0.0, **extra):
        """Most applications paid; a share `waiting` still in 公示 or awaiting review."""
        states = []
        for _ in picks:
            r = self.rng.random()
            states.append(S.SUBMITTED if r < waiting / 2 else S.PUBLICITY if r < waiting else S.PAID)
        made = self.applications(p, picks, amounts, states, when, **extra)
        return made, self.pay(p, [a for a in made if a.state == S.PAID and a.amount_fen], pay_on)


def _at(day):
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


@demo_step(order=45)
def build(ctx):
    """Assistance programmes of 2026: 送温暖 visits, 金秋助学, training, train tickets, model workers."""
    b = Builder(ctx)
    if not b.members:
        return {}
    summary = {}

    # 金秋助学: 619.6 万元 for 2,541 students, by school level and hardship file.
    aid = b.programme("2026年金秋助学", "student_aid", D(YEAR, 7, 1), D(YEAR, 9, 30), 7_000_000, period="秋季",
                      hardship_categories=["deep", "relative", "accident"], migrant_workers=True,
                      per_person_limit_fen=500_000, required_attachments=["admission"], publicity_days=5,
                      rules=[(level, f, yuan) for level, (with_file, without, _s) in STUDENT_RULES.items()
                             for f, yuan in ((True, with_file), (False, without))])
    picks = b.pick(ctx.scaled(2541), lambda m: m["is_migrant_worker"] or m["pk"] in b.categories, prefer_files=True)
    levels = [b.rng.choices(list(STUDENT_RULES), [s for *_x, s in STUDENT_RULES.values()])[0] for _ in picks]
    rule = [STUDENT_RULES[lv][0 if m["pk"] in b.categories else 1] * 100 for lv, m in zip(levels, picks, strict=True)]
    target = round(6_196_000 * 100 * len(picks) / 2541)
    amounts = [min(r, f) for r, f in zip(rule, _scaled_to(rule, target), strict=True)]
    if amounts and 0 < amounts[-1] + target - sum(amounts) <= rule[-1]:
        amounts[-1] += target - sum(amounts)  # the seed's total to the fen
    level_of = dict(zip([m["pk"] for m in picks], levels, strict=True))
    made, batches = b.paid_programme(aid, picks, amounts, _at(D(YEAR, 8, 10)), D(YEAR, 9, 10), waiting=0.04,
                                     school_level=lambda m: level_of[m["pk"]],
                                     student_name=lambda m: m["name"][0] + b.rng.choice("子明华丽婷杰欣宇"))
    summary["student_aid"] = {"students": len(made), "fen": sum(a.amount_fen for a in made), "batches": batches}

    # 送温暖: visits to 126 enterprises and 426 households, 137 万元 in all (元旦春节).
    warmth = b.programme("2026年元旦春节送温暖", "winter_warmth", D(YEAR, 1, 1), D(YEAR, 2, 28), 1_500_000,
                         hardship_categories=["deep", "relative", "accident"], any_member=True, period="元旦春节")
    summary["visits"] = _visits(b, warmth)

    # Free job training for 1,200 workers (no money to the worker).
    training = b.programme("2026年困难职工和农民工免费就业培训", "training", D(YEAR, 3, 1), D(YEAR, 10, 31), 600_000,
                           hardship_categories=["deep", "relative", "accident"], migrant_workers=True,
                           period="全年")
    picks = b.pick(ctx.scaled(1200), lambda m: m["is_migrant_worker"] or m["pk"] in b.categories)
    made = b.applications(training, picks, [0] * len(picks), [S.PAID] * len(picks), _at(D(YEAR, 4, 1)),
                          reason="免费就业技能培训")
    summary["trained"] = len(made)

    # 温暖回家路: about 700 train tickets for migrant workers going home.
    home = b.programme("2026年温暖回家路", "journey_home", D(YEAR, 1, 10), D(YEAR, 2, 10), 250_000,
                       migrant_workers=True, default_amount_fen=30_000, period="春运")
    picks = b.pick(ctx.scaled(700), lambda m: m["is_migrant_worker"])
    made, batches = b.paid_programme(home, picks, [b.rng.randrange(150, 301) * 100 for _ in picks],
                                     _at(D(YEAR, 1, 15)), D(YEAR, 1, 25), reason="春节返乡火车票")
    summary["tickets"] = len(made)

    # Model workers: 130 low-income (136 万元), 115 in special hardship (57 万元).
    model = [m for m in b.members if m["is_model_worker"]]
    for name, n, total_yuan in (("2026年低收入劳动模范生活补助", 130, 1_360_000),
                                ("2026年特困劳动模范专项补助", 115, 570_000)):
        p = b.programme(name, "model_worker", D(YEAR, 5, 1), D(YEAR, 6, 30), total_yuan + 100_000,
                        model_workers=True, period="全年", default_amount_fen=total_yuan * 100 // n)
        picks = b.rng.sample(model, min(len(model), ctx.scaled(n)))
        if picks:
            amounts = _split(round(total_yuan * 100 * len(picks) / n), len(picks))
            made, _b = b.paid_programme(p, picks, amounts, _at(D(YEAR, 5, 10)), D(YEAR, 6, 10),
                                        over_yearly_cap=lambda m: True,
                                        cap_note="超过年度上限 5,000.00 元，经复核同意发放")
            summary[name] = len(made)

    # Open now: winter warmth for hardship households and serious illness relief, waiting for review.
    open_warmth = b.programme("2026年冬送温暖", "winter_warmth", D(YEAR, 11, 1), D(YEAR + 1, 1, 31), 1_500_000,
                              state="open", hardship_categories=["deep", "relative", "accident"],
                              default_amount_fen=100_000, period="冬季")
    picks = b.pick(ctx.scaled(60), lambda m: m["pk"] in b.categories or m["is_migrant_worker"], prefer_files=True)
    b.applications(open_warmth, picks, [100_000] * len(picks), [S.SUBMITTED] * len(picks), _at(D(YEAR, 11, 5)),
                   reason="家庭困难，申请冬季送温暖")
    b.programme("2026年职工大病救助", "serious_illness", D(YEAR, 1, 1), D(YEAR, 12, 31), 2_000_000, state="open",
                any_member=True, default_amount_fen=500_000, per_person_limit_fen=500_000,
                required_attachments=["diagnosis"], period="全年")
    ctx.log(f"assistance: {summary['student_aid']['students']:,} students, {summary['visits']['households']} "
            f"households and {summary['visits']['enterprises']} enterprises visited")
    return summary


def _scaled_to(amounts, target):
    """`amounts` scaled so they add up to about `target` (never above the rule, see the caller)."""
    total = sum(amounts) or 1
    return [max(100, round(a * target / total / 100) * 100) for a in amounts]


def _visits(b, p):
    """126 enterprises and 426 households, 137 万元 (scaled), from the county federations."""
    ctx = b.ctx
    n_ent, n_house = ctx.scaled(126), ctx.scaled(426)
    total = round(1_370_000 * 100 * (n_ent + n_house) / (126 + 426))
    ent_amounts = [b.rng.randrange(40, 81) * 10_000 for _ in range(n_ent)]
    house_total = max(total - sum(ent_amounts), n_house * 50_000)
    house_amounts = _split(house_total, n_house)
    grassroots = list(Union.objects.filter(kind=UnionKind.GRASSROOTS, status=UnionStatus.ACTIVE,
                                           employer__isnull=False).order_by("path").values("path", "employer_id"))
    employers = dict(Employer.objects.filter(pk__in=[g["employer_id"] for g in grassroots]).values_list("pk", "name"))
    county_of = {c.path: c for c in b.counties}
    visits, drawn = [], {}
    for g, fen in zip(b.rng.sample(grassroots, min(len(grassroots), n_ent)), ent_amounts, strict=False):
        union = county_of.get(g["path"][:8], b.root)
        visits.append(Visit(programme=p, union=union, budget=b.budget_for(p, union.path), target="enterprise",
                            employer_id=g["employer_id"], visited_name=employers[g["employer_id"]],
                            visited_on=D(YEAR, 1, 1) + datetime.timedelta(days=b.rng.randrange(45)), amount_fen=fen,
                            goods="米、油、慰问信", participants="市总工会领导、县总工会领导", created_by=b.rights))
    houses = b.pick(n_house, prefer_files=True)
    for m, fen in zip(houses, house_amounts, strict=False):
        union = county_of.get(m["union_path"][:8], b.root)
        visits.append(Visit(programme=p, union=union, budget=b.budget_for(p, union.path), target="household",
                            member_id=m["pk"], visited_name=m["name"],
                            visited_on=D(YEAR, 1, 1) + datetime.timedelta(days=b.rng.randrange(45)), amount_fen=fen,
                            goods="米、油", participants="县总工会帮扶中心", created_by=b.rights))
    Visit.objects.bulk_create(visits, batch_size=1000)
    for v in visits:
        drawn[v.budget.pk] = drawn.get(v.budget.pk, 0) + v.amount_fen
    b.commit(p, drawn)
    return {"enterprises": sum(v.target == "enterprise" for v in visits),
            "households": sum(v.target == "household" for v in visits), "fen": sum(v.amount_fen for v in visits)}

