"""Looking rules up by jurisdiction and date, and refusing nonsense values."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gonghui.rules import rulebook
from gonghui.rules.models import Rule, RuleValue

D = datetime.date
pytestmark = pytest.mark.django_db


def test_national_default_with_its_source():
    r = rulebook.value("rights.mediation_days", on=D(2026, 3, 1))
    assert r.value == 15 and r.unit == "days" and r.jurisdiction == ""
    assert "劳动争议调解仲裁法 第十四条" in r.source
    with translation.override("zh-hans"):
        assert str(r) == "15 天（来源：劳动争议调解仲裁法 第十四条）"


def test_province_overrides_national_and_most_specific_wins():
    sh = rulebook.value("wcongress.passing_strict", region="310101")
    zj = rulebook.value("wcongress.passing_strict", region="330100")
    hn = rulebook.value("wcongress.passing_strict", region="430400")
    assert (sh.value, sh.jurisdiction) == (False, "31")
    assert (zj.value, zj.jurisdiction) == (True, "33")
    assert (hn.value, hn.jurisdiction) == (False, "")
    rule = Rule.objects.get(name="wcongress.passing_strict")
    RuleValue.objects.create(rule=rule, jurisdiction="4304", valid_from=D(2026, 1, 1), value="true",
                             source="衡阳市测试规定 第一条")
    assert rulebook.value("wcongress.passing_strict", region="430421", on=D(2026, 5, 1)).jurisdiction == "4304"
    assert rulebook.value("wcongress.passing_strict", on=D(2026, 5, 1)).value is True  # default region 430400
    assert rulebook.value("wcongress.passing_strict", region="430421", on=D(2025, 5, 1)).value is False


def test_looked_up_as_of_a_date():
    rule = Rule.objects.get(name="hardship.relative_multiple")
    RuleValue.objects.create(rule=rule, jurisdiction="43", valid_from=D(2026, 7, 1), value="2.50",
                             source="湖南省测试文件 第二条")
    RuleValue.objects.create(rule=rule, jurisdiction="43", valid_from=D(2027, 1, 1), valid_to=D(2027, 6, 30),
                             value="3.00", source="湖南省测试文件 第三条")
    assert rulebook.value("hardship.relative_multiple", on=D(2026, 6, 30)).value == Decimal("2.00")
    assert rulebook.value("hardship.relative_multiple", on=D(2026, 7, 1)).value == Decimal("2.50")
    assert rulebook.value("hardship.relative_multiple", on=D(2027, 3, 1)).value == Decimal("3.00")
    assert rulebook.value("hardship.relative_multiple", on=D(2027, 7, 1)).value == Decimal("2.50")
    with translation.override("zh-hans"):
        shown = str(rulebook.value("hardship.relative_multiple", on=D(2026, 7, 1)))
    assert shown == "2.50（来源：湖南省测试文件 第二条）"


def test_shares_are_exact():
    assert rulebook.value("wcongress.quorum_share").value == Fraction(2, 3)
    assert rulebook.value("hardship.accident_share").display == "80%"


def test_unknown_rule_and_missing_value():
    with pytest.raises(rulebook.UnknownRule, match="no.such"):
        rulebook.value("no.such")
    with pytest.raises(rulebook.NoValue):
        rulebook.value("union.chair_transfer_answer_days")  # Shanghai only
    assert rulebook.value("union.chair_transfer_answer_days", region="310000").value == 15


def test_zhejiang_counts_the_answer_in_working_days():
    assert rulebook.value("contracts.answer_days", region="330100").unit == "working_days"
    assert rulebook.value("contracts.answer_days").unit == "days"


@pytest.mark.parametrize("name,value,message", [
    ("rights.mediation_days", "-3", "负数"),
    ("hardship.accident_share", "1.2", "0 到 1"),
    ("hardship.accident_share", "5/4", "0 到 1"),
    ("hardship.relative_multiple", "9", "最大"),
    ("assessments.six_haves_years", "abc", "整数"),
])
def test_nonsense_values_are_refused_in_chinese_naming_the_rule(name, value, message):
    rule = Rule.objects.get(name=name)
    rv = RuleValue(rule=rule, jurisdiction="", valid_from=D(2026, 9, 1), value=value, source="测试")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as e:
        rv.full_clean()
    text = " ".join(e.value.message_dict["value"])
    assert rule.label in text


def test_every_shipped_value_passes_the_rules_own_checks():
    from gonghui.rules.data import RECALLED, RULES

    for rv in RuleValue.objects.select_related("rule"):
        rv.full_clean()
    assert Rule.objects.count() == len(RULES)
    # recalled values say so
    assert RuleValue.objects.filter(note__contains="recalled, not verified").count() == sum(
        1 for *_x, values in RULES.values() for v in values if RECALLED in v[5])


def test_tables_by_size_are_bands_looked_up_by_count():
    from gonghui.rules.models import Band, band_for

    bands = rulebook.value("election.committee_size").value
    assert band_for(bands, 25) == Band(25, 200, 3, 7)
    assert band_for(bands, 200).most == 7 and band_for(bands, 201).least == 7
    assert band_for(bands, 10**6) == Band(50001, None, 37, 45)
    assert band_for(rulebook.value("congress.delegate_bands").value, 99) is None  # below: a member meeting
    local = rulebook.value("congress.local_delegate_bands").as_dict()["value"]
    assert local[0] == {"from": 0, "to": 49999, "least": 100, "most": 200}


@pytest.mark.parametrize("text, message", [
    ("0-24:3-5; 26-200:3-7", "不重叠、不留空"),
    ("0-24:5-3", "止数小于起数"),
    ("0-:3; 25-200:3-7", "不重叠、不留空"),
    ("0-24 3-5", "起-止:下限-上限"),
    ("", "至少填写一行"),
])
def test_bands_with_gaps_overlaps_or_bad_rows_are_refused_in_chinese(text, message):
    rule = Rule.objects.get(name="election.committee_size")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as e:
        rule.parse(text)
    assert message in e.value.message_dict["value"][0] and rule.label in e.value.message_dict["value"][0]


def test_rules_shipped_after_a_database_was_made_are_added_by_migrate():
    from django.core.management import call_command

    Rule.objects.filter(name="congress.delegate_bands").delete()
    call_command("migrate", verbosity=0)
    assert rulebook.value("congress.delegate_bands").source.startswith("工会基层组织选举工作条例")


@pytest.mark.django_db(transaction=True)
def test_a_flush_fills_the_shipped_rules_again():
    """`flush` sends post_migrate without `apps` (every transactional test ends with one)."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert Rule.objects.filter(name="union.term_years").exists()
