"""Bulk actions on list pages: the same service as the single action, for every chosen row,
all or nothing.

Each row goes through the one-row service (its rules, its audit record, "nobody approves what
they submitted"); if any row is refused the whole batch is rolled back, and the clerk gets a
summary in Chinese of what would have been done and what was refused, and why."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _


@dataclass
class Outcome:
    done: list = field(default_factory=list)  # rows the action was applied to (committed)
    refused: list = field(default_factory=list)  # (row, reason): the batch was rolled back
    passed: list = field(default_factory=list)  # rows that would have passed in a refused batch

    @property
    def ok(self):
        return not self.refused


class _Rollback(Exception):
    pass


def _reason(error):
    if isinstance(error, ValidationError):
        return "；".join(str(m).rstrip("。.") for m in error.messages)
    if isinstance(error, PermissionDenied | Http404):
        return _("Not yours to act on.")
    return str(error)


def all_or_nothing(items, act, *, describe=str):
    """Apply `act(item)` to every item in one transaction; any refusal rolls all of it back."""
    outcome = Outcome()
    try:
        with transaction.atomic():
            for item in items:
                try:
                    with transaction.atomic():
                        act(item)
                    outcome.passed.append(describe(item))
                except (ValidationError, PermissionDenied, Http404) as e:
                    outcome.refused.append((describe(item), _reason(e)))
            if outcome.refused:
                raise _Rollback
            outcome.done = outcome.passed
    except _Rollback:
        pass
    return outcome


def summary(outcome, verb):
    """One Chinese sentence for the message area: what was done, or why nothing was."""
    if outcome.ok:
        return _("%(verb)s %(n)d: %(names)s.") % {"verb": verb, "n": len(outcome.done),
                                                  "names": "、".join(outcome.done)}
    refused = "；".join(f"{name}：{why}" for name, why in outcome.refused)
    return _("Nothing was done, because %(n)d of the chosen rows cannot be handled (%(refused)s). "
             "Untick them and try again; the other %(m)d can be handled.") % {
        "n": len(outcome.refused), "refused": refused, "m": len(outcome.passed)}
