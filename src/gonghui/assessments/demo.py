"""Demo 六有六规范: this year's criteria; assessments of most grassroots and joint unions in
every state (passed, in rectification with tasks some of which are overdue, failed, still
with the union or the reviewer), the rest not started; the showcase unions of seed 003 (22
provincial and 14 city 示范点 at full size), published; and members' survey answers.

The `union` login's own union keeps a fresh draft, so the clerk has something to fill in."""

from datetime import timedelta

from django.utils import timezone

from gonghui.accounts.demo import clerk, reviewer
from gonghui.core.demo import demo_step
from gonghui.members.models import Member
from gonghui.orgs.models import Union

from .criteria import ensure_criteria
from .models import (
    Assessment,
    AssessmentItem,
    Criterion,
    RectificationTask,
    Showcase,
    SurveyResponse,
)
from .services import ASSESSED_KINDS, criteria_set_for, reference_date

# Shares of the assessed unions by where they stand (the rest have not started).
STANDING = (("passed", 0.40), ("rectification", 0.12), ("failed", 0.03), ("submitted", 0.10), ("draft", 0.08))
PROVINCIAL, CITY = 22, 14  # seed 003: 吉安's showcase lists
SURVEYS = 4000
REQUIREMENTS = ("补齐会员代表大会选举记录并报上级工会审批", "健全经费审查委员会，按季度公开经费收支",
                "建立职工之家活动台账，每季度至少开展一次活动", "完善厂务公开制度并上墙公示",
                "组织会员满意度测评并形成整改清单", "配齐女职工委员会委员")


def _scores(rng, criteria, level):
    """Item scores around `level` (share of the most points)."""
    return [max(0, min(c.max_score, round(c.max_score * (level + rng.uniform(-0.12, 0.08))))) for c in criteria]


def _comment(score, criterion):
    if score is None:
        return ""
    return "达标" if score >= criterion.max_score * 0.8 else "需加强"


@demo_step(order=75)
def build(ctx):
    """六有六规范 assessments, rectification tasks, showcase unions and members' satisfaction surveys."""
    rng = ctx.rng
    today = timezone.localdate()
    now = timezone.now()
    year = today.year
    ensure_criteria(year)
    criteria = {s: list(Criterion.objects.filter(year=year, criteria_set=s).order_by("sort", "code"))
                for s in ("haves", "norms")}
    clerk_user = ctx.users.get("union")
    clerk_union = clerk_user.grants.get().union_id if clerk_user is not None else None
    on = reference_date(year)

    unions = list(Union.objects.filter(kind__in=ASSESSED_KINDS, status="active").order_by("path"))
    plan = []
    for u in unions:
        r, standing = rng.random(), None
        for name, share in STANDING:
            if r < share:
                standing = name
                break
            r -= share
        if u.pk == clerk_union:
            standing = "draft"
        if standing:
            plan.append((u, standing))

    assessments = []
    for u, standing in plan:
        reviewed = standing in ("passed", "rectification", "failed")
        created = now - timedelta(days=rng.randint(40, 120))
        assessments.append(Assessment(
            union=u, year=year, criteria_set=criteria_set_for(u, on),
            state="reviewed" if reviewed else standing, outcome=standing if reviewed else "",
            created_by=clerk(ctx, u), created_at=created,
            submitted_at=created + timedelta(days=rng.randint(5, 20)) if standing != "draft" else None,
            reviewed_by=reviewer(ctx, u) if reviewed else None,
            reviewed_at=created + timedelta(days=rng.randint(25, 35)) if reviewed else None,
            review_comment={"passed": "达到六有六规范要求", "rectification": "基本达标，限期整改",
                            "failed": "多项未达标，需重新建设"}.get(standing, "")))
    Assessment.objects.bulk_create(assessments, batch_size=2000)

    level = {"passed": 0.9, "rectification": 0.72, "failed": 0.5, "submitted": 0.85, "draft": 0.8}
    items, totals = [], []
    for a, (u, standing) in zip(assessments, plan, strict=True):
        cs = criteria[a.criteria_set]
        if u.pk == clerk_union:
            items += [AssessmentItem(assessment=a, criterion=c) for c in cs]
            totals.append((a, 0, None))
            continue
        own = _scores(rng, cs, level[standing] + 0.05)
        scored = standing != "draft" or rng.random() < 0.5
        review = _scores(rng, cs, level[standing]) if a.state == "reviewed" else [None] * len(cs)
        items += [AssessmentItem(assessment=a, criterion=c, self_score=s if scored else None,
                                 statement="已按要求落实" if scored else "", reviewer_score=rv,
                                 reviewer_comment=_comment(rv, c),
                                 reviewed_by=a.reviewed_by if rv is not None else None,
                                 reviewed_at=a.reviewed_at if rv is not None else None)
                  for c, s, rv in zip(cs, own, review, strict=True)]
        totals.append((a, sum(own) if scored else 0, sum(review) if a.state == "reviewed" else None))
    AssessmentItem.objects.bulk_create(items, batch_size=5000)
    for a, own, review in totals:
        a.self_total, a.review_total = own, review
    Assessment.objects.bulk_update([t[0] for t in totals], ["self_total", "review_total"], batch_size=2000)

    # rectification tasks: one or two per assessment in rectification, set at the review with a
    # deadline after it; about half of them overdue
    first_items = {}
    for item in AssessmentItem.objects.filter(assessment__outcome="rectification").order_by("pk"):
        first_items.setdefault(item.assessment_id, []).append(item)
    tasks = []
    for a in assessments:
        if a.outcome != "rectification":
            continue
        set_on = timezone.localdate(a.reviewed_at)
        earliest = set_on + timedelta(days=15)
        for item in rng.sample(first_items[a.pk], rng.randint(1, 2)):
            overdue = rng.random() < 0.5 and earliest < today
            if overdue:
                deadline = earliest + timedelta(days=rng.randint(0, (today - earliest).days - 1))
            else:
                deadline = max(today, earliest) + timedelta(days=rng.randint(10, 60))
            state = "open" if overdue else rng.choice(("open", "open", "done"))
            done_at = a.reviewed_at + (now - a.reviewed_at) * rng.uniform(0.3, 0.9) if state == "done" else None
            tasks.append(RectificationTask(assessment=a, item=item, requirement=rng.choice(REQUIREMENTS),
                                           deadline=deadline, state=state, created_by=a.reviewed_by,
                                           created_at=a.reviewed_at, done_at=done_at,
                                           note="已整改，待验收" if state == "done" else ""))
    RectificationTask.objects.bulk_create(tasks, batch_size=2000)

    # showcases: the best passed unions, provincial first; published
    passed = sorted((a for a in assessments if a.outcome == "passed"), key=lambda a: (-a.review_total, a.union.path))
    n_prov, n_city = ctx.scaled(PROVINCIAL), ctx.scaled(CITY)
    chosen = passed[:n_prov + n_city]
    city_user = ctx.users["city"]
    showcases = [Showcase(union=a.union, year=year, level="provincial" if i < n_prov else "city",
                          citation="全省“六有六规范”工会示范点" if i < n_prov else "全市“六有六规范”工会示范点",
                          designated_by=city_user, designated_at=now, published_at=now)
                 for i, a in enumerate(chosen)]
    Showcase.objects.bulk_create(showcases)

    # survey answers from members of the assessed unions (the logins' own are left to answer)
    assessed_ids = sorted(u.pk for u, _s in plan)
    pool = list(Member.objects.filter(union_id__in=assessed_ids, user__isnull=True).order_by("pk")
                .values_list("pk", "union_id")) if assessed_ids else []
    picked = rng.sample(pool, min(len(pool), ctx.scaled(SURVEYS)))
    comments = ("", "", "", "希望多组织文体活动", "困难帮扶很及时", "经费公开可以更详细", "工会主席很负责")
    responses = []
    for pk, union_id in sorted(picked):
        base = rng.choice((3, 4, 4, 5, 5))
        stars = [max(1, min(5, base + rng.choice((-1, 0, 0, 0, 1)))) for _ in range(5)]
        responses.append(SurveyResponse(union_id=union_id, member_id=pk, year=year, comment=rng.choice(comments),
                                        created_at=now - timedelta(days=rng.randint(1, 60)),
                                        **{f"q{i}": s for i, s in enumerate(stars, start=1)}))
    SurveyResponse.objects.bulk_create(responses, batch_size=5000)
    return {"assessments": len(assessments), "not_started": len(unions) - len(assessments), "tasks": len(tasks),
            "showcases": len(showcases), "survey_responses": len(responses)}
