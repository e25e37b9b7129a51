"""What a new user found: only join applications could be decided in bulk. Transfer requests
are now answered many at a time, each through `transfers.decide`, after a page naming the
count; a request the user made is skipped and named; a request outside the user's subtree is
"not found" like a missing one. The member list exports the ticked rows, and only those in
the user's subtree."""

from django.contrib.messages import get_messages
from django.test import Client

from gonghui.accounts.models import Grant, Role
from gonghui.members import services, transfers
from gonghui.members.models import Member, TransferRequest
from tests.factories import read_xlsx, user

from .test_matrix import _rid


def said(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _member(city, n, union=None):
    union = union or city.grassroots
    return services.add_member(acting_user=city.users["city"], union=union, name=f"调动{n}",
                               id_number=_rid(f"{union.region_id[:6]}19850101{n:02d}1"))


def _asked(city, n, by="county"):
    """A transfer from 衡阳县 to 衡南县, waiting for 衡南县's answer."""
    acting = city.users[by] if isinstance(by, str) else by
    return transfers.request_transfer_out(_member(city, n), acting_user=acting, to_union=city.grassroots2)


def test_the_receiving_county_accepts_ticked_transfers_and_skips_its_own(client, city):
    a, b = _asked(city, 1), _asked(city, 2)
    # A clerk who asked while working for 衡阳县 and has since been given 衡南县 too.
    moved = user("moved", "organisation", city.county)
    own = _asked(city, 3, by=moved)
    Grant.objects.create(user=moved, union=city.county2, role=Role.objects.get(code="organisation"))
    client.force_login(moved)
    page = client.post("/members/transfers/bulk/", {"action": "accept", "pick": [a.pk, b.pk, own.pk]})
    html = page.content.decode()
    assert page.status_code == 200 and "已选 2 条" in html and "全部接受（2 条）" in html and "调动3" in html
    done = client.post("/members/transfers/bulk/", {"action": "accept", "pick": [a.pk, b.pk, own.pk],
                                                     "confirmed": "1"})
    message = said(done)
    assert "已接受 2 条：调动1、调动2" in message and "已跳过您本人提交的 1 条" in message
    assert {r.pk: r.state for r in TransferRequest.objects.all()} == {a.pk: "accepted", b.pk: "accepted",
                                                                     own.pk: "pending"}
    assert set(Member.objects.filter(name__in=["调动1", "调动2"]).values_list("union", flat=True)) == {
        city.grassroots2.pk}


def test_rejecting_in_bulk_needs_the_reply(client, city):
    a = _asked(city, 1)
    client.force_login(city.users["county2"])
    again = client.post("/members/transfers/bulk/", {"action": "reject", "pick": [a.pk], "confirmed": "1"})
    assert again.status_code == 200 and "is-invalid" in again.content.decode()
    done = client.post("/members/transfers/bulk/", {"action": "reject", "pick": [a.pk], "confirmed": "1",
                                                     "reason": "本单位无此岗位"})
    assert "已拒绝 1 条" in said(done)
    assert TransferRequest.objects.get(pk=a.pk).decision_note == "本单位无此岗位"


def test_a_transfer_outside_the_subtree_is_refused_like_a_missing_one(city):
    a = _asked(city, 1)  # 衡阳县 → 衡南县: the city's industry union sees neither side
    outsider = user("industry", "organisation", city.industry)
    one, two = Client(), Client()
    one.force_login(outsider)
    two.force_login(outsider)
    outside = one.post("/members/transfers/bulk/", {"action": "accept", "pick": [a.pk], "confirmed": "1"})
    missing = two.post("/members/transfers/bulk/", {"action": "accept", "pick": [a.pk + 1000], "confirmed": "1"})
    assert outside.status_code == missing.status_code == 302
    assert said(outside) == said(missing) and "1 行未找到" in said(outside)
    assert TransferRequest.objects.get(pk=a.pk).state == "pending"


def test_the_member_list_exports_the_ticked_rows_in_scope_only(login, city):
    mine, _other = _member(city, 1), _member(city, 2)
    foreign = _member(city, 3, union=city.grassroots2)
    client = login("county")
    html = client.get("/members/").content.decode()
    assert 'data-testid="export-picked"' in html and 'data-pick-all="pick"' in html
    sheet = next(iter(read_xlsx(client.get("/members/", {"export": "xlsx", "pick": [mine.pk, foreign.pk]})).values()))
    assert len(sheet) == 2 and "调动1" in sheet[1]  # the header and the one ticked row in scope
    none = next(iter(read_xlsx(client.get("/members/", {"export": "xlsx", "pick": [foreign.pk]})).values()))
    assert len(none) == 1  # the header only: a foreign id exports nothing, as a missing one
