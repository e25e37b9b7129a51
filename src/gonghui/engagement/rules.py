"""The two rules of engagement that must be right everywhere, in one tested place each:
scoring an answer sheet and counting reading streaks. Pure functions, no database."""

from dataclasses import dataclass
from datetime import date, timedelta


def normalise(choice):
    """A member's answer to one question as a sorted list of distinct option indices."""
    if choice is None:
        return []
    if isinstance(choice, int | str):
        choice = [choice]
    out = set()
    for c in choice:
        if isinstance(c, bool):
            continue
        if isinstance(c, int):
            out.add(c)
        elif isinstance(c, str) and c.strip().isdigit():
            out.add(int(c.strip()))
        elif isinstance(c, str) and len(c.strip()) == 1 and c.strip().isalpha():
            out.add(ord(c.strip().upper()) - 65)  # "A", "b"
    return sorted(out)


def is_right(kind, answer, given):
    """Single choice: exactly the one right option. Multiple choice: exactly the right set —
    a missing or an extra option makes it wrong (the usual rule of 每月一答 papers)."""
    given = normalise(given)
    if kind == "single" and len(given) != 1:
        return False
    return given == sorted(answer)


@dataclass(frozen=True)
class Score:
    correct: int
    total: int

    @property
    def points(self):
        """0 to 100, rounded down: the score shown and ranked."""
        return self.correct * 100 // self.total if self.total else 0


def score(questions, answers):
    """`questions`: (id, kind, answer) triples; `answers`: {question id (int or str): given}."""
    answers = {str(k): v for k, v in (answers or {}).items()}
    correct = sum(1 for qid, kind, answer in questions if is_right(kind, answer, answers.get(str(qid))))
    return Score(correct, len(questions))


@dataclass(frozen=True)
class Streak:
    current: int  # consecutive days ending today, or yesterday if today is not checked in yet
    longest: int
    days: int  # distinct days checked in


def streak(days, today: date):
    """Streaks of a set of check-in dates as of `today` (dates after today are ignored)."""
    ordered = sorted({d for d in days if d <= today})
    longest = run = 0
    prev = None
    for d in ordered:
        run = run + 1 if prev is not None and d - prev == timedelta(days=1) else 1
        longest = max(longest, run)
        prev = d
    current = 0
    if ordered and (today - ordered[-1]).days <= 1:
        current = run
    return Streak(current, longest, len(ordered))
