"""Join applications (issue 3): a worker applies from a phone, the chosen union decides."""

import re

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.urls import reverse

from gonghui.accounts.models import SmsCode, User
from gonghui.accounts.services import SMS_PER_HOUR_KEY, SMS_PER_MINUTE_KEY
from gonghui.accounts.sms import MemorySmsBackend
from gonghui.core.access import get_object
from gonghui.core.crypto import lookup_hash, tail_hash
from gonghui.core.models import AuditEntry
from gonghui.members import joins, services
from gonghui.members.models import EventKind, JoinApplication, Member

from .test_matrix import _rid

PHONE = "13912345678"
PHONE2 = "13712345678"
RIDER_ID = _rid("43042119950302123")


def _forget_throttles():
    keys = []
    for phone in (PHONE, PHONE2):
        key = lookup_hash("phone", phone)[:32]
        keys += [SMS_PER_MINUTE_KEY.format(phone=phone), SMS_PER_HOUR_KEY.format(phone=phone),
                 joins._FAILED_KEY.format(key=key)]
    keys += [joins._IP_KEY.format(ip="127.0.0.1")]
    cache.delete_many(keys)


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.SMS_BACKEND = "gonghui.accounts.sms.MemorySmsBackend"
    _forget_throttles()
    MemorySmsBackend.outbox.clear()
    yield
    _forget_throttles()
    MemorySmsBackend.outbox.clear()


def _apply(city, **kw):
    data = {"union": city.industry, "name": "赵骑手", "id_number": RIDER_ID, "phone": PHONE,
            "employer_name": "美团", "gig_platform": "美团外卖", "job": "骑手"} | kw
    return joins.apply(**data)


def _offers_transfer(message):
    return "转会" in message or "transfer" in message  # before and after the catalogue is merged


def _last_code():
    return re.search(r"\b(\d{6})\b", MemorySmsBackend.outbox[-1][1]).group(1)


# --- applying ----------------------------------------------------------------------------------

def test_a_rider_applies_and_nothing_personal_is_stored_in_plain_text(city):
    application = _apply(city)
    assert application.state == JoinApplication.State.PENDING
    assert application.is_gig_worker and application.union == city.industry
    assert str(application.id_number) == RIDER_ID[:4] + "*" * 12 + RIDER_ID[-2:]
    with connection.cursor() as c:
        c.execute("SELECT id_number, phone, id_tail_index, phone_tail_index FROM members_joinapplication")
        id_token, phone_token, id_tail, phone_tail = c.fetchone()
    assert RIDER_ID not in id_token and PHONE not in phone_token
    assert (id_tail, phone_tail) == (tail_hash("id", RIDER_ID), tail_hash("phone", PHONE))  # keyed, never clear
    entry = AuditEntry.objects.filter(action="join_apply").get()
    assert entry.union_path == city.industry.path and RIDER_ID not in str(entry.changes) and PHONE not in str(
        entry.changes) and entry.actor is None


def test_one_pending_application_per_person(city):
    _apply(city)
    with pytest.raises(ValidationError) as e:
        _apply(city, union=city.grassroots)
    assert e.value.error_dict["id_number"][0].code == "pending"
    assert JoinApplication.objects.count() == 1


def test_the_database_keeps_one_pending_application_per_person(city):
    from django.db import IntegrityError, transaction

    first = _apply(city)
    with pytest.raises(IntegrityError), transaction.atomic():
        JoinApplication.objects.create(union=city.grassroots, name="赵骑手", id_number=RIDER_ID,
                                       phone=PHONE)
    joins.withdraw(first, phone_key=joins.phone_key(PHONE))
    assert _apply(city, union=city.grassroots).state == "pending"  # after withdrawing, apply again


@pytest.mark.parametrize("field, value", [("id_number", "430421199503021230"), ("phone", "07348123456"),
                                          ("name", " ")])
def test_bad_input_names_the_field(city, field, value):
    with pytest.raises(ValidationError) as e:
        _apply(city, **{field: value})
    assert field in e.value.message_dict
    assert not JoinApplication.objects.exists()


def test_only_active_grassroots_industry_or_joint_unions_take_applications(city):
    for union in (city.county, city.township):
        with pytest.raises(ValidationError) as e:
            _apply(city, union=union)
        assert union.name in e.value.message_dict["union"][0]
    city.grassroots.status = "revoked"
    city.grassroots.save()
    with pytest.raises(ValidationError):
        _apply(city, union=city.grassroots)


def test_a_member_elsewhere_is_told_where_and_offered_a_transfer(city):
    member = services.add_member(acting_user=city.users["city"], union=city.grassroots2, name="赵骑手",
                                 id_number=RIDER_ID, phone=PHONE)
    with pytest.raises(ValidationError) as e:
        _apply(city)
    message = e.value.message_dict["id_number"][0]
    assert city.grassroots2.name in message and member.number in message and _offers_transfer(message)
    # someone else typing the same ID number learns only that it is taken, not where
    with pytest.raises(ValidationError) as e:
        _apply(city, phone=PHONE2)
    message = e.value.message_dict["id_number"][0]
    assert city.grassroots2.name not in message and _offers_transfer(message)
    assert not JoinApplication.objects.exists()


def test_a_member_who_left_may_apply_again(city):
    member = services.add_member(acting_user=city.users["city"], union=city.grassroots2, name="赵骑手",
                                 id_number=RIDER_ID, phone=PHONE)
    services.record_event(member, acting_user=city.users["city"], kind=EventKind.LEAVE)
    assert _apply(city).state == "pending"


# --- deciding ----------------------------------------------------------------------------------

def test_accepting_enrols_with_a_join_event_and_an_sms_account(city):
    application = joins.accept(_apply(city), acting_user=city.users["city"])
    member = application.member
    assert application.state == "accepted" and application.decided_by == city.users["city"]
    assert member.union == city.industry and member.status == "active" and member.is_gig_worker
    assert member.gig_platform == "美团外卖" and member.job == "骑手"
    assert list(member.events.values_list("kind", flat=True)) == [EventKind.JOIN]
    account = User.objects.get(pk=member.user_id)
    assert account.kind == User.Kind.MEMBER and not account.has_usable_password()
    assert User.by_phone(PHONE).get() == account and PHONE not in account.username
    assert AuditEntry.objects.filter(action="join_accepted", object_id=str(application.pk)).exists()
    with pytest.raises(ValidationError):
        joins.accept(application, acting_user=city.users["city"])


def test_accepting_links_an_existing_member_account_with_the_phone(city):
    existing = User.objects.create_user(username="rider", phone=PHONE, kind=User.Kind.MEMBER)
    application = joins.accept(_apply(city), acting_user=city.users["city"])
    assert application.member.user == existing


def test_the_grassroots_chair_accepts_for_their_own_union(city):
    application = joins.accept(_apply(city, union=city.grassroots), acting_user=city.users["union"])
    assert application.member.union == city.grassroots


def test_rejecting_needs_a_reason_that_the_applicant_sees(city, client):
    application = _apply(city)
    with pytest.raises(ValidationError) as e:
        joins.reject(application, acting_user=city.users["city"], reason="  ")
    assert "reason" in e.value.message_dict
    joins.reject(application, acting_user=city.users["city"], reason="请先提供劳动关系证明")
    application.refresh_from_db()
    assert application.state == "rejected" and application.reason == "请先提供劳动关系证明"
    assert not Member.objects.exists()
    assert [a.reason for a in joins.applications_of(joins.phone_key(PHONE))] == ["请先提供劳动关系证明"]


def test_third_county_and_auditor_cannot_see_or_decide(city):
    application = _apply(city, union=city.grassroots)  # under 衡阳县
    with pytest.raises(Http404):
        get_object(city.users["county2"], JoinApplication, pk=application.pk)
    assert not JoinApplication.objects.restrict(city.users["county2"]).exists()
    with pytest.raises(PermissionDenied):
        joins.accept(application, acting_user=city.users["county2"])
    with pytest.raises(PermissionDenied):
        joins.reject(application, acting_user=city.users["auditor"], reason="x")
    assert get_object(city.users["auditor"], JoinApplication, pk=application.pk) == application
    application.refresh_from_db()
    assert application.state == "pending"
    assert AuditEntry.objects.filter(action="refused").count() == 0  # written where the refusal surfaces


def test_withdraw_needs_the_applicants_phone(city):
    application = _apply(city)
    with pytest.raises(ValidationError):
        joins.withdraw(application, phone_key=joins.phone_key(PHONE2))
    joins.withdraw(application, phone_key=joins.phone_key(PHONE))
    application.refresh_from_db()
    assert application.state == "withdrawn"
    with pytest.raises(ValidationError):
        joins.accept(application, acting_user=city.users["city"])


# --- codes -------------------------------------------------------------------------------------

def test_join_codes_go_to_any_number_and_cannot_sign_in(city, client):
    User.objects.create_user(username="rider", phone=PHONE, kind=User.Kind.MEMBER)
    assert joins.request_code(PHONE) == "ok"
    code = _last_code()
    assert joins.request_code(PHONE) == "limited"  # one a minute, shared with sign-in codes
    r = client.post(reverse("accounts:login"), {"mode": "sms", "phone": PHONE, "sms_code": code})
    assert "_auth_user_id" not in client.session and r.status_code == 200
    assert joins.verify_code(PHONE, code)
    with pytest.raises(ValidationError):
        joins.verify_code(PHONE, code)  # used up
    assert not SmsCode.objects.filter(phone=lookup_hash("phone", PHONE)).exists()


def test_wrong_codes_are_throttled(city):
    joins.request_code(PHONE)
    code = _last_code()
    for _ in range(joins.FAILED_CODES_LIMIT):
        with pytest.raises(ValidationError):
            joins.verify_code(PHONE, "000000" if code != "000000" else "111111")
    with pytest.raises(ValidationError) as e:
        joins.verify_code(PHONE, code)
    assert "15" in e.value.message_dict["sms_code"][0]


def test_a_bad_number_gets_no_code(city):
    with pytest.raises(ValidationError) as e:
        joins.request_code("0734-8123456")
    assert "phone" in e.value.message_dict
    assert MemorySmsBackend.outbox == []


# --- pages -------------------------------------------------------------------------------------

def _apply_page(client, city, **kw):
    data = {"union": city.industry.pk, "name": "赵骑手", "doc_type": "resident_id", "id_number": RIDER_ID,
            "phone": PHONE, "employer_name": "美团", "is_gig_worker": "on", "gig_platform": "美团外卖",
            "job": "骑手"} | kw
    return client.post(reverse("members:join_apply"), data)


def test_a_worker_applies_on_the_phone_page_and_sees_the_answer(city, client):
    url = reverse("members:join_apply")
    page = client.get(url).content.decode()
    assert 'name="union"' in page and reverse("members:join_unions") in page
    options = client.get(reverse("members:join_unions"), {"q": "工会"}).content.decode()
    assert city.industry.name in options and city.grassroots2.name in options
    assert city.county.name not in options and city.township.name not in options  # they take no members
    r = _apply_page(client, city)  # no code yet
    assert r.status_code == 200 and not JoinApplication.objects.exists()
    r = client.post(reverse("members:join_code"), {"phone": PHONE}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and len(MemorySmsBackend.outbox) == 1
    r = _apply_page(client, city, sms_code="000000" if _last_code() != "000000" else "111111")
    assert r.status_code == 200 and not JoinApplication.objects.exists()
    r = _apply_page(client, city, sms_code=_last_code())
    assert r.status_code == 302 and r.url == reverse("members:join_status")
    application = JoinApplication.objects.get()
    assert application.is_gig_worker and application.union == city.industry
    assert PHONE not in str(dict(client.session))  # the session holds the number's hash only
    status = client.get(r.url).content.decode()
    assert city.industry.name in status and "data-testid=\"state\"" in status
    joins.reject(application, acting_user=city.users["city"], reason="请补充劳动合同")
    assert "请补充劳动合同" in client.get(r.url).content.decode()


def test_the_status_page_needs_the_phone_and_a_code(city, client):
    application = _apply(city)
    other = _apply(city, phone=PHONE2, id_number=_rid("43042119800101123"), name="钱师傅")
    url = reverse("members:join_status")
    assert "赵骑手" not in client.get(url).content.decode()
    joins.request_code(PHONE)
    r = client.post(url, {"phone": PHONE, "sms_code": _last_code()})
    assert r.status_code == 302
    page = client.get(url).content.decode()
    assert "赵骑手" in page and "钱师傅" not in page
    # another phone's application cannot be withdrawn from this session; one's own can
    assert client.post(reverse("members:join_withdraw", args=[other.pk])).status_code == 404
    assert client.post(reverse("members:join_withdraw", args=[application.pk])).status_code == 302
    application.refresh_from_db()
    other.refresh_from_db()
    assert (application.state, other.state) == ("withdrawn", "pending")


def test_staff_list_filters_exports_masked_and_decides(city, login):
    application = _apply(city, union=city.grassroots)
    _apply(city, union=city.grassroots2, phone=PHONE2, id_number=_rid("43042219800101123"), name="钱师傅")
    client = login("county")
    page = client.get(reverse("members:join_list")).content.decode()
    assert "赵骑手" in page and "钱师傅" not in page and RIDER_ID not in page and PHONE not in page
    assert "赵骑手" not in client.get(reverse("members:join_list"), {"state": "accepted"}).content.decode()
    assert "赵骑手" in client.get(reverse("members:join_list"), {"q": PHONE[-4:]}, follow=True).content.decode()
    export = client.get(reverse("members:join_list"), {"export": "xlsx"})
    assert export.status_code == 200 and b"".join(export.streaming_content)
    detail = reverse("members:join_detail", args=[application.pk])
    assert 'data-testid="accept"' in client.get(detail).content.decode()
    r = client.post(reverse("members:join_decide", args=[application.pk]), {"accept": "0", "reason": ""})
    application.refresh_from_db()
    assert r.status_code == 302 and application.state == "pending"
    client.post(reverse("members:join_decide", args=[application.pk]), {"accept": "1"})
    application.refresh_from_db()
    assert application.state == "accepted" and application.member.union == city.grassroots
    assert 'data-testid="accept"' not in client.get(detail).content.decode()


def test_api_lists_in_scope_and_decides_with_chinese_errors(city, api):
    application = _apply(city, union=city.grassroots)
    county, county2 = api("county"), api("county2")
    r = county.get("/api/v1/join-applications?state=pending")
    assert r.status_code == 200 and [i["id"] for i in r.json()["items"]] == [application.pk]
    assert r.json()["items"][0]["id_number"] != RIDER_ID and r.json()["items"][0]["phone"] != PHONE
    assert county2.get("/api/v1/join-applications").json()["items"] == []
    assert county2.get(f"/api/v1/join-applications/{application.pk}").status_code == 404
    r = county.post(f"/api/v1/join-applications/{application.pk}/reject", {"reason": " "},
                    content_type="application/json")
    assert r.status_code == 422 and "reason" in r.json()["errors"]
    r = county.post(f"/api/v1/join-applications/{application.pk}/accept")
    assert r.status_code == 200 and r.json()["state"] == "accepted" and r.json()["member_number"]
    r = county.post(f"/api/v1/join-applications/{application.pk}/accept")
    assert r.status_code == 422
