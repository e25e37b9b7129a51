"""Competition pages: the list filters and exports; the figures link to their rows; a bad score
on the sheet page is named in Chinese and nothing is saved; the certificate is a PDF."""

import re

from gonghui.competitions import services
from gonghui.competitions.models import Score

from ..factories import read_xlsx
from .conftest import competition, entrants, judges, ranked_city


def test_the_list_filters_and_exports(city, login):
    competition(city)
    competition(city, name="2026年衡阳市电工竞赛", rule="trimmed")
    c = login("city")
    r = c.get("/competitions/?scoring_rule=trimmed&level=city")
    assert r.status_code == 200
    sheets = read_xlsx(c.get("/competitions/?level=city&export=xlsx"))
    rows = next(iter(sheets.values()))
    names = {str(row[0]) for row in rows}
    assert {"2026年衡阳市焊工职业技能竞赛", "2026年衡阳市电工竞赛"} <= names


def test_the_figures_link_to_their_rows(city, login):
    comp, regs, js, rnd = ranked_city(city)
    services.set_ladder(comp, acting_user=city.users["city"], steps=[
        {"place_from": 1, "place_to": 2, "title": "technical_expert", "honour_level": "city", "grade_up": True}])
    services.confer_rewards(comp, acting_user=city.users["city"])
    c = login("county")
    page = c.get("/competitions/figures/").content.decode()
    assert 'data-testid="figure-1">2<' in page
    link = "/competitions/awards/?competition_level=city&amp;title=technical_expert&amp;honour_level=city"
    assert link in page
    rows = c.get(link.replace("&amp;", "&")).content.decode()
    assert regs[0].member.name in rows and regs[1].member.name in rows and regs[2].member.name not in rows


def test_a_score_outside_the_range_on_the_sheet_page(city, login):
    comp = competition(city)
    (a,) = entrants(city, comp, 1)
    (j,) = judges(city, comp, 1)
    rnd = comp.rounds.get()
    r = login("city").post(f"/competitions/rounds/{rnd.pk}/", {"judge": j.pk, f"s_{a.pk}_overall": "120"})
    assert r.status_code == 200
    assert "分数 120 超出本竞赛的评分范围 0.00–100.00" in r.content.decode()
    assert not Score.objects.exists()


def test_the_clerk_sees_no_scores_before_publication(city, login):
    comp = competition(city)
    (a,) = entrants(city, comp, 1)
    (j,) = judges(city, comp, 1)
    rnd = comp.rounds.get()
    services.enter_scores(rnd, acting_user=city.users["city"], judge=j, lines=[(a, "overall", "77.5")])
    page = login("union").get(f"/competitions/rounds/{rnd.pk}/").content.decode()
    assert "77.5" not in page and 'data-testid="live-ranking"' not in page
    assert "77.5" in login("city").get(f"/competitions/rounds/{rnd.pk}/").content.decode()


def test_the_certificate_is_a_pdf(city, login):
    comp, regs, js, rnd = ranked_city(city)
    services.set_ladder(comp, acting_user=city.users["city"],
                        steps=[{"place_from": 1, "place_to": 1, "grade_up": True}])
    (award,) = services.confer_rewards(comp, acting_user=city.users["city"])
    r = login("union").get(f"/competitions/awards/{award.pk}/certificate/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert login("county2").get(f"/competitions/awards/{award.pk}/certificate/").status_code == 404


def test_the_honours_report_prints_the_years_competition_figures_each_linking_to_its_rows(city, login):
    """Seed 003's sentence in the honours report of the competition's year: national 五一劳动奖章,
    全国技术能手 and 行业技术能手, each number opening the award rows it counts; another year shows 0."""
    comp, regs, _js, _rnd = ranked_city(city, n=6)
    services.set_ladder(comp, acting_user=city.users["city"], steps=[
        {"place_from": 1, "place_to": 1, "title": "may_day_medal", "honour_level": "national"},
        {"place_from": 2, "place_to": 3, "title": "technical_expert", "honour_level": "national"},
        {"place_from": 4, "place_to": 6, "title": "technical_expert", "honour_level": "industry"}])
    services.confer_rewards(comp, acting_user=city.users["city"])
    c = login("city")
    page = c.get("/honours/report/?year=2026").content.decode()
    links = dict(re.findall(r'<a href="([^"]+)" data-testid="fig-(competition_\w+)">', page))
    links = {key: url.replace("&amp;", "&") for url, key in links.items()}
    for key, n in (("competition_medals", 1), ("competition_national_experts", 2),
                   ("competition_industry_experts", 3)):
        assert f'data-testid="fig-{key}">{n}<' in page
    rows = c.get(links["competition_national_experts"]).content.decode()
    assert all(r.member.name in rows for r in regs[1:3]) and regs[0].member.name not in rows
    assert regs[3].member.name not in rows
    other = c.get("/honours/report/?year=2025").content.decode()
    assert 'data-testid="fig-competition_medals">0<' in other
