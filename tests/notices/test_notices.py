"""The outbox pattern, delivery, preferences, the digest, and the apps that send notices."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.notices import services
from gonghui.notices.models import DigestRun, Notice, Outbox, Preference
from gonghui.notices.services import MembersUnder, StaffOf, notify

from ..medicalaid.conftest import member
from .conftest import member_with_account, staff_with_phone

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def test_rollback_sends_nothing(city, sms, django_capture_on_commit_callbacks):
    user = staff_with_phone(city, "county")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Boom), transaction.atomic():
        notify(user, kind="deadline_today", title="今天到期")
        assert Outbox.objects.count() == 1  # written in the change's own transaction
        raise Boom
    assert callbacks == []
    assert Outbox.objects.count() == 0
    assert Notice.objects.count() == 0
    assert sms == []


def test_delivered_after_commit_not_before(city, django_capture_on_commit_callbacks):
    user = city.users["county"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            outbox = notify(user, kind="transfer_decided", title="转会已同意")
        assert Notice.objects.count() == 0  # the fan-out is the task's work, after commit
    assert len(callbacks) == 1
    callbacks[0]()
    outbox.refresh_from_db()
    assert outbox.delivered_at is not None and outbox.delivered_count == 1
    assert list(Notice.objects.values_list("user__username", "kind", "channel")) == [
        ("county", "transfer_decided", "inbox")]


def test_redelivery_writes_nothing_twice(city, sms, django_capture_on_commit_callbacks):
    a, b = staff_with_phone(city, "county"), staff_with_phone(city, "union")
    with django_capture_on_commit_callbacks(execute=True):
        outbox = notify([a, b], kind="deadline_today", title="今天到期")
    assert Notice.objects.filter(outbox=outbox).count() == 2
    assert len(sms) == 2
    # a retried task (the worker died after writing, before marking the row delivered)
    Outbox.objects.filter(pk=outbox.pk).update(delivered_at=None)
    assert services.deliver(outbox.pk) == 2
    assert services.deliver(outbox.pk) == 0  # delivered: nothing to do
    assert Notice.objects.filter(outbox=outbox).count() == 2
    assert len(sms) == 2


def test_sweep_enqueues_what_a_crash_left(city):
    user = city.users["county"]
    # the outbox row committed, but its task never ran (the worker or broker was gone)
    outbox = Outbox.objects.create(kind="deadline_soon", title="快到期", audience=[{"users": [user.pk]}],
                                   created_at=timezone.now() - timedelta(minutes=10))
    fresh = Outbox.objects.create(kind="deadline_soon", title="刚写", audience=[{"users": [user.pk]}])
    assert services.sweep() == 1  # tasks run in process in tests
    outbox.refresh_from_db()
    fresh.refresh_from_db()
    assert outbox.delivered_at is not None and fresh.delivered_at is None
    assert services.sweep() == 0


def test_a_failing_delivery_keeps_its_error_and_stops_after_the_last_try(city):
    outbox = Outbox.objects.create(kind="deadline_soon", title="坏的", audience=[{"nobody": 1}],
                                   created_at=timezone.now() - timedelta(hours=1))
    for _ in range(services.MAX_ATTEMPTS):
        with pytest.raises(ValueError):
            services.deliver(outbox.pk)
    outbox.refresh_from_db()
    assert outbox.attempts == services.MAX_ATTEMPTS and "Unknown audience" in outbox.last_error
    assert services.sweep() == 0  # left for the operator


def test_members_under_a_subtree_in_good_standing(city, django_capture_on_commit_callbacks):
    inside = [member(city, city.grassroots), member(city, city.grassroots_b)]
    with_account = member_with_account(city, city.grassroots)
    outside = member(city, city.grassroots2)
    with django_capture_on_commit_callbacks(execute=True):
        outbox = notify(MembersUnder(city.county), kind="campaign_published", title="新活动")
    got = set(Notice.objects.filter(outbox=outbox).values_list("member_id", "user_id"))
    assert got == {(inside[0].pk, None), (inside[1].pk, None), (with_account.pk, with_account.user_id)}
    assert outside.pk not in {m for m, _u in got}


def test_staff_of_a_union(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(StaffOf(city.grassroots), kind="deadline_soon", title="审核入会申请")
        notify(StaffOf(city.county, perm="members.add_member"), kind="deadline_overdue", title="已超期")
    assert sorted(Notice.objects.values_list("user__username", "kind")) == [
        ("county", "deadline_overdue"), ("union", "deadline_soon")]


def test_a_key_is_sent_once(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(city.users["county"], kind="deadline_soon", title="快到期", key="deadline:1:soon")
        assert notify(city.users["county"], kind="deadline_soon", title="快到期", key="deadline:1:soon") is None
    assert Notice.objects.count() == 1


# --- channels per kind ------------------------------------------------------------------------

def test_each_user_chooses_per_kind(city, sms, django_capture_on_commit_callbacks):
    inbox, both, digest = (staff_with_phone(city, n) for n in ("county", "county2", "union"))
    services.set_preferences(inbox, {"transfer_decided": "inbox"})
    services.set_preferences(both, {"transfer_decided": "sms"})
    services.set_preferences(digest, {"transfer_decided": "digest"})
    with django_capture_on_commit_callbacks(execute=True):
        notify([inbox, both, digest], kind="transfer_decided", title="转会已同意")
    assert dict(Notice.objects.values_list("user__username", "channel")) == {
        "county": "inbox", "county2": "sms", "union": "digest"}
    assert sms == [("13800000002", "【工会通知】转会已同意")]
    assert all(n.read_at is None for n in Notice.objects.all())  # every channel lands in the inbox


def test_the_default_channel_applies_without_a_choice(city, sms, django_capture_on_commit_callbacks):
    user = staff_with_phone(city, "county")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, kind="deadline_today", title="今天到期")  # its default: inbox and SMS
        notify(user, kind="deadline_soon", title="三天后到期")  # its default: inbox only
    assert [text.endswith("今天到期") for _phone, text in sms] == [True]


def test_what_must_not_be_missed_goes_by_sms_whatever_was_chosen(city, sms, django_capture_on_commit_callbacks):
    user = staff_with_phone(city, "county")
    Preference.objects.create(user=user, kind="deadline_overdue", channel="inbox")  # written around the service
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, kind="deadline_overdue", title="已超期")
    assert len(sms) == 1


def test_bad_preferences_are_refused_in_chinese_and_nothing_is_saved(city):
    user = city.users["county"]
    with pytest.raises(ValidationError) as e:
        services.set_preferences(user, {"transfer_decided": "sms", "deadline_overdue": "inbox",
                                        "no_such_kind": "inbox", "deadline_soon": "carrier_pigeon"})
    errors = e.value.message_dict
    assert errors["deadline_overdue"] == ["期限已超期不能漏看：总会同时发送短信。"]
    assert errors["no_such_kind"] == ["未知的通知类型：no_such_kind。"]
    assert errors["deadline_soon"] == ["期限临近：请选择仅站内通知、站内通知和短信或每日汇总。"]
    assert not Preference.objects.filter(user=user).exists()


def test_the_digest_sends_one_summary_per_user_and_day(city, sms, django_capture_on_commit_callbacks):
    user = staff_with_phone(city, "county")
    other = staff_with_phone(city, "union")
    services.set_preferences(user, {"transfer_decided": "digest", "deadline_soon": "digest"})
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, kind="transfer_decided", title="转会一")
        notify(user, kind="transfer_decided", title="转会二")
        notify([user, other], kind="deadline_soon", title="快到期")
    assert sms == []
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests() == 1
        assert services.send_digests() == 0  # once a day
    summary = Notice.objects.get(kind="digest")
    assert summary.user == user and summary.outbox.title == "今天有 3 条新通知"
    assert summary.outbox.body == "转会结果：2；期限临近：1"
    assert len(sms) == 1 and sms[0][0] == "13800000001"
    assert DigestRun.objects.get().count == 3
    assert not Notice.objects.filter(channel="digest", digested_at__isnull=True).exists()


# --- reading --------------------------------------------------------------------------------------

def test_mark_read_and_mark_all(city, django_capture_on_commit_callbacks):
    user = city.users["county"]
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            notify(user, kind="transfer_decided", title=f"转会{i}")
        notify(user, kind="deadline_soon", title="快到期")
    first = Notice.objects.filter(user=user).order_by("pk").first()
    services.mark_read(user, first.pk)
    assert services.unread_count(user) == 3
    assert services.mark_all_read(user, kind="transfer_decided") == 2
    assert services.unread_count(user) == 1
    assert services.mark_all_read(user) == 1


def test_another_persons_notice_is_not_found(city, django_capture_on_commit_callbacks):
    from django.http import Http404

    with django_capture_on_commit_callbacks(execute=True):
        notify(city.users["county"], kind="transfer_decided", title="转会")
    notice = Notice.objects.get()
    with pytest.raises(Http404):
        services.mark_read(city.users["county2"], notice.pk)
    assert Notice.objects.get().read_at is None
