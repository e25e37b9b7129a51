"""Demo congress: the city federation's 第三次代表大会 as seed 004 reports it — 298 delegates from
every front, the work report of the outgoing (second) committee and the report of its 经费审查
委员会 — with the seats shared among the county federations and the other unions right below
the city by their members (largest remainder, at least one each).

The first plenary session has its agenda and papers, most delegates checked in (by member card
or from the list) and two motions voted under the rulebook's pass rule. The demo login `member`
is one of the delegates, so their phone shows the seat and the agenda.

298 is kept when the rulebook's local-union band for the city's membership allows it;
otherwise (a smaller demo city, or one past 300,000 members) the nearest number in the band is
used and the step's summary says so."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from gonghui.core.demo import demo_step
from gonghui.members.models import Member

from . import services
from .models import Attendance, Congress, Delegate, Document, ElectingUnit

SEED_DELEGATES = 298  # seed 004: 来自全市各条战线的298名职工代表
WORK_REPORT = ("改革创新促发展 善谋实干勇担当 团结动员广大职工为建设富裕文明绿色幸福新衡阳作出新的更大贡献"
               "——在衡阳市工会第三次代表大会上的工作报告")
AUDIT_REPORT = "衡阳市总工会第二届经费审查委员会工作报告"
AGENDA = ["听取和审议市总工会第二届委员会工作报告", "审查市总工会第二届经费审查委员会工作报告",
          "审议市总工会经费预算", "群众团体致贺词", "表决大会决议"]


@demo_step(order=72)
def build(ctx):
    """The city federation's congress (298 delegates), its first session, check-ins and motions."""
    clerk = ctx.users.get("city") or next(iter(ctx.users.values()))
    opens = timezone.localdate() - timedelta(days=1)
    plan = services.plan(ctx.root, on=opens, kind=Congress.Kind.LOCAL)
    band = plan.band
    seats = min(max(SEED_DELEGATES, band.least), band.most) if band else SEED_DELEGATES
    seats = max(seats, len(plan.units))
    congress = services.create_congress(acting_user=clerk, union=ctx.root, kind=Congress.Kind.LOCAL,
                                        title=f"{ctx.root.name}第三次代表大会", opens_on=opens, seats=seats)
    delegates = _delegates(ctx, congress, clerk, opens)
    session = services.create_session(congress, acting_user=clerk, title="第一次全体会议",
                                      starts_at=timezone.make_aware(datetime.combine(opens, time(9, 0))),
                                      place="衡阳市工人文化宫大礼堂", agenda=AGENDA)
    Document.objects.bulk_create([
        Document(session=session, kind=Document.Kind.WORK_REPORT, title=WORK_REPORT, created_by=clerk,
                 text="一、过去五年的主要工作\n二、今后五年的主要任务\n三、加强工会自身建设"),
        Document(session=session, kind=Document.Kind.AUDIT_REPORT, title=AUDIT_REPORT, created_by=clerk,
                 text="一、经费审查监督工作情况\n二、经费收支审查结果\n三、今后工作建议"),
        Document(session=session, kind=Document.Kind.BUDGET, title="衡阳市总工会经费预算（草案）", created_by=clerk,
                 text="收入、支出预算及说明。")])
    present = _check_in(ctx, session, delegates, clerk, opens)
    passed = 0
    for title in ("关于市总工会第二届委员会工作报告的决议", "关于市总工会第二届经费审查委员会工作报告的决议"):
        motion = services.add_motion(session, acting_user=clerk, title=title)
        against = ctx.rng.randint(0, 3)
        abstain = ctx.rng.randint(0, 4)
        motion = services.record_vote(motion, acting_user=clerk, votes_for=present - against - abstain,
                                      votes_against=against, abstentions=abstain)
        passed += motion.state == "passed"
    ctx.log(f"{congress.title}: {seats} delegates in {congress.units.count()} electing units, "
            f"{present} checked in, {passed} motions passed")
    return {"congresses": 1, "delegates": len(delegates), "seed_delegates": SEED_DELEGATES,
            "seats_within_band": seats == SEED_DELEGATES, "present": present, "motions_passed": passed}


def _delegates(ctx, congress, clerk, opens):
    """Each unit's seats filled from its members in good standing: about 60% front-line, at
    most one in seven managers, women drawn in proportion to the membership."""
    rng = ctx.rng
    login = Member.objects.filter(user__username="member").values_list("pk", "union_path").first()
    rows = []
    for unit in ElectingUnit.objects.filter(congress=congress).select_related("union").order_by("union__path"):
        pool = list(Member.objects.in_good_standing().filter(union_path__startswith=unit.union.path)
                    .order_by("pk").values_list("pk", flat=True)[:unit.seats * 20])
        picks = rng.sample(pool, min(unit.seats, len(pool)))
        if login and login[1].startswith(unit.union.path) and login[0] not in picks and picks:
            picks[0] = login[0]
        for i, pk in enumerate(picks):
            rows.append(Delegate(congress=congress, unit=unit, member_id=pk, elected_on=opens - timedelta(days=30),
                                 front_line=rng.random() < 0.62, manager=i % 7 == 3, created_by=clerk))
    return Delegate.objects.bulk_create(rows)


def _check_in(ctx, session, delegates, clerk, opens):
    """About 94% of the delegates checked in between 8:00 and 8:55, two in three by card."""
    rng = ctx.rng
    start = timezone.make_aware(datetime.combine(opens, time(8, 0)))
    came = [d for d in delegates if rng.random() < 0.94]
    Attendance.objects.bulk_create([
        Attendance(session=session, delegate=d, checked_in_by=clerk,
                   via=Attendance.Via.CARD if rng.random() < 0.67 else Attendance.Via.LIST,
                   checked_in_at=start + timedelta(seconds=rng.randint(0, 55 * 60)))
        for d in came])
    return len(came)
