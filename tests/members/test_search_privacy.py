"""A search for a phone or an ID number leaves no trace outside the database (issue: searches
went into the access log and any proxy's log through ?q=). The searches are run through the
pages (posted, with htmx and without, then paged and exported) and the API; everything that
would be logged is gathered: every record of every logger, every address requested or offered
by a page (what an access log and a proxy record), and the audit entries written meanwhile.
Neither the phone nor the ID number is in any of it, and each search still finds the member."""

import json
import logging
import re
from html import unescape
from urllib.parse import quote

from django.urls import reverse
from stdnum.cn import ric

from gonghui.core.models import AuditEntry
from gonghui.members import services

from ..factories import read_xlsx

PHONE = "13912345678"
ID_NUMBER = "43042119870605274" + ric.calc_check_digit("43042119870605274" + "0")
PAGES = [("county", "members:list"), ("county", "members:join_list"), ("county", "members:cleanup"),
         ("county", "hardship:list"), ("county", "accounts:staff_list"), ("county", "orgs:union_list"),
         ("rights", "assistance:application_list"), ("rights", "medicalaid:claims"), ("publicity", "campaigns:claims")]
API_LISTS = [("county", "/api/v1/members"), ("county", "/api/v1/join-applications"),
             ("county", "/api/v1/hardship-files"), ("county", "/api/v1/unions"),
             ("rights", "/api/v1/assistance-applications")]
ADDRESS = re.compile(r'(?:href|action|hx-get|hx-post|hx-push-url|formaction)="([^"]*)"')


class Addresses(list):
    """What an access log or a proxy would record: every address asked for, every address a page
    offers (links, forms, htmx requests) and every address htmx shows."""

    def response(self, r):
        self.extend(url for url, _status in getattr(r, "redirect_chain", []))
        self.append(f'{r.request["PATH_INFO"]}?{r.request.get("QUERY_STRING", "")}')
        if "HX-Push-Url" in r:
            self.append(r["HX-Push-Url"])
        if r.get("Content-Type", "").startswith("text/html"):
            self.extend(unescape(a) for a in ADDRESS.findall(r.content.decode()))
        return r


def _found(r, member):
    return member.number in r.content.decode()


def test_searching_by_phone_or_id_logs_neither(city, login, api, caplog, django_capture_on_commit_callbacks):
    member = services.add_member(acting_user=city.users["county"], union=city.grassroots, name="欧阳晓峰",
                                 id_number=ID_NUMBER, phone=PHONE)
    since = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    caplog.set_level(logging.DEBUG)  # every logger, every level
    seen = Addresses()
    for text in (PHONE, ID_NUMBER):
        for who, name in PAGES:
            r = seen.response(login(who).post(reverse(name), {"q": text}, follow=True))
            assert r.status_code == 200, (name, r.status_code)
        page = login("county")
        r = seen.response(page.post(reverse("members:list"), {"q": text}, follow=True))
        assert _found(r, member), text
        live = seen.response(page.post(reverse("members:list"), {"q": text},
                                       headers={"HX-Request": "true", "HX-Target": "results"}))
        assert _found(live, member)
        again = seen.response(page.get(live["HX-Push-Url"]))  # the address htmx shows, opened again
        assert _found(again, member)
        export = next(a for a in seen if "export=xlsx" in a and a.startswith("?"))
        with django_capture_on_commit_callbacks(execute=True):
            book = seen.response(page.get(reverse("members:list") + export))
        assert member.number in json.dumps(read_xlsx(book), ensure_ascii=False)
        seen.response(page.get(reverse("members:list") + export.replace("export=xlsx", "page=1")))
        token = api("county").post("/api/v1/searches", {"q": text}, content_type="application/json").json()["qh"]
        for who, path in API_LISTS:
            r = seen.response(api(who).get(f"{path}?qh={quote(token)}"))
            assert r.status_code == 200, (path, r.content)
            if path == "/api/v1/members":
                assert [i["number"] for i in r.json()["items"]] == [member.number]
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    audit = json.dumps(list(AuditEntry.objects.filter(id__gt=since or 0).values()), default=str, ensure_ascii=False)
    assert AuditEntry.objects.filter(id__gt=since or 0, action="export").count() == 2  # the trail has the exports
    everything = "\n".join([logged, audit, *seen])
    for secret in (PHONE, ID_NUMBER, ID_NUMBER[:-1], quote(ID_NUMBER)):
        assert secret not in everything


def test_the_api_refuses_a_search_in_the_address(city, api):
    r = api("county").get("/api/v1/members", {"q": PHONE})
    assert r.status_code == 422 and "/api/v1/searches" in r.json()["detail"] and PHONE not in r.content.decode()


def test_an_old_address_with_a_search_is_sent_on_without_it(city, login):
    r = login("county").get(reverse("members:list"), {"q": PHONE, "status": "active"})
    assert r.status_code == 303 and PHONE not in r["Location"] and "qh=" in r["Location"]
    assert "status=active" in r["Location"]


def test_an_altered_search_token_is_refused_not_read(city, login, api):
    r = login("county").get(reverse("members:list"), {"qh": "t1:AAAA"}, follow=True)
    assert r.redirect_chain[-1][0] == reverse("members:list") and "该搜索已失效" in r.content.decode()
    r = api("county").get("/api/v1/members", {"qh": "t1:AAAA"})
    assert r.status_code == 422 and "qh" in r.json()["errors"]


def test_a_search_token_does_not_open_a_sealed_field(city):
    """A stored ID number's token put in ?qh= must not be read back as a search (it would echo
    the plaintext in the search box): tokens are sealed for one purpose each."""
    import pytest
    from django.core.exceptions import ValidationError

    from gonghui.core import search

    member = services.add_member(acting_user=city.users["county"], union=city.grassroots, name="欧阳晓峰",
                                 id_number=ID_NUMBER, phone=PHONE)
    with pytest.raises(ValidationError):
        search.text_of(member.id_number.token)
    assert search.text_of(search.token(PHONE)) == PHONE
