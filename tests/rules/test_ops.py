"""Operators edit the rulebook and the calendar in /ops/: new dated values, refused nonsense in
Chinese naming the field, a year's holiday table saved whole or not at all, every change audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gonghui.accounts.models import User
from gonghui.core.models import AuditEntry
from gonghui.rules import days, deadlines, rulebook, services
from gonghui.rules.models import CalendarDay, Rule, RuleValue

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def ops(client, city):
    from tests.accounts.test_accounts import verify_second_factor

    operator = city.users["operator"]
    User.objects.filter(pk=operator.pk).update(is_superuser=True, is_staff=True)
    client.force_login(User.objects.get(pk=operator.pk))
    verify_second_factor(client, operator)
    return client


def test_a_changed_value_is_a_new_dated_row_and_audited(ops):
    rule = Rule.objects.get(name="rights.mediation_days")
    before = RuleValue.objects.filter(rule=rule).count()
    r = ops.post("/ops/rules/rulevalue/add/", {"rule": rule.pk, "jurisdiction": "43", "valid_from": "2027-01-01",
                                              "value": "20", "unit": "", "source": "湖南省测试条例 第九条"})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert RuleValue.objects.filter(rule=rule).count() == before + 1
    assert rulebook.value("rights.mediation_days", on=D(2026, 12, 31)).value == 15
    assert rulebook.value("rights.mediation_days", on=D(2027, 1, 2)).value == 20
    assert AuditEntry.objects.filter(object_type="rules.rulevalue").exists()


@pytest.mark.parametrize("name, value, words", [
    ("rights.mediation_days", "-1", "负数"),
    ("hardship.accident_share", "1.5", "0 到 1"),
    ("hardship.relative_multiple", "7", "最大值"),
])
def test_nonsense_is_refused_in_chinese_and_nothing_is_saved(ops, name, value, words):
    rule = Rule.objects.get(name=name)
    before = RuleValue.objects.count()
    with translation.override("zh-hans"):
        r = ops.post("/ops/rules/rulevalue/add/", {"rule": rule.pk, "jurisdiction": "", "valid_from": "2027-01-01",
                                                  "value": value, "source": "测试"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 200
    text = r.content.decode()
    assert words in text and rule.label in text
    assert RuleValue.objects.count() == before


def test_an_existing_value_cannot_be_edited_or_deleted(ops):
    rv = RuleValue.objects.first()
    r = ops.post(f"/ops/rules/rulevalue/{rv.pk}/change/", {"value": "999", "source": "x"})
    rv2 = RuleValue.objects.get(pk=rv.pk)
    assert rv2.value == rv.value and r.status_code in (200, 302, 403)
    assert ops.post(f"/ops/rules/rulevalue/{rv.pk}/delete/", {"post": "yes"}).status_code == 403


TABLE_2027 = """2027-01-01 holiday 元旦
2027-02-06 holiday 春节
2027-02-07 holiday 春节
2027-02-13 working 春节调休上班
"""


def test_a_year_table_is_saved_whole_and_deadlines_are_counted_again(ops, city, django_capture_on_commit_callbacks):
    from gonghui.members.models import JoinApplication

    d = deadlines.track(JoinApplication(pk=9001), kind="join_review", started_on=D(2027, 1, 29), n=8, unit="days",
                        union=city.grassroots, title="x")
    assert d.due_on == D(2027, 2, 8)  # 02-06 is a Saturday: 02-08 Monday without a table
    with django_capture_on_commit_callbacks(execute=True):
        r = ops.post("/ops/rules/calendarday/year/", {"year": "2027", "lines": TABLE_2027 + "2027-02-08 holiday 春节"})
    assert r.status_code == 302
    assert CalendarDay.objects.filter(date__year=2027).count() == 5
    assert not days.is_working_day(D(2027, 2, 8)) and days.is_working_day(D(2027, 2, 13))
    d.refresh_from_db()
    assert d.due_on == D(2027, 2, 9)  # recounted by the task after commit (eager in tests)
    assert AuditEntry.objects.filter(object_type="rules.calendarday", object_id="2027").exists()


def test_a_table_with_a_repeated_day_or_a_bad_line_is_refused_whole(ops):
    services.save_holiday_year(2027, TABLE_2027)
    before = list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind"))
    bad = TABLE_2027 + "2027-10-01 holiday 国庆节\n2027-01-01 holiday 又一个元旦\n2027-13-01 holiday 错\n"
    with translation.override("zh-hans"):
        r = ops.post("/ops/rules/calendarday/year/", {"year": "2027", "lines": bad})
        text = r.content.decode()
    assert r.status_code == 200
    assert "第 6 行" in text and "已在第 1 行出现" in text and "第 7 行" in text
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind")) == before
    with pytest.raises(ValidationError) as e:
        services.save_holiday_year(2027, "2027-03-03 working 周三")  # a Wednesday cannot be made a working day
    assert "lines" in e.value.message_dict


def test_the_2025_and_2026_tables_are_shipped(db):
    assert CalendarDay.objects.filter(date__year=2025, kind="holiday").count() == 1 + 8 + 3 + 5 + 3 + 8
    assert CalendarDay.objects.filter(date__year=2025, kind="working").count() == 5
    assert CalendarDay.objects.filter(date__year=2026, kind="holiday").count() == 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert CalendarDay.objects.filter(date__year=2026, kind="working").count() == 6
