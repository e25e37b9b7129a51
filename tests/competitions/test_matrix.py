"""Competition and 五小 pages and API operations in the access matrix (conventions in test_access_matrix).

The competition is organised by 衡阳县总工会 (`county`); its entrants come from 第一机械 (the clerk's
union) and 湘江物流; a judge of the logistics industry union has scored only the first, so a
publication is refused (a score is missing) and a correction too (nothing is published yet).
The organisation department (city, county) runs it; county2 (衡南县) does not see it (404); the
grassroots clerk sees the competition (the unions below see what their federation runs) and
their own entrants and certificates, but neither scores nor judges' sheets; the auditor reads and
changes nothing. Posts that reach a service carry input it refuses, so nothing is written."""

from ..matrix import ID_MAKERS, who
from .conftest import member


def _comp(c):
    from gonghui.competitions import services
    from gonghui.competitions.models import Competition

    found = Competition.objects.filter(union=c.county, name="衡阳县电工技能竞赛").first()
    if found:
        return found
    comp = services.create_competition(acting_user=c.users["city"], union=c.county, name="衡阳县电工技能竞赛",
                                       kind="skills", level="enterprise", year=2026, trade="电工")
    a = services.register(comp, acting_user=c.users["city"], member=member(c, c.grassroots))
    services.register(comp, acting_user=c.users["city"], member=member(c, c.grassroots_b))
    j = services.add_judge(comp, acting_user=c.users["city"], name="评委甲", union=c.industry)
    services.enter_scores(comp.rounds.get(), acting_user=c.users["city"], judge=j, lines=[(a, "overall", 80)])
    return comp


def _round(c):
    return _comp(c).rounds.get()


def _score(c):
    from gonghui.competitions.models import Score

    return Score.objects.get(round=_round(c))


def _award(c):
    """A certificate of the clerk's member from a published county competition."""
    from gonghui.competitions import services
    from gonghui.competitions.models import Award

    found = Award.objects.filter(registration__union=c.grassroots).first()
    if found:
        return found
    comp = services.create_competition(acting_user=c.users["city"], union=c.county, name="衡阳县钳工技能竞赛",
                                       kind="skills", level="enterprise", year=2026)
    r = services.register(comp, acting_user=c.users["city"], member=member(c, c.grassroots))
    j = services.add_judge(comp, acting_user=c.users["city"], name="评委乙", union=c.industry)
    rnd = comp.rounds.get()
    services.enter_scores(rnd, acting_user=c.users["city"], judge=j, lines=[(r, "overall", 90)])
    services.publish_ranking(rnd, acting_user=c.users["city"])
    services.set_ladder(comp, acting_user=c.users["city"], steps=[{"place_from": 1, "place_to": 1, "grade_up": True}])
    return services.confer_rewards(comp, acting_user=c.users["city"])[0]


def _innovation(c):
    from gonghui.competitions import services
    from gonghui.competitions.models import Innovation

    return Innovation.objects.filter(union=c.grassroots).first() or services.submit_innovation(
        acting_user=c.users["city"], union=c.grassroots, kind="innovation", title="快换夹具", description="省时。",
        year=2026, team_name="焊接班")


def _pk(make):
    return lambda c: {"pk": make(c).pk}


ONE = who(200, county2=404)
ONE_RIGHTS = who(200, county2=404, auditor=403)
ORGANISER = who(200, county2=404, union=403, auditor=403)
REDIRECT_ORGANISER = who(302, county2=404, union=403, auditor=403)
COMPETITIONS_PAGES = [
    ("competitions:list", {}, "get", None, who(200)),
    ("competitions:create", {}, "get", None, who(200, union=403, auditor=403)),
    ("competitions:create", {}, "post", {"name": ""}, who(200, union=403, auditor=403)),
    ("competitions:detail", _pk(_comp), "get", None, ONE),
    ("competitions:register", _pk(_comp), "post", {"number": "NO-SUCH"}, ONE_RIGHTS),
    ("competitions:judge_add", _pk(_comp), "post", {"name": ""}, ORGANISER),
    ("competitions:ladder", _pk(_comp), "post", {"ladder": "5,1,,,+1"}, ORGANISER),
    ("competitions:confer", _pk(_comp), "post", None, REDIRECT_ORGANISER),
    ("competitions:sheet", _pk(_round), "get", None, ONE),
    ("competitions:sheet", _pk(_round), "post", {"judge": ""}, ORGANISER),
    ("competitions:publish", _pk(_round), "post", None, REDIRECT_ORGANISER),
    # the clerk does not see scores; the auditor sees them and changes nothing
    ("competitions:correct", _pk(_score), "post", {"value": "90", "reason": "复核"},
     who(302, county2=404, union=404, auditor=403)),
    ("competitions:awards", {}, "get", None, who(200)),
    ("competitions:certificate", _pk(_award), "get", None, ONE),
    ("competitions:figures", {}, "get", None, who(200)),
    ("competitions:innovations", {}, "get", None, who(200)),
    ("competitions:innovation_create", {}, "get", None, who(200, auditor=403)),
    ("competitions:innovation", _pk(_innovation), "get", None, ONE),
    ("competitions:innovation_action", lambda c: {"pk": _innovation(c).pk, "action": "review"}, "post",
     {"decision": "reject", "note": ""}, ONE_RIGHTS),
]

ID_MAKERS["cp_competition_id"] = lambda c: _comp(c).pk
ID_MAKERS["cp_round_id"] = lambda c: _round(c).pk
ID_MAKERS["cp_score_id"] = lambda c: _score(c).pk
ID_MAKERS["cp_innovation_id"] = lambda c: _innovation(c).pk


def _sheet(c):
    comp = _comp(c)
    return {"judge_id": comp.judges.get().pk,
            "lines": [{"registration_id": comp.registrations.order_by("number").last().pk, "value": "100.5"}]}


API_READ = who(200, anon=401)
API_ONE = who(200, anon=401, county2=404)
API_REFUSED = who(422, anon=401, county2=404, union=403, auditor=403)
COMPETITIONS_API = [
    ("get", "/api/v1/competitions", None, API_READ),
    ("get", "/api/v1/competitions/{cp_competition_id}", None, API_ONE),
    ("get", "/api/v1/competitions/{cp_competition_id}/registrations", None, API_ONE),
    ("post", "/api/v1/competitions/{cp_competition_id}/registrations", {"member_id": 0}, who(404, anon=401)),
    ("post", "/api/v1/competitions/rounds/{cp_round_id}/scores", _sheet, API_REFUSED),
    # before publication only the organiser's staff (and the auditor) read the ranking so far
    ("get", "/api/v1/competitions/rounds/{cp_round_id}/ranking", None, who(200, anon=401, county2=404, union=403)),
    ("post", "/api/v1/competitions/rounds/{cp_round_id}/ranking", None, API_REFUSED),
    ("post", "/api/v1/competitions/scores/{cp_score_id}/correction", {"value": "90", "reason": ""},
     who(422, anon=401, county2=404, union=404, auditor=403)),
    ("post", "/api/v1/competitions/{cp_competition_id}/rewards", None, API_REFUSED),
    ("get", "/api/v1/innovations", None, API_READ),
    ("post", "/api/v1/innovations", {"union_id": 0, "kind": "design", "title": "t", "description": "d",
                                     "year": 2026}, who(404, anon=401)),
    ("post", "/api/v1/innovations/{cp_innovation_id}/review", {"adopt": False, "note": ""},
     who(422, anon=401, county2=404, auditor=403)),
    # the entry is not adopted: neither a claim nor a verification is taken
    ("post", "/api/v1/innovations/{cp_innovation_id}/saving", {"amount_fen": 100},
     who(422, anon=401, county2=404, auditor=403)),
    ("post", "/api/v1/innovations/{cp_innovation_id}/verification", {"amount_fen": 100},
     who(422, anon=401, county2=404, auditor=403)),
]
