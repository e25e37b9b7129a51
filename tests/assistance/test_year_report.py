"""The year report: seed 002's sentences from the rows in the reader's subtree, each number
opening exactly the rows it counts."""

import re
from datetime import date

import pytest
from django.utils import timezone

from gonghui.assistance import services as assistance
from gonghui.assistance.models import Visit
from gonghui.medicalaid import services as aid

from ..factories import colleague, hardship_file, read_xlsx, user
from ..medicalaid.conftest import YEAR as AID_YEAR
from ..medicalaid.conftest import claim, enrolled
from .conftest import apply, member, student_aid

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def world(city):
    """In 衡阳县: two students helped (one rejected), an enterprise visited twice and a household
    once, two people enrolled (one woman) with one paid claim, hardship files of each kind.
    In 衡南县: one of most, which 衡阳县's readers must not count."""
    programme = student_aid(city)
    for n in (1, 2, 3):
        assistance.approve(apply(city, programme, member(city, n, is_migrant_worker=True)),
                           acting_user=city.users["rights"], opinion="同意")
    rejected = apply(city, programme, member(city, 4, is_migrant_worker=True))
    assistance.reject(rejected, acting_user=city.users["rights"], opinion="材料不全")
    assistance.approve(apply(city, programme, member(city, 5, union=city.grassroots2, is_migrant_worker=True),
                             by="rights"),
                       acting_user=city.users[colleague(city, "rights")], opinion="同意")
    # Undergraduates without a hardship file get 3,000 元 each.
    day = date(THIS_YEAR, 1, 15)
    for union, target, name, fen in [(city.grassroots, "enterprise", "衡阳县第一机械有限公司", 1_000_000),
                                     (city.grassroots, "enterprise", "衡阳县第一机械有限公司", 500_000),
                                     (city.grassroots, "household", "王学9", 200_000),
                                     (city.grassroots2, "household", "王学8", 300_000)]:
        Visit.objects.create(programme=programme, union=union, target=target, visited_name=name, visited_on=day,
                             amount_fen=fen, created_by=city.users["rights"])
    enrolled(city)
    paid = claim(city, enrolled(city, sex="F"))
    aid.review(paid, acting_user=city.users["rights"], approve=True, opinion="同意")
    aid.pay(paid, acting_user=city.users["rights"], payment_ref="B-1")
    enrolled(city, city.grassroots2)
    by = city.users["rights"]
    hardship_file(member(city, 11), by=by, year=THIS_YEAR, category="deep")
    hardship_file(member(city, 12), by=by, year=THIS_YEAR, category="relative", intake="returned")
    hardship_file(member(city, 13), by=by, year=THIS_YEAR, category="deep", state="exited")
    hardship_file(member(city, 14), by=by, year=THIS_YEAR - 1, category="accident")
    hardship_file(member(city, 15, union=city.grassroots2), by=by, year=THIS_YEAR, category="deep")
    return city


def figures(html):
    """{figure key: (shown text, link)} from the rendered sentences."""
    return {key: (text, href.replace("&amp;", "&"))
            for href, key, text in re.findall(r'<a href="([^"]+)" data-figure="(\w+)">([^<]+)</a>', html)}


def test_the_rights_department_reads_every_sentence_for_the_whole_city(world, login):
    c = login("rights")
    now = figures(c.get("/assistance/report/").content.decode())
    assert now["students"][0] == "4" and now["aid_money"][0] == "1.2 万元"  # 4 × 3,000 元, the rejected one left out
    assert now["enterprises"][0] == "1" and now["households"][0] == "2" and now["visit_money"][0] == "2 万元"
    assert (now["files"][0], now["deep"][0], now["relative"][0], now["returned"][0], now["exited"][0]) == (
        "3", "2", "1", "1", "1")
    assert now["enrolled"][0] == "0"  # the medical aid of the tests is last year's
    before = figures(c.get("/assistance/report/", {"year": AID_YEAR}).content.decode())
    assert (before["enrolled"][0], before["women"][0], before["claims"][0]) == ("3", "1", "1")
    assert before["claim_money"][0].endswith("万元") and before["accident"][0] == "1"


def test_a_county_counts_its_own_subtree_only(world, login):
    world.users["rights_county"] = user("rights_county", "rights", world.county)
    now = figures(login("rights_county").get("/assistance/report/").content.decode())
    assert (now["students"][0], now["households"][0], now["files"][0], now["deep"][0]) == ("3", "1", "2", "1")
    assert (now["aid_money"][0], now["visit_money"][0]) == ("0.9 万元", "1.7 万元")


@pytest.mark.parametrize("persona, year", [("rights", None), ("rights", AID_YEAR), ("union", None)])
def test_every_number_opens_exactly_the_rows_it_counts(world, login, persona, year):
    c = login(persona)
    params = {"year": year} if year else {}
    shown = figures(c.get("/assistance/report/", params).content.decode())
    assert shown
    for key, (text, url) in shown.items():
        if "万元" in text:
            continue
        rows = c.get(url).content.decode()
        count = re.search(r"data-testid=\"count\">共 ([\d,]+) 条", rows)
        if key == "enterprises":  # counted once per enterprise, linked to its visits
            assert int(count.group(1).replace(",", "")) >= int(text)
        else:
            assert count.group(1).replace(",", "") == text.replace(",", ""), (key, url)


def test_readers_see_the_sentences_of_the_lists_they_may_open(world, login):
    html = login("city").get("/assistance/report/").content.decode()  # organisation department
    assert set(figures(html)) == {"files", "deep", "relative", "accident", "new", "returned", "exited"}
    assert "慰问金" not in html
    assert login("nobody").get("/assistance/report/").status_code == 403


def test_the_report_exports_its_figures(world, login, django_capture_on_commit_callbacks):
    c = login("rights")
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/assistance/report/", {"year": THIS_YEAR})
    page = c.get(r["Location"]).content.decode()
    assert r.status_code == 302 and 'data-testid="task-file"' in page
    book = read_xlsx(c.get(f"{r['Location']}file/"))
    [(title, rows)] = book.items()
    assert str(THIS_YEAR) in title
    values = {r[0]: r[1] for r in rows[1:]}
    assert values["金秋助学受助学生（名）"] == 4 and values["金秋助学资金"] == "1.2"


def test_the_export_runs_once_and_only_its_starter_sees_it(world, login, django_capture_on_commit_callbacks):
    from gonghui.assistance import tasks
    from gonghui.core.models import AuditEntry, TaskRun

    c = login("rights")
    with django_capture_on_commit_callbacks(execute=True):
        url = c.post("/assistance/report/", {"year": THIS_YEAR})["Location"]
    run = TaskRun.objects.get()
    exports = AuditEntry.objects.filter(action="export").count()
    again = tasks.export_year_report.apply(run.args, task_id=str(run.pk))  # a redelivered message
    run.refresh_from_db()
    assert again.successful() and (run.state, run.tries) == ("succeeded", 1)  # it had ended: nothing to do
    tasks.export_year_report.apply(run.args, task_id="00000000-0000-0000-0000-000000000001")
    assert AuditEntry.objects.filter(action="export").count() == exports + 1  # another run: another file
    assert login("city").get(url).status_code == 404 and login("city").get(f"{url}file/").status_code == 404
