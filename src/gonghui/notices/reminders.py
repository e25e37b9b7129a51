"""Deadlines turn into notices by themselves (a daily task): due soon (the lead time of the
deadline's kind), due today, and overdue. Each goes to the person responsible, or else to the
staff holding a grant on the deadline's union; once overdue also to the staff of the union
above. A member's own deadline (a claim code expiring) goes to the member, soon and today.

One notice per deadline, stage and due date (the outbox key), so the task may run twice, or a
day late, and nobody hears the same thing twice; a deadline moved to a new date is told again.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import kinds
from .services import StaffOf, notify

SOON, TODAY, OVERDUE = "soon", "today", "overdue"
STAGE_KINDS = {SOON: "deadline_soon", TODAY: "deadline_today", OVERDUE: "deadline_overdue"}


def lead_days(kind, on=None):
    """Days before the due date when "due soon" is sent: the rulebook's `notice_lead_days.<kind>`
    when it holds one, else the notices' registry (kinds.DEADLINE_LEAD_DAYS)."""
    from gonghui.rules import rulebook

    try:
        return int(rulebook.value(f"notice_lead_days.{kind}", on=on).value)
    except (rulebook.UnknownRule, rulebook.NoValue, TypeError, ValueError):
        return kinds.DEADLINE_LEAD_DAYS.get(kind, kinds.DEFAULT_LEAD_DAYS)


def stage_of(deadline, today, lead):
    if deadline.due_on < today:
        return OVERDUE
    if deadline.due_on == today:
        return TODAY
    if (deadline.due_on - today).days <= lead:
        return SOON
    return None


def _parent(union):
    from gonghui.orgs.models import Union

    return Union.objects.filter(path=union.path[:-4]).first() if len(union.path) > 4 else None


def _title(deadline, stage):
    from gonghui.rules.deadlines import kind_label

    values = {"kind": kind_label(deadline.kind), "title": deadline.title, "due": f"{deadline.due_on:%Y-%m-%d}"}
    return {SOON: _("Due %(due)s: %(title)s (%(kind)s)"),
            TODAY: _("Due today: %(title)s (%(kind)s)"),
            OVERDUE: _("Overdue since %(due)s: %(title)s (%(kind)s)")}[stage] % values


def remind(today=None):
    """Send what is due for every open deadline; returns {stage: notices written}."""
    from gonghui.rules.models import Deadline

    today = today or timezone.localdate()
    leads = {}
    kinds_open = Deadline.objects.filter(closed_at__isnull=True).values_list("kind", flat=True).distinct()
    for kind in sorted(set(kinds_open)):
        leads[kind] = lead_days(kind, today)
    horizon = today + datetime.timedelta(days=max(leads.values(), default=0))
    sent = dict.fromkeys(STAGE_KINDS, 0)
    due = (Deadline.objects.filter(closed_at__isnull=True, due_on__lte=horizon)
           .select_related("union", "responsible", "member").order_by("due_on", "pk"))
    for deadline in due.iterator(chunk_size=1000):
        stage = stage_of(deadline, today, leads.get(deadline.kind, kinds.DEFAULT_LEAD_DAYS))
        if stage is None or (deadline.member_id and stage == OVERDUE):
            continue
        if deadline.member_id:
            recipients = [deadline.member]
        elif deadline.responsible_id and deadline.responsible.is_active:
            recipients = [deadline.responsible]
        else:
            recipients = [StaffOf(deadline.union)]
        if stage == OVERDUE and not deadline.member_id:
            parent = _parent(deadline.union)
            if parent is not None:
                recipients.append(StaffOf(parent))
        with transaction.atomic():
            outbox = notify(recipients, kind=STAGE_KINDS[stage], title=_title(deadline, stage), url=deadline.url,
                            obj=deadline, key=f"deadline:{deadline.pk}:{stage}:{deadline.due_on.isoformat()}")
        if outbox is not None:
            sent[stage] += 1
    return sent
