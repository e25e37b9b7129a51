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


@dataclass
class Action:
    """One bulk action of a list: `act(row, reason)` is the one-row service call.

    `verb` names what was done in the summary ("已批准"); `title` asks on the confirmation page;
    `confirm` labels its button with the count (a format with %(n)d); `needs_reason` asks for
    the reason the people concerned will read (rejecting, sending back); `choices(rows)`, when
    given, makes that answer a choice among [(value, label)] instead (assigning an owner)."""

    act: object
    verb: str
    title: str
    confirm: str
    needs_reason: bool = False
    reason_label: str = ""
    danger: bool = False
    choices: object = None


def decide_many(request, *, queryset, actions, back, describe, permission, submitted_by=None,
                union=lambda row: "", state=lambda row: ""):
    """The bulk decision of a list page, one pattern for every list (join applications,
    transfers, hardship reviews, assistance applications, mutual-aid claims, organising targets'
    owners).

    The ticked ids (`pick`) are read through `queryset`, already cut to the user's subtree: an
    id outside it is counted with the ids that do not exist, alike. Rows the user submitted
    (`submitted_by(row)` → user ids) are skipped and named: nobody approves what they submitted.
    First a page lists the rows and names their count (and asks for the reason when the action
    needs one); the confirmed POST runs the one-row service for every other row, all or nothing
    (`all_or_nothing`), and says what was done, skipped and not found."""
    from django.contrib import messages
    from django.shortcuts import redirect, render

    from .access import has_perm_anywhere, refuse

    name = request.POST.get("action")
    action = actions.get(name)
    if action is None:
        raise Http404
    if not has_perm_anywhere(request.user, permission):
        refuse(request.user, None, permission)
    ids = {int(p) for p in request.POST.getlist("pick") if p.isdigit()}
    rows = list(queryset.filter(pk__in=ids))
    missing = len(ids) - len(rows)
    own = [r for r in rows if submitted_by is not None and request.user.pk in submitted_by(r)]
    rows = [r for r in rows if r not in own]
    notes = []
    if own:
        notes.append(_("Skipped %(n)d you submitted yourself (nobody approves what they submitted): %(names)s.") % {
            "n": len(own), "names": "、".join(describe(r) for r in own)})
    if missing:
        notes.append(_("%(n)d of the chosen rows were not found.") % {"n": missing})
    if not rows:
        first = _("Nothing to act on among the ticked rows.") if own else _("Tick the rows to act on first.")
        messages.error(request, " ".join([first, *notes]))
        return redirect(back)
    reason = request.POST.get("reason", "").strip()
    confirmed = request.POST.get("confirmed") == "1"
    if not confirmed or (action.needs_reason and not reason):
        return render(request, "core/bulk_confirm.html", {
            "title": action.title, "action": name, "back": back, "notes": notes,
            "rows": [(r.pk, describe(r), union(r), state(r)) for r in rows],
            "skipped": [r.pk for r in own], "needs_reason": action.needs_reason, "reason": reason,
            "reason_label": action.reason_label, "missing_reason": confirmed and not reason,
            "choices": action.choices(rows) if action.choices else None,
            "danger": action.danger, "confirm_label": action.confirm % {"n": len(rows)},
        })
    outcome = all_or_nothing(rows, lambda row: action.act(row, reason), describe=describe)
    (messages.success if outcome.ok else messages.error)(request, " ".join([summary(outcome, action.verb), *notes]))
    return redirect(back)
