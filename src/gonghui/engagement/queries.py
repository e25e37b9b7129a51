"""Scoped reads of the quiz and reading check-in: best attempts, leaderboards by member and
by union (participation rate, not only totals), streaks and reading rankings.

A union's figures count its whole subtree. Members are those in good standing; a member
takes part in a quiz with one submitted try, in a reading plan with one check-in."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber, Substr
from django.utils import timezone

from gonghui.core.access import ancestor_paths, subtree_q
from gonghui.members.models import Member
from gonghui.orgs.models import Union

from . import rules
from .models import Attempt, CheckIn, Quiz, ReadingPlan

# --- quizzes -----------------------------------------------------------------------------------

def open_quizzes(member, at=None):
    """Quizzes open now to a member: set by their union or any union above it."""
    at = at or timezone.now()
    paths = [*ancestor_paths(member.union.path), member.union.path]
    return (Quiz.objects.filter(union__path__in=paths, opens_at__lte=at, closes_at__gt=at)
            .select_related("union").order_by("-month", "-union__depth"))


def current_quiz(member, at=None):
    """This month's quiz for the member: the nearest union's open quiz."""
    return open_quizzes(member, at).first()


def best_attempts(quiz):
    """Each member's best submitted try: highest score, then the shorter time, then the earlier
    submission. Ordered as the leaderboard ranks them."""
    ranked = Attempt.objects.filter(quiz=quiz, submitted_at__isnull=False).annotate(
        pick=Window(RowNumber(), partition_by=[F("member_id")],
                    order_by=[F("score").desc(), F("duration_ms").asc(), F("submitted_at").asc(), F("pk").asc()]))
    return ranked.filter(pick=1).select_related("member", "union").order_by(
        "-score", "duration_ms", "submitted_at", "pk")


def my_best(quiz, member):
    return best_attempts(quiz).filter(member=member).first()


def my_attempts(quiz, member):
    return Attempt.objects.filter(quiz=quiz, member=member).order_by("try_no")


def tries_left(quiz, member):
    return max(0, quiz.tries_allowed - Attempt.objects.filter(quiz=quiz, member=member).count())


def member_board(quiz, limit=50, under=None):
    qs = best_attempts(quiz)
    if under is not None:
        qs = qs.filter(subtree_q("union__path", under.path))
    return list(qs[:limit])


def rank_of(quiz, member):
    """The member's place on the leaderboard (1 = first), or None before a submitted try: one
    more than the members with a try better than the member's best."""
    best = my_best(quiz, member)
    if best is None:
        return None
    better = (Q(score__gt=best.score) | Q(score=best.score, duration_ms__lt=best.duration_ms)
              | Q(score=best.score, duration_ms=best.duration_ms, submitted_at__lt=best.submitted_at))
    ahead = (Attempt.objects.filter(quiz=quiz, submitted_at__isnull=False).filter(better).exclude(member=member)
             .values("member").distinct().count())
    return ahead + 1


@dataclass
class UnionFigures:
    union: Union
    members: int
    participants: int
    total: int = 0  # check-ins (reading) or the sum of best scores (quiz)

    @property
    def rate(self):
        """Participation: members who took part ÷ members of the union (0 to 1)."""
        return self.participants / self.members if self.members else 0.0

    @property
    def percent(self):
        return round(self.rate * 100, 1)

    @property
    def average_score(self):
        return round(self.total / self.participants, 1) if self.participants else 0.0

    @property
    def per_member(self):
        """Check-ins per member of the union."""
        return round(self.total / self.members, 2) if self.members else 0.0


def _rows_under(under):
    """The unions whose figures a board shows: those one level below `under`, each counting
    its subtree; `under` itself when nothing hangs below it."""
    children = list(Union.objects.filter(subtree_q("path", under.path), depth=under.depth + 1).order_by("path"))
    return children or [under]


def members_by_union(unions):
    """Members in good standing in the subtree of each union of one level: {path: count}."""
    if not unions:
        return {}
    length = len(unions[0].path)
    q = Q(pk__in=[])
    for u in unions:
        q |= subtree_q("union_path", u.path)
    rows = (Member.objects.in_good_standing().filter(q).annotate(prefix=Substr("union_path", 1, length))
            .values("prefix").annotate(n=Count("pk")).order_by())
    return {r["prefix"]: r["n"] for r in rows}


def _prefix(path, unions):
    length = len(unions[0].path)
    return path[:length]


def quiz_union_board(quiz, under=None):
    """Unions one level below `under` (the organising union by default), ranked by
    participation rate, then average best score."""
    under = under or quiz.union
    unions = _rows_under(under)
    members = members_by_union(unions)
    by_path = {u.path: UnionFigures(u, members.get(u.path, 0), 0) for u in unions}
    for path, score in best_attempts(quiz).filter(subtree_q("union__path", under.path)).values_list(
            "union__path", "score"):
        row = by_path.get(_prefix(path, unions))
        if row is not None:
            row.participants += 1
            row.total += score
    return sorted(by_path.values(), key=lambda r: (-r.rate, -r.average_score, r.union.path))


# --- reading -----------------------------------------------------------------------------------

def open_plans(member, today=None):
    today = today or timezone.localdate()
    paths = [*ancestor_paths(member.union.path), member.union.path]
    return (ReadingPlan.objects.filter(union__path__in=paths, starts_on__lte=today, ends_on__gte=today)
            .select_related("union").prefetch_related("books").order_by("-starts_on", "pk"))


def streak_of(member, plan=None, today=None):
    """A member's reading streak, over one plan or over all their check-ins."""
    qs = CheckIn.objects.filter(member=member)
    if plan is not None:
        qs = qs.filter(plan=plan)
    return rules.streak(qs.values_list("on", flat=True), today or timezone.localdate())


def my_checkins(member, plan=None):
    qs = CheckIn.objects.filter(member=member).select_related("plan", "book").order_by("-on", "-pk")
    return qs.filter(plan=plan) if plan is not None else qs


def checked_in_today(member, plan, today=None):
    return CheckIn.objects.filter(member=member, plan=plan, on=today or timezone.localdate()).exists()


def plan_union_board(plan, under=None):
    """Unions one level below `under` (the plan's union by default): participation rate and
    check-ins per member, ranked by rate, then check-ins per member."""
    under = under or plan.union
    unions = _rows_under(under)
    members = members_by_union(unions)
    length = len(unions[0].path)
    rows = (CheckIn.objects.filter(plan=plan).filter(subtree_q("union__path", under.path))
            .annotate(prefix=Substr("union__path", 1, length)).values("prefix")
            .annotate(n=Count("pk"), people=Count("member", distinct=True)).order_by())
    done = {r["prefix"]: r for r in rows}
    out = [UnionFigures(u, members.get(u.path, 0), done.get(u.path, {}).get("people", 0),
                        done.get(u.path, {}).get("n", 0)) for u in unions]
    return sorted(out, key=lambda r: (-r.rate, -r.per_member, r.union.path))


def plan_member_board(plan, limit=20):
    """Members with the most check-ins on a plan."""
    return list(CheckIn.objects.filter(plan=plan).values("member_id", "member__name", "union__name")
                .annotate(n=Count("pk")).order_by("-n", "member_id")[:limit])


def quizzes(user):
    return Quiz.objects.restrict(user).select_related("union")


def plans(user):
    return ReadingPlan.objects.restrict(user).select_related("union")
