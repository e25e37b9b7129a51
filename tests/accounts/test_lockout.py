"""Nobody locks someone else out by typing their name (issue 14): failures count per account and
address together; a lockout and a changed password end the account's API tokens."""

from django.test import Client

from gonghui.accounts import services
from gonghui.accounts.models import ApiToken
from gonghui.core.models import AuditEntry

from ..factories import PASSWORD

URL = "/api/v1/auth/login"


def _login(ip, username, password):
    return Client(REMOTE_ADDR=ip).post(URL, {"username": username, "password": password},
                                       content_type="application/json")


def test_a_stranger_cannot_lock_the_owner_out_from_another_address(city):
    for _ in range(6):
        _login("203.0.113.9", "county", "wrong")
    # The flood from that address is throttled: even the right password is refused there.
    assert _login("203.0.113.9", "county", PASSWORD).status_code == 403
    # The owner at their own desk still signs in.
    r = _login("10.1.2.3", "county", PASSWORD)
    assert r.status_code == 200, r.content


def test_a_lockout_ends_the_accounts_api_tokens_and_tells_the_owner(city):
    county = city.users["county"]
    token = ApiToken.issue(county)
    assert Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/unions").status_code == 200
    for _ in range(5):
        _login("203.0.113.9", "county", "wrong")
    assert not ApiToken.objects.filter(user=county).exists()
    assert Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/unions").status_code == 401
    entry = AuditEntry.objects.get(action="account_locked", object_id=str(county.pk))
    assert entry.changes == {"ip_address": "203.0.113.9", "tokens_revoked": 1}


def test_a_changed_password_ends_the_accounts_api_tokens(city):
    county = city.users["county"]
    ApiToken.issue(county)
    ApiToken.issue(city.users["city"])
    services.change_own_password(acting_user=county, old_password=PASSWORD, new_password="Xq7#mR2!vN9@kL")
    assert not ApiToken.objects.filter(user=county).exists()
    assert ApiToken.objects.filter(user=city.users["city"]).exists()


def test_signing_in_keeps_the_tokens(city):
    county = city.users["county"]
    ApiToken.issue(county)
    assert _login("10.1.2.3", "county", PASSWORD).status_code == 200
    assert ApiToken.objects.filter(user=county).count() == 2


def test_a_lockout_tells_the_owner_in_the_inbox_and_by_sms(city, settings, django_capture_on_commit_callbacks):
    """The owner learns of the lockout through notices.notify(): an inbox item and an SMS to the
    account's phone (account_locked must not be missed), naming the address it came from."""
    from gonghui.accounts.sms import MemorySmsBackend
    from gonghui.notices.models import Notice

    settings.SMS_BACKEND = "gonghui.accounts.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    county = city.users["county"]
    county.phone = "13800000077"
    county.save(update_fields=["phone", "phone_index"])
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            _login("203.0.113.9", "county", "wrong")
    notice = Notice.objects.get(user=county, kind="account_locked")
    assert notice.channel == "sms"
    assert "锁定" in notice.outbox.title and "203.0.113.9" in notice.outbox.body
    assert [phone for phone, _text in MemorySmsBackend.outbox] == ["13800000077"]
    MemorySmsBackend.outbox.clear()
    # Another account is told nothing.
    assert not Notice.objects.exclude(user=county).filter(kind="account_locked").exists()
