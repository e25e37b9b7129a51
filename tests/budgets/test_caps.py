"""The per-member caps at their boundaries, for every province the rulebook ships caps for:
the cap itself is allowed, one fen more is refused with the rule's source and nothing written."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gonghui.budgets import caps
from gonghui.budgets.models import Spending

from ..factories import build_city
from .conftest import approved_budget, gift, member, province_union

pytestmark = pytest.mark.django_db
TODAY = date.today()
D = date(2026, 3, 10)  # the wedding, birth, admission or death of the per-occasion benefits

# (province, benefit, festival, cap in fen as of today, words of the source)
CAPS = [
    ("14", "festival", "spring", 150_000, "山西"),
    ("36", "festival", "mid_autumn", 150_000, "江西"),
    ("35", "festival", "national", 130_000, "福建"),
    ("34", "festival", "spring", 200_000, "安徽"),
    ("23", "festival", "spring", 100_000, "黑龙江"),
    ("43", "festival", "spring", 150_000, "本系统默认值"),
    ("52", "festival", "spring", 50_000, "贵州"),
    ("52", "festival", "mid_autumn", 20_000, "贵州"),
    ("43", "birthday", "", 30_000, "各省"),
    ("31", "birthday", "", 30_000, "各省"),
    ("34", "wedding", "", 200_000, "安徽"),
    ("35", "childbirth", "", 50_000, "福建"),
    ("34", "childbirth", "", 100_000, "安徽"),
    ("35", "hospital", "", 50_000, "福建"),
    ("34", "hospital", "", 100_000, "安徽"),
    ("35", "hospital_surgery", "", 100_000, "福建"),
    ("34", "hospital_surgery", "", 200_000, "安徽"),
    ("35", "bereavement", "", 200_000, "福建"),
    ("34", "bereavement", "", 200_000, "安徽"),
    ("35", "bereavement_relative", "", 100_000, "福建"),
    ("34", "bereavement_relative", "", 100_000, "安徽"),
    ("35", "retirement", "", 50_000, "福建"),
    ("34", "retirement", "", 100_000, "安徽"),
]


@pytest.mark.parametrize(("province", "benefit", "festival", "cap", "source"), CAPS)
def test_cap_is_allowed_and_one_fen_more_is_refused(province, benefit, festival, cap, source):
    c = build_city()
    union = province_union(c, province)
    approved_budget(c, union)
    m = member(c, union)
    first, cap_fen = cap - 10_000, cap
    occasion = {"occasion_on": D} if benefit not in ("festival", "birthday", "retirement") else {}
    gift(c, m, first, benefit=benefit, festival=festival, **occasion)
    spending, before = gift(c, m, cap_fen - first, benefit=benefit, festival=festival, **occasion)
    assert before.cap_fen == cap and before.used_fen == first and before.left_fen == cap - first
    assert source in before.source
    after = caps.allowance(m, benefit, TODAY, festival=festival, occasion_on=occasion.get("occasion_on"))
    assert (after.used_fen, after.left_fen) == (cap, 0)
    rows = Spending.objects.count()
    with pytest.raises(ValidationError) as e:
        gift(c, m, 1, benefit=benefit, festival=festival, **occasion)
    assert "超过上限" in str(e.value.messages) or "over the cap" in str(e.value.messages)
    assert source in " ".join(e.value.messages)
    assert Spending.objects.count() == rows


def test_shanghai_and_zhejiang_have_no_festival_cap():
    c = build_city()
    for province in ("31", "33"):
        union = province_union(c, province)
        approved_budget(c, union)
        m = member(c, union)
        _s, before = gift(c, m, 500_000)
        assert before.cap_fen is None and before.left_fen is None
        assert "未设上限" in before.text or "no cap" in before.text


def test_anhui_cap_is_dated():
    """安徽: 1,500 元 a year under the 2018 trial rules, 2,000 under the newer ones."""
    c = build_city()
    union = province_union(c, "34")
    approved_budget(c, union, year=2022)
    m = member(c, union)
    assert caps.allowance(m, "festival", date(2022, 9, 10)).cap_fen == 150_000
    assert caps.allowance(m, "festival", date(2024, 9, 10)).cap_fen == 200_000
    gift(c, m, 150_000, on=date(2022, 9, 10), festival="mid_autumn")
    with pytest.raises(ValidationError):
        gift(c, m, 1, on=date(2022, 9, 12), festival="national")


def test_guizhou_caps_each_festival_not_the_year():
    c = build_city()
    union = province_union(c, "52")
    approved_budget(c, union)
    m = member(c, union)
    gift(c, m, 50_000, festival="spring")
    for f in ("new_year", "qingming", "labour", "dragon_boat", "mid_autumn", "national"):
        gift(c, m, 20_000, festival=f)
    assert caps.allowance(m, "festival", TODAY, festival="national").left_fen == 0


def test_festival_gifts_only_for_statutory_festivals_and_never_cash_like():
    c = build_city()
    approved_budget(c)
    m = member(c)
    with pytest.raises(ValidationError) as e:
        gift(c, m, 10_000, festival="")
    assert "法定节日" in " ".join(e.value.messages) or "statutory" in " ".join(e.value.messages)
    for form in ("cash", "shopping_card", "cashable_voucher"):
        with pytest.raises(ValidationError) as e:
            gift(c, m, 10_000, form=form)
        assert e.value.code if hasattr(e.value, "code") else True
        assert "购物卡" in " ".join(e.value.messages) or "shopping cards" in " ".join(e.value.messages)
    assert not Spending.objects.exists()
    gift(c, m, 10_000, form="named_voucher")  # a voucher for named goods at a named shop is allowed


def test_a_rejected_entry_gives_its_room_back():
    from gonghui.budgets import services

    from ..factories import colleague

    c = build_city()
    approved_budget(c)
    m = member(c)
    s, _a = gift(c, m, 150_000)
    with pytest.raises(ValidationError):
        gift(c, m, 1, festival="national")
    services.reject_spending(s, acting_user=c.users[colleague(c, "operator")], reason="重复录入")
    assert caps.allowance(m, "festival", TODAY).left_fen == 150_000
