"""Reads of the elections app: the status of terms (due, overdue, delayed, done), the chair
today, what a round needs, and the result of a count with its arithmetic and sources."""

import datetime

from django.db.models import Case, CharField, DateField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.rules import days

from . import counting
from .models import Candidate, Office, OfficeHolder, RoundState, Term
from .rules import ruling_dict, value

# --- terms ---------------------------------------------------------------------------------

DONE, OVERDUE, DELAYED, DUE, CURRENT = "done", "overdue", "delayed", "due", "current"
STATUSES = [(DUE, gettext_lazy("due for re-election")), (OVERDUE, gettext_lazy("overdue")),
            (DELAYED, gettext_lazy("delay approved")), (DONE, gettext_lazy("re-elected")),
            (CURRENT, gettext_lazy("in term"))]


def notice_months(on=None):
    """How many months before its end a term counts as due (rulebook: union.reelection_notice_months)."""
    from gonghui.rules import rulebook

    return int(rulebook.value("union.reelection_notice_months", on=on).value)


def with_status(qs, today=None, months=None):
    """Terms annotated with `due_date` (the approved delay, else the end) and `status`."""
    today = today or timezone.localdate()
    months = notice_months(today) if months is None else months
    soon = days.add_months(today, months)
    return qs.annotate(due_date=Coalesce("delay_until", "ends_on", output_field=DateField())).annotate(
        status=Case(
            When(closed_on__isnull=False, then=Value(DONE)),
            When(due_date__lt=today, then=Value(OVERDUE)),
            When(delay_until__isnull=False, then=Value(DELAYED)),
            When(ends_on__lte=soon, then=Value(DUE)),
            default=Value(CURRENT), output_field=CharField()))


def reelection_summary(user, under=None, today=None, months=None):
    """{status: number of terms} over the user's subtree (or `under`), each linked by the page."""
    from django.db.models import Count

    from gonghui.core.access import subtree_q

    qs = Term.objects.restrict(user)
    if under is not None:
        qs = qs.filter(subtree_q("union__path", under.path))
    rows = with_status(qs, today, months).values("status").annotate(n=Count("id"))
    counts = {r["status"]: r["n"] for r in rows}
    return [(code, label, counts.get(code, 0)) for code, label in STATUSES]


def current_term(union):
    return Term.objects.filter(union=union, closed_on__isnull=True).first()


# --- office-holders ------------------------------------------------------------------------

def holders_on(union, on=None):
    """The office-holders of `union` on a day (today): rows whose dates cover it."""
    on = on or timezone.localdate()
    return (OfficeHolder.objects.filter(union=union, from_on__lte=on)
            .filter(Q(to_on__isnull=True) | Q(to_on__gt=on)).order_by("office", "from_on", "id"))


def chair_today(union, on=None):
    """The union's chair on `on` (today), from the dated office-holder rows; None when vacant."""
    return holders_on(union, on).filter(office=Office.CHAIR).order_by("-from_on", "-id").first()


# --- candidates and counting ---------------------------------------------------------------

def candidates_needed(post, seats=None):
    """(fewest candidates, the Ruling that says so) for `seats` (the post's) of `post`."""
    election = post.election
    seats = post.seats if seats is None else seats
    equal_rule = {Office.AUDIT: "election.audit_equal_allowed", Office.CHAIR: "election.officers_equal_allowed",
                  Office.VICE_CHAIR: "election.officers_equal_allowed"}.get(post.office)
    if equal_rule:
        ruling = value(equal_rule, election.union, election.held_on)
        if ruling.value:
            return seats, ruling
    ruling = value("election.candidate_surplus", election.union, election.held_on)
    return seats + counting.surplus_needed(seats, ruling.value), ruling


def problem_text(code, nums):
    texts = {
        "invalid_over_returned": _("%(invalid)d invalid ballots is more than the %(returned)d returned."),
        "votes_over_valid": _("A candidate has %(votes)d votes, more than the %(valid)d valid ballots."),
        "total_over_capacity": _("%(total)d votes in all is more than %(valid)d valid ballots × %(seats)d seats "
                                 "can carry."),
    }
    return texts[code] % nums


def sheet_tally(rnd, sheet):
    ids = list(rnd.candidates.order_by("pk").values_list("pk", flat=True))
    if sheet.ballots is not None:
        return counting.tally_ballots(sheet.ballots, ids, rnd.seats)
    votes = {c: int(sheet.tallies["votes"].get(str(c), 0)) for c in ids}
    return counting.Tally(returned=rnd.returned, invalid=int(sheet.tallies["invalid"]), votes=votes)


def sheet_disagreements(rnd, sheets):
    """Every disagreement between the first two tellers' sheets, in words."""
    a, b = sheets[0], sheets[1]
    names = dict(rnd.candidates.values_list("pk", "name"))
    out = []
    who = {"a": a.teller.get_full_name() or a.teller.get_username(),
           "b": b.teller.get_full_name() or b.teller.get_username()}
    for what, x, y in counting.disagreements(sheet_tally(rnd, a), sheet_tally(rnd, b), a.ballots, b.ballots):
        if what == "returned":
            label = _("ballots returned")
        elif what == "invalid":
            label = _("invalid ballots")
        elif what[0] == "votes":
            label = _("votes for %(name)s") % {"name": names.get(what[1], what[1])}
        else:
            label = _("ballot no. %(n)d") % {"n": what[1]}
            x = "、".join(names.get(c, str(c)) for c in x) if x is not None else "—"
            y = "、".join(names.get(c, str(c)) for c in y) if y is not None else "—"
            x, y = x or _("blank"), y or _("blank")
        out.append(_("%(label)s: %(a)s entered %(x)s, %(b)s entered %(y)s") % {**who, "label": label,
                                                                                "x": x, "y": y})
    return out


def build_result(rnd, election, tally):
    """The stored result of a counted round: the numbers, the threshold and the rules used, and
    for each candidate the votes, elected or not and why (in words, as printed)."""
    union, on = election.union, election.held_on
    share = value("election.elected_share", union, on)
    strict = value("election.elected_strict", union, on)
    quorum = value("election.quorum_share", union, on)
    quorum_strict = value("election.quorum_strict", union, on)
    runoff = rnd.kind == "runoff"
    order = {c.pk: c for c in rnd.candidates.all()}
    # ballot order (姓氏笔画) decides nothing; it only orders equal votes on the page
    from .strokes import sort_key

    ids = sorted(order, key=lambda pk: sort_key(order[pk].name))
    votes = {c: tally.votes.get(c, 0) for c in ids}
    d = counting.decide(votes, rnd.seats, entitled=rnd.entitled, share=share.value, strict=bool(strict.value),
                        threshold=not runoff)
    need = counting.threshold_votes(rnd.entitled, share.value, bool(strict.value))
    nums = {"entitled": rnd.entitled, "need": need, "share": share.display,
            "how": _("more than") if strict.value else _("at least")}
    threshold_text = _("%(how)s %(share)s of the %(entitled)d entitled to attend (应到会): at least %(need)d votes") \
        % nums
    why = {
        counting.ELECTED: (_("most votes in the run-off") if runoff else
                           _("%(votes)d votes reach %(need)d and fall within the seats")),
        counting.RUNOFF: _("%(votes)d votes tie for the last seat: a run-off among the tied decides"),
        counting.BELOW: _("%(votes)d votes are fewer than the %(need)d needed"),
        counting.OUTVOTED: (_("fewer votes than those elected in the run-off") if runoff else
                            _("%(votes)d votes pass, but the seats went to candidates with more votes")),
    }
    ranked = sorted(ids, key=lambda c: -votes[c])
    candidates = [{"id": c, "name": order[c].name, "votes": votes[c], "elected": d.outcome[c] == counting.ELECTED,
                   "outcome": d.outcome[c], "why": why[d.outcome[c]] % {"votes": votes[c], "need": need}}
                  for c in ranked]
    rules = [ruling_dict(quorum), ruling_dict(quorum_strict)]
    if not runoff:
        rules += [ruling_dict(share), ruling_dict(strict)]
    return {
        "kind": rnd.kind, "seats": rnd.seats, "entitled": rnd.entitled, "attendance": rnd.attendance,
        "issued": rnd.issued, "returned": tally.returned, "valid": tally.valid, "invalid": tally.invalid,
        "threshold": None if runoff else {"votes": need, "share": share.display, "strict": bool(strict.value),
                                          "text": threshold_text, "source": share.source},
        "candidates": candidates, "elected": d.elected, "runoff": d.runoff, "runoff_seats": d.runoff_seats,
        "unfilled": d.unfilled, "rules": rules,
    }


def post_finished(post):
    """Every round of the post counted (nothing open), and at least one."""
    states = list(post.rounds.values_list("state", flat=True))
    return bool(states) and RoundState.OPEN not in states


def elected_of(post):
    ids = [c for r in post.rounds.filter(state=RoundState.COUNTED) for c in r.result["elected"]]
    found = {c.pk: c for c in Candidate.objects.filter(pk__in=ids)}
    return [found[c] for c in ids if c in found]


def unfilled_of(post):
    """Seats left empty once the post is finished."""
    return post.seats - len(elected_of(post)) if post_finished(post) else 0


def ballot_candidates(rnd):
    """The round's candidates in ballot order: 姓氏笔画 (see strokes)."""
    from .strokes import by_strokes

    return by_strokes(list(rnd.candidates.all()))


def days_overdue(term, today=None):
    today = today or timezone.localdate()
    return max(0, (today - term.due_on).days) if isinstance(term.due_on, datetime.date) else 0
