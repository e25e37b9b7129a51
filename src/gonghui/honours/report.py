"""The honours report of a year for the user's subtree: seed 002's sentences (the honours the
city conferred, the 劳模 visited and helped), each number a link to the rows it counts.

Honours are counted from the registry (held or since revoked/deceased: what was conferred that
year); visits from the 慰问 rows; subsidies from the applications granted in the model-worker
programmes marked as 生活困难补助 or 特殊困难帮扶 (the same rows the assistance year report counts);
the honours produced by the year's competitions (seed 003's sentence) from the competition awards,
each linking to the award list it counts.
"""

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from gonghui.assistance.models import AssistanceApplication
from gonghui.core.access import scope
from gonghui.core.money import yuan

from .models import HelpScheme, Honour, ModelWorkerVisit

# (placeholder, title, level or None, unit): the honours of seed 002's sentence.
HONOUR_ITEMS = [
    ("pioneer_collectives", "may_day_pioneer_collective", None),
    ("pioneer_posts", "may_day_pioneer_post", None),
    ("furong_posts", "furong_post", None),
    ("may_day_models", "may_day_model", None),
    ("furong_stars", "furong_star", None),
    ("provincial_craftsmen", "craftsman", "provincial"),
    ("city_craftsmen", "craftsman", "city"),
]
# (placeholder, title, level): seed 003's honours produced by competitions.
COMPETITION_ITEMS = [
    ("competition_medals", "may_day_medal", "national"),
    ("competition_national_experts", "technical_expert", "national"),
    ("competition_industry_experts", "technical_expert", "industry"),
]
GRANTED = ("approved", "publicity", "batched", "paid", "failed")


def _link(url_name, **params):
    return reverse(url_name) + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _wan(fen):
    """Fen as 万元 the way the report writes money (45 万元), to two decimals when not whole."""
    w = fen / 1_000_000
    return f"{w:g}" if abs(w - round(w, 2)) < 1e-9 else f"{w:.2f}"


def build(user, year):
    honours = Honour.objects.restrict(user).filter(year=year)
    counts = {(t, lv): n for t, lv, n in honours.order_by().values_list("title", "level").annotate(n=Count("pk"))}
    figures = {}
    for key, title, level in HONOUR_ITEMS:
        n = sum(v for (t, lv), v in counts.items() if t == title and (level is None or lv == level))
        figures[key] = (n, _link("honours:list", title=title, level=level, year=year))
    visits = ModelWorkerVisit.objects.restrict(user).filter(year=year)
    by_level = dict(visits.order_by().values_list("level").annotate(n=Count("pk")))
    for level in ("national", "provincial", "city"):
        figures[f"visited_{level}"] = (by_level.get(level, 0), _link("honours:visits", level=level, year=year))
    money = visits.aggregate(s=Sum("amount_fen"))["s"] or 0
    figures["visit_money"] = (_wan(money), _link("honours:visits", year=year))
    # The subsidies are counted over the same subtree as the honours (the report's reader may work
    # in another department than the one that pays them; the rows open for those who may see them).
    reach = scope(user, "honours.view_honour")
    apps = AssistanceApplication.objects.filter(reach.q("union__path"), state__in=GRANTED, year=year)
    for kind in HelpScheme.Kind.values:
        programmes = list(HelpScheme.objects.filter(kind=kind, programme__year=year)
                          .values_list("programme_id", flat=True))
        rows = apps.filter(programme_id__in=programmes)
        agg = rows.aggregate(n=Count("member", distinct=True), s=Sum("amount_fen"))
        link = (_link("assistance:application_list", programme=programmes[0], granted="true")
                if len(programmes) == 1 else _link("assistance:application_list", kind="model_worker", year=year,
                                                   granted="true"))
        figures[f"{kind}_people"] = (agg["n"] or 0, link)
        figures[f"{kind}_money"] = (_wan(agg["s"] or 0), link)
    figures.update(competition_figures(user, year))
    return {"year": year, "figures": figures, "sentences": sentences(figures), "visit_money_fen": money,
            "visit_money_yuan": yuan(money)}


def competition_figures(user, year):
    """Seed 003's figures: the awards of the year's competitions by honour title and level, counted
    on the award rows the user may see, so each number opens exactly the rows it counts."""
    from gonghui.competitions.models import Award

    awards = Award.objects.restrict(user).filter(competition__year=year)
    counts = {(t, lv): n for t, lv, n in awards.order_by().values_list("title", "honour_level")
              .annotate(n=Count("pk"))}
    return {key: (counts.get((title, level), 0),
                  _link("competitions:awards", year=year, title=title, honour_level=level))
            for key, title, level in COMPETITION_ITEMS}


def sentences(figures):
    """The report's sentences as [(text before, number, url, text after)...] fragments."""
    def part(key):
        n, url = figures[key]
        return {"n": n, "url": url, "key": key}

    return [
        [_("Honours conferred: "), part("pioneer_collectives"), _(" May Day pioneer collectives, "),
         part("pioneer_posts"), _(" May Day pioneer posts, "), part("furong_posts"), _(" Furong model posts, "),
         part("may_day_models"), _(" May Day models, "), part("furong_stars"), _(" Furong stars, "),
         part("provincial_craftsmen"), _(" provincial craftsmen and "), part("city_craftsmen"),
         _(" city craftsmen.")],
        [_("Visited "), part("visited_national"), _(" national, "), part("visited_provincial"),
         _(" provincial and "), part("visited_city"), _(" city model workers with "), part("visit_money"),
         _(" 万元 of condolence money; gave "), part("living_people"), _(" low-income model workers "),
         part("living_money"), _(" 万元 of living subsidies and "), part("special_people"),
         _(" model workers in special hardship "), part("special_money"), _(" 万元 of special help.")],
        [_("Competitions produced "), part("competition_medals"), _(" national May Day labour medal holders, "),
         part("competition_national_experts"), _(" national technical experts and "),
         part("competition_industry_experts"), _(" industry technical experts.")],
    ]
