"""Roster import at scale: a generated roster of BENCH_ROWS rows (default 1,000,000; about 2% of
them invalid: wrong check digits, landlines, duplicated IDs) imported by the `county` demo login
through the same code the import page runs (check, then the all-or-none write), on PostgreSQL
and on SQLite, one process each. It prints, per database:

  - rows/s of the check, of the write and of both (the "validated import"), and the peak
    memory (max RSS) of the process;
  - the raw baseline of the same file: on PostgreSQL `psql \\copy` into a table with the
    roster's columns and as many indexes as the member table; on SQLite an executemany of the
    parsed CSV into the same kind of table; and the ratio (aim: validated import >= 0.5x);
  - Django `bulk_create` of BULK_ROWS already prepared members against `bulk.enrol` of the same
    rows, and the whole validated import against bulk_create (aim: >= 5x);
  - reading the xlsx form of the roster through `roster_file` against a bare python-calamine
    read of the same workbook (aim >= 0.5x).
Figures are printed, never asserted. Files go to /tmp/gonghui-import-bench.

    .venv/bin/python bench/import_members.py
    BENCH_ROWS=100000 .venv/bin/python bench/import_members.py
"""

import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from common import ensure_postgres_database  # bench/ is on sys.path when run as a script

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
# BENCH_DATABASES=SQLite (or PostgreSQL) runs one; BENCH_PARTS=bulk,xlsx skips the import and the raw copy.
ONLY = os.environ.get("BENCH_DATABASES", "PostgreSQL,SQLite").split(",")
PARTS = os.environ.get("BENCH_PARTS", "import,bulk,xlsx").split(",")
BULK_ROWS = int(os.environ.get("BENCH_BULK_ROWS", "50000"))
WORK = Path(os.environ.get("BENCH_DIR", tempfile.gettempdir())) / "gonghui-import-bench"
DATABASES = {
    "PostgreSQL": os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/gonghui_import_bench"),
    "SQLite": f"sqlite:///{WORK / 'import_bench.sqlite3'}",
}
HEADER = ["姓名", "证件号码", "手机号码", "工会编号", "民族", "入会日期", "岗位", "会员卡号"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文斌海燕波辉鹏飞晓宇浩然欣怡"


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_roster(path, unions, rows, seed=2026):
    """A CSV roster: unique valid IDs, with about 2% bad rows of three kinds mixed in."""
    from gonghui.members.demo import resident_id

    rng = random.Random(seed)
    seen = []
    base = date(1965, 1, 1)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for n in range(rows):
            county = "430421"
            born = base + timedelta(days=n // 900)  # 900 numbers a day: unique (day, sequence) pairs
            number = resident_id(county, born, n % 900)
            phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
            roll = rng.random()
            if roll < 0.007:
                number = number[:-1] + ("0" if number[-1] != "0" else "1")  # wrong check digit
            elif roll < 0.014:
                phone = f"0734{rng.randrange(10**7):07d}"  # a landline
            elif roll < 0.02 and seen:
                number = rng.choice(seen)  # the same ID twice in one file
            if n % 50 == 0:
                seen.append(number)
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            w.writerow([name, number, phone, rng.choice(unions), "汉族", f"20{rng.randrange(10, 25)}-03-01", "操作工",
                        "bench"])


def make_xlsx(csv_path, xlsx_path):
    import xlsxwriter

    book = xlsxwriter.Workbook(str(xlsx_path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("会员名册")
    with open(csv_path, encoding="utf-8") as f:
        for r, row in enumerate(csv.reader(f)):
            for c, v in enumerate(row):
                sheet.write_string(r, c, v)
    book.close()


def raw_copy_rate(csv_path, rows):
    """The raw baseline: the file into a plain table with the roster's columns and five
    indexes, as the member table has on the columns an import fills."""
    from django.db import connection

    ddl = ["DROP TABLE IF EXISTS bench_raw_roster",
           "CREATE TABLE bench_raw_roster (name varchar(60), id_number varchar(30), phone varchar(20), "
           "union_id integer, ethnicity varchar(20), joined_on varchar(20), job varchar(60), card varchar(30))",
           "CREATE INDEX bench_raw_name ON bench_raw_roster (name)",
           "CREATE INDEX bench_raw_id ON bench_raw_roster (id_number)",
           "CREATE INDEX bench_raw_id_tail ON bench_raw_roster (substr(id_number, 15))",
           "CREATE INDEX bench_raw_phone ON bench_raw_roster (phone)",
           "CREATE INDEX bench_raw_union ON bench_raw_roster (union_id)"]
    with connection.cursor() as cursor:
        for statement in ddl:
            cursor.execute(statement)
    connection.commit() if not connection.get_autocommit() else None
    t = time.perf_counter()
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        psql = ["psql", "-q", "-h", s["HOST"] or "127.0.0.1", "-U", s["USER"] or "postgres", "-d", s["NAME"],
                "-c", f"\\copy bench_raw_roster FROM '{csv_path}' CSV HEADER"]
        subprocess.run(psql, check=True)  # noqa: S603, S607 - the machine's psql, arguments from settings
        how = "psql \\copy"
    else:
        with open(csv_path, encoding="utf-8") as f, connection.cursor() as cursor:
            reader = csv.reader(f)
            next(reader)
            cursor.executemany("INSERT INTO bench_raw_roster VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", reader)
        how = "csv + executemany"
    seconds = time.perf_counter() - t
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw_roster")
    return how, rows / seconds


def bulk_create_rates(union):
    """Django's bulk_create against `bulk.enrol` (COPY / executemany, with join events) for the
    same BULK_ROWS prepared members (sealed and keyed before the clock starts); both rolled back."""
    from django.db import transaction

    from gonghui.members.bulk import enrol, member_values
    from gonghui.members.demo import resident_id
    from gonghui.members.identity import clean_document
    from gonghui.members.models import Member

    prepared = []
    for n in range(BULK_ROWS):
        # 邵阳县 numbers: no demo member and no roster row has them
        doc = clean_document("resident_id", resident_id("430523", date(1970, 1, 1) + timedelta(days=n // 900),
                                                        n % 900))
        prepared.append(member_values(union_id=union.pk, name="基准", doc=doc, phone="13800138000",
                                      joined_on=date(2020, 1, 1)))
    objects = [Member(number=f"B{n:012d}", **v) for n, v in enumerate(prepared)]
    rates = []
    for write in (lambda: Member.objects.bulk_create(objects, batch_size=5000),
                  lambda: [enrol(prepared[i:i + 5000], unions={union.pk: union})
                           for i in range(0, BULK_ROWS, 5000)]):
        t = time.perf_counter()
        with transaction.atomic():
            write()
            rates.append(BULK_ROWS / (time.perf_counter() - t))
            transaction.set_rollback(True)
    return rates


def xlsx_read_rates(xlsx_path):
    from python_calamine import CalamineWorkbook

    from gonghui.members.roster_file import open_roster

    t = time.perf_counter()
    n = sum(1 for _ in CalamineWorkbook.from_path(str(xlsx_path)).get_sheet_by_index(0).iter_rows())
    raw = n / (time.perf_counter() - t)
    t = time.perf_counter()
    roster = open_roster(xlsx_path, "xlsx")
    m = 1 + sum(1 for _ in roster.rows())
    ours = m / (time.perf_counter() - t)
    return raw, ours


def clear_previous():
    """Remove what an earlier run imported, so every run starts from the same registry."""
    from django.db import connection, transaction

    from gonghui.members.models import MemberImport

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM members_memberevent WHERE member_id IN "
                       "(SELECT id FROM members_member WHERE card_number = 'bench')")
        cursor.execute("DELETE FROM members_member WHERE card_number = 'bench'")
        MemberImport.objects.all().delete()


def run_one(label):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gonghui.accounts.models import User
    from gonghui.orgs.models import Union

    call_command("migrate", verbosity=0, interactive=False)
    if not Union.objects.exists():
        call_command("demo", members=1000, verbosity=0)
    user = User.objects.get(username="county")
    county = user.grants.get().union
    unions = list(Union.objects.filter(path__startswith=county.path, kind="grassroots", status="active")
                  .values_list("pk", flat=True))
    csv_path, xlsx_path = WORK / f"roster-{ROWS}.csv", WORK / f"roster-{ROWS}.xlsx"
    if not csv_path.exists():
        t = time.perf_counter()
        make_roster(csv_path, unions, ROWS)
        print(f"  generated {csv_path} ({csv_path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.0f}s")
    clear_previous()
    print(f"  {label}: {connection.settings_dict['NAME']}")
    rate = None
    if "import" in PARTS:
        rate = timed_import(user, Union.objects.get(pk=unions[0]), csv_path)
        how, raw = raw_copy_rate(csv_path, ROWS)
        print(f"  raw baseline ({how}, same file, 5 indexes): {raw:,.0f} rows/s; import = {rate / raw:.2f}x "
              "(aim 0.5x)")
    if "bulk" in PARTS:
        bulk, ours = bulk_create_rates(Union.objects.get(pk=unions[0]))
        print(f"  {BULK_ROWS:,} prepared members: Django bulk_create {bulk:,.0f} rows/s (members only), bulk.enrol "
              f"{ours:,.0f} rows/s (members and join events) = {ours / bulk:.1f}x"
              + (f"; the whole validated import = {rate / bulk:.1f}x bulk_create (aim 5x)" if rate else ""))
    if "xlsx" in PARTS and label == "SQLite":  # the read is the same on both databases
        if not xlsx_path.exists():
            make_xlsx(csv_path, xlsx_path)
        raw_x, ours_x = xlsx_read_rates(xlsx_path)
        print(f"  xlsx read ({xlsx_path.stat().st_size / 1e6:.0f} MB): bare python-calamine {raw_x:,.0f} rows/s, "
              f"roster_file {ours_x:,.0f} rows/s = {ours_x / raw_x:.2f}x (aim 0.5x); peak memory {peak_mb():,.0f} MB")


def wait(imp):
    """Until the import's task ends (in process, tasks run in a thread after the commit)."""
    while True:
        imp.refresh_from_db()
        if not imp.is_running:
            return imp
        time.sleep(0.05)


def timed_import(user, union, csv_path):
    """Check and write the roster as the import page does (the jobs run inline here); rows/s of both."""
    from django.core.files import File

    from gonghui.members import imports

    t = time.perf_counter()
    with open(csv_path, "rb") as f:
        imp = wait(imports.start_import(acting_user=user, union=union, upload=File(f, name=csv_path.name)))
    checked = time.perf_counter()
    print(f"  check: {imp.rows:,} rows ({imp.valid_rows:,} valid, {imp.error_rows:,} with errors) in "
          f"{checked - t:.1f}s = {imp.rows / (checked - t):,.0f} rows/s; {imp.issues.count():,} problems stored")
    w = time.perf_counter()
    imp = wait(imports.confirm(imp, acting_user=user, skip_bad_rows=True))
    written = time.perf_counter()
    assert imp.state == "done", (imp.state, imp.message)
    total = written - t
    print(f"  write: {imp.written_rows:,} members and join events in {written - w:.1f}s = "
          f"{imp.written_rows / (written - w):,.0f} rows/s")
    print(f"  validated import (check + write): {total:.1f}s = {imp.rows / total:,.0f} rows/s; "
          f"peak memory {peak_mb():,.0f} MB")
    return imp.rows / total


def main():
    WORK.mkdir(exist_ok=True)
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        run_one(sys.argv[2])
        return
    print(f"Roster import of {ROWS:,} rows")
    status = 0
    for label, url in DATABASES.items():
        if label not in ONLY:
            continue
        ensure_postgres_database(url)
        env = os.environ | {"DATABASE_URL": url, "GONGHUI_ENV": os.environ.get("GONGHUI_ENV", "local"),
                            "DJANGO_SETTINGS_MODULE": "gonghui.settings", "GONGHUI_JOBS": "inline",
                            "GONGHUI_TASKS_IN_PROCESS": "true",
                            "GONGHUI_VAR_DIR": str(WORK / "var"), "GONGHUI_IMPORT_MAX_MB": "2000"}
        status |= subprocess.run([sys.executable, __file__, "--one", label], env=env).returncode  # noqa: S603
    sys.exit(status)


if __name__ == "__main__":
    main()
