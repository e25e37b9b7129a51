"""Paper-member clean-up (issue 3): suspects of each kind in the user's subtree only, the
bulk actions (remove, transfer, merge) all or none, read-only auditors, the report."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from stdnum.cn import ric

from gonghui.accounts.models import Grant, Role
from gonghui.core.models import AuditEntry
from gonghui.members import cleanup, services
from gonghui.members.models import EventKind, Member, MemberEvent, Status
from gonghui.orgs import services as org_services

from ..factories import user


def rid(body17):
    return body17 + ric.calc_check_digit(body17 + "0")


LONG_AGO = datetime.date(2020, 3, 1)


def enrol(c, union, name, body17, *, doc_type="resident_id", number=None, joined_on=LONG_AGO, **kw):
    return services.add_member(acting_user=c.users["city"], union=union, name=name, doc_type=doc_type,
                               id_number=number or rid(body17), joined_on=joined_on, **kw)


def paper(union, name, number, *, doc_type="resident_id", joined_on=LONG_AGO):
    """A row as an old import left it: the number was never checked."""
    m = Member.objects.create(union=union, number=f"P{Member.objects.count() + 1:09d}", name=name,
                              name_pinyin="", name_initials="", doc_type=doc_type, id_number=number,
                              joined_on=joined_on)
    event = MemberEvent.objects.create(member=m, kind=EventKind.JOIN, union=union, on=joined_on)
    Member.objects.filter(pk=m.pk).update(last_event=event)
    m.refresh_from_db()
    return m


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    """Cached findings are keyed by the data; each test gets keys of its own (without clearing
    a cache that other test runs may share)."""
    import uuid

    monkeypatch.setattr(cleanup, "CACHE_PREFIX", f"cleanup-test-{uuid.uuid4().hex}")


@pytest.fixture
def world(city):
    """Suspects of every kind in 衡阳县 (county) and in 衡南县 (county2), and members who are fine."""
    c = city
    w = {}
    # duplicates: one person as an ID card holder and as a Taiwan residence-permit holder
    w["twin_a"] = enrol(c, c.grassroots, "王东文", "43042119850615003")
    w["twin_b"] = enrol(c, c.grassroots_b, "王东文", "83000019850615003", doc_type="hmt_residence")
    w["twin_far"] = enrol(c, c.grassroots2, "王东文", "43042219850615005")  # same name and birth, other county
    w["twin2_a"] = enrol(c, c.grassroots2, "赵六", "43042219700101001")
    w["twin2_b"] = enrol(c, c.grassroots2, "赵六", "43042219700101011")
    # invalid ID numbers: a wrong check digit, and an ID card recorded as a passport
    good = rid("43042119900101123")
    w["bad_check"] = paper(c.grassroots, "钱七", good[:-1] + ("0" if good[-1] != "0" else "1"))
    w["as_passport"] = paper(c.grassroots_b, "孙八", rid("43042119920202002"), doc_type="passport")
    w["bad_far"] = paper(c.grassroots2, "李九", "43042219900230123X")
    # no activity
    w["recent"] = enrol(c, c.grassroots, "周十", "43042119950505006", joined_on=timezone.localdate())
    w["logged_in"] = enrol(c, c.grassroots, "吴一", "43042119960606007")
    login = user("wuyi", kind="member", last_login=timezone.now())
    Member.objects.filter(pk=w["logged_in"].pk).update(user=login)
    return c, w


def ids(qs):
    return {m.pk for m in qs}


def test_duplicates_are_found_in_the_subtree_only(world):
    c, w = world
    found = ids(cleanup.suspects(c.users["county"], "duplicate"))
    assert found == {w["twin_a"].pk, w["twin_b"].pk}
    assert ids(cleanup.suspects(c.users["county2"], "duplicate")) == {w["twin2_a"].pk, w["twin2_b"].pk}
    # the city sees all three 王东文 as one group
    assert {w["twin_a"].pk, w["twin_b"].pk, w["twin_far"].pk} <= ids(cleanup.suspects(c.users["city"], "duplicate"))


def test_invalid_ids_are_found_masked_and_in_the_subtree_only(world):
    c, w = world
    finder = cleanup.Finder(c.users["county"])
    assert ids(finder.suspects("invalid_id")) == {w["bad_check"].pk, w["as_passport"].pk}
    assert finder.problems == {w["bad_check"].pk: "document_checksum", w["as_passport"].pk: "wrong_type"}
    assert ids(cleanup.suspects(c.users["county2"], "invalid_id")) == {w["bad_far"].pk}
    # a corrected number leaves the list (the cached verdict of its block is not reused)
    services.update_member(w["bad_check"], acting_user=c.users["county"], id_number=rid("43042119900101123"))
    assert ids(cleanup.suspects(c.users["county"], "invalid_id")) == {w["as_passport"].pk}


def test_members_of_revoked_unions_are_found(world):
    c, w = world
    closed = enrol(c, c.grassroots_b, "郑二", "43042119800808008")
    closed_far = enrol(c, c.grassroots2, "冯三", "43042219800808008")
    org_services.revoke_union(c.grassroots_b, acting_user=c.users["city"], reason="纸上工会")
    org_services.revoke_union(c.grassroots2, acting_user=c.users["city"], reason="纸上工会")
    found = ids(cleanup.suspects(c.users["county"], "union_closed"))
    assert closed.pk in found and closed_far.pk not in found
    assert w["twin_a"].pk not in found  # its union is active
    finder = cleanup.Finder(c.users["county"])
    member = next(m for m in finder.suspects("union_closed") if m.pk == closed.pk)
    assert c.grassroots_b.name in finder.detail("union_closed", member)


def test_inactive_members_have_no_event_and_no_login_for_n_months(world):
    c, w = world
    found = ids(cleanup.suspects(c.users["county"], "inactive"))
    assert w["twin_a"].pk in found and w["bad_check"].pk in found
    assert w["recent"].pk not in found and w["logged_in"].pk not in found
    assert w["twin2_a"].pk not in found  # another county
    # with a window longer than since 2020 everyone is active again
    assert not ids(cleanup.suspects(c.users["county"], "inactive", months=120)) & {w["twin_a"].pk}
    with pytest.raises(ValidationError):
        cleanup.suspects(c.users["county"], "inactive", months=0)


def test_counts_per_kind(world):
    c, w = world
    n = cleanup.counts(c.users["county"])
    assert n["duplicate"] == 2 and n["invalid_id"] == 2 and n["union_closed"] == 0 and n["inactive"] >= 4


def test_unknown_kind_is_refused(world):
    c, _w = world
    with pytest.raises(ValidationError):
        cleanup.suspects(c.users["county"], "everyone")


# --- actions ---------------------------------------------------------------------------------

def _cleanups():
    return AuditEntry.objects.filter(action="cleanup")


def test_remove_records_a_leave_event_and_an_audit_entry_per_member(world):
    c, w = world
    done = cleanup.clean_up(acting_user=c.users["county"], action="remove", kind="invalid_id",
                            member_ids=[w["bad_check"].pk, w["as_passport"].pk], reason="查无此人")
    assert len(done) == 2
    for key in ("bad_check", "as_passport"):
        m = Member.objects.select_related("last_event").get(pk=w[key].pk)
        assert m.status == Status.LEFT and m.last_event.kind == "leave" and "查无此人" in m.last_event.reason
    entries = list(_cleanups())
    assert len(entries) == 2
    assert {e.changes["action"] for e in entries} == {"remove"} and {e.changes["kind"] for e in entries} == {
        "invalid_id"}
    assert all(e.reason == "查无此人" and e.actor == c.users["county"] for e in entries)
    assert ids(cleanup.suspects(c.users["county"], "invalid_id")) == set()
    rows = cleanup.report(c.users["county"])
    assert rows[0]["kinds"]["invalid_id"] == 2 and rows[0]["actions"]["remove"] == 2 and rows[0]["total"] == 2
    assert cleanup.report(c.users["county2"]) == []


def test_transfer_out_of_a_revoked_union_needs_both_sides(world):
    c, w = world
    a = enrol(c, c.grassroots_b, "郑二", "43042119800808008")
    b = enrol(c, c.grassroots_b, "冯三", "43042119810808008")
    org_services.revoke_union(c.grassroots_b, acting_user=c.users["city"], reason="纸上工会")
    # county may not add members to a union of 衡南县: refused, nothing moved
    with pytest.raises(ValidationError) as e:
        cleanup.clean_up(acting_user=c.users["county"], action="transfer", kind="union_closed",
                         member_ids=[a.pk, b.pk], reason="并入", to_union=c.grassroots2)
    assert "to_union" in e.value.message_dict and c.grassroots2.name in e.value.message_dict["to_union"][0]
    assert Member.objects.get(pk=a.pk).union == c.grassroots_b and not _cleanups().exists()
    done = cleanup.clean_up(acting_user=c.users["county"], action="transfer", kind="union_closed",
                            member_ids=[a.pk, b.pk], reason="并入第一机械", to_union=c.grassroots)
    assert {m.pk for m in done} == {a.pk, b.pk}
    for m in Member.objects.select_related("last_event").filter(pk__in=[a.pk, b.pk]):
        assert m.union == c.grassroots and m.last_event.kind == "transfer_in" and m.status == Status.ACTIVE
    entries = list(_cleanups())
    assert len(entries) == 2 and all(e.union_path == c.grassroots_b.path for e in entries)
    assert all(e.changes["to_union"] == c.grassroots.name for e in entries)
    assert cleanup.report(c.users["county"])[0]["kinds"]["union_closed"] == 2


def test_merge_keeps_one_record_and_the_other_leaves_pointing_to_it(world):
    c, w = world
    account = user("wangdw", kind="member")
    Member.objects.filter(pk=w["twin_b"].pk).update(user=account)
    done = cleanup.clean_up(acting_user=c.users["county"], action="merge", kind="duplicate",
                            member_ids=[w["twin_a"].pk, w["twin_b"].pk], keep_id=w["twin_a"].pk, reason="同一人")
    assert [m.pk for m in done] == [w["twin_b"].pk]
    kept = Member.objects.select_related("last_event").get(pk=w["twin_a"].pk)
    gone = Member.objects.select_related("last_event").get(pk=w["twin_b"].pk)
    assert kept.status == Status.ACTIVE and gone.status == Status.LEFT
    assert kept.number in gone.last_event.reason and "同一人" in gone.last_event.reason
    assert kept.user == account and gone.user is None  # the login follows the person
    entries = {e.object_id: e for e in _cleanups()}
    assert entries[str(gone.pk)].changes["cleared"] is True and entries[str(gone.pk)].changes["kept"] == kept.number
    assert entries[str(kept.pk)].changes["cleared"] is False
    assert cleanup.report(c.users["county"])[0]["total"] == 1


def test_merge_refuses_records_of_different_people(world):
    c, w = world
    with pytest.raises(ValidationError) as e:
        cleanup.clean_up(acting_user=c.users["county"], action="merge", kind="duplicate",
                         member_ids=[w["twin_a"].pk, w["recent"].pk], keep_id=w["twin_a"].pk, reason="同一人")
    assert w["recent"].name in e.value.messages[0]
    assert Member.objects.get(pk=w["recent"].pk).status == Status.ACTIVE


def test_all_or_none_when_one_member_is_outside_the_rights(world):
    c, w = world
    # a clerk who keeps 第一机械's roster and only reads the rest of the county
    clerk = user("clerk", "union_staff", c.grassroots)
    Grant.objects.create(user=clerk, union=c.county, role=Role.objects.get(code="rights"), covers_subtree=True)
    mine, theirs = w["bad_check"], w["as_passport"]  # 第一机械 / 湘江物流
    with pytest.raises(ValidationError) as e:
        cleanup.clean_up(acting_user=clerk, action="remove", kind="invalid_id", member_ids=[mine.pk, theirs.pk],
                         reason="查无此人")
    message = e.value.messages[0]
    assert theirs.name in message and theirs.number in message
    assert Member.objects.get(pk=mine.pk).status == Status.ACTIVE
    assert not _cleanups().exists()
    assert AuditEntry.objects.filter(action="refused", object_id=str(theirs.pk)).exists()
    # a member of another county cannot even be named: not found, nothing done
    with pytest.raises(Http404):
        cleanup.clean_up(acting_user=c.users["county"], action="remove", kind="invalid_id",
                         member_ids=[mine.pk, w["bad_far"].pk], reason="查无此人")
    assert Member.objects.get(pk=mine.pk).status == Status.ACTIVE and not _cleanups().exists()


def test_a_failure_half_way_undoes_the_members_before_it(world, monkeypatch):
    c, w = world
    real = services.record_event
    calls = []

    def flaky(member, **kw):
        calls.append(member.pk)
        if len(calls) == 2:
            raise ValidationError("boom")
        return real(member, **kw)

    monkeypatch.setattr(services, "record_event", flaky)
    with pytest.raises(ValidationError) as e:
        cleanup.clean_up(acting_user=c.users["county"], action="remove", kind="inactive",
                         member_ids=[w["twin_a"].pk, w["twin_b"].pk], reason="久无活动")
    assert w["twin_b"].name in e.value.messages[0]
    assert Member.objects.get(pk=w["twin_a"].pk).status == Status.ACTIVE and not _cleanups().exists()


def test_page_action_with_an_unknown_kind_does_nothing(world, login):
    c, w = world
    r = login("county").post("/members/cleanup/act/", {"action": "remove", "kind": "whatever", "reason": "查无此人",
                                                       "member": [w["twin_a"].pk]})
    assert r.status_code == 302 and Member.objects.get(pk=w["twin_a"].pk).status == Status.ACTIVE


def test_reason_is_required(world):
    c, w = world
    with pytest.raises(ValidationError) as e:
        cleanup.clean_up(acting_user=c.users["county"], action="remove", kind="inactive",
                         member_ids=[w["twin_a"].pk], reason="  ")
    assert "reason" in e.value.message_dict


def test_the_auditor_reads_but_cannot_act(world, login, api):
    c, w = world
    assert len(cleanup.Finder(c.users["auditor"]).problems) == 3
    with pytest.raises(PermissionDenied):
        cleanup.clean_up(acting_user=c.users["auditor"], action="remove", kind="invalid_id",
                         member_ids=[w["bad_check"].pk], reason="查无此人")
    client = login("auditor")
    assert client.get("/members/cleanup/?kind=invalid_id").status_code == 200
    r = client.post("/members/cleanup/act/", {"action": "remove", "kind": "invalid_id", "member": [w["bad_check"].pk],
                                              "reason": "查无此人"})
    assert r.status_code == 403
    r = api("auditor").post("/api/v1/member-cleanup/actions", json.dumps(
        {"action": "remove", "kind": "invalid_id", "member_ids": [w["bad_check"].pk], "reason": "查无此人"}),
        content_type="application/json")
    assert r.status_code == 403
    assert Member.objects.get(pk=w["bad_check"].pk).status == Status.ACTIVE


# --- pages and API ---------------------------------------------------------------------------

def test_page_lists_kinds_with_counts_and_masks_numbers(world, login):
    c, w = world
    client = login("county")
    html = client.get("/members/cleanup/?kind=invalid_id").content.decode()
    assert w["bad_check"].name in html and w["as_passport"].name in html and w["bad_far"].name not in html
    for m in (w["bad_check"], w["as_passport"]):
        assert m.id_number.reveal() not in html and str(m.id_number) in html
    assert 'data-testid="count-invalid_id">2<' in html and 'data-testid="count-duplicate">2<' in html
    html = client.get("/members/cleanup/?kind=duplicate").content.decode()
    assert 'data-testid="keep"' in html and 'value="merge"' in html


def test_page_export_is_masked(world, login):
    import io
    import zipfile

    c, w = world
    r = login("county").get("/members/cleanup/?kind=invalid_id&export=xlsx")
    assert r.status_code == 200
    book = zipfile.ZipFile(io.BytesIO(b"".join(r.streaming_content)))
    text = " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    assert w["bad_check"].name in text and str(w["bad_check"].id_number) in text
    assert w["bad_check"].id_number.reveal() not in text and w["bad_far"].name not in text
    assert AuditEntry.objects.filter(action="export").exists()


def test_page_action_removes_and_reports(world, login):
    c, w = world
    client = login("county")
    r = client.post("/members/cleanup/act/", {"action": "remove", "kind": "inactive", "months": "12",
                                              "member": [w["twin_a"].pk, w["bad_check"].pk], "reason": "查无此人"})
    assert r.status_code == 302 and "kind=inactive" in r["Location"]
    assert Member.objects.get(pk=w["twin_a"].pk).status == Status.LEFT
    html = client.get("/members/cleanup/report/").content.decode()
    assert 'data-testid="report-total">2<' in html
    assert login("county2").get("/members/cleanup/report/").content.decode().count('data-testid="report-row"') == 0
    r = client.get("/members/cleanup/report/?export=xlsx")
    assert r.status_code == 200


def test_page_action_error_names_the_member_and_does_nothing(world, client):
    c, w = world
    clerk = user("clerk", "union_staff", c.grassroots)
    Grant.objects.create(user=clerk, union=c.county, role=Role.objects.get(code="rights"), covers_subtree=True)
    client.force_login(clerk)
    r = client.post("/members/cleanup/act/", {"action": "remove", "kind": "invalid_id",
                                                    "member": [w["bad_check"].pk, w["as_passport"].pk],
                                                    "reason": "查无此人"}, follow=True)
    assert w["as_passport"].number in r.content.decode()
    assert Member.objects.get(pk=w["bad_check"].pk).status == Status.ACTIVE


def test_api_lists_suspects_masked_and_acts(world, api):
    c, w = world
    r = api("county").get("/api/v1/member-cleanup/suspects?kind=invalid_id")
    assert r.status_code == 200
    body = r.json()
    assert {i["id"] for i in body["items"]} == {w["bad_check"].pk, w["as_passport"].pk}
    assert w["bad_check"].id_number.reveal() not in r.content.decode()
    assert {i["detail"] for i in body["items"]} == {str(cleanup.PROBLEMS["document_checksum"]),
                                                    str(cleanup.PROBLEMS["wrong_type"])}
    assert api("county").get("/api/v1/member-cleanup/suspects?kind=nope").status_code == 422
    r = api("county").post("/api/v1/member-cleanup/actions", json.dumps(
        {"action": "remove", "kind": "invalid_id", "member_ids": [w["bad_check"].pk], "reason": ""}),
        content_type="application/json")
    assert r.status_code == 422 and "reason" in r.json()["errors"]
    r = api("county").post("/api/v1/member-cleanup/actions", json.dumps(
        {"action": "remove", "kind": "invalid_id", "member_ids": [w["bad_check"].pk, w["bad_far"].pk],
         "reason": "查无此人"}), content_type="application/json")
    assert r.status_code == 404 and Member.objects.get(pk=w["bad_check"].pk).status == Status.ACTIVE
    r = api("county").post("/api/v1/member-cleanup/actions", json.dumps(
        {"action": "remove", "kind": "invalid_id", "member_ids": [w["bad_check"].pk], "reason": "查无此人"}),
        content_type="application/json")
    assert r.status_code == 200 and r.json()["cleared"] == [w["bad_check"].pk]


def test_months_before_clamps_to_the_month_end():
    assert cleanup.months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert cleanup.months_before(datetime.date(2026, 1, 15), 12) == datetime.date(2025, 1, 15)
    assert cleanup.months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


def test_the_id_check_command_warms_the_cache(world):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("cleanup_check_ids", stdout=out)
    assert out.getvalue().startswith("3 ")
