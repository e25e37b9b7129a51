"""Demo honours, on seed 002's figures for the demo city's year (2026):

- the 劳模 registry: 29 national, 336 provincial and 25 city 劳模 (the members tagged model workers,
  now derived from these rows), conferred in earlier years;
- the honours of 2026: 13 五一先锋集体, 14 五一先锋岗, 12 芙蓉标兵岗, 68 五一标兵, 17 芙蓉百岗明星,
  13 湖南工匠 and 60 衡阳工匠 (the seed's 娄底工匠: the demo city's own craftsmen);
- 2026's 慰问 of every 劳模, 45 万元 in all;
- the city's 2026 劳模 selection round in 公示 (one nominee on hold after an objection);
- after the assistance step: its two model-worker programmes marked as the 生活困难补助 and the
  特殊困难帮扶 (130 劳模 given 136 万元, 115 given 57 万元), so the honours report counts them.

Its own seeded random source, so the steps after it draw what they drew before.
"""

import datetime
import random

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from gonghui.accounts.models import Grant, Role, User
from gonghui.core.demo import demo_step
from gonghui.members.models import Member
from gonghui.orgs.models import Union
from gonghui.rules import days

from . import services
from .models import Honour, ModelWorkerVisit, Nomination, SelectionRound

YEAR = 2026
LEVELS = (("national", 29, "国务院", 2_000), ("provincial", 336, "湖南省人民政府", 1_150),
          ("city", 25, "衡阳市人民政府", 800))
VISIT_TOTAL_FEN = 45_000_000  # 45 万元
# (title, level, count, conferring body, person?)
YEAR_HONOURS = [
    ("may_day_pioneer_collective", "city", 13, "衡阳市总工会", False),
    ("may_day_pioneer_post", "city", 14, "衡阳市总工会", False),
    ("furong_post", "provincial", 12, "湖南省总工会", False),
    ("may_day_model", "city", 68, "衡阳市总工会", True),
    ("furong_star", "provincial", 17, "湖南省总工会", True),
    ("craftsman", "provincial", 13, "湖南省总工会", True),
    ("craftsman", "city", 60, "衡阳市人民政府", True),
]
TEAMS = ["总装车间", "检修班", "质检科", "客服中心", "调度室", "仓储班组", "安全环保部", "技术研发中心"]


def _county_union(path, cache):
    """The county federation above a member's union (the second level of the tree), cached per run."""
    key = path[:8]
    if key not in cache:
        cache[key] = Union.objects.filter(path=key).first()
    return cache[key]


@demo_step(order=35)
def build(ctx):
    """The 劳模 registry, the honours of 2026 with their 慰问, and a selection round in 公示."""
    rng = random.Random(ctx.seed + 16)
    staff = ctx.users["city"]
    root = ctx.root or Union.objects.get(depth=1)
    members = list(Member.objects.filter(union_path__startswith=root.path).in_good_standing()
                   .order_by("pk").values_list("pk", "union_id", "union_path", "is_model_worker"))
    if not members:
        return {}
    tagged = [m for m in members if m[3]]
    others = [m for m in members if not m[3]]
    need = sum(ctx.scaled(n) for _l, n, _b, _a in LEVELS)
    rng.shuffle(tagged)
    chosen = (tagged + rng.sample(others, max(0, min(len(others), need - len(tagged)))))[:need]
    rows, visits, i = [], [], 0
    for level, n, body, _amount in LEVELS:
        for m in chosen[i:i + ctx.scaled(n)]:
            rows.append(Honour(registered_with_id=m[1], member_id=m[0], title="model_worker", level=level,
                               year=rng.randrange(1995, YEAR), conferring_body=body, created_by=staff,
                               certificate_no=f"LM{rng.randrange(10**6, 10**7)}", source="劳模档案录入"))
            visits.append((m, level))
        i += ctx.scaled(n)
    used = set()
    people = [m for m in members if m[0] not in {c[0] for c in chosen}]
    rng.shuffle(people)
    grassroots = list(Union.objects.filter(path__startswith=root.path, kind="grassroots", employer__isnull=False,
                                           status="active").order_by("path").values_list("pk", "employer_id",
                                                                                         "employer__name"))
    for title, level, n, body, person in YEAR_HONOURS:
        for k in range(ctx.scaled(n)):
            if person:
                m = people.pop()
                rows.append(Honour(registered_with_id=m[1], member_id=m[0], title=title, level=level, year=YEAR,
                                   conferring_body=body, created_by=staff, source=f"{YEAR}年度表彰",
                                   certificate_no=f"{YEAR}-{title[:3].upper()}-{k + 1:03d}"))
            else:
                u = rng.choice(grassroots)
                name = f"{u[2]}{rng.choice(TEAMS)}"
                if name in used:
                    name = f"{name}{k + 1}组"
                used.add(name)
                rows.append(Honour(registered_with_id=u[0], employer_id=u[1], collective_name=name, title=title,
                                   level=level, year=YEAR, conferring_body=body, created_by=staff,
                                   source=f"{YEAR}年度表彰", certificate_no=f"{YEAR}-{title[:3].upper()}-{k + 1:03d}"))
    Honour.objects.bulk_create(rows, batch_size=1000)
    # the tag follows the registry: on for the chosen, off for any tagged member without a title
    changed = services.refresh_model_worker_tags([m[0] for m in chosen] + [m[0] for m in tagged])
    # 2026's 慰问: every 劳模 once, 45 万元 in all (the last visit takes the rounding)
    weights = {level: amount for level, _n, _b, amount in LEVELS}
    target = round(VISIT_TOTAL_FEN * min(ctx.size, 1))
    total_w = sum(weights[lv] for _m, lv in visits) or 1
    amounts = [target * weights[lv] // total_w // 100 * 100 for _m, lv in visits]
    if amounts:
        amounts[-1] += target - sum(amounts)
    counties = {}
    ModelWorkerVisit.objects.bulk_create([
        ModelWorkerVisit(member_id=m[0], union=_county_union(m[2], counties) or root, level=lv, year=YEAR,
                         visited_on=datetime.date(YEAR, 1, 10) + datetime.timedelta(days=rng.randrange(0, 25)),
                         amount_fen=max(0, a), note="春节慰问", created_by=staff)
        for (m, lv), a in zip(visits, amounts, strict=True)], batch_size=1000)
    round_summary = _round(ctx, root, rng)
    ctx.log(f"honours: {len(rows)} honours ({len(chosen)} 劳模, {changed} tags set from the registry), "
            f"{len(visits)} 劳模 visited; selection round {round_summary}")
    return {"honours": len(rows), "model_workers": len(chosen), "visits": len(visits), "round": round_summary}


def _colleague(root, username, title):
    """Another city organisation account, so each step is taken by someone else (four-eyes)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=None, kind=User.Kind.STAFF,
                                        full_name=f"{root.name}{title}")
        Grant.objects.create(user=user, union=root, role=Role.objects.get(code="organisation"), covers_subtree=True)
    return user


def _round(ctx, root, rng):
    """The city's 劳模 selection round of 2026: nominations from every county, reviewed at the county
    and the city, in 公示 now; one nominee on hold after an objection."""
    today = timezone.localdate()
    city = ctx.users["city"]
    clerk = _colleague(root, "city-clerk", "组织部（经办）")
    lead = _colleague(root, "city-lead", "组织部（审批）")
    counties = list(Union.objects.filter(path__startswith=root.path, depth=root.depth + 1, kind="federation")
                    .order_by("path"))
    if not counties:
        return "none"
    publicity_from = days.add_working_days(today, -2)
    with transaction.atomic():
        r = services.create_round(
            acting_user=city, union=root, name=f"{YEAR}年{root.name.removesuffix('总工会')}劳动模范评选", year=YEAR,
            title="model_worker", level="city", conferring_body=f"{root.name.removesuffix('总工会')}人民政府",
            nominate_until=days.add_working_days(publicity_from, -1),
            criteria="热爱祖国，爱岗敬业，在本职岗位上作出突出贡献；企业负责人须征求有关部门意见。",
            quotas=[(c, 3) for c in counties], on=today - datetime.timedelta(days=30))
    held = set(Honour.objects.filter(services.model_worker_q()).values_list("member_id", flat=True))
    made = []
    for county in counties:
        pool = list(Member.objects.filter(union_path__startswith=county.path).in_good_standing()
                    .exclude(pk__in=held).order_by("pk")[:400].values_list("pk", flat=True))
        for k, pk in enumerate(rng.sample(pool, min(3, len(pool)))):
            n = services.nominate(r, acting_user=clerk, nominated_by=county, member=Member.objects.get(pk=pk),
                                  deeds="扎根生产一线，带领班组完成技术攻关，年创效益数百万元。", sector="enterprise",
                                  is_frontline=k < 2, is_industrial_worker=k < 2, on=r.nominate_until)
            made.append(n)
    for n in made:
        services.review(n, acting_user=city, approve=True, opinion="同意推荐")
        services.review(n, acting_user=lead, approve=True, opinion="同意")
    services.start_publicity(r, acting_user=city, on=publicity_from)
    if made:
        services.raise_objection(made[0], acting_user=city, content="来信反映该同志先进事迹材料中部分数据不实。",
                                 raised_by="匿名来信", received_on=today)
    states = dict(Nomination.objects.filter(round=r).values_list("state").order_by().annotate(n=Count("pk")))
    return f"{r.name}: {states}"


@demo_step(order=46)
def schemes(ctx):
    """Mark the assistance step's model-worker programmes: 生活困难补助 and 特殊困难帮扶."""
    from gonghui.assistance.models import Programme

    from .models import HelpScheme

    marked = 0
    for p in Programme.objects.filter(kind="model_worker", year=YEAR).order_by("pk"):
        kind = "living" if "生活" in p.name else "special" if ("特困" in p.name or "专项" in p.name) else None
        if kind:
            HelpScheme.objects.get_or_create(programme=p, defaults={"kind": kind})
            marked += 1
    ctx.log(f"honours: {marked} model-worker programmes marked")
    return {"schemes": marked, "round_state": list(SelectionRound.objects.values_list("state", flat=True))}
