"""The honours pages as staff use them: the registry list (filters, search, export), a detail
with its history, revoke and deceased, the certificate; a round from call to award through the
forms; the refusals shown in Chinese with nothing written; the report's links; the member's page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.honours import services
from gonghui.honours.models import Honour, Nomination, SelectionRound

from ..factories import colleague, read_xlsx
from .conftest import a_round, approve_all, honour, member, nominate

pytestmark = pytest.mark.django_db


def test_registry_list_filters_search_export(client, city):
    a, b = member(city), member(city, union=city.grassroots2)
    honour(city, a, year=2025)
    honour(city, b, title="craftsman", level="city", year=2024)
    client.force_login(city.users["city"])
    r = client.get(reverse("honours:list"), {"title": "craftsman"})
    assert r.status_code == 200 and b.name in r.content.decode() and a.name not in r.content.decode()
    r = client.get(reverse("honours:list"), {"holder": "person", "year": 2025, "level": "provincial"})
    assert a.name in r.content.decode() and b.name not in r.content.decode()
    r = client.post(reverse("honours:list"), {"q": b.name}, follow=True)
    assert b.name in r.content.decode() and a.name not in r.content.decode()
    book = read_xlsx(client.get(reverse("honours:list"), {"export": "xlsx"}))
    rows = next(iter(book.values()))
    assert any(a.name in str(row) for row in rows) and any(b.name in str(row) for row in rows)
    client.force_login(city.users["county"])
    assert b.name not in client.get(reverse("honours:list")).content.decode()


def test_detail_revoke_deceased_and_certificate(client, city):
    h = honour(city, member(city), certificate_no="湘2025-9")
    client.force_login(city.users["city"])
    page = client.get(reverse("honours:detail", args=[h.pk])).content.decode()
    assert "湘2025-9" in page and 'data-testid="history"' in page
    assert client.get(reverse("honours:certificate", args=[h.pk]))["Content-Type"] == "application/pdf"
    r = client.post(reverse("honours:action", args=[h.pk, "revoke"]), {"reason": ""}, follow=True)
    assert "撤销原因" in r.content.decode() and Honour.objects.get(pk=h.pk).state == "held"
    client.post(reverse("honours:action", args=[h.pk, "revoke"]), {"reason": "弄虚作假"})
    assert Honour.objects.get(pk=h.pk).state == "revoked"
    h2 = honour(city, member(city))
    client.post(reverse("honours:action", args=[h2.pk, "deceased"]), {"reason": ""})
    assert Honour.objects.get(pk=h2.pk).state == "deceased"


def test_record_an_honour_form(client, city):
    m = member(city)
    client.force_login(city.users["city"])
    r = client.post(reverse("honours:create"), {"number": m.number, "title": "model_worker", "level": "national",
                                                "year": 2025, "conferring_body": "国务院"})
    assert r.status_code == 302
    assert Honour.objects.get(member=m).level == "national"
    r = client.post(reverse("honours:create"), {"number": m.number, "title": "model_worker", "level": "national",
                                                "year": 2025, "conferring_body": "国务院"})
    assert r.status_code == 200 and "已获得" in r.content.decode() and Honour.objects.count() == 1


def test_round_through_the_pages(client, city):
    client.force_login(city.users["city"])
    until = timezone.localdate() + timedelta(days=20)
    r = client.post(reverse("honours:round_create"), {
        "union": city.root.pk, "name": "衡阳市劳动模范评选", "year": timezone.localdate().year, "title": "model_worker",
        "level": "city", "conferring_body": "衡阳市人民政府", "nominate_until": until.isoformat(),
        "criteria": "爱岗敬业", "quotas": "衡阳县总工会 3\n衡南县总工会 2"})
    assert r.status_code == 302, r.content.decode()[:3000]
    rnd = SelectionRound.objects.get()
    assert [(q.union, q.quota) for q in rnd.quotas.all()] == [(city.county, 3), (city.county2, 2)]
    page = client.get(reverse("honours:round_detail", args=[rnd.pk])).content.decode()
    assert "57%" in page and "全总" in page
    client.force_login(city.users["county"])
    m = member(city)
    r = client.post(reverse("honours:nominate", args=[rnd.pk]), {
        "nominated_by": city.county.pk, "number": m.number, "sector": "enterprise", "is_frontline": "on",
        "deeds": "技术攻关能手"})
    assert r.status_code == 302
    n = Nomination.objects.get()
    assert client.get(reverse("honours:nomination_detail", args=[n.pk])).status_code == 200
    client.force_login(city.users[colleague(city, "county")])
    client.post(reverse("honours:nomination_action", args=[n.pk, "review"]), {"decision": "approve"})
    client.force_login(city.users["city"])
    client.post(reverse("honours:nomination_action", args=[n.pk, "review"]), {"decision": "approve"})
    assert Nomination.objects.get().state == "approved"
    client.post(reverse("honours:round_action", args=[rnd.pk, "publicity"]))
    rnd.refresh_from_db()
    assert rnd.state == "publicity"
    r = client.post(reverse("honours:nomination_action", args=[n.pk, "objection"]), {
        "received_on": (rnd.publicity_until + timedelta(days=1)).isoformat(), "content": "异议"})
    assert "公示" in r.content.decode() and not n.objections.exists()


def test_mix_rule_broken_is_named_with_numbers_and_nothing_changes(client, city):
    rnd = a_round(city, mix=["frontline_min"])
    batch = [nominate(city, rnd, is_frontline=i < 1) for i in range(3)]
    approve_all(city, batch)
    client.force_login(city.users["city"])
    r = client.post(reverse("honours:round_action", args=[rnd.pk, "publicity"]), follow=True)
    text = r.content.decode()
    assert "结构比例" in text and "1" in text and "3" in text and "57%" in text
    assert SelectionRound.objects.get(pk=rnd.pk).state == "nominating"
    assert set(Nomination.objects.values_list("state", flat=True)) == {"approved"}


def test_report_links_every_number(client, city):
    year = timezone.localdate().year
    for _i in range(2):
        honour(city, member(city), title="craftsman", level="city", year=year)
    honour(city, member(city), title="craftsman", level="provincial", year=year)
    services.confer(acting_user=city.users["city"], title="may_day_pioneer_post", level="city", year=year,
                    conferring_body="衡阳市总工会", employer=city.employer, collective_name="装配一班")
    lw = member(city)
    honour(city, lw, level="national", year=2015)
    services.record_visit(acting_user=city.users["city"], member=lw, union=city.root, visited_on=timezone.localdate(),
                          amount_fen=150_000)
    client.force_login(city.users["city"])
    page = client.get(reverse("honours:report"), {"year": year}).content.decode()
    import re

    figs = dict(re.findall(r'<a href="([^"]+)" data-testid="fig-(\w+)">', page)[i][::-1]
                for i in range(len(re.findall(r'data-testid="fig-', page))))
    assert set(figs) >= {"city_craftsmen", "provincial_craftsmen", "pioneer_posts", "visited_national", "visit_money"}
    assert 'data-testid="fig-city_craftsmen">2<' in page and 'data-testid="fig-visited_national">1<' in page
    assert 'data-testid="fig-visit_money">0.15<' in page
    listed = client.get(figs["city_craftsmen"].replace("&amp;", "&")).content.decode()
    assert listed.count('href="/honours/') >= 2
    visits = client.get(figs["visited_national"].replace("&amp;", "&")).content.decode()
    assert lw.name in visits


def test_member_sees_their_honours(client, city):
    m = member(city, login=True)
    honour(city, m, level="national", year=2020)
    client.force_login(m.user)
    page = client.get(reverse("honours:my_honours")).content.decode()
    assert "全国劳动模范" in page and 'data-testid="model-worker"' in page


def test_living_subsidy_form_files_an_application(client, city):
    from gonghui.assistance.models import AssistanceApplication

    from ..assistance.conftest import account
    from .test_services import _programme

    m = member(city)
    honour(city, m, level="provincial", year=2012)
    p = _programme(city)
    client.force_login(city.users["rights"])
    data = {"programme": p.pk, "number": m.number, "status": "retired", "own_income": "3000", "months": 12,
            "bank_name": "农业银行", "bank_account": account(5)}
    r = client.post(reverse("honours:subsidy_living"), data)
    assert r.status_code == 302, r.content.decode()[:2000]
    a = AssistanceApplication.objects.get()
    assert a.amount_fen == 12 * 55_200 and "3,552.00" in a.reason
    r = client.post(reverse("honours:subsidy_living"), data | {"own_income": "4000"})
    assert r.status_code == 200 and "不低于困难标准线" in r.content.decode()
    assert AssistanceApplication.objects.count() == 1


def test_visit_form(client, city):
    m = member(city)
    honour(city, m, level="city", year=2012)
    client.force_login(city.users["county"])
    r = client.post(reverse("honours:visit_create"), {"union": city.county.pk, "number": m.number,
                                                      "visited_on": timezone.localdate().isoformat(),
                                                      "amount": "800"})
    assert r.status_code == 302
    page = client.get(reverse("honours:visits")).content.decode()
    assert m.name in page and "800.00" in page


def test_nomination_with_materials_and_a_bad_file_writes_nothing(client, city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rnd = a_round(city)
    m = member(city)
    client.force_login(city.users["county"])
    data = {"nominated_by": city.county.pk, "number": m.number, "sector": "enterprise", "deeds": "事迹"}
    bad = SimpleUploadedFile("事迹.txt", b"just text, not a PDF", content_type="text/plain")
    r = client.post(reverse("honours:nominate", args=[rnd.pk]), data | {"materials": bad})
    assert r.status_code == 200 and "PDF" in r.content.decode() and not Nomination.objects.exists()
    good = SimpleUploadedFile("推荐表.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", content_type="application/pdf")
    r = client.post(reverse("honours:nominate", args=[rnd.pk]), data | {"materials": good})
    assert r.status_code == 302
    assert [x.name for x in Nomination.objects.get().materials.all()] == ["推荐表.pdf"]


def test_the_nominating_union_withdraws_a_nomination_on_its_page_with_a_reason(client, city):
    n = nominate(city, a_round(city))
    client.force_login(city.users["county"])
    page = client.get(reverse("honours:nomination_detail", args=[n.pk])).content.decode()
    assert 'data-testid="withdraw-form"' in page and "data-confirm" in page
    r = client.post(reverse("honours:nomination_action", args=[n.pk, "withdraw"]), {"reason": ""})
    assert "请填写原因" in r.content.decode() and Nomination.objects.get(pk=n.pk).state == "submitted"
    r = client.post(reverse("honours:nomination_action", args=[n.pk, "withdraw"]), {"reason": "单位撤回推荐"})
    assert r.status_code == 302 and Nomination.objects.get(pk=n.pk).state == "withdrawn"
    page = client.get(reverse("honours:nomination_detail", args=[n.pk])).content.decode()
    assert 'data-testid="withdraw-form"' not in page
    # another county's clerk neither sees the nomination nor withdraws it
    other = nominate(city, a_round(city, name="另一轮"))
    client.force_login(city.users["county2"])
    assert client.post(reverse("honours:nomination_action", args=[other.pk, "withdraw"]),
                       {"reason": "越权"}).status_code == 404
    assert Nomination.objects.get(pk=other.pk).state == "submitted"


def test_the_nominator_is_told_a_colleague_reviews_instead_of_getting_a_form(client, city):
    n = nominate(city, a_round(city))  # by the county's clerk; the county reviews first
    client.force_login(city.users["county"])
    page = client.get(reverse("honours:nomination_detail", args=[n.pk])).content.decode()
    assert 'data-testid="review-form"' not in page and 'data-testid="colleague-reviews"' in page
    assert "其他同事审核" in page
    client.force_login(city.users[colleague(city, "county")])
    page = client.get(reverse("honours:nomination_detail", args=[n.pk])).content.decode()
    assert 'data-testid="review-form"' in page and 'data-testid="colleague-reviews"' not in page


def test_the_history_names_the_nominee_in_chinese(client, city):
    n = nominate(city, a_round(city))
    client.force_login(city.users["city"])
    page = client.get(reverse("honours:nomination_detail", args=[n.pk])).content.decode()
    assert "推荐人选" in page and "nominee:" not in page
