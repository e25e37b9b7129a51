"""The server's access log keeps no query string and no referrer (gonghui.gunicorn_conf, which
`make run` and the README's deployment use): a phone in an old ?q= link never reaches the log.
Runs the real gunicorn with that configuration and reads what it wrote."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import gonghui

PHONE, ID_NUMBER = "13912345678", "43042119900101123X"
SRC = Path(gonghui.__file__).resolve().parent.parent


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url, **headers):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:  # noqa: S310
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_the_access_log_has_paths_without_queries_or_referrers(tmp_path):
    port, log = _free_port(), tmp_path / "access.log"
    env = {**os.environ, "GONGHUI_ENV": "test", "GONGHUI_VAR_DIR": str(tmp_path),
           "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-m", "gunicorn", "-c", "python:gonghui.gunicorn_conf", "gonghui.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", str(log)],
        env=env, cwd=str(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):  # until it answers (Django starting), at most a minute
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        _get(f"{base}/members/?q={PHONE}&page=2", Referer=f"{base}/members/?q={ID_NUMBER}")
        _get(f"{base}/api/v1/members?q={ID_NUMBER}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    assert '"GET /members/ HTTP/1.1"' in text and '"GET /api/v1/members HTTP/1.1"' in text
    assert PHONE not in text and ID_NUMBER not in text and "?" not in text
    # each line ends with the request id the application's logs and audit trail carry
    assert all(re.search(r" [0-9a-f]{32}$", line) for line in text.splitlines() if line)
