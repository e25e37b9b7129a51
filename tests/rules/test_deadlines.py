"""Stored deadlines: track, close, recompute, and the overdue list cut to the user's subtree."""

import datetime

import pytest

from gonghui.rules import deadlines
from gonghui.rules.models import CalendarDay, Deadline

D = datetime.date
pytestmark = pytest.mark.django_db


def test_track_counts_from_the_rule_and_upserts(city):
    union = city.grassroots
    d = deadlines.track(union, kind="test_kind", started_on=D(2025, 9, 21), rule="rights.mediation_days",
                        union=union, title="调解", url="/x/")
    assert (d.n, d.unit, d.due_on, d.union_path) == (15, "days", D(2025, 10, 9), union.path)
    again = deadlines.track(union, kind="test_kind", started_on=D(2026, 3, 2), rule="rights.mediation_days",
                            union=union, title="调解", url="/x/")
    assert again.pk == d.pk and again.due_on == D(2026, 3, 17)
    assert deadlines.close(union, "test_kind") == 1
    assert deadlines.close(union, "test_kind") == 0
    assert Deadline.objects.get(pk=d.pk).closed_at is not None


def test_recompute_follows_a_calendar_edit(city):
    union = city.grassroots
    d = deadlines.track(union, kind="test_kind", started_on=D(2027, 3, 2), n=15, unit="days", union=union,
                        title="x")
    assert d.due_on == D(2027, 3, 17)
    CalendarDay.objects.create(date=D(2027, 3, 17), kind="holiday", name="测试")
    assert deadlines.recompute_all() == 1
    d.refresh_from_db()
    assert d.due_on == D(2027, 3, 18)
    assert deadlines.recompute_all() == 0  # idempotent
