"""Demo construction plans and 以奖代补, on the scale of seed 003: each county plans its township
职工之家 over three years (the first county 18, as 吉水县), the city plans its 爱心驿站; a 2022
programme of the city paid 1,236 万元 at full size; this year's programme has applications at
every step, waiting for inspection, approval or payment.

Runs after the positions step (order 85). Without position kinds there is nothing to plan,
and without positions nothing to subsidise: the step then skips what it cannot build."""

import datetime

from django.db.models import Count

from gonghui.accounts.demo import clerk
from gonghui.accounts.models import User
from gonghui.core.demo import demo_step
from gonghui.orgs.models import Union
from gonghui.positions.models import Position, PositionKind, PositionStatus

from . import queries
from .models import AwardSubsidy, KindCap, PositionPlan, SubsidyProgramme

YEAR = 2026
PAST = 2022
PAID_2022_FEN = 1_236_000_000  # 1,236 万元 (seed 003)
S = AwardSubsidy.State


def _kind(kinds, code, word):
    return next((k for k in kinds if k.code == code), None) or next((k for k in kinds if word in k.name), None)


def _split(total_fen, n, rng):
    """`n` amounts (whole hundreds of yuan) of varied size that add up to `total_fen` exactly."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(n)]
    scale = sum(weights)
    out = [int(total_fen * w / scale) // 10_000 * 10_000 for w in weights]
    out[-1] += total_fen - sum(out)
    return out


def _at(day, hour):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class Builder:
    def __init__(self, ctx, actor):
        self.ctx, self.rng, self.actor = ctx, ctx.rng, actor

    def inspection(self, position, score):
        standard = [f["code"] for f in position.kind.facilities or [] if isinstance(f, dict) and f.get("code")]
        return {code: self.rng.random() < (0.9 if score >= 60 else 0.4) for code in standard}

    def subsidy(self, programme, position, state, fen, day):
        """One application of `position`'s union, taken as far as `state`."""
        rng = self.rng
        requested = fen + rng.choice((0, 0, 10_000, 50_000, 100_000)) if state != S.SUBMITTED else fen
        score = rng.randint(35, 58) if state == S.REJECTED else rng.randint(66, 98)
        inspected = state != S.SUBMITTED
        decided = state in (S.APPROVED, S.PAID, S.REJECTED)
        return AwardSubsidy(
            programme=programme, position=position, union_id=position.union_id, year=programme.year,
            requested_fen=requested, state=state, created_by=clerk(self.ctx, position.union), created_at=_at(day, 9),
            statement=f"{position.name}已按{position.kind.name}建设标准完成建设，申请以奖代补资金。",
            checklist=self.inspection(position, score) if inspected else {},
            score=score if inspected else None, proposed_fen=fen if inspected else None,
            inspection_comment=(("阵地设施齐全，运行规范" if score >= 60 else "设施不全，服务未常态化")
                                if inspected else ""),
            inspected_by=self.actor if inspected else None,
            inspected_at=_at(day + datetime.timedelta(days=14), 15) if inspected else None,
            approved_fen=fen if state in (S.APPROVED, S.PAID) else None,
            opinion=("同意奖补" if state != S.REJECTED else "验收未达标") if decided else "",
            reviewed_by=self.actor if decided else None,
            reviewed_at=_at(day + datetime.timedelta(days=30), 10) if decided else None,
            paid_on=day + datetime.timedelta(days=45) if state == S.PAID else None,
            voucher_no=f"记-{programme.year}-{rng.randrange(10000):04d}" if state == S.PAID else "",
            paid_by=self.actor if state == S.PAID else None)


@demo_step(order=90)
def build(ctx):
    """Construction plans and 以奖代补: plans per county, the 2022 programme paid, this year's in progress."""
    kinds = list(PositionKind.objects.order_by("sort", "code"))
    root = ctx.root or Union.objects.filter(depth=1).order_by("path").first()
    actor = ctx.users.get("city") or User.objects.filter(is_superuser=True).order_by("pk").first()
    if not kinds or root is None or actor is None:
        return {"skipped": "no position kinds, union tree or demo login"}
    rng, b = ctx.rng, Builder(ctx, actor)
    home, station = _kind(kinds, "home", "职工之家") or kinds[0], _kind(kinds, "station", "驿站") or kinds[0]
    counties = list(Union.objects.filter(depth=2, path__startswith=root.path, kind="federation").order_by("path"))

    # Plans: the counties' township 职工之家 and the city's stations, each over three years.
    plans = [PositionPlan(union=c, kind=home, target=1, start_year=YEAR - 2, end_year=YEAR, created_by=actor,
                          note="乡镇（街道）职工之家全覆盖") for c in counties]
    plans.append(PositionPlan(union=root, kind=station, target=1, start_year=YEAR - 2, end_year=YEAR,
                              created_by=actor, note="户外劳动者爱心驿站建设"))
    for i, plan in enumerate(plans):
        done = queries.plan_progress(plan).done
        plan.target = 18 if i == 0 and done <= 18 else max(3, round(done / rng.uniform(0.55, 0.95)))
    PositionPlan.objects.bulk_create(plans)

    positions = list(Position.objects.filter(status=PositionStatus.OPEN, union__path__startswith=root.path,
                                             union__depth__gt=root.depth)
                     .select_related("kind", "union").order_by("pk"))
    if not positions:
        return {"plans": len(plans), "skipped": "no positions to subsidise"}

    # 2022: the city's programme, paid in full (a few rejected at inspection).
    n_past = min(len(positions), ctx.scaled(80, minimum=3))
    paid_total = round(PAID_2022_FEN * min(1.0, ctx.size)) // 10_000 * 10_000
    past = SubsidyProgramme.objects.create(owner=root, name=f"{PAST}年基层工会阵地建设以奖代补", year=PAST,
                                           budget_fen=paid_total + round(64_000_000 * min(1.0, ctx.size)),
                                           state=SubsidyProgramme.State.CLOSED, created_by=actor,
                                           created_at=_at(datetime.date(PAST, 3, 1), 9))
    chosen = rng.sample(positions, n_past)
    rejected = chosen[: max(1, n_past // 20)] if n_past > 3 else []
    paid = chosen[len(rejected):]
    rows = [b.subsidy(past, p, S.REJECTED, rng.randrange(5, 30) * 1_000_000, datetime.date(PAST, 4, 1))
            for p in rejected]
    rows += [b.subsidy(past, p, S.PAID, fen, datetime.date(PAST, rng.randint(4, 9), rng.randint(1, 28)))
             for p, fen in zip(paid, _split(paid_total, len(paid), rng), strict=True)]
    AwardSubsidy.objects.bulk_create(rows)
    SubsidyProgramme.objects.filter(pk=past.pk).update(committed_fen=paid_total)

    # This year: caps per kind and applications at every step.
    budget = round(1_500_000_000 * min(1.0, ctx.size)) // 10_000 * 10_000 or 10_000_000
    now = SubsidyProgramme.objects.create(owner=root, name=f"{YEAR}年基层工会阵地建设以奖代补", year=YEAR,
                                          budget_fen=budget, created_by=actor,
                                          created_at=_at(datetime.date(YEAR, 3, 1), 9))
    caps = {k.pk: (300_000_00 if k == home else 50_000_00 if k == station else 200_000_00) for k in kinds}
    KindCap.objects.bulk_create([KindCap(programme=now, kind=k, max_award_fen=caps[k.pk]) for k in kinds])
    used = set(chosen)
    pool = [p for p in positions if p not in used] or positions
    n_now = min(len(pool), ctx.scaled(40, minimum=4))
    left, rows = budget, []
    for i, p in enumerate(rng.sample(pool, n_now)):
        fen = min(caps[p.kind_id], rng.randrange(2, 30) * 1_000_000)
        state = (S.SUBMITTED, S.INSPECTED, S.APPROVED, S.PAID, S.SUBMITTED)[i % 5]
        if state in (S.APPROVED, S.PAID):
            if fen > left:
                state = S.INSPECTED
            else:
                left -= fen
        day = datetime.date(YEAR, rng.randint(4, 8), rng.randint(1, 28))
        rows.append(b.subsidy(now, p, state, fen, day))
    AwardSubsidy.objects.bulk_create(rows)
    SubsidyProgramme.objects.filter(pk=now.pk).update(committed_fen=budget - left)
    by_state = dict(AwardSubsidy.objects.filter(programme=now).values("state").annotate(n=Count("pk"))
                    .values_list("state", "n"))
    return {"plans": len(plans), f"subsidies_{PAST}": len(paid) + len(rejected), f"paid_{PAST}_fen": paid_total,
            f"subsidies_{YEAR}": by_state}
