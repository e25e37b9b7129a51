"""Issue 2's page flows in a real browser."""

from playwright.sync_api import expect

from gonghui.orgs.models import Union


def row_names(page):
    return set(page.get_by_test_id("union-table").locator("tbody tr td:first-child").all_inner_texts())


def test_county_sees_only_its_county(sign_in, page, city):
    sign_in("county")
    page.goto("/orgs/unions/")
    names = row_names(page)
    assert names == {"衡阳县总工会", city.township.name, city.grassroots.name, city.grassroots_b.name}
    page.get_by_label("类型").select_option("grassroots")
    expect(page.get_by_test_id("count")).to_contain_text("2")
    assert row_names(page) == {city.grassroots.name, city.grassroots_b.name}
    assert "kind=grassroots" in page.url  # the filter is in the address, so it can be shared
    assert not page.console_errors


def test_pasting_a_union_from_another_county_is_not_found(sign_in, page, city):
    sign_in("county")
    foreign = page.goto(f"/orgs/unions/{city.county2.pk}/")
    missing_page = page.content()
    missing = page.goto("/orgs/unions/999999/")
    assert foreign.status == missing.status == 404
    assert page.get_by_test_id("not-found").is_visible()
    assert city.county2.name not in missing_page


def test_auditor_sees_no_edit_buttons_and_a_forced_post_is_refused(sign_in, page, city):
    sign_in("auditor")
    page.goto(f"/orgs/unions/{city.township.pk}/")
    assert page.get_by_role("heading", name=city.township.name).is_visible()
    actions = page.get_by_test_id("actions")
    assert actions.get_by_role("link").count() == 0  # no edit, move, merge, revoke or delete
    status = page.evaluate(
        """async (url) => {
            const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken'];
            const body = new URLSearchParams({name: '被篡改', kind: 'township', region: '430421100'});
            const r = await fetch(url, {method: 'POST', headers: {'X-CSRFToken': token}, body});
            return r.status;
        }""",
        f"/orgs/unions/{city.township.pk}/edit/",
    )
    assert status == 403
    assert Union.objects.get(pk=city.township.pk).name == city.township.name


def test_city_creates_a_union_through_the_lookups(sign_in, page, city):
    sign_in("city")
    page.goto(f"/orgs/unions/new/?parent={city.township.pk}")
    page.get_by_label("名称").fill("西渡镇新材料有限公司工会")
    page.get_by_label("类型").select_option("grassroots")
    page.get_by_test_id("lookup-employer").fill("未建会")
    expect(page.locator("#id_employer")).to_contain_text("未建会")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="西渡镇新材料有限公司工会").is_visible()
    union = Union.objects.get(name="西渡镇新材料有限公司工会")
    assert union.employer == city.employer_free and union.path.startswith(city.township.path)
    assert "新建" in page.get_by_test_id("history").inner_text()


def test_dashboard_figures_link_to_their_rows(sign_in, page, city):
    sign_in("county")
    page.goto("/")
    assert page.get_by_test_id("fig-unions").inner_text() == "4"
    page.get_by_test_id("fig-without").click()
    page.wait_for_load_state("networkidle")
    assert "has_union=false" in page.url
    assert city.employer_free.name in page.locator("#results").inner_text()
    assert city.employer.name not in page.locator("#results").inner_text()


def test_subtree_switcher_narrows_every_page(sign_in, page, city):
    sign_in("city")
    page.get_by_test_id("scope-search").fill("衡南县")
    expect(page.locator("#scope-union")).to_contain_text("衡南县总工会")
    page.get_by_test_id("scope-switch").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("scope")).to_have_text("衡南县总工会")
    page.goto("/orgs/unions/")
    assert row_names(page) == {"衡南县总工会", city.township2.name, city.grassroots2.name}
    page.get_by_role("button", name="显示全部").click()
    page.wait_for_load_state("networkidle")
    page.goto("/orgs/unions/")
    assert len(row_names(page)) == Union.objects.count()
