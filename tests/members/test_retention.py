"""Records past their retention are anonymised by the daily task (gonghui.members.retention): what
identifies the person goes, the statistics stay, the period is the rulebook's (and a province's
own value wins), the audit trail keeps its chain and says what was erased."""

import datetime

import pytest
from django.utils import timezone
from stdnum.cn import ric

from gonghui.core import audit
from gonghui.core.models import AuditEntry
from gonghui.members import retention, services
from gonghui.members.models import JoinApplication, Member
from gonghui.members.tasks import anonymise_past_retention
from gonghui.rules.models import Rule, RuleValue

from ..factories import user

TODAY = datetime.date(2026, 12, 7)


def _member(city, body, name, left_on=None):
    m = services.add_member(acting_user=city.users["county"], union=city.grassroots, name=name,
                            id_number=body + ric.calc_check_digit(body + "0"), phone=f"139{body[-8:]}")
    m.user = user(f"m{m.number}", kind="member")
    m.save(update_fields=["user"])
    if left_on:
        services.record_event(m, acting_user=city.users["county"], kind="leave", on=left_on, reason="调离")
    return Member.objects.get(pk=m.pk)


@pytest.fixture
def roster(city):
    return {
        "long_gone": _member(city, "43042119800101123", "张久离", left_on=datetime.date(2023, 12, 6)),
        "just_gone": _member(city, "43042119810101123", "李新离", left_on=datetime.date(2023, 12, 7)),
        "active": _member(city, "43042119820101123", "王在会"),
    }


def test_members_past_the_period_lose_what_identifies_them_and_keep_their_statistics(roster, city):
    gone = roster["long_gone"]
    counted_before = Member.objects.filter(union=city.grassroots).count()
    report = retention.run(today=TODAY)
    assert [(p.code, count) for p, _r, _b, count in report] == [("members_left", 1), ("joins_closed", 0)]
    gone.refresh_from_db()
    assert (gone.name, gone.id_number, gone.phone, gone.birth_date, gone.id_index, gone.phone_index) == (
        retention.ANONYMOUS, None, None, None, None, None)
    assert gone.anonymised_on == TODAY and gone.user is None
    assert (gone.birth_year, gone.sex, gone.union_id, gone.status) == (1980, "M", city.grassroots.pk, "left")
    account = type(gone).user.field.related_model.objects.get(username=f"m{gone.number}")
    assert not account.is_active and account.phone is None and account.full_name == ""
    # three years to the day is not yet past (left on 2023-12-07: kept until after 2026-12-07)
    assert Member.objects.get(pk=roster["just_gone"].pk).name == "李新离"
    assert Member.objects.get(pk=roster["active"].pk).name == "王在会"
    assert Member.objects.filter(union=city.grassroots).count() == counted_before


def test_the_run_is_reported_in_the_audit_trail_which_keeps_its_chain(roster):
    retention.run(today=TODAY)
    entry = AuditEntry.objects.get(action="retention_erased")
    assert entry.changes["count"] == 1 and entry.changes["ids"] == [roster["long_gone"].pk]
    assert entry.changes["before"] == "2023-12-07" and "第十九条" in entry.reason
    assert audit.verify()[1] is None
    assert retention.run(today=TODAY)[0][3] == 0  # nothing twice
    assert AuditEntry.objects.filter(action="retention_erased").count() == 1


def test_a_dry_run_changes_nothing(city):
    # The task reads the real date, so its members left relative to today, not to TODAY: one four
    # years ago (past the three), one last month (kept).
    today = timezone.localdate()
    gone = _member(city, "43042119800101123", "张久离", left_on=today - datetime.timedelta(days=4 * 366))
    _member(city, "43042119810101123", "李新离", left_on=today - datetime.timedelta(days=30))
    assert "members_left: would anonymise 1" in anonymise_past_retention(dry_run=True)
    assert Member.objects.get(pk=gone.pk).name == "张久离"


def test_a_provinces_longer_period_wins(roster):
    RuleValue.objects.create(rule=Rule.objects.get(name="retention.member_left_years"), jurisdiction="43",
                             valid_from=datetime.date(2026, 1, 1), value="5", source="湖南省会员档案管理规定（测试）")
    assert retention.run(today=TODAY)[0][3] == 0
    assert Member.objects.get(pk=roster["long_gone"].pk).name == "张久离"


def test_closed_join_applications_are_anonymised_after_their_days(city):
    def application(name, body, state, decided):
        return JoinApplication.objects.create(
            union=city.grassroots, name=name, id_number=body + ric.calc_check_digit(body + "0"),
            phone=f"137{body[-8:]}", state=state,
            decided_at=datetime.datetime.combine(decided, datetime.time(10), tzinfo=datetime.UTC))

    old = application("赵拒绝", "43042119950302123", "rejected", TODAY - datetime.timedelta(days=181))
    recent = application("钱撤回", "43042119960302123", "withdrawn", TODAY - datetime.timedelta(days=100))
    pending = application("孙待审", "43042119970302123", "pending", TODAY - datetime.timedelta(days=400))
    retention.run(today=TODAY)
    old.refresh_from_db()
    assert (old.name, old.id_number, old.phone, old.state) == (retention.ANONYMOUS, None, None, "rejected")
    assert JoinApplication.objects.get(pk=recent.pk).name == "钱撤回"
    assert JoinApplication.objects.get(pk=pending.pk).name == "孙待审"
