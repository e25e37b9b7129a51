"""Flash claims (秒光的普惠活动): exact under a rush, and how fast. Prints figures, asserts nothing
about speed (correctness failures are reported and make the exit status 1).

1. correctness: MEMBERS members rush a campaign of STOCK units from 256 threads (every member
   once, a tenth of them from a second phone at the same time), REPEAT times, with Redis and
   without: issued == stock, no over-issue, nobody holds two.
2. the engine with Redis: claims/s (each a Lua reservation and a claim row committed before the
   answer) against `redis-benchmark -t incr -c 50 -n 200000 -q` run alongside; also the Lua
   script alone.
3. the database-only path on PostgreSQL, measured in a process started without REDIS_URL (as
   it would be deployed): claims/s against a single hot row's conditional UPDATE
   (`UPDATE … SET issued = issued + 1 WHERE issued < stock`) through the same harness.
4. HTTP: POST /api/v1/campaigns/{id}/claim under wrk (or a threaded Python generator) against a
   minimal Django view on the same gunicorn server: requests/s and p99.

Parts 2 and 3 run their claimers (and the baseline's updaters) in PROCS forked processes, as a
deployment runs several web workers, THREADS threads in all, sharing DB_POOL database
connections (PostgreSQL here allows 100 connections in all).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_campaigns_bench REDIS_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python bench/flash_claim.py [--quick]
"""

import os
import queue
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import types
import uuid
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gh_campaigns_bench"
QUICK = "--quick" in sys.argv
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "10000"))
STOCK = int(os.environ.get("BENCH_STOCK", "1000"))
THREADS = int(os.environ.get("BENCH_THREADS", "256"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3" if QUICK else "20"))
DB_POOL = int(os.environ.get("BENCH_DB_POOL", "40"))
HTTP_SECONDS = int(os.environ.get("BENCH_HTTP_SECONDS", "10" if QUICK else "20"))
THROUGHPUT_MEMBERS = int(os.environ.get("BENCH_THROUGHPUT_MEMBERS", "3000"))  # each claims twice
PROCS = int(os.environ.get("BENCH_PROCS", str(os.cpu_count() or 2)))  # claimer processes (as web workers)
PARTS = set(os.environ.get("BENCH_PARTS", "1,2,3,4").split(","))  # run only some parts: BENCH_PARTS=4
PREFIX = f"bench:{uuid.uuid4().hex[:6]}:"


def setup():
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")  # "" for none
    os.environ.setdefault("GONGHUI_ENV", "local")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "bench")]
    from common import ensure_postgres_database

    ensure_postgres_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.CAMPAIGNS_KEY_PREFIX = PREFIX
    settings.CAMPAIGNS_RATE_LIMITS = (1000, 10**6, 10)  # the rush comes from distinct members and IPs
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)


# --- a small pool of database connections shared by the claimer threads ---------------------------

class Pool:
    def __init__(self, size):
        from django.db import connections

        self.free = queue.Queue()
        for _ in range(size):
            conn = connections.create_connection("default")
            conn.inc_thread_sharing()
            self.free.put(conn)
        self.all = list(self.free.queue)

    @contextmanager
    def connection(self):
        from django.db import connections

        conn = self.free.get()
        connections["default"] = conn
        try:
            yield conn
        finally:
            self.free.put(conn)

    def close(self):
        for c in self.all:
            c.close()


def run_threads(n, target):
    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


# --- the city ----------------------------------------------------------------------------------

def build_members():
    from gonghui.members import bulk
    from gonghui.orgs.models import Union
    from tests.factories import build_city

    city = build_city()
    unions = {u.pk: u for u in Union.objects.filter(kind="grassroots")}
    ids = sorted(unions)
    values = []
    for i in range(MEMBERS):
        doc = types.SimpleNamespace(type="resident_id", number=f"99{i:016d}", birth_date=date(1980, 1, 1), sex="M")
        values.append(bulk.member_values(union_id=ids[i % len(ids)], name=f"职工{i}", doc=doc,
                                         joined_on=date(2020, 1, 1)))
    from django.db import transaction

    with transaction.atomic():  # the member rows point at their join events: written together
        bulk.enrol_all(values, unions=unions)
    from gonghui.members.models import Member

    members = list(Member.objects.select_related("union", "last_event").order_by("pk"))
    return city, members


def new_campaign(city, stock, limit=1):
    from django.utils import timezone

    from gonghui.campaigns import services

    now = timezone.now()
    return services.create_campaign(acting_user=city.users["publicity"], union=city.root, title="秒光观影券",
                                    stock=stock, per_member_limit=limit, mode="fcfs",
                                    starts_at=now - timedelta(minutes=1), ends_at=now + timedelta(hours=2),
                                    publish=True)


# --- 1. correctness --------------------------------------------------------------------------------

def rush(pool, campaign, members, second_phone_share=0.1):
    """Every member once, a share of them twice at once, from THREADS threads; returns
    (outcomes, seconds)."""
    from gonghui.campaigns import engine

    jobs = list(members) + random.sample(members, int(len(members) * second_phone_share))
    random.shuffle(jobs)
    work = queue.Queue()
    for m in jobs:
        work.put(m)
    outcomes, lock = {}, threading.Lock()
    start = threading.Barrier(THREADS)

    def claimer(_i):
        start.wait()
        local = {}
        while True:
            try:
                m = work.get_nowait()
            except queue.Empty:
                break
            with pool.connection():
                r = engine.claim(campaign, m, engine.issue_token(campaign, m), f"10.{m.pk % 250}.{m.pk % 249}.1")
            key = "issued" if r.issued else r.reason
            local[key] = local.get(key, 0) + 1
        with lock:
            for k, v in local.items():
                outcomes[k] = outcomes.get(k, 0) + v

    t0 = time.perf_counter()
    run_threads(THREADS, claimer)
    return outcomes, time.perf_counter() - t0


def check(campaign):
    from django.db.models import Count, Max

    from gonghui.campaigns.models import Claim

    live = Claim.objects.filter(campaign=campaign).exclude(state="cancelled")
    rows = live.count()
    top = live.aggregate(m=Max("seq"))["m"] or 0
    doubles = live.values("member").annotate(n=Count("id")).filter(n__gt=campaign.per_member_limit).count()
    dup_slots = live.values("seq").annotate(n=Count("id")).filter(n__gt=1).count()
    return rows, max(0, rows - campaign.stock), top, doubles, dup_slots


def correctness(pool, city, members, use_redis):
    from django.conf import settings

    settings.REDIS_URL = os.environ["REDIS_URL"] if use_redis else ""
    label = "Redis + database" if use_redis else "database only"
    bad, rates = 0, []
    for i in range(REPEAT):
        campaign = new_campaign(city, STOCK)
        outcomes, secs = rush(pool, campaign, members)
        rows, over, top, doubles, dup_slots = check(campaign)
        ok = outcomes.get("issued", 0) == rows == STOCK and over == 0 and doubles == 0 and dup_slots == 0
        bad += not ok
        rates.append(sum(outcomes.values()) / secs)
        if not ok or i == 0:
            print(f"  [{label}] run {i + 1}: attempts {sum(outcomes.values())}, {outcomes}, rows {rows}, "
                  f"over-issued {over}, top slot {top}, members over limit {doubles}, slots twice {dup_slots}"
                  f" -> {'OK' if ok else 'WRONG'}")
    print(f"1. correctness, {label}: {REPEAT} runs of {MEMBERS:,} members (+10% second phones), stock {STOCK:,}, "
          f"{THREADS} threads: {REPEAT - bad}/{REPEAT} exact (issued == stock, 0 over-issue, 0 duplicates); "
          f"attempts/s median {statistics.median(rates):,.0f}")
    return bad == 0


# --- 2 and 3. throughput ---------------------------------------------------------------------------

def in_processes(items, work):
    """Run `work(pool, chunk)` (returns a count) in PROCS forked processes, as a deployment runs
    several workers, each with its own database pool and THREADS // PROCS threads: (the counts'
    sum, seconds from the common start to the last finish)."""
    import multiprocessing as mp

    from django.db import connections

    from gonghui.campaigns import engine

    connections.close_all()
    ctx = mp.get_context("fork")
    ready, out = ctx.Barrier(PROCS + 1), ctx.Queue()

    def child(chunk):
        engine._redis_state.clear()  # connections of the parent are not shared
        pool = Pool(max(DB_POOL // PROCS, 2))
        ready.wait()
        out.put(work(pool, chunk))
        pool.close()

    procs = [ctx.Process(target=child, args=(items[i::PROCS],)) for i in range(PROCS)]
    for p in procs:
        p.start()
    ready.wait()
    t0 = time.perf_counter()
    total = sum(out.get() for _ in procs)
    secs = time.perf_counter() - t0
    for p in procs:
        p.join()
    return total, secs


def threaded(pool, jobs, step):
    """THREADS // PROCS threads take `jobs` from a queue, each through `step(job)` with a pooled
    connection; the number of truthy results."""
    work = queue.Queue()
    for job in jobs:
        work.put(job)
    done, lock = [0], threading.Lock()

    def worker(_i):
        k = 0
        while True:
            try:
                job = work.get_nowait()
            except queue.Empty:
                break
            with pool.connection():
                k += bool(step(job))
        with lock:
            done[0] += k

    run_threads(max(THREADS // PROCS, 1), worker)
    return done[0]


def claims_per_second(city, members, use_redis, limit=2):
    """Every member claims `limit` times against a stock that never runs out: issued claims/s."""
    from django.conf import settings

    from gonghui.campaigns import engine

    settings.REDIS_URL = os.environ["REDIS_URL"] if use_redis else ""
    campaign = new_campaign(city, len(members) * limit, limit=limit)
    if use_redis:
        engine.rebuild(campaign)
    jobs = [(m, engine.issue_token(campaign, m)) for m in members for _ in range(limit)]  # as the page does
    random.shuffle(jobs)

    def step(job):
        m, token = job
        return engine.claim(campaign, m, token, f"10.{m.pk % 250}.0.1").issued

    issued, secs = in_processes(jobs, lambda pool, chunk: threaded(pool, chunk, step))
    return issued / secs, issued


def lua_alone(members):
    """The claim script alone (reservations/s), no database write, from the same harness as the
    engine (PROCS processes, THREADS threads in all): the baseline of the engine's figure."""
    from django.conf import settings

    from gonghui.campaigns import engine

    settings.REDIS_URL = os.environ["REDIS_URL"]
    r, _script, _rel = engine.redis_client()
    base = f"{PREFIX}lua:{uuid.uuid4().hex[:6]}"
    meta, bits, pool_key = f"{base}:meta", f"{base}:bits", f"{base}:pool"
    n = len(members) * 2
    r.hset(meta, mapping={"ready": "1", "ver": "v1"})
    for i in range(0, n, 5000):
        r.rpush(pool_key, *range(i + 1, min(n, i + 5000) + 1))
    jobs = [(i, m.pk) for i, m in enumerate(members * 2)]

    def step(job):
        i, pk = job
        _r, script, _rel = engine.redis_client()
        # no rate counters, no revocation marks to read (issued 0), as an authenticated claim
        seq, _n, *_c = script(keys=[meta, bits, f"{base}:tok:{i}", meta, meta, pool_key],
                              args=["v1", pk, 2, 60, 0, 10, 0])
        return seq > 0

    done, secs = in_processes(jobs, lambda pool, chunk: threaded(pool, chunk, step))
    r.delete(meta, bits, pool_key, *[f"{base}:tok:{i}" for i in range(n)])
    return done / secs


def redis_benchmark():
    """Start `redis-benchmark -t incr -c 50 -n 200000 -q` alongside; returns a function that
    waits for it and gives its requests/s."""
    exe = shutil.which("redis-benchmark")
    if not exe:
        return lambda: None
    from urllib.parse import urlsplit

    u = urlsplit(os.environ["REDIS_URL"])
    proc = subprocess.Popen([exe, "-h", u.hostname or "127.0.0.1", "-p", str(u.port or 6379),  # noqa: S603 - our own command line
                             "--dbnum", (u.path.lstrip("/") or "0"), "-t", "incr", "-c", "50", "-n", "200000", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def result():
        out = proc.communicate()[0]
        for part in out.replace("\r", "\n").splitlines():
            if "requests per second" in part:
                return float(part.split(":")[1].split("requests")[0].strip())
        return None

    return result


def hot_row_baseline(n):
    """`n` conditional UPDATEs of one hot row, each its own transaction, through the same worker
    processes and threads as the claims."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS bench_hot_stock")
        c.execute("CREATE TABLE bench_hot_stock (id int PRIMARY KEY, stock int, issued int)")
        c.execute("INSERT INTO bench_hot_stock VALUES (1, %s, 0)", [n])

    def step(_i):
        with connection.cursor() as c:
            c.execute("UPDATE bench_hot_stock SET issued = issued + 1 WHERE id = 1 AND issued < stock")
            return c.rowcount

    done, secs = in_processes(list(range(n)), lambda pool, chunk: threaded(pool, chunk, step))
    with connection.cursor() as c:
        c.execute("DROP TABLE bench_hot_stock")
    return done / secs


# --- 4. HTTP -----------------------------------------------------------------------------------------

# When gunicorn imports this module as its app (FLASH_CLAIM_WSGI=1), it serves the project's URLs
# plus one minimal view, the baseline of the HTTP figure.
if os.environ.get("FLASH_CLAIM_WSGI"):
    sys.path[:0] = [str(ROOT / "src")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django
    from django.conf import settings as _settings

    django.setup()
    from django.http import HttpResponse
    from django.urls import path as _path

    from gonghui.urls import urlpatterns as _project

    _settings.CAMPAIGNS_KEY_PREFIX = os.environ["FLASH_CLAIM_PREFIX"]
    _settings.CAMPAIGNS_RATE_LIMITS = (1000, 10**6, 10)

    def hello(request):
        return HttpResponse("ok", content_type="text/plain")

    urlpatterns = [*_project, _path("bench-hello/", hello)]
    _settings.ROOT_URLCONF = __name__
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()


WRK_SCRIPT = """
local lines = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do table.insert(lines, line) end
  i = tonumber(args[2]) or 0
end
request = function()
  i = i + 1
  local line = lines[(i % #lines) + 1]
  local sep = string.find(line, " ")
  local bearer, token = string.sub(line, 1, sep - 1), string.sub(line, sep + 1)
  return wrk.format("POST", nil, {["Authorization"] = "Bearer " .. bearer, ["Content-Type"] = "application/json"},
                    '{"token": "' .. token .. '"}')
end
"""


def http(city, members):
    from django.conf import settings
    from django.db import connections

    from gonghui.accounts.models import ApiToken, User
    from gonghui.campaigns import engine

    settings.REDIS_URL = os.environ["REDIS_URL"]
    campaign = new_campaign(city, STOCK)
    # each member signs in once (an API token) and holds a fresh claim token
    users = User.objects.bulk_create([User(username=f"bench{m.pk}", kind="member", full_name=m.name)
                                      for m in members], batch_size=2000)
    for m, u in zip(members, users, strict=True):
        m.user_id = u.pk
    type(members[0]).objects.bulk_update(members, ["user"], batch_size=2000)
    import secrets

    from django.conf import settings as dj
    from django.utils import timezone

    from gonghui.accounts.models import _digest

    raws = [secrets.token_urlsafe(32) for _ in users]
    ApiToken.objects.bulk_create([ApiToken(user=u, digest=_digest(raw), expires_at=timezone.now() + dj.API_TOKEN_TTL)
                                  for u, raw in zip(users, raws, strict=True)], batch_size=2000)
    connections.close_all()
    work = Path(tempfile.mkdtemp(prefix="flash_claim_"))
    (work / "claim.lua").write_text(WRK_SCRIPT)

    def fresh_pairs():  # claim tokens live two minutes: issued (as GET /api/v1/campaigns/{id} does) just before the run
        pairs = [f"{raw} {engine.issue_token(campaign, m, bearer=_digest(raw))}"
                 for m, raw in zip(members, raws, strict=True)]
        (work / "pairs.txt").write_text("\n".join(pairs) + "\n")
        return pairs

    port = 18000 + random.randint(0, 999)
    env = os.environ | {"FLASH_CLAIM_WSGI": "1", "FLASH_CLAIM_PREFIX": PREFIX,
                        "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT / 'src'}:{ROOT}"}
    gunicorn = [sys.executable, "-m", "gunicorn", "flash_claim:application", "-b", f"127.0.0.1:{port}",
                "-w", "4", "-k", "gthread", "--threads", "4", "--log-level", "warning"]
    server = subprocess.Popen(gunicorn, env=env, cwd=str(ROOT))  # noqa: S603 - our own command line
    try:
        _wait_for(port)
        _warm(port)
        wrk = shutil.which("wrk")
        base = f"http://127.0.0.1:{port}"
        if wrk:
            # Workers still booting (a few CPU seconds each) took cores from the first figure: it
            # ranged from 743 to 2,524 req/s between runs. A first run warms them, uncounted.
            _wrk(wrk, f"{base}/bench-hello/", None, seconds=3)
            hello = _wrk(wrk, f"{base}/bench-hello/", None)
            fresh_pairs()
            claim = _wrk(wrk, f"{base}/api/v1/campaigns/{campaign.pk}/claim", work)
            again = _wrk(wrk, f"{base}/bench-hello/", None)  # the baseline again: how steady it is
            tool = "wrk -t2 -c64"
        else:
            hello = _pyload(f"{base}/bench-hello/", None)
            claim = _pyload(f"{base}/api/v1/campaigns/{campaign.pk}/claim", fresh_pairs())
            again = None
            tool = "Python threads (64)"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    rows, over, _top, doubles, _d = check(campaign)
    print(f"4. HTTP ({tool}, {HTTP_SECONDS} s each, gunicorn 4 workers × 4 threads):")
    print(f"   minimal Django view: {hello[0]:,.0f} req/s, p99 {hello[1]}")
    print(_cpu_line(hello[2]))
    print(f"   POST /api/v1/campaigns/{{id}}/claim: {claim[0]:,.0f} req/s, p99 {claim[1]} "
          f"(issued {rows} of {STOCK}, over-issued {over}, members over limit {doubles})")
    print(_cpu_line(claim[2]))
    if again is not None:
        print(f"   minimal Django view again, after the claims: {again[0]:,.0f} req/s, p99 {again[1]}")
    print(f"   ratio claim/minimal: {claim[0] / hello[0]:.2f}× (aim ≥ 0.5×)")


def _wait_for(port):
    import socket

    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def _warm(port):
    """Wait until every worker answers (each boots Django on its own)."""
    import urllib.request

    ok = 0
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench-hello/", timeout=5) as r:  # noqa: S310
                ok += r.status == 200
        except OSError:
            time.sleep(0.1)
        if ok >= 16:
            return


CPU_GROUPS = (("gunicorn", "gunicorn"), ("redis", "redis-server"), ("postgres", "postgres"), ("wrk", "wrk"))


def _cpu_seconds():
    """CPU seconds used so far: the machine's in all (/proc/stat) and each group's living processes
    (a group is matched in the command line). Linux only; {} elsewhere."""
    try:
        busy = open("/proc/stat").readline().split()[1:8]  # noqa: SIM115 - one line
    except OSError:
        return {}
    tick = os.sysconf("SC_CLK_TCK")
    out = {"all": (sum(int(x) for x in busy) - int(busy[3]) - int(busy[4])) / tick}  # less idle and iowait
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        for group, needle in CPU_GROUPS:
            if needle in cmdline:
                out[group] = out.get(group, 0.0) + (int(fields[11]) + int(fields[12])) / tick
                break
    return out


def _wrk(exe, url, work, seconds=HTTP_SECONDS):
    """(requests/s, p99, {group: CPU ms per request}) of one wrk run."""
    cmd = [exe, "-t2", "-c64", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if work is not None:
        cmd += ["-s", str(work / "claim.lua"), url, "--", str(work / "pairs.txt"), "0"]
    else:
        cmd += [url]
    before = _cpu_seconds()
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout  # noqa: S603 - our own command line
    after = _cpu_seconds()
    rps = next((float(line.split(":")[1]) for line in out.splitlines() if line.startswith("Requests/sec")), 0.0)
    if not rps:
        print(out)
    p99 = next((line.split()[1] for line in out.splitlines() if line.strip().startswith("99%")), "?")
    requests = rps * seconds or 1
    cpu = {group: (after[group] - before.get(group, 0.0)) * 1000 / requests for group in after}
    return rps, p99, cpu


def _cpu_line(cpu):
    """'CPU per request: 1.20 ms in all (gunicorn 0.80, ...)' from the groups' figures."""
    if not cpu:
        return ""
    parts = ", ".join(f"{g} {cpu[g]:.2f}" for g, _n in CPU_GROUPS if g in cpu)
    return f"   CPU per request: {cpu['all']:.2f} ms in all ({parts})"


def _pyload(url, pairs):
    import http.client
    import json
    from urllib.parse import urlsplit

    u = urlsplit(url)
    stop = time.perf_counter() + HTTP_SECONDS
    latencies, lock, counter = [], threading.Lock(), iter(range(10**9))

    def worker(_i):
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
        mine = []
        while time.perf_counter() < stop:
            t = time.perf_counter()
            if pairs is None:
                conn.request("GET", u.path)
            else:
                bearer, token = pairs[next(counter) % len(pairs)].split(" ", 1)
                conn.request("POST", u.path, body=json.dumps({"token": token}),
                             headers={"Authorization": f"Bearer {bearer}", "Content-Type": "application/json"})
            conn.getresponse().read()
            mine.append(time.perf_counter() - t)
        with lock:
            latencies.extend(mine)

    run_threads(64, worker)
    latencies.sort()
    return len(latencies) / HTTP_SECONDS, f"{latencies[int(len(latencies) * 0.99)] * 1000:.1f}ms", {}


# --- main --------------------------------------------------------------------------------------------

def cleanup_redis():
    if not os.environ["REDIS_URL"]:
        return
    import redis

    r = redis.Redis.from_url(os.environ["REDIS_URL"])
    keys = list(r.scan_iter(f"{PREFIX}*", count=5000))
    for i in range(0, len(keys), 5000):
        r.delete(*keys[i:i + 5000])


def main():
    setup()
    from django.db import connection

    print(f"flash_claim on {connection.vendor} ({os.environ['DATABASE_URL'].rsplit('/', 1)[-1]}), "
          f"Redis {os.environ['REDIS_URL'] or 'none'}, {PROCS} worker processes, "
          f"{'quick' if QUICK else 'full'} run")
    city, members = build_members()
    ok = True
    try:
        if "1" in PARTS:
            pool = Pool(DB_POOL)
            if os.environ["REDIS_URL"]:
                ok &= correctness(pool, city, members, use_redis=True)
            ok &= correctness(pool, city, members, use_redis=False)
            pool.close()
        some = members[:THROUGHPUT_MEMBERS]
        if "2" in PARTS:
            part2(city, some)
        if "3" in PARTS and not os.environ["REDIS_URL"]:
            part3(city, some)
        if "4" in PARTS:
            http(city, members)
    finally:
        cleanup_redis()
    if "3" in PARTS and os.environ["REDIS_URL"]:
        part3_without_redis()
    if not ok:
        print("CORRECTNESS FAILED")
    return 0 if ok else 1


def part3_without_redis():
    """The database-only path is measured in a process started without REDIS_URL, as it would be
    deployed: its rate limits and sold-out memo then live in the local-memory cache."""
    env = os.environ | {"REDIS_URL": "", "BENCH_PARTS": "3"}
    subprocess.run([sys.executable, __file__, *sys.argv[1:]], env=env, check=True)  # noqa: S603 - ourselves


def part2(city, some):
    lua = lua_alone(some)
    bench = redis_benchmark()
    engine_rate, issued = claims_per_second(city, some, use_redis=True)
    incr = bench()
    print(f"2. engine with Redis: {engine_rate:,.0f} claims/s ({issued:,} issued, each a Lua reservation and "
          f"a committed claim row); the Lua script alone from the same harness: {lua:,.0f} reservations/s; "
          f"ratio {engine_rate / lua:.2f}× (aim ≥ 0.7×). redis-benchmark INCR -c 50 alongside the engine: "
          f"{incr or 0:,.0f} req/s ({engine_rate / incr if incr else float('nan'):.3f}×)")


def part3(city, some):
    from django.db import connection

    db_rate, issued = claims_per_second(city, some, use_redis=False)
    hot = hot_row_baseline(issued)
    print(f"3. database-only path on {connection.vendor}: {db_rate:,.0f} claims/s ({issued:,} issued); single "
          f"hot-row conditional UPDATE: {hot:,.0f} updates/s; ratio {db_rate / hot:.2f}× (aim ≥ 1.5×)")


if __name__ == "__main__":
    sys.exit(main())
