"""Demo collective contracts (seed 001: 指导百人以上建会企业签订集体合同, 组织开展工资集体协商).

Among the demo city's unionised employers with 100 or more staff: most have a comprehensive
contract in force (some in their renewal window, with the reminder sent), some contracts
lapsed without renewal, the rest none, so the coverage page has gaps to open. Every date is
counted from the rulebook as the services count it, with its rule kept. Through the services:
a wage negotiation in progress at the employer of the demo 职代会 (its draft waiting for the
vote), a bargaining request whose answer is overdue, and a regional contract of the small firms
of that township, in force."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from gonghui.core.demo import demo_step
from gonghui.orgs.models import Union
from gonghui.rules import days, rulebook
from gonghui.rules.models import Deadline
from gonghui.wcongress.models import WorkersCongress

from . import rules, services
from .models import CollectiveContract as C

UNION_SIDE = [("刘建华", "工会主席"), ("陈晓梅", "工会副主席"), ("王立强", "一线职工代表"), ("赵红英", "技术员"),
              ("孙丽", "女职工委员会主任")]
EMPLOYER_SIDE = [("李国栋", "总经理"), ("周敏", "人力资源部经理"), ("吴海峰", "财务部经理"),
                 ("郑伟", "生产部经理"), ("黄静", "行政部经理")]


@demo_step(order=70)
def build(ctx):
    """Contracts in force, expiring and lapsed; a wage negotiation under way; a regional contract."""
    staff = ctx.users["city"]
    today = timezone.localdate()
    unions = list(Union.objects.filter(kind="grassroots", status="active", employer__isnull=False,
                                       employer__headcount__gte=int(rules.coverage_min_staff().value),
                                       employer__status="active")
                  .select_related("employer", "region").order_by("path"))
    _Rules._cache.clear()
    counts = _bulk(ctx, staff, unions, today)
    wage = _wage_in_progress(ctx, staff, today)
    overdue = _overdue_request(ctx, staff, unions, today)
    regional = _regional(ctx, staff, today)
    reminded = services.remind_renewals(today)
    ctx.log(f"collective contracts: {counts}; wage bargaining {wage}; answer overdue {overdue}; "
            f"regional {regional}; {reminded} renewal reminders")
    return {**counts, "wage_in_progress": wage, "regional": regional, "renewal_reminders": reminded}


class _Rules:
    """The rulebook's periods for one region, counted once per start date and kept with their rule."""

    _cache = {}

    def __init__(self, region):
        self.region = region

    def period(self, rule, start):
        """As ``rules.period``; the Ruling read once per rule and region (valid for any later start
        while no newer value exists, which the demo's few years of dates do not reach)."""
        key = (rule, self.region)
        ruling = self._cache.get(key)
        if ruling is None or ruling.valid_from > start:
            ruling = self._cache[key] = rulebook.value(rule, on=start, region=self.region)
        return days.deadline(start, int(ruling.value), ruling.unit), ruling


def _dated(contract, r, signed_on):
    """Fill a contract's dates from its signing day as the services would have counted them."""
    requested = signed_on - timedelta(days=60)
    reply_due, a = r.period("contracts.answer_days", requested)
    filing_due, f = r.period("contracts.filing_days", signed_on)
    filed = signed_on + timedelta(days=3)
    review_end, o = r.period("contracts.objection_days", filed)
    effective = review_end + timedelta(days=1)
    term_end = days.add_months(effective, 36) - timedelta(days=1)
    renewal_from, n = rules.renewal_window(term_end, r.region)
    contract.requested_on, contract.reply_due_on = requested, reply_due
    contract.replied_on = requested + timedelta(days=7)
    contract.draft_agreed_on = signed_on - timedelta(days=20)
    contract.signed_on, contract.filing_due_on, contract.filed_on = signed_on, filing_due, filed
    contract.review_ends_on, contract.effective_on = review_end, effective
    contract.term_start, contract.term_end, contract.renewal_from = effective, term_end, renewal_from
    contract.rules_used = {"reply_due_on": rules.used(a, requested, reply_due),
                           "filing_due_on": rules.used(f, signed_on, filing_due),
                           "review_ends_on": rules.used(o, filed, review_end),
                           "renewal_from": rules.used(n, term_end, renewal_from)}
    return contract


def _bulk(ctx, staff, unions, today):
    """In force (60%), in the renewal window (10%), lapsed (10%), none (20%)."""
    rng = ctx.rng
    made, kinds = [], []
    for i, u in enumerate(unions):
        roll = i % 10
        if roll < 2:
            continue  # no contract: a gap on the coverage page
        # days from the signing to today: the term (3 years) ends after effect (~1 month after signing)
        if roll < 8:
            back = rng.randint(60, 900)               # in force, well before expiry
        elif roll == 8:
            back = 3 * 365 - rng.randint(10, 70)      # expiring: inside the 3-month window
        else:
            back = 3 * 365 + rng.randint(60, 300)     # lapsed
        signed = today - timedelta(days=back)
        kind = C.Kind.WAGE if i % 7 == 3 else C.Kind.GENERAL
        name = "工资专项集体合同" if kind == C.Kind.WAGE else "集体合同"
        c = C(union=u, coverage=C.Coverage.SINGLE, kind=kind, title=f"{u.employer.name}{name}",
              state=C.State.IN_FORCE, requested_by=C.Side.UNION,
              request_text="要求就劳动报酬、工作时间、休息休假、劳动安全卫生等进行集体协商。",
              reply_text="同意协商。", draft_text="职工工资平均增长不低于当地工资指导线基准线；夜班津贴每班提高5元。",
              wage_increase_pct=Decimal(rng.randint(30, 80)) / 10, created_by=staff)
        made.append(_dated(c, _Rules(u.region_id), signed))
        kinds.append(u.employer_id)
    C.objects.bulk_create(made)
    through = C.employers.through
    through.objects.bulk_create([through(collectivecontract_id=c.pk, employer_id=e) for c, e in zip(made, kinds,
                                                                                                    strict=True)])
    Deadline.objects.bulk_create([
        Deadline(kind=services.RENEWAL_KIND, object_type="contracts.collectivecontract", object_id=str(c.pk),
                 union=c.union, union_path=c.union.path, title=f"集体合同期满前续订：{c.title}"[:200],
                 url=f"/collective-contracts/{c.pk}/", started_on=c.renewal_from, due_on=c.term_end,
                 rule="contracts.renewal_notice_months")
        for c in made if c.term_end >= today])
    return {"contracts": len(made), "lapsed": sum(1 for c in made if c.term_end < today),
            "expiring": sum(1 for c in made if c.renewal_from <= today <= c.term_end),
            "target_employers": len(unions)}


def _wage_in_progress(ctx, staff, today):
    """The employer of the demo 职代会 bargains its yearly wage agreement: the draft waits for the vote."""
    congress = WorkersCongress.objects.filter(kind="single").select_related("union").order_by("pk").first()
    if congress is None:
        return ""
    employer = congress.employers.get()
    start = today - timedelta(days=40)
    k = services.request_bargaining(acting_user=staff, union=congress.union, employers=[employer],
                                    title=f"{employer.name}{today.year}年度工资专项集体合同", kind=C.Kind.WAGE,
                                    requested_on=start,
                                    request_text="要求就年度职工工资增长幅度、最低工资和津贴补贴进行协商。")
    services.record_reply(k, acting_user=staff, replied_on=start + timedelta(days=6), text="同意协商，请确定代表。")
    services.set_negotiators(k, acting_user=staff, union_side=UNION_SIDE, employer_side=EMPLOYER_SIDE)
    for i, (d, summary) in enumerate([(10, "工会提出工资增长8%，企业提出4%，双方介绍测算依据。"),
                                      (20, "企业提高到5.5%，工会降至7%；夜班津贴达成一致。"),
                                      (30, "双方就工资增长6%达成一致，形成草案。")]):
        services.add_meeting(k, acting_user=staff, held_on=start + timedelta(days=d), summary=summary,
                             place="公司三楼会议室" if i % 2 == 0 else "工会活动室")
    services.agree_draft(k, acting_user=staff, agreed_on=start + timedelta(days=31),
                         text="职工工资平均增长6%；一线岗位不低于7%；夜班津贴每班30元；高温津贴按月足额发放。",
                         wage_increase_pct="6")
    return k.title


def _overdue_request(ctx, staff, unions, today):
    """A request the employer has not answered though the period has run out."""
    for u in unions:
        if not C.objects.filter(employers=u.employer).exists():
            services.request_bargaining(acting_user=staff, union=u, employers=[u.employer],
                                        title=f"{u.employer.name}集体合同", requested_on=today - timedelta(days=35),
                                        request_text="建会后首次要求签订集体合同。")
            return 1
    return 0


def _regional(ctx, staff, today):
    """A regional contract of the small firms of a township (those of the joint 职代会 if there is
    one, else the first township with two grassroots unions), in force."""
    joint = WorkersCongress.objects.filter(kind="joint").select_related("union").order_by("pk").first()
    if joint is not None:
        township, employers = joint.union, list(joint.employers.order_by("pk"))
    else:
        township, employers = None, []
        for t in Union.objects.filter(kind="township", status="active").order_by("path"):
            employers = [u.employer for u in Union.objects.filter(
                path__startswith=t.path, kind="grassroots", status="active", employer__isnull=False)
                .select_related("employer").order_by("employer__headcount", "path")[:5]]
            if len(employers) >= 2:
                township = t
                break
    if township is None or len(employers) < 2:
        return 0
    signed = today - timedelta(days=200)
    k = services.request_bargaining(acting_user=staff, union=township, employers=employers,
                                    coverage=C.Coverage.REGIONAL, title=f"{township.name}区域性集体合同",
                                    requested_on=signed - timedelta(days=60),
                                    request_text="代表辖区小微企业职工要求签订区域性集体合同。")
    services.record_reply(k, acting_user=staff, replied_on=signed - timedelta(days=50), text="企业方代表同意协商。")
    services.set_negotiators(k, acting_user=staff, union_side=UNION_SIDE[:3], employer_side=EMPLOYER_SIDE[:3])
    services.add_meeting(k, acting_user=staff, held_on=signed - timedelta(days=40),
                         summary="区域工资指导线和休息休假。")
    services.agree_draft(k, acting_user=staff, agreed_on=signed - timedelta(days=35),
                         text="区域内职工工资不低于最低工资标准的120%；每年增长不低于4%。", wage_increase_pct="4")
    C.objects.filter(pk=k.pk).update(state=C.State.APPROVED)  # voted at the joint congress before the system
    k.refresh_from_db()
    services.sign(k, acting_user=staff, signed_on=signed, term_start=signed + timedelta(days=30),
                  term_end=days.add_months(signed + timedelta(days=30), 36) - timedelta(days=1))
    services.record_filing(k, acting_user=staff, filed_on=signed + timedelta(days=5))
    services.take_effect(k, acting_user=staff, today=today)
    return len(employers)


