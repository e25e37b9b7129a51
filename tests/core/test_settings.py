"""Settings layers: production is strict and complete; Redis is used for real when configured."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def run_gonghui(*args, **env):
    full = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGHUI_", "REDIS_URL"))}
    full.update(env)
    return subprocess.run([sys.executable, "-m", "gonghui", *args], env=full, capture_output=True, text=True,
                          timeout=120)


def test_production_refuses_to_start_without_a_secret_key():
    r = run_gonghui("check", GONGHUI_ENV="production", DATABASE_URL="sqlite:///:memory:")
    assert r.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in r.stderr


def test_production_passes_the_deploy_check(tmp_path):
    r = run_gonghui("check", "--deploy", "--fail-level", "WARNING", GONGHUI_ENV="production",
                    DJANGO_SECRET_KEY="k" * 20 + "-Zq8#vT2!mN5@xW9$bR4%pL7^sD1&hF6*",
                    DJANGO_ALLOWED_HOSTS="gonghui.example.cn",
                    GONGHUI_FIELD_KEYS="k1:" + "A" * 43 + "=", GONGHUI_LOOKUP_KEY="B" * 43 + "=",
                    GONGHUI_AUDIT_KEYS="a1:" + "C" * 43 + "=",
                    DATABASE_URL="sqlite:///:memory:", GONGHUI_VAR_DIR=str(tmp_path))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no issues" in r.stdout


def test_an_unknown_profile_is_refused():
    r = run_gonghui("check", GONGHUI_ENV="staging")
    assert r.returncode != 0 and "GONGHUI_ENV must be one of" in r.stderr


def test_security_baseline_settings():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] == ["'self'"]


def test_pages_carry_security_headers(client, city):
    client.force_login(city.users["county"])
    r = client.get("/")
    assert "script-src 'self'" in r["Content-Security-Policy"]
    assert r["X-Frame-Options"] == "DENY" and r["X-Content-Type-Options"] == "nosniff"


@pytest.mark.redis
@pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL is not set (tools/test.sh sets it for PostgreSQL)")
def test_redis_is_the_cache_when_configured():
    import redis
    from django.core.cache import cache, caches

    assert caches["default"].__class__.__name__ == "RedisCache"
    cache.set("gonghui-test", {"工会": 1}, 30)
    assert cache.get("gonghui-test") == {"工会": 1}
    raw = redis.Redis.from_url(settings.REDIS_URL)
    assert any(b"gonghui-test" in k for k in raw.keys("*gonghui-test*"))
    cache.delete("gonghui-test")


def test_the_deploy_environment_template_is_complete(tmp_path):
    """deploy/gonghui.env.example names every variable production needs: with its placeholders
    replaced by real values, the deploy check passes."""
    from pathlib import Path

    template = Path(__file__).resolve().parents[2] / "deploy" / "gonghui.env.example"
    env = dict(line.split("=", 1) for line in template.read_text().splitlines() if line and not line.startswith("#"))
    real = {"change-me": "k" * 20 + "-Zq8#vT2!mN5@xW9$bR4%pL7^sD1&hF6*", "base64-of-32-bytes": "A" * 43 + "="}
    env = {k: next((v.replace(p, r) for p, r in real.items() if p in v), v) for k, v in env.items()}
    env.update(DATABASE_URL="sqlite:///:memory:", REDIS_URL="", GONGHUI_VAR_DIR=str(tmp_path),
               GONGHUI_STATIC_ROOT=str(tmp_path / "static"))
    r = run_gonghui("check", "--deploy", "--fail-level", "WARNING", **env)
    assert r.returncode == 0, r.stdout + r.stderr
