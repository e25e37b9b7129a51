"""Issue 2's page flows in a real browser."""

from playwright.sync_api import expect

from gonghui.orgs.models import Union


def row_names(page):
    return set(page.get_by_test_id("union-table").locator("tbody tr td:nth-child(2)").all_inner_texts())


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


def test_union_list_is_a_tree_that_folds_and_filters_by_region_by_name(sign_in, page, city):
    """Issue 21: the union list as a tree (indented, a node's children fold away) and the
    region filter as a picker of the divisions in the user's scope, by name, at 1366 px."""
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("city")
    page.goto("/orgs/unions/")
    table = page.get_by_test_id("union-table")
    county = table.locator(f"tr[data-path='{city.county.path}']")
    township = table.locator(f"tr[data-path='{city.township.path}']")
    grassroots = table.locator(f"tr[data-path='{city.grassroots.path}']")
    # Indented by depth below the top of the scope.
    assert county.locator(".tree-name").get_attribute("class").split()[-1] == "tree-l1"
    assert grassroots.locator(".tree-name").get_attribute("class").split()[-1] == "tree-l3"
    # Fold the township: its two unions hide; fold the county, unfold it: the township stays folded.
    township.locator("[data-tree-toggle]").click()
    expect(grassroots).to_be_hidden()
    expect(township).to_be_visible()
    county.locator("[data-tree-toggle]").click()
    expect(township).to_be_hidden()
    county.locator("[data-tree-toggle]").click()
    expect(township).to_be_visible()
    expect(grassroots).to_be_hidden()
    township.locator("[data-tree-toggle]").click()
    expect(grassroots).to_be_visible()
    # Collapse all keeps the top and its children.
    page.get_by_role("button", name="全部收起").click()
    expect(county).to_be_visible()
    expect(township).to_be_hidden()
    page.get_by_role("button", name="全部展开").click()
    expect(grassroots).to_be_visible()
    # The region picker lists the city's divisions by name, not codes to type.
    picker = page.get_by_label("行政区划")
    assert picker.evaluate("el => el.tagName") == "SELECT"
    labels = {o.get_attribute("value"): o.inner_text().strip("\u3000 ") for o in picker.locator("option").all()}
    assert labels["430421"] == "衡阳县" and labels["430400"] == "衡阳市"
    assert labels[city.township.region_id] == city.township.region.name  # townships too, under their county
    picker.select_option("430421")
    expect(page.get_by_test_id("count")).to_contain_text("4")
    assert row_names(page) == {"衡阳县总工会", city.township.name, city.grassroots.name, city.grassroots_b.name}
    assert "region=430421" in page.url
    assert not page.console_errors
