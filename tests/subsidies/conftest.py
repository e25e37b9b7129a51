"""Building blocks of the subsidies tests: position kinds and positions (made here, since the
positions app fills them in another branch), a city programme and applications at each step."""

import datetime
from itertools import count

from django.utils import timezone

from gonghui.positions.models import Position, PositionKind
from gonghui.subsidies import services
from gonghui.subsidies.models import AwardSubsidy, SubsidyProgramme

from ..factories import user

YEAR = timezone.localdate().year
FACILITIES = [{"code": "water", "name": "饮用水"}, {"code": "seats", "name": "座椅"},
              {"code": "aircon", "name": "空调"}, {"code": "first_aid", "name": "急救箱"}]
_codes = count(1)


def kind(code="t_home", name="职工之家"):
    """A kind of the tests' own (codes apart from the standard kinds the positions app loads)."""
    return PositionKind.objects.get_or_create(code=code, defaults={"name": name, "facilities": FACILITIES})[0]


def position(c, union=None, *, kind_code="t_home", opened_on=None, status="open", created_at=None, name=None):
    """A position of `union` (the 衡阳县 grassroots union by default), opened this year by default."""
    n = next(_codes)
    fields = {"created_at": created_at} if created_at else {}
    return Position.objects.create(
        union=union or c.grassroots,
        kind=kind(kind_code, {"t_home": "职工之家", "t_station": "爱心驿站"}.get(kind_code, kind_code)),
        code=f"T{n:06d}", name=name or f"测试阵地{n}", address="衡阳县西渡镇", lat=26.97, lng=112.37,
        status=status, opened_on=opened_on if opened_on is not None else (
            None if created_at else datetime.date(YEAR, 1, 1)), **fields)


def programme(c, *, owner=None, budget_fen=1_000_000, caps=None, year=YEAR, pass_score=60):
    """A programme of the city federation (or `owner`), by the city's organisation department."""
    return services.create_programme(acting_user=c.users["city"], owner=owner or c.root, name=f"{year}年以奖代补",
                                     year=year, budget_fen=budget_fen, pass_score=pass_score, caps=caps)


def city_programme(c):
    return SubsidyProgramme.objects.filter(owner=c.root, year=YEAR).first() or programme(c)


def apply(c, prog=None, pos=None, *, requested_fen=300_000, by="union", union=None):
    """An application by the grassroots clerk (`union`) for a position of their union."""
    return services.apply(acting_user=c.users[by], programme=prog or city_programme(c), position=pos or position(c),
                          requested_fen=requested_fen, statement="新建职工之家，面积120平方米。", union=union)


def inspected(c, subsidy=None, *, score=85, by="county", proposed_fen=None):
    subsidy = subsidy or apply(c)
    return services.inspect(subsidy, acting_user=c.users[by], score=score, checklist=["water", "seats"],
                            comment="设施齐全", proposed_fen=proposed_fen)


def approved(c, subsidy=None, *, by="county", amount_fen=None):
    subsidy = inspected(c, subsidy, by=by)
    return services.approve(subsidy, acting_user=c.users[by], amount_fen=amount_fen)


def subsidy_in_county(c):
    """An application of the 衡阳县 grassroots union, waiting for inspection."""
    return AwardSubsidy.objects.filter(union=c.grassroots, state="submitted").first() or apply(c)


def finance(c, union=None):
    """A finance-department clerk on the city (or `union`)."""
    return user(f"finance{next(_codes)}", "finance", union or c.root)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
