"""The competitions and 五小 API: bad input answered 422 with the Chinese rule and nothing written
(a score outside the range, a judge of the entrant's own union, a correction after publication
without its reason); a judge's sheet and the published ranking; the clerk's view from below."""

from decimal import Decimal

from gonghui.competitions.models import Score, ScoreChange

from .conftest import competition, entrants, judges, ranked_city


def test_a_sheet_with_a_bad_line_saves_nothing(city, api):
    comp = competition(city)
    a, b = entrants(city, comp, 2)
    (j,) = judges(city, comp, 1)
    rnd = comp.rounds.get()
    url = f"/api/v1/competitions/rounds/{rnd.pk}/scores"
    r = api("city").post(url, {"judge_id": j.pk, "lines": [{"registration_id": a.pk, "value": "88"},
                                                           {"registration_id": b.pk, "value": "-1"}]},
                         content_type="application/json")
    assert r.status_code == 422 and "超出本竞赛的评分范围" in r.json()["detail"]
    assert not Score.objects.exists()
    r = api("city").post(url, {"judge_id": j.pk, "lines": [{"registration_id": a.pk, "value": "88"},
                                                           {"registration_id": b.pk, "value": "91.5"}]},
                         content_type="application/json")
    assert r.status_code == 201 and [Decimal(s["value"]) for s in r.json()] == [88, Decimal("91.5")]
    r = api("city").post(f"/api/v1/competitions/rounds/{rnd.pk}/ranking")
    assert r.status_code == 200
    assert [(line["registration_id"], line["place"]) for line in r.json()["lines"]] == [(b.pk, 1), (a.pk, 2)]


def test_a_judge_of_the_entrants_union_is_refused(city, api):
    comp = competition(city)
    (a,) = entrants(city, comp, 1, union=city.grassroots)
    (j,) = judges(city, comp, 1, union=city.grassroots)
    r = api("city").post(f"/api/v1/competitions/rounds/{comp.rounds.get().pk}/scores",
                           {"judge_id": j.pk, "lines": [{"registration_id": a.pk, "value": "80"}]},
                           content_type="application/json")
    assert r.status_code == 422 and "评委不得为本单位工会的选手评分" in r.json()["detail"]
    assert not Score.objects.exists()


def test_a_correction_after_publication_needs_its_reason(city, api):
    comp, regs, js, rnd = ranked_city(city)
    s = Score.objects.filter(round=rnd).first()
    url = f"/api/v1/competitions/scores/{s.pk}/correction"
    r = api("city").post(url, {"value": "60", "reason": ""}, content_type="application/json")
    assert r.status_code == 422 and "更正原因" in r.json()["detail"]
    assert Score.objects.get(pk=s.pk).value == s.value and not ScoreChange.objects.exists()
    r = api("city").post(url, {"value": "60", "reason": "评委签字更正"}, content_type="application/json")
    assert r.status_code == 200 and Decimal(r.json()["value"]) == 60
    assert ScoreChange.objects.get().reason == "评委签字更正"


def test_the_clerk_sees_the_published_ranking_and_their_own_entrants_only(city, api):
    comp, (a, b, c, d), js, rnd = ranked_city(city)
    r = api("union").get(f"/api/v1/competitions/rounds/{rnd.pk}/ranking")
    assert r.status_code == 200 and len(r.json()["lines"]) == 4
    r = api("union").get(f"/api/v1/competitions/{comp.pk}/registrations")
    assert {x["id"] for x in r.json()["items"]} == {a.pk, c.pk}  # 第一机械's entrants
    assert api("county2").get(f"/api/v1/competitions/{comp.pk}").status_code == 200  # the city's: seen from below


def test_innovation_review_by_the_submitter_is_refused(city, api):
    r = api("union").post("/api/v1/innovations", {"union_id": city.grassroots.pk, "kind": "design", "title": "导板",
                                                  "description": "防卡件。", "year": 2026, "team_name": "分拣班"},
                          content_type="application/json")
    assert r.status_code == 201
    pk = r.json()["id"]
    r = api("union").post(f"/api/v1/innovations/{pk}/review", {"adopt": True}, content_type="application/json")
    assert r.status_code == 422 and "须由其他同事审批" in r.json()["detail"]
    r = api("city").post(f"/api/v1/innovations/{pk}/review", {"adopt": True}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "adopted"



def test_innovation_saving_claimed_then_verified_by_another(city, api):
    """The yearly saving: claimed above 0, verified by someone else at most at the claim, with the award."""
    from gonghui.competitions import services
    from gonghui.competitions.models import Innovation

    i = services.submit_innovation(acting_user=city.users["union"], union=city.grassroots, kind="innovation",
                                   title="焊接夹具快换装置", description="换型时间缩短。", year=2026,
                                   team_name="焊接班")
    url = f"/api/v1/innovations/{i.pk}"
    r = api("city").post(f"{url}/saving", {"amount_fen": 100}, content_type="application/json")
    assert r.status_code == 422 and Innovation.objects.get().saving_claimed_fen is None  # not adopted yet
    services.review_innovation(i, acting_user=city.users["city"], adopt=True)
    r = api("union").post(f"{url}/saving", {"amount_fen": 0}, content_type="application/json")
    assert r.status_code == 422 and Innovation.objects.get().saving_claimed_fen is None
    r = api("union").post(f"{url}/saving", {"amount_fen": 12_000_000}, content_type="application/json")
    assert r.status_code == 200 and r.json()["saving_claimed_fen"] == 12_000_000
    r = api("union").post(f"{url}/verification", {"amount_fen": 10_000_000}, content_type="application/json")
    assert r.status_code == 422 and "须由其他同事审批" in r.json()["detail"]
    r = api("city").post(f"{url}/verification", {"amount_fen": 12_000_001}, content_type="application/json")
    assert r.status_code == 422 and Innovation.objects.get().state == "adopted"
    r = api("city").post(f"{url}/verification", {"amount_fen": 10_000_000, "award_grade": "second",
                                                 "award_fen": 300_000}, content_type="application/json")
    assert r.status_code == 200
    assert (r.json()["state"], r.json()["saving_verified_fen"], r.json()["award_grade"]) == (
        "verified", 10_000_000, "second")
