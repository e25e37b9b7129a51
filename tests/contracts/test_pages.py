"""Collective-contract pages: the list with filters and export, the contract page with each
date beside its rule, the step forms refusing bad input in Chinese with nothing changed, the
coverage page whose figures open their employers, and its export."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from gonghui.contracts.models import CollectiveContract as C
from gonghui.orgs.models import Employer

from ..factories import read_xlsx
from .conftest import ZHEJIANG, approved, contract, in_force, negotiating, signed

pytestmark = pytest.mark.django_db


def test_the_list_filters_and_exports(login, city):
    a = in_force(city, contract(city, requested_on=date(2022, 11, 1)))  # lapsed in 2025
    b = contract(city, title="工资专项集体合同", kind=C.Kind.WAGE)
    c = login("city")
    page = c.get("/collective-contracts/").content.decode()
    assert a.title in page and b.title in page
    lapsed = page.split('data-testid="lapsed-count"')[1].split("</a>")[0]
    assert "<strong>1</strong>" in lapsed and 'href="?status=lapsed"' in page
    page = c.get("/collective-contracts/?status=lapsed").content.decode()
    assert a.title in page and b.title not in page
    page = c.get("/collective-contracts/?kind=wage").content.decode()
    assert b.title in page and a.title not in page
    sheets = read_xlsx(c.get("/collective-contracts/?export=xlsx&status=lapsed"))
    rows = next(iter(sheets.values()))
    assert any(a.title in str(cell) for row in rows for cell in row)
    assert not any(b.title in str(cell) for row in rows for cell in row)


def test_the_contract_page_shows_each_date_with_its_rule(login, city):
    k = contract(city, region=ZHEJIANG, requested_on=date(2026, 9, 28))
    page = login("city").get(f"/collective-contracts/{k.pk}/").content.decode()
    assert 'data-testid="deadline-reply_due_on"' in page
    assert "浙江省集体合同条例" in page and "2026年10月16日" in page


def test_a_reply_before_the_request_on_the_page_is_refused_in_chinese(login, city):
    k = contract(city, requested_on=date(2026, 3, 4))
    r = login("city").post(f"/collective-contracts/{k.pk}/reply/", {"replied_on": "2026-03-01", "agreed": "yes"})
    assert r.status_code == 200
    page = r.content.decode()
    assert "集体合同规定 第三十二条" in page and "不能早于" in page
    k.refresh_from_db()
    assert k.state == C.State.REQUESTED and k.replied_on is None


def test_two_negotiators_on_the_page_are_refused(login, city):
    k = contract(city)
    r = login("city").post(f"/collective-contracts/{k.pk}/negotiators/", {
        "union_side": "王工会\n李代表", "employer_side": "陈总\n周经理"})
    assert r.status_code == 200 and "集体合同规定 第八条" in r.content.decode()
    assert not k.negotiators.exists()
    r = login("city").post(f"/collective-contracts/{k.pk}/negotiators/", {
        "union_side": "王工会, 工会主席\n李代表\n赵代表", "employer_side": "陈总，总经理\n周经理\n吴经理"})
    assert r.status_code == 302
    assert k.negotiators.get(name="陈总").position == "总经理"


def test_four_years_on_the_page_is_refused(login, city):
    k = approved(city, contract(city, requested_on=date(2025, 11, 3)))
    r = login("city").post(f"/collective-contracts/{k.pk}/sign/", {
        "signed_on": "2025-12-20", "term_start": "2026-01-01", "term_end": "2029-12-31"})
    assert r.status_code == 200
    page = r.content.decode()
    assert "集体合同规定 第三十八条" in page
    k.refresh_from_db()
    assert k.state == C.State.APPROVED and k.signed_on is None


def test_late_filing_on_the_page_is_refused(login, city):
    k = signed(city, contract(city, requested_on=date(2026, 4, 1)), signed_on=date(2026, 4, 24))
    r = login("city").post(f"/collective-contracts/{k.pk}/file/", {"filed_on": "2026-05-07"})
    assert r.status_code == 200 and "集体合同规定 第四十二条" in r.content.decode()
    k.refresh_from_db()
    assert k.state == C.State.SIGNED


def test_a_step_out_of_order_is_not_offered(login, city):
    k = negotiating(city, contract(city))
    assert login("city").post(f"/collective-contracts/{k.pk}/file/", {"filed_on": "2026-05-07"}).status_code == 404


def test_coverage_figures_open_their_employers_and_export(login, city):
    Employer.objects.filter(pk__in=[city.employer.pk, city.employer2.pk]).update(headcount=300)
    in_force(city, contract(city, requested_on=timezone.localdate() - timedelta(days=60)))
    c = login("city")
    page = c.get("/collective-contracts/coverage/").content.decode()
    assert 'data-testid="by-county"' in page and "衡南县" in page
    r = c.get("/collective-contracts/coverage/employers/?target=true&covered=false")
    listed = r.content.decode()
    assert city.employer2.name in listed and city.employer.name not in listed
    listed = c.get("/collective-contracts/coverage/employers/?target=true&covered=true").content.decode()
    assert city.employer.name in listed and city.employer2.name not in listed
    rows = next(iter(read_xlsx(c.get("/collective-contracts/coverage/?export=xlsx")).values()))
    assert any("衡南县" in str(cell) for row in rows for cell in row)
    employers = next(iter(read_xlsx(c.get(
        "/collective-contracts/coverage/employers/?target=true&covered=false&export=xlsx")).values()))
    assert any(city.employer2.name in str(cell) for row in employers for cell in row)


def test_county2_does_not_find_the_contract_and_the_auditor_cannot_change_it(login, city, client):
    k = contract(city)
    assert login("county2").get(f"/collective-contracts/{k.pk}/").status_code == 404
    assert login("auditor").get(f"/collective-contracts/{k.pk}/").status_code == 200
    r = login("auditor").post(f"/collective-contracts/{k.pk}/reply/", {"replied_on": "2026-03-05", "agreed": "yes"})
    assert r.status_code == 403
    k.refresh_from_db()
    assert k.state == C.State.REQUESTED
    assert login("union").get(f"/collective-contracts/{k.pk}/").status_code == 200  # its own union's contract


def test_every_coverage_figure_by_county_and_industry_opens_as_many_employers(login, city):
    """Each count on the coverage page (total, with, without; by county and by industry) is a
    link whose list holds exactly that many of the target employers."""
    import html
    import re

    from gonghui.contracts import queries

    Employer.objects.filter(pk__in=[city.employer.pk, city.employer2.pk]).update(headcount=300)
    in_force(city, contract(city, requested_on=timezone.localdate() - timedelta(days=60)))
    names = {e.name for e in queries.target_employers(city.users["city"], city.root)[0]}
    assert len(names) >= 2
    c = login("city")
    page = c.get("/collective-contracts/coverage/").content.decode()
    checked = 0
    for testid in ("by-county", "by-industry"):
        table = re.search(rf'data-testid="{testid}">(.*?)</table>', page, re.S).group(1)
        for url, n in re.findall(r'<a (?:class="[^"]*" )?href="([^"]+)">(\d+)</a>', table):
            listing = c.get(html.unescape(url)).content.decode()
            assert sum(name in listing for name in names) == int(n), (testid, url)
            checked += 1
    assert checked >= 6
