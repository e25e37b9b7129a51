"""Elections on top of the `city` fixture: 衡阳县第一机械有限公司工会 (g1) holds them; its clerk
`union` and a second clerk `teller2` are the two tellers; the county federation (`county`,
whose subtree holds g1's parent township) approves candidates and results."""

from datetime import date

import pytest

from gonghui.elections import services
from gonghui.elections.models import Method, Office

from ..factories import user

HELD_ON = date(2026, 6, 1)
NAMES = ("王芳", "张伟", "李娜", "刘洋", "陈静", "马丽", "丁一", "于海", "周强", "吴敏", "郑华", "孙丽")


def teller2(c):
    if "teller2" not in c.users:
        c.users["teller2"] = user("teller2", "union_staff", c.grassroots)
    return c.users["teller2"]


def make_election(c, *, delegates=9, seats=3, candidates=4, shortfall="another_round", union=None,
                  by="union", plenum_chair=False):
    """An election of `seats` committee members by `delegates` delegates, nominated, not submitted."""
    union = union or c.grassroots
    who = c.users[by]
    e = services.create_election(acting_user=who, union=union, title="第五届工会委员会选举", held_on=HELD_ON,
                                 meeting="delegates", delegates=delegates, shortfall=shortfall)
    post = services.add_post(acting_user=who, election=e, office=Office.COMMITTEE, seats=seats)
    for name in NAMES[:candidates]:
        services.add_candidate(acting_user=who, post=post, name=name)
    if plenum_chair:
        chair = services.add_post(acting_user=who, election=e, office=Office.CHAIR, seats=1, method=Method.PLENUM)
        services.add_candidate(acting_user=who, post=chair, name=NAMES[0])
    return e


def voting(c, by="union", approver="county", **kw):
    """An election whose candidates the union above has approved: its first round is open."""
    e = make_election(c, by=by, **kw)
    services.submit_candidates(acting_user=c.users[by], election=e)
    return services.decide_candidates(acting_user=c.users[approver], election=e, approve=True)


def open_round(post):
    return post.rounds.get(state="open")


def by_name(rnd):
    return {cand.name: cand.pk for cand in rnd.candidates.all()}


def cast(c, rnd, votes, *, attendance=None, invalid=0, returned=None):
    """Record turnout and the same tallies from both tellers, then count. `votes` is {name: n}."""
    ids = by_name(rnd)
    returned = returned if returned is not None else (attendance or rnd.entitled)
    services.record_turnout(acting_user=c.users["union"], rnd=rnd, attendance=attendance or rnd.entitled,
                            issued=returned, returned=returned)
    tallies = {"invalid": invalid, "votes": {ids[n]: v for n, v in votes.items()}}
    services.enter_sheet(acting_user=c.users["union"], rnd=rnd, tallies=tallies)
    services.enter_sheet(acting_user=teller2(c), rnd=rnd, tallies=tallies)
    return services.count_round(acting_user=c.users["union"], rnd=rnd)


@pytest.fixture
def elect(city):
    return city
