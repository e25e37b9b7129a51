"""Demo 志愿服务: the city federation's seven volunteer groups that go into the communities
(seed 002: 小花社区, 黄泥塘社区 …, one group a week) and the 红马甲 who help older passengers at
the bus stops (seed 000), with their volunteers, this year's weekly activities (events with
check-in) and each volunteer's checked-out hours, so the star levels and the year's figures
have rows behind them. Past activities are written in bulk; the coming one through the service."""

from datetime import timedelta

from django.utils import timezone

from gonghui.core.demo import demo_step
from gonghui.events.models import Event, Registration
from gonghui.members.models import Member

from . import services
from .models import Activity, Shift, Team, Volunteer

COMMUNITIES = ["小花社区", "黄泥塘社区", "石塘社区", "月塘社区", "大汉社区", "万宝社区", "春园社区"]
SERVICES = ["慰问帮扶和卫生清扫", "关爱困难职工上门走访", "文明劝导", "社区环境清扫"]
STOPS = ["火车站公交站", "解放路公交站", "中心医院公交站", "船山大道公交站"]  # after the city name: 衡阳市中心医院…


@demo_step(order=93)
def build(ctx):
    """Eight volunteer teams, their volunteers, a year of activities with hours."""
    year_start = timezone.localtime().replace(month=1, day=1, hour=9, minute=0, second=0, microsecond=0)
    staff = ctx.users["publicity"]  # 宣教部 runs volunteer service
    rng = ctx.rng
    pool = list(Member.objects.in_good_standing().filter(union_path__startswith=ctx.root.path)
                .order_by("number")[:160])
    if len(pool) < 40:
        ctx.log("too few members for volunteer teams")
        return {}
    teams = [services.create_team(acting_user=staff, union=ctx.root, name=f"市总工会志愿帮扶第{i + 1}小组",
                                  kind=Team.Kind.COMMUNITY, area=c, leader=ctx.fake.name())
             for i, c in enumerate(COMMUNITIES)]
    teams.append(services.create_team(acting_user=staff, union=ctx.root, name="公交站点“红马甲”志愿服务队",
                                      kind=Team.Kind.TRANSPORT, area="、".join(STOPS), leader=ctx.fake.name()))
    login = Member.objects.filter(user__username="member").first()
    members_of = {}
    for i, t in enumerate(teams):
        chosen = pool[i * 15: i * 15 + 15] if i * 15 + 15 <= len(pool) else rng.sample(pool, 12)
        if i == 0 and login is not None and login not in chosen:
            chosen = [login] + chosen[:-1]
        members_of[t.pk] = chosen
    Volunteer.objects.bulk_create([Volunteer(team=t, member=m, joined_on=timezone.localdate() - timedelta(days=300))
                                   for t in teams for m in members_of[t.pk]])
    now = timezone.now()
    city = ctx.root.region.name  # places read as addresses: 衡阳市小花社区, 衡阳市火车站公交站

    weeks = max(1, min(45, (now - year_start).days // 7 - 1))
    plans = []  # (team, event)
    for w in range(weeks):
        t = teams[w % len(COMMUNITIES)]  # one community group a week (seed 002)
        start = year_start + timedelta(weeks=w, days=5)
        plans.append((t, Event(union=ctx.root, title=f"{t.area}志愿帮扶（第{w + 1}周）", place=f"{city}{t.area}",
                               starts_at=start, ends_at=start + timedelta(hours=3),
                               signup_opens_at=start - timedelta(days=7), signup_closes_at=start, capacity=15,
                               created_by=staff)))
    rt, day = teams[-1], year_start + timedelta(hours=-1)  # 8:00, before the morning rush
    while day < now - timedelta(days=1):  # the 红马甲 on duty at a stop every working morning (seed 000)
        if day.weekday() < 5:
            stop = STOPS[day.toordinal() % len(STOPS)]
            plans.append((rt, Event(union=ctx.root, title=f"{stop}“红马甲”助老乘车", place=f"{city}{stop}",
                                    starts_at=day, ends_at=day + timedelta(hours=4),
                                    signup_opens_at=day - timedelta(days=7), signup_closes_at=day, capacity=4,
                                    created_by=staff)))
        day += timedelta(days=1)
    events = Event.objects.bulk_create([e for _t, e in plans])
    acts = Activity.objects.bulk_create([
        Activity(team=t, event=e, service=SERVICES[i % len(SERVICES)] if t.kind == Team.Kind.COMMUNITY
                 else "帮助老年乘客扫码乘车") for i, ((t, _e), e) in enumerate(zip(plans, events, strict=True))])
    regs, rows = [], []
    for a, e in zip(acts, events, strict=True):
        k = 4 if a.team_id == rt.pk else rng.randint(5, 10)
        went = rng.sample(members_of[a.team_id], min(len(members_of[a.team_id]), k))
        for m in went:
            regs.append(Registration(event=e, member=m, state=Registration.State.ATTENDED,
                                     registered_at=e.signup_opens_at,
                                     attended_at=e.starts_at + timedelta(minutes=rng.randint(0, 20)),
                                     checked_in_by=staff))
        e.seats_taken = len(went)
    Event.objects.bulk_update(events, ["seats_taken"])
    regs = Registration.objects.bulk_create(regs)
    by_event = {a.event_id: a for a in acts}
    for r in regs:
        a = by_event[r.event_id]
        out = r.event.ends_at - timedelta(minutes=rng.randint(0, 30))
        start = max(r.attended_at, r.event.starts_at)
        rows.append(Shift(activity=a, member=r.member, registration=r, checked_in_at=r.attended_at,
                          checked_out_at=out, minutes=int((out - start).total_seconds() // 60),
                          year=timezone.localtime(start).year, recorded_by=staff))
    Shift.objects.bulk_create(rows)
    # the coming week's activity of the first group, open for sign-up: at 9:00 like the others
    coming = (timezone.localtime(now) + timedelta(days=6)).replace(hour=9, minute=0, second=0, microsecond=0)
    services.create_activity(teams[0], acting_user=staff, title=f"{teams[0].area}志愿帮扶（下周）",
                             service=SERVICES[0], place=f"{city}{teams[0].area}", starts_at=coming,
                             ends_at=coming + timedelta(hours=3), capacity=15)
    ctx.log(f"志愿服务: {len(teams)} teams, {len(acts) + 1} activities, {len(rows)} shifts")
    return {"teams": len(teams), "activities": len(acts) + 1, "shifts": len(rows)}
