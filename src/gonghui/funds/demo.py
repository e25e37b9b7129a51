"""Demo funds: a year (last calendar year) of monthly tax-bureau receipts for the demo city's
employers, bulk-written through the import's own writer and split into every level, with some
arrears and late payments; the 筹备金 of employers without a union; the small-firm refund listed,
checked, approved and paid by each county; and 双联 pairings with visits (seed 001)."""

import datetime

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from gonghui.accounts.demo import PASSWORD
from gonghui.accounts.models import Grant, Role, User
from gonghui.core.demo import demo_step
from gonghui.orgs.models import Employer, Union

from . import rules, services
from .models import Pairing, PairingVisit, Refund, Statement


def _finance(ctx, username, union, name):
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(username=username, password=make_password(PASSWORD), kind=User.Kind.STAFF,
                                   full_name=name)
        Grant.objects.create(user=user, union=union, role=Role.objects.get(code="finance"), covers_subtree=True)
    ctx.users[username] = user
    return user


REFUND_BANKS = ("中国工商银行", "中国农业银行", "中国建设银行", "农村商业银行")


@demo_step(order=72)
def build(ctx):
    """A year of contributions split into the ledger, arrears, small-firm refunds and 双联 visits."""
    root = ctx.root
    fin = _finance(ctx, "finance", root, "市总财务部")
    fin2 = _finance(ctx, "finance2", root, "市总财务部（复核）")
    year = timezone.localdate().year - 1
    code = root.region_id[:4]
    counties = Union.objects.filter(kind="federation", depth=root.depth + 1, path__startswith=root.path)
    founded = []
    for county in counties:
        # small firms that founded a union after the county's 双联 visits (seed 001): they qualify for the refund.
        # Each union sits under its own township's union, as every grassroots union does; a firm in a
        # township without a township union is registered in the county's first township that has one.
        towns = {u.region_id: u for u in Union.objects.filter(kind="township", path__startswith=county.path)
                 .order_by("path")}
        if not towns:
            continue
        first = next(iter(towns.values()))
        free = list(Employer.objects.with_union_flag().filter(region__code__startswith=county.region_id[:6],
                                                              headcount__lte=12, has_union=False)
                    .order_by("pk")[:ctx.scaled(15, 3)])
        for e in free:
            if e.region_id not in towns:
                e.region_id = first.region_id
                Employer.objects.filter(pk=e.pk).update(region_id=first.region_id)
            Union.objects.add_child(towns[e.region_id], dict(name=f"{e.name}工会", kind="grassroots",
                                                             region_id=e.region_id, employer=e,
                                                             founded_on=datetime.date(year - 1, 6, 1)))
            founded.append(e.pk)
    ctx.log(f"{len(founded)} small firms with a union founded after 双联 visits")
    in_city = Employer.objects.filter(region__code__startswith=code)
    employers = list(in_city.order_by("pk").values_list("pk", "region_id", "headcount")[:ctx.scaled(3000, 40)])
    # the small firms with a union of their own, so every county has refunds to decide (seed 001)
    small = in_city.filter(headcount__lte=25, unions__status="active").distinct().order_by("pk")
    chosen = {pk for pk, _r, _h in employers}
    employers += [row for row in small.values_list("pk", "region_id", "headcount")[:ctx.scaled(300, 15)]
                  if row[0] not in chosen]
    # The firms just founded pay too, at wages near the minimum (1,900-2,800 元 a head), so they
    # fall under the refund threshold and the counties have refunds whatever else the demo drew.
    chosen = {pk for pk, _r, _h in employers}
    employers += [row for row in Employer.objects.filter(pk__in=founded).order_by("pk")
                  .values_list("pk", "region_id", "headcount") if row[0] not in chosen]
    rng = ctx.rng
    low = set(founded)
    wages = {pk: max(head, 3) * (rng.randint(190_000, 280_000) if pk in low else rng.randint(380_000, 900_000))
             for pk, _r, head in employers}
    statements = ledger = owing = 0
    for month_no in range(1, 13):
        month = datetime.date(year, month_no, 1)
        st = Statement.objects.create(union=root, channel="tax", month=month,
                                      file_name=f"{month:%Y-%m}税务代收明细.xlsx", sha256="demo",
                                      created_by=fin, state=Statement.State.DONE)
        rows, totals = [], [0, 0, 0]
        due_cache = {}
        for pk, region, _head in employers:
            wage = wages[pk] + rng.randint(-50_000, 50_000)
            due = rules.half_up(rules.Fraction(wage, 50))
            roll = rng.random()
            if month_no == 12 and roll < 0.06:
                paid, received = 0, None  # still owed
            elif roll < 0.02:
                paid, received = due // 2, datetime.date(year, month_no, 28) + datetime.timedelta(days=20)
            else:
                paid, received = due, None
            key = region[:6]
            if key not in due_cache:
                due_cache[key] = rules.due_on(month, region)[0]
            if paid and received is None:
                late = rng.random() < 0.05
                received = due_cache[key] + datetime.timedelta(days=rng.randint(1, 20) if late else -rng.randint(1, 8))
            rows.append((pk, region, wage, due, paid, received, due_cache[key]))
            totals[0] += wage
            totals[1] += due
            totals[2] += paid
            owing += paid < due
        ledger += services.write_rows(st, rows, channel="tax")
        Statement.objects.filter(pk=st.pk).update(rows=len(rows), wage_total_fen=totals[0], due_total_fen=totals[1],
                                                  paid_total_fen=totals[2], finished_at=timezone.now())
        statements += 1
    ctx.log(f"{statements} statements, {len(employers) * 12:,} contributions, {ledger:,} ledger rows, {owing} owing")

    refunds = 0
    for county in counties:
        made = services.list_refunds(acting_user=fin, county=county, year=year)
        for r in made:
            # the receiving union's basic account (基本存款账户, 20 digits: no card check digit)
            services.set_refund_account(r, acting_user=fin, account_holder=r.payee.name[:60],
                                        bank_name=rng.choice(REFUND_BANKS),
                                        bank_account=f"4301{rng.randrange(10**16):016d}")
            r = services.check_refund(r, acting_user=fin)
            services.decide_refund(r, acting_user=fin2, approve=True)
        if made:
            batch = services.make_refund_batch(acting_user=fin, county=county)
            if rng.random() < 0.7:
                services.mark_batch_paid(batch, acting_user=fin2)
        refunds += len(made)
    ctx.log(f"{refunds} small-firm refunds")

    outcomes = [c for c, _l in PairingVisit.Outcome.choices]
    pairs = visits = 0
    staff = ctx.users.get("county") or fin
    for county in counties[:3]:
        small = (Employer.objects.with_union_flag().filter(region__code__startswith=county.region_id[:6],
                                                           headcount__lte=50).order_by("pk")[:ctx.scaled(20, 3)])
        for e in small:
            p = Pairing.objects.create(union=county, employer=e, staff=staff,
                                       since=datetime.date(year, 3, 1))
            pairs += 1
            for k in range(rng.randint(1, 3)):
                PairingVisit.objects.create(pairing=p, visited_on=datetime.date(year, 3 + 3 * k, rng.randint(1, 28)),
                                            outcome=rng.choice(outcomes), note="走访了解企业经营和建会意愿。",
                                            created_by=staff)
                visits += 1
    return {"statements": statements, "ledger_rows": ledger, "owing": owing, "refunds": refunds,
            "pairings": pairs, "visits": visits, "refund_rows": Refund.objects.count()}
