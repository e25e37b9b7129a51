"""Founding coverage: 建会率 and 入会率 on a hand-built tree (figures in conftest), the
breakdowns, the constant number of queries, the new-economy view and the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.coverage import queries

from ..factories import employer
from ..medicalaid.conftest import member
from .conftest import coverage_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def cc(city):
    return coverage_city(city)


def _row(rows, label_start):
    return next(r for r in rows if r["label"].startswith(label_start))


def test_county_rates_exact(cc):
    f = queries.coverage(cc.users["county"], cc.county)
    t = f["total"]
    assert (t["total"], t["with_union"], t["without_union"]) == (5, 3, 2)
    assert t["founding_rate"] == 60.0
    assert (t["staff"], t["members"]) == (1300, 8)  # retired member and closed employer left out
    assert t["membership_rate"] == round(100 * 8 / 1300, 1)


def test_city_rates_exact(cc):
    t = queries.coverage(cc.users["city"], cc.root)["total"]
    assert (t["total"], t["with_union"], t["staff"], t["members"]) == (6, 4, 1350, 10)
    assert t["founding_rate"] == 66.7


def test_breakdowns(cc):
    f = queries.coverage(cc.users["county"], cc.county)
    bands = {r["label"]: (r["total"], r["with_union"], r["staff"], r["members"]) for r in f["by_band"]}
    assert list(bands.values()) == [(1, 0, 0, 0), (3, 2, 100, 4), (0, 0, 0, 0), (1, 1, 1200, 4)]
    assert [r["founding_rate"] for r in f["by_band"]] == [0.0, 66.7, None, 100.0]
    township = _row(f["by_region"], cc.township.region.name)
    assert (township["total"], township["with_union"], township["members"]) == (4, 2, 4)
    own = _row(f["by_region"], "衡阳县")
    assert (own["total"], own["with_union"], own["staff"], own["members"]) == (1, 1, 1200, 4)
    industry = {r["label"][0]: (r["total"], r["with_union"]) for r in f["by_industry"]}
    assert industry == {"C": (4, 3), "G": (1, 0)}
    # the city sees its counties
    regions = {r["label"]: r["total"] for r in queries.coverage(cc.users["city"], cc.root)["by_region"]}
    assert regions == {"衡阳县": 5, "衡南县": 1}



def test_queries_do_not_grow_with_rows(cc):
    user = cc.users["county"]
    queries.coverage(user, cc.county)  # the user's grants are read once and kept
    with CaptureQueriesContext(connection) as before:
        queries.coverage(user, cc.county)
    for n in range(20, 30):
        employer(n, cc.township.region, f"新增企业{n}", headcount=n * 10)
    for _i in range(5):
        member(cc, cc.heavy)
    with CaptureQueriesContext(connection) as after:
        queries.coverage(user, cc.county)
    assert len(after) == len(before)
    assert len(before) <= 11


def test_each_figure_links_to_its_employers(cc, login):
    f = queries.coverage(cc.users["county"], cc.county)
    client = login("county")
    band = f["by_band"][1]
    page = client.get(band["with_url"])
    assert page.status_code == 200
    names = {e.name for e in page.context["table"].data.data}
    assert names == {"衡阳县第一机械有限公司", "衡阳县湘江物流有限公司"}
    page = client.get(f["total"]["without_url"])
    assert {e.name for e in page.context["table"].data.data} == {"衡阳县未建会建材有限公司", "衡阳县小微快递服务部"}
    industry_g = _row(f["by_industry"], "G")
    page = client.get(industry_g["total_url"])
    assert {e.name for e in page.context["table"].data.data} == {"衡阳县小微快递服务部"}


def test_scoping(cc, login):
    # county2 sees only its own county, whatever it asks for
    t = queries.coverage(cc.users["county2"], cc.county2)["total"]
    assert (t["total"], t["members"]) == (1, 2)
    assert login("county2").get("/coverage/", {"union": cc.county.pk}).status_code == 404
    # the grassroots clerk: their own employer only
    t = queries.coverage(cc.users["union"], cc.grassroots)["total"]
    assert (t["total"], t["with_union"], t["staff"], t["members"]) == (1, 1, 50, 3)


def test_overview_page(cc, login):
    page = login("county").get("/coverage/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="founding-rate"' in html and "60.0%" in html
    assert 'id="chart-region"' in html


def test_new_economy(cc):
    from gonghui.members.models import Member

    m1 = member(cc, cc.industry)
    member(cc, cc.industry)
    Member.objects.filter(pk=m1.pk).update(is_gig_worker=True)
    rows = {r["key"]: r for r in queries.new_economy(cc.users["city"], cc.root)}
    assert (rows["logistics"]["total"], rows["logistics"]["with_union"], rows["logistics"]["members"]) == (1, 1, 1)
    assert rows["logistics"]["industry_members"] == 2
    assert rows["logistics"]["all_members"] == 3 and rows["logistics"]["gig_workers"] == 1
    assert (rows["delivery"]["total"], rows["delivery"]["with_union"]) == (1, 0)
    # the county does not see the city's industry union
    rows = {r["key"]: r for r in queries.new_economy(cc.users["county"], cc.county)}
    assert rows["logistics"]["industry_members"] == 0


def test_api_coverage(cc, api):
    body = api("county").get("/api/v1/coverage", {"union": cc.county.pk}).json()
    assert body["total"]["employers"] == 5 and body["total"]["founding_rate"] == 60.0
    assert body["total"]["members"] == 8 and body["total"]["staff"] == 1300
    assert [r["employers"] for r in body["by_band"]] == [1, 3, 0, 1]
    assert {r["key"] for r in body["new_economy"]} >= {"logistics", "delivery", "security"}
    assert api("county2").get("/api/v1/coverage", {"union": cc.county.pk}).status_code == 404
    assert api("rights").get("/api/v1/coverage").status_code == 403
    assert api("city").get("/api/v1/coverage").json()["union_id"] == cc.root.pk


def test_new_economy_pages_link_to_their_rows(cc, login):
    member(cc, cc.industry)
    client = login("city")
    page = client.get("/coverage/new-economy/")
    assert page.status_code == 200
    row = next(r for r in page.context["rows"] if r["key"] == "logistics")
    listed = client.get(row["industry_members_url"])
    unions = list(listed.context["table"].data.data)
    assert [(u.name, u.n_members) for u in unions] == [(cc.industry.name, 1)]
    listed = client.get(row["total_url"])
    assert [e.name for e in listed.context["table"].data.data] == ["衡阳县湘江物流有限公司"]


def test_overview_page_queries_do_not_grow(cc, login):
    client = login("county")
    client.get("/coverage/")
    with CaptureQueriesContext(connection) as before:
        client.get("/coverage/")
    for n in range(30, 40):
        employer(n, cc.township.region, f"又一家企业{n}", headcount=30 + n)
    for _i in range(4):
        member(cc, cc.grassroots_b)
    with CaptureQueriesContext(connection) as after:
        page = client.get("/coverage/")
    assert page.context["f"]["total"]["total"] == 15
    assert len(after) == len(before)


def test_township_is_its_own_row(cc):
    f = queries.coverage(cc.users["county"], cc.township)
    assert [(r["label"].startswith(cc.township.region.name), r["total"]) for r in f["by_region"]] == [(True, 4)]
    assert f["total"]["founding_rate"] == 50.0
