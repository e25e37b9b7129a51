"""The count of one round, as plain functions over numbers (no database): which ballots are
valid, how the tellers' two sheets compare, and who is elected.

The rules (wave2.md A2; sample 选举办法 quoting the 2016 条例):
- a ballot naming more candidates than there are seats is invalid (废票) but was returned; a
  ballot naming nobody is a valid abstention; a name twice or a name not on the ballot is an
  illegal mark and makes the ballot invalid;
- returned > issued voids the whole round;
- a candidate is elected only with votes meeting the rulebook's share of those entitled to
  attend (应到会, not those present): ``days.meets`` decides, inclusive or strict;
- more passing than seats: seats go in vote order; a tie at the last seat goes to a run-off
  among the tied only, where the one with more votes wins (they have all passed already);
- fewer passing than seats: the missing seats are voted again (另行选举) or left empty.
"""

import math
from dataclasses import dataclass, field
from fractions import Fraction

from gonghui.rules.days import meets

ELECTED, RUNOFF, BELOW, OUTVOTED = "elected", "runoff", "below_threshold", "outvoted"


@dataclass
class Tally:
    returned: int
    invalid: int
    votes: dict  # candidate id -> votes
    bad_ballots: list = field(default_factory=list)  # 1-based numbers of the invalid ballots

    @property
    def valid(self):
        return self.returned - self.invalid


def ballot_valid(marks, candidate_ids, seats):
    """A ballot is valid when it names at most `seats` different candidates of the round."""
    return len(marks) <= seats and len(set(marks)) == len(marks) and all(m in candidate_ids for m in marks)


def tally_ballots(ballots, candidate_ids, seats):
    """Count ballots one by one: every returned ballot is counted, only valid ones give votes."""
    candidate_ids = list(candidate_ids)
    votes = dict.fromkeys(candidate_ids, 0)
    bad = []
    for i, marks in enumerate(ballots, start=1):
        if ballot_valid(marks, candidate_ids, seats):
            for m in marks:
                votes[m] += 1
        else:
            bad.append(i)
    return Tally(returned=len(ballots), invalid=len(bad), votes=votes, bad_ballots=bad)


def tally_problems(tally, seats):
    """What cannot be true of a per-box tally, as (code, numbers) pairs: more invalid ballots
    than returned, more votes for one candidate than valid ballots, more votes in all than the
    valid ballots could carry (valid × seats)."""
    out = []
    if tally.invalid > tally.returned:
        out.append(("invalid_over_returned", {"invalid": tally.invalid, "returned": tally.returned}))
    for cid, v in tally.votes.items():
        if v > tally.valid:
            out.append(("votes_over_valid", {"candidate": cid, "votes": v, "valid": tally.valid}))
    if sum(tally.votes.values()) > tally.valid * seats:
        out.append(("total_over_capacity", {"total": sum(tally.votes.values()), "valid": tally.valid,
                                            "seats": seats}))
    return out


def disagreements(a, b, ballots_a=None, ballots_b=None):
    """Every difference between two tellers' sheets, as (what, first, second): the returned and
    invalid counts, each candidate's votes, and, when both entered ballots, each ballot whose
    marks differ (order of names on one ballot does not matter)."""
    out = []
    if a.returned != b.returned:
        out.append(("returned", a.returned, b.returned))
    if a.invalid != b.invalid:
        out.append(("invalid", a.invalid, b.invalid))
    for cid in sorted(set(a.votes) | set(b.votes), key=str):
        if a.votes.get(cid, 0) != b.votes.get(cid, 0):
            out.append((("votes", cid), a.votes.get(cid, 0), b.votes.get(cid, 0)))
    if ballots_a is not None and ballots_b is not None:
        for i in range(max(len(ballots_a), len(ballots_b))):
            x = sorted(ballots_a[i]) if i < len(ballots_a) else None
            y = sorted(ballots_b[i]) if i < len(ballots_b) else None
            if x != y:
                out.append((("ballot", i + 1), x, y))
    return out


def threshold_votes(entitled, share, strict):
    """The fewest votes that pass: shown with the result; ``meets`` is what decides."""
    x = Fraction(share) * entitled
    return math.floor(x) + 1 if strict else math.ceil(x)


def quorum_met(attendance, entitled, share, strict):
    return meets(attendance, entitled, share, strict=strict)


@dataclass
class Decision:
    outcome: dict  # candidate id -> ELECTED / RUNOFF / BELOW / OUTVOTED
    elected: list
    runoff: list  # tied at the last seat
    runoff_seats: int
    unfilled: int  # seats nobody passing could fill


def decide(votes, seats, *, entitled=None, share=None, strict=True, threshold=True):
    """Who is elected, from each candidate's votes ({id: votes}; the dict's order decides
    nothing, ties go to a run-off). With `threshold` False (a run-off) every candidate passes
    and the most votes win."""
    passing = [c for c, v in votes.items() if not threshold or meets(v, entitled, share, strict=strict)]
    passing.sort(key=lambda c: -votes[c])
    outcome = {c: BELOW for c in votes}
    if len(passing) <= seats:
        elected, runoff, runoff_seats = passing, [], 0
    else:
        cut = votes[passing[seats - 1]]
        above = [c for c in passing if votes[c] > cut]
        tied = [c for c in passing if votes[c] == cut]
        if len(above) + len(tied) <= seats:
            elected, runoff, runoff_seats = above + tied, [], 0
        else:
            elected, runoff, runoff_seats = above, tied, seats - len(above)
    for c in passing:
        outcome[c] = OUTVOTED
    for c in elected:
        outcome[c] = ELECTED
    for c in runoff:
        outcome[c] = RUNOFF
    unfilled = seats - len(elected) - runoff_seats
    return Decision(outcome=outcome, elected=elected, runoff=runoff, runoff_seats=runoff_seats, unfilled=unfilled)


def surplus_needed(seats, share):
    """Candidates needed beyond the seats for a 差额 vote: the share of the seats, rounded up
    (进一法), so 7 seats at 5% need 1 more (8 candidates)."""
    return math.ceil(Fraction(share) * seats)
