"""The inbox pages and API: each person sees and marks only their own notices."""

import json

import pytest
from django.test import Client

from gonghui.accounts.models import ApiToken
from gonghui.notices.models import Notice
from gonghui.notices.services import notify

from .conftest import member_with_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(city, django_capture_on_commit_callbacks):
    m = member_with_account(city)
    with django_capture_on_commit_callbacks(execute=True):
        notify(city.users["county"], kind="transfer_decided", title="转会已同意", body="张三转入",
               url="/members/transfers/")
        notify(city.users["county"], kind="deadline_soon", title="入会申请待审核")
        notify(city.users["county2"], kind="transfer_decided", title="衡南县的通知")
        notify(m, kind="claim_decided", title="您的医疗互助理赔已批准", url="/medical-aid/mine/")
    return {"member": m, "county": Notice.objects.filter(user=city.users["county"]).order_by("pk"),
            "county2": Notice.objects.get(user=city.users["county2"]), "mine": Notice.objects.get(member=m)}


def test_unread_count_in_the_staff_header_on_every_page(sent, login):
    client = login("county")
    for url in ("/", "/orgs/unions/", "/notices/"):
        page = client.get(url)
        assert page.context["notice_unread"] == 2, url
        assert 'data-testid="notice-unread">2<' in page.content.decode()


def test_inbox_lists_mine_with_filters(sent, login):
    client = login("county")
    page = client.get("/notices/").content.decode()
    assert "转会已同意" in page and "入会申请待审核" in page and "衡南县的通知" not in page
    client.post(f"/notices/{sent['county'][0].pk}/read/")
    unread = client.get("/notices/?state=unread").content.decode()
    assert "入会申请待审核" in unread and "转会已同意" not in unread
    read = client.get("/notices/?state=read&kind=transfer_decided").content.decode()
    assert "转会已同意" in read and "入会申请待审核" not in read


def test_bad_filters_are_named_in_chinese(sent, login):
    page = login("county").get("/notices/?state=maybe&kind=nothing").content.decode()
    assert "查看：选择一个有效的选项" in page and "类型：选择一个有效的选项" in page
    assert "转会已同意" not in page


def test_opening_a_notice_marks_it_read_and_links_to_the_object(sent, login):
    client = login("county")
    notice = sent["county"][0]
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "张三转入" in page and 'href="/members/transfers/"' in page
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_another_persons_notice_is_not_found_on_the_pages(sent, login):
    client = login("county")
    other = sent["county2"]
    assert client.get(f"/notices/{other.pk}/").status_code == 404
    assert client.post(f"/notices/{other.pk}/read/").status_code == 404
    assert client.post(f"/notices/{sent['mine'].pk}/read/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_all_read(sent, login):
    client = login("county")
    r = client.post("/notices/read-all/", follow=True)
    assert "已将 2 条通知标为已读。" in r.content.decode()
    assert not Notice.objects.filter(user__username="county", read_at__isnull=True).exists()
    assert Notice.objects.get(user__username="county2").read_at is None


def test_member_phone_inbox(sent, client):
    m = sent["member"]
    client.force_login(m.user)
    home = client.get("/").content.decode()
    assert 'data-testid="my-notices"' in home and 'data-testid="notice-unread">1<' in home
    page = client.get("/notices/").content.decode()
    assert "h5.css" in page and "您的医疗互助理赔已批准" in page and "转会已同意" not in page
    assert client.get(f"/notices/{sent['county'][0].pk}/").status_code == 404


def test_preferences_page(city, login):
    client = login("county")
    page = client.get("/notices/preferences/").content.decode()
    assert "站内通知和短信（不能漏看）" in page
    r = client.post("/notices/preferences/", {"transfer_decided": "digest", "deadline_soon": "sms"}, follow=True)
    assert "通知设置已保存。" in r.content.decode()
    r = client.post("/notices/preferences/", {"deadline_overdue": "inbox"}, follow=True)
    assert "期限已超期不能漏看：总会同时发送短信。" in r.content.decode()
    from gonghui.notices.models import Preference

    assert dict(Preference.objects.filter(user=city.users["county"]).values_list("kind", "channel")) == {
        "transfer_decided": "digest", "deadline_soon": "sms"}


def _api(user):
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})


def test_api_lists_mine_paginated_with_the_unread_filter(sent, city):
    api = _api(city.users["county"])
    body = api.get("/api/v1/notices").json()
    assert body["count"] == 2 and {i["title"] for i in body["items"]} == {"转会已同意", "入会申请待审核"}
    assert body["items"][0]["kind_label"] == "期限临近"
    api.post(f"/api/v1/notices/{sent['county'][0].pk}/read")
    body = api.get("/api/v1/notices?unread=true").json()
    assert [i["title"] for i in body["items"]] == ["入会申请待审核"]
    assert api.get("/api/v1/notices?page_size=1").json()["count"] == 2


def test_api_refuses_another_persons_notice_and_bad_kinds(sent, city):
    api = _api(city.users["county"])
    r = api.post(f"/api/v1/notices/{sent['county2'].pk}/read")
    assert r.status_code == 404
    r = api.get("/api/v1/notices?kind=nothing")
    assert r.status_code == 422 and r.json()["errors"]["kind"] == ["未知的通知类型：nothing。"]
    r = api.post("/api/v1/notices/read-all", data=json.dumps({"kind": "transfer_decided"}),
                 content_type="application/json")
    assert r.json() == {"marked": 1, "unread": 1}


def test_api_member_sees_their_own(sent):
    body = _api(sent["member"].user).get("/api/v1/notices").json()
    assert [i["title"] for i in body["items"]] == ["您的医疗互助理赔已批准"]
