"""The county's figures of 一户一产业工人, each (code, value, address of its rows)."""

from django.db.models import Count, Q
from django.urls import reverse

from . import rules
from .models import Enrolment, Level, Workshop


def figures(user, union=None, year=None):
    """Figures of the user's subtree (or of `union`'s), optionally of one year's enrolments."""
    enrolments = Enrolment.objects.restrict(user)
    workshops = Workshop.objects.restrict(user)
    q = {}
    if union is not None:
        enrolments = enrolments.filter(union__path__startswith=union.path)
        workshops = workshops.filter(union__path__startswith=union.path)
        q["under"] = union.pk
    if year:
        enrolments = enrolments.filter(enrolled_on__year=year)
        q["year"] = year
    query = "&".join(f"{k}={v}" for k, v in q.items())
    elist, wlist = reverse("skills:enrolments"), reverse("skills:workshops")

    def link(base, extra=""):
        return f"{base}?{'&'.join(p for p in (query, extra) if p)}"

    minimum = rules.workshop_min_workers()
    live = workshops.annotate(n=Count("workers", filter=Q(workers__left_on__isnull=True)))
    recognised = live.filter(n__gte=int(minimum.value)).count()
    workers = sum(w.n for w in live)
    out = [
        ("enrolments", enrolments.count(), link(elist)),
        ("households", enrolments.values("household").distinct().count(), link(elist)),
        ("completed", enrolments.filter(state="completed").count(), link(elist, "state=completed")),
        ("certified", enrolments.exclude(level="").count(), link(elist, "certified=true")),
        ("workshops", workshops.count(), link(wlist)),
        ("recognised", recognised, link(wlist, "recognised=true")),
        ("workers", workers, link(wlist)),
    ]
    levels = [(code, label, enrolments.filter(level=code).count(), link(elist, f"level={code}"))
              for code, label in Level.choices]
    return out, levels, minimum
