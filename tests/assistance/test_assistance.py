"""Assistance services: eligibility and amount rules, budgets, duplicate payments, the yearly cap,
publicity, batches, the bank file, the bank's result and re-issues, visits."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.assistance import services
from gonghui.assistance.models import (
    AssistanceApplication,
    AssistancePolicy,
    BankFileLayout,
    PaymentBatch,
    PaymentLine,
    ProgrammeBudget,
    Visit,
)
from gonghui.core.crypto import mask_name
from gonghui.core.models import AuditEntry
from gonghui.members.models import EventKind, Member

from ..factories import hardship_file, read_xlsx
from .conftest import (
    ACCOUNT,
    account,
    apply,
    member,
    pdf,
    result_csv,
    result_xlsx,
    student_aid,
    to_publicity,
)


def _written():
    return (AssistanceApplication.objects.count(), PaymentLine.objects.count(), AuditEntry.objects.count())


# --- eligibility and amounts -----------------------------------------------------------------

def test_amount_follows_the_rule_for_school_level_and_hardship_file(city):
    programme = student_aid(city)
    with_file, without = member(city, 1), member(city, 2, is_migrant_worker=True)
    hardship_file(with_file, by=city.users["rights"])
    a = apply(city, programme, with_file)
    b = apply(city, programme, without)
    c = apply(city, programme, member(city, 3, is_migrant_worker=True), school_level="high_school")
    assert (a.amount_fen, a.with_hardship_file, a.hardship_category) == (500_000, True, "deep")
    assert (b.amount_fen, b.with_hardship_file) == (300_000, False)
    assert c.amount_fen == 200_000


def test_amount_over_the_rule_is_refused_and_nothing_written(city):
    programme = student_aid(city)
    m = member(city, 1, is_migrant_worker=True)
    before = _written()
    with pytest.raises(ValidationError) as e:
        apply(city, programme, m, amount_fen=300_001)
    assert "3,000.00" in str(e.value.message_dict["amount"])
    assert _written() == before
    assert apply(city, programme, m, amount_fen=250_000).amount_fen == 250_000  # less than the rule is fine


@pytest.mark.parametrize("change, field, text", [
    ("left", "member", "不是在册会员"),
    ("not_in_group", "member", "不属于"),
    ("no_level", "school_level", "学段"),
    ("bad_account", "bank_account", "校验"),
    ("closed", "programme", "未开放"),
])
def test_bad_applications_are_refused_in_chinese(city, change, field, text):
    from gonghui.members import services as member_services

    programme = student_aid(city)
    m = member(city, 1, is_migrant_worker=change != "not_in_group")
    kw = {}
    if change == "left":
        member_services.record_event(m, acting_user=city.users["city"], kind=EventKind.LEAVE, reason="离职")
    elif change == "no_level":
        kw["school_level"] = ""
    elif change == "bad_account":
        kw["bank_account"] = ACCOUNT[:-1] + str((int(ACCOUNT[-1]) + 1) % 10)
    elif change == "closed":
        services.close_programme(programme, acting_user=city.users["rights"])
    before = _written()
    with pytest.raises(ValidationError) as e:
        apply(city, programme, m, **kw)
    assert text in " ".join(e.value.message_dict[field])
    assert _written() == before


def test_per_person_limit(city):
    programme = student_aid(city, per_person_limit_fen=250_000)
    with pytest.raises(ValidationError) as e:
        apply(city, programme, member(city, 1, is_migrant_worker=True))
    assert "2,500.00" in str(e.value.message_dict["amount"])


def test_required_attachments(city):
    programme = student_aid(city, required_attachments=["admission"])
    m = member(city, 1, is_migrant_worker=True)
    with pytest.raises(ValidationError) as e:
        apply(city, programme, m)
    assert "录取通知书" in str(e.value.message_dict["attachments"])
    a = apply(city, programme, m, attachments=[("admission", pdf())])
    assert [x.kind for x in a.attachments.all()] == ["admission"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(level=st.sampled_from(["undergraduate", "high_school", "junior_college"]), with_file=st.booleans(),
       asked=st.integers(min_value=0, max_value=800_000))
def test_rule_amount_property(city, level, with_file, asked):
    """Whatever is asked, an application is written only at or below the rule's amount for its case."""
    programme = student_aid(city)
    expected = {("undergraduate", True): 500_000, ("undergraduate", False): 300_000}.get(
        (level, with_file), 200_000 if level == "high_school" else None)
    assert services.rule_amount(programme, level, with_file) == expected
    m = member(city, 100 + Member.objects.count(), is_migrant_worker=True)
    if with_file:
        hardship_file(m, by=city.users["rights"])
    try:
        with transaction.atomic():
            a = apply(city, programme, m, amount_fen=asked, school_level=level)
    except ValidationError:
        assert expected is None or asked > expected
    else:
        assert expected is not None and a.amount_fen == asked <= expected


@given(name=st.text(alphabet="王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", min_size=1, max_size=5))
def test_masked_name_keeps_only_the_ends(name):
    masked = mask_name(name)
    assert len(masked) == len(name)
    assert masked[0] == name[0]
    if len(name) >= 3:
        assert masked[-1] == name[-1] and set(masked[1:-1]) == {"*"}
    if len(name) == 2:
        assert masked == name[0] + "*"


# --- budgets ---------------------------------------------------------------------------------

def test_budget_split_draws_from_above_and_never_exceeds(city):
    programme = student_aid(city, budget_fen=1_000_000)
    rights = city.users["rights"]
    part = services.set_budget(acting_user=rights, programme=programme, union=city.county, amount_fen=600_000)
    top = ProgrammeBudget.objects.get(programme=programme, union=city.root)
    assert (top.committed_fen, part.parent_id) == (600_000, top.pk)
    with pytest.raises(ValidationError) as e:
        services.set_budget(acting_user=rights, programme=programme, union=city.county2, amount_fen=400_001)
    assert "4,000.00" in str(e.value)
    # applications under 衡阳县 draw on the county's part, others on the city's
    a = apply(city, programme, member(city, 1, is_migrant_worker=True))
    b = apply(city, programme, member(city, 2, union=city.grassroots2, is_migrant_worker=True), by="rights")
    assert (a.budget.union, b.budget.union) == (city.county, city.root)


def test_approval_beyond_the_budget_is_refused(city):
    programme = student_aid(city, budget_fen=500_000)
    a = apply(city, programme, member(city, 1, is_migrant_worker=True))
    b = apply(city, programme, member(city, 2, is_migrant_worker=True))
    services.approve(a, acting_user=city.users["rights"])
    with pytest.raises(ValidationError) as e:
        services.approve(b, acting_user=city.users["rights"])
    assert "预算" in str(e.value)
    b.refresh_from_db()
    assert b.state == "submitted"
    assert ProgrammeBudget.objects.get(programme=programme).committed_fen == 300_000


def test_the_database_refuses_an_overspent_budget(city):
    programme = student_aid(city, budget_fen=100)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeBudget.objects.filter(programme=programme).update(committed_fen=101)


def test_rejecting_after_approval_gives_the_money_back(city):
    programme = student_aid(city, budget_fen=1_000_000)
    a = apply(city, programme, member(city, 1, is_migrant_worker=True))
    to_publicity(city, a)
    assert ProgrammeBudget.objects.get(programme=programme).committed_fen == 300_000
    with pytest.raises(ValidationError):
        services.reject(a, acting_user=city.users["rights"], opinion="")
    services.reject(a, acting_user=city.users["rights"], opinion="公示期间有异议，核实不符")
    assert ProgrammeBudget.objects.get(programme=programme).committed_fen == 0


# --- duplicates and the yearly cap -----------------------------------------------------------

def test_a_member_is_paid_once_per_programme(city):
    programme = student_aid(city)
    m = member(city, 1, is_migrant_worker=True)
    a = apply(city, programme, m)
    with pytest.raises(ValidationError) as e:
        apply(city, programme, m)
    assert "已有" in str(e.value)
    # the database holds it too: a second live application and a second waiting payment are refused
    with pytest.raises(IntegrityError), transaction.atomic():
        AssistanceApplication.objects.create(programme=programme, member=m, union=m.union, year=a.year,
                                             amount_fen=1, created_by=city.users["union"])
    to_publicity(city, a)
    batch = services.make_batch(acting_user=city.users["rights"], programme=programme, union=city.root)
    line = batch.lines.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentLine.objects.create(batch=batch, application=a, programme=programme, member=m, reference="dup",
                                   amount_fen=1, payee_name="x", bank_account=ACCOUNT)
    assert line.state == "pending"


def test_payments_above_the_yearly_cap_are_flagged_not_refused(city):
    AssistancePolicy.objects.create(year=timezone.localdate().year, yearly_cap_fen=500_000)
    m = member(city, 1, is_migrant_worker=True)
    first = student_aid(city)
    second = student_aid(city)
    a = apply(city, first, m)
    services.approve(a, acting_user=city.users["rights"])
    b = apply(city, second, m)
    assert b.over_yearly_cap and "5,000.00" in b.cap_note
    b = services.approve(b, acting_user=city.users["rights"])
    assert b.state == "approved" and b.over_yearly_cap
    assert not AssistanceApplication.objects.get(pk=a.pk).over_yearly_cap


# --- access ----------------------------------------------------------------------------------

def test_who_applies_and_who_reviews(city):
    from gonghui.members import joins

    programme = student_aid(city)
    m = member(city, 1, is_migrant_worker=True)
    m2 = member(city, 2, union=city.grassroots2, is_migrant_worker=True)
    with pytest.raises(PermissionDenied):  # the grassroots clerk applies only for their own union
        apply(city, programme, m2)
    with pytest.raises(PermissionDenied):  # the organisation department runs no assistance
        apply(city, programme, m, by="county")
    a = apply(city, programme, m)
    with pytest.raises(PermissionDenied):  # the grassroots clerk does not approve
        services.approve(a, acting_user=city.users["union"])
    with pytest.raises(PermissionDenied):
        services.approve(a, acting_user=city.users["auditor"])
    # the member applies for themselves, and only for themselves
    account_user = joins.member_account(m2, "13912340000")
    mine = services.apply(acting_user=account_user, programme=programme, member=m2, school_level="high_school",
                          student_name="王小", bank_name="农业银行", bank_account=account(7))
    assert mine.by_member and mine.amount_fen == 200_000
    with pytest.raises(PermissionDenied):
        services.apply(acting_user=account_user, programme=programme, member=member(city, 3, is_migrant_worker=True),
                       school_level="high_school", student_name="x", bank_name="农业银行", bank_account=account(8))


# --- publicity, batch, bank file -------------------------------------------------------------

def test_publicity_must_end_before_payment(city):
    programme = student_aid(city, publicity_days=5)
    a = apply(city, programme, member(city, 1, is_migrant_worker=True))
    to_publicity(city, a)
    assert a.publicity_until == timezone.localdate() + datetime.timedelta(days=5)
    with pytest.raises(ValidationError):
        services.make_batch(acting_user=city.users["rights"], programme=programme, union=city.root)
    AssistanceApplication.objects.filter(pk=a.pk).update(publicity_until=timezone.localdate())
    assert services.make_batch(acting_user=city.users["rights"], programme=programme, union=city.root).line_count == 1


def _paid_batch(city, n=3):
    programme = student_aid(city)
    apps = [apply(city, programme, member(city, i, is_migrant_worker=True), bank_account=account(i))
            for i in range(1, n + 1)]
    for a in apps:
        to_publicity(city, a)
    return programme, services.make_batch(acting_user=city.users["rights"], programme=programme, union=city.root)


def test_bank_file_follows_the_configured_columns(city, rf):
    programme, batch = _paid_batch(city, 2)
    BankFileLayout.objects.create(union=city.root, name="工行代发", columns=[
        ["业务参考号", "reference"], ["户名", "payee_name"], ["卡号", "bank_account"], ["金额", "amount_yuan"],
        ["会员编号", "member_number"]])
    response = services.bank_file(batch, acting_user=city.users["rights"])
    rows = next(iter(read_xlsx(response).values()))
    assert rows[0] == ["业务参考号", "户名", "卡号", "金额", "会员编号"]
    lines = list(batch.lines.order_by("id").select_related("member"))
    assert [r[0] for r in rows[1:]] == [x.reference for x in lines]
    assert rows[1][2] == account(1) and rows[1][3] == "3000.00" and rows[1][4] == lines[0].member.number
    assert AuditEntry.objects.filter(action="reveal", object_id=str(batch.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.bank_file(batch, acting_user=city.users["auditor"])


def test_default_layout_without_a_union_row(city):
    programme, batch = _paid_batch(city, 1)
    rows = next(iter(read_xlsx(services.bank_file(batch, acting_user=city.users["rights"])).values()))
    assert rows[0] == [h for h, _f in BankFileLayout.DEFAULT_COLUMNS]


def test_result_file_marks_lines_paid_and_failed_then_reissue(city):
    programme, batch = _paid_batch(city, 3)
    refs = list(batch.lines.order_by("id").values_list("reference", flat=True))
    counts = services.record_result(batch, acting_user=city.users["rights"], upload=result_xlsx(
        [(refs[0], "成功", ""), (refs[1], "失败", "户名不符"), (refs[2], "成功", "")]))
    assert counts == {"paid": 2, "failed": 1}
    batch.refresh_from_db()
    assert batch.state == "done"
    failed = batch.lines.get(state="failed")
    assert failed.failure_reason == "户名不符" and failed.application.state == "failed"
    services.correct_account(failed.application, acting_user=city.users["rights"], bank_name="建设银行",
                             bank_account=account(99))
    new = services.reissue(batch, acting_user=city.users["rights"])
    line = new.lines.get()
    assert (line.reissued_from, line.bank_account.reveal(), line.application.state) == (failed, account(99), "batched")
    with pytest.raises(ValidationError):  # a failed line is re-issued once
        services.reissue(batch, acting_user=city.users["rights"])
    services.record_result(new, acting_user=city.users["rights"], upload=result_csv([(line.reference, "成功", "")]))
    assert AssistanceApplication.objects.filter(programme=programme, state="paid").count() == 3


@pytest.mark.parametrize("rows, header, message", [
    ([("PB-unknown", "成功", "")], ("序号", "状态", "原因"), "第 2 行"),
    ("dup", ("序号", "状态", "原因"), "重复"),
    ("amount", ("序号", "状态", "金额"), "金额"),
    ("account", ("序号", "状态", "账号"), "账号"),
    ("status", ("序号", "状态", "原因"), "既不是"),
    ([], ("序号", "原因"), "状态"),
])
def test_a_result_file_that_does_not_match_writes_nothing(city, rows, header, message):
    programme, batch = _paid_batch(city, 2)
    r1, r2 = batch.lines.order_by("id").values_list("reference", flat=True)
    rows = {
        "dup": [(r1, "成功", ""), (r2, "成功", ""), (r1, "失败", "x")],
        "amount": [(r1, "成功", "3000.00"), (r2, "成功", "3000.01")],
        "account": [(r1, "成功", account(1)), (r2, "成功", account(55))],
        "status": [(r1, "成功", ""), (r2, "处理中", "")],
    }.get(rows, rows) if isinstance(rows, str) else rows
    before = (list(PaymentLine.objects.values_list("state", flat=True)), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as e:
        services.record_result(batch, acting_user=city.users["rights"], upload=result_csv(rows, header))
    assert message in " ".join(e.value.messages)
    assert (list(PaymentLine.objects.values_list("state", flat=True)), AuditEntry.objects.count()) == before
    assert not AssistanceApplication.objects.filter(state__in=["paid", "failed"]).exists()


def test_a_line_is_recorded_once(city):
    programme, batch = _paid_batch(city, 1)
    ref = batch.lines.get().reference
    services.record_result(batch, acting_user=city.users["rights"], upload=result_csv([(ref, "成功", "")]))
    with pytest.raises(ValidationError) as e:
        services.record_result(batch, acting_user=city.users["rights"], upload=result_csv([(ref, "失败", "x")]))
    assert "已登记" in " ".join(e.value.messages)


def test_batches_only_from_the_users_subtree(city):
    from ..factories import user

    programme = student_aid(city)
    a = apply(city, programme, member(city, 1, is_migrant_worker=True))
    to_publicity(city, a)
    county2_rights = user("rights-county2", "rights", city.county2)
    with pytest.raises(ValidationError):  # nothing of theirs is ready
        services.make_batch(acting_user=county2_rights, programme=programme, union=city.county2)
    with pytest.raises(PermissionDenied):
        services.make_batch(acting_user=county2_rights, programme=programme, union=city.county)
    with pytest.raises(ValidationError):  # naming someone else's application does not help
        services.make_batch(acting_user=county2_rights, programme=programme, union=city.county2, applications=[a])


# --- visits ----------------------------------------------------------------------------------

def test_visits_draw_on_the_budget(city):
    today = timezone.localdate()
    programme = services.create_programme(
        acting_user=city.users["rights"], owner=city.root, name="送温暖", kind="winter_warmth", year=today.year,
        opens_on=today - datetime.timedelta(days=5), closes_on=today, budget_fen=100_000, any_member=True)
    m = member(city, 1)
    v = services.record_visit(acting_user=city.users["rights"], programme=programme, union=city.grassroots,
                              target="household", member=m, visited_on=today, amount_fen=60_000, goods="米、油",
                              participants="市总工会副主席")
    assert v.visited_name == m.name and v.budget.union == city.root
    with pytest.raises(ValidationError):
        services.record_visit(acting_user=city.users["rights"], programme=programme, union=city.grassroots,
                              target="enterprise", employer=city.employer, visited_on=today, amount_fen=50_000)
    e = services.record_visit(acting_user=city.users["rights"], programme=programme, union=city.grassroots,
                              target="enterprise", employer=city.employer, visited_on=today, goods="慰问品")
    assert e.visited_name == city.employer.name and e.member is None
    assert Visit.objects.count() == 2
    with pytest.raises(PermissionDenied):  # a grassroots clerk records their own union's visits only
        services.record_visit(acting_user=city.users["union"], programme=programme, union=city.grassroots_b,
                              target="household", member=m, visited_on=today, goods="米")
    # a household visit counts toward the yearly cap
    assert services._received_in_year(m, today.year) == 60_000


def test_batch_is_refused_while_nothing_is_ready(city):
    programme = student_aid(city)
    with pytest.raises(ValidationError):
        services.make_batch(acting_user=city.users["rights"], programme=programme, union=city.root)
    assert not PaymentBatch.objects.exists()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(groups=st.fixed_dictionaries({"any_member": st.booleans(), "model_workers": st.booleans(),
                                     "gig_workers": st.booleans(), "migrant_workers": st.booleans(),
                                     "hardship_categories": st.lists(st.sampled_from(["deep", "relative",
                                                                                      "accident"]), unique=True)}),
       traits=st.fixed_dictionaries({"is_model_worker": st.booleans(), "is_gig_worker": st.booleans(),
                                     "is_migrant_worker": st.booleans()}),
       category=st.sampled_from(["", "deep", "relative", "accident"]))
def test_eligibility_is_membership_in_any_ticked_group(city, groups, traits, category):
    """A member in good standing under the owner qualifies exactly when they match a ticked group."""
    from gonghui.assistance.models import Programme

    programme = Programme(owner=city.root, **groups)
    m = Member.objects.filter(union=city.grassroots).first() or member(city, 1)
    for k, v in traits.items():
        setattr(m, k, v)
    case = services.assess(programme, m, {m.pk: category} if category else {})
    expected = (groups["any_member"] or category in groups["hardship_categories"]
                or (groups["model_workers"] and traits["is_model_worker"])
                or (groups["gig_workers"] and traits["is_gig_worker"])
                or (groups["migrant_workers"] and traits["is_migrant_worker"]))
    assert case.eligible == bool(expected)
    assert case.with_file == bool(category)
    # a member of a union outside the programme's owner never qualifies
    assert not services.assess(Programme(owner=city.county2, any_member=True), m, {}).eligible
