"""Issue 21: bulk actions on lists. Join applications are accepted or rejected many at a time
through the same service as one at a time, after a confirmation, all or nothing, with a
Chinese summary; any list exports only the ticked rows."""

import pytest
from django.contrib.messages import get_messages

from gonghui.core.models import AuditEntry
from gonghui.members import joins
from gonghui.members.models import JoinApplication, Member
from tests.factories import read_xlsx

from .test_matrix import _rid


@pytest.fixture(autouse=True)
def _sms(settings):
    settings.SMS_BACKEND = "gonghui.accounts.sms.MemorySmsBackend"


def apply(city, n, union=None):
    return joins.apply(union=union or city.grassroots, name=f"申请人{n}", id_number=_rid(f"43042119950302{n:03d}"),
                       phone=f"1391234{n:04d}", employer_name="美团", job="骑手")


def said(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_bulk_accept_asks_first_then_goes_through_the_service_for_each(login, city):
    a, b = apply(city, 1), apply(city, 2)
    client = login("county")
    page = client.post("/members/joins/bulk/", {"action": "accept", "pick": [a.pk, b.pk]})
    assert page.status_code == 200 and 'data-testid="bulk-confirm"' in page.content.decode()
    assert "申请人1" in page.content.decode() and "申请人2" in page.content.decode()
    assert JoinApplication.objects.filter(state="pending").count() == 2  # nothing yet
    done = client.post("/members/joins/bulk/", {"action": "accept", "pick": [a.pk, b.pk], "confirmed": "1"})
    assert done.status_code == 302
    assert "已接受 2 条：申请人1、申请人2" in said(done)
    assert set(JoinApplication.objects.values_list("state", flat=True)) == {"accepted"}
    assert Member.objects.filter(name__in=["申请人1", "申请人2"]).count() == 2
    assert AuditEntry.objects.filter(action="join_accepted").count() == 2  # each audited as one decision


def test_one_refused_row_stops_the_whole_batch_and_says_why(login, city):
    a, b = apply(city, 1), apply(city, 2)
    joins.reject(b, acting_user=city.users["county"], reason="材料不全")
    client = login("county")
    done = client.post("/members/joins/bulk/", {"action": "accept", "pick": [a.pk, b.pk], "confirmed": "1"})
    message = said(done)
    assert "没有处理任何一条" in message and "申请人2：" in message and "此申请已审核完毕）" in message
    assert JoinApplication.objects.get(pk=a.pk).state == "pending"  # rolled back with the refusal
    assert not Member.objects.filter(name="申请人1").exists()
    assert not AuditEntry.objects.filter(action="join_accepted").exists()


def test_bulk_reject_needs_the_reason_the_applicants_will_read(login, city):
    a, b = apply(city, 1), apply(city, 2)
    client = login("county")
    again = client.post("/members/joins/bulk/", {"action": "reject", "pick": [a.pk, b.pk], "confirmed": "1"})
    assert again.status_code == 200 and "is-invalid" in again.content.decode()
    done = client.post("/members/joins/bulk/", {"action": "reject", "pick": [a.pk, b.pk], "confirmed": "1",
                                                 "reason": "请先在单位完成劳动合同签订"})
    assert "已拒绝 2 条" in said(done)
    assert set(JoinApplication.objects.values_list("reason", flat=True)) == {"请先在单位完成劳动合同签订"}


def test_rows_outside_the_users_subtree_are_not_acted_on(login, city):
    foreign = apply(city, 3, union=city.grassroots2)
    done = login("county").post("/members/joins/bulk/", {"action": "accept", "pick": [foreign.pk], "confirmed": "1"})
    assert "请先勾选" in said(done)
    assert JoinApplication.objects.get(pk=foreign.pk).state == "pending"


def test_the_list_has_tick_boxes_and_exports_only_the_ticked_rows(login, city):
    a, _b = apply(city, 1), apply(city, 2)
    client = login("county")
    html = client.get("/members/joins/").content.decode()
    assert 'data-testid="bulk-bar"' in html and 'data-pick-all="pick"' in html and 'data-testid="bulk-accept"' in html
    sheet = next(iter(read_xlsx(client.get("/members/joins/", {"export": "xlsx", "pick": [a.pk]})).values()))
    assert len(sheet) == 2 and "申请人1" in sheet[1]  # header + the one ticked row
