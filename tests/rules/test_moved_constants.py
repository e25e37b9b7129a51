"""The constants that moved into the rulebook: the decisions follow a changed value, and show
the value used with its source."""

from datetime import date

import pytest
from django.utils import translation

from gonghui.assessments import services as assessments
from gonghui.assessments.models import CriteriaSet
from gonghui.rules import services

from ..hardship.conftest import opened, standards

pytestmark = pytest.mark.django_db


def test_the_hardship_arithmetic_names_the_rule_values_and_their_sources(city):
    from gonghui.hardship import services as hardship

    standards(city)
    f = opened(city)
    with translation.override("zh-hans"):
        hardship.classify(f)
    assert "相对困难：低保标准的倍数 = 2.00（来源：" in f.explanation
    assert "意外致困：意外支出占年收入的比例 = 80%（来源：" in f.explanation


def test_the_six_haves_age_follows_the_rulebook(city):
    city.grassroots.founded_on = date(2022, 6, 2)
    assert assessments.criteria_set_for(city.grassroots, date(2026, 6, 1)) == CriteriaSet.HAVES
    services.add_value("assessments.six_haves_years", jurisdiction="4304", valid_from=date(2026, 1, 1), value="3",
                       source="衡阳市测试文件")
    assert assessments.criteria_set_for(city.grassroots, date(2026, 6, 1)) == CriteriaSet.NORMS
    assert assessments.criteria_set_for(city.grassroots, date(2025, 12, 31)) == CriteriaSet.HAVES
