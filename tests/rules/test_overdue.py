"""The overdue list from both sides: a county sees its own subtree's overdue items of the kinds
it may see, never the neighbouring county's; services open and close deadlines as work moves."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.members import joins
from gonghui.rules import deadlines
from gonghui.rules.models import Deadline

from ..factories import read_xlsx
from ..members.test_joins_matrix import pending_join

D = datetime.date
pytestmark = pytest.mark.django_db


def _late(obj, union, kind="join_review", days=10, title="x"):
    started = timezone.localdate() - datetime.timedelta(days=days + 5)
    return deadlines.track(obj, kind=kind, started_on=started, due_on=started + datetime.timedelta(days=5),
                           union=union, title=title, url="/")


def test_a_join_application_opens_a_deadline_that_the_answer_closes(city):
    app = pending_join(city)
    d = Deadline.objects.get(kind="join_review", object_type="members.joinapplication", object_id=str(app.pk))
    assert d.rule == "members.join_review_days" and d.n == 3 and d.union_path == city.grassroots.path
    assert d.closed_at is None and "赵骑手" in d.title
    joins.reject(app, acting_user=city.users["county"], reason="材料不全")
    d.refresh_from_db()
    assert d.closed_at is not None


def test_each_county_sees_only_its_own_subtree(city):
    from gonghui.members.models import JoinApplication

    mine = _late(JoinApplication(pk=9001), city.grassroots, title="衡阳县的")
    theirs = _late(JoinApplication(pk=9002), city.grassroots2, title="衡南县的")
    assert list(deadlines.overdue_for(city.users["county"])) == [mine]
    assert list(deadlines.overdue_for(city.users["county2"])) == [theirs]
    assert set(deadlines.overdue_for(city.users["city"])) == {mine, theirs}
    assert list(deadlines.overdue_for(city.users["union"])) == [mine]
    assert list(deadlines.overdue_for(city.users["nobody"])) == []
    # not overdue yet on its last day, overdue the day after
    assert list(deadlines.overdue_for(city.users["county"], on=mine.due_on)) == []
    assert list(deadlines.overdue_for(city.users["county"], on=mine.due_on + datetime.timedelta(days=1))) == [mine]


def test_each_department_sees_only_the_kinds_of_object_it_may_see(city):
    from gonghui.hardship.models import HardshipFile
    from gonghui.members.models import JoinApplication

    join = _late(JoinApplication(pk=9001), city.grassroots)
    file = _late(HardshipFile(pk=9003), city.grassroots, kind="hardship_review")
    assert set(deadlines.overdue_for(city.users["rights"])) == {join, file}
    assert set(deadlines.overdue_for(city.users["publicity"])) == {join}  # reads members, never hardship files
    assert set(deadlines.overdue_for(city.users["merchant"])) == set()
    assert set(deadlines.overdue_for(city.users["county"])) == {join, file}


def test_the_page_filters_by_kind_and_exports(city, login):
    from gonghui.hardship.models import HardshipFile
    from gonghui.members.models import JoinApplication

    _late(JoinApplication(pk=9001), city.grassroots, title="入会甲")
    _late(HardshipFile(pk=9003), city.grassroots, kind="hardship_review", title="年审乙")
    _late(JoinApplication(pk=9002), city.grassroots2, title="衡南丙")
    c = login("county")
    page = c.get(reverse("rules:overdue")).content.decode()
    assert "入会甲" in page and "年审乙" in page and "衡南丙" not in page
    page = c.get(reverse("rules:overdue"), {"kind": "hardship_review"}).content.decode()
    assert "入会甲" not in page and "年审乙" in page
    sheets = read_xlsx(c.get(reverse("rules:overdue"), {"kind": "join_review", "export": "xlsx"}))
    rows = next(iter(sheets.values()))
    assert [r[1] for r in rows[1:]] == ["入会甲"]
    assert login("county2").get(reverse("rules:overdue")).content.decode().count("衡南丙") == 1


def test_the_overview_links_to_the_overdue_list(city, login):
    assert reverse("rules:overdue") in login("county").get("/").content.decode()
