"""The category rules at their boundaries: one fen either side of each threshold."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gonghui.hardship.rules import classify

dibao = st.integers(min_value=1, max_value=500_000)
size = st.integers(min_value=1, max_value=12)
spending = st.integers(min_value=0, max_value=10_000_000)
multiple = st.decimals(min_value=Decimal("1.00"), max_value=Decimal("5.00"), places=2)
share = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2.00"), places=2)


def run(income, spend=0, costs=0, n=1, d=85_000, **kw):
    # the shipped rulebook values (hardship.relative_multiple, hardship.accident_share)
    kw.setdefault("relative_multiple", Decimal("2.00"))
    kw.setdefault("accident_share", Decimal("0.80"))
    return classify(annual_income_fen=income, necessary_spending_fen=spend, accident_costs_fen=costs,
                    household_size=n, dibao_monthly_fen=d, **kw)


def test_the_issue_example():
    r = run(3_600_000, 600_000, n=3, d=85_000)
    assert r.category == "deep"
    assert "(36,000.00 − 6,000.00) ÷ 12 ÷ 3 = 833.33" in r.lines[0] and "850.00" in r.lines[0]


@given(d=dibao, n=size, spend=spending)
def test_deep_boundary(d, n, spend):
    line = d * 12 * n + spend  # exactly at 低保: not deep
    assert run(line, spend, n=n, d=d).category != "deep"
    assert run(line - 1, spend, n=n, d=d).category == "deep"


@given(d=dibao, n=size, m=multiple)
def test_relative_boundary(d, n, m):
    threshold = m * d * 12 * n  # fen, may have a fraction
    at_or_above = int(threshold) if threshold == int(threshold) else int(threshold) + 1
    below = at_or_above - 1
    if below >= d * 12 * n:  # otherwise the household is deep, which comes first
        assert run(below, n=n, d=d, relative_multiple=m).category == "relative"
    assert run(at_or_above, n=n, d=d, relative_multiple=m).category == "none"


@given(income=st.integers(min_value=1_000, max_value=50_000_000), s=share)
def test_accident_boundary(income, s):
    limit = s * income  # fen, may have a fraction: costs above it are accident, at or below it not
    far_above = {"d": 1, "n": 1, "relative_multiple": Decimal("1.00"), "accident_share": s}
    assert run(income, costs=int(limit) + 1, **far_above).category == "accident"
    assert run(income, costs=int(limit), **far_above).category == "none"


@given(d=dibao, n=size)
def test_deep_comes_before_accident(d, n):
    income = d * 12 * n - 1
    r = run(income, costs=income + 1, n=n, d=d)
    assert r.category == "deep"


@given(d=dibao, n=size)
def test_accident_comes_before_relative(d, n):
    income = d * 12 * n  # not deep, but relative at 2×
    r = run(income, costs=income, n=n, d=d)
    assert r.category == "accident"
    assert "deep hardship comes before" in r.lines[-1] or "按深度困难、意外致困、相对困难的先后" in r.lines[-1]


@pytest.mark.parametrize("kw, field", [
    ({"income": -1}, "annual_income"), ({"income": 0, "n": 0}, "household_size"),
    ({"income": 0, "spend": -5}, "necessary_spending"), ({"income": 0, "d": 0}, "dibao_monthly"),
])
def test_bad_figures_name_the_field(kw, field):
    with pytest.raises(ValidationError) as e:
        run(**kw)
    assert field in e.value.message_dict
