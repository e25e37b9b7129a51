"""Scoped reads of the assessments: the survey average, overdue tasks and the progress of a
subtree. Each figure of the progress page is counted with the same filter its list uses."""

from django.db.models import Avg, Count, Q
from django.utils import timezone

from gonghui.core.access import subtree_q
from gonghui.orgs.models import Union

from .models import Assessment, RectificationTask, SurveyResponse
from .services import ASSESSED_KINDS


def overdue_q(prefix=""):
    """Open tasks past their deadline."""
    return Q(**{f"{prefix}state": RectificationTask.State.OPEN, f"{prefix}deadline__lt": timezone.localdate()})


def survey_summary(union, year):
    """{responses, average (1–5, two decimals, None without answers), per_question} of a union's year."""
    fields = [f"q{i}" for i in range(1, 6)]
    row = SurveyResponse.objects.filter(union=union, year=year).aggregate(
        n=Count("pk"), **{f: Avg(f) for f in fields})
    if not row["n"]:
        return {"responses": 0, "average": None, "per_question": []}
    per = [round(float(row[f]), 2) for f in fields]
    return {"responses": row["n"], "average": round(sum(per) / len(per), 2), "per_question": per}


def suggested_score(summary, criterion):
    """The survey average turned into points of the satisfaction item (average / 5 × most)."""
    if summary["average"] is None:
        return None
    return round(summary["average"] / 5 * criterion.max_score)


# The figures of the progress page: key → (label key, filter on the assessments list)
STATUS_FILTERS = {
    "in_progress": Q(state__in=(Assessment.State.DRAFT, Assessment.State.SUBMITTED)),
    "passed": Q(outcome=Assessment.Outcome.PASSED),
    "rectification": Q(outcome=Assessment.Outcome.RECTIFICATION),
    "failed": Q(outcome=Assessment.Outcome.FAILED),
}


def assessed_unions(user, under=None):
    """Active grassroots and joint unions the user sees (under a union, if given)."""
    qs = Union.objects.restrict(user).filter(kind__in=ASSESSED_KINDS, status="active")
    return qs.filter(subtree_q("path", under.path)) if under is not None else qs


def not_started(user, year, under=None):
    """Assessed unions with no assessment for `year`."""
    return assessed_unions(user, under).exclude(assessments__year=year)


def progress(user, year, under=None):
    """{unions, assessed, in_progress, passed, rectification, failed, not_started, overdue_tasks}."""
    qs = Assessment.objects.restrict(user).filter(year=year, union__status="active",
                                                  union__kind__in=ASSESSED_KINDS)
    if under is not None:
        qs = qs.filter(subtree_q("union__path", under.path))
    row = qs.aggregate(assessed=Count("pk", filter=Q(state=Assessment.State.REVIEWED)),
                       started=Count("pk"),
                       **{k: Count("pk", filter=q) for k, q in STATUS_FILTERS.items()})
    unions = assessed_unions(user, under).count()
    tasks = RectificationTask.objects.restrict(user).filter(assessment__year=year).filter(overdue_q())
    if under is not None:
        tasks = tasks.filter(subtree_q("assessment__union__path", under.path))
    return {"unions": unions, "assessed": row["assessed"], "in_progress": row["in_progress"],
            "passed": row["passed"], "rectification": row["rectification"], "failed": row["failed"],
            "not_started": unions - row["started"], "overdue_tasks": tasks.count()}
