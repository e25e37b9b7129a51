"""Building blocks of the competition tests: members of the test city's unions, a city skills
competition organised by the city federation with judges from two unions, and a sheet of scores."""

from datetime import date, timedelta

from gonghui.accounts.models import User
from gonghui.competitions import services
from gonghui.members import services as member_services

from ..factories import PASSWORD
from ..members.test_matrix import _rid

_seq = iter(range(10**6))


def member(c, union, login=False, born=None):
    n = next(_seq)
    born = born or date(1975, 1, 1) + timedelta(days=n % 9000)
    m = member_services.add_member(acting_user=c.users["city"], union=union, name=f"选手{n}",
                                   id_number=_rid(f"430421{born:%Y%m%d}{n % 100:02d}3"))
    if login:
        m.user = User.objects.create_user(username=f"cp{n}", password=PASSWORD, kind=User.Kind.MEMBER,
                                          full_name=m.name, phone=f"136{n:08d}")
        m.save(update_fields=["user"])
    return m


def competition(c, *, rule="average", tie="shared", weight=30, by="city", union=None, **kw):
    return services.create_competition(
        acting_user=c.users[by], union=union or c.root, name=kw.pop("name", "2026年衡阳市焊工职业技能竞赛"),
        kind="skills", level="city", year=2026, scoring_rule=rule, tie_rule=tie, theory_weight=weight,
        trade="焊工", **kw)


def entrants(c, comp, n, union=None, by="city"):
    """`n` entrants, alternately from 第一机械 and 湘江物流 (unless a union is given)."""
    out = []
    for i in range(n):
        u = union or (c.grassroots if i % 2 == 0 else c.grassroots_b)
        out.append(services.register(comp, acting_user=c.users[by], member=member(c, u)))
    return out


def judges(c, comp, n=3, union=None):
    """`n` judges from the industry union (no entrant is theirs) unless a union is given."""
    return [services.add_judge(comp, acting_user=c.users["city"], name=f"评委{i + 1}", union=union or c.industry)
            for i in range(n)]


def score_all(c, comp, table, round_=None):
    """table: {registration: {judge: value or (theory, practice)}}; enters each judge's sheet."""
    round_ = round_ or comp.rounds.get(is_final=True)
    by_judge = {}
    for reg, row in table.items():
        for j, v in row.items():
            if isinstance(v, tuple):
                by_judge.setdefault(j, []).extend([(reg, "theory", v[0]), (reg, "practice", v[1])])
            else:
                by_judge.setdefault(j, []).append((reg, "overall", v))
    for j, lines in by_judge.items():
        services.enter_scores(round_, acting_user=c.users["city"], judge=j, lines=lines)
    return round_


def ranked_city(c, n=4, values=None):
    """A competition with `n` entrants scored by three judges and its final ranking published."""
    comp = competition(c)
    regs = entrants(c, comp, n)
    js = judges(c, comp)
    values = values or [90 - 5 * i for i in range(n)]
    round_ = score_all(c, comp, {r: dict.fromkeys(js, v) for r, v in zip(regs, values, strict=True)})
    services.publish_ranking(round_, acting_user=c.users["city"])
    return comp, regs, js, round_
