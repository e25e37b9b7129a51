"""Issue 21, what a clerk expects: the region picker and the union tree, server side."""

from gonghui.orgs import queries


def test_region_picker_offers_the_divisions_of_the_users_scope_by_name(city):
    county = dict(queries.region_choices(city.users["county"]))
    assert county["430421"] == "衡阳县"
    assert county[city.township.region_id].strip("\u3000") == city.township.region.name
    assert "430422" not in county and "430400" not in county  # 衡南县 and the city lie outside
    whole = dict(queries.region_choices(city.users["city"]))
    assert {"430400", "430421", "430422"} <= set(whole)
    assert queries.region_choices(city.users["nobody"]) == []


def test_region_filter_is_a_select_and_a_code_from_a_link_still_filters(login, city):
    page = login("county").get("/orgs/unions/")
    html = page.content.decode()
    assert '<select name="region"' in html and "衡阳县</option>" in html
    rows = login("county").get("/orgs/unions/", {"region": city.township.region_id}).context["table"].rows
    assert {r.record.name for r in rows} == {city.township.name, city.grassroots.name, city.grassroots_b.name}
    # A division outside the user's scope given in the address filters to nothing of theirs.
    rows = login("county").get("/orgs/unions/", {"region": "430422"}).context["table"].rows
    assert len(rows) == 0


def test_union_rows_carry_their_path_and_an_indent_by_depth(login, city):
    html = login("county").get("/orgs/unions/").content.decode()
    assert f'data-path="{city.township.path}"' in html
    assert "tree-l1" in html and "data-tree-toggle" in html
    # Sorted by another column the list is flat: no indentation, no toggles.
    html = login("county").get("/orgs/unions/", {"sort": "kind"}).content.decode()
    assert "data-tree-toggle" not in html


def test_union_picker_comes_chosen_when_the_users_scope_is_one_union(login, city):
    """A grassroots clerk has one union to choose: the picker shows it chosen; a county clerk
    still searches among many."""
    html = login("union").get("/members/new/").content.decode()
    assert f'<option value="{city.grassroots.pk}" selected>{city.grassroots.name}' in html
    html = login("county").get("/members/new/").content.decode()
    assert "— 请在上方输入文字搜索 —" in html
    assert f'<option value="{city.grassroots.pk}" selected>' not in html
