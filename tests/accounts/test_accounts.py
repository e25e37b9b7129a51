"""Signing in (staff, members, lockout, SMS codes, TOTP), account security, and staff accounts
managed within each persona's subtree."""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import password_validation
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.accounts import services, views
from gonghui.accounts.models import Grant, Role, User
from gonghui.accounts.sms import MemorySmsBackend
from gonghui.core.models import AuditEntry

from ..factories import PASSWORD, user

LOGIN = reverse("accounts:login")
OTP = reverse("accounts:otp")
STAFF_LIST = reverse("accounts:staff_list")
MEMBER_PHONE = "13800138000"
OTHER_PHONE = "13900139000"


def _forget_rate_limits():
    for phone in (MEMBER_PHONE, OTHER_PHONE):
        cache.delete_many([services.SMS_PER_MINUTE_KEY.format(phone=phone),
                           services.SMS_PER_HOUR_KEY.format(phone=phone)])


@pytest.fixture(autouse=True)
def _fresh_rate_limits_and_outbox():
    """Rate-limit counters live in the cache (Redis, shared, on the PostgreSQL run): start
    clean, touching only this module's keys."""
    _forget_rate_limits()
    MemorySmsBackend.outbox.clear()
    yield
    _forget_rate_limits()
    MemorySmsBackend.outbox.clear()


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "gonghui.accounts.sms.MemorySmsBackend"
    return MemorySmsBackend.outbox


@pytest.fixture
def member(city):
    return User.objects.create_user(username="m13800138000", password=PASSWORD, phone=MEMBER_PHONE,
                                    kind=User.Kind.MEMBER, full_name="李会员")


@pytest.fixture
def county_staff(city):
    """Staff inside the county (a grassroots union there) and inside county2."""
    return {"here": user("clerk_here", "union_staff", city.grassroots),
            "there": user("clerk_there", "union_staff", city.grassroots2)}


def text(message):
    return escape(str(message))


def staff_login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"mode": "staff", "username": username, "password": password, **extra})


def session_user_id(client):
    return client.session.get("_auth_user_id")


def current_token(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def verify_second_factor(client, user_obj):
    """Give `user_obj` a confirmed TOTP device and pass the OTP page with its current code."""
    device = TOTPDevice.objects.create(user=user_obj, name="phone", confirmed=True)
    response = client.post(OTP, {"token": current_token(device), "next": STAFF_LIST})
    assert response.status_code == 302, response.content.decode()[:500]
    return device


# --- staff sign-in -------------------------------------------------------------------------

def test_login_page_shows_staff_and_member_tabs(client, city):
    response = client.get(LOGIN)
    assert response.status_code == 200
    page = response.content.decode()
    for testid in ("login-staff", "login-member-password", "login-member-sms", "send-code"):
        assert f'data-testid="{testid}"' in page
    assert "<script>" not in page and 'style="' not in page  # the CSP forbids both


def test_staff_login_success_is_audited(client, city):
    response = staff_login(client, "county")
    assert response.status_code == 302 and response.url == "/"
    assert session_user_id(client) == str(city.users["county"].pk)
    assert AuditEntry.objects.filter(action="login", actor=city.users["county"]).exists()


def test_staff_login_failure_is_audited(client, city):
    response = staff_login(client, "county", "wrong-password")
    assert response.status_code == 200
    assert text(views.LOGIN_ERRORS["staff"]) in response.content.decode()
    assert session_user_id(client) is None
    failed = AuditEntry.objects.get(action="login_failed")
    assert failed.actor_label == "county" and failed.object_id == str(city.users["county"].pk)


def test_next_is_followed_only_on_this_site(client, city):
    response = staff_login(client, "county", next="/accounts/security/")
    assert response.url == "/accounts/security/"
    client.logout()
    response = staff_login(client, "county", next="https://evil.example/phish")
    assert response.url == "/"


def test_logout_needs_post_and_is_audited(login, city):
    client = login("county")
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and session_user_id(client) is None
    assert AuditEntry.objects.filter(action="logout", actor=city.users["county"]).exists()


def test_five_failures_lock_the_account_for_30_minutes(client, city):
    for _ in range(4):
        assert staff_login(client, "county", "wrong-password").status_code == 200
    locked = staff_login(client, "county", "wrong-password")
    assert locked.status_code in (403, 429)
    assert text(views.LOCKED_MESSAGE) in locked.content.decode()
    assert 'data-testid="locked"' in locked.content.decode()
    # Even the right password is refused while the lock lasts.
    again = staff_login(client, "county")
    assert again.status_code in (403, 429) and session_user_id(client) is None
    assert django_settings.AXES_FAILURE_LIMIT == 5
    assert django_settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60


@pytest.mark.xfail(not getattr(django_settings, "AXES_LOCKOUT_CALLABLE", None), strict=True,
                   reason='needs AXES_LOCKOUT_CALLABLE = "gonghui.accounts.views.lockout_response" in settings: '
                          "without it AxesMiddleware replaces the API's JSON 403 with the HTML lockout page")
def test_api_login_is_locked_after_five_failures(client, city):
    url = "/api/v1/auth/login"
    for _ in range(5):
        response = client.post(url, {"username": "county", "password": "wrong"}, content_type="application/json")
    response = client.post(url, {"username": "county", "password": PASSWORD}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == str(views.LOCKED_MESSAGE)


def test_unlock_lets_a_locked_account_in_again(client, login, city):
    for _ in range(5):
        staff_login(client, "union", "wrong")
    assert services.is_locked_out(city.users["union"])
    county = login("county")
    response = county.post(reverse("accounts:staff_unlock", args=[city.users["union"].pk]))
    assert response.status_code == 302
    assert not services.is_locked_out(city.users["union"])
    assert AuditEntry.objects.filter(action="unlock", object_id=str(city.users["union"].pk)).exists()
    fresh = Client()
    assert staff_login(fresh, "union").status_code == 302


# --- members -------------------------------------------------------------------------------

def test_member_login_with_phone_and_password(client, member):
    response = client.post(LOGIN, {"mode": "password", "phone": MEMBER_PHONE, "password": PASSWORD})
    assert response.status_code == 302
    assert session_user_id(client) == str(member.pk)


def test_member_wrong_password_stays_on_member_tab(client, member):
    response = client.post(LOGIN, {"mode": "password", "phone": MEMBER_PHONE, "password": "nope"})
    assert response.status_code == 200 and session_user_id(client) is None
    assert response.context["tab"] == "member"
    assert text(views.LOGIN_ERRORS["password"]) in response.content.decode()


def test_member_login_with_sms_code(client, member, sms_outbox):
    response = client.post(reverse("accounts:sms_code"), {"phone": MEMBER_PHONE}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert text(views.SMS_REPLIES["ok"]) in response.content.decode()
    assert len(sms_outbox) == 1 and sms_outbox[0][0] == MEMBER_PHONE
    code = re.search(r"\b(\d{6})\b", sms_outbox[0][1]).group(1)
    response = client.post(LOGIN, {"mode": "sms", "phone": MEMBER_PHONE, "sms_code": code})
    assert response.status_code == 302 and session_user_id(client) == str(member.pk)
    # A code works once.
    other = Client()
    response = other.post(LOGIN, {"mode": "sms", "phone": MEMBER_PHONE, "sms_code": code})
    assert response.status_code == 200 and session_user_id(other) is None


def test_sms_answer_does_not_reveal_whether_a_number_is_registered(client, member, sms_outbox):
    known = client.post(reverse("accounts:sms_code"), {"phone": MEMBER_PHONE}, headers={"HX-Request": "true"})
    unknown = client.post(reverse("accounts:sms_code"), {"phone": OTHER_PHONE}, headers={"HX-Request": "true"})
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert [phone for phone, _ in sms_outbox] == [MEMBER_PHONE]


def test_sms_codes_are_rate_limited_per_number(client, member, sms_outbox):
    url = reverse("accounts:sms_code")
    hx = {"HX-Request": "true"}
    client.post(url, {"phone": MEMBER_PHONE}, headers=hx)
    limited = client.post(url, {"phone": MEMBER_PHONE}, headers=hx)
    assert text(views.SMS_REPLIES["limited"]) in limited.content.decode()
    assert len(sms_outbox) == 1  # at most one a minute
    for _ in range(6):  # let each minute pass; the hour still counts
        cache.delete(services.SMS_PER_MINUTE_KEY.format(phone=MEMBER_PHONE))
        client.post(url, {"phone": MEMBER_PHONE}, headers=hx)
    assert len(sms_outbox) == 5  # at most five an hour
    # Another number has its own allowance; a malformed one is refused with a clear message.
    assert services.request_sms_code(OTHER_PHONE) == "ok"
    bad = client.post(url, {"phone": "12345"}, headers=hx)
    assert text(views.SMS_REPLIES["invalid"]) in bad.content.decode()


def test_sms_code_without_htmx_redirects_to_member_tab(client, member, sms_outbox):
    response = client.post(reverse("accounts:sms_code"), {"phone": MEMBER_PHONE})
    assert response.status_code == 302 and response.url.endswith("?tab=member&method=sms")
    assert len(sms_outbox) == 1
    page = client.get(response.url)
    assert page.context["tab"] == "member" and page.context["member_method"] == "sms"


def test_axes_counts_phone_sign_ins_under_the_account(member):
    assert views.axes_username(None, {"phone": MEMBER_PHONE}) == member.username
    unknown = views.axes_username(None, {"phone": OTHER_PHONE})
    assert unknown.startswith("phone:") and OTHER_PHONE not in unknown
    assert views.axes_username(None, {"username": "county"}) == "county"


@pytest.mark.xfail(not getattr(django_settings, "AXES_USERNAME_CALLABLE", None), strict=True,
                   reason='needs AXES_USERNAME_CALLABLE = "gonghui.accounts.views.axes_username" in settings: '
                          "without it axes has no username for phone sign-ins and never locks them")
def test_failed_sms_logins_lock_the_account(client, member):
    for _ in range(5):
        response = client.post(LOGIN, {"mode": "sms", "phone": MEMBER_PHONE, "sms_code": "000000"})
    assert response.status_code in (403, 429)
    assert text(views.LOCKED_MESSAGE) in response.content.decode()
    response = client.post(LOGIN, {"mode": "password", "phone": MEMBER_PHONE, "password": PASSWORD})
    assert response.status_code in (403, 429) and session_user_id(client) is None


# --- second factor -------------------------------------------------------------------------

def test_operator_is_forced_to_set_up_totp_and_gets_through(client, city):
    operator = city.users["operator"]
    response = staff_login(client, "operator", next=STAFF_LIST)
    assert response.status_code == 302 and response.url.startswith(OTP)
    # Every page sends them back until the code is entered.
    assert client.get(STAFF_LIST).url.startswith(OTP)
    assert client.get("/orgs/unions/").url.startswith(OTP)
    page = client.get(response.url)
    assert page.status_code == 200 and page.context["setup"]
    assert "<svg" in page.content.decode() and page.context["secret"]
    device = TOTPDevice.objects.get(user=operator, confirmed=False)
    assert page.context["secret"].replace(" ", "") in device.config_url
    wrong = client.post(response.url, {"token": "000000"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.get(pk=device.pk).confirmed
    # django-otp throttles: right after a wrong code even the right one waits a moment.
    throttled = client.post(response.url, {"token": current_token(device)})
    assert throttled.status_code == 200 and not TOTPDevice.objects.get(pk=device.pk).confirmed
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    device.refresh_from_db()
    done = client.post(response.url, {"token": current_token(device)})
    assert done.status_code == 302 and done.url == STAFF_LIST
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(STAFF_LIST).status_code == 200
    assert AuditEntry.objects.filter(action="otp_enabled", actor=operator).exists()


def test_staff_with_a_device_enters_the_code_after_the_password(client, city):
    county = city.users["county"]
    device = TOTPDevice.objects.create(user=county, name="phone", confirmed=True)
    response = staff_login(client, "county")
    assert response.url.startswith(OTP)
    page = client.get(response.url)
    assert not page.context["setup"] and "<svg" not in page.content.decode()
    done = client.post(response.url, {"token": current_token(device)})
    assert done.status_code == 302 and done.url == "/"
    assert client.get(STAFF_LIST).status_code == 200


def test_operator_cannot_switch_totp_off_but_others_can(client, city):
    operator = city.users["operator"]
    staff_login(client, "operator")
    verify_second_factor(client, operator)
    client.post(reverse("accounts:security"), {"action": "disable_totp", "password": PASSWORD})
    assert TOTPDevice.objects.filter(user=operator).exists()
    with pytest.raises(ValidationError):
        services.disable_totp(acting_user=operator, password=PASSWORD)

    county = city.users["county"]
    other = Client()
    staff_login(other, "county")
    verify_second_factor(other, county)
    page = other.get(reverse("accounts:security"))
    assert page.context["has_totp"] and not page.context["must_totp"]
    response = other.post(reverse("accounts:security"), {"action": "disable_totp", "password": PASSWORD})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=county).exists()
    assert AuditEntry.objects.filter(action="otp_disabled", actor=county).exists()


# --- sessions and passwords ----------------------------------------------------------------

def test_idle_sessions_end_after_30_minutes():
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    assert django_settings.SESSION_SAVE_EVERY_REQUEST  # the 30 minutes count from the last request


@pytest.mark.parametrize("weak", ["12345678", "password"])
def test_password_validators_reject_weak_passwords(weak):
    with pytest.raises(ValidationError):
        password_validation.validate_password(weak)


def test_password_validators_accept_a_strong_password():
    password_validation.validate_password("Gonghui@2026")


def test_password_change_on_the_security_page(login, city):
    client = login("county")
    url = reverse("accounts:security")
    weak = client.post(url, {"action": "password", "old_password": PASSWORD, "new_password1": "12345678",
                             "new_password2": "12345678"})
    assert weak.status_code == 200 and weak.context["password_form"].errors
    wrong_old = client.post(url, {"action": "password", "old_password": "nope", "new_password1": "Xinmima#2027",
                                  "new_password2": "Xinmima#2027"})
    assert "old_password" in wrong_old.context["password_form"].errors
    ok = client.post(url, {"action": "password", "old_password": PASSWORD, "new_password1": "Xinmima#2027",
                           "new_password2": "Xinmima#2027"})
    assert ok.status_code == 302
    city.users["county"].refresh_from_db()
    assert city.users["county"].check_password("Xinmima#2027")
    assert client.get(url).status_code == 200  # still signed in
    entry = AuditEntry.objects.get(action="password_change")
    assert "Xinmima" not in str(entry.changes) and entry.union_path == city.county.path


# --- staff accounts: scoped both ways ------------------------------------------------------

def listed(client, **params):
    response = client.get(STAFF_LIST, params, follow=True)
    assert response.status_code == 200
    return {row.record.username for row in response.context["table"].page.object_list}


def test_county_lists_its_staff_and_not_the_neighbours(login, city, county_staff):
    client = login("county")
    seen = listed(client)
    assert {"county", "union", "clerk_here"} <= seen
    assert not seen & {"county2", "clerk_there", "city", "operator", "auditor", "nobody"}
    assert listed(client, q="here") == {"clerk_here"}
    assert listed(client, role=Role.objects.get(code="organisation").pk) == {"county"}
    assert listed(client, under=city.grassroots.pk) == {"union", "clerk_here"}
    assert listed(client, under=city.grassroots2.pk) == set()  # a foreign union filters to nothing


def test_city_lists_every_staff_account_once(login, city, county_staff):
    Grant.objects.create(user=county_staff["here"], union=city.grassroots_b,
                         role=Role.objects.get(code="union_staff"))
    seen = listed(login("city"))
    assert {"county", "county2", "clerk_here", "clerk_there", "operator", "auditor"} <= seen
    response = login("city").get(STAFF_LIST, {"q": "clerk_here"}, follow=True)
    assert response.context["table"].page.paginator.count == 1


def test_staff_list_exports_to_xlsx(login, city, county_staff):
    response = login("county").get(STAFF_LIST, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    b"".join(response.streaming_content)  # the export is streamed: it is recorded once it has been sent
    assert AuditEntry.objects.filter(action="export", actor=city.users["county"]).exists()


def test_foreign_staff_is_not_found_like_a_missing_one(login, city, county_staff):
    client = login("county")
    assert client.get(reverse("accounts:staff_detail", args=[county_staff["here"].pk])).status_code == 200
    foreign = client.get(reverse("accounts:staff_detail", args=[county_staff["there"].pk]))
    missing = client.get(reverse("accounts:staff_detail", args=[999_999]))
    assert foreign.status_code == missing.status_code == 404
    assert AuditEntry.objects.filter(action="refused", object_id=str(county_staff["there"].pk)).exists()
    for name in ("staff_unlock", "staff_deactivate", "grant_add"):
        assert client.post(reverse(f"accounts:{name}", args=[county_staff["there"].pk])).status_code == 404
    foreign_grant = county_staff["there"].grants.get()
    assert client.post(reverse("accounts:grant_remove", args=[foreign_grant.pk])).status_code == 404
    assert Grant.objects.filter(pk=foreign_grant.pk).exists()
    assert User.objects.get(pk=county_staff["there"].pk).is_active


def test_county_creates_staff_in_its_county(login, city):
    client = login("county")
    assert client.get(reverse("accounts:staff_create")).status_code == 200
    response = client.post(reverse("accounts:staff_create"), {
        "username": "zhangsan", "full_name": "张三", "password1": "Gonghui@2026", "password2": "Gonghui@2026",
        "role": Role.objects.get(code="union_staff").pk, "union": city.grassroots_b.pk, "covers_subtree": "on"})
    assert response.status_code == 302
    new = User.objects.get(username="zhangsan")
    assert new.kind == User.Kind.STAFF and new.check_password("Gonghui@2026")
    assert list(new.grants.values_list("union_id", flat=True)) == [city.grassroots_b.pk]
    entry = AuditEntry.objects.get(action="create", object_type="accounts.user", object_id=str(new.pk))
    assert entry.union_path == city.grassroots_b.path and "Gonghui@2026" not in str(entry.changes)
    # The new account now appears in the county's list, and not in the neighbour's.
    assert "zhangsan" in listed(client)
    assert "zhangsan" not in listed(login("county2"))


def test_staff_creation_checks_password_username_and_scope(login, city):
    client = login("county")
    base = {"full_name": "李四", "role": Role.objects.get(code="union_staff").pk, "union": city.grassroots.pk}
    weak = client.post(reverse("accounts:staff_create"), base | {"username": "lisi", "password1": "password",
                                                                 "password2": "password"})
    assert weak.status_code == 200 and "password1" in weak.context["form"].errors
    taken = client.post(reverse("accounts:staff_create"), base | {"username": "County", "password1": PASSWORD,
                                                                  "password2": PASSWORD})
    assert "username" in taken.context["form"].errors
    foreign = client.post(reverse("accounts:staff_create"), base | {
        "username": "lisi", "password1": PASSWORD, "password2": PASSWORD, "union": city.grassroots2.pk})
    assert "union" in foreign.context["form"].errors
    assert not User.objects.filter(username="lisi").exists()
    with pytest.raises(PermissionDenied):
        services.create_staff(acting_user=city.users["county"], username="lisi", full_name="李四", password=PASSWORD,
                              role=Role.objects.get(code="union_staff"), union=city.grassroots2)
    assert not User.objects.filter(username="lisi").exists()


def test_county_grants_and_removes_roles_in_its_county(login, city, county_staff):
    client = login("county")
    clerk = county_staff["here"]
    rights = Role.objects.get(code="rights")
    response = client.post(reverse("accounts:grant_add", args=[clerk.pk]),
                           {"role": rights.pk, "union": city.township.pk, "covers_subtree": "on"})
    assert response.status_code == 302
    grant = Grant.objects.get(user=clerk, role=rights)
    assert grant.union == city.township and grant.covers_subtree
    assert AuditEntry.objects.filter(action="grant", object_id=str(grant.pk), union_path=city.township.path).exists()
    response = client.post(reverse("accounts:grant_remove", args=[grant.pk]))
    assert response.status_code == 302 and not Grant.objects.filter(pk=grant.pk).exists()
    assert AuditEntry.objects.filter(action="revoke_grant", object_id=str(grant.pk)).exists()


def test_county_cannot_grant_on_a_county2_union(login, city, county_staff):
    client = login("county")
    clerk = county_staff["here"]
    response = client.post(reverse("accounts:grant_add", args=[clerk.pk]),
                           {"role": Role.objects.get(code="rights").pk, "union": city.county2.pk})
    assert response.status_code == 400 and "union" in response.context["grant_form"].errors
    with pytest.raises(PermissionDenied):
        services.add_grant(clerk, acting_user=city.users["county"], role=Role.objects.get(code="rights"),
                           union=city.county2)
    assert clerk.grants.count() == 1


def test_nobody_but_a_root_operator_grants_operator(login, client, city, county_staff):
    operator_role = Role.objects.get(code="operator")
    clerk = county_staff["here"]
    for name, union in (("county", city.county), ("city", city.root)):
        assert operator_role not in login(name).get(reverse("accounts:staff_create")).context["form"].fields[
            "role"].queryset
        with pytest.raises(PermissionDenied):
            services.add_grant(clerk, acting_user=city.users[name], role=operator_role, union=union)
    response = login("city").post(reverse("accounts:grant_add", args=[clerk.pk]),
                                  {"role": operator_role.pk, "union": city.root.pk, "covers_subtree": "on"})
    assert response.status_code == 400
    assert not clerk.grants.filter(role=operator_role).exists()
    # The root operator (verified with TOTP) may.
    staff_login(client, "operator")
    verify_second_factor(client, city.users["operator"])
    response = client.post(reverse("accounts:grant_add", args=[clerk.pk]),
                           {"role": operator_role.pk, "union": city.root.pk, "covers_subtree": "on"})
    assert response.status_code == 302 and clerk.grants.filter(role=operator_role).exists()


def test_a_single_union_grant_cannot_hand_out_the_unions_below(city):
    township_clerk = user("township_org", "organisation", city.township, covers_subtree=False)
    target = user("target", "union_staff", city.township, covers_subtree=False)
    with pytest.raises(PermissionDenied):
        services.add_grant(target, acting_user=township_clerk, role=Role.objects.get(code="rights"),
                           union=city.township, covers_subtree=True)
    services.add_grant(target, acting_user=township_clerk, role=Role.objects.get(code="rights"),
                       union=city.township, covers_subtree=False)
    assert target.grants.count() == 2


def test_nobody_removes_their_own_last_grant(login, city):
    client = login("county")
    own = city.users["county"].grants.get()
    response = client.post(reverse("accounts:grant_remove", args=[own.pk]), follow=True)
    assert response.status_code == 200
    assert Grant.objects.filter(pk=own.pk).exists()
    with pytest.raises(ValidationError):
        services.remove_grant(own, acting_user=city.users["county"])


def test_deactivating_staff(login, city, county_staff):
    client = login("county")
    clerk = county_staff["here"]
    response = client.post(reverse("accounts:staff_deactivate", args=[clerk.pk]), {"reason": "调离"})
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert not clerk.is_active
    assert AuditEntry.objects.filter(action="deactivate", object_id=str(clerk.pk), reason="调离").exists()
    assert staff_login(Client(), "clerk_here").status_code == 200  # cannot sign in any more
    assert "clerk_here" in listed(client)  # stays on record
    client.post(reverse("accounts:staff_activate", args=[clerk.pk]))
    clerk.refresh_from_db()
    assert clerk.is_active
    # Not oneself.
    client.post(reverse("accounts:staff_deactivate", args=[city.users["county"].pk]))
    assert User.objects.get(pk=city.users["county"].pk).is_active


def test_staff_working_beside_the_county_is_seen_but_not_changed(login, city, county_staff):
    both = county_staff["here"]
    Grant.objects.create(user=both, union=city.grassroots2, role=Role.objects.get(code="union_staff"))
    client = login("county")
    assert client.get(reverse("accounts:staff_detail", args=[both.pk])).status_code == 200
    assert client.post(reverse("accounts:staff_deactivate", args=[both.pk])).status_code == 403
    assert User.objects.get(pk=both.pk).is_active
    foreign_grant = both.grants.get(union=city.grassroots2)
    assert client.post(reverse("accounts:grant_remove", args=[foreign_grant.pk])).status_code == 404


def test_auditor_reads_staff_but_every_change_is_refused(login, city, county_staff):
    client = login("auditor")
    assert {"county", "clerk_here", "clerk_there"} <= listed(client)
    clerk = county_staff["here"]
    assert client.get(reverse("accounts:staff_detail", args=[clerk.pk])).status_code == 200
    grants_before = list(Grant.objects.order_by("pk").values_list("pk", "user_id", "role_id", "union_id"))
    users_before = list(User.objects.order_by("pk").values_list("pk", "username", "is_active", "password"))
    role = Role.objects.get(code="rights")
    attempts = [
        (reverse("accounts:staff_create"), {"username": "sneaky", "full_name": "x", "password1": PASSWORD,
                                            "password2": PASSWORD, "role": role.pk, "union": city.county.pk}),
        (reverse("accounts:grant_add", args=[clerk.pk]), {"role": role.pk, "union": city.county.pk}),
        (reverse("accounts:grant_remove", args=[clerk.grants.get().pk]), {}),
        (reverse("accounts:staff_unlock", args=[clerk.pk]), {}),
        (reverse("accounts:staff_deactivate", args=[clerk.pk]), {}),
        (reverse("accounts:staff_activate", args=[clerk.pk]), {}),
    ]
    for url, data in attempts:
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("accounts:staff_create")).status_code == 403
    assert list(Grant.objects.order_by("pk").values_list("pk", "user_id", "role_id", "union_id")) == grants_before
    assert list(User.objects.order_by("pk").values_list("pk", "username", "is_active", "password")) == users_before
    assert AuditEntry.objects.filter(action="refused", actor=city.users["auditor"]).count() >= len(attempts)
    for fn, kwargs in ((services.add_grant, {"role": role, "union": city.county}),
                       (services.remove_grant, {}), (services.unlock_staff, {})):
        target = clerk.grants.get() if fn is services.remove_grant else clerk
        with pytest.raises(PermissionDenied):
            fn(target, acting_user=city.users["auditor"], **kwargs)


def test_members_and_nobody_have_no_staff_pages(login, client, city, member):
    assert login("nobody").get(STAFF_LIST).status_code == 403
    client.force_login(member)
    assert client.get(STAFF_LIST).status_code == 403
    assert client.get(reverse("accounts:staff_detail", args=[member.pk])).status_code == 404


# --- the operator admin --------------------------------------------------------------------

def test_admin_needs_a_verified_superuser(client, city):
    operator = city.users["operator"]
    User.objects.filter(pk=operator.pk).update(is_superuser=True, is_staff=True)
    client.force_login(User.objects.get(pk=operator.pk))
    response = client.get("/ops/")
    assert response.status_code == 302 and not response.url.startswith("/ops/")
    verify_second_factor(client, operator)
    assert client.get("/ops/").status_code == 200
    assert client.get("/ops/accounts/user/").status_code == 200
    assert client.get(f"/ops/accounts/user/{operator.pk}/change/").status_code == 200
    # A verified account that is not an admin superuser stays out.
    other = Client()
    staff_login(other, "county")
    verify_second_factor(other, city.users["county"])
    response = other.get("/ops/")
    assert response.status_code == 302 and response.url.startswith("/ops/login/")


def test_admin_changes_reach_the_audit_trail(city):
    role = Role.objects.get(code="rights")
    LogEntry.objects.create(user=city.users["operator"], content_type=ContentType.objects.get_for_model(Role),
                            object_id=str(role.pk), object_repr=str(role), action_flag=CHANGE,
                            change_message='[{"changed": {"fields": ["Name"]}}]')
    entry = AuditEntry.objects.get(action="admin")
    assert entry.actor == city.users["operator"] and entry.object_type == "accounts.role"
    assert entry.object_id == str(role.pk) and entry.changes["message"]
