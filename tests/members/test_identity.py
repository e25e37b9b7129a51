"""Identity documents, mobile numbers, ages and name search keys (no database)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from gonghui.members.identity import (
    AGE_BANDS,
    RESIDENT_ID_PROVINCES,
    Document,
    DocumentType,
    age_band,
    age_on,
    clean_document,
    clean_mobile,
)
from gonghui.members.search_keys import Query, name_keys, parse_query, simplified

TODAY = date(2025, 6, 1)


def with_check(body):
    """A 17-digit body completed with its GB 11643 check character."""
    assert len(body) == 17
    return body + ric.calc_check_digit(body + "0")


def clean(doc_type, raw):
    return clean_document(doc_type, raw, today=TODAY)


def error_code(doc_type, raw):
    with pytest.raises(ValidationError) as info:
        clean(doc_type, raw)
    return info.value.code


# Documents that pass -------------------------------------------------------------------------------------------


def test_resident_id_round_trip_gives_birth_date_sex_and_region():
    male = with_check("430405199003071" + "23")
    female = with_check("430405199003071" + "24")
    doc = clean(DocumentType.RESIDENT_ID, male)
    assert doc == Document("resident_id", male, date(1990, 3, 7), "M", "430405")
    assert clean(DocumentType.RESIDENT_ID, female).sex == "F"


def test_resident_id_is_normalised_lower_x_spaces_dashes_full_width():
    body = next(b for b in (f"1101051949123100{n}" for n in range(10)) if with_check(b).endswith("X"))
    number = with_check(body)
    assert clean("resident_id", f" {number[:6]} {number[6:14]}-{number[14:-1]}x ").number == number
    full_width = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９ｘ"))
    assert clean("resident_id", full_width).number == number


def test_hmt_residence_and_new_foreign_permanent_give_birth_date_and_sex():
    for prefix in ("810000", "820000", "830000"):
        doc = clean(DocumentType.HMT_RESIDENCE, with_check(prefix + "19851231" + "002"))
        assert (doc.birth_date, doc.sex, doc.region_code) == (date(1985, 12, 31), "F", "")
    doc = clean(DocumentType.FOREIGN_PERMANENT, with_check("9" + "11" + "840" + "19700101" + "001"))
    assert (doc.birth_date, doc.sex) == (date(1970, 1, 1), "M")


@pytest.mark.parametrize(("doc_type", "raw", "number"), [
    ("foreign_permanent", "usa110012345678", "USA110012345678"),
    ("hk_macao_permit", "h1234 5678", "H12345678"),
    ("hk_macao_permit", "M1234567801", "M1234567801"),
    ("taiwan_permit", "1234-5678", "12345678"),
    ("passport", "e1234", "E1234"),
    ("passport", "G" + "1" * 19, "G" + "1" * 19),
])
def test_other_documents_are_normalised_without_birth_data(doc_type, raw, number):
    assert clean(doc_type, raw) == Document(doc_type, number)


def test_born_today_is_age_zero_and_120_is_the_limit():
    assert clean("resident_id", with_check("430405" + TODAY.strftime("%Y%m%d") + "001")).birth_date == TODAY
    assert clean("resident_id", with_check("430405" + "19040602" + "001")).birth_date == date(1904, 6, 2)  # 120


def test_masked_number_hides_the_middle():
    number = with_check("430405199003071" + "23")
    assert clean("resident_id", number).masked == "4304" + "*" * 12 + number[-2:]  # crypto's one rule
    assert clean("passport", "H12345678").masked == "*******78"
    assert clean("taiwan_permit", "12345678").masked == "******78"


# Documents that fail, each with its code ----------------------------------------------------------------------


GOOD_BODY = "430405199003071" + "23"


@pytest.mark.parametrize(("doc_type", "raw", "code"), [
    ("driving_licence", GOOD_BODY, "document_type"),
    ("resident_id", "  ", "document_required"),
    ("resident_id", None, "document_required"),
    ("resident_id", GOOD_BODY, "document_length"),
    ("resident_id", with_check(GOOD_BODY) + "1", "document_length"),
    ("resident_id", "430405900307123", "document_length"),  # old 15-digit card
    ("resident_id", "43040519900307A23X", "document_format"),
    ("resident_id", "4304051990030712X3", "document_format"),
    ("resident_id", "43040519900307123Y", "document_format"),
    ("resident_id", with_check("810000" + "19900307" + "123"), "document_prefix"),
    ("resident_id", with_check("9" + "11" + "840" + "19900307" + "123"), "document_prefix"),
    ("resident_id", with_check("710000" + "19900307" + "123"), "document_prefix"),
    ("resident_id", with_check("000000" + "19900307" + "123"), "document_prefix"),
    ("resident_id", with_check("430405" + "19900230" + "123"), "document_birth_date"),
    ("resident_id", with_check("430405" + "19901301" + "123"), "document_birth_date"),
    ("resident_id", with_check("430405" + "20250602" + "123"), "document_birth_future"),
    ("resident_id", with_check("430405" + "18900101" + "123"), "document_birth_too_old"),
    ("resident_id", with_check("430405" + "19040601" + "123"), "document_birth_too_old"),  # 121 on TODAY
    ("hmt_residence", with_check(GOOD_BODY), "document_prefix"),
    ("hmt_residence", "8100001990030712", "document_length"),
    ("hmt_residence", with_check("810000" + "19900230" + "123"), "document_birth_date"),
    ("foreign_permanent", with_check(GOOD_BODY), "document_prefix"),
    ("foreign_permanent", "U5A110012345678", "document_format"),
    ("foreign_permanent", "USA11001234567B", "document_format"),
    ("foreign_permanent", "USA1100123456789", "document_length"),
    ("foreign_permanent", with_check("9" + "11" + "840" + "20300101" + "001"), "document_birth_future"),
    ("hk_macao_permit", "X12345678", "document_prefix"),
    ("hk_macao_permit", "812345678", "document_prefix"),
    ("hk_macao_permit", "H1234567", "document_length"),
    ("hk_macao_permit", "H123456789", "document_length"),
    ("hk_macao_permit", "H1234567A", "document_format"),
    ("hk_macao_permit", "H1234567.", "document_format"),
    ("taiwan_permit", "1234567", "document_length"),
    ("taiwan_permit", "123456789", "document_length"),
    ("taiwan_permit", "1234567A", "document_format"),
    ("passport", "E123", "document_length"),
    ("passport", "E" * 21, "document_length"),
    ("passport", "E1234567/", "document_format"),
])
def test_bad_documents_give_their_code(doc_type, raw, code):
    assert error_code(doc_type, raw) == code


@pytest.mark.parametrize("doc_type", ["resident_id", "hmt_residence", "foreign_permanent"])
def test_wrong_check_digit_names_the_right_one(doc_type):
    body = {"resident_id": GOOD_BODY, "hmt_residence": "830000" + "19900307" + "123",
            "foreign_permanent": "9" + "11" + "840" + "19900307" + "123"}[doc_type]
    right = with_check(body)
    wrong = body + ("0" if right[-1] != "0" else "1")
    with translation.override("en"), pytest.raises(ValidationError) as info:
        clean(doc_type, wrong)
    assert info.value.code == "document_checksum"
    assert f"the last character should be {right[-1]}" in info.value.message


def test_messages_name_the_problem():
    with translation.override("en"):
        with pytest.raises(ValidationError) as info:
            clean("resident_id", GOOD_BODY)
        assert "must have 18 characters; this one has 17" in info.value.message
        with pytest.raises(ValidationError) as info:
            clean("resident_id", "43040519900307A23X")
        assert "character 15 (“A”)" in info.value.message
        with pytest.raises(ValidationError) as info:
            clean("resident_id", with_check("430405" + "19900230" + "123"))
        assert "19900230" in info.value.message and "not a real date" in info.value.message
        with pytest.raises(ValidationError) as info:
            clean("resident_id", with_check("810000" + "19900307" + "123"))
        assert "Residence permit for Hong Kong, Macao and Taiwan residents" in info.value.message


def test_default_today_is_the_local_date():
    with pytest.raises(ValidationError) as info:
        clean_document("resident_id", with_check("430405" + (date.today() + timedelta(days=2)).strftime("%Y%m%d")
                                                 + "123"))
    assert info.value.code == "document_birth_future"


# The check digit property ---------------------------------------------------------------------------------------

EARLIEST = date(TODAY.year - 121, TODAY.month, TODAY.day) + timedelta(days=1)  # 120 years old on TODAY

bodies = st.builds(
    lambda province, rest, born, seq: province + rest + born.strftime("%Y%m%d") + seq,
    st.sampled_from(sorted(RESIDENT_ID_PROVINCES)),
    st.from_regex(r"[0-9]{4}", fullmatch=True),
    st.dates(min_value=EARLIEST, max_value=TODAY),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
)


@given(bodies)
def test_valid_ids_pass_and_every_single_digit_change_fails(body):
    number = with_check(body)
    doc = clean("resident_id", number)
    assert doc.number == number
    assert doc.birth_date == date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    assert doc.sex == ("M" if int(body[16]) % 2 else "F")
    assert doc.region_code == body[:6]
    for position, original in enumerate(number):
        for replacement in "0123456789X":
            if replacement == original:
                continue
            changed = number[:position] + replacement + number[position + 1:]
            with pytest.raises(ValidationError):
                clean("resident_id", changed)


@given(st.dates(min_value=EARLIEST, max_value=TODAY), st.from_regex(r"[0-9]{3}", fullmatch=True),
       st.sampled_from(["810000", "820000", "830000"]))
def test_valid_hmt_residence_numbers_pass_and_a_changed_check_digit_fails(born, seq, prefix):
    number = with_check(prefix + born.strftime("%Y%m%d") + seq)
    assert clean("hmt_residence", number).birth_date == born
    for replacement in set("0123456789X") - {number[-1]}:
        assert error_code("hmt_residence", number[:-1] + replacement) == "document_checksum"


# Mobile numbers ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [
    "+86 138-0013-8000", "13800138000", "8613800138000", "0086 138 0013 8000", "(+86) 138.0013.8000",
    "１３８００１３８０００",
])
def test_mobile_numbers_are_cleaned(raw):
    assert clean_mobile(raw) == "13800138000"


@pytest.mark.parametrize(("raw", "code"), [
    ("", "mobile_required"),
    (None, "mobile_required"),
    ("0734-8888888", "mobile_landline"),
    ("(0734) 8888 8888", "mobile_landline"),
    ("8888888", "mobile_landline"),
    ("88888888", "mobile_landline"),
    ("400-812-3123", "mobile_landline"),
    ("+86 0734 8888888", "mobile_landline"),
    ("1380013800", "mobile_length"),
    ("138001380001", "mobile_length"),
    ("138", "mobile_length"),
    ("12800138000", "mobile_prefix"),
    ("23800138000", "mobile_prefix"),
    ("+852 9123 4567", "mobile_country"),
    ("001 212 555 0100", "mobile_country"),
    ("138oo138000", "mobile_format"),
])
def test_bad_mobile_numbers_give_their_code(raw, code):
    with pytest.raises(ValidationError) as info:
        clean_mobile(raw)
    assert info.value.code == code


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_every_mainland_mobile_number_survives_formatting(number):
    formatted = f"+86 {number[:3]}-{number[3:7]}-{number[7:]}"
    assert clean_mobile(formatted) == clean_mobile(number) == number


# Ages ---------------------------------------------------------------------------------------------------------------


def test_age_on_counts_the_birthday():
    assert age_on(date(1990, 6, 1), date(2025, 5, 31)) == 34
    assert age_on(date(1990, 6, 1), date(2025, 6, 1)) == 35
    assert age_on(date(2000, 2, 29), date(2025, 2, 28)) == 24
    assert age_on(date(2000, 2, 29), date(2025, 3, 1)) == 25
    assert age_on(date(2000, 2, 29), date(2024, 2, 29)) == 24


def test_age_bands_cover_every_age_once_with_labels():
    assert [(low, high) for low, high, _label in AGE_BANDS] == [(0, 25), (25, 35), (35, 45), (45, 55), (55, None)]
    with translation.override("en"):
        assert [str(band.label) for band in AGE_BANDS] == ["Under 25", "25–34", "35–44", "45–54", "55 and over"]
    for age in range(0, 130):
        assert sum(band.contains(age) for band in AGE_BANDS) == 1
    assert age_band(24).low == 0 and age_band(25).low == 25 and age_band(54).low == 45 and age_band(55).low == 55


@given(st.integers(min_value=1900, max_value=2030), st.integers(min_value=1950, max_value=2030))
def test_age_band_birth_year_ranges_agree_with_the_age_reached_that_year(born, year):
    if born > year:
        return
    for band in AGE_BANDS:
        after, until = band.birth_years(year)
        in_range = (after is None or born > after) and born <= until
        assert in_range == band.contains(year - born), (band, born, year, after, until)


# Name search keys -------------------------------------------------------------------------------------------------


def test_simplified_converts_traditional():
    assert simplified("劉越高") == "刘越高"
    assert simplified("刘越高") == "刘越高"
    assert simplified("") == ""
    assert simplified("Anna") == "Anna"


def test_simplified_is_safe_across_threads():
    names = ["劉越高", "曾國藩", "鄭成功", "張三"] * 50
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(simplified, names))
    assert results == ["刘越高", "曾国藩", "郑成功", "张三"] * 50


@pytest.mark.parametrize(("name", "keys"), [
    ("刘越高", ("liuyuegao", "lyg")),
    ("劉越高", ("liuyuegao", "lyg")),
    ("曾国藩", ("zengguofan", "zgf")),
    ("单雄信", ("shanxiongxin", "sxx")),
    ("解缙", ("xiejin", "xj")),
    ("仇英", ("qiuying", "qy")),
    ("区志航", ("ouzhihang", "ozh")),
    ("查良镛", ("zhaliangyong", "zly")),
    ("朴树", ("piaoshu", "ps")),
    ("覃海", ("qinhai", "qh")),
    ("翟志刚", ("zhaizhigang", "zzg")),
    ("万俟卨", ("moqixie", "mqx")),
    ("尉迟恭", ("yuchigong", "ycg")),
    ("吕布", ("lvbu", "lb")),
    ("阿依古丽·买买提", ("ayigulimaimaiti", "ayglmmt")),
    ("Anna Smith", ("annasmith", "as")),
    ("José", ("jose", "j")),
    ("", ("", "")),
])
def test_name_keys(name, keys):
    assert name_keys(name) == keys


def test_surname_table_applies_to_the_first_character_only():
    assert name_keys("曾国藩")[0].startswith("zeng")
    assert name_keys("王曾")[0] == "wangceng"  # 曾 as a given name keeps pypinyin's reading


@pytest.mark.parametrize(("q", "query"), [
    ("劉", Query(name="刘")),
    (" 劉越高 ", Query(name="刘越高")),
    ("刘 8000", Query(name="刘")),
    ("liuyuegao", Query(pinyin="liuyuegao")),
    ("Liu Yuegao", Query(pinyin="liuyuegao")),
    ("xi'an", Query(pinyin="xian")),
    ("lyg", Query(pinyin="lyg")),
    ("lü", Query(pinyin="lv")),
    ("8000", Query(digits="8000")),
    ("123x", Query(digits="123X")),  # the last four of an ID number ending in X
    ("12", Query()),  # "the last four" or nothing: shorter tails are not kept
    ("13800138000", Query(digits="13800138000", phone="13800138000")),
    ("+86 138-0013-8000", Query(digits="8613800138000", phone="13800138000")),
    ("1234567", Query(digits="1234567")),
    (with_check(GOOD_BODY).lower(), Query(document=with_check(GOOD_BODY))),
    ("43040519900307123x", Query(document="43040519900307123X")),
    ("430405 19900307 1234", Query(document="430405199003071234")),
    ("h12345678", Query(document="H12345678")),
    ("1", Query()),
    ("   ", Query()),
    (None, Query()),
    ("!?", Query()),
])
def test_parse_query(q, query):
    assert parse_query(q) == query


@pytest.mark.parametrize(("q", "kind", "tail"), [
    ("劉", "name", False), ("lyg", "pinyin", False), ("8000", "digits", True), ("123456", "digits", False),
    ("1234567", "digits", False), ("13800138000", "digits", False), (with_check(GOOD_BODY), "document", False),
    ("", "", False),
])
def test_query_kind_and_tail(q, kind, tail):
    query = parse_query(q)
    assert (query.kind, query.tail, bool(query)) == (kind, tail, bool(kind))


def test_pinyin_query_matches_the_start_of_either_key():
    pinyin, initials = name_keys("劉越高")
    for q in ("liuyuegao", "liuyue", "lyg", "ly"):
        value = parse_query(q).pinyin
        assert pinyin.startswith(value) or initials.startswith(value)
