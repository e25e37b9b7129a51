"""The streamed xlsx export of the whole member roster (issue 21, defect 1).

For the `city` demo login (the city federation, every member) it asks the roster page for
``/members/?export=xlsx`` exactly as a browser does (the page's view, filterset and table) and
reads the streamed answer piece by piece, timing
  (a) the first byte (aim: under 2 s) and the whole download, as rows per second (aim: at
      least 20,000 rows/s for about 300,000 rows);
  (b) the process's resident memory before and at the end, and its peak (VmHWM): the growth
      should stay flat, whatever the number of rows;
  (c) the CPU time of this process (on a machine shared with other work the wall time also
      holds time spent waiting for a core);
against two baselines: the same rows and columns read raw by the database (``COPY (SELECT …)
TO STDOUT`` on PostgreSQL, a plain ``SELECT`` on SQLite), and read as the export reads them
(``values_list(...).iterator()``, no cell made), and the ratios. The workbook is then opened
with python-calamine and its rows counted. Timings are printed, never asserted.

Database: DATABASE_URL, else the PostgreSQL database ``gonghui_export_bench`` on 127.0.0.1
(created when missing). It migrates, builds the demo city with few members when there is no
union tree, then tops the member table up to BENCH_MEMBERS (default 300,000) as
bench/search_members.py does; a rerun on a full table skips straight to the timings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_export_bench .venv/bin/python bench/export_stream.py
"""

import io
import os
import sys
import time

from common import start_django  # bench/ is on sys.path when run as a script

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gonghui_export_bench"
TARGET = int(os.environ.get("BENCH_MEMBERS", "300000"))
AIM_FIRST_BYTE_S = 2.0
AIM_ROWS_PER_S = 20_000


def memory():
    """(resident, peak resident) of this process in MB, from /proc (Linux)."""
    values = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _sep, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def raw_baselines(user):
    """The roster's rows read raw, the columns the export reads (ROSTER_EXPORT_FIELDS) in its
    order: by the database alone (COPY on PostgreSQL, no Python object per row), and as the
    export's own value rows (``values_list(...).iterator()``, no cell made). [(label, rows, s)]"""
    from django.db import connection

    from gonghui.members.models import Member
    from gonghui.members.tables import ROSTER_EXPORT_FIELDS

    qs = Member.objects.restrict(user).order_by("union_path", "number").values_list(*ROSTER_EXPORT_FIELDS)
    sql, params = qs.query.sql_with_params()
    out = []
    t = time.perf_counter()
    n = 0
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY ({sql}) TO STDOUT", params) as copy:
                for block in copy:
                    n += bytes(block).count(b"\n")
            label = "COPY (SELECT …) TO STDOUT"
        else:
            cur.execute(sql, params)
            while rows := cur.fetchmany(5000):
                n += len(rows)
            label = "SELECT of the same columns"
    out.append((label, n, time.perf_counter() - t))
    t = time.perf_counter()
    n = sum(1 for _row in qs.iterator(chunk_size=5000))
    out.append(("values_list(...).iterator() of the same columns", n, time.perf_counter() - t))
    return out


def main():
    start_django(DEFAULT_URL)

    from django.core.management import call_command
    from django.db import connection
    from django.test import RequestFactory
    from python_calamine import CalamineWorkbook
    from search_members import top_up

    from gonghui.accounts.models import User
    from gonghui.members.models import Member
    from gonghui.members.views import MemberList
    from gonghui.orgs.models import Union

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    if not Union.objects.exists():
        t = time.perf_counter()
        call_command("demo", members=1000, verbosity=0)
        print(f"Built the demo city (few members) in {time.perf_counter() - t:.1f}s.")
    user = User.objects.filter(username="city").first()
    if user is None:
        sys.exit("This database has a union tree but no demo login `city`; point DATABASE_URL at a demo city.")
    top_up(TARGET)
    rows = Member.objects.restrict(user).count()
    print(f"User `city`: {rows:,} members in the export.\n")

    baselines = raw_baselines(user)
    for label, raw_rows, raw_s in baselines:
        print(f"baseline, {label}: {raw_rows:,} rows in {raw_s:.2f}s ({raw_rows / raw_s:,.0f} rows/s)")

    request = RequestFactory().get("/members/", {"export": "xlsx"})
    request.user = user
    request.htmx = False
    request.session = {}
    rss0, _peak0 = memory()
    t0, cpu0 = time.perf_counter(), time.process_time()
    response = MemberList.as_view()(request)
    first = None
    size = 0
    body = io.BytesIO()
    rss_mid = []
    for i, piece in enumerate(response.streaming_content):
        if first is None:
            first = time.perf_counter() - t0
        size += len(piece)
        body.write(piece)  # kept to be opened below; the server keeps nothing
        if i % 200 == 0:
            rss_mid.append(memory()[0] - body.tell() / 2**20)
    total, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    response.close()
    rss1, peak1 = memory()
    has_length = response.has_header("Content-Length")
    print(f"streamed export: first byte after {first:.3f}s (aim < {AIM_FIRST_BYTE_S:g}s), {rows:,} rows, "
          f"{size / 2**20:.1f} MB in {total:.1f}s = {rows / total:,.0f} rows/s (aim >= {AIM_ROWS_PER_S:,}); "
          f"Content-Length header: {'yes' if has_length else 'no'}")
    print(f"CPU time of this process: {cpu:.1f}s = {rows / cpu:,.0f} rows per CPU second (the rest: the database, "
          "and other processes on a shared machine)")
    for label, _rows, raw_s in baselines:
        print(f"ratio to the baseline: {total / raw_s:.1f}x the time of {label}")
    growth = max(rss_mid) - rss_mid[0] if rss_mid else 0.0
    print(f"memory: RSS {rss0:.0f} MB before, {rss1:.0f} MB after (of which {size / 2**20:.0f} MB is this script's "
          f"copy of the file); RSS growth less that copy during the stream: {growth:+.1f} MB; peak {peak1:.0f} MB")
    t = time.perf_counter()
    book = CalamineWorkbook.from_filelike(io.BytesIO(body.getvalue()))
    sheet = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    print(f"opened with python-calamine in {time.perf_counter() - t:.1f}s: {len(sheet) - 1:,} rows "
          f"({'matches' if len(sheet) - 1 == rows else 'DOES NOT match'} the roster)")


if __name__ == "__main__":
    main()
