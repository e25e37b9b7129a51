"""Issue 21: the overview shows the subtree's member total beside the unions and employers,
linked to the member list."""

from tests.assistance.conftest import member


def test_overview_shows_the_member_total_of_the_subtree_linked_to_the_list(login, city):
    for n in range(3):
        member(city, n)
    member(city, 9, union=city.grassroots_b)
    page = login("city").get("/")
    assert page.context["members"] == {"total": 4, "url": "/members/"}
    html = page.content.decode()
    assert 'data-testid="fig-members"' in html and 'href="/members/"' in html
    # Focused on the township, the figure and its link narrow to it.
    client = login("county")
    client.post("/focus/", {"union": city.township.pk, "next": "/"})
    page = client.get("/")
    assert page.context["members"]["total"] == 4
    assert page.context["members"]["url"] == f"/members/?under={city.township.pk}"
    assert client.get(page.context["members"]["url"]).context["table"].page.paginator.count == 4


def test_overview_member_total_is_cut_to_the_users_scope(login, city):
    member(city, 1)
    member(city, 2, union=city.grassroots2)
    assert login("county").get("/").context["members"]["total"] == 1
    assert login("county2").get("/").context["members"]["total"] == 1
