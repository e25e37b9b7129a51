"""Demo rights protection: a year of workers' requests on the scale of a city 12351 hotline
(about 3,600 at full size: mostly closed on time, a few closed late, some still open and overdue
and escalated to the union above), two of them the demo login `member`'s own; a roster of union
lawyers and legal-aid volunteers per county; and legal-aid cases in every state.

Seed 001: 12351 and the 工会法律援助 for workers in hardship and new-economy workers; Shandong's
2025 figures (on-time closure and satisfaction both at about 99%) set the mix. Rows are written in
bulk with the same deadlines the services count (rights.rules, the holiday calendar)."""

import datetime
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from gonghui.core.demo import demo_step
from gonghui.members.models import Member
from gonghui.orgs.models import Employer, Union
from gonghui.rules import days
from gonghui.rules.models import Deadline

from . import rules
from .models import AidProvider, LegalAidCase, Request

REQUESTS = 3600
TOPICS = [("wages", 30), ("contract", 15), ("insurance", 14), ("injury", 10), ("dismissal", 10), ("rest", 8),
          ("safety", 4), ("union", 3), ("other", 6)]
KINDS = [("consult", 45), ("solve", 45), ("opinion", 10)]
CLASSES = [("ordinary", 80), ("difficult", 15), ("complex", 5)]
STORIES = {
    "wages": ("{e}拖欠{n}个月工资，多次讨要未果。",
             "约谈{e}负责人，督促制定补发计划并跟踪落实。",
             "企业已补发拖欠工资。"),
    "contract": ("入职{n}个月，{e}仍未签订书面劳动合同。",
                "指导职工依法主张二倍工资差额，协调企业补签合同。",
                "企业已补签劳动合同。"),
    "insurance": ("{e}未为职工缴纳社会保险已{n}个月。",
                 "联系人社部门核实，督促企业补缴。",
                 "企业已补缴社会保险。"),
    "injury": ("在{e}工作时受伤，单位不配合工伤认定。",
              "协助职工申请工伤认定，提供法律咨询。",
              "工伤认定申请已受理。"),
    "dismissal": ("{e}未提前通知即解除劳动合同，未支付经济补偿。",
                 "约谈企业，依法协商经济补偿。",
                 "双方就经济补偿达成一致。"),
    "rest": ("{e}长期安排加班不支付加班费，每月休息不足{n}天。",
            "向企业宣讲工时制度，督促整改。",
            "企业已调整排班并支付加班费。"),
    "safety": ("{e}车间防护设施不足，存在安全隐患。",
              "会同安监部门检查，督促整改。",
              "隐患已整改。"),
    "union": ("想了解如何加入工会，{e}尚未建会。",
             "介绍入会流程，联系乡镇工会推动建会。",
             "已告知入会办法。"),
    "other": ("咨询{e}相关劳动政策。",
             "电话答复政策咨询。",
             "已解答。"),
}
FACTS = ["被拖欠工资，企业拒不支付。", "工伤后企业不支付停工留薪期工资。", "被违法解除劳动合同，要求赔偿金。",
         "外卖骑手与平台合作商发生报酬争议。"]
SATISFACTION = [("satisfied", 90), ("basic", 7), ("unsatisfied", 3)]


def _pick(rng, weighted):
    return rng.choices([k for k, _w in weighted], weights=[w for _k, w in weighted])[0]


def _deal(rng, weighted, n):
    """`n` keys in the weights' proportions (largest remainder), shuffled: the mix holds at any
    size and whatever earlier steps drew from `rng` (wages stays the top topic on the board)."""
    whole = sum(w for _k, w in weighted)
    counts = {k: n * w // whole for k, w in weighted}
    for k, _w in sorted(weighted, key=lambda kw: -(n * kw[1] % whole))[: n - sum(counts.values())]:
        counts[k] += 1
    out = [k for k, _w in weighted for _i in range(counts[k])]
    rng.shuffle(out)
    return out


def _routes(ctx):
    """employer id → the union its requests go to (its own union, else its county federation)."""
    own = dict(Union.objects.filter(employer__isnull=False, status="active").order_by("-depth", "path")
               .values_list("employer_id", "pk"))
    counties = {code[:6]: u for code, u in ctx.counties.items()}
    out = {}
    for pk, region in Employer.objects.order_by("pk").values_list("pk", "region_id"):
        if pk in own:
            out[pk] = own[pk]
        elif region and region[:6] in counties:
            out[pk] = counties[region[:6]].pk
    return out


@demo_step(order=73)
def build(ctx):
    """A year of 12351 requests, a legal-aid roster per county and legal-aid cases in every state."""
    routes = _routes(ctx)
    if not routes:
        ctx.log("no employers: no workers' requests")
        return {}
    n_requests = _requests(ctx, routes)
    providers, cases = _legal_aid(ctx)
    ctx.log(f"{n_requests} workers' requests, {providers} legal-aid providers, {cases} legal-aid cases")
    return {"requests": n_requests, "providers": providers, "legal_aid_cases": cases}


def _requests(ctx, routes):
    rng, fake = ctx.rng, ctx.fake
    today = timezone.localdate()
    cal = days.current()
    unions = {u.pk: u for u in Union.objects.filter(pk__in=set(routes.values()))}
    parents = {}
    employers = dict(Employer.objects.filter(pk__in=routes).values_list("pk", "name"))
    employer_ids = sorted(routes)
    # a few employers draw many requests (the wage-arrears hot spots the early warning watches)
    hot = set(rng.sample(employer_ids, min(len(employer_ids), max(3, len(employer_ids) // 40))))
    weights = [12 if e in hot else 1 for e in employer_ids]
    staff = ctx.users.get("city")
    members = list(Member.objects.filter(union_id__in=unions, user__isnull=True)
                   .order_by("pk").values_list("pk", "name", "union_id")[:2000])
    rulings = {}
    total = ctx.scaled(REQUESTS, minimum=60)
    rows = []
    topics = _deal(rng, TOPICS, total)
    for i in range(total):
        employer_id = rng.choices(employer_ids, weights=weights)[0]
        union = unions[routes[employer_id]]
        received = today - timedelta(days=rng.randrange(0, 365))
        klass = _pick(rng, CLASSES)
        key = (klass, union.region_id)
        if key not in rulings:
            rulings[key] = rules.request_deadline(today, klass, union.region_id, cal)[1]
        ruling = rulings[key]
        due = rules.count(received, ruling, cal)
        topic, kind = topics[i], _pick(rng, KINDS)
        story, done, answer = STORIES[topic]
        name = employers[employer_id]
        r = Request(union=union, channel=rng.choice(["hotline", "hotline", "h5"]), kind=kind, topic=topic,
                    klass=klass, employer_id=employer_id, employer_name=name,
                    description=story.format(e=name, n=rng.randint(2, 6)), workers_involved=1,
                    received_on=received, due_on=due, deadline_rule=ruling.name, submitted_by=staff,
                    class_reason="" if klass == "ordinary" else "涉及多名职工或需多部门协调。")
        if topic == "wages" and rng.random() < 0.08:
            r.workers_involved = rng.randint(10, 60)  # a group claim
        if topic in ("wages", "dismissal", "contract") and kind == "solve":
            r.amount_claimed_fen = rng.randint(20, 800) * 10000 * r.workers_involved
        member = members[rng.randrange(len(members))] if members and rng.random() < 0.35 else None
        if member is not None and member[2] == union.pk:
            r.member_id, r.worker_name = member[0], member[1]
        else:
            r.worker_name = fake.name()
            r.phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        _progress(ctx, r, today, done, answer)
        if r.is_open and due < today and rng.random() < 0.8:
            if union.pk not in parents:
                parents[union.pk] = Union.objects.get_parent(union) or union
            r.escalated_to = parents[union.pk]
            r.escalated_at = timezone.make_aware(datetime.datetime.combine(due + timedelta(days=1),
                                                                           datetime.time(6, 40)))
        rows.append(r)
    _member_requests(ctx, rows, today, cal, unions)
    rows.sort(key=lambda r: (r.received_on, r.created_at))
    seq = {}
    for r in rows:
        seq[r.received_on.year] = seq.get(r.received_on.year, 0) + 1
        r.number = f"SQ{r.received_on.year}{seq[r.received_on.year]:06d}"
    Request.objects.bulk_create(rows, batch_size=1000)
    _deadlines(rows)
    return len(rows)


def _at(day, hour):
    """`day` at `hour`, but never after now (a request closed today was closed by now)."""
    return min(timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0))), timezone.now())


def _progress(ctx, r, today, done, answer):
    """Move a generated request on, as the hotline would have by today: the past ones mostly
    closed on time (a few late, a few still open past their deadline), the recent ones on the way."""
    rng = ctx.rng
    r.created_at = _at(r.received_on, 9)
    span = max(0, (min(r.due_on, today) - r.received_on).days)
    if r.due_on < today:
        roll = rng.random()
        if roll < 0.93:
            closed = r.received_on + timedelta(days=rng.randint(1, max(1, span)))
        elif roll < 0.97:
            closed = min(today, r.due_on + timedelta(days=rng.randint(1, 6)))
        else:
            closed = None  # still open: overdue
        stage = "closed" if closed else rng.choice(["accepted", "handled", "replied"])
    else:
        stage = _pick(rng, [("new", 10), ("accepted", 30), ("handled", 15), ("replied", 15), ("followed_up", 10),
                            ("closed", 20)])
        closed = None
        if stage == "closed":
            closed = min(today, r.received_on + timedelta(days=rng.randint(1, max(1, span or 1))))
    order = ["new", "accepted", "handled", "replied", "followed_up", "closed"]
    reached = order.index(stage)
    end = closed or today
    steps = [r.received_on + timedelta(days=round((end - r.received_on).days * f)) for f in (0.1, 0.6, 0.8, 0.95)]
    if reached >= 1:
        r.accepted_at = _at(steps[0], 10)
    if reached >= 2:
        r.result, r.handled_at = done, _at(steps[1], 15)
        if r.amount_claimed_fen and rng.random() < 0.75:
            r.money_recovered_fen = int(r.amount_claimed_fen * rng.choice([1, 1, 1, 0.8, 0.5]))
    if reached >= 3:
        r.reply, r.replied_on = answer, steps[2]
    if reached >= 4:
        r.followed_up_at = _at(steps[3], 16)
        r.satisfaction = _pick(rng, SATISFACTION)
    if reached >= 5:
        r.closed_on, r.closed_at = closed, _at(closed, 17)
    r.state = stage


def _member_requests(ctx, rows, today, cal, unions):
    """Two requests of the demo login `member`: one closed last month, one being handled."""
    login = Member.objects.filter(user__username="member").select_related("union", "employer", "union__employer") \
        .first()
    if login is None:
        return
    employer = login.employer or login.union.employer
    union = login.union
    for received, stage in ((today - timedelta(days=40), "closed"), (today - timedelta(days=2), "accepted")):
        due, ruling = rules.request_deadline(received, "ordinary", union.region_id, cal)
        story, done, answer = STORIES["wages" if stage == "closed" else "rest"]
        name = employer.name if employer else ""
        r = Request(union=union, channel="h5", kind="solve", topic="wages" if stage == "closed" else "rest",
                    employer=employer, employer_name=name or "（未填写）", description=story.format(e=name, n=2),
                    member=login, worker_name=login.name, received_on=received, due_on=due,
                    deadline_rule=ruling.name, submitted_by=login.user, state=stage, created_at=_at(received, 20),
                    accepted_at=_at(received + timedelta(days=1), 9))
        if stage == "closed":
            r.result, r.handled_at, r.money_recovered_fen = done, _at(received + timedelta(days=3), 15), 860000
            r.reply, r.replied_on = answer, received + timedelta(days=4)
            r.followed_up_at, r.satisfaction = _at(received + timedelta(days=5), 16), "satisfied"
            r.closed_on = min(due, received + timedelta(days=5))
            r.closed_at = _at(r.closed_on, 17)
        rows.append(r)


def _deadlines(rows):
    """The open requests' deadlines, as services.track would have stored them."""
    saved = {r.number: r.pk for r in Request.objects.filter(state__in=Request.OPEN_STATES).only("pk", "number")}
    out = []
    for r in rows:
        if r.state in Request.OPEN_STATES and r.number in saved:
            pk = saved[r.number]
            out.append(Deadline(kind="request_due", object_type="rights.request", object_id=str(pk), union=r.union,
                                union_path=r.union.path, title=f"诉求 {r.number} 待办结",
                                url=reverse("rights:detail", args=[pk]), started_on=r.received_on, due_on=r.due_on))
    Deadline.objects.bulk_create(out, batch_size=1000)


def _legal_aid(ctx):
    rng, fake = ctx.rng, ctx.fake
    today = timezone.localdate()
    cal = days.current()
    federations = [ctx.root, *[ctx.counties[k] for k in sorted(ctx.counties)]]
    providers = []
    for union in federations:
        for _i in range(3 if union is ctx.root else 2):
            providers.append(AidProvider(union=union, kind="lawyer", name=fake.name(),
                                         firm=fake.last_name() + rng.choice(["律师事务所", "律师事务所（工会服务站）"]),
                                         licence_no=f"1430{rng.randrange(10**13):013d}", phone=fake.phone_number()))
        providers.append(AidProvider(union=union, kind="volunteer", name=fake.name(), firm="职工法律援助志愿服务队"))
    AidProvider.objects.bulk_create(providers)
    by_union = {}
    for p in AidProvider.objects.order_by("pk"):
        by_union.setdefault(p.union_id, []).append(p)
    model_workers = list(Member.objects.filter(is_model_worker=True).order_by("pk")[:50])
    plain = list(Member.objects.filter(is_model_worker=False).order_by("pk")[:400])
    states = ["applied", "refused", "granted", "assigned", "served", "closed"]
    per_state = max(2, ctx.scaled(12))
    limit = None
    cases, seq = [], 0
    for state in states:
        for i in range(per_state if state != "closed" else per_state * 3):
            union = federations[1 + (seq % (len(federations) - 1))] if len(federations) > 1 else federations[0]
            if model_workers and i % 4 == 0:
                m, basis, income = model_workers[seq % len(model_workers)], "model_worker", None
                rule_text = "劳模"
            else:
                m = plain[seq % len(plain)] if plain else None
                if limit is None:
                    limit = rules.income_limit(today, union.region_id)
                income = rng.randint(80, int(limit.value) // 100) * 100
                basis = "income"
                rule_text = f"收入标准：¥{income / 100:.2f} ≤ ¥{int(limit.value) / 100:.2f}（{limit.source}）"
            seq += 1
            applied = today - timedelta(days=rng.randint(1 if state == "applied" else 20, 300))
            if state == "applied" and i % 2:
                applied = today - timedelta(days=rng.randint(12, 30))  # decision overdue
            due, ruling = rules.decision_deadline(applied, union.region_id, cal)
            amount = rng.randint(5, 80) * 100000
            c = LegalAidCase(number=f"FY{applied.year}{seq:06d}", union=union, member=m,
                             applicant_name=m.name if m else fake.name(), matter="labour",
                             facts=rng.choice(FACTS),
                             amount_claimed_fen=amount, basis=basis, income_per_head_fen=income,
                             eligibility_rule=rule_text[:300], state=state, applied_on=applied,
                             decision_due_on=due, decision_rule=f"{ruling.label}：{ruling.display}（{ruling.source}）",
                             submitted_by=ctx.users.get("county"), created_at=_at(applied, 10))
            if state != "applied":
                c.decided_at, c.decided_by = _at(min(due, applied + timedelta(days=3)), 11), ctx.users.get("city")
            if state == "refused":
                c.refusal_reason = "申请事项不属于工会法律援助范围，已告知向司法行政部门申请。"
            if state in ("assigned", "served", "closed"):
                pool = by_union.get(union.pk) or by_union.get(ctx.root.pk)
                c.provider, c.assigned_at = pool[seq % len(pool)], _at(applied + timedelta(days=5), 9)
            if state in ("served", "closed"):
                c.service = rng.choice(["advice", "documents", "mediation", "arbitration", "court"])
                c.service_note, c.served_at = "已提供法律服务。", _at(applied + timedelta(days=15), 15)
            if state == "closed":
                c.result = rng.choice(["won", "won", "partly", "settled", "settled", "lost", "advised"])
                if c.result in ("won", "partly", "settled"):
                    c.money_recovered_fen = int(amount * {"won": 1, "partly": 0.6, "settled": 0.8}[c.result])
                c.rating, c.closed_at = rng.choice([5, 5, 5, 4, 4, 3]), _at(applied + timedelta(days=18), 16)
            cases.append(c)
    LegalAidCase.objects.bulk_create(cases)
    open_cases = LegalAidCase.objects.filter(state="applied").select_related("union").order_by("pk")
    Deadline.objects.bulk_create([
        Deadline(kind="legal_aid_decision", object_type="rights.legalaidcase", object_id=str(c.pk), union=c.union,
                 union_path=c.union.path, title=f"法律援助 {c.number} 待决定",
                 url=reverse("rights:aid_detail", args=[c.pk]), started_on=c.applied_on, due_on=c.decision_due_on)
        for c in open_cases])
    return len(providers), len(cases)
