"""Issue 21, what a clerk expects: a print layout with the filters applied, breadcrumbs on
lists and forms, an empty search that says so and offers to clear it, and a failed roster
import that offers to upload again with the union still chosen."""

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.members import imports
from gonghui.members.models import MemberImport


def test_every_page_links_the_print_stylesheet_and_a_list_prints_its_filters(login, city):
    client = login("county")
    filters = {"kind": "grassroots", "region": "430421", "q": "机械"}
    html = client.get("/orgs/unions/", filters, follow=True).content.decode()
    assert 'href="/static/gonghui/print.css" media="print"' in html
    assert 'data-testid="filters-line"' in html
    assert "搜索：机械；类型：基层工会；行政区划：衡阳县" in html
    # Unfiltered, the line says every row in scope is listed; detail pages carry the same stylesheet.
    assert "筛选条件：无（范围内全部记录）" in client.get("/orgs/employers/").content.decode()
    assert "gonghui/print.css" in client.get(f"/orgs/unions/{city.township.pk}/").content.decode()


def test_the_focus_union_is_named_in_the_filters_line(login, city):
    client = login("county")
    client.post("/focus/", {"union": city.township.pk, "next": "/"})
    html = client.get("/orgs/unions/").content.decode()
    assert f"所属工会：{city.township.name}" in html


def test_lists_and_forms_carry_breadcrumbs(login, city):
    client = login("county")
    html = client.get("/members/").content.decode()
    trail = html.split('data-testid="trail"')[1].split("</nav>")[0]
    assert "首页" in trail and "会员" in trail
    html = client.get("/orgs/unions/new/").content.decode()
    assert 'data-testid="trail"' in html and "新建工会" in html.split('data-testid="trail"')[1].split("</nav>")[0]


def test_an_empty_search_says_so_and_offers_to_clear_it(login, city):
    html = login("county").get("/orgs/unions/", {"q": "不存在的工会"}, follow=True).content.decode()
    assert 'data-testid="empty-search"' in html and "不存在的工会" in html
    assert 'href="/orgs/unions/" hx-boost="false" data-testid="clear-search"' in html
    assert 'data-testid="empty-search"' not in login("county").get("/orgs/unions/").content.decode()


def test_a_failed_import_offers_to_upload_again_with_the_union_kept(login, city, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("roster.csv", "姓名,手机号码\n张三,13800138000\n".encode())
    with django_capture_on_commit_callbacks(execute=True):
        imp = imports.start_import(acting_user=city.users["county"], union=city.grassroots_b, upload=upload)
    imp = MemberImport.objects.get(pk=imp.pk)
    assert imp.state == MemberImport.State.REJECTED
    client = login("county")
    html = client.get(f"/members/imports/{imp.pk}/").content.decode()
    assert 'data-testid="upload-again"' in html
    link = f"/members/imports/new/?union={city.grassroots_b.pk}"
    assert link in html
    form = client.get(link).context["form"]
    assert form.initial["union"] == city.grassroots_b
