"""The competitions and studios demo steps: a city skills competition with a published ranking,
a recorded correction and rewards conferred as honour rows; seed 003's figures (5 / 93 / 372) on
the figures page, each linking to its rows; 五小 entries in every state; ten studios with mentorships."""



from gonghui.competitions.models import Award, Competition, Innovation, Placing, ScoreChange
from gonghui.honours.models import Honour
from gonghui.studios.models import Alliance, Mentorship, Studio


def test_the_demo_builds_competitions_studios_and_their_figures(demo, client):
    city = Competition.objects.get(level="city", state="finished")
    final = city.rounds.get(is_final=True)
    assert final.published and Placing.objects.filter(round=final).count() == city.registrations.count()
    assert ScoreChange.objects.filter(score__round=final).count() == 1
    expert = Award.objects.filter(competition=city, title="technical_expert")
    assert expert.count() >= 5 and all(a.honour_id for a in expert)
    assert Award.objects.filter(competition=city, place__gt=5, title="", grade_up=True).exists()
    national = Competition.objects.get(level="national")
    assert Honour.objects.filter(competition_awards__competition=national, title="may_day_medal",
                                 level="national").count() == 5
    assert Honour.objects.filter(competition_awards__competition=national, title="technical_expert",
                                 level="national").count() == 93
    assert Honour.objects.filter(competition_awards__competition=national, title="technical_expert",
                                 level="industry").count() == 372
    states = set(Innovation.objects.values_list("state", flat=True))
    assert states == set(Innovation.State.values)
    assert Studio.objects.count() == 10
    assert Mentorship.objects.filter(state="completed").exclude(result_grade="").exists()
    assert Mentorship.objects.count() >= 10 and Alliance.objects.exists()

    from gonghui.accounts.models import User

    client.force_login(User.objects.get(username="city"))
    page = client.get("/competitions/figures/").content.decode()
    for n in (">5<", ">93<", ">372<"):
        assert n in page
    rows = client.get("/competitions/awards/?competition_level=national&title=technical_expert&honour_level=industry")
    assert "共 372" in rows.content.decode() or "372" in rows.content.decode()
