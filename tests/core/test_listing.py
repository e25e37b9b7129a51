"""The shared list page: live filtering keeps the export links in step with the filters."""

import re


def test_filtering_with_htmx_swaps_export_links_carrying_the_filters(city, login):
    c = login("city")
    r = c.post("/orgs/unions/", {"q": "衡阳县"}, headers={"HX-Request": "true", "HX-Target": "results"})
    html = r.content.decode()
    assert 'id="results"' in html and "<form" not in html  # only the results, as htmx asked
    exports = re.search(r'<span id="list-exports"[^>]*hx-swap-oob="true"[^>]*>(.*?)</span>', html, re.S)
    assert exports, "the export links are swapped out of band"
    token = re.search(r"qh=([^&\"]+)", r["HX-Push-Url"]).group(1)  # the address shown: the search's token
    assert "export=xlsx" in exports.group(1) and f"qh={token}" in exports.group(1) and "q=" not in r["HX-Push-Url"]
    assert "%E8%A1%A1" not in exports.group(1) and "衡阳县" not in r["HX-Push-Url"]


def test_the_full_page_renders_the_export_links_once_and_in_place(city, login):
    html = login("city").get("/orgs/unions/", {"q": "衡阳县"}, follow=True).content.decode()
    assert html.count('id="list-exports"') == 1 and "hx-swap-oob" not in html
