"""A member's copy of their own data (个人信息保护法 第四十五条): everything that points at them,
opened; nobody else's; and who read their details. Making the copy is recorded."""

import json

import pytest
from django.test import Client
from stdnum.cn import ric

from gonghui.core.models import AuditEntry
from gonghui.members import services, transfers

from ..factories import hardship_file, user


def _member(city, body, name, phone, username):
    m = services.add_member(acting_user=city.users["county"], union=city.grassroots, name=name,
                            id_number=body + ric.calc_check_digit(body + "0"), phone=phone)
    m.user = user(username, kind="member")
    m.save(update_fields=["user"])
    return m


@pytest.fixture
def two_members(city):
    mine = _member(city, "43042119900101123", "刘越高", "13800138000", "member")
    other = _member(city, "43042119850505432", "王其他", "13911112222", "member2")
    for m in (mine, other):
        hardship_file(m, by=city.users["union"])
        transfers.request_transfer_out(m, acting_user=city.users["union"], to_union=city.grassroots2,
                                       reason=f"{m.name}调动")
    services.reveal(mine, acting_user=city.users["union"], field="id_number")
    return mine, other


def _download(member):
    client = Client()
    client.force_login(member.user)
    response = client.post("/members/my-data/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_the_copy_holds_the_members_own_records_opened_and_no_one_elses(two_members):
    mine, other = two_members
    copy = _download(mine)
    text = json.dumps(copy, ensure_ascii=False)
    assert copy["member_number"] == mine.number
    assert mine.id_number.reveal() in text and "13800138000" in text  # their own values, in full
    assert "刘越高调动" in text  # the transfer request they are the subject of
    assert any("困难职工" in title for title in copy["sections"])  # their hardship file
    assert other.number not in text and "王其他" not in text and "13911112222" not in text
    assert "王其他调动" not in text
    assert not any(title.endswith(("_index", "_pinyin")) for title in copy["sections"])
    assert "id_index" not in text and "name_pinyin" not in text  # derived keys stay out


def test_the_copy_says_who_read_the_members_details(two_members, city):
    mine, _other = two_members
    read = _download(mine)["sections"]["谁查看或修改了我的信息"]
    reveals = [r for r in read if r["操作"] == "查看敏感信息"]
    assert [(r["操作人"], r["字段"], r["对象"]) for r in reveals] == [("union", "证件号码", str(mine))]
    assert any(r["操作"] == "新建" and r["操作人"] == "county" for r in read)


def test_making_the_copy_is_recorded_and_viewing_the_page_is_not(two_members, client):
    mine, _other = two_members
    client.force_login(mine.user)
    page = client.get("/members/my-data/").content.decode()
    assert 'data-testid="download-data"' in page and "谁查看或修改了我的信息" in page
    assert not AuditEntry.objects.filter(action="personal_data_copy").exists()
    client.post("/members/my-data/")
    entry = AuditEntry.objects.get(action="personal_data_copy")
    assert entry.object_id == str(mine.pk) and entry.actor == mine.user


def test_staff_without_a_member_record_get_no_file(city, login):
    response = login("county").post("/members/my-data/")
    assert response.status_code == 200 and "attachment" not in response.get("Content-Disposition", "")
