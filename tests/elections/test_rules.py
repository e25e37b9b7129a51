"""Every boundary of the election rules for each shipped jurisdiction (national and the five
provinces): exactly two thirds present, exactly half the votes, exactly half for a recall; and
the inclusive/strict setting changes the answer when an operator changes it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gonghui.elections import counting, services
from gonghui.rules import rulebook
from gonghui.rules.days import meets
from gonghui.rules.models import Rule, RuleValue

from .conftest import open_round, voting

JURISDICTIONS = ("", "43", "36", "14", "31", "33")  # national, Hunan, Jiangxi, Shanxi, Shanghai, Zhejiang
ON = date(2026, 6, 1)


def _rule(name, region):
    return rulebook.value(name, on=ON, region=region)


@pytest.mark.parametrize("region", JURISDICTIONS)
def test_exactly_two_thirds_present(db, region):
    share = _rule("election.quorum_share", region).value
    strict = _rule("election.quorum_strict", region).value
    # 9 entitled: 6 is exactly two thirds; 超过 (strict) needs 7, 以上 (inclusive) takes 6
    assert counting.quorum_met(6, 9, share, strict) is (not strict)
    assert counting.quorum_met(7, 9, share, strict)
    assert not counting.quorum_met(5, 9, share, strict)


@pytest.mark.parametrize("region", JURISDICTIONS)
def test_exactly_half_the_entitled(db, region):
    share = _rule("election.elected_share", region).value
    strict = _rule("election.elected_strict", region).value
    d = counting.decide({1: 45, 2: 46}, 2, entitled=90, share=share, strict=strict)
    assert (1 in d.elected) is (not strict) and 2 in d.elected
    assert counting.threshold_votes(90, share, strict) == (46 if strict else 45)


@pytest.mark.parametrize("region", JURISDICTIONS)
def test_recall_exactly_half_of_all(db, region):
    share = _rule("election.recall_share", region).value
    strict = _rule("election.recall_strict", region).value
    assert meets(45, 90, share, strict=strict) is (not strict)
    assert meets(46, 90, share, strict=strict)


def test_quorum_setting_is_read_for_the_unions_province(city):
    """Hunan (the city's province) set to 三分之二以上 (inclusive): 6 of 9 may vote there."""
    c = city
    e = voting(c, delegates=9)
    r = open_round(e.posts.get())
    with pytest.raises(ValidationError):
        services.record_turnout(acting_user=c.users["union"], rnd=r, attendance=6, issued=6, returned=6)
    RuleValue.objects.create(rule=Rule.objects.get(name="election.quorum_strict"), jurisdiction="43",
                             valid_from=date(2026, 1, 1), value="false", source="测试：某省选举办法“三分之二以上”")
    services.record_turnout(acting_user=c.users["union"], rnd=r, attendance=6, issued=6, returned=6)
    r.refresh_from_db()
    assert r.attendance == 6


def test_elected_threshold_against_entitled_not_present(city):
    """9 entitled, 7 present: 4 votes is a majority of those present but not of 应到会."""
    from .conftest import cast

    c = city
    e = voting(c, delegates=9, seats=3, candidates=4)
    r = cast(c, open_round(e.posts.get()), {"王芳": 7, "张伟": 5, "李娜": 4, "刘洋": 4}, attendance=7)
    outcome = {x["name"]: x["outcome"] for x in r.result["candidates"]}
    assert outcome == {"王芳": "elected", "张伟": "elected", "李娜": "below_threshold", "刘洋": "below_threshold"}
    assert "至少 5 票" in r.result["threshold"]["text"]
    assert r.result["unfilled"] == 1
