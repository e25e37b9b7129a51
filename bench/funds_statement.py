"""Import of a monthly tax-bureau statement (BENCH_ROWS employer rows, default 200,000) with its
split between the levels into ledger rows, through the code the statement page's task runs
(`services.check_statement`, then `services.write_rows` in one transaction), on PostgreSQL.

It prints:
  - statement rows/s of the check, of the write and of both, and the ledger rows written;
  - the baseline: PostgreSQL COPY of the same ledger rows (exported from the import) into the
    ledger table, with its indexes, in the same run; the ratio is the import's time against the
    COPY's (aim: the whole import >= 0.3x of the bare COPY of what it writes);
  - peak memory (max RSS) of the process.
Figures are printed, never asserted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_funds_bench .venv/bin/python bench/funds_statement.py
"""

import csv
import io
import os
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from common import start_django  # bench/ is on sys.path when run as a script

ROWS = int(os.environ.get("BENCH_ROWS", "200000"))
WITH_UNION = float(os.environ.get("BENCH_WITH_UNION", "0.25"))  # share of employers with a union of their own
WORK = Path(os.environ.get("BENCH_DIR", tempfile.gettempdir())) / "gonghui-funds-bench"
MONTH = date(2026, 1, 1)


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def b36(n, width=4):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out.rjust(width, "0")


def build():
    """A city (衡阳市) with its counties, ROWS employers in the counties' townships and a quarter of
    them with a union of their own; returns the importing user and the city union."""
    from django.db import connection
    from stdnum.cn import uscc

    from gonghui.accounts.models import Grant, Role, User
    from gonghui.funds.models import Contribution, LedgerEntry, Statement
    from gonghui.orgs.models import Employer, Region, Union

    with connection.cursor() as cur:
        cur.execute("TRUNCATE funds_ledgerentry, funds_contribution, funds_statement CASCADE")
    user = User.objects.filter(username="bench_finance").first()
    if Employer.objects.filter(name__startswith="经费基准").count() >= ROWS and user:
        return user, Union.objects.get(name="基准衡阳市总工会")
    city_r = Region.objects.get(code="430400")
    root = Union.objects.filter(name="基准衡阳市总工会").first() or Union.objects.add_root(
        dict(name="基准衡阳市总工会", kind="federation", region=city_r))
    counties = list(Region.objects.filter(parent=city_r).order_by("code")[:4])
    towns = []
    for c in counties:
        fed = Union.objects.filter(name=f"基准{c.name}总工会").first() or Union.objects.add_child(
            root, dict(name=f"基准{c.name}总工会", kind="federation", region=c))
        t = Region.objects.filter(parent=c).order_by("code").first() or c
        town = Union.objects.filter(name=f"基准{t.name}工会").first() or Union.objects.add_child(
            fed, dict(name=f"基准{t.name}工会", kind="township", region=t))
        towns.append((t, town))
    Union.objects.filter(employer__name__startswith="经费基准").delete()
    Contribution.objects.all().delete()
    Employer.objects.filter(name__startswith="经费基准").delete()
    LedgerEntry.objects.all().delete()
    Statement.objects.all().delete()
    emps = []
    for i in range(ROWS):
        t, _town = towns[i % len(towns)]
        body = f"91{t.code[:6]}{i:09d}"
        emps.append(Employer(name=f"经费基准{i}有限公司", uscc=body + uscc.calc_check_digit(body), region=t,
                             headcount=5 + i % 300))
    Employer.objects.bulk_create(emps, batch_size=5000)
    emps = list(Employer.objects.filter(name__startswith="经费基准").order_by("pk").values_list("pk", "region_id"))
    unions, counts = [], {}
    for k, (pk, region) in enumerate(emps):
        if k % int(1 / WITH_UNION) != 0:
            continue
        t, town = towns[k % len(towns)]
        counts[town.pk] = counts.get(town.pk, 0) + 1
        unions.append(Union(name=f"经费基准{k}工会", kind="grassroots", region_id=region, employer_id=pk,
                            path=town.path + b36(counts[town.pk]), depth=town.depth + 1, numchild=0))
    Union.objects.bulk_create(unions, batch_size=5000)
    for _t, town in towns:
        Union.objects.filter(pk=town.pk).update(numchild=counts.get(town.pk, 0))
    if user is None:
        user = User.objects.create_user(username="bench_finance", password="Bench@2026x",  # noqa: S106 (a bench login)
                                        full_name="基准财务")
        Grant.objects.create(user=user, union=root, role=Role.objects.get(code="finance"), covers_subtree=True)
    return user, root


def write_statement(path):
    from gonghui.funds import rules
    from gonghui.orgs.models import Employer

    total = [0, 0, 0]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["统一社会信用代码", "单位名称", "工资总额", "应缴金额", "实缴金额", "入库日期"])
        share = None
        for i, (code, name, region) in enumerate(Employer.objects.filter(name__startswith="经费基准")
                                                  .order_by("pk").values_list("uscc", "name", "region_id")
                                                  .iterator(chunk_size=10000)):
            if share is None:
                share = rules.due_fen(100_000_000, region)[0]  # warms the rulebook
            wage = 100_000 + (i * 7919) % 5_000_000
            due = rules.half_up(wage * rules.Fraction(1, 50))
            paid = due if i % 17 else due // 2  # some arrears
            day = "2026-02-10" if i % 11 else "2026-03-02"  # some late
            w.writerow([code, name, f"{wage / 100:.2f}", f"{due / 100:.2f}", f"{paid / 100:.2f}", day])
            total[0] += wage
            total[1] += due
            total[2] += paid
        w.writerow(["合计", "", f"{total[0] / 100:.2f}", f"{total[1] / 100:.2f}", f"{total[2] / 100:.2f}", ""])


def main():
    WORK.mkdir(parents=True, exist_ok=True)
    start_django("postgres://postgres@127.0.0.1:5432/gh_funds_bench")
    from django.db import connection, transaction

    from gonghui.funds import services
    from gonghui.funds.models import LedgerEntry, Statement

    t0 = time.perf_counter()
    user, root = build()
    path = WORK / "statement.csv"
    write_statement(path)
    print(f"setup: {ROWS:,} employers and the statement in {time.perf_counter() - t0:.1f}s "
          f"({path.stat().st_size / 1e6:.1f} MB), database {connection.vendor}")

    st = Statement.objects.create(union=root, month=MONTH, file_name="statement.csv", sha256="-", created_by=user)
    t1 = time.perf_counter()
    rows, totals = services.check_statement(st, path, "csv")
    t2 = time.perf_counter()
    with transaction.atomic():
        ledger_rows = services.write_rows(st, rows, channel="tax")
    t3 = time.perf_counter()
    check_s, write_s, both_s = t2 - t1, t3 - t2, t3 - t1
    print(f"check:  {len(rows):,} rows in {check_s:.2f}s = {len(rows) / check_s:,.0f} rows/s")
    print(f"write:  {len(rows):,} contributions + {ledger_rows:,} ledger rows in {write_s:.2f}s = "
          f"{len(rows) / write_s:,.0f} statement rows/s")
    print(f"import: {len(rows):,} statement rows in {both_s:.2f}s = {len(rows) / both_s:,.0f} rows/s")

    if connection.vendor != "postgresql":
        print("the COPY baseline needs PostgreSQL")
        return
    cols = "union_id, contribution_id, employer_id, month, level, kind, amount_fen"
    buf = io.BytesIO()
    with connection.cursor() as cur:
        with cur.cursor.copy(f"COPY (SELECT {cols} FROM funds_ledgerentry) TO STDOUT") as copy:
            for data in copy:
                buf.write(data)
        cur.execute("DELETE FROM funds_ledgerentry")
    connection.commit() if not connection.get_autocommit() else None
    data = buf.getvalue()
    t4 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur, cur.cursor.copy(
            f"COPY funds_ledgerentry ({cols}) FROM STDIN") as copy:
        for start in range(0, len(data), 1 << 20):
            copy.write(data[start:start + (1 << 20)])
    copy_s = time.perf_counter() - t4
    n = LedgerEntry.objects.count()
    print(f"COPY:   {n:,} ledger rows (the import's own) in {copy_s:.2f}s = {len(rows) / copy_s:,.0f} statement "
          f"rows/s ({n / copy_s:,.0f} ledger rows/s)")
    print(f"ratio:  import / COPY = {copy_s / both_s:.2f}x (aim >= 0.3x)")
    print(f"peak memory: {peak_mb():,.0f} MB (max RSS)")


if __name__ == "__main__":
    main()
