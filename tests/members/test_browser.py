"""Issue 3's page flows that exist so far: the roster, enrolment, and the county boundary."""

import re

from playwright.sync_api import expect
from stdnum.cn import ric

from gonghui.members import services
from gonghui.members.models import Member


def _rid(body):
    return body + ric.calc_check_digit(body + "0")


def test_enrol_search_in_traditional_and_reveal(sign_in, page, city):
    sign_in("county")
    page.goto(f"/members/new/?union={city.grassroots.pk}")
    page.get_by_label("姓名").fill("刘越高")
    page.get_by_label("证件号码").fill(_rid("43042119900101123")[:-1] + "0")  # a wrong check digit first
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("field-error").first).to_contain_text("校验")
    assert Member.objects.count() == 0
    page.get_by_label("证件号码").fill(_rid("43042119900101123"))
    page.get_by_label("手机号码").fill("13800138000")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("status")).to_have_text("会员")
    expect(page.get_by_test_id("id-number")).to_contain_text("**********")
    page.get_by_role("button", name="显示完整信息（将记录）").first.click()
    expect(page.get_by_test_id("revealed")).to_have_text(_rid("43042119900101123"))
    page.goto("/members/?q=劉越")
    expect(page.get_by_test_id("member-table")).to_contain_text("刘越高")


def test_a_county_clerk_cannot_open_a_member_of_another_county(sign_in, page, city):
    other = services.add_member(acting_user=city.users["city"], union=city.grassroots2, name="王东文",
                                id_number=_rid("43042219850615002"))
    sign_in("county")
    assert page.goto(f"/members/{other.pk}/").status == 404
    page.goto("/members/")
    expect(page.get_by_test_id("member-table")).not_to_contain_text("王东文")


def test_transfer_across_counties_asked_by_one_and_accepted_by_the_other(sign_in, page, city):
    member = services.add_member(acting_user=city.users["city"], union=city.grassroots, name="刘越高",
                                 id_number=_rid("43042119900101123"))
    sign_in("county")
    page.goto(f"/members/{member.pk}/transfer/")
    page.get_by_test_id("lookup-to_union").fill("衡南县云集")
    expect(page.locator("#id_to_union")).to_contain_text(city.grassroots2.name)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text(city.grassroots2.name)
    page.context.clear_cookies()
    sign_in("county2")
    page.goto("/members/transfers/")
    expect(page.get_by_test_id("transfer-table")).to_contain_text("刘越高")
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("accept").click()
    page.wait_for_load_state("networkidle")
    member.refresh_from_db()
    assert member.union == city.grassroots2
    page.goto(f"/members/{member.pk}/")
    expect(page.get_by_test_id("events")).to_contain_text(city.grassroots.name)


def test_import_a_roster_with_three_bad_rows(sign_in, page, city, tmp_path):
    """The clerk uploads a CSV with three bad rows, reads the report, downloads it, and imports
    the two good rows."""
    from gonghui.members.models import MemberImport

    good = [_rid(f"4304211990010{i}12{i}") for i in (1, 2)]
    lines = ["姓名,证件号码,手机号码,工会编号",
             f"王芳,{good[0]},13900139001,",
             f"李强,{good[1]},,",
             f"坏号码,{good[0][:-1]}{'0' if good[0][-1] != '0' else '1'},,",
             f"座机,{_rid('43042119920304123')},07348888888,",
             f"外县,{_rid('43042119930101555')},,{city.grassroots2.pk}"]
    roster = tmp_path / "名册.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sign_in("county")
    page.goto(f"/members/imports/new/?union={city.grassroots.pk}")
    expect(page.get_by_test_id("template-link")).to_be_visible()
    page.get_by_label("名册文件（xlsx 或 CSV）").set_input_files(str(roster))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_test_id("import-state")).to_have_text("已检查，等待确认")
    expect(page.get_by_test_id("count-errors")).to_have_text("3")
    expect(page.get_by_test_id("issue")).to_have_count(3)
    expect(page.get_by_test_id("import-issues")).to_contain_text("工会编号")
    assert Member.objects.count() == 0
    with page.expect_download() as download:
        page.get_by_test_id("import-report").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.on("dialog", lambda d: d.accept())
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("import-state")).to_have_text("已导入")
    expect(page.get_by_test_id("count-valid")).to_have_text("2")
    assert sorted(Member.objects.values_list("name", flat=True)) == ["李强", "王芳"]
    assert MemberImport.objects.get().state == "done"


def test_roster_export_streams_its_first_bytes_before_the_last_row_is_read(sign_in, page, city, monkeypatch):
    """Issue 21, defect 1: the browser receives the workbook's first bytes while the server is
    still reading rows. The row source is the real one, then a slowed tail of rows (random text,
    so the zip cannot squeeze them): a response built whole before it is sent would arrive only
    after the last of them was read."""
    import random
    import time

    from gonghui.members.views import MemberList

    state = {"read": 0, "total": 4000}
    real_rows = MemberList.export_rows

    def slowed(self, table, columns):
        real = list(real_rows(self, table, columns))
        rng = random.Random(21)
        for i in range(state["total"]):
            row = real[i] if i < len(real) else [f"{rng.getrandbits(64):016x}" for _ in columns]
            if i >= 2000:
                time.sleep(0.003)  # the tail comes slowly: 2,000 rows over about 6 s
            state["read"] = i + 1
            yield row

    monkeypatch.setattr(MemberList, "export_rows", slowed)
    sign_in("county")
    page.goto("/members/")
    got = page.evaluate("""async () => {
        const r = await fetch('/members/?export=xlsx');
        const reader = r.body.getReader();
        const {value} = await reader.read();
        const head = Array.from(value.slice(0, 4));
        await reader.cancel();
        return {status: r.status, head, length: r.headers.get('content-length'),
                type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition')};
    }""")
    read_when_first_bytes_came = state["read"]
    assert got["status"] == 200 and got["head"] == [0x50, 0x4B, 0x03, 0x04], got  # a zip's first entry
    assert got["type"].startswith("application/vnd.openxmlformats") and got["length"] is None, got
    assert ".xlsx" in got["disposition"]
    assert read_when_first_bytes_came < state["total"], "the export was built whole before its first byte was sent"


def test_a_search_by_phone_never_reaches_the_address(sign_in, page, city):
    """Typing a phone in the roster's search box filters live; the address the browser shows,
    and every link the results carry (pages, export), hold a token instead of the phone."""
    phone = "13912345678"
    member = services.add_member(acting_user=city.users["county"], union=city.grassroots, name="欧阳晓峰",
                                 id_number=_rid("43042119870605274"), phone=phone)
    services.add_member(acting_user=city.users["county"], union=city.grassroots, name="王东文",
                        id_number=_rid("43042119850615002"))
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    sign_in("county")
    page.goto("/members/")
    page.get_by_placeholder("姓名、拼音、手机尾号…").fill(phone)
    expect(page.get_by_test_id("member-table")).not_to_contain_text("王东文")
    expect(page.get_by_test_id("member-table")).to_contain_text(member.number)
    expect(page).to_have_url(re.compile(r"/members/\?qh="))
    assert phone not in page.url and phone not in page.get_by_test_id("export").get_attribute("href")
    page.reload()  # the address shown opens the same search again
    expect(page.get_by_test_id("member-table")).to_contain_text(member.number)
    expect(page.get_by_placeholder("姓名、拼音、手机尾号…")).to_have_value(phone)
    assert not [url for url in requested if phone in url]
