"""`gonghui doctor` names what is wrong with a deployment, in Chinese, and fails when it must."""

import datetime
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.management import CommandError, call_command

from gonghui.core import doctor

from ..factories import user

pytestmark = pytest.mark.django_db


def run():
    out = io.StringIO()
    try:
        call_command("doctor", stdout=out)
    except CommandError as e:
        return out.getvalue(), str(e)
    return out.getvalue(), ""


def certificate(tmp_path, days_left):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "gonghui.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - datetime.timedelta(days=400))
            .not_valid_after(now + datetime.timedelta(days=days_left, hours=1)).sign(key, hashes.SHA256()))
    path = tmp_path / "cert.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(path)


def test_a_healthy_test_deployment_passes_with_its_warnings_named():
    user("clerk", phone="13800138000")
    out, failed = run()
    assert failed == ""
    assert "✔ 数据库" in out and "✔ 字段密钥" in out and "✔ 任务队列" in out
    assert "! 后台工作进程：未配置消息代理" in out  # the test profile runs tasks in process


def test_data_sealed_under_a_key_no_longer_configured_fails(settings):
    settings.FIELD_KEYS = {"old": bytes(range(1, 33))}
    user("clerk", phone="13800138000")
    settings.FIELD_KEYS = {"new": bytes(range(2, 34))}
    out, failed = run()
    assert "✘ 字段密钥" in out and "old" in out and "GONGHUI_FIELD_KEYS" in out
    assert failed == "1 项检查未通过。"


def test_values_under_an_older_key_ask_to_finish_the_rotation(settings):
    settings.FIELD_KEYS = {"old": bytes(range(1, 33))}
    user("clerk", phone="13800138000")
    settings.FIELD_KEYS = {"new": bytes(range(2, 34)), "old": bytes(range(1, 33))}
    out, _ = run()
    assert "! 字段密钥" in out and "rotate_field_keys" in out


@pytest.mark.parametrize("days, mark, words", [(200, "✔", "还有效"), (10, "!", "天后到期"), (-3, "✘", "已过期")])
def test_the_certificate_expiry(settings, tmp_path, days, mark, words):
    settings.GONGHUI_TLS_CERT = certificate(tmp_path, days)
    finding = doctor._certificate(settings.GONGHUI_TLS_CERT)
    assert {"✔": doctor.OK, "!": doctor.WARN, "✘": doctor.FAIL}[mark] == finding.status
    out, _ = run()
    assert f"{mark} 证书" in out and words in out


def test_a_full_disk_and_an_unreachable_redis_fail(settings):
    settings.GONGHUI_MIN_FREE_MB = 10**12
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    out, failed = run()
    assert "✘ 磁盘空间" in out and "✘ Redis" in out and "REDIS_URL" in out
    assert failed == "2 项检查未通过。"
