"""Stored deadlines: services ``track`` a deadline when it starts and ``close`` it when the
work is done; lists read the stored ``due_on`` (no counting at read time).

A deadline counted from a rule keeps the rule's name, its length and unit, so ``recompute``
(a task, enqueued when the calendar or a rule value changes) can count it again.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import access

from . import days, rulebook
from .models import Deadline

# What each kind of deadline is, for lists and notices; apps add theirs with ``register_kind``.
KINDS = {
    "join_review": _("Join application to review"),
    "transfer_review": _("Transfer to answer"),
    "hardship_review": _("Hardship file's yearly review (年审) due"),
    "publicity_end": _("公示 ending"),
    "claim_expiry": _("Claim code expiring"),
    "rectification": _("Rectification task due"),
}


def register_kind(kind, label):
    KINDS.setdefault(kind, label)


def kind_label(kind):
    return KINDS.get(kind, kind)


def object_type(obj):
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def _region_of(union):
    return union.region_id  # a Region's key is its GB/T 2260 code


def count(started_on, *, rule=None, n=None, unit=None, region=None, cal=None):
    """(n, unit, due_on) for a period from `started_on`: from the rule's value in force on that
    day for the union's region, or from the given n and unit."""
    if rule:
        ruling = rulebook.value(rule, on=started_on, region=region)
        n = ruling.value if n is None else n
        unit = unit or ruling.unit
    if n is None or unit is None:
        raise ValueError("track() needs a rule, or n and unit, or due_on")
    return int(n), unit, days.deadline(started_on, int(n), unit, cal=cal)


def track(obj, *, kind, started_on, rule=None, n=None, unit=None, due_on=None, union, responsible=None,
          member=None, title, url=""):
    """Upsert the open deadline (kind, obj) and return it. Call inside the service's transaction.

    With `due_on` the date is stored as given; otherwise it is counted from `rule` (its value in
    force on `started_on` in the union's region) or from `n` and `unit`. A closed deadline of
    the same kind and object is opened again with the new dates.
    """
    if isinstance(started_on, datetime.datetime):
        started_on = timezone.localdate(started_on)
    if due_on is None:
        n, unit, due_on = count(started_on, rule=rule, n=n, unit=unit, region=_region_of(union))
    fields = {"union": union, "union_path": union.path, "responsible": responsible, "member": member,
              "title": str(title)[:200], "url": url or "", "started_on": started_on, "rule": rule or "",
              "n": n, "unit": unit or "", "due_on": due_on, "closed_at": None}
    deadline, _created = Deadline.objects.update_or_create(
        kind=kind, object_type=object_type(obj), object_id=str(obj.pk), defaults=fields)
    return deadline


def close(obj, kind, *, at=None):
    """Mark the open deadline (kind, obj) done; nothing happens when there is none."""
    return Deadline.objects.filter(kind=kind, object_type=object_type(obj), object_id=str(obj.pk),
                                   closed_at__isnull=True).update(closed_at=at or timezone.now())


def scope_q(user):
    """Open deadlines the user may see: each object type cut to the subtree where the user may
    view that kind of object (a publicity clerk sees no hardship file's deadline)."""
    types = Deadline.objects.filter(closed_at__isnull=True).values_list("object_type", flat=True).distinct()
    return _scope_q_for(user, sorted(set(types)))


def _scope_q_for(user, types):
    by_scope = {}
    for ot in types:
        app, _dot, model = ot.partition(".")
        s = access.scope(user, f"{app}.view_{model}")
        if s.empty:
            continue
        by_scope.setdefault(s, []).append(ot)
    q = Q(pk__in=[])
    for s, ots in by_scope.items():
        q |= Q(object_type__in=ots) & s.q("union_path")
    return q


def open_for(user, *, kinds=None):
    """Open deadlines in the user's scope, soonest first."""
    qs = Deadline.objects.filter(closed_at__isnull=True)
    if kinds:
        qs = qs.filter(kind__in=list(kinds))
    return qs.filter(scope_q(user)).order_by("due_on", "id")


def overdue_for(user, on=None, *, kinds=None):
    """Open deadlines in the user's scope whose last day is before `on` (default today)."""
    on = on or timezone.localdate()
    return open_for(user, kinds=kinds).filter(due_on__lt=on)


def for_member(member):
    """A member's own open deadlines (a claim code expiring...)."""
    return Deadline.objects.filter(member=member, closed_at__isnull=True).order_by("due_on", "id")


def recompute_all(chunk=2000):
    """Count every open deadline with a period again (after a calendar or rule edit) and copy
    union paths again (after a union moved). Returns the number of rows changed. Idempotent."""
    from gonghui.orgs.models import Union

    days.forget()
    cal = days.current()
    changed = 0
    rulings = {}
    regions = dict(Union.objects.values_list("pk", "region__code"))
    paths = dict(Union.objects.values_list("pk", "path"))
    last = 0
    while True:
        batch = list(Deadline.objects.filter(closed_at__isnull=True, pk__gt=last).exclude(unit="")
                     .order_by("pk")[:chunk])
        if not batch:
            break
        last = batch[-1].pk
        dirty = []
        for d in batch:
            n, unit = d.n, d.unit
            if d.rule:
                key = (d.rule, d.started_on, regions.get(d.union_id))
                if key not in rulings:
                    rulings[key] = rulebook.find(d.rule, on=d.started_on, region=key[2])
                ruling = rulings[key]
                if ruling is not None:
                    n, unit = ruling.value, ruling.unit
            due = days.deadline(d.started_on, int(n), unit, cal=cal)
            path = paths.get(d.union_id, d.union_path)
            if (due, n, unit, path) != (d.due_on, d.n, d.unit, d.union_path):
                d.due_on, d.n, d.unit, d.union_path = due, n, unit, path
                dirty.append(d)
        if dirty:
            with transaction.atomic():
                Deadline.objects.bulk_update(dirty, ["due_on", "n", "unit", "union_path"])
            changed += len(dirty)
    # Deadlines stored with a fixed date still follow their union when it moves.
    for d in Deadline.objects.filter(closed_at__isnull=True, unit="").only("pk", "union_id", "union_path"):
        path = paths.get(d.union_id)
        if path and path != d.union_path:
            Deadline.objects.filter(pk=d.pk).update(union_path=path)
            changed += 1
    return changed


def recompute_after_commit():
    """Enqueue ``recompute`` once the current transaction commits (calendar or rule edits)."""
    transaction.on_commit(lambda: recompute.delay())


from .tasks import recompute  # noqa: E402,F401  (the task: ``recompute.delay()``)
