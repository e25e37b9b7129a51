"""Two web instances against one (issue 19): requests/s on the union list page and the claim
endpoint. Prints figures and the ratio to one instance; asserts nothing about speed.

The city is the demo city (`gonghui demo --size BENCH_DEMO_SIZE`, 0.1 by default: about 30,000
members and 300 grassroots unions), built once in its own PostgreSQL database and kept for the
next run. Every instance is `gunicorn -c python:gonghui.gunicorn_conf gonghui.wsgi` as deployed
(deploy/systemd/gonghui-web@.service), GONGHUI_BEHIND_PROXY=true, one shared PostgreSQL and Redis.

The load: two `wrk -t1 -c8` processes (BENCH_CONNECTIONS) run side by side in every configuration; with
two instances each sends to its own instance's port (the load generator splits the traffic
between the ports, as nginx's upstream does; no nginx in the path, it would take CPU from the two
cores under test; tests/deploy/test_nginx.py covers the proxy). Measured:

- GET /orgs/unions/ signed in as `county` (衡阳县总工会 组织部, a clerk), SIGN_INS sessions
  signed in through the login form, a random one per request (each request saves its session:
  SESSION_SAVE_EVERY_REQUEST);
- POST /api/v1/campaigns/{id}/claim with a member's API token and a fresh claim token, a new
  campaign (stock never runs out, one unit per member) for every configuration, each request a
  different member and a different client address in X-Forwarded-For (the per-address limit is
  the deployment's, 120 per 10 s). Issued claims are counted in the database afterwards.

Configurations (BENCH_INSTANCE_WORKERS workers × 4 threads per instance, 1 by default: one
process per core, its threads cover the waits on PostgreSQL and Redis):

1. one instance pinned to CPU 0 (taskset), the baseline;
2. two instances, pinned to CPU 0 and CPU 1: the ratio 2 ÷ 1 is the figure of the issue (aim ≥ 1.7×);
3. one instance unpinned with 2 × BENCH_INSTANCE_WORKERS workers, for comparison: the same two cores
   given to one instance.

What the ratio means here: this machine has 2 cores, and wrk, PostgreSQL and Redis run on the
same two cores as the instances (and other jobs may too: `uptime` is printed with every
figure). Pinning keeps the one-instance baseline to one core, so configuration 2 adds a core
along with the instance: the ratio shows that nothing shared (a lock, a hot row, the session
table, Redis) stops a second instance from adding throughput; it cannot reach 2× because the
database and the load generator take their share of the same cores. Configuration 3 is there for
comparison: on one host a second instance is no more than a second worker (expect about 1×;
on this shared machine it swings with the load); instances are for a second host.

Because requests/s swing with whatever else runs, each figure also gives what a request cost in
CPU time, summed from /proc over the instances' processes and this database's PostgreSQL
backends (Django keeps its connections): that figure does not move with the load, and the last
line turns PostgreSQL's share into requests/s per database core.

The instances read the keys under GONGHUI_VAR_DIR, as the bench itself does: run the bench with
the GONGHUI_VAR_DIR the city was built with (the sealed values open only with those keys).

    BENCH_SCALE_URL=postgres://postgres@127.0.0.1:5432/gh_scale REDIS_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python bench/two_instances.py [--quick]
"""

import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
# Its own database, whatever DATABASE_URL says: tools/bench.sh runs every script on one database,
# and other scripts flush theirs. The demo city is built there once and kept.
SCALE_URL = os.environ.get("BENCH_SCALE_URL", "postgres://postgres@127.0.0.1:5432/gh_scale")
QUICK = "--quick" in sys.argv
SIZE = float(os.environ.get("BENCH_DEMO_SIZE", "0.1"))
SECONDS = int(os.environ.get("BENCH_HTTP_SECONDS", "8" if QUICK else "20"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))  # per wrk process; two processes
WORKERS = int(os.environ.get("BENCH_INSTANCE_WORKERS", "1"))
THREADS = int(os.environ.get("BENCH_INSTANCE_THREADS", "4"))
SIGN_INS = int(os.environ.get("BENCH_SIGN_INS", "16"))
CLERK = "county"
PASSWORD = "Gonghui@2026"  # noqa: S105 - the published password of the demo logins

PAGE_SCRIPT = """
local cookies = {}
init = function(args)
  for line in io.lines(args[1]) do table.insert(cookies, line) end
end
request = function()
  return wrk.format("GET", nil, {["Cookie"] = cookies[math.random(#cookies)]})
end
"""

CLAIM_SCRIPT = """
local lines = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do table.insert(lines, line) end
end
request = function()
  i = i + 1
  local line = lines[((i - 1) % #lines) + 1]
  local a, b = string.find(line, " ", 1, true)
  local c = string.find(line, " ", a + 1, true)
  local ip, bearer, token = string.sub(line, 1, a - 1), string.sub(line, a + 1, c - 1), string.sub(line, c + 1)
  return wrk.format("POST", nil, {["Authorization"] = "Bearer " .. bearer, ["Content-Type"] = "application/json",
                                  ["X-Forwarded-For"] = ip}, '{"token": "' .. token .. '"}')
end
"""


def setup():
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/6")
    sys.path[:0] = [str(ROOT / "bench")]
    from common import start_django

    os.environ["DATABASE_URL"] = SCALE_URL
    start_django(SCALE_URL)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # as deployed: pages name hashed files


def load():
    """(1-, 5-, 15-minute load averages) as `uptime` prints them."""
    return "load " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


# --- the city ----------------------------------------------------------------------------------------

def build_city():
    from django.core.management import call_command

    from gonghui.members.models import Member
    from gonghui.orgs.models import Union

    if not Union.objects.exists():
        t0 = time.perf_counter()
        call_command("demo", size=SIZE, verbosity=0)
        print(f"demo city built (--size {SIZE:g}) in {time.perf_counter() - t0:.0f} s")
    from gonghui.accounts.models import User

    if not User.objects.filter(username__in=[CLERK, "publicity"]).count() == 2:
        raise SystemExit(f"{SCALE_URL} holds unions but not the demo logins: drop it and run again")
    members = Member.objects.in_good_standing().count()
    print(f"city: {Member.objects.count():,} members ({members:,} in good standing), "
          f"{Union.objects.filter(kind='grassroots').count():,} grassroots unions")


def claimers():
    """Members in good standing without a login, each given a bench user and a fresh API token
    (the raw tokens are not stored, so they are made again every run)."""
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from gonghui.accounts.models import ApiToken, User, _digest
    from gonghui.members.models import Member

    ApiToken.objects.filter(user__username__startswith="bench-scale-").delete()  # an earlier run's
    with transaction.atomic():
        fresh = list(Member.objects.in_good_standing().filter(user__isnull=True).order_by("pk"))
        users = User.objects.bulk_create([User(username=f"bench-scale-{m.pk}", kind="member", full_name=m.name)
                                          for m in fresh], batch_size=2000)
        for m, u in zip(fresh, users, strict=True):
            m.user_id = u.pk
        Member.objects.bulk_update(fresh, ["user"], batch_size=2000)
    members = list(Member.objects.in_good_standing().filter(user__username__startswith="bench-scale-")
                   .select_related("user").order_by("pk"))
    raws = [secrets.token_urlsafe(32) for _ in members]
    until = timezone.now() + settings.API_TOKEN_TTL
    ApiToken.objects.bulk_create([ApiToken(user=m.user, digest=_digest(raw), expires_at=until)
                                  for m, raw in zip(members, raws, strict=True)], batch_size=2000)
    return list(zip(members, raws, strict=True))


def new_campaign(n):
    from django.utils import timezone

    from gonghui.accounts.models import User
    from gonghui.campaigns import engine, services
    from gonghui.orgs.models import Union

    now = timezone.now()
    campaign = services.create_campaign(
        acting_user=User.objects.get(username="publicity"), union=Union.objects.get(depth=1),
        title="扩容测试观影券", stock=n, per_member_limit=1, mode="fcfs",
        starts_at=now - timedelta(minutes=1), ends_at=now + timedelta(hours=2), publish=True)
    engine.rebuild(campaign)
    return campaign


def claim_files(folder, campaign, pairs):
    """Two files of `address bearer claim-token` lines, one per wrk process, no member in both."""
    from gonghui.campaigns import engine

    random.shuffle(pairs)
    paths = []
    for k in (0, 1):
        lines = [f"10.{(i // 250) % 250}.{i % 250}.{k + 1} {raw} {engine.issue_token(campaign, m)}"
                 for i, (m, raw) in enumerate(pairs[k::2])]
        path = folder / f"claims-{campaign.pk}-{k}.txt"
        path.write_text("\n".join(lines) + "\n")
        paths.append(path)
    return paths


# --- instances ---------------------------------------------------------------------------------------

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Instance:
    """One gunicorn instance as deployed, optionally pinned to CPUs with taskset."""

    def __init__(self, folder, cpus=None, workers=WORKERS):
        self.port, self.workers, self.cpus = _free_port(), workers, cpus
        env = os.environ | {"GONGHUI_BEHIND_PROXY": "true", "DJANGO_SETTINGS_MODULE": "gonghui.settings",
                            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
        command = [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:gonghui.gunicorn_conf", "gonghui.wsgi",
                   "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers), "--threads", str(THREADS),
                   "--log-level", "warning"]
        if cpus is not None and shutil.which("taskset"):
            command = ["taskset", "-c", cpus, *command]
        self.log = folder / f"web-{self.port}.log"
        self.proc = subprocess.Popen(command, env=env, cwd=str(ROOT), stdout=open(self.log, "wb"),  # noqa: S603,SIM115
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"gunicorn stopped: {self.log.read_text()[-2000:]}") from None
                time.sleep(0.2)
        # every worker boots Django on its own: ask until each has answered a few times
        for _ in range(8 * workers * THREADS):
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            conn.close()

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)

    def __str__(self):
        return f"{self.workers}×{THREADS}" + (f" on CPU {self.cpus}" if self.cpus is not None else "")


def sign_in(port):
    """Sign the clerk in through the login form; the session and CSRF cookies as one header."""
    cookies = {}

    def request(method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request(method, path, body=body, headers={
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), **(headers or {})})
        response = conn.getresponse()
        response.read()
        for line in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = line.partition("=")
            cookies[name] = rest.split(";")[0]
        conn.close()
        return response

    request("GET", "/accounts/login/")
    body = "&".join(f"{k}={quote(v)}" for k, v in {"mode": "staff", "username": CLERK, "password": PASSWORD,
                                                     "csrfmiddlewaretoken": cookies["csrftoken"]}.items())
    answer = request("POST", "/accounts/login/", body, {"Content-Type": "application/x-www-form-urlencoded"})
    if answer.status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"sign-in of {CLERK} failed: {answer.status}")
    page = request("GET", "/orgs/unions/")
    if page.status != 200:
        raise RuntimeError(f"/orgs/unions/ answered {page.status} to the signed-in clerk")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


# --- CPU time: what a request costs the database and the web process, whatever else runs ----------

TICK = os.sysconf("SC_CLK_TCK")
DB_CPU = []  # (PostgreSQL seconds, requests) of the page and of the claims, per configuration


def _cpu(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def cpu_snapshot(instances):
    """{"db": {pid: seconds}, "web": {pid: seconds}}: the PostgreSQL backends of this database
    (Django keeps its connections, CONN_MAX_AGE) and every process of the instances."""
    name = SCALE_URL.rsplit("/", 1)[-1]
    groups = {i.proc.pid for i in instances}
    snap = {"db": {}, "web": {}}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            group = os.getpgid(int(entry.name))
        except OSError:
            continue
        kind = "db" if cmdline.startswith("postgres: ") and f" {name} " in cmdline else (
            "web" if group in groups else None)
        if kind and (seconds := _cpu(entry.name)) is not None:
            snap[kind][entry.name] = seconds
    return snap


def cpu_used(before, after):
    return {k: sum(v - before[k].get(pid, 0.0) for pid, v in after[k].items()) for k in ("db", "web")}


# --- load --------------------------------------------------------------------------------------------

def wrk(urls, script, files, seconds=SECONDS):
    """Run one `wrk -t1` per url at once (files[i] its data); (requests/s summed, non-2xx, p99s)."""
    exe = shutil.which("wrk")
    procs = []
    for url, data in zip(urls, files, strict=True):
        cmd = [exe, "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s", "-s", str(script),
               url, "--", str(data)]
        procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))  # noqa: S603
    rps, bad, p99 = 0.0, 0, []
    for proc in procs:
        out = proc.communicate()[0]
        got = re.search(r"Requests/sec:\s+([\d.]+)", out)
        if not got:
            print(out)
            continue
        rps += float(got.group(1))
        m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        bad += int(m.group(1)) if m else 0
        m = re.search(r"^\s+99%\s+(\S+)", out, flags=re.M)
        p99.append(m.group(1) if m else "?")
    return rps, bad, "/".join(p99)


def per_request(used, rps):
    """CPU milliseconds per request of PostgreSQL and of the web instances."""
    n = rps * SECONDS
    if not n:
        return ""
    return f"CPU per request: PostgreSQL {used['db'] * 1000 / n:.1f} ms, web {used['web'] * 1000 / n:.1f} ms"


def measure(label, instances, folder, pairs, cookie_file, page_script, claim_script):
    from django.db import connections

    from gonghui.campaigns.models import Claim

    ports = [i.port for i in instances]
    ports = ports * (2 // len(ports))  # two wrk processes always; one instance gets both
    pages = [f"http://127.0.0.1:{p}/orgs/unions/" for p in ports]
    wrk(pages, page_script, [cookie_file] * 2, seconds=3)  # warm: templates, plans, connections
    before = cpu_snapshot(instances)
    page = wrk(pages, page_script, [cookie_file] * 2)
    page_cpu = cpu_used(before, cpu_snapshot(instances))
    page_load = load()
    campaign = new_campaign(len(pairs) + 10)
    files = claim_files(folder, campaign, pairs)
    connections.close_all()  # this process's own backend is not counted as the instances' load
    before = cpu_snapshot(instances)
    claim = wrk([f"http://127.0.0.1:{p}/api/v1/campaigns/{campaign.pk}/claim" for p in ports], claim_script, files)
    claim_cpu = cpu_used(before, cpu_snapshot(instances))
    issued = Claim.objects.filter(campaign=campaign).count()
    print(f"{label} [{', '.join(str(i) for i in instances)}]:")
    print(f"   union list page: {page[0]:,.0f} req/s (non-2xx {page[1]}, p99 {page[2]}); "
          f"{per_request(page_cpu, page[0])} [{page_load}]")
    print(f"   claim endpoint:  {claim[0]:,.0f} req/s, {issued / SECONDS:,.0f} issued claims/s ({issued:,} issued, "
          f"non-201 {claim[1]}, p99 {claim[2]}); {per_request(claim_cpu, claim[0])} [{load()}]")
    DB_CPU.append((page_cpu["db"], page[0] * SECONDS, claim_cpu["db"], claim[0] * SECONDS))
    if issued >= len(pairs) * 0.95:
        print("   (every member had claimed: raise BENCH_DEMO_SIZE for longer runs)")
    return page[0], claim[0]


def main():
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk (tools/debian.sh lists it)")
        return 1
    setup()
    from django.db import connections

    print(f"two_instances on {os.environ['DATABASE_URL'].rsplit('/', 1)[-1]}, Redis {os.environ['REDIS_URL']}, "
          f"{os.cpu_count()} CPUs, wrk 2 × -t1 -c{CONNECTIONS}, {SECONDS} s per figure, {load()}")
    build_city()
    pairs = claimers()
    connections.close_all()
    folder = Path(tempfile.mkdtemp(prefix="two_instances_"))
    page_script, claim_script = folder / "page.lua", folder / "claim.lua"
    page_script.write_text(PAGE_SCRIPT)
    claim_script.write_text(CLAIM_SCRIPT)
    cookie_file = folder / "cookies.txt"
    results = {}
    running = []
    try:
        running = [Instance(folder, cpus="0")]
        cookie_file.write_text("\n".join(sign_in(running[0].port) for _ in range(SIGN_INS)) + "\n")
        args = (folder, pairs, cookie_file, page_script, claim_script)
        results["one"] = measure("1. one instance", running, folder, *args[1:])
        running.append(Instance(folder, cpus="1"))
        results["two"] = measure("2. two instances", running, folder, *args[1:])
        for inst in running:
            inst.stop()
        running = [Instance(folder, workers=2 * WORKERS)]
        results["wide"] = measure("3. one instance, both CPUs", running, folder, *args[1:])
    finally:
        for inst in running:
            inst.stop()
        connections.close_all()
    (one_page, one_claim), (two_page, two_claim) = results["one"], results["two"]
    wide_page, wide_claim = results["wide"]
    def ratio(a, b):
        return f"{a / b:.2f}×" if b else "n/a (nothing answered)"

    print(f"ratio two instances / one: union list page {ratio(two_page, one_page)}, claim endpoint "
          f"{ratio(two_claim, one_claim)} (aim ≥ 1.7×; on this 2-core machine wrk, PostgreSQL and Redis share "
          f"the instances' cores)")
    print(f"ratio two instances / one instance with both CPUs: union list page {ratio(two_page, wide_page)}, "
          f"claim endpoint {ratio(two_claim, wide_claim)} (expected ≈ 1×: on one host an instance is a worker)")
    page_db, pages, claim_db, claims = (sum(x[i] for x in DB_CPU) for i in range(4))
    if page_db and claim_db:
        print(f"one PostgreSQL core, at the CPU these requests cost it over all three runs, serves about "
              f"{pages / page_db:,.0f} union list pages/s or {claims / claim_db:,.0f} claims/s "
              f"({page_db * 1000 / pages:.1f} and {claim_db * 1000 / claims:.1f} ms each)")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
