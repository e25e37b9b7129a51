"""The roster import's whole outcome, frozen: the row report (every problem with its row,
column, message and hint), the counts, and every written member's values and join event, for
a CSV and an xlsx roster mixing every kind of row. Written before the import was made fast
(issue 20) and kept so any later rewrite is proven to report and write exactly the same."""

import datetime

import pytest
from stdnum.cn import ric

from gonghui.core.crypto import lookup_hash, tail_hash
from gonghui.members import services
from gonghui.members.models import Member, MemberTally

from .snapshots_import import EXPECTED
from .test_imports import chinese, confirm, csv_file, start, xlsx_file  # noqa: F401 - chinese: autouse


def rid(body17):
    return body17 + ric.calc_check_digit(body17 + "0")


ID = [rid(f"4304211985{m:02d}{d:02d}20{d % 10}") for m, d in ((1, 1), (2, 3), (3, 5), (4, 7), (5, 9), (6, 11),
                                                              (7, 13), (8, 15), (9, 17), (10, 19), (11, 21),
                                                              (12, 23), (1, 25), (2, 27), (3, 29))]
X_ID = next(rid(f"43042119900101{s:03d}") for s in range(1000) if rid(f"43042119900101{s:03d}").endswith("X"))
HEADER = ["姓名", "证件种类", "证件号码", "手机号码", "工会编号", "民族", "学历", "政治面貌", "户籍类型", "工作单位",
          "岗位", "平台", "灵活就业", "农民工", "劳动模范", "入会日期", "会员卡号"]


def _header():
    from gonghui.members.imports import COLUMNS

    names = [str(c.header) for c in COLUMNS]
    out = list(HEADER)
    # the three flags have no alias: their Chinese headers as the template writes them
    out[12], out[13], out[14] = names[12], names[13], names[14]
    return out


def roster(city):
    g, g2 = city.grassroots.pk, city.grassroots2.pk
    bad_digit = ID[3][:-1] + ("0" if ID[3][-1] != "0" else "1")
    r = [
        ["劉越高", "", ID[0], "138-0013-8000", "", "汉族", "", "", "城镇", "湘江机械", "操作工", "", "否", "是", "否",
         "2020-03-01", "A001"],
        ["曾国藩", "身份证", ID[1], "", g, "01", "", "", "", "", "", "", "", "", "是", "2021/05/06", ""],
        ["Anna Smith", "护照", "E12345678", "13912345678", "", "", "", "", "农村", "", "骑手", "美团", "是", "否", "否",
         "20220101", ""],
        ["坏号码", "", bad_digit, "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["座机", "", ID[4], "07348888888", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["外县", "", ID[5], "", g2, "", "", "", "", "", "", "", "", "", "", "", ""],
        ["重复", "", ID[0], "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["未来", "", ID[6], "", "", "", "", "", "", "", "", "", "", "", "也许", "2999-01-01", ""],
        ["", "", ID[7], "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["=SUM(A1)", "", ID[8], "", "", "火星族", "", "", "", "", "", "", "", "", "", "", ""],
        ["欧阳小明", "", X_ID.lower(), "", "", "汉", "", "", "", "", "", "", "", "", "", "2019年7月1日", ""],
        ["在册", "", ID[9], "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["他处", "", ID[10], "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["已离会", "", ID[11], "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["怪证件", "驾照", ID[12], "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["坏日期", "", ID[13], "", "", "", "", "", "", "", "", "", "", "", "", "03/01/2020", ""],
        ["單于長孫", "", ID[14], "+86 139 1234 5679", "99999", "", "", "", "", "", "", "", "", "", "", "", ""],
    ]
    return r


def prepare(city):
    """The registry the roster meets: one person already on the union's roster, one on another
    union's, one who left."""
    county = city.users["county"]
    services.add_member(acting_user=county, union=city.grassroots, name="在册", id_number=ID[9])
    services.add_member(acting_user=city.users["city"], union=city.grassroots2, name="他处", id_number=ID[10])
    gone = services.add_member(acting_user=county, union=city.grassroots, name="已离会", id_number=ID[11])
    services.record_event(gone, acting_user=county, kind="leave", reason="调离")


def outcome(city, imp):
    """The counts and the problems, with ids that differ from run to run (primary keys come
    from sequences a rolled-back test does not reset) named instead."""
    names = {str(city.grassroots2.pk): "{g2}"} | {m.number: f"{{{m.name}}}" for m in Member.objects.all()}

    def named(text):
        for value, name in names.items():
            text = text.replace(f"会员号 {value}", f"会员号 {name}").replace(f"编号 {value} ", f"编号 {name} ")
        return text

    return {"counts": (imp.state, imp.rows, imp.valid_rows, imp.error_rows, imp.existing_rows),
            "issues": [(i.row, i.column, named(i.message), i.hint) for i in imp.issues.order_by("row", "id")]}


def written(city, imp):
    unions = {city.grassroots.pk: "g", city.grassroots2.pk: "g2"}
    members = []
    for m in Member.objects.filter(created_at__gte=imp.created_at).order_by("id").select_related(
            "last_event", "ethnicity", "education", "political", "household"):
        id_number = m.id_number.reveal()
        phone = m.phone.reveal() if m.phone else ""
        assert m.id_index == lookup_hash("id", id_number) and m.id_tail_index == tail_hash("id", id_number)
        assert m.phone_index == (lookup_hash("phone", phone) if phone else None)
        assert m.phone_tail_index == (tail_hash("phone", phone) if phone else "")
        assert m.number == f"{m.union.region_id[:6]}{m.pk:09d}" and m.union_path == m.union.path
        assert m.created_at == m.updated_at == m.last_event.created_at
        e = m.last_event
        assert (e.member_id, e.union_id, e.actor_id) == (m.pk, m.union_id, imp.created_by_id)
        members.append((
            m.name, m.name_pinyin, m.name_initials, m.doc_type, id_number, m.birth_year,
            m.birth_date.reveal() if m.birth_date else None, m.sex, phone, unions[m.union_id],
            m.ethnicity.name if m.ethnicity else None, m.education.name if m.education else None,
            m.political.name if m.political else None, m.household.name if m.household else None,
            m.employer_id, m.employer_name, m.job, m.gig_platform, m.is_gig_worker, m.is_migrant_worker,
            m.is_model_worker, m.has_hardship_file, m.joined_on.isoformat(), m.card_number, m.user_id,
            (e.kind, e.on.isoformat(), e.reason, e.from_union_id), m.events.count()))
    tally = {}
    for t in MemberTally.objects.all():
        key = unions.get(t.union_id, "other")
        tally[key] = tally.get(key, 0) + t.delta
    return {"members": members, "tally": tally}


@pytest.fixture
def today(monkeypatch):
    """A fixed import day, so empty join dates and ages are the same in every run."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 6, 1))


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_report_counts_and_written_members_are_exactly_as_before(city, today, form,
                                                                     django_capture_on_commit_callbacks):
    prepare(city)
    rows = roster(city)
    upload = csv_file(rows, header=_header()) if form == "csv" else xlsx_file(rows, header=_header())
    imp = start(city, upload, hooks=django_capture_on_commit_callbacks)
    checked = outcome(city, imp)
    imp = confirm(city, imp, django_capture_on_commit_callbacks, skip_bad_rows=True)
    result = {"check": checked, "written_rows": imp.written_rows, "state": imp.state, **written(city, imp)}
    assert result == EXPECTED
