"""Reads of 志愿服务: hours per member with their star level, and the year's figures, each with
the address of the rows behind it."""

from django.db.models import Count, Sum
from django.urls import reverse

from . import rules
from .models import Activity, Shift, Team, Volunteer


def hours_by_member(shifts, region=None):
    """[{member id, name, number, minutes, hours, stars}] from `shifts`, most hours first; the
    stars count every year's hours (star levels are cumulative)."""
    levels, _ruling = rules.star_levels(region)
    rows = (shifts.order_by().values("member_id", "member__name", "member__number")
            .annotate(minutes=Sum("minutes")).order_by("-minutes"))
    ids = [r["member_id"] for r in rows]
    total = dict(Shift.objects.filter(member_id__in=ids).order_by().values_list("member_id")
                 .annotate(m=Sum("minutes")))
    return [{"member_id": r["member_id"], "name": r["member__name"], "number": r["member__number"],
             "minutes": r["minutes"], "hours": round(r["minutes"] / 60, 1),
             "stars": rules.stars_for(total.get(r["member_id"], 0) / 60, levels)} for r in rows]


def year_figures(user, year, region=None):
    """The year's figures in the user's subtree, each (label, value, url of its rows)."""
    teams = Team.objects.restrict(user).filter(active=True)
    volunteers = Volunteer.objects.restrict(user).filter(active=True)
    activities = Activity.objects.restrict(user).filter(event__starts_at__year=year)
    shifts = Shift.objects.restrict(user).filter(year=year)
    minutes = shifts.aggregate(m=Sum("minutes"))["m"] or 0
    people = shifts.order_by().values("member_id").distinct().count()
    levels, ruling = rules.star_levels(region)
    by_star = {}
    for row in hours_by_member(shifts, region):
        if row["stars"]:
            by_star[row["stars"]] = by_star.get(row["stars"], 0) + 1
    base = reverse("volunteers:shifts") + f"?year={year}"
    out = [
        ("teams", teams.count(), reverse("volunteers:teams") + "?active=true"),
        ("volunteers", volunteers.values("member_id").distinct().count(), reverse("volunteers:volunteers")),
        ("activities", activities.count(), reverse("volunteers:activities") + f"?year={year}"),
        ("people", people, base),
        ("hours", round(minutes / 60, 1), base),
    ]
    stars = [(s, by_star.get(s, 0), reverse("volunteers:hours") + f"?year={year}&stars={s}") for s, _h in levels]
    return out, stars, ruling


def team_counts(qs):
    return dict(qs.order_by().values_list("kind").annotate(n=Count("pk")))
