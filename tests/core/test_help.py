"""Issue 21: every page links a short Chinese help text for its task; a help index lists them.
The texts live in one folder (core/templates/core/help/), mapped from url names in core/help.py."""

from django.template.loader import get_template
from django.urls import get_resolver

from gonghui.core.help import PAGES, TOPICS, topic_for


def url_names():
    resolver = get_resolver()
    names = set()
    for ns, (_prefix, sub) in resolver.namespace_dict.items():
        names |= {f"{ns}:{n}" for n in sub.reverse_dict if isinstance(n, str)}
    return names


def test_every_page_of_every_app_has_a_help_topic_with_a_text():
    for topic in TOPICS:
        get_template(f"core/help/{topic}.html")  # exists
    assert set(PAGES.values()) <= set(TOPICS)
    pages = {n for n in url_names() if n.split(":")[0] not in {"api", "admin"}}
    missing = sorted(n for n in pages if topic_for(n) is None)
    assert missing == [], missing


def test_pages_link_their_help_and_the_help_reads_in_chinese(login, client, city):
    page = login("county").get("/members/joins/").content.decode()
    assert 'href="/help/joins/" data-testid="help-link"' in page
    text = client.get("/help/joins/").content.decode()
    assert "入会申请" in text and "拒绝必须写理由" in text
    index = client.get("/help/").content.decode()
    assert all(f"/help/{t}/" in index for t in TOPICS)
    assert client.get("/help/nothing-here/").status_code == 404
    assert 'href="/help/unions/"' in login("county").get(f"/orgs/unions/{city.township.pk}/").content.decode()
