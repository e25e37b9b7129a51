"""Demo mutual medical aid: the city's plan for this year with Hunan-style rules, about a third
of the members enrolled (seed 002: 11 万 in 住院医疗互助 and 5 万 women in the special-disease
cover of a city of some 100 万 workers), some hundreds of claims in every state, and 两癌
screening quotas of the counties with their bookings.

Rows are written in bulk with the payouts computed by the same rules as the services; the
demo logins `member` and `member2` are enrolled, and `member` has a claim to look at."""

import datetime
from datetime import timedelta

from django.utils import timezone

from gonghui.accounts.demo import clerk
from gonghui.core.demo import demo_step
from gonghui.members.bulk import write_rows
from gonghui.members.models import Member
from gonghui.orgs.models import Union

from . import payout
from .models import (
    Claim,
    CoveredDisease,
    EnrolledMember,
    Enrolment,
    Payer,
    Plan,
    ScreeningBooking,
    ScreeningQuota,
    stay_days,
)

SERIOUS = [("S01", "恶性肿瘤", 500_000), ("S02", "急性心肌梗塞", 500_000), ("S03", "脑中风后遗症", 500_000),
           ("S04", "重大器官移植术", 500_000), ("S05", "终末期肾病（尿毒症）", 500_000)]
WOMEN = [("W01", "乳腺癌", 300_000), ("W02", "宫颈癌", 300_000), ("W03", "卵巢癌", 300_000),
         ("W04", "子宫内膜癌", 300_000)]
HOSPITALS = ("南华大学附属第一医院", "南华大学附属第二医院", "衡阳市中心医院", "衡阳市中医医院", "衡阳县人民医院",
             "衡南县人民医院", "耒阳市人民医院", "常宁市人民医院")
DIAGNOSES = ("肺炎", "阑尾炎", "胆结石", "腰椎间盘突出", "骨折", "高血压", "糖尿病", "冠心病", "脑梗塞", "慢性胃炎")
ENROLLED_SHARE = 0.33
CLAIMS = 600
BATCH = 5000
ENROLLED_COLUMNS = ("enrolment_id", "plan_id", "year", "member_id", "union_id", "shares", "premium_fen")


@demo_step(order=50)
def build(ctx):
    """Mutual medical aid: the year's plan, enrolments, claims, two-cancer screening quotas and bookings."""
    rng = ctx.rng
    today = timezone.localdate()
    year = today.year
    actor = ctx.users.get("rights") or next(iter(ctx.users.values()))
    plan = Plan.objects.create(
        union=ctx.root, year=year, name="职工住院医疗互助", premium_per_share_fen=4000, max_shares=3,
        daily_allowance_fen=3000, min_days=3, max_days_per_stay=60, max_days_per_year=120, cap_per_stay_fen=180_000,
        cap_per_year_fen=360_000, note="住院3天以上，从第4天起每天30元；重大疾病、女职工特殊疾病一次性补助。",
        created_by=actor)
    CoveredDisease.objects.bulk_create(
        [CoveredDisease(plan=plan, kind="serious", code=c, name=n, lump_sum_fen=f) for c, n, f in SERIOUS]
        + [CoveredDisease(plan=plan, kind="women", code=c, name=n, lump_sum_fen=f) for c, n, f in WOMEN])
    diseases = {d.code: d for d in plan.diseases.all()}

    logins = dict(Member.objects.filter(user__username__in=("member", "member2"))
                  .values_list("user__username", "pk"))
    by_union = {}
    for pk, union_id, sex in Member.objects.order_by("pk").values_list("pk", "union_id", "sex"):
        by_union.setdefault(union_id, []).append((pk, sex))
    now = timezone.now()
    enrolments, lines = [], []
    for union_id in sorted(by_union):
        people = [p for p in by_union[union_id] if p[0] in logins.values() or rng.random() < ENROLLED_SHARE]
        if not people:
            continue
        shares = [1 if rng.random() < 0.8 else rng.randint(2, 3) for _ in people]
        payer = rng.choices(Payer.values, weights=(6, 3, 1))[0]
        enrolments.append(Enrolment(union_id=union_id, plan=plan, year=year, payer=payer, people=len(people),
                                    shares=sum(shares), total_premium_fen=sum(shares) * plan.premium_per_share_fen,
                                    created_by=actor, created_at=now))
        lines.append([(pk, sex, s) for (pk, sex), s in zip(people, shares, strict=True)])
    Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
    # COPY (executemany on SQLite): a hundred thousand model instances would cost seconds to build.
    rows = [(e.pk, plan.pk, year, pk, e.union_id, s, s * plan.premium_per_share_fen)
            for e, people in zip(enrolments, lines, strict=True) for pk, _sex, s in people]
    write_rows(EnrolledMember._meta.db_table, ENROLLED_COLUMNS, rows)
    ctx.log(f"{len(rows):,} members enrolled in mutual medical aid by {len(enrolments):,} unions")

    claims = _claims(ctx, plan, diseases, logins, actor)
    quotas, bookings = _screening(ctx, year, actor)
    return {"plan": plan.pk, "enrolled": len(rows), "enrolments": len(enrolments), "claims": claims,
            "screening_quotas": quotas, "screening_bookings": bookings}


def _at(day, rng):
    """A moment of office hours on `day`, Beijing time."""
    when = datetime.time(rng.randint(9, 16), rng.choice((0, 15, 30, 45)))
    return timezone.make_aware(datetime.datetime.combine(day, when))


def _claims(ctx, plan, diseases, logins, actor):
    """One stay each for a few hundred enrolled members, in every state of review."""
    rng, today = ctx.rng, timezone.localdate()
    start = today.replace(month=1, day=1)
    span = max(1, (today - start).days - 2)
    enrolled = list(EnrolledMember.objects.filter(plan=plan).order_by("pk")
                    .values_list("pk", "member_id", "union_id", "shares", "member__sex"))
    # the `member` login has a claim to read, and the `union` login's union a few to look after
    chair = ctx.users.get("union")
    clerk_union = chair.grants.get().union_id if chair is not None else None
    picked = [e for e in enrolled if e[1] == logins.get("member")]
    picked += [e for e in enrolled if e[2] == clerk_union][:3]
    picked += rng.sample(enrolled, min(len(enrolled), ctx.scaled(CLAIMS, minimum=40)))
    rules = payout.Rules.of(plan)
    women = [c for c in diseases if c.startswith("W")]
    serious = [c for c in diseases if c.startswith("S")]
    now = timezone.now()
    unions = Union.objects.in_bulk({e[2] for e in picked})
    out, seen = [], set()
    for pk, member_id, union_id, shares, sex in picked:
        if member_id in seen:
            continue
        seen.add(member_id)
        admitted = start + timedelta(days=rng.randrange(span))
        discharged = min(today - timedelta(days=1), admitted + timedelta(days=rng.choice((1, 2, 4, 6, 8, 10, 15,
                                                                                          21, 30, 45))))
        discharged = max(discharged, admitted)
        code = None
        if sex == "F" and rng.random() < 0.05:
            code = rng.choice(women)
        elif rng.random() < 0.05:
            code = rng.choice(serious)
        disease = diseases[code] if code else None
        result = payout.compute(rules, shares=shares, days=stay_days(admitted, discharged),
                                lump=payout.Lump(disease.name, disease.lump_sum_fen) if disease else None)
        state = rng.choices(Claim.State.values, weights=(15, 25, 10, 50))[0]
        reviewed = state != Claim.State.SUBMITTED
        # filed within a week of leaving hospital, reviewed within days, paid within two weeks; none later than now
        filed = min(now, _at(discharged + timedelta(days=rng.randint(1, 7)), rng))
        decided = min(now, filed + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 6)))
        paid = min(now, decided + timedelta(days=rng.randint(1, 14)))
        out.append(Claim(
            member_id=member_id, union_id=union_id, enrolled_id=pk, plan=plan, year=plan.year, admitted_on=admitted,
            discharged_on=discharged, hospital=rng.choice(HOSPITALS),
            diagnosis=disease.name if disease else rng.choice(DIAGNOSES), disease=disease, state=state,
            payout_fen=result.fen, paid_days=result.paid_days, allowance_fen=result.allowance_fen,
            lump_fen=result.lump_fen, explanation=result.lines, created_by=clerk(ctx, unions[union_id]),
            created_at=filed, opinion="住院病历不全，请补充出院小结" if state == Claim.State.REJECTED else "",
            reviewed_by=actor if reviewed else None, reviewed_at=decided if reviewed else None,
            paid_by=actor if state == Claim.State.PAID else None, paid_at=paid if state == Claim.State.PAID else None))
    Claim.objects.bulk_create(out, batch_size=BATCH)
    ctx.log(f"{len(out)} mutual-aid claims")
    return len(out)


def _screening(ctx, year, actor):
    """Quotas for the county federations (set by the city), and bookings of women members."""
    rng, now = ctx.rng, timezone.now()
    counties = list(Union.objects.filter(depth=2, kind="federation").order_by("path"))
    quotas, bookings = [], []
    for county in counties:
        slots = ctx.scaled(rng.choice((800, 1000, 1200, 1500)), minimum=5)
        women = list(Member.objects.filter(union_path__startswith=county.path, sex="F").order_by("pk")
                     .values_list("pk", "union_id")[:slots * 3])
        chosen = rng.sample(women, min(len(women), int(slots * rng.uniform(0.5, 0.95))))
        quota = ScreeningQuota(union=county, year=year, slots=slots, booked=0, set_by=actor, updated_at=now)
        quotas.append((quota, chosen))
    ScreeningQuota.objects.bulk_create([q for q, _c in quotas])
    results = ScreeningBooking.Result.values
    for quota, chosen in quotas:
        live = 0
        for member_id, union_id in chosen:
            state = rng.choices(ScreeningBooking.State.values, weights=(50, 40, 10))[0]
            screened = state == ScreeningBooking.State.SCREENED
            live += state != ScreeningBooking.State.CANCELLED
            # booked first, screened a few weeks later (never after today)
            screened_on = timezone.localdate() - timedelta(days=rng.randrange(1, 120)) if screened else None
            booked_at = now - timedelta(days=rng.randrange(1, 60), hours=rng.randrange(0, 8))
            if screened_on is not None:
                booked_at = _at(screened_on - timedelta(days=rng.randrange(7, 40)), rng)
            bookings.append(ScreeningBooking(
                quota=quota, year=year, member_id=member_id, union_id=union_id, state=state, booked_by=actor,
                booked_at=booked_at, screened_on=screened_on,
                result=rng.choices(results, weights=(90, 9, 1))[0] if screened else ""))
        quota.booked = live
    ScreeningBooking.objects.bulk_create(bookings, batch_size=BATCH)
    ScreeningQuota.objects.bulk_update([q for q, _c in quotas], ["booked"])
    ctx.log(f"{len(quotas)} screening quotas, {len(bookings):,} bookings")
    return len(quotas), len(bookings)
