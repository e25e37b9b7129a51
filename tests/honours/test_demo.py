"""The honours demo step: seed 002's honours of the year (scaled), the 劳模 registry behind the
tag, 2026's 慰问 adding up to the scaled 45 万元, a round in 公示 with a nominee on hold, and the
report (with seed 003's competition figures) and the assistance year report agreeing with the rows."""


from django.db.models import Count, Sum

from gonghui.accounts.models import User
from gonghui.honours import report, services
from gonghui.honours.demo import LEVELS, YEAR, YEAR_HONOURS
from gonghui.honours.models import HelpScheme, Honour, ModelWorkerVisit, Nomination, SelectionRound
from gonghui.members.models import Member

from ..conftest import DEMO

SIZE = DEMO.size


def _scaled(n):
    return max(1, round(n * SIZE))


def test_demo_honours_follow_seed_002(demo):
    for title, level, n, _body, _person in YEAR_HONOURS:
        assert Honour.objects.filter(year=YEAR, title=title, level=level).count() == _scaled(n), title
    for level, n, _b, _a in LEVELS:
        assert Honour.objects.filter(title="model_worker", level=level, year__lt=YEAR).count() == _scaled(n)
    tagged = set(Member.objects.filter(is_model_worker=True).values_list("pk", flat=True))
    assert tagged == set(Honour.objects.filter(services.model_worker_q()).values_list("member_id", flat=True))
    visits = ModelWorkerVisit.objects.filter(year=YEAR)
    assert visits.count() == sum(_scaled(n) for _l, n, _b, _a in LEVELS)
    assert visits.aggregate(s=Sum("amount_fen"))["s"] == round(45_000_000 * SIZE)


def test_demo_round_in_publicity_and_report_agree(demo):
    r = SelectionRound.objects.get()
    assert r.state == "publicity" and r.publicity_until is not None
    states = dict(Nomination.objects.values_list("state").annotate(n=Count("pk")))
    assert states.get("on_hold") == 1 and states.get("publicity", 0) >= 1
    assert {k for k in HelpScheme.objects.values_list("kind", flat=True)} == {"living", "special"}
    city = User.objects.get(username="city")
    built = report.build(city, YEAR)
    figures = built["figures"]
    assert figures["may_day_models"][0] == _scaled(68) and figures["city_craftsmen"][0] == _scaled(60)
    assert figures["visited_provincial"][0] == _scaled(336)
    # seed 003's competition figures, printed in the same year's report
    assert [figures[k][0] for k in ("competition_medals", "competition_national_experts",
                                    "competition_industry_experts")] == [5, 93, 372]
    from gonghui.assistance.models import AssistanceApplication

    living = AssistanceApplication.objects.filter(programme__help_scheme__kind="living",
                                                  state__in=report.GRANTED)
    assert figures["living_people"][0] == living.values("member").distinct().count() > 0
    # every helped 劳模 holds a title in the registry
    assert not living.exclude(member__honours__title="model_worker").exists()
