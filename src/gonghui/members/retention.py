"""Records past their retention period are anonymised (个人信息保护法 第十九条: kept no longer
than the purpose needs; 第四十七条: deleted once the purpose is served or the person has gone).

Each `Policy` names the rulebook value of its period (so a province or a later rule can change
it, with its source) and erases, in bulk, what identifies the person on rows past it. What a
federation reports stays: the union, sex, birth year, employer, the dates of joining and
leaving, every count and sum. The audit trail is not touched (its entries keep their chain;
they have their own retention, settings.AUDIT_RETENTION_DAYS). Each run writes one audit entry
per policy that erased something: how many rows, before which date, under which rule, and their
ids; that is the report of what was erased.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.rules import rulebook
from gonghui.rules.days import add_months

ANONYMOUS = "（已匿名）"


@dataclass(frozen=True)
class Policy:
    code: str
    label: str
    rule: str  # the rulebook's period (years or days) after which rows are anonymised
    due: Callable  # due(cutoff) -> queryset of rows past the period and not yet anonymised
    erase: Callable  # erase(queryset, today) -> rows changed


def cutoff(ruling, today):
    """The day before which a row's closing date is past the period."""
    if ruling.unit == "years":
        return add_months(today, -12 * int(ruling.value))
    return today - datetime.timedelta(days=int(ruling.value))


def _members_who_left(before):
    from gonghui.members.models import EventKind, Member

    return Member.objects.filter(last_event__kind__in=[EventKind.LEAVE, EventKind.DEATH],
                                 last_event__on__lt=before, anonymised_on__isnull=True)


def _erase_members(rows, today):
    """Name, ID, phone, birth date and card go; so does the member's sign-in account's name and
    phone (the account is switched off). Union, sex, birth year, employer and dates stay."""
    from gonghui.accounts.models import User
    from gonghui.members.models import Member

    ids = list(rows.values_list("pk", flat=True))
    users = list(rows.exclude(user=None).values_list("user_id", flat=True))

    Member.objects.filter(pk__in=ids).update(
        name=ANONYMOUS, name_pinyin="", name_initials="", id_number=None, id_index=None, id_tail_index="",
        phone=None, phone_index=None, phone_tail_index="", birth_date=None, card_number="", user=None,
        anonymised_on=today)
    User.objects.filter(pk__in=users).update(is_active=False, full_name="", phone=None, phone_index=None)
    return ids


def _closed_join_applications(before):
    from gonghui.members.models import JoinApplication

    closed = [JoinApplication.State.REJECTED, JoinApplication.State.WITHDRAWN]
    return JoinApplication.objects.filter(state__in=closed, decided_at__date__lt=before).exclude(name=ANONYMOUS)


def _erase_join_applications(rows, today):
    """An application that never made a member: the applicant's name, ID and phone go; the union,
    the dates, the decision and its reason stay for the join statistics."""
    ids = list(rows.values_list("pk", flat=True))
    rows.model.objects.filter(pk__in=ids).update(
        name=ANONYMOUS, id_number=None, id_index=None, id_tail_index="", phone=None, phone_index=None,
        phone_tail_index="")
    return ids


POLICIES = [
    Policy("members_left", "已退会或去世的会员", "retention.member_left_years", _members_who_left, _erase_members),
    Policy("joins_closed", "未通过或已撤回的入会申请", "retention.join_closed_days", _closed_join_applications,
           _erase_join_applications),
]


def run(*, today=None, dry_run=False):
    """Anonymise every policy's rows past their period. Returns [(policy, ruling, before, count)]."""
    today = today or timezone.localdate()
    report = []
    for policy in POLICIES:
        ruling = rulebook.value(policy.rule, on=today)
        before = cutoff(ruling, today)
        with transaction.atomic():
            rows = policy.due(before)
            if dry_run:
                report.append((policy, ruling, before, rows.count()))
                continue
            ids = policy.erase(rows.select_for_update(), today)
            if ids:
                audit.record("retention_erased", object_type=rows.model._meta.label_lower,
                             object_repr=policy.label, reason=str(ruling),
                             changes={"count": len(ids), "before": before.isoformat(), "rule": policy.rule,
                                      "ids": ids})
            report.append((policy, ruling, before, len(ids)))
    return report
