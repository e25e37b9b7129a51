"""The count against a plain reference written here, separately, for random ballots, seats and
attendance (Hypothesis); and the rules' boundaries."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.elections import counting


def reference(ballots, n, seats, entitled, share, strict):
    """Count by the 选举办法's words, candidate by candidate, without sorting."""
    votes, invalid = [0] * n, 0
    for b in ballots:
        if len(b) > seats or len(set(b)) != len(b):
            invalid += 1
            continue
        for m in b:
            votes[m] += 1
    num, den = share.numerator, share.denominator
    passing = [i for i in range(n)
               if (votes[i] * den > num * entitled if strict else votes[i] * den >= num * entitled)]
    elected = {i for i in passing if sum(1 for j in passing if votes[j] >= votes[i]) <= seats}
    runoff = {i for i in passing if i not in elected and sum(1 for j in passing if votes[j] > votes[i]) < seats}
    runoff_seats = seats - len(elected) if runoff else 0
    return votes, invalid, elected, runoff, runoff_seats, seats - len(elected) - runoff_seats


@st.composite
def rounds(draw):
    n = draw(st.integers(1, 7))
    seats = draw(st.integers(1, n))
    entitled = draw(st.integers(1, 40))
    returned = draw(st.integers(0, entitled))
    ballots = draw(st.lists(st.lists(st.integers(0, n - 1), max_size=n + 1), min_size=returned,
                            max_size=returned))
    share = draw(st.sampled_from([Fraction(1, 2), Fraction(2, 3), Fraction(1, 3)]))
    strict = draw(st.booleans())
    return n, seats, entitled, ballots, share, strict


@settings(max_examples=400, deadline=None)
@given(rounds())
def test_count_agrees_with_the_reference(case):
    n, seats, entitled, ballots, share, strict = case
    votes, invalid, elected, runoff, runoff_seats, unfilled = reference(ballots, n, seats, entitled, share, strict)
    t = counting.tally_ballots(ballots, range(n), seats)
    assert [t.votes[i] for i in range(n)] == votes
    assert t.invalid == invalid and t.returned == len(ballots)
    d = counting.decide(t.votes, seats, entitled=entitled, share=share, strict=strict)
    assert set(d.elected) == elected
    assert set(d.runoff) == runoff
    assert d.runoff_seats == runoff_seats
    assert d.unfilled == unfilled
    # the threshold shown is the least number of votes that passes
    need = counting.threshold_votes(entitled, share, strict)
    assert all((v >= need) == (i in {c for c, o in d.outcome.items() if o != counting.BELOW})
               for i, v in enumerate(votes))


def test_ballot_validity():
    assert counting.ballot_valid([], [1, 2, 3], 2)  # a blank ballot is a valid abstention
    assert counting.ballot_valid([1, 2], [1, 2, 3], 2)
    assert not counting.ballot_valid([1, 2, 3], [1, 2, 3], 2)  # more names than seats: 废票
    assert not counting.ballot_valid([1, 1], [1, 2, 3], 2)  # a name twice
    assert not counting.ballot_valid([9], [1, 2, 3], 2)  # not a candidate
    t = counting.tally_ballots([[], [1, 2, 3], [1]], [1, 2, 3], 2)
    assert (t.returned, t.invalid, t.valid, t.votes, t.bad_ballots) == (3, 1, 2, {1: 1, 2: 0, 3: 0}, [2])


def test_exactly_half_is_not_more_than_half():
    # 90 entitled: 45 is half (not 过半数), 46 passes; inclusive (半数以上) 45 passes
    assert counting.threshold_votes(90, Fraction(1, 2), True) == 46
    assert counting.threshold_votes(90, Fraction(1, 2), False) == 45
    d = counting.decide({1: 45, 2: 46}, 2, entitled=90, share=Fraction(1, 2), strict=True)
    assert d.elected == [2] and d.outcome[1] == counting.BELOW and d.unfilled == 1


def test_tie_at_the_last_seat_goes_to_a_runoff():
    d = counting.decide({1: 8, 2: 7, 3: 7, 4: 2}, 2, entitled=9, share=Fraction(1, 2), strict=True)
    assert d.elected == [1] and sorted(d.runoff) == [2, 3] and d.runoff_seats == 1 and d.unfilled == 0
    # a run-off: no threshold, the most votes win
    d = counting.decide({2: 3, 3: 4}, 1, threshold=False)
    assert d.elected == [3]


def test_surplus_rounds_up():
    assert counting.surplus_needed(7, Fraction(1, 20)) == 1  # 7 seats need 8 candidates
    assert counting.surplus_needed(20, Fraction(1, 20)) == 1
    assert counting.surplus_needed(21, Fraction(1, 20)) == 2


def test_disagreements_name_every_difference():
    a = counting.tally_ballots([[1], [2]], [1, 2], 1)
    b = counting.tally_ballots([[1], [1]], [1, 2], 1)
    diffs = counting.disagreements(a, b, [[1], [2]], [[1], [1]])
    assert (("votes", 1), 1, 2) in diffs and (("votes", 2), 1, 0) in diffs and (("ballot", 2), [2], [1]) in diffs
