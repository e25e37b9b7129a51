"""The deployment as an operator installs it (issue 19): Debian's nginx with the shipped site
(deploy/nginx/gonghui.conf, ports and paths swapped for the test's) in front of two gunicorn
instances and a Celery worker, over TLS with a certificate this test makes. Sign-in through the
proxy records the client's own address in the audit trail; the session works on either
instance; a 100 MB roster passes the proxy; an import queued through one instance is run by the
worker and its progress shows on the other; static files come from nginx, not gunicorn.
Runs in the PostgreSQL pass with Redis; outside CI it is skipped when nginx is not installed."""

import datetime
import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

import gonghui
from gonghui.core.models import AuditEntry
from gonghui.members.models import MemberImport

from ..members.test_imports import HEADER, good_rows

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
ROOT = Path(gonghui.__file__).resolve().parent.parent.parent
CLIENT_ADDRESS = "127.0.0.5"  # the "browser": loopback, but not the address gunicorn sees nginx on
WAIT = 120


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _certificate(folder):
    """A self-signed certificate for 127.0.0.1, made with `cryptography` (as an operator's CA would)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    import ipaddress

    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .sign(key, hashes.SHA256()))
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                       serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))


def _site(folder, http_port, https_port, web_ports, static_root):
    """The shipped site with the test's ports and paths; nothing else changed."""
    text = (ROOT / "deploy/nginx/gonghui.conf").read_text()
    text = re.sub(r"^\s*listen \[::\]:\d+.*$", "", text, flags=re.M)
    text = text.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    text = text.replace("server 127.0.0.1:8000", f"server 127.0.0.1:{web_ports[0]}")
    text = text.replace("server 127.0.0.1:8001", f"server 127.0.0.1:{web_ports[1]}")
    text = text.replace("/etc/gonghui/tls/", f"{folder}/")
    text = text.replace("/var/log/nginx/gonghui.access.log", f"{folder}/nginx-access.log")
    text = text.replace("/srv/gonghui/static/", f"{static_root}/")
    assert f"127.0.0.1:{https_port}" in text and str(static_root) in text, "the shipped site changed shape"
    (folder / "site.conf").write_text(text)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir()
    (folder / "nginx.conf").write_text(f"""
user root;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy; fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
    include {folder}/site.conf;
}}
""")


def _wait_for(port):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port}")


class Browser:
    """A client of nginx over TLS from CLIENT_ADDRESS, keeping its cookies."""

    def __init__(self, port):
        self.port, self.cookies = port, {}
        self.context = ssl.create_default_context()
        self.context.check_hostname, self.context.verify_mode = False, ssl.CERT_NONE

    def request(self, method, path, body=None, headers=None, port=None, tls=True):
        if tls:
            conn = http.client.HTTPSConnection("127.0.0.1", port or self.port, context=self.context, timeout=600,
                                               source_address=(CLIENT_ADDRESS, 0))
        else:  # straight to one gunicorn instance, as nginx would reach it
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        if not tls:
            headers |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": CLIENT_ADDRESS}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        for line in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = line.partition("=")
            self.cookies[name] = rest.split(";")[0]
        conn.close()
        return response, content

    def form(self, path, fields, files=None):
        """POST a form (multipart when files: {name: (file name, size, byte filler)}) with the CSRF token."""
        token = self.cookies["csrftoken"]
        origin = f"https://127.0.0.1:{self.port}"
        boundary = "gonghui-test-boundary"
        head = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in {**fields, "csrfmiddlewaretoken": token}.items())
        parts, length = [head], len(head)
        for name, (file_name, data) in (files or {}).items():
            top = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
                   f"Content-Type: text/csv\r\n\r\n").encode()
            parts += [top, data, b"\r\n"]
            length += len(top) + len(data) + 2
        tail = f"--{boundary}--\r\n".encode()
        parts.append(tail)
        length += len(tail)
        return self.request("POST", path, body=iter(parts), headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(length),
            "Origin": origin, "Referer": origin + path})


@pytest.fixture
def stack(transactional_db, tmp_path):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("the deployment test runs in the PostgreSQL pass, with Redis")
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is not installed (tools/test.sh installs Debian's nginx-light under CI)")
        pytest.skip("nginx is not installed: apt-get install nginx-light to run the deployment test")
    import redis

    broker = settings.REDIS_URL.rsplit("/", 1)[0] + "/10"
    redis.Redis.from_url(broker).flushdb()
    folder = tmp_path
    folder.chmod(0o755)
    _certificate(folder)
    web_ports, http_port, https_port = (_free_port(), _free_port()), _free_port(), _free_port()
    static_root = ROOT / "src/gonghui/core/static"
    _site(folder, http_port, https_port, web_ports, static_root)
    db = connection.settings_dict
    auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    env = os.environ | {
        "GONGHUI_ENV": "test", "DJANGO_SETTINGS_MODULE": "gonghui.settings", "GONGHUI_VAR_DIR": str(settings.VAR_DIR),
        "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL, "GONGHUI_BROKER_URL": broker, "GONGHUI_TASKS_IN_PROCESS": "false",
        "GONGHUI_BEHIND_PROXY": "true", "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https_port}",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    bin_dir = Path(sys.executable).parent
    procs = []

    def start(args, log):
        procs.append(subprocess.Popen(args, env=env, cwd=str(ROOT), stdout=open(folder / log, "wb"),  # noqa: S603,SIM115
                                      stderr=subprocess.STDOUT, start_new_session=True))

    for i, port in enumerate(web_ports):
        start([str(bin_dir / "gunicorn"), "-c", "python:gonghui.gunicorn_conf", "gonghui.wsgi", "--bind",
               f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", "--access-logfile",
               str(folder / f"web{i}-access.log")], f"web{i}.log")
    start([str(bin_dir / "celery"), "-A", "gonghui", "worker", "--pool=solo", "--without-gossip",
           "--without-mingle", "--without-heartbeat", "-l", "info"], "worker.log")
    start([nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"], "nginx.log")
    try:
        for port in (*web_ports, https_port):
            _wait_for(port)
        yield Browser(https_port), web_ports, folder
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def _sign_in(browser, username):
    browser.request("GET", "/accounts/login/")
    response, _body = browser.form("/accounts/login/", {"mode": "staff", "username": username,
                                                        "password": "Gonghui@2026"})
    return response


def test_the_deployment_behind_nginx(city, stack):
    browser, web_ports, folder = stack
    # sign-in through TLS; the trail records the browser's address, not nginx's
    response = _sign_in(browser, "county")
    assert response.status == 302 and response.getheader("Location") == "/", response.status
    entry = AuditEntry.objects.filter(action="login", actor=city.users["county"]).latest("id")
    assert entry.ip == CLIENT_ADDRESS and len(entry.request_id) == 32
    assert entry.request_id in (folder / "nginx-access.log").read_text()  # nginx's id, carried through
    # the session works on either instance
    for port in web_ports:
        page, body = browser.request("GET", "/", port=port, tls=False)
        assert page.status == 200 and "衡阳县总工会" in body.decode(), port
    # static files come from nginx with a year's cache; gunicorn never sees them
    css, body = browser.request("GET", "/static/gonghui/app.css")
    assert css.status == 200 and css.getheader("Server", "").startswith("nginx") and body
    assert "immutable" in css.getheader("Cache-Control", "")
    # an import queued through nginx is run by the worker; its progress shows on each instance
    rows = "\n".join(",".join(str(c) for c in r) for r in [HEADER, *good_rows(city, 5)]).encode() + b"\n"
    sent, _ = browser.form("/members/imports/new/", {"union": city.grassroots.pk}, {"file": ("roster.csv", rows)})
    assert sent.status == 302, sent.status
    imp = MemberImport.objects.latest("id")
    deadline = time.monotonic() + WAIT
    while MemberImport.objects.get(pk=imp.pk).state != "checked" and time.monotonic() < deadline:
        time.sleep(0.5)
    assert MemberImport.objects.get(pk=imp.pk).valid_rows == 5, (folder / "worker.log").read_text()[-2000:]
    for port in web_ports:
        page, body = browser.request("GET", f"/members/imports/{imp.pk}/", port=port, tls=False)
        text = body.decode()
        assert page.status == 200 and 'data-testid="count-valid">5<' in text and 'data-testid="confirm-import"' in text
    # a 100 MB roster passes the proxy (the site allows 120 MB) and is refused by its content, not its size
    big = b"\xef\xbb\xbf" + ",".join(HEADER).encode() + b"\n" + b"#" * (100 * 1024 * 1024)
    sent, body = browser.form("/members/imports/new/", {"union": city.grassroots.pk},
                              {"file": ("big.csv", big)})
    assert sent.status in (200, 302), sent.status  # not 413 from nginx
    assert MemberImport.objects.filter(file_size__gte=100 * 1024 * 1024).exists()
    for i in (0, 1):
        assert "/static/" not in (folder / f"web{i}-access.log").read_text()


def test_a_flash_rush_split_across_both_instances_never_over_issues(city, stack):
    """30 members with two phones each claim 10 coupons, every other request to the other
    instance: both share Redis and the database, so exactly 10 are issued, one per member."""
    import json
    import threading

    from gonghui.accounts.models import ApiToken
    from gonghui.campaigns import engine
    from gonghui.campaigns.models import Claim

    from ..campaigns.conftest import campaign, member

    browser, web_ports, _folder = stack
    coupon = campaign(city, stock=10)
    members = [member(city, login=True) for _ in range(30)]
    jobs = [(m, ApiToken.issue(m.user), engine.issue_token(coupon, m), web_ports[(i + k) % 2])
            for i, m in enumerate(members) for k in range(2)]
    answers, barrier = [], threading.Barrier(len(jobs))

    def claim(m, bearer, token, port):
        barrier.wait(timeout=60)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("POST", f"/api/v1/campaigns/{coupon.pk}/claim", body=json.dumps({"token": token}),
                     headers={"Authorization": f"Bearer {bearer}", "Content-Type": "application/json",
                              "X-Forwarded-Proto": "https"})
        answers.append((m.pk, conn.getresponse().status))
        conn.close()

    threads = [threading.Thread(target=claim, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    issued = [pk for pk, status in answers if status == 201]
    assert len(answers) == 60 and len(issued) == 10 and len(set(issued)) == 10, sorted(answers)
    assert Claim.objects.filter(campaign=coupon).count() == 10
