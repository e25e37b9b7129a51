"""The member registry: enrolment with real-name checks, 会籍 events and transfers, search,
sealed storage, and the API's masking."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation
from stdnum.cn import ric

from gonghui.core.crypto import lookup_hash
from gonghui.core.models import AuditEntry
from gonghui.members import services
from gonghui.members.models import Member, MemberEvent, Status

from ..factories import read_xlsx


def rid(body17="43042119900101123"):
    return body17 + ric.calc_check_digit(body17 + "0")  # stdnum drops the last character


ID1, ID2, ID3 = rid(), rid("43042219850615002"), rid("43042120000229004")


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def liu(city):
    return services.add_member(acting_user=city.users["county"], union=city.grassroots, name="刘越高",
                               id_number=ID1, phone="13800138000", job="焊工")


def test_enrolment_derives_identity_and_records_the_join(city, liu):
    assert liu.number.startswith("430421") and liu.status == Status.ACTIVE
    assert (liu.opened_birth_date().isoformat(), liu.birth_year, liu.sex) == ("1990-01-01", 1990, "M")
    assert (liu.name_pinyin, liu.name_initials) == ("liuyuegao", "lyg")
    assert [e.kind for e in liu.events.all()] == ["join"]
    assert str(liu.id_number) == "4304" + "*" * 12 + ID1[-2:]
    e = AuditEntry.objects.filter(action="create", object_type="members.member").get()
    assert ID1 not in json.dumps(e.changes, ensure_ascii=False) and "13800138000" not in json.dumps(e.changes)


def test_no_plaintext_id_or_phone_in_the_database(city, liu):
    with connection.cursor() as c:
        c.execute("SELECT * FROM members_member")
        rows = " ".join(str(v) for row in c.fetchall() for v in row)
        c.execute("SELECT changes, reason, object_repr FROM core_auditentry")
        rows += " ".join(str(v) for row in c.fetchall() for v in row)
    assert ID1 not in rows and "13800138000" not in rows and ID1[:14] not in rows and "1990-01-01" not in rows


@pytest.mark.parametrize("bad, fragment", [
    (ID1[:-1] + ("0" if ID1[-1] != "0" else "1"), "校验"),
    ("43042119900230123" + "X", "日期"),
    ("4304211990", "18"),
])
def test_bad_id_numbers_are_refused(city, bad, fragment):
    with pytest.raises(ValidationError) as e:
        services.add_member(acting_user=city.users["county"], union=city.grassroots, name="张三", id_number=bad)
    assert "id_number" in e.value.message_dict
    assert Member.objects.count() == 0


def test_landline_is_not_a_mobile(city):
    with pytest.raises(ValidationError) as e:
        services.add_member(acting_user=city.users["county"], union=city.grassroots, name="张三", id_number=ID2,
                            phone="0734-8888888")
    assert "phone" in e.value.message_dict and Member.objects.count() == 0


def test_a_member_elsewhere_is_told_where_and_offered_a_transfer(city, liu):
    with pytest.raises(ValidationError) as e:
        services.add_member(acting_user=city.users["county2"], union=city.grassroots2, name="刘越高", id_number=ID1)
    message = " ".join(e.value.message_dict["id_number"])
    assert city.grassroots.name in message and liu.number in message and "转会" in message
    assert Member.objects.count() == 1


def test_enrolment_outside_scope_is_refused(city):
    with pytest.raises(PermissionDenied):
        services.add_member(acting_user=city.users["county"], union=city.grassroots2, name="张三", id_number=ID2)


def test_events_compute_status_in_one_place(city, liu):
    services.record_event(liu, acting_user=city.users["union"], kind="retire", reason="到龄退休")
    assert liu.status == Status.RETIRED  # 会籍 kept
    assert Member.objects.in_good_standing().filter(pk=liu.pk).exists()
    services.record_event(liu, acting_user=city.users["union"], kind="leave", reason="本人申请")
    liu.refresh_from_db()
    assert liu.status == Status.LEFT and not Member.objects.in_good_standing().exists()
    with pytest.raises(ValidationError):
        services.record_event(liu, acting_user=city.users["union"], kind="retire")
    # rejoining reuses the person's record and keeps the history
    again = services.add_member(acting_user=city.users["county"], union=city.grassroots_b, name="刘越高",
                                id_number=ID1)
    assert again.pk == liu.pk and again.status == Status.ACTIVE
    assert [e.kind for e in again.events.order_by("id")] == ["join", "retire", "leave", "join"]


def test_employer_closed_hands_the_member_to_the_higher_union(city, liu):
    services.record_event(liu, acting_user=city.users["county"], kind="employer_closed")
    liu.refresh_from_db()
    assert liu.status == Status.HELD and liu.union == city.township


def test_transfer_across_counties_is_asked_by_one_side_and_accepted_by_the_other(city, liu):
    from gonghui.members import transfers
    from gonghui.members.models import TransferRequest

    asked = transfers.request_transfer_out(liu, acting_user=city.users["county"], to_union=city.grassroots2,
                                           reason="工作调动")
    assert asked.state == "pending" and Member.objects.get(pk=liu.pk).union == city.grassroots
    for side in ("county", "county2"):  # both sides see it; a third party does not
        assert TransferRequest.objects.restrict(city.users[side]).filter(pk=asked.pk).exists()
    other = user_in_third_county(city)
    assert not TransferRequest.objects.restrict(other).filter(pk=asked.pk).exists()
    with pytest.raises(PermissionDenied):  # the asking side cannot answer its own request
        transfers.decide(asked, acting_user=city.users["county"], accept=True)
    with pytest.raises(ValidationError):  # a rejection needs a reason
        transfers.decide(asked, acting_user=city.users["county2"], accept=False)
    with pytest.raises(ValidationError):  # only one request at a time
        transfers.request_transfer_out(liu, acting_user=city.users["county"], to_union=city.grassroots_b)
    transfers.decide(asked, acting_user=city.users["county2"], accept=True, note="欢迎")
    liu.refresh_from_db()
    assert liu.union == city.grassroots2
    last = MemberEvent.objects.filter(member=liu).order_by("-id").first()
    assert (last.kind, last.from_union, last.union) == ("transfer_in", city.grassroots, city.grassroots2)
    assert not Member.objects.restrict(city.users["county"]).filter(pk=liu.pk).exists()
    assert Member.objects.restrict(city.users["county2"]).filter(pk=liu.pk).exists()


@pytest.mark.parametrize("q", ["刘越高", "劉越高", "劉", "liuyuegao", "liuyue", "lyg", "8000", ID1[-4:], ID1])
def test_search_finds_by_name_pinyin_traditional_and_tails(city, liu, q):
    from gonghui.members.queries import search_q

    services.add_member(acting_user=city.users["county"], union=city.grassroots, name="王东文", id_number=ID3,
                        phone="13900000001")
    assert list(Member.objects.filter(search_q(q)).values_list("name", flat=True)) == ["刘越高"]


def test_reveal_needs_the_right_and_is_recorded(city, liu):
    assert services.reveal(liu, acting_user=city.users["union"], field="id_number") == ID1
    assert AuditEntry.objects.filter(action="reveal", object_id=str(liu.pk)).count() == 1
    with pytest.raises(PermissionDenied):
        services.reveal(liu, acting_user=city.users["auditor"], field="phone")


def test_api_masks_unless_reveal_is_asked_by_someone_allowed(city, liu, api):
    c = api("county")
    qh = c.post("/api/v1/searches", {"q": "lyg"}, content_type="application/json").json()["qh"]
    body = c.get("/api/v1/members", {"qh": qh}).json()
    assert body["count"] == 1 and body["items"][0]["id_number"] == str(liu.id_number)
    assert ID1 not in json.dumps(body) and "13800138000" not in json.dumps(body)
    full = api("county").get(f"/api/v1/members/{liu.pk}", {"reveal": "true"}).json()
    assert full["id_number"] == ID1 and full["phone"] == "13800138000"
    refused = api("auditor").get(f"/api/v1/members/{liu.pk}", {"reveal": "true"})
    assert refused.status_code == 422 and ID1 not in refused.content.decode()
    assert api("county2").get(f"/api/v1/members/{liu.pk}").status_code == 404


def test_api_enrols_and_transfers(city, api):
    r = api("county").post("/api/v1/members", json.dumps({"name": "李四", "id_number": ID2,
                                                          "phone": "+86 139-0013-9000",
                                                          "union_id": city.grassroots.pk}),
                           content_type="application/json")
    assert r.status_code == 201, r.content
    created = r.json()
    assert created["phone"] == "139****9000"
    r = api("county").post("/api/v1/members", json.dumps({"name": "李四", "id_number": ID2,
                                                          "union_id": city.grassroots_b.pk}),
                           content_type="application/json")
    assert r.status_code == 422 and "转会" in r.json()["detail"]
    r = api("county").post(f"/api/v1/members/{created['id']}/transfer",
                           json.dumps({"to_union_id": city.grassroots2.pk, "reason": "调动"}),
                           content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "pending"
    assert api("county").get(f"/api/v1/members/{created['id']}").json()["union_id"] == city.grassroots.pk


def test_roster_page_lists_and_filters(city, liu, login):
    c = login("county")
    html = c.get("/members/", {"q": "劉"}, follow=True).content.decode()
    assert "刘越高" in html and ID1 not in html
    assert "刘越高" not in login("county2").get("/members/").content.decode()


def user_in_third_county(city):
    from gonghui.orgs.models import Region, Union

    from ..factories import user

    third = Union.objects.add_child(city.root, dict(name="衡山县总工会", kind="federation",
                                                    region=Region.objects.get(code="430423")))
    return user("county3", "organisation", third)


def test_the_receiving_side_asks_by_document_number(city, liu):
    from gonghui.members import transfers

    asked = transfers.request_transfer_in(acting_user=city.users["county2"], to_union=city.grassroots2,
                                          doc_type="resident_id", id_number=ID1, reason="本人申请")
    assert (asked.started_by, asked.from_union, asked.state) == ("receiving", city.grassroots, "pending")
    with pytest.raises(ValidationError):
        transfers.request_transfer_in(acting_user=city.users["county2"], to_union=city.grassroots2,
                                      doc_type="resident_id", id_number=ID3)  # nobody holds this ID
    transfers.decide(asked, acting_user=city.users["union"], accept=False, note="尚有未结事项")
    asked.refresh_from_db()
    assert asked.state == "rejected" and Member.objects.get(pk=liu.pk).union == city.grassroots


def test_city_staff_speak_for_both_sides(city, liu):
    from gonghui.members import transfers

    done = transfers.request_transfer_out(liu, acting_user=city.users["city"], to_union=city.grassroots2)
    assert done.state == "accepted" and Member.objects.get(pk=liu.pk).union == city.grassroots2


def _xlsx_rows(response):
    return next(iter(read_xlsx(response).values()))


def test_roster_export_is_masked_and_audited(city, liu, login):
    rows = _xlsx_rows(login("county").get("/members/?export=xlsx&q=liuyuegao", follow=True))
    header, row = rows[0], rows[1]
    assert len(rows) == 2 and row[header.index("证件号码")] == str(liu.id_number)
    assert ID1 not in " ".join(str(v) for v in row) and "13800138000" not in " ".join(str(v) for v in row)
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert entry.changes["rows"] == 1 and entry.changes["filters"] == {"q_hash": lookup_hash("search", "liuyuegao")}


def test_export_in_full_needs_the_reveal_right_and_says_so_in_the_trail(city, liu, login):
    other = services.add_member(acting_user=city.users["city"], union=city.grassroots2, name="王东文", id_number=ID2)
    page = login("union").get("/members/").content.decode()
    assert "reveal=1" in page  # the grassroots chair may reveal their own roster
    rows = _xlsx_rows(login("union").get("/members/?export=xlsx&reveal=1"))
    header = rows[0]
    assert [r[header.index("证件号码")] for r in rows[1:]] == [ID1]
    assert rows[1][header.index("手机号码")] == "13800138000"
    assert AuditEntry.objects.filter(action="export").latest("id").changes["filters"] == {"reveal": "1"}
    # the auditor reveals nothing: no link, and a forced export in full is refused; a plain export stays masked
    assert "reveal=1" not in login("auditor").get("/members/").content.decode()
    r = login("auditor").get("/members/?export=xlsx&reveal=1")
    assert r.status_code == 403
    city_rows = _xlsx_rows(login("city").get("/members/?export=xlsx"))
    assert {r[city_rows[0].index("证件号码")] for r in city_rows[1:]} == {str(liu.id_number), str(other.id_number)}


def test_the_roster_export_reads_values_yet_gives_the_tables_own_cells(city, liu):
    """Issue 21: the roster export reads each member's values, not three model instances
    (MemberTable.export_rows); its cells are still those of the table's own values (the shared
    ListPage.export_rows): masked, revealed only inside the reveal scope, for members with no
    phone, no birth date or sex (a passport), who left, or whose phone cannot be opened."""
    from gonghui.core.access import scope
    from gonghui.core.listing import ListPage
    from gonghui.members.tables import MemberTable

    staff = city.users["city"]
    other = services.add_member(acting_user=staff, union=city.grassroots2, name="王东文", id_number=ID2,
                                phone="13900139000")
    services.add_member(acting_user=staff, union=city.grassroots, name="Anna & <Lee>", doc_type="passport",
                        id_number="E12345678")
    left = services.add_member(acting_user=staff, union=city.grassroots, name="赵离", id_number=ID3)
    services.record_event(left, acting_user=staff, kind="leave")

    def both_ways(table):
        columns = [c for c in table.columns if c.name != "pick" and c.column.exclude_from_export is False]
        return list(table.export_rows(columns)), list(ListPage.export_rows(None, table, columns))

    masked = MemberTable(Member.objects.restrict(staff))
    fast, generic = both_ways(masked)
    assert fast == generic and len(fast) == 4
    by_name = {r[1]: r for r in fast}
    assert by_name["王东文"][5] == "139****9000" and by_name["Anna & <Lee>"][4] == "*******78"
    assert by_name["刘越高"][2:6] == ["男", "****-**-**", str(liu.id_number), "138****8000"]
    assert by_name["赵离"][7] == "已退会"

    revealed = MemberTable(Member.objects.restrict(staff).filter(pk__in=[liu.pk, left.pk]))
    revealed.reveal_scope = scope(city.users["union"], "members.reveal_member")  # the first grassroots union
    fast, generic = both_ways(revealed)
    assert fast == generic and {r[4] for r in fast} == {ID1, ID3} and "1990-01-01" in fast[0] + fast[1]
    partly = MemberTable(Member.objects.restrict(staff).filter(pk__in=[liu.pk, other.pk]).exclude(phone=None))
    partly.reveal_scope = scope(city.users["union"], "members.reveal_member")
    fast, generic = both_ways(partly)
    assert fast == generic
    assert {r[1]: r[5] for r in fast} == {"刘越高": "13800138000", "王东文": "139****9000"}  # 王东文: outside

    with connection.cursor() as c:  # a phone sealed under no key there is: ****, where the table's own cells fail
        c.execute("UPDATE members_member SET phone = %s WHERE id = %s", ["zz:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                                                         other.pk])
    table = MemberTable(Member.objects.restrict(staff).filter(pk=other.pk))
    assert next(table.export_rows([c for c in table.columns if c.name == "phone"])) == ["****"]


def test_the_model_worker_tag_is_never_typed_only_derived(city, api, login):
    """The tag follows the honours registry (honours.services): the API and the form ignore it."""
    r = api("county").post("/api/v1/members", json.dumps({"name": "王五", "id_number": ID2, "is_model_worker": True,
                                                          "union_id": city.grassroots.pk}),
                           content_type="application/json")
    assert r.status_code == 201 and r.json()["is_model_worker"] is False
    assert Member.objects.get(pk=r.json()["id"]).is_model_worker is False
    page = login("county").get("/members/new/")
    assert page.status_code == 200 and 'name="is_model_worker"' not in page.content.decode()
