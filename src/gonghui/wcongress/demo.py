"""Demo 职代会: the congress of the employer of the demo login `member` (衡阳县), its delegates
(`member` among them), last year's session with its votes, 20 proposals in every state (some
replies overdue, a few recommended for the yearly “聚合力·促发展” call of seed 001), a joint
congress of small firms of the same township, and 厂务公开 items of a few employers: last
period's mostly published (some late, some still overdue), this period's to publish."""

import datetime
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from gonghui.core.demo import demo_step
from gonghui.members.models import Member
from gonghui.orgs.models import Union
from gonghui.rules import days, deadlines, rulebook

from . import rules, services
from .models import Delegate, Motion, Proposal, Session, WorkersCongress

PER_STATE = 20
TOPICS = ["改善职工食堂夜班供餐", "增设厂区班车线路", "完善高温津贴发放办法", "建设爱心母婴室", "改善车间通风降温",
          "开展技能等级认定", "增加职工体检项目", "规范加班调休制度", "建设职工书屋", "完善困难职工帮扶办法",
          "优化倒班宿舍管理", "设立劳模创新工作室", "增设户外职工休息点", "推进工资集体协商", "提高带薪年休假落实率",
          "完善安全生产奖惩", "开展职工心理健康服务", "增加停车位和充电桩", "规范劳务派遣用工", "开展师徒结对传帮带"]
DEPARTMENTS = ["人力资源部", "后勤保障部", "安全环保部", "财务部", "生产管理部", "行政办公室"]
MOTIONS = [("关于《集体合同（草案）》的决议", 0.92), ("关于《职工奖惩办法（修订）》的决议", 0.81),
           ("关于企业年度工作报告的决议", 0.95)]


@demo_step(order=68)
def build(ctx):
    """A workers' congress with delegates, votes and 120 proposals; a joint congress; 厂务公开."""
    staff = ctx.users["city"]
    login = Member.objects.filter(user__username="member").select_related("union", "union__employer").first()
    county = ctx.users["county"].grants.get().union
    # a proposal needs a proposer and two co-sponsors: a union with at least three members
    unions = (Union.objects.filter(kind="grassroots", employer__isnull=False, status="active",
                                   path__startswith=county.path).annotate(n=Count("members")).filter(n__gte=3))
    if login is not None and unions.filter(pk=login.union_id).exists():
        union = login.union
    else:
        union, login = unions.order_by("-n", "path").first(), None
    if union is None:
        ctx.log("no grassroots union with three members: no workers' congress")
        return {}
    employer = union.employer
    today = timezone.localdate()
    term_start = datetime.date(today.year - 2, 3, 1)
    congress = services.create_congress(acting_user=staff, union=union, name=f"{employer.name}第三届职工代表大会",
                                        employers=[employer], term_start=term_start, term_no=3)
    delegates = _delegates(ctx, congress, login, term_start)
    motions = _session(ctx, congress, staff, today)
    proposals = _proposals(ctx, congress, delegates, login, staff, today)
    joint = _joint(ctx, union, staff, term_start)
    published, overdue = _disclosures(ctx, union, staff, today)
    ctx.log(f"{congress.name}: {len(delegates)} delegates, {motions} motions, {proposals} proposals; "
            f"joint congress {joint}; 厂务公开 {published} published, {overdue} overdue")
    return {"delegates": len(delegates), "motions": motions, "proposals": proposals, "joint": joint,
            "disclosures_published": published, "disclosures_overdue": overdue}


def _delegates(ctx, congress, login, elected_on):
    """The union's members up to the jurisdiction's minimum (the login first); a fifth managers at most."""
    minimum, _ruling = rules.delegate_minimum(congress.staff_count, congress.region_code)
    pool = list(Member.objects.filter(union=congress.union).exclude(pk=getattr(login, "pk", None))
                .order_by("number")[:max(minimum, 3) - (1 if login else 0)])
    members = ([login] if login else []) + pool
    cap = int(rules.manager_cap(congress).value * len(members))
    rows = [Delegate(congress=congress, member=m, employer=congress.union.employer, is_manager=0 < i <= cap,
                     is_frontline=i > cap, elected_on=elected_on) for i, m in enumerate(members)]
    return Delegate.objects.bulk_create(rows)


def _session(ctx, congress, staff, today):
    total = congress.delegates.count()
    held = today - timedelta(days=200)
    q = rules.quorum(congress, on=held)
    session = Session.objects.create(congress=congress, number=1, held_on=held, place="公司职工活动中心",
                                     delegates_total=total, present=max(1, round(total * 0.93)), created_by=staff,
                                     quorum_rule=f"{q.label}：{rules.share_text(q.value)}（{q.source}）")
    share, strict, _s, _t = rules.passing(congress, on=held)
    made = []
    for title, ratio in MOTIONS:
        yes = round(session.present * ratio)
        made.append(Motion(session=session, title=title, delegates_total=total, present=session.present,
                           in_favour=yes, against=session.present - yes, abstain=0,
                           passed=days.meets(yes, total, share, strict=strict),
                           rule_text=rules.passing_text(congress, on=held), recorded_by=staff))
    Motion.objects.bulk_create(made)
    return len(made)


def _proposals(ctx, congress, delegates, login, staff, today):
    """PER_STATE proposals in each state; the login proposes one of each kind."""
    rng = ctx.rng
    now = timezone.now()
    states = list(Proposal.State.values)
    rows, cosponsors = [], []
    n = 0
    for state in states:
        for i in range(PER_STATE):
            n += 1
            proposer = delegates[0] if (i == 0 and login) else rng.choice(delegates)
            others = [d for d in delegates if d.pk != proposer.pk]
            submitted = now - timedelta(days=rng.randint(130, 200))
            topic = TOPICS[(n - 1) % len(TOPICS)]
            p = Proposal(congress=congress, number=f"{today.year}-{n:03d}", title=topic,
                         content=f"建议{topic}，具体如下：一是摸清现状；二是制定方案；三是明确时限。",
                         proposer=proposer, state=state, submitted_at=submitted)
            if state != "submitted":
                p.screened_by, p.screened_at = staff, submitted + timedelta(days=7)
            if state == "not_filed":
                p.refusal_reason = "属于个人诉求，不属于职代会提案范围，已转工会信访渠道办理。"
            if state in ("assigned", "replied", "evaluated"):
                p.department = rng.choice(DEPARTMENTS)
                # half of the assigned ones were sent out more than the reply period ago: overdue
                if state == "assigned":
                    back = rng.randint(100, 125) if i % 2 == 0 else rng.randint(10, 60)
                else:  # replied (10-50 days later), evaluated and recommended since: all in the past
                    back = rng.randint(70, 120)
                p.assigned_at = now - timedelta(days=back)
            if state in ("replied", "evaluated"):
                p.reply = f"经研究，{p.department}将于本季度内落实：{p.title}。"
                p.reply_signed_by = ctx.fake.name()
                p.replied_at = p.assigned_at + timedelta(days=rng.randint(10, 50))
            if state == "evaluated":
                p.satisfaction = rng.choice(["satisfied", "satisfied", "basic", "unsatisfied"])
                p.evaluated_at = p.replied_at + timedelta(days=3)
                if i < 4:
                    p.recommended_at, p.recommended_by = p.evaluated_at + timedelta(days=5), staff
                    p.recommend_note = "落实效果好，惠及全体一线职工，推荐参加“聚合力·促发展”优秀提案征集。"
            rows.append(p)
            cosponsors.append(rng.sample(others, 2))
    Proposal.objects.bulk_create(rows)
    through = Proposal.cosponsors.through
    through.objects.bulk_create([through(proposal_id=p.pk, delegate_id=d.pk) for p, ds in zip(rows, cosponsors,
                                                                                            strict=True) for d in ds])
    for p in rows:
        if p.state == "assigned":
            d = deadlines.track(p, kind=services.REPLY_KIND, started_on=timezone.localdate(p.assigned_at),
                                rule="wcongress.proposal_reply_months", union=congress.union,
                                title=f"答复提案{p.number}", url=f"/workers-congress/proposals/{p.pk}/")
            Proposal.objects.filter(pk=p.pk).update(due_on=d.due_on)
        elif p.assigned_at:
            _n, _unit, due = deadlines.count(timezone.localdate(p.assigned_at), rule="wcongress.proposal_reply_months",
                                             region=congress.region_code)
            Proposal.objects.filter(pk=p.pk).update(due_on=due)
    return len(rows)


def _joint(ctx, union, staff, term_start):
    """A 联合职代会 of the small firms of the township above the congress's union."""
    township = Union.objects.get_parent(union)
    small = list(Union.objects.filter(path__startswith=township.path, kind="grassroots", employer__isnull=False,
                                      employer__headcount__lt=100).exclude(pk=union.pk)
                 .select_related("employer").order_by("path")[:5])
    if len(small) < 2:
        return 0
    services.create_congress(acting_user=staff, union=township, kind=WorkersCongress.Kind.JOINT,
                             name=f"{township.name}小微企业联合职工代表大会", employers=[u.employer for u in small],
                             term_start=term_start)
    return len(small)


def _disclosures(ctx, union, staff, today):
    """Last period's items of the congress's employer and a few neighbours, most published; this period's open."""
    every = int(rulebook.value("wcongress.disclosure_every_months", region=union.region_id).value)
    this_start = datetime.date(today.year, 1 + (today.month - 1) // every * every, 1)
    last_start = days.add_months(this_start, -every)
    unions = Union.objects.filter(path__startswith=Union.objects.get_parent(union).path, kind="grassroots",
                                  employer__isnull=False, status="active").order_by("path")
    published = overdue = 0
    for u in [*unions.filter(pk=union.pk), *unions.exclude(pk=union.pk)[:3]]:
        old = services.plan_disclosures(u.employer, acting_user=staff, period_start=last_start)
        services.plan_disclosures(u.employer, acting_user=staff, period_start=this_start)
        for i, d in enumerate(old):
            if i % 4 == 3:  # every fourth item still unpublished: overdue
                overdue += 1
                continue
            late = i % 5 == 1
            on = d.due_on + timedelta(days=9) if late else d.due_on - timedelta(days=ctx.rng.randint(5, 60))
            services.publish_disclosure(d, acting_user=staff, published_on=min(on, today),
                                        content=f"{d.item_name}：已在厂务公开栏和职代会上公开。",
                                        channel=ctx.rng.choice(["厂务公开栏", "职代会", "企业内网", "职工微信群"]))
            published += 1
    return published, overdue
