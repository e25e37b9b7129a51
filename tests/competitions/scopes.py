"""The competitions' and studios' cases for tests/test_model_scopes.py: a row in 衡阳县, one in 衡南县.

A competition is organised by the county federation; its entrant comes from the county's
grassroots union; it is scored, published, corrected and rewarded, so every row exists."""

from datetime import date

from gonghui.competitions import services
from gonghui.competitions.models import (
    Award,
    Competition,
    Innovation,
    Judge,
    Placing,
    Registration,
    RewardStep,
    Round,
    Score,
    ScoreChange,
)
from gonghui.studios import services as studios
from gonghui.studios.models import Alliance, Funding, Mentorship, Project, Review, Studio

from .conftest import member


def _grassroots(c, county):
    return c.grassroots if county == c.county else c.grassroots2


def _comp(c, county):
    found = Competition.objects.filter(union=county).first()
    if found:
        return found
    comp = services.create_competition(acting_user=c.users["city"], union=county, name=f"{county.name}电工竞赛",
                                       kind="skills", level="enterprise", year=2026)
    reg = services.register(comp, acting_user=c.users["city"], member=member(c, _grassroots(c, county)))
    judge = services.add_judge(comp, acting_user=c.users["city"], name="评委", union=c.industry)
    rnd = comp.rounds.get()
    services.enter_scores(rnd, acting_user=c.users["city"], judge=judge, lines=[(reg, "overall", 80)])
    services.publish_ranking(rnd, acting_user=c.users["city"])
    services.correct_score(Score.objects.get(round=rnd), acting_user=c.users["city"], value=81, reason="复核")
    services.set_ladder(comp, acting_user=c.users["city"], steps=[
        {"place_from": 1, "place_to": 1, "title": "technical_expert", "honour_level": "county", "grade_up": True}])
    services.confer_rewards(comp, acting_user=c.users["city"])
    return comp


def _innovation(c, county):
    g = _grassroots(c, county)
    return services.submit_innovation(acting_user=c.users["city"], union=g, kind="design", title="工装改进",
                                      description="减少换型时间。", year=2026, team_name="一班")


def _studio(c, county):
    from ..studios.conftest import holder

    g = _grassroots(c, county)
    found = Studio.objects.filter(union=g).first()
    if found:
        return found
    s = studios.create_studio(acting_user=c.users["city"], union=g, name=f"{g.name}工作室", lead=holder(c, g),
                              grade="city", recognised_year=2025)
    studios.add_project(s, acting_user=c.users["city"], year=2026, title="项目", patents=1)
    studios.fund_studio(s, acting_user=c.users["city"], year=2026, amount_fen=100_000, purpose="设备")
    studios.review_studio(s, acting_user=c.users["city"], year=2026, result="passed")
    studios.start_mentorship(acting_user=c.users["city"], union=g, studio=s, mentor=s.lead,
                             apprentice=member(c, g), goals="取得技师证书", starts_on=date(2026, 1, 1),
                             ends_on=date(2026, 12, 31))
    return s


def _alliance(c, county):
    s = _studio(c, county)
    return studios.create_alliance(acting_user=c.users["city"], union=county, name=f"{county.name}工作室联盟",
                                   formed_on=date(2026, 3, 1), studios=[s], partners="成都市总工会")


def _pair(make):
    return (lambda c: make(c, c.county), lambda c: make(c, c.county2), "organisation")


COMPETITIONS_SCOPES = {
    Competition: _pair(_comp),
    Round: _pair(lambda c, k: _comp(c, k).rounds.get()),
    Registration: _pair(lambda c, k: _comp(c, k).registrations.get()),
    Judge: _pair(lambda c, k: _comp(c, k).judges.get()),
    Score: _pair(lambda c, k: Score.objects.get(round__competition=_comp(c, k))),
    ScoreChange: _pair(lambda c, k: ScoreChange.objects.get(score__round__competition=_comp(c, k))),
    Placing: _pair(lambda c, k: Placing.objects.get(round__competition=_comp(c, k))),
    RewardStep: _pair(lambda c, k: RewardStep.objects.get(competition=_comp(c, k))),
    Award: _pair(lambda c, k: Award.objects.get(competition=_comp(c, k))),
    Innovation: _pair(_innovation),
    Studio: _pair(_studio),
    Project: _pair(lambda c, k: _studio(c, k).projects.get()),
    Funding: _pair(lambda c, k: _studio(c, k).fundings.get()),
    Review: _pair(lambda c, k: _studio(c, k).reviews.get()),
    Mentorship: _pair(lambda c, k: Mentorship.objects.get(studio=_studio(c, k))),
    Alliance: _pair(_alliance),
}
