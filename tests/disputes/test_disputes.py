"""The dispute deadlines at their boundaries, per shipped jurisdiction (national rules in Hunan,
Shanghai, Zhejiang), the refusals that change nothing, and the warning score and levels.

Calendar facts used (国办发明电〔2025〕7号): 2026-10-01 to 10-07 are the National Day holiday
(10-08, a Thursday, is a working day); 2026-09-25 to 09-27 中秋; plain weeks elsewhere."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.disputes import rules, services, warning
from gonghui.disputes.models import Dispute, SignalEntry, Watch
from gonghui.notices.models import Outbox
from gonghui.rules.models import Deadline, Rule, RuleValue

from .conftest import SHANGHAI, ZHEJIANG, dispute, firm, rights_user, to_accepted

pytestmark = pytest.mark.django_db


def _unchanged(d):
    before = {f.attname: getattr(d, f.attname) for f in Dispute._meta.concrete_fields}
    fresh = Dispute.objects.get(pk=d.pk)
    return before == {f.attname: getattr(fresh, f.attname) for f in Dispute._meta.concrete_fields}


# --- mediation (art. 14) -------------------------------------------------------------------------

def test_mediation_ends_fifteen_days_after_the_day_of_receipt(city):
    d = dispute(city, received_on=date(2026, 3, 2))  # Monday
    assert d.mediation_due_on == date(2026, 3, 17)  # counted from 03-03 (art. 201): the 15th day
    assert "劳动争议调解仲裁法 第十四条" in d.mediation_rule
    dl = Deadline.objects.get(kind="dispute_mediation", object_id=str(d.pk))
    assert (dl.due_on, dl.rule, dl.n, dl.unit, dl.responsible) == (date(2026, 3, 17), "rights.mediation_days", 15,
                                                                   "days", city.users["rights"])


def test_mediation_ending_on_a_holiday_moves_to_the_next_working_day(city):
    d = dispute(city, received_on=date(2026, 9, 16))  # 15 days later is 10-01, National Day
    assert d.mediation_due_on == date(2026, 10, 8)


@pytest.mark.parametrize("region", [SHANGHAI, ZHEJIANG])
def test_mediation_period_is_the_same_in_shanghai_and_zhejiang(city, region):
    e, u = firm(city, region)
    d = dispute(city, employer_=e, union=u, received_on=date(2026, 3, 2))
    assert d.mediation_due_on == date(2026, 3, 17)


def test_past_the_mediation_period_the_case_says_it_may_go_to_arbitration(city, login):
    d = dispute(city, received_on=date(2026, 3, 2))
    assert d.mediation_over  # today is after 2026-03-17
    page = login("rights").get(f"/disputes/{d.pk}/")
    assert 'data-testid="may-arbitrate"' in page.content.decode()
    fresh = dispute(city, received_on=timezone.localdate())
    assert not fresh.mediation_over


def test_zhejiang_allows_an_agreed_extension_and_hunan_does_not(city):
    e, u = firm(city, ZHEJIANG)
    zj = dispute(city, employer_=e, union=u, received_on=date(2026, 3, 2))
    services.extend_mediation(zj, acting_user=city.users["rights"], until=date(2026, 3, 31), note="双方书面同意延长")
    zj.refresh_from_db()
    assert zj.mediation_due_on == date(2026, 3, 31) and zj.mediation_extended
    assert "浙江省劳动人事争议调解仲裁条例" in zj.mediation_rule
    assert Deadline.objects.get(kind="dispute_mediation", object_id=str(zj.pk)).due_on == date(2026, 3, 31)
    hn = dispute(city, received_on=date(2026, 3, 2))
    with pytest.raises(ValidationError) as e:
        services.extend_mediation(hn, acting_user=city.users["rights"], until=date(2026, 3, 31), note="双方同意")
    assert "第十四条" in str(e.value)
    assert _unchanged(hn)


def test_an_extension_must_end_after_the_period(city):
    e, u = firm(city, ZHEJIANG)
    zj = dispute(city, employer_=e, union=u, received_on=date(2026, 3, 2))
    with pytest.raises(ValidationError):
        services.extend_mediation(zj, acting_user=city.users["rights"], until=date(2026, 3, 17), note="同意")
    assert _unchanged(zj)


def test_an_agreement_needs_signatures_and_the_stamp(city):
    d = dispute(city, received_on=date(2026, 3, 2))
    with pytest.raises(ValidationError) as e:
        services.record_agreement(d, acting_user=city.users["rights"], agreed_on=date(2026, 3, 10), signed=True,
                                  stamped=False, text="三日内支付", amount_fen=800_000, pay_by=date(2026, 3, 13))
    assert "第十四条" in str(e.value) and _unchanged(d)
    services.record_agreement(d, acting_user=city.users["rights"], agreed_on=date(2026, 3, 10), signed=True,
                              stamped=True, text="三日内支付", amount_fen=800_000, pay_by=date(2026, 3, 13))
    d.refresh_from_db()
    assert d.state == "agreed"
    assert Deadline.objects.get(kind="dispute_mediation", object_id=str(d.pk)).closed_at is not None
    assert Deadline.objects.get(kind="dispute_payment", object_id=str(d.pk)).due_on == date(2026, 3, 13)


def test_an_unpaid_wage_agreement_offers_a_payment_order(city):
    d = dispute(city, received_on=date(2026, 3, 2))
    services.record_agreement(d, acting_user=city.users["rights"], agreed_on=date(2026, 3, 10), signed=True,
                              stamped=True, text="三日内支付", amount_fen=800_000, pay_by=date(2026, 3, 13))
    d.refresh_from_db()
    assert d.payment_order_open
    with pytest.raises(ValidationError) as e:  # not before the agreed day has passed
        services.apply_payment_order(d, acting_user=city.users["rights"], applied_on=date(2026, 3, 13))
    assert "第十六条" in str(e.value)
    services.apply_payment_order(d, acting_user=city.users["rights"], applied_on=date(2026, 3, 16))
    d.refresh_from_db()
    assert d.payment_order_on == date(2026, 3, 16) and not d.payment_order_open


def test_a_non_money_agreement_offers_no_payment_order(city):
    d = dispute(city, received_on=date(2026, 3, 2), claim="dismissal")
    services.record_agreement(d, acting_user=city.users["rights"], agreed_on=date(2026, 3, 10), signed=True,
                              stamped=True, text="恢复劳动关系", pay_by=date(2026, 3, 13))
    d.refresh_from_db()
    assert not d.payment_order_open
    with pytest.raises(ValidationError):
        services.apply_payment_order(d, acting_user=city.users["rights"], applied_on=date(2026, 3, 20))


# --- the time bar (art. 27) ----------------------------------------------------------------------

def test_time_bar_is_one_year_from_knowing_and_restarts_at_an_interruption(city):
    """The application for mediation is a request for relief (art. 27 para. 2): the year runs again
    from its receipt; a later interruption restarts it again, an earlier one is overtaken."""
    d = dispute(city, claim="compensation", knew=date(2025, 3, 10), event=date(2025, 3, 1),
                received_on=date(2026, 3, 2))
    bar = services.time_bar(d)
    assert (bar.start, bar.on) == (date(2026, 3, 2), date(2027, 3, 2)) and "第二十七条" in bar.text
    assert "申请调解" in bar.text
    services.add_interruption(d, acting_user=city.users["rights"], on=date(2025, 12, 1), kind="claimed",
                              note="书面催告")
    assert services.time_bar(d).start == date(2026, 3, 2)
    services.add_interruption(d, acting_user=city.users["rights"], on=date(2026, 4, 1), kind="claimed")
    bar = services.time_bar(d)
    assert (bar.start, bar.on) == (date(2026, 4, 1), date(2027, 4, 1)) and "时效中断" in bar.text


def test_a_mediation_application_after_the_year_ran_out_revives_nothing(city):
    d = dispute(city, claim="compensation", knew=date(2024, 3, 1), event=date(2024, 3, 1),
                received_on=date(2026, 3, 2))
    assert services.time_bar(d).on == date(2025, 3, 3)  # 2025-03-01 is a Saturday


def test_time_bar_ending_on_a_holiday_moves(city):
    d = dispute(city, claim="damages", knew=date(2025, 9, 20), event=date(2025, 9, 20), received_on=date(2025, 10, 1))
    assert services.time_bar(d).on == date(2026, 10, 8)  # from the application; 2026-10-01 is a holiday


def test_wages_while_employed_have_no_time_bar_until_the_employment_ends(city):
    d = dispute(city, claim="wages", employed=True, knew=date(2024, 1, 5), event=date(2024, 1, 5))
    bar = services.time_bar(d)
    assert bar.on is None and "第二十七条" in bar.text
    left = dispute(city, claim="wages", employed=False, ended=date(2025, 6, 30), knew=date(2024, 1, 5),
                   event=date(2024, 1, 5), received_on=date(2026, 7, 1))  # applied a day after the year ran out
    assert services.time_bar(left).on == date(2026, 6, 30)


def test_an_interruption_before_knowing_is_refused(city):
    d = dispute(city, claim="compensation", knew=date(2025, 3, 10), event=date(2025, 3, 1))
    with pytest.raises(ValidationError):
        services.add_interruption(d, acting_user=city.users["rights"], on=date(2025, 3, 9), kind="claimed")
    assert not d.interruptions.exists()


# --- arbitration (arts. 29, 43) ------------------------------------------------------------------

def test_acceptance_within_five_days_moves_past_the_holiday(city):
    d = dispute(city, received_on=date(2026, 9, 1))
    services.end_mediation(d, acting_user=city.users["rights"], on=date(2026, 9, 10), reason="单位拒绝")
    services.apply_arbitration(d, acting_user=city.users["rights"], applied_on=date(2026, 9, 26))
    d.refresh_from_db()
    assert d.state == "applied" and d.accept_due_on == date(2026, 10, 8)


def test_acceptance_counted_in_working_days_where_the_rulebook_says_so(city):
    """A jurisdiction whose value is in working days (an operator's entry for Hunan here)."""
    RuleValue.objects.create(rule=Rule.objects.get(name="rights.arbitration_accept_days"), jurisdiction="43",
                             valid_from=date(2020, 1, 1), value="5", unit="working_days", source="测试：工作日")
    d = dispute(city, received_on=date(2026, 9, 1))
    services.end_mediation(d, acting_user=city.users["rights"], on=date(2026, 9, 10), reason="单位拒绝")
    services.apply_arbitration(d, acting_user=city.users["rights"], applied_on=date(2026, 9, 24))  # Thursday
    d.refresh_from_db()
    # working days after 09-24: 09-28, 09-29, 09-30, 10-08, 10-09
    assert d.accept_due_on == date(2026, 10, 9)
    assert Deadline.objects.get(kind="dispute_accept", object_id=str(d.pk)).unit == "working_days"


def test_applying_while_mediation_runs_is_refused(city):
    d = dispute(city, received_on=date(2026, 3, 2))
    with pytest.raises(ValidationError) as e:
        services.apply_arbitration(d, acting_user=city.users["rights"], applied_on=date(2026, 3, 17))
    assert "第十四条" in str(e.value) and _unchanged(d)
    services.apply_arbitration(d, acting_user=city.users["rights"], applied_on=date(2026, 3, 18))
    assert Dispute.objects.get(pk=d.pk).state == "applied"


def test_award_due_45_days_after_acceptance_and_refused_a_day_later(city):
    d = to_accepted(city, dispute(city))
    assert d.award_due_on == date(2026, 9, 17) and "第四十三条" in d.award_rule
    with pytest.raises(ValidationError) as e:
        services.record_award(d, acting_user=city.users["rights"], awarded_on=date(2026, 9, 18), outcome="支持")
    assert "第四十三条" in str(e.value) and "2026-09-17" in str(e.value)
    assert _unchanged(d)
    services.record_award(d, acting_user=city.users["rights"], awarded_on=date(2026, 9, 17), outcome="支持")
    assert Dispute.objects.get(pk=d.pk).state == "awarded"


def test_one_extension_of_fifteen_days_then_no_second(city):
    d = to_accepted(city, dispute(city))
    services.extend_award(d, acting_user=city.users["rights"], reason="案情复杂，经主任批准", on=date(2026, 9, 10))
    d.refresh_from_db()
    assert d.award_due_on == date(2026, 10, 8)  # 09-17 + 15 = 10-02, a holiday
    with pytest.raises(ValidationError) as e:
        services.extend_award(d, acting_user=city.users["rights"], reason="再次延期", on=date(2026, 9, 20))
    assert "15" in str(e.value) and "第四十三条" in str(e.value)
    assert _unchanged(d)
    with pytest.raises(ValidationError):
        services.record_award(d, acting_user=city.users["rights"], awarded_on=date(2026, 10, 9), outcome="支持")
    services.record_award(d, acting_user=city.users["rights"], awarded_on=date(2026, 10, 8), outcome="支持")


def test_an_extension_after_the_period_ended_is_refused(city):
    d = to_accepted(city, dispute(city))
    with pytest.raises(ValidationError):
        services.extend_award(d, acting_user=city.users["rights"], reason="迟延", on=date(2026, 9, 18))
    assert _unchanged(d)


def test_zhejiang_simple_procedure_awards_within_thirty_days(city):
    e, u = firm(city, ZHEJIANG)
    d = to_accepted(city, dispute(city, employer_=e, union=u), simple=True)
    assert d.award_due_on == date(2026, 9, 2) and "简易程序" in d.award_rule
    hn = to_accepted(city, dispute(city), simple=True)  # no simple-procedure period in Hunan: 45 days
    assert hn.award_due_on == date(2026, 9, 17)


def test_a_future_date_is_refused(city):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as e:
        dispute(city, event=tomorrow, knew=tomorrow, received_on=tomorrow)
    assert "event_on" in e.value.message_dict
    assert not Dispute.objects.exists()


# --- final awards (art. 47) and the court (arts. 48-50) ------------------------------------------

@pytest.mark.parametrize("region,wage", [("430421", 210_000), (SHANGHAI, 274_000), (ZHEJIANG, 249_000)])
def test_final_at_exactly_twelve_months_of_the_minimum_wage(city, region, wage):
    on = date(2026, 9, 1)
    assert rules.finality("wages", 12 * wage, region, on).final
    assert not rules.finality("wages", 12 * wage + 1, region, on).final
    assert rules.finality("social_insurance", 10**9, region, on).final
    assert not rules.finality("dismissal", 100, region, on).final


def test_shanghai_minimum_wage_is_dated(city):
    assert not rules.finality("wages", 100, SHANGHAI, date(2025, 6, 30)).final  # no value before 2025-07-01
    assert "最低工资" in rules.finality("wages", 100, SHANGHAI, date(2025, 6, 30)).text


def test_a_final_award_gives_fifteen_and_thirty_days_to_court(city):
    d = to_accepted(city, dispute(city, amount_fen=2_520_000))
    services.record_award(d, acting_user=city.users["rights"], awarded_on=date(2026, 9, 2), outcome="支持")
    d.refresh_from_db()
    assert d.final and "2,520,000" not in d.final_rule and "25,200.00" in d.final_rule
    assert d.worker_court_due_on == date(2026, 9, 17) and d.employer_court_due_on == date(2026, 10, 8)
    assert "第四十八条" in d.court_rule and "第四十九条" in d.court_rule


def test_a_non_final_award_gives_fifteen_days_to_either_side(city):
    d = to_accepted(city, dispute(city, amount_fen=2_520_001))
    services.record_award(d, acting_user=city.users["rights"], awarded_on=date(2026, 9, 2), outcome="部分支持")
    d.refresh_from_db()
    assert not d.final
    assert d.worker_court_due_on == d.employer_court_due_on == date(2026, 9, 17)
    assert "第五十条" in d.court_rule


# --- 工会+法院 ----------------------------------------------------------------------------------

def test_a_court_referral_is_mediated_and_reported_back(city):
    r = services.refer(acting_user=city.users["rights"], union=city.county, court="衡阳县人民法院",
                       court_case="(2026)湘0421民诉前调123号", referred_on=date(2026, 3, 2), employer=city.employer,
                       worker_name="李四", claim="wages", event_on=date(2026, 2, 1), knew_on=date(2026, 2, 1),
                       employed=False, employment_ended_on=date(2026, 2, 1), amount_fen=500_000)
    assert r.report_due_on == date(2026, 4, 1)
    d = r.dispute
    with pytest.raises(ValidationError):
        services.report_referral(r, acting_user=city.users["rights"], reported_on=date(2026, 3, 5), note="调解中")
    services.record_agreement(d, acting_user=city.users["rights"], agreed_on=date(2026, 3, 10), signed=True,
                              stamped=True, text="一次性支付", amount_fen=450_000)
    services.report_referral(r, acting_user=city.users["rights"], reported_on=date(2026, 3, 11), note="已达成协议")
    r.refresh_from_db()
    assert (r.outcome, r.outcome_on, r.reported_on) == ("agreed", date(2026, 3, 10), date(2026, 3, 11))
    assert Deadline.objects.get(kind="referral_report", object_id=str(r.pk)).closed_at is not None


# --- mediation bodies (art. 10) ------------------------------------------------------------------

def test_an_enterprise_committee_is_chaired_from_the_union(city):
    u = city.users["rights"]
    body = services.create_body(acting_user=u, union=city.grassroots, kind="enterprise", name="第一机械调解委员会",
                                employer=city.employer)
    assert len(services.body_problems(body)) == 3
    with pytest.raises(ValidationError) as e:
        services.add_mediator(body, acting_user=u, name="王厂长", side="employer", is_chair=True)
    assert "第十条" in str(e.value)
    services.add_mediator(body, acting_user=u, name="刘越高", side="workers", is_chair=True, from_union=True)
    services.add_mediator(body, acting_user=u, name="王厂长", side="employer")
    assert services.body_problems(body) == []
    with pytest.raises(ValidationError):
        services.create_body(acting_user=u, union=city.grassroots, kind="enterprise", name="第二个",
                             employer=city.employer)


def test_a_body_mediates_only_its_employer(city):
    body = services.create_body(acting_user=city.users["rights"], union=city.grassroots, kind="enterprise",
                                name="第一机械调解委员会", employer=city.employer)
    with pytest.raises(ValidationError):
        dispute(city, employer_=city.employer2, union=city.grassroots2, body=body)
    assert not Dispute.objects.exists()


# --- early warning -------------------------------------------------------------------------------

@pytest.mark.parametrize("signals,score,level", [
    ({"boss_unreachable": 1, "wage_arrears": 1}, 80, "red"),
    ({"boss_unreachable": 1, "social_insurance_arrears": 1, "requests": 4}, 77, "orange"),
    ({"boss_unreachable": 1}, 50, "orange"),
    ({"disputes": 9, "requests": 1}, 48, "yellow"),
    ({"disputes": 4}, 20, "yellow"),
    ({"disputes": 3, "requests": 1}, 18, "none"),
    ({}, 0, "none"),
])
def test_score_and_level_boundaries(city, signals, score, level):
    a = warning.score(signals)
    assert (a.score, a.level) == (score, level)
    assert sum(r["subtotal"] for r in a.rows) == score
    assert [r.name for r in a.rules] == ["warning.weights", *[f"warning.{x}_score" for x in
                                                              ["red", "orange", "yellow"][:len(a.rules) - 1]]]


def test_weights_are_rulebook_values(city):
    RuleValue.objects.create(rule=Rule.objects.get(name="warning.weights"), jurisdiction="43",
                             valid_from=date(2020, 1, 1), value="disputes:100", source="测试")
    assert warning.score({"disputes": 1}, "430421").level == "red"
    assert warning.score({"disputes": 1}, SHANGHAI).level == "none"


def test_the_registry_adds_up_every_source(city, monkeypatch):
    import sys
    import types

    fake = types.ModuleType("fake_signals")
    fake.employer_signals = lambda ids, since, until: {i: {"contract_lapsed": 2, "disputes": 1} for i in ids}
    monkeypatch.setitem(sys.modules, "fake_signals", fake)
    monkeypatch.setitem(warning.SOURCES, "fake", "fake_signals")
    dispute(city, received_on=timezone.localdate())
    got = warning.collect([city.employer.pk], timezone.localdate() - timedelta(days=90), timezone.localdate())
    # the fake's counts added to the real sources' (the rights app answers zeros for no requests)
    assert got[city.employer.pk] == {"disputes": 2, "contract_lapsed": 2, "requests": 0, "wage_arrears": 0}


def test_mass_dispute_is_ten_workers_or_more(city):
    today = timezone.localdate()
    dispute(city, received_on=today, workers=9)
    got = warning.collect([city.employer.pk], today - timedelta(days=1), today)
    assert "mass_dispute" not in got[city.employer.pk]
    dispute(city, received_on=today, workers=10)
    got = warning.collect([city.employer.pk], today - timedelta(days=1), today)
    assert got[city.employer.pk]["mass_dispute"] == 1


def test_a_rising_level_puts_the_employer_on_the_watch_list_and_tells_the_county(city):
    today = timezone.localdate()
    u = city.users["rights"]
    services.add_signal(acting_user=u, union=city.grassroots, employer=city.employer, code="layoff", on=today)
    w = Watch.objects.get(employer=city.employer)
    assert (w.level, w.score, w.watched, w.union) == ("yellow", 20, True, city.grassroots)
    assert Outbox.objects.filter(kind="warning_raised").count() == 1
    out = Outbox.objects.get(kind="warning_raised")
    assert out.audience == [{"staff_of": city.county.pk, "perm": ""}]
    services.add_signal(acting_user=u, union=city.grassroots, employer=city.employer, code="boss_unreachable",
                        on=today)
    w.refresh_from_db()
    assert (w.level, w.score) == ("orange", 70)
    assert Outbox.objects.filter(kind="warning_raised").count() == 2
    assert warning.assess_all() == []  # nothing rose again: no new notice
    assert Outbox.objects.filter(kind="warning_raised").count() == 2


def test_an_employer_without_a_union_is_watched_by_its_area(city):
    today = timezone.localdate()
    services.add_signal(acting_user=city.users["rights"], union=city.township, employer=city.employer_free,
                        code="boss_unreachable", on=today)
    assert Watch.objects.get(employer=city.employer_free).union == city.township


def test_preservation_is_suggested_above_half_the_registered_capital(city):
    assert not warning.preservation(500_000, 1_000_000)[0]  # exactly half: not "超过"
    assert warning.preservation(500_001, 1_000_000)[0]
    assert not warning.preservation(500_001, None)[0]


def test_a_manual_signal_with_a_system_code_is_refused(city):
    with pytest.raises(ValidationError):
        services.add_signal(acting_user=city.users["rights"], union=city.grassroots, employer=city.employer,
                            code="disputes", on=timezone.localdate())
    assert not SignalEntry.objects.exists()


# --- access --------------------------------------------------------------------------------------

def test_a_county_sees_its_disputes_and_not_the_neighbours(city):
    mine = dispute(city)
    theirs = dispute(city, employer_=city.employer2, union=city.grassroots2)
    county, county2 = rights_user(city, "county"), rights_user(city, "county2")
    assert list(Dispute.objects.restrict(county)) == [mine]
    assert list(Dispute.objects.restrict(county2)) == [theirs]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.end_mediation(theirs, acting_user=county, on=date(2026, 3, 3), reason="x")
    assert _unchanged(theirs)


def test_the_auditor_reads_and_changes_nothing(city):
    d = dispute(city)
    assert list(Dispute.objects.restrict(city.users["auditor"])) == [d]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.end_mediation(d, acting_user=city.users["auditor"], on=date(2026, 3, 3), reason="x")
    assert _unchanged(d)


# --- every period, per shipped jurisdiction -------------------------------------------------------

JURISDICTIONS = [("430421", 210_000), ("360102", 200_000), ("140105", 198_000), (SHANGHAI, 274_000),
                 (ZHEJIANG, 249_000)]


@pytest.mark.parametrize("region,wage", JURISDICTIONS)
def test_every_period_at_its_boundary_in_each_jurisdiction(city, region, wage):
    """Hunan, Jiangxi and Shanxi follow the statute; Shanghai too; Zhejiang adds the extension
    and the simple procedure (tested above). Last day on a working day, then on a holiday."""
    assert rules.mediation(date(2026, 3, 2), region).on == date(2026, 3, 17)
    assert rules.mediation(date(2026, 9, 16), region).on == date(2026, 10, 8)
    assert rules.accept(date(2026, 3, 2), region).on == date(2026, 3, 9)  # 03-07 is a Saturday
    assert rules.accept(date(2026, 9, 26), region).on == date(2026, 10, 8)
    award = rules.award(date(2026, 8, 3), region)
    assert award.on == date(2026, 9, 17) and "第四十三条" in award.text
    assert rules.award_extension(award.on, region, date(2026, 9, 1)).on == date(2026, 10, 8)
    worker, employer = rules.court(date(2026, 9, 2), True, region)
    assert (worker.on, employer.on) == (date(2026, 9, 17), date(2026, 10, 8))
    both, same = rules.court(date(2026, 9, 2), False, region)
    assert both is same and both.on == date(2026, 9, 17)
    assert rules.finality("injury", 12 * wage, region, date(2026, 9, 1)).final
    assert not rules.finality("injury", 12 * wage + 1, region, date(2026, 9, 1)).final
    allowed = rules.extension_allowed(region, date(2026, 3, 2)).value
    assert allowed is (region == ZHEJIANG)


def test_the_handler_is_told_ahead_of_the_award_deadline(city):
    """The daily reminders (gonghui.notices.reminders) reach the dispute's handler within the
    kind's lead time (7 days before an award is due)."""
    from gonghui.notices import reminders

    d = to_accepted(city, dispute(city))  # award due 2026-09-17
    assert reminders.remind(today=date(2026, 9, 9))["soon"] == 0
    assert reminders.remind(today=date(2026, 9, 10))["soon"] == 1
    out = Outbox.objects.get(kind="deadline_soon")
    assert out.audience == [{"users": [city.users["rights"].pk]}] and d.number in out.title


def test_workers_requests_and_lapsed_contracts_feed_the_warning_score(city):
    """The rights and contracts apps are registered signal sources: two 欠薪 requests about an
    employer reach its signals as requests and as wage arrears; the employer next door has none."""
    import datetime

    from gonghui.disputes import warning

    from ..rights.conftest import request_

    request_(city)
    request_(city)
    today = datetime.date.today()
    signals = warning.collect([city.employer.pk, city.employer2.pk], today - datetime.timedelta(days=30), today)
    assert signals[city.employer.pk]["requests"] == 2 and signals[city.employer.pk]["wage_arrears"] == 2
    assert signals[city.employer.pk]["contract_lapsed"] == 0
    assert signals[city.employer2.pk]["requests"] == 0
    assert set(warning.SOURCES) == {"disputes", "entries", "rights", "contracts"}


@pytest.mark.parametrize("region,wage", JURISDICTIONS)
def test_time_bar_and_referral_report_at_their_boundaries_in_each_jurisdiction(city, region, wage):
    """Art. 27's year and the court referral's report period, in each shipped jurisdiction: the
    year ends on the same date a year on (a Tuesday here), moves past 国庆 when that date is
    2026-10-01, restarts at an interruption, and wages while employed have none; the report is
    due 30 days after the referral, and after the holiday when day 30 falls in it."""
    from types import SimpleNamespace

    def case(**kw):
        base = {"employer": SimpleNamespace(region_id=region), "claim": "compensation", "employed": False,
                "knew_on": date(2025, 3, 10), "employment_ended_on": None, "received_on": None}
        return SimpleNamespace(**(base | kw))

    bar = rules.time_bar(case())
    assert bar.on == date(2026, 3, 10) and "第二十七条" in bar.text
    assert rules.time_bar(case(knew_on=date(2025, 10, 1))).on == date(2026, 10, 8)
    restarted = rules.time_bar(case(), [SimpleNamespace(on=date(2025, 9, 30))])
    assert restarted.on == date(2026, 9, 30) and restarted.start == date(2025, 9, 30)
    assert rules.time_bar(case(claim="wages", employed=True)).on is None
    assert rules.time_bar(case(claim="wages", employment_ended_on=date(2025, 10, 1))).on == date(2026, 10, 8)
    assert rules.referral_report(date(2026, 3, 2), region).on == date(2026, 4, 1)
    assert rules.referral_report(date(2026, 9, 1), region).on == date(2026, 10, 8)


def test_the_time_bar_is_tracked_and_the_handler_told_ahead_until_arbitration_is_sought(city):
    """The year of art. 27 is a tracked deadline of the handler: reminded 30 days ahead, counted
    again from an interruption, closed once arbitration is applied for or an agreement is
    reached; wages while employed have none."""
    from gonghui.notices import reminders

    d = dispute(city, claim="compensation", knew=date(2025, 9, 20), event=date(2025, 9, 20),
                received_on=date(2025, 10, 1))
    dl = Deadline.objects.get(kind="dispute_time_bar", object_id=str(d.pk))
    assert (dl.due_on, dl.rule, dl.responsible) == (date(2026, 10, 8), "rights.arbitration_limit_years",
                                                     city.users["rights"])
    assert reminders.remind(today=date(2026, 9, 7))["soon"] == 0
    assert reminders.remind(today=date(2026, 9, 8))["soon"] == 1
    services.add_interruption(d, acting_user=city.users["rights"], on=date(2026, 3, 5), kind="claimed")
    dl.refresh_from_db()
    assert dl.due_on == date(2027, 3, 5) and dl.closed_at is None
    services.apply_arbitration(d, acting_user=city.users["rights"], applied_on=date(2026, 3, 18))
    dl.refresh_from_db()
    assert dl.closed_at is not None
    agreed = dispute(city, received_on=date(2026, 3, 2))
    services.record_agreement(agreed, acting_user=city.users["rights"], agreed_on=date(2026, 3, 10), signed=True,
                              stamped=True, text="一次性支付", amount_fen=450_000)
    assert Deadline.objects.get(kind="dispute_time_bar", object_id=str(agreed.pk)).closed_at is not None
    employed = dispute(city, claim="wages", employed=True)
    assert not Deadline.objects.filter(kind="dispute_time_bar", object_id=str(employed.pk)).exists()
