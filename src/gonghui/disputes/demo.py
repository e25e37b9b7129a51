"""Demo labour disputes: enterprise mediation committees (chair from the union, both sides'
representatives) in the first firms with a union, a township body and a union mediation office
(诉调对接) in each county, 200 disputes spread over every state with their deadlines counted by the
rulebook (some mediations past their 15 days, some awards extended, final and non-final awards),
court referrals reported back or not yet, and 30 employers on the watch list with signals, a
score and level each, owners and actions (a few with arrears above half their registered
capital)."""

from datetime import timedelta

from django.utils import timezone

from gonghui.core.demo import demo_step
from gonghui.orgs.models import Employer, Union
from gonghui.rules import deadlines

from . import rules, warning
from .models import (
    MONEY_CLAIMS,
    CourtReferral,
    Dispute,
    MediationBody,
    MediationMember,
    SignalEntry,
    Watch,
    WatchAction,
)

TOTAL = 200
WATCHED = 30
CLAIMS = ["wages"] * 5 + ["compensation"] * 2 + ["injury", "damages", "working_time", "social_insurance",
                                                  "dismissal", "other"]
TEXTS = {"wages": "拖欠工资及加班费", "compensation": "解除劳动合同经济补偿", "injury": "工伤医疗费报销",
         "damages": "违法解除劳动合同赔偿金", "working_time": "加班时长超标、未安排调休",
         "social_insurance": "未足额缴纳社会保险费",
         "dismissal": "要求撤销解除劳动合同决定", "other": "确认劳动关系"}
ACTIONS = ["约谈企业负责人，督促制定欠薪清偿计划", "联合人社部门现场核查工资发放", "指导企业工会召开职工代表座谈会",
           "协调法院开通诉调对接绿色通道", "走访职工了解社保缴纳情况"]


@demo_step(order=72)
def build(ctx):
    """Mediation bodies, 200 disputes in every state, court referrals and a watch list of 30 employers."""
    staff = ctx.users.get("rights") or ctx.users.get("city")
    if staff is None:
        return {}
    today = timezone.localdate()
    firms = list(Union.objects.filter(kind="grassroots", employer__isnull=False, status="active")
                 .select_related("employer", "employer__region").order_by("path")[:60])
    if not firms:
        ctx.log("no grassroots union with an employer: no disputes")
        return {}
    bodies, offices = _bodies(ctx, firms, staff)
    disputes = _disputes(ctx, firms, bodies, offices, staff, today)
    watched = _watch(ctx, firms, staff, today)
    ctx.log(f"{len(bodies)} mediation committees, {len(disputes)} disputes, {watched} employers watched")
    return {"bodies": len(bodies) + len(offices), "disputes": len(disputes), "watched": watched}


def _bodies(ctx, firms, staff):
    bodies = MediationBody.objects.bulk_create([
        MediationBody(union=u, kind="enterprise", name=f"{u.employer.name}劳动争议调解委员会", employer=u.employer,
                      created_by=staff) for u in firms[:15]])
    members = []
    for b, u in zip(bodies, firms[:15], strict=True):
        members += [MediationMember(body=b, name=u.chair_name or ctx.fake.name(), side="workers", is_chair=True,
                                    from_union=True, title="工会主席"),
                    MediationMember(body=b, name=ctx.fake.name(), side="workers", from_union=True, title="职工代表"),
                    MediationMember(body=b, name=ctx.fake.name(), side="employer", title="人力资源部经理")]
    offices = []
    for _code, county in sorted(ctx.counties.items()):
        offices.append(MediationBody(union=county, kind="union", name=f"{county.name}劳动争议调解工作室",
                                     created_by=staff, phone="12351"))
    offices = MediationBody.objects.bulk_create(offices)
    for o in offices:
        members += [MediationMember(body=o, name=ctx.fake.name(), side="neutral", is_chair=True, from_union=True,
                                    title="工会法律顾问"),
                    MediationMember(body=o, name=ctx.fake.name(), side="neutral", title="特邀调解员")]
    MediationMember.objects.bulk_create(members)
    return bodies, offices


def _disputes(ctx, firms, bodies, offices, staff, today):
    """TOTAL disputes, the states in turn; dates lie in the past so every deadline is a real count."""
    rng = ctx.rng
    states = list(Dispute.State.values)
    by_employer = {b.employer_id: b for b in bodies}
    office_of = {o.union.path: o for o in offices}
    rows, referrals = [], []
    for n in range(TOTAL):
        state = states[n % len(states)]
        u = firms[n % len(firms)]
        e = u.employer
        region = e.region_id
        claim = rng.choice(CLAIMS)
        body = by_employer.get(e.pk)
        office = next((o for p, o in office_of.items() if u.path.startswith(p)), None)
        referred = body is None and office is not None and n % 4 == 0
        # a mediating case is recent (half still within 15 days); the later the state, the older the case
        back = {"mediating": rng.choice([3, 6, 10, 25, 40])}.get(state, rng.randint(60, 300))
        received = today - timedelta(days=back)
        event = received - timedelta(days=rng.randint(5, 60))
        workers = 12 if n % 23 == 0 else rng.choice([1, 1, 1, 2, 3])
        amount = rng.randint(3_000, 60_000) * 100 * workers
        d = Dispute(union=office.union if referred else u, number=f"LD{received.year}-D{n + 1:05d}",
                    body=office if referred else body, employer=e, worker_name=ctx.fake.name(), workers=workers,
                    claim=claim, claim_text=TEXTS[claim], amount_fen=amount, event_on=event, knew_on=event,
                    employed=claim == "wages" and n % 3 == 0, state=state, handler=staff, created_by=staff)
        if not d.employed:
            d.employment_ended_on = event
        med = rules.mediation(received, region)
        d.received_on, d.mediation_due_on, d.mediation_rule = received, med.on, med.text
        if state == "agreed" or state == "closed" and n % 2 == 0:
            d.agreed_on = min(received + timedelta(days=rng.randint(3, 12)), today)
            d.agreement_stamped, d.agreement_text = True, f"用人单位同意支付{TEXTS[claim]}"
            d.agreement_fen = amount * 8 // 10
            d.pay_by = d.agreed_on + timedelta(days=10)
            if state == "closed":  # paid and closed, never after today (a closing records the past)
                d.paid_on = d.closed_on = min(d.pay_by, today)
        elif state not in ("mediating",):
            d.outcome = "用人单位不同意调解方案"
        if state in ("applied", "accepted", "not_accepted", "awarded") or (state == "closed" and n % 2):
            applied = received + timedelta(days=20)
            acc = rules.accept(applied, region)
            d.applied_on, d.accept_due_on, d.commission = applied, acc.on, f"{e.region.name}劳动人事争议仲裁委员会"
            if state == "applied":
                d.applied_on = today - timedelta(days=rng.randint(1, 4))
                d.accept_due_on = rules.accept(d.applied_on, region).on
        if state in ("accepted", "awarded") or (state == "closed" and n % 2):
            d.accepted_on = d.applied_on + timedelta(days=3)
            if state == "accepted":
                d.accepted_on = today - timedelta(days=rng.randint(5, 50))
            aw = rules.award(d.accepted_on, region)
            d.award_due_on, d.award_rule = aw.on, aw.text
            if state == "accepted" and n % 3 == 0:  # the chair extended it once
                ext = rules.award_extension(aw.on, region, aw.on)
                d.award_due_on, d.award_extended, d.extension_reason = ext.on, True, "案情复杂，经仲裁委主任批准延期"
                d.award_rule = f"{aw.text}；已延期一次：{ext.text}"
        if state in ("awarded",) or (state == "closed" and n % 2):
            d.awarded_on = min(d.accepted_on + timedelta(days=rng.randint(20, 40)), today)
            fin = rules.finality(claim, amount, region, d.awarded_on)
            worker, employer = rules.court(d.awarded_on, fin.final, region)
            d.final, d.final_rule = fin.final, fin.text
            d.worker_court_due_on, d.employer_court_due_on = worker.on, employer.on
            d.court_rule = worker.text if worker is employer else f"{worker.text}；{employer.text}"
            d.outcome = "裁决用人单位支付部分请求金额"
            if state == "closed":  # closed once the time to go to court ran out, or today if sooner
                d.closed_on = min(worker.on, today)
        if state == "closed" and not d.closed_on:
            d.closed_on = d.paid_on or min(received + timedelta(days=30), today)
        if state == "withdrawn":
            d.closed_on, d.outcome = received + timedelta(days=5), "职工撤回调解申请"
        rows.append(d)
        if referred:
            report = rules.referral_report(received, region)
            done = state != "mediating"
            referrals.append((d, CourtReferral(
                union=office.union, court=f"{office.union.region.name}人民法院",
                court_case=f"({received.year})湘诉前调{n + 1}号",
                referred_on=received, report_due_on=report.on, created_by=staff,
                outcome={"agreed": "agreed", "closed": "agreed", "withdrawn": "withdrawn"}.get(state, "failed")
                if done and n % 3 else "pending",
                reported_on=received + timedelta(days=20) if done and n % 3 else None,
                report_note="已将调解结果书面反馈法院" if done and n % 3 else "")))
    made = CourtReferral.objects.bulk_create([r for _d, r in referrals])
    for (d, _r), r in zip(referrals, made, strict=True):
        d.referral = r
    Dispute.objects.bulk_create(rows)
    for d in rows:
        _track_open(d)
    for r in made:
        if r.reported_on is None:
            deadlines.track(r, kind="referral_report", started_on=r.referred_on, due_on=r.report_due_on,
                            union=r.union, responsible=staff, title=f"向{r.court}反馈{r.court_case}调解结果",
                            url=f"/disputes/{r.dispute.pk}/")
    return rows


def _track_open(d):
    url = f"/disputes/{d.pk}/"
    common = {"union": d.union, "responsible": d.handler, "url": url}
    if d.state == "mediating":
        deadlines.track(d, kind="dispute_mediation", started_on=d.received_on, due_on=d.mediation_due_on,
                        title=f"{d.number}调解期限届满", **common)
    elif d.state == "applied":
        deadlines.track(d, kind="dispute_accept", started_on=d.applied_on, due_on=d.accept_due_on,
                        title=f"{d.number}待决定是否受理", **common)
    elif d.state == "accepted":
        deadlines.track(d, kind="dispute_award", started_on=d.accepted_on, due_on=d.award_due_on,
                        title=f"{d.number}仲裁裁决期限", **common)
    elif d.state == "awarded":
        deadlines.track(d, kind="dispute_court", started_on=d.awarded_on, due_on=d.worker_court_due_on,
                        title=f"{d.number}对裁决起诉的最后一日", **common)
    elif d.state == "agreed" and d.claim in MONEY_CLAIMS and d.pay_by:
        deadlines.track(d, kind="dispute_payment", started_on=d.agreed_on, due_on=d.pay_by,
                        title=f"{d.number}调解协议履行期限", **common)
    if d.applied_on is None and d.state in ("mediating", "unresolved"):
        bar = rules.time_bar(d)  # the demo records no interruptions
        if bar.on is not None:
            deadlines.track(d, kind="dispute_time_bar", started_on=bar.start, due_on=bar.on,
                            rule=bar.ruling.name, n=int(bar.ruling.value), unit=bar.ruling.unit,
                            title=f"{d.number}申请仲裁的时效届满", **common)


def _watch(ctx, firms, staff, today):
    """WATCHED employers with signals in the last weeks: each reaches yellow at least."""
    rng = ctx.rng
    employers = [u.employer for u in firms[:WATCHED]]
    if len(employers) < WATCHED:
        employers += list(Employer.objects.exclude(pk__in=[e.pk for e in employers]).select_related("region")
                          .order_by("pk")[:WATCHED - len(employers)])
    unions = {u.employer_id: u for u in firms}
    entries = []
    for i, e in enumerate(employers):
        u = unions.get(e.pk) or warning.responsible_union(e)
        if u is None:
            continue
        codes = ["layoff"] + rng.sample(["wage_arrears", "social_insurance_arrears", "boss_unreachable", "layoff"],
                                        k=i % 3)
        for code in codes:
            arrears = code == "wage_arrears"
            entries.append(SignalEntry(union=u, employer=e, code=code, count=rng.randint(1, 2) if not arrears else 1,
                                       amount_fen=rng.randint(20, 300) * 10_000_00 if arrears else 0,
                                       on=today - timedelta(days=rng.randint(1, 60)), created_by=staff,
                                       note={"wage_arrears": "职工反映拖欠两个月工资", "layoff": "企业拟裁员",
                                             "social_insurance_arrears": "社保欠费三个月",
                                             "boss_unreachable": "法定代表人联系不上"}[code]))
    SignalEntry.objects.bulk_create(entries)
    warning.assess(employers, on=today, acting_user=staff)
    watches = list(Watch.objects.filter(employer__in=employers).order_by("pk"))
    acts = []
    for i, w in enumerate(watches):
        w.owner = staff if i % 2 == 0 else None
        if w.arrears_fen:
            w.registered_capital_fen = w.arrears_fen * (1 if i % 2 else 4)  # half of them above 50%
        acts += [WatchAction(watch=w, on=today - timedelta(days=rng.randint(0, 20)), text=rng.choice(ACTIONS), by=staff)
                 for _ in range(i % 3)]
    Watch.objects.bulk_update(watches, ["owner", "registered_capital_fen"])
    WatchAction.objects.bulk_create(acts)
    return len(watches)
