"""Open deadlines become notices: due soon, due today, overdue (and then to the union above),
each once per deadline and stage."""

from datetime import date, timedelta

import pytest

from gonghui.notices import reminders
from gonghui.notices.models import Notice
from gonghui.rules import deadlines

from .conftest import member_with_account, staff_with_phone

pytestmark = pytest.mark.django_db

DUE = date(2026, 6, 10)


def _track(city, obj, **kw):
    values = {"kind": "transfer_review", "started_on": DUE - timedelta(days=10), "due_on": DUE,
              "union": city.township, "title": "转会申请待答复", "url": "/members/transfers/"} | kw
    return deadlines.track(obj, **values)


def _got():
    return sorted(Notice.objects.values_list("user__username", "kind"))


def test_soon_today_overdue_each_once(city, sms, django_capture_on_commit_callbacks):
    staff_with_phone(city, "union")
    staff_with_phone(city, "county")
    _track(city, city.grassroots, responsible=city.users["union"])  # lead time of transfer_review: 2 days
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.remind(DUE - timedelta(days=3)) == {"soon": 0, "today": 0, "overdue": 0}
        assert reminders.remind(DUE - timedelta(days=2))["soon"] == 1
        assert reminders.remind(DUE - timedelta(days=1))["soon"] == 0  # told once
    assert _got() == [("union", "deadline_soon")]
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.remind(DUE)["today"] == 1
        assert reminders.remind(DUE)["today"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.remind(DUE + timedelta(days=1))["overdue"] == 1
        assert reminders.remind(DUE + timedelta(days=2))["overdue"] == 0
    # overdue: the person responsible, and the staff of the union above (衡阳县总工会)
    assert _got() == [("county", "deadline_overdue"), ("union", "deadline_overdue"), ("union", "deadline_soon"),
                      ("union", "deadline_today")]
    overdue = Notice.objects.filter(kind="deadline_overdue").first().outbox
    assert overdue.title.startswith("2026-06-10 起已超期：转会申请待答复（")
    assert len(sms) == 3  # today (its default is SMS) and overdue twice (never missed)


def test_without_a_responsible_person_the_unions_staff_are_told(city, django_capture_on_commit_callbacks):
    _track(city, city.grassroots, union=city.grassroots)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.remind(DUE)
    assert _got() == [("union", "deadline_today")]


def test_a_closed_deadline_is_quiet_and_a_moved_one_is_told_again(city, django_capture_on_commit_callbacks):
    d = _track(city, city.grassroots, union=city.grassroots)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.remind(DUE)
        deadlines.close(city.grassroots, "transfer_review")
        reminders.remind(DUE + timedelta(days=1))
    assert _got() == [("union", "deadline_today")]
    _track(city, city.grassroots, union=city.grassroots, due_on=DUE + timedelta(days=5))
    d.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.remind(DUE + timedelta(days=5))
    assert _got() == [("union", "deadline_today"), ("union", "deadline_today")]


def test_a_member_hears_of_their_own_deadline(city, django_capture_on_commit_callbacks):
    m = member_with_account(city)
    _track(city, m, kind="claim_expiry", union=m.union, member=m, title="兑换码即将过期")  # lead: 2 days
    with django_capture_on_commit_callbacks(execute=True):
        reminders.remind(DUE - timedelta(days=2))
        reminders.remind(DUE + timedelta(days=1))  # past: the code has expired, nothing more to say
    assert list(Notice.objects.values_list("member_id", "user_id", "kind")) == [(m.pk, m.user_id, "deadline_soon")]


def test_the_lead_time_comes_from_the_registry_without_a_rule():
    assert reminders.lead_days("hardship_review") == 14
    assert reminders.lead_days("something_new") == 3


def test_a_join_application_waiting_reminds_the_unions_staff(city, django_capture_on_commit_callbacks):
    from gonghui.rules.models import Deadline

    from ..members.test_joins_matrix import pending_join

    application = pending_join(city)
    deadline = Deadline.objects.get(kind="join_review", object_id=str(application.pk))
    with django_capture_on_commit_callbacks(execute=True):
        reminders.remind(deadline.due_on)
        reminders.remind(deadline.due_on)
    assert _got() == [("union", "deadline_today")]
    assert Notice.objects.get().outbox.url == deadline.url
