"""Demo competitions and 五小: this year's city skills competition (焊工) with registrations from
the county unions, five judges' sheets under the weighted theory/practice rule, the published
final ranking and its reward ladder conferred (1–5 → 市技术能手 and a grade up; 6–20 → a grade up);
seed 003's gold-industry skills-competition system (national 五一劳动奖章 5, 全国技术能手 93,
行业技术能手 372) as the national competition behind the figures page; and 五小 entries in every state."""

from decimal import Decimal

from django.utils import timezone

from gonghui.core.demo import demo_step
from gonghui.members.models import Member
from gonghui.orgs.models import Union

from . import services
from .models import Competition, Innovation, Registration, Score

CITY_ENTRANTS = 40
# seed 003: "通过技能竞赛培育产生5名全国五一劳动奖章获得者、93名全国技术能手、372名黄金行业技术能手"
SEED_003 = ((1, 5, "may_day_medal", "national"), (6, 98, "technical_expert", "national"),
            (99, 470, "technical_expert", "industry"))
INNOVATIONS = [("invention", "矿用绞车钢丝绳自动润滑装置"), ("creation", "焊缝打磨多角度夹持架"),
               ("innovation", "数控车床换刀时间缩短改造"), ("design", "物流分拣线防卡件导板"),
               ("suggestion", "夜班职工错峰就餐建议"), ("innovation", "空压机余热回收用于车间供暖"),
               ("design", "配电柜巡检二维码标识"), ("suggestion", "仓库照明分区控制节电建议"),
               ("invention", "管道焊口内壁检测小车"), ("creation", "叉车货叉防滑垫"),
               ("innovation", "冲压模具快换定位销"), ("suggestion", "班组安全交底手机打卡")]


def _people(ctx, county_paths, n, exclude=()):
    qs = (Member.objects.in_good_standing().filter(union__kind="grassroots")
          .exclude(pk__in=list(exclude)).select_related("union").order_by("number"))
    out = []
    for path in county_paths:
        out += list(qs.filter(union_path__startswith=path)[: n // len(county_paths) + 1])
    return out[:n]


@demo_step(order=75)
def build(ctx):
    """A city skills competition with its published ranking and rewards; seed 003's national figures; 五小."""
    staff = ctx.users["city"]
    root = ctx.root or Union.objects.filter(depth=1).order_by("path").first()
    counties = list(Union.objects.filter(depth=2, kind="federation").order_by("path")[:3])
    if not counties:
        ctx.log("no counties: no competitions")
        return {}
    city = _city_competition(ctx, staff, root, counties)
    national = _seed_003(ctx, staff, root, exclude=city["members"])
    innovations = _innovations(ctx, counties)
    ctx.log(f"city competition: {city['entrants']} entrants, {city['awards']} awards; seed 003: "
            f"{national} honours; 五小: {innovations}")
    return {"city_entrants": city["entrants"], "city_awards": city["awards"], "seed_003_awards": national,
            "innovations": innovations}


def _city_competition(ctx, staff, root, counties):
    year = timezone.localdate().year
    comp = services.create_competition(
        acting_user=staff, union=root, name=f"{year}年{root.name.removesuffix('总工会')}职业技能大赛（焊工）",
        kind=Competition.Kind.SKILLS, level="city", year=year, trade="焊工", scoring_rule=Competition.Rule.WEIGHTED,
        theory_weight=30, tie_rule=Competition.Tie.PRACTICE, max_age=55, rounds=["初赛", "决赛"])
    entrants = [m for m in _people(ctx, [c.path for c in counties], ctx.scaled(CITY_ENTRANTS, 8))
                if not m.birth_year or year - m.birth_year <= 55]
    regs = [services.register(comp, acting_user=staff, member=m) for m in entrants]
    # five judges: two from unions that also send entrants (they sit out those entrants: 回避)
    homes = [regs[0].union, regs[-1].union]
    others = list(Union.objects.filter(kind="industry").order_by("path")[:3]) or [root]
    judges = [services.add_judge(comp, acting_user=staff, name=ctx.fake.name(), union=u)
              for u in [*homes, *(others * 3)][:5]]
    rng = ctx.rng
    skill = {r.pk: rng.uniform(60, 95) for r in regs}
    for rnd in comp.rounds.all():
        for j in judges:
            lines = []
            for r in regs:
                if j.union_id == r.union_id:
                    continue
                base = skill[r.pk]
                lines += [(r, "theory", Decimal(str(round(min(100, max(0, base + rng.uniform(-8, 8))), 1)))),
                          (r, "practice", Decimal(str(round(min(100, max(0, base + rng.uniform(-6, 6))), 1))))]
            services.enter_scores(rnd, acting_user=staff, judge=j, lines=lines)
        services.publish_ranking(rnd, acting_user=staff)
    # a correction after publication, with its reason (recorded as a change)
    final = comp.rounds.get(is_final=True)
    s = Score.objects.filter(round=final, part="practice").order_by("pk").first()
    services.correct_score(s, acting_user=staff, value=min(comp.score_max, s.value + Decimal("2")),
                           reason="复核时发现实操第3项漏计2分，经裁判长签字更正")
    services.set_ladder(comp, acting_user=staff, steps=[
        {"place_from": 1, "place_to": 5, "title": "technical_expert", "honour_level": "city", "grade_up": True},
        {"place_from": 6, "place_to": 20, "grade_up": True}])
    awards = services.confer_rewards(comp, acting_user=staff)
    # next year's competition is open for registration
    services.create_competition(acting_user=staff, union=root, name=f"{year + 1}年{root.name.removesuffix('总工会')}"
                                "物流行业劳动竞赛", kind=Competition.Kind.LABOUR_INDUSTRY, level="city",
                                year=year + 1, trade="叉车司机", scoring_rule=Competition.Rule.TRIMMED)
    return {"entrants": len(regs), "awards": len(awards), "members": [m.pk for m in entrants]}


def _seed_003(ctx, staff, root, exclude):
    """Seed 003's competition system, its honours as rows: places 1–5 national 五一劳动奖章, 6–98
    全国技术能手, 99–470 行业技术能手 (one published ranking standing for the eleven editions), in
    seed 002's year so the honours report of that year prints both seeds' sentences."""
    from gonghui.honours.demo import YEAR

    people = list(Member.objects.in_good_standing().exclude(pk__in=exclude)
                  .select_related("union").order_by("number")[:470])
    if len(people) < 470:
        ctx.log(f"only {len(people)} members: seed 003's competition figures are not built")
        return 0
    comp = services.create_competition(
        acting_user=staff, union=root, name="全国黄金行业矿山救护工职业技能竞赛（第1—11届累计）",
        kind=Competition.Kind.SKILLS, level="national", year=YEAR, trade="矿山救护工",
        awarding_body="中华全国总工会、中国机械冶金建材工会", rounds=["决赛"])
    regs = Registration.objects.bulk_create([
        Registration(competition=comp, number=i, member=m, union=m.union, registered_by=staff)
        for i, m in enumerate(people, start=1)])
    judge = services.add_judge(comp, acting_user=staff, name="裁判组", union=root)
    rnd = comp.rounds.get()
    Score.objects.bulk_create([Score(round=rnd, registration=r, judge=judge, value=Decimal("99.9") - Decimal(i) / 5,
                                     entered_by=staff) for i, r in enumerate(regs)])
    services.publish_ranking(rnd, acting_user=staff)
    services.set_ladder(comp, acting_user=staff, steps=[
        {"place_from": a, "place_to": b, "title": t, "honour_level": lvl} for a, b, t, lvl in SEED_003])
    return len(services.confer_rewards(comp, acting_user=staff))


def _innovations(ctx, counties):
    """五小 entries entered by the county clerks, decided by the city (four eyes): every state."""
    city, county = ctx.users["city"], ctx.users.get("county") or ctx.users["city"]
    home = county.grants.first().union if county.grants.exists() else counties[0]
    year = timezone.localdate().year
    members = _people(ctx, [home.path], len(INNOVATIONS))
    made = 0
    for i, (kind, title) in enumerate(INNOVATIONS):
        m = members[i % len(members)] if members else None
        union = m.union if m else home
        inn = services.submit_innovation(acting_user=county, union=union, kind=kind, title=title, year=year,
                                         description=f"{title}：针对生产中的实际问题提出，已在班组试用。",
                                         member=m if i % 3 else None, team_name="" if i % 3 else "技术攻关小组")
        made += 1
        if i % 4 == 0:
            continue  # still to review
        if i % 4 == 1:
            services.review_innovation(inn, acting_user=city, adopt=False, note="与现行安全规程冲突，暂不采纳。")
            continue
        services.review_innovation(inn, acting_user=city, adopt=True, note="经评审采纳，在本单位推广。")
        services.claim_saving(inn, acting_user=county, amount_fen=ctx.rng.randint(2, 40) * 1_000_000)
        if i % 4 == 3:
            inn.refresh_from_db()
            services.verify_saving(inn, acting_user=city, amount_fen=inn.saving_claimed_fen * 4 // 5,
                                   award_grade=Innovation.Grade.SECOND if i < 8 else Innovation.Grade.THIRD,
                                   award_fen=200_000)
    return made
