"""Roster imports: checked before anything is written, a row-by-row report in Chinese, all
valid rows or none, idempotent, and safe when the write dies half-way."""

import io

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from stdnum.cn import ric

from gonghui.core.models import AuditEntry
from gonghui.members import bulk, imports, services
from gonghui.members.models import Member, MemberEvent, MemberImport, Status

from ..factories import read_xlsx

State = MemberImport.State


def rid(body17):
    return body17 + ric.calc_check_digit(body17 + "0")


IDS = [rid(f"430421199001{d:02d}12{d}") for d in range(1, 10)]
HEADER = ["姓名", "证件号码", "手机号码", "工会编号", "民族", "入会日期", "劳动模范"]


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def csv_file(rows, header=HEADER, name="roster.csv", encoding="utf-8"):
    text = "\n".join(",".join(str(c) for c in r) for r in [header, *rows]) + "\n"
    return SimpleUploadedFile(name, text.encode(encoding))


def xlsx_file(rows, header=HEADER, name="roster.xlsx", extra=None):
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf)
    sheet = book.add_worksheet("会员名册")
    for c, h in enumerate(header):
        sheet.write_string(0, c, h)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if isinstance(v, str):
                sheet.write_string(r, c, v)
            else:
                sheet.write(r, c, v)
    if extra:
        extra(sheet)
    book.close()
    return SimpleUploadedFile(name, buf.getvalue())


def start(city, upload, user="county", union=None, hooks=None):
    with hooks(execute=True):
        imp = imports.start_import(acting_user=city.users[user], union=union or city.grassroots, upload=upload)
    imp.refresh_from_db()
    return imp


def confirm(city, imp, hooks, user="county", **kw):
    with hooks(execute=True):
        imports.confirm(imp, acting_user=city.users[user], **kw)
    imp.refresh_from_db()
    return imp


def issues(imp):
    return [(i.row, i.column, i.message) for i in imp.issues.order_by("row", "id")]


def good_rows(city, n=3):
    return [[f"会员{i}", IDS[i], f"1380013800{i}", city.grassroots.pk, "汉族", "2024-03-01", "否"] for i in range(n)]


def test_a_clean_file_is_checked_then_written_on_confirmation(city, django_capture_on_commit_callbacks):
    imp = start(city, csv_file(good_rows(city)), hooks=django_capture_on_commit_callbacks)
    assert (imp.state, imp.rows, imp.valid_rows, imp.error_rows) == (State.CHECKED, 3, 3, 0)
    assert Member.objects.count() == 0  # checking writes nothing
    imp = confirm(city, imp, django_capture_on_commit_callbacks)
    assert (imp.state, imp.written_rows) == (State.DONE, 3)
    m = Member.objects.get(name="会员1")
    assert m.status == Status.ACTIVE and m.number == f"430421{m.pk:09d}" and m.union == city.grassroots
    assert m.id_number.reveal() == IDS[1] and m.phone.reveal() == "13800138001"
    assert m.ethnicity.name == "汉族" and m.joined_on.isoformat() == "2024-03-01"
    assert [(e.kind, e.pk) for e in m.events.all()] == [("join", m.last_event_id)]
    assert MemberEvent.objects.count() == 3
    entry = AuditEntry.objects.get(action="import")
    assert entry.changes["added"] == [0, 3] and entry.actor == city.users["county"]
    assert not imports._path(imp).exists()  # the uploaded file (plain ID numbers) is gone


def test_importing_the_same_file_twice_adds_nothing(city, django_capture_on_commit_callbacks):
    first = start(city, csv_file(good_rows(city)), hooks=django_capture_on_commit_callbacks)
    confirm(city, first, django_capture_on_commit_callbacks)
    again = start(city, csv_file(good_rows(city)), hooks=django_capture_on_commit_callbacks)
    assert (again.valid_rows, again.existing_rows, again.error_rows) == (0, 3, 0)
    assert imports.earlier_import(again) == first
    with pytest.raises(ValidationError, match="没有新会员"):
        imports.confirm(again, acting_user=city.users["county"])
    assert Member.objects.count() == 3


def test_bad_rows_are_reported_by_row_and_column(city, django_capture_on_commit_callbacks):
    bad_digit = IDS[3][:-1] + ("0" if IDS[3][-1] != "0" else "1")
    rows = good_rows(city, 2) + [
        ["坏号码", bad_digit, "13800138003", "", "", "", ""],
        ["座机", IDS[4], "07348888888", "", "", "", ""],
        ["外县", IDS[5], "", city.grassroots2.pk, "", "", ""],
        ["重复", IDS[0], "", "", "", "", ""],
        ["未来", IDS[6], "", "", "", "2999-01-01", "也许"],
    ]
    imp = start(city, xlsx_file(rows), hooks=django_capture_on_commit_callbacks)
    assert (imp.state, imp.rows, imp.valid_rows, imp.error_rows) == (State.CHECKED, 7, 2, 5)
    found = issues(imp)
    assert found[0][:2] == (4, "B（证件号码）") and "校验" in found[0][2]
    assert found[1][:2] == (5, "C（手机号码）") and "固定电话" in found[1][2] and "073****8888" in found[1][2]
    assert found[2][:2] == (6, "D（工会编号）") and "不存在或不在" in found[2][2]
    assert found[3] == (7, "证件号码", "与第 2 行的证件号码相同。")
    assert {r for r, _, _ in found[4:]} == {8} and len(found[4:]) == 2
    with pytest.raises(ValidationError, match="5 行有错误"):
        imports.confirm(imp, acting_user=city.users["county"])
    assert Member.objects.count() == 0
    imp = confirm(city, imp, django_capture_on_commit_callbacks, skip_bad_rows=True)
    assert (imp.state, imp.written_rows) == (State.DONE, 2)
    assert set(Member.objects.values_list("name", flat=True)) == {"会员0", "会员1"}


def test_someone_on_another_roster_is_named(city, django_capture_on_commit_callbacks):
    other = services.add_member(acting_user=city.users["city"], union=city.grassroots2, name="张三", id_number=IDS[0])
    imp = start(city, csv_file(good_rows(city, 1)), hooks=django_capture_on_commit_callbacks)
    assert imp.error_rows == 1
    assert issues(imp)[0][2] == f"此人已是{city.grassroots2.name}的会员（会员号 {other.number}）。"


def test_formulas_merged_cells_and_rounded_numbers_are_refused(city, django_capture_on_commit_callbacks):
    def extra(sheet):
        sheet.write_formula(2, 0, '="公式"&"名"', None, "公式名")
        sheet.merge_range(3, 4, 4, 4, "汉族")

    rows = good_rows(city, 4)
    rows[0][1] = 430421199001011234.0  # typed into a number cell: Excel keeps 15 digits
    imp = start(city, xlsx_file(rows, extra=extra), hooks=django_capture_on_commit_callbacks)
    messages = issues(imp)
    assert messages[0][:2] == (2, "B（证件号码）") and "四舍五入" in messages[0][2]
    assert (3, "A", "单元格 A3 是公式。") in messages
    assert any(r == 4 and "E4:E5" in m for r, _, m in messages)
    assert imp.valid_rows == 1  # only row 5 is clean; its merged neighbour row 4 is flagged


@pytest.mark.parametrize("name, content, message", [
    ("roster.csv", b"", "文件是空的"),
    ("roster.txt", b"a,b\n", "不是 xlsx 或 CSV"),
    ("roster.xlsx", b"not a zip", "不是有效的 xlsx"),
    ("roster.csv", "姓名,手机号码\n张三,13800138000\n".encode(), "缺少这些列：证件号码"),
    ("roster.csv", "姓名,证件号码\n".encode(), "没有数据行"),
])
def test_unreadable_files_are_refused_whole(city, django_capture_on_commit_callbacks, name, content, message):
    try:
        imp = start(city, SimpleUploadedFile(name, content), hooks=django_capture_on_commit_callbacks)
    except ValidationError as e:
        assert message in " ".join(e.messages)
        assert not MemberImport.objects.exists()
        return
    assert imp.state == State.REJECTED and message in imp.message
    with pytest.raises(ValidationError):
        imports.confirm(imp, acting_user=city.users["county"])


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(city, settings):
    settings.IMPORT_MAX_MB = 1
    upload = SimpleUploadedFile("big.csv", b"x" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError, match="最多可导入 1 MB"):
        imports.start_import(acting_user=city.users["county"], union=city.grassroots, upload=upload)
    assert not MemberImport.objects.exists() and not list(settings.IMPORT_DIR.glob("*"))


def test_gb18030_csv_from_excel_on_windows(city, django_capture_on_commit_callbacks):
    imp = start(city, csv_file(good_rows(city, 2), encoding="gb18030"), hooks=django_capture_on_commit_callbacks)
    assert (imp.valid_rows, imp.error_rows) == (2, 0)


def test_a_crash_while_writing_leaves_the_registry_as_it_was_and_is_tried_again(
        city, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(imports, "BATCH", 2)
    imp = start(city, csv_file(good_rows(city, 5)), hooks=django_capture_on_commit_callbacks)
    calls = []
    real = bulk.enrol

    def dying(batch, **kw):
        calls.append(len(batch))
        if len(calls) == 2:
            assert Member.objects.count() == 2  # the first batch, inside the write's transaction
            raise OSError("disk full")
        return real(batch, **kw)

    monkeypatch.setattr(imports, "enrol", dying)
    imp = confirm(city, imp, django_capture_on_commit_callbacks)  # the second try writes all five, once
    assert calls == [2, 2, 2, 2, 1] and (imp.state, Member.objects.count(), MemberEvent.objects.count()) == (
        State.DONE, 5, 5)
    assert (imp.task.state, imp.task.tries) == ("succeeded", 2)


def test_a_write_that_always_fails_stops_after_its_tries_and_can_be_started_again(
        city, django_capture_on_commit_callbacks, monkeypatch, settings):
    imp = start(city, csv_file(good_rows(city, 3)), hooks=django_capture_on_commit_callbacks)
    real = bulk.enrol

    def dying(batch, **kw):
        raise OSError("disk full")

    monkeypatch.setattr(imports, "enrol", dying)
    with pytest.raises(OSError):
        confirm(city, imp, django_capture_on_commit_callbacks)
    imp.refresh_from_db()
    assert (imp.task.state, imp.task.tries) == ("failed", settings.TASK_TRIES) and "disk full" in imp.task.error
    assert imp.state == State.WRITING and "没有写入" in imp.message and Member.objects.count() == 0
    assert imports.interrupted(imp)
    monkeypatch.setattr(imports, "enrol", real)
    with django_capture_on_commit_callbacks(execute=True):
        imports.resume(imp, acting_user=city.users["county"])
    imp.refresh_from_db()
    assert (imp.state, Member.objects.count(), imp.task.state) == (State.DONE, 3, "succeeded")


def test_a_registry_change_after_the_check_writes_nothing_and_checks_again(city, django_capture_on_commit_callbacks):
    imp = start(city, csv_file(good_rows(city, 3)), hooks=django_capture_on_commit_callbacks)
    services.add_member(acting_user=city.users["city"], union=city.grassroots2, name="抢先", id_number=IDS[2])
    imp = confirm(city, imp, django_capture_on_commit_callbacks)
    assert Member.objects.count() == 1
    assert imp.state == State.CHECKED and (imp.valid_rows, imp.error_rows) == (2, 1)
    assert "登记簿在检查后有变化" in imp.message


def test_unions_outside_the_subtree_and_foreign_imports(city, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied):
        imports.start_import(acting_user=city.users["county2"], union=city.grassroots, upload=csv_file([]))
    imp = start(city, csv_file(good_rows(city, 1)), hooks=django_capture_on_commit_callbacks)
    assert not MemberImport.objects.restrict(city.users["county2"]).filter(pk=imp.pk).exists()
    assert MemberImport.objects.restrict(city.users["auditor"]).filter(pk=imp.pk).exists()
    with pytest.raises(PermissionDenied):
        imports.confirm(imp, acting_user=city.users["county2"])
    with pytest.raises(PermissionDenied):
        imports.confirm(imp, acting_user=city.users["auditor"])


def test_cancel_deletes_the_file_and_writes_nothing(city, django_capture_on_commit_callbacks):
    imp = start(city, csv_file(good_rows(city, 2)), hooks=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        imports.cancel(imp, acting_user=city.users["county"])
    imp.refresh_from_db()
    assert imp.state == State.CANCELLED and not imports._path(imp).exists() and Member.objects.count() == 0


def test_a_dead_job_is_seen_and_can_be_resumed(city, django_capture_on_commit_callbacks):
    imp = start(city, csv_file(good_rows(city, 2)), hooks=django_capture_on_commit_callbacks)
    MemberImport.objects.filter(pk=imp.pk).update(state=State.CHECKING, updated_at="2020-01-01T00:00:00Z")
    imp.refresh_from_db()
    assert imports.interrupted(imp)
    with django_capture_on_commit_callbacks(execute=True):
        imports.resume(imp, acting_user=city.users["county"])
    imp.refresh_from_db()
    assert imp.state == State.CHECKED and imp.valid_rows == 2
    with pytest.raises(ValidationError):
        imports.resume(imp, acting_user=city.users["county"])


def test_the_template_round_trips(city, login, django_capture_on_commit_callbacks):
    """The downloaded template's header, filled in, imports; its sheets list the user's unions and codes."""
    r = login("county").get("/members/imports/template/")
    assert r.status_code == 200
    sheets = read_xlsx(r)
    assert list(sheets) == ["会员名册", "填写说明", "工会编号", "代码表"]
    unions = {row[1] for row in sheets["工会编号"][1:]}
    assert city.grassroots.name in unions and city.grassroots2.name not in unions
    assert "汉族（01）" in [row[1] for row in sheets["代码表"]]
    header = sheets["会员名册"][0]
    assert header[:4] == ["姓名", "证件类型", "证件号码", "手机号码"]
    row = dict.fromkeys(header, "") | {"姓名": "王芳", "证件号码": IDS[7], "手机号码": "13900139000",
                                       "工会编号": str(city.grassroots_b.pk)}
    imp = start(city, xlsx_file([list(row.values())], header=header), hooks=django_capture_on_commit_callbacks)
    assert (imp.valid_rows, imp.error_rows) == (1, 0)
    confirm(city, imp, django_capture_on_commit_callbacks)
    assert Member.objects.get(name="王芳").union == city.grassroots_b


def test_pages_upload_show_the_report_and_confirm(city, login, django_capture_on_commit_callbacks):
    c = login("county")
    rows = good_rows(city, 2) + [["坏号码", "430421", "", "", "", "", ""]]
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/members/imports/new/", {"union": city.grassroots.pk, "file": csv_file(rows)})
    imp = MemberImport.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/members/imports/{imp.pk}/"
    page = c.get(r["Location"]).content.decode()
    assert "1 行有错误" in page and "导入没有错误的 2 行" in page
    sheet = next(iter(read_xlsx(c.get(f"/members/imports/{imp.pk}/report/")).values()))
    assert sheet[0] == ["行号", "列", "问题", "修改方法"]
    assert sheet[1][:2] == [4, "B（证件号码）"]
    with django_capture_on_commit_callbacks(execute=True):
        c.post(f"/members/imports/{imp.pk}/confirm/", {"skip_bad_rows": "1"})
    imp.refresh_from_db()
    assert imp.state == State.DONE and Member.objects.count() == 2
    assert "新增会员数" in c.get(f"/members/imports/{imp.pk}/").content.decode()


def test_a_file_too_big_is_refused_on_the_page(city, login, settings):
    settings.IMPORT_MAX_MB = 1
    r = login("county").post("/members/imports/new/", {"union": city.grassroots.pk,
                                                       "file": SimpleUploadedFile("big.csv", b"x" * 1100000)})
    assert r.status_code == 200 and "最多可导入 1 MB" in r.content.decode()
    assert not MemberImport.objects.exists()


def test_api_upload_poll_and_confirm(city, api, django_capture_on_commit_callbacks):
    c = api("county")
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/api/v1/member-imports", {"union_id": city.grassroots.pk, "file": csv_file(good_rows(city, 2))})
    assert r.status_code == 201, r.content
    body = r.json()
    got = c.get(f"/api/v1/member-imports/{body['id']}").json()
    assert (got["state"], got["valid_rows"], got["issues"]) == ("checked", 2, [])
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(f"/api/v1/member-imports/{body['id']}/confirm", {"skip_bad_rows": False},
                   content_type="application/json")
    assert r.status_code == 200
    assert c.get(f"/api/v1/member-imports/{body['id']}").json()["written_rows"] == 2
    other = api("county2")
    assert other.get(f"/api/v1/member-imports/{body['id']}").status_code == 404
    r = other.post("/api/v1/member-imports", {"union_id": city.grassroots.pk, "file": csv_file(good_rows(city, 1))})
    assert r.status_code == 404 and MemberImport.objects.count() == 1


def test_the_status_part_polls_while_running_and_refreshes_when_done(city, login, django_capture_on_commit_callbacks):
    from gonghui.core import queue

    imp = start(city, csv_file(good_rows(city, 2)), hooks=django_capture_on_commit_callbacks)
    MemberImport.objects.filter(pk=imp.pk).update(state=State.CHECKING, rows=1000)
    queue.report(42, 100, "check", run_id=imp.task_id)  # as the running check reports
    c = login("county")
    url = f"/members/imports/{imp.pk}/?part=status"
    r = c.get(url, headers={"HX-Request": "true"})
    body = r.content.decode()
    assert 'hx-trigger="every 1s"' in body and "42%" in body and "已处理 1000 行" in body
    assert "HX-Refresh" not in r
    MemberImport.objects.filter(pk=imp.pk).update(state=State.CHECKED)
    assert c.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"


def test_a_killed_import_is_started_again_through_the_api(city, api, django_capture_on_commit_callbacks):
    """POST /api/v1/member-imports/{id}/resume: the page's restart, with the same service and
    scoping (a foreign import is 404 as a missing one; a running one is refused; a clerk who may
    read but not enrol is refused)."""
    imp = start(city, csv_file(good_rows(city, 2)), hooks=django_capture_on_commit_callbacks)
    MemberImport.objects.filter(pk=imp.pk).update(state=State.CHECKING, updated_at="2020-01-01T00:00:00Z")
    url = f"/api/v1/member-imports/{imp.pk}/resume"
    assert api("county").get(f"/api/v1/member-imports/{imp.pk}").json()["interrupted"] is True
    missing = api("county2").post("/api/v1/member-imports/999999/resume")
    assert api("county2").post(url).status_code == missing.status_code == 404
    assert api("auditor").post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        r = api("county").post(url)
    assert r.status_code == 200, r.content
    imp.refresh_from_db()
    assert imp.state == State.CHECKED and imp.valid_rows == 2
    assert AuditEntry.objects.filter(action="resume", object_id=str(imp.pk)).count() == 1
    again = api("county").post(url)
    assert again.status_code == 422 and again.json()["detail"]
    assert api("county").get(f"/api/v1/member-imports/{imp.pk}").json()["interrupted"] is False
