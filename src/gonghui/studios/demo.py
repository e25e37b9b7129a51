"""Demo studios: ten 劳模(工匠)创新工作室 in the county unions, each led by a city-or-higher honour
holder (conferred in the honours registry), with this year's projects and results, funding within
the grade's amount, last year's review, two or three mentorships each (some completed with the
grade reached), and an alliance of studios across unions (seed 003's 劳模工匠人才创新工作室联盟)."""

import datetime

from django.db.models import Count
from django.utils import timezone

from gonghui.core.demo import demo_step
from gonghui.honours import services as honours
from gonghui.members.models import Member
from gonghui.orgs.models import Union

from . import services
from .models import Studio

STUDIOS = 10
FIELDS = ["数控加工", "焊接工艺", "电力检修", "物流装备", "化工安全", "机电一体化", "汽车维修", "精密测量",
          "智能仓储", "管道安装"]
PROJECTS = ["刀具寿命提升", "焊接变形控制", "带电作业工具改进", "分拣效率提升", "危化品泄漏预警", "设备故障诊断",
            "新能源车检测", "三坐标测量方法", "货位优化算法", "管道快速对口器"]


@demo_step(order=76)
def build(ctx):
    """Ten innovation studios with projects, funding, reviews and mentorships; an alliance across unions."""
    staff = ctx.users["city"]
    today = timezone.localdate()
    unions = list(Union.objects.filter(kind="grassroots", status="active").annotate(n=Count("members"))
                  .filter(n__gte=2).order_by("-n", "path")[:STUDIOS * 3])
    made, mentorships = [], 0
    for union in unions:
        if len(made) == STUDIOS:
            break
        i = len(made)
        people = list(Member.objects.in_good_standing().filter(union=union, is_model_worker=False)
                      .order_by("number")[:4])
        if len(people) < 2:
            continue
        lead, *apprentices = people
        level = "provincial" if i % 4 == 0 else "city"
        honours.confer(acting_user=staff, title="technical_expert" if i % 2 == 0 else "craftsman", level=level,
                       year=today.year - 3 - i % 3, conferring_body="湖南省人民政府" if level == "provincial"
                       else f"{ctx.root.name.removesuffix('总工会')}人民政府", member=lead,
                       source="创新工作室领办人（演示）")
        grade = Studio.Grade.PROVINCIAL if i % 4 == 0 else Studio.Grade.CITY
        s = services.create_studio(acting_user=staff, union=union, name=f"{lead.name}{FIELDS[i]}创新工作室",
                                   lead=lead, grade=grade, recognised_year=today.year - 1 - i % 3, field=FIELDS[i])
        s.members.add(*apprentices)
        for year in (today.year - 1, today.year):
            services.add_project(s, acting_user=staff, year=year, title=f"{PROJECTS[i]}（{year}）",
                                 patents=ctx.rng.randint(0, 3), saving_fen=ctx.rng.randint(5, 120) * 1_000_000,
                                 trainees=ctx.rng.randint(5, 60))
        cap = int(services.grant_rule(s, today.year).value)
        services.fund_studio(s, acting_user=staff, year=today.year, amount_fen=cap * 3 // 5,
                             purpose="设备购置和技术攻关")
        services.review_studio(s, acting_user=staff, year=today.year - 1,
                               result="excellent" if i % 3 == 0 else "passed")
        for k, a in enumerate(apprentices[: 2 + i % 2]):
            start = datetime.date(today.year - 1, 3 + k, 1)
            ms = services.start_mentorship(acting_user=staff, union=union, studio=s, mentor=lead, apprentice=a,
                                           goals=f"一年内掌握{FIELDS[i]}关键技能，取得上一级职业技能等级证书",
                                           starts_on=start, ends_on=start.replace(year=start.year + 1) -
                                           datetime.timedelta(days=1), start_grade="4")
            if k == 0:
                services.complete_mentorship(ms, acting_user=staff, result_grade="3")
            mentorships += 1
        made.append(s)
    alliance = 0
    if len({s.union_id for s in made}) >= 2:
        services.create_alliance(acting_user=staff, union=ctx.root, name=f"{ctx.root.name.removesuffix('总工会')}"
                                 "劳模工匠人才创新工作室联盟", formed_on=datetime.date(today.year, 3, 1),
                                 studios=made[:6], partners="成都市总工会")
        alliance = 1
    ctx.log(f"{len(made)} studios, {mentorships} mentorships, {alliance} alliance")
    return {"studios": len(made), "mentorships": mentorships, "alliances": alliance}
