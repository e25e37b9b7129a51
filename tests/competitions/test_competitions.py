"""Competitions: each scoring rule at its boundaries, ranking ties by the stated rule, the score
range, the judge of the entrant's own union, locking after publication and recorded corrections,
registration eligibility, and the 五小 four-eyes flow."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.competitions import scoring, services
from gonghui.competitions.models import Innovation, Placing, Score, ScoreChange

from ..factories import colleague
from .conftest import competition, entrants, judges, member, ranked_city, score_all

D = Decimal


# --- scoring rules (pure) ------------------------------------------------------------------------

def test_average_rounds_half_up_to_three_decimals():
    assert scoring.combine("average", [D("90"), D("91"), D("91")]) == D("90.667")
    assert scoring.combine("average", [D("80.0005")]) == D("80.001")  # half up, not banker's


def test_trimmed_needs_three_judges_and_drops_one_highest_and_one_lowest():
    with pytest.raises(ValidationError, match="至少 3"):
        scoring.combine("trimmed", [D("90"), D("80")], who="x")
    assert scoring.combine("trimmed", [D("90"), D("10"), D("70")]) == D("70.000")  # exactly three: the middle one
    # only one of two equal highest scores is dropped
    assert scoring.combine("trimmed", [D("95"), D("95"), D("80"), D("60")]) == D("87.500")


def test_weighted_theory_and_practice_at_the_weights_edges():
    r = scoring.result("weighted", {"theory": [D("100")], "practice": [D("0")]}, theory_weight=30)
    assert r.total == D("30.000") and r.theory == D("100.000") and r.practice == D("0.000")
    r = scoring.result("weighted", {"theory": [D("80"), D("90")], "practice": [D("70")]}, theory_weight=99)
    assert r.total == D("84.850")  # 85×0.99 + 70×0.01
    with pytest.raises(ValidationError, match="实操"):
        scoring.result("weighted", {"theory": [D("80")]}, theory_weight=30, who="1号")


def test_ties_share_the_place_and_skip_the_next():
    rs = [scoring.Result(k, D(t)) for k, t in (("a", "90"), ("b", "95"), ("c", "90"), ("d", "80"))]
    assert [(r.key, r.place) for r in scoring.rank(rs)] == [("b", 1), ("a", 2), ("c", 2), ("d", 4)]


def test_ties_broken_by_practice_then_theory_then_shared():
    rs = [scoring.Result("a", D("85"), D("90"), D("80")), scoring.Result("b", D("85"), D("80"), D("90")),
          scoring.Result("c", D("85"), D("80"), D("90")), scoring.Result("d", D("84.999"), D("100"), D("100"))]
    assert [(r.key, r.place) for r in scoring.rank(rs, "practice")] == [("b", 1), ("c", 1), ("a", 3), ("d", 4)]
    assert [(r.key, r.place) for r in scoring.rank(rs, "theory")] == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]


# --- competitions in the database -----------------------------------------------------------------

def test_published_ranking_follows_the_trimmed_rule(city):
    comp = competition(city, rule="trimmed")
    a, b = entrants(city, comp, 2)
    j1, j2, j3 = judges(city, comp)
    # a: 99, 60, 80 → 80; b: 79, 78, 100 → 79. The plain averages (79.667, 85.667) would put b first.
    round_ = score_all(city, comp, {a: {j1: 99, j2: 60, j3: 80}, b: {j1: 79, j2: 78, j3: 100}})
    services.publish_ranking(round_, acting_user=city.users["city"])
    lines = list(Placing.objects.filter(round=round_).order_by("place"))
    assert [(p.registration_id, p.total, p.place) for p in lines] == [(a.pk, D("80.000"), 1), (b.pk, D("79.000"), 2)]
    comp.refresh_from_db()
    assert comp.state == "finished"


def test_weighted_ranking_breaks_the_tie_by_practice(city):
    comp = competition(city, rule="weighted", tie="practice", weight=50)
    a, b = entrants(city, comp, 2)
    (j,) = judges(city, comp, 1)
    round_ = score_all(city, comp, {a: {j: (90, 80)}, b: {j: (80, 90)}})
    services.publish_ranking(round_, acting_user=city.users["city"])
    assert dict(Placing.objects.values_list("registration_id", "place")) == {b.pk: 1, a.pk: 2}


def test_a_score_outside_the_range_is_refused_and_the_whole_sheet_unsaved(city):
    comp = competition(city)
    a, b = entrants(city, comp, 2)
    (j,) = judges(city, comp, 1)
    round_ = comp.rounds.get()
    with pytest.raises(ValidationError) as e:
        services.enter_scores(round_, acting_user=city.users["city"], judge=j,
                              lines=[(a, "overall", "88"), (b, "overall", "100.01")])
    assert "超出本竞赛的评分范围 0.00–100.00" in str(e.value)
    assert not Score.objects.exists()
    # the boundaries themselves are scores
    services.enter_scores(round_, acting_user=city.users["city"], judge=j,
                          lines=[(a, "overall", "0"), (b, "overall", "100")])
    assert Score.objects.count() == 2


def test_a_judge_may_not_score_an_entrant_of_their_own_union(city):
    comp = competition(city)
    (a,) = entrants(city, comp, 1, union=city.grassroots)
    (j,) = judges(city, comp, 1, union=city.grassroots)
    with pytest.raises(ValidationError, match="评委不得为本单位工会的选手评分"):
        services.enter_scores(comp.rounds.get(), acting_user=city.users["city"], judge=j, lines=[(a, "overall", 90)])
    assert not Score.objects.exists()


def test_publishing_needs_every_score_but_not_the_conflicted_judges(city):
    comp = competition(city)
    a, b = entrants(city, comp, 2)  # a from 第一机械, b from 湘江物流
    j_home = services.add_judge(comp, acting_user=city.users["city"], name="本单位评委", union=city.grassroots)
    (j,) = judges(city, comp, 1)
    round_ = score_all(city, comp, {a: {j: 80}})
    with pytest.raises(ValidationError, match="缺少 2 个评分"):
        services.publish_ranking(round_, acting_user=city.users["city"])
    score_all(city, comp, {b: {j: 70, j_home: 75}})
    services.publish_ranking(round_, acting_user=city.users["city"])
    assert dict(Placing.objects.values_list("registration_id", "total")) == {a.pk: D("80.000"), b.pk: D("72.500")}


def test_scores_are_locked_after_publication_and_a_correction_needs_its_reason(city):
    comp, (a, b, c, d), (j1, j2, j3), round_ = ranked_city(city)
    with pytest.raises(ValidationError, match="成绩已锁定"):
        services.enter_scores(round_, acting_user=city.users["city"], judge=j1, lines=[(d, "overall", 99)])
    s = Score.objects.get(registration=d, judge=j1)
    with pytest.raises(ValidationError, match="更正原因"):
        services.correct_score(s, acting_user=city.users["city"], value=99, reason="  ")
    assert Score.objects.get(pk=s.pk).value == D("75") and not ScoreChange.objects.exists()
    services.correct_score(s, acting_user=city.users["city"], value="100", reason="复核发现录入错误")
    ch = ScoreChange.objects.get()
    assert (ch.old_value, ch.new_value, ch.reason) == (D("75"), D("100"), "复核发现录入错误")
    # d: (100+75+75)/3 = 83.333: now third, after b (85), before c (80)
    assert Placing.objects.get(round=round_, registration=d).place == 3
    assert Placing.objects.get(round=round_, registration=c).place == 4


def test_registration_eligibility(city):
    comp = competition(city, max_age=35)
    old = member(city, city.grassroots, born=__import__("datetime").date(1980, 5, 1))
    with pytest.raises(ValidationError, match="超过年龄限制 35 周岁"):
        services.register(comp, acting_user=city.users["city"], member=old)
    young = member(city, city.grassroots, born=__import__("datetime").date(1995, 5, 1))
    services.register(comp, acting_user=city.users["city"], member=young)
    with pytest.raises(ValidationError, match="已报名"):
        services.register(comp, acting_user=city.users["city"], member=young)
    # a county's competition takes only members under that county
    county_comp = competition(city, union=city.county, by="county", name="衡阳县电工竞赛")
    outsider = member(city, city.grassroots2)
    with pytest.raises(ValidationError, match="不在主办单位"):
        services.register(county_comp, acting_user=city.users["city"], member=outsider)


def test_the_clerk_registers_their_members_but_not_others(city):
    comp = competition(city)
    mine = member(city, city.grassroots)
    services.register(comp, acting_user=city.users["union"], member=mine)
    with pytest.raises(PermissionDenied):
        services.register(comp, acting_user=city.users["union"], member=member(city, city.grassroots_b))
    with pytest.raises(PermissionDenied):
        services.publish_ranking(comp.rounds.get(), acting_user=city.users["union"])


def test_ladder_steps_may_not_overlap(city):
    comp = competition(city)
    with pytest.raises(ValidationError, match="重叠"):
        services.set_ladder(comp, acting_user=city.users["city"], steps=[
            {"place_from": 1, "place_to": 5, "title": "technical_expert", "honour_level": "city", "grade_up": True},
            {"place_from": 5, "place_to": 20, "grade_up": True}])
    assert not comp.ladder.exists()


def test_weighted_rule_needs_a_weight_inside_1_to_99(city):
    with pytest.raises(ValidationError, match="理论权重"):
        competition(city, rule="weighted", weight=100)
    assert competition(city, rule="weighted", weight=99).theory_weight == 99


# --- 五小 ----------------------------------------------------------------------------------------------

def test_innovation_four_eyes_and_saving_verification(city):
    m = member(city, city.grassroots)
    i = services.submit_innovation(acting_user=city.users["union"], union=city.grassroots, kind="innovation",
                                   title="焊接夹具快换装置", description="换型时间由20分钟缩短到5分钟。", year=2026,
                                   member=m)
    with pytest.raises(ValidationError, match="须由其他同事审批"):
        services.review_innovation(i, acting_user=city.users["union"], adopt=True)
    other = city.users[colleague(city, "union")]
    services.review_innovation(i, acting_user=other, adopt=True)
    services.claim_saving(i, acting_user=other, amount_fen=12_000_000)
    with pytest.raises(ValidationError, match="须由其他同事审批"):
        services.verify_saving(i, acting_user=other, amount_fen=10_000_000)
    with pytest.raises(ValidationError, match="介于 0 与申报"):
        services.verify_saving(i, acting_user=city.users["union"], amount_fen=12_000_001)
    services.verify_saving(i, acting_user=city.users["union"], amount_fen=10_000_000, award_grade="second",
                           award_fen=300_000)
    i.refresh_from_db()
    assert (i.state, i.saving_verified_fen, i.award_grade) == (Innovation.State.VERIFIED, 10_000_000, "second")


def test_not_adopting_needs_a_reason(city):
    i = services.submit_innovation(acting_user=city.users["union"], union=city.grassroots, kind="suggestion",
                                   title="食堂错峰", description="分两批就餐。", year=2026, team_name="装配班")
    with pytest.raises(ValidationError, match="不予采纳的原因"):
        services.review_innovation(i, acting_user=city.users["city"], adopt=False, note="")
    i.refresh_from_db()
    assert i.state == "submitted"


# --- the reward ladder and the honours registry -----------------------------------------------------

def _ladder(c, comp):
    services.set_ladder(comp, acting_user=c.users["city"], steps=[
        {"place_from": 1, "place_to": 1, "title": "technical_expert", "honour_level": "city", "grade_up": True},
        {"place_from": 2, "place_to": 3, "grade_up": True}])


def test_rewards_follow_the_ladder_and_create_honour_rows(city):
    from gonghui.competitions.models import Award
    from gonghui.honours.models import Honour

    comp, (a, b, c, d), _js, _r = ranked_city(city)
    with pytest.raises(ValidationError, match="尚未设定奖励阶梯"):
        services.confer_rewards(comp, acting_user=city.users["city"])
    _ladder(city, comp)
    made = services.confer_rewards(comp, acting_user=city.users["city"])
    assert [(x.member_id, x.place, x.title, x.grade_up) for x in made] == [
        (a.member_id, 1, "technical_expert", True), (b.member_id, 2, "", True), (c.member_id, 3, "", True)]
    h = Honour.objects.get()
    assert (h.member_id, h.title, h.level, h.year, h.certificate_no) == (
        a.member_id, "technical_expert", "city", 2026, made[0].certificate_no)
    assert comp.name in h.source and Award.objects.get(member=a.member).honour == h
    # run again: nothing new
    assert services.confer_rewards(comp, acting_user=city.users["city"]) == []
    assert Honour.objects.count() == 1 and Award.objects.count() == 3
    with pytest.raises(ValidationError, match="不能再修改"):
        _ladder(city, comp)


def test_tied_entrants_on_a_step_boundary_both_get_the_step(city):
    from gonghui.honours.models import Honour

    comp, (a, b, c, d), _js, _r = ranked_city(city, values=[90, 88, 88, 70])
    services.set_ladder(comp, acting_user=city.users["city"], steps=[
        {"place_from": 1, "place_to": 2, "title": "technical_expert", "honour_level": "city", "grade_up": True}])
    made = services.confer_rewards(comp, acting_user=city.users["city"])
    assert sorted(x.place for x in made) == [1, 2, 2]  # b and c share second place
    assert Honour.objects.filter(title="technical_expert").count() == 3


def test_rewards_need_the_final_ranking_published(city):
    comp = competition(city)
    _ladder(city, comp)
    with pytest.raises(ValidationError, match="请先公布决赛名次"):
        services.confer_rewards(comp, acting_user=city.users["city"])


def test_a_team_entry_rewards_each_member(city):
    comp = competition(city, teams=True)
    t1 = services.register(comp, acting_user=city.users["city"], team_name="第一机械焊接班",
                           team_members=[member(city, city.grassroots), member(city, city.grassroots)])
    t2 = services.register(comp, acting_user=city.users["city"], team_name="湘江物流维修班",
                           team_members=[member(city, city.grassroots_b), member(city, city.grassroots_b)])
    (j,) = judges(city, comp, 1)
    round_ = score_all(city, comp, {t1: {j: 91}, t2: {j: 80}})
    services.publish_ranking(round_, acting_user=city.users["city"])
    _ladder(city, comp)
    made = services.confer_rewards(comp, acting_user=city.users["city"])
    assert sorted(m.member_id for m in made if m.place == 1) == sorted(m.pk for m in t1.team_members.all())
