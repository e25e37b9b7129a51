"""The funds' rules at their boundaries: the split for every shipped province (the parts add up
to the receipt exactly), late fees (Beijing's 0.5% a day, none under the national rule), the 2%
and the dues' rounding, a statement refused whole, the 筹备金 handed over, the small-firm refund
with four eyes and its threshold's edge."""

from datetime import date
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.funds import rules, services
from gonghui.funds.models import Contribution, LedgerEntry, Level, MemberDues, Refund, Statement
from gonghui.members import services as member_services
from gonghui.orgs.models import Union
from gonghui.rules.models import Rule, RuleValue

from .conftest import MONTH, finance, firm, statement_csv, upload

pytestmark = pytest.mark.django_db
SHIPPED = ["", "14", "31", "33", "36", "43"]  # national, 山西, 上海, 浙江, 江西, 湖南


@pytest.mark.parametrize("province", SHIPPED)
def test_every_shipped_province_splits_each_receipt_exactly(db, province):
    region = (province or "43").ljust(6, "0")[:2] + "0101"
    table = rules.split_table(region, on=MONTH)
    assert sum(table.shares.values()) == 1
    if province:
        assert table.rulings[1].jurisdiction == province
    for amount in (0, 1, 2, 3, 7, 19, 20, 99, 100, 101, 12_345, 10**11 + 7):
        parts = table.split(amount)
        assert sum(parts.values()) == amount
        for level in (Level.COUNTY, Level.CITY, Level.PROVINCE, Level.NATIONAL):
            # upper levels are rounded down: never more than their exact share, less by under a fen
            exact = Fraction(amount) * table.shares[level]
            assert exact - 1 < parts[level] <= exact
    # 1 fen cannot be shared: it stays with the grassroots union
    assert table.split(1) == {"base": 1, "county": 0, "city": 0, "province": 0, "national": 0}
    assert table.split(100) == {"base": 60, "county": 15, "city": 10, "province": 10, "national": 5}


@given(st.integers(min_value=0, max_value=10**13))
@settings(max_examples=300, deadline=None)
def test_the_parts_always_add_up(amount):
    table = rules.SplitTable({"base": Fraction(3, 5), "county": Fraction(3, 20), "city": Fraction(1, 10),
                              "province": Fraction(1, 10), "national": Fraction(1, 20)}, ())
    parts = table.split(amount)
    assert sum(parts.values()) == amount and all(v >= 0 for v in parts.values())


def test_a_split_table_that_does_not_add_up_is_refused_by_name(db):
    rv = RuleValue.objects.get(rule__name="funds.split_upper", jurisdiction="43")
    rv.value = "county=1/5; city=1/10; province=1/10"
    rv.save()
    with pytest.raises(ValidationError, match="105%"):
        rules.split_table("430421", on=MONTH)


@pytest.mark.parametrize("province", SHIPPED)
def test_no_late_fee_under_the_shipped_rules_but_days_counted(db, province):
    region = (province or "43").ljust(2, "0") + "0101"
    due, _r = rules.due_on(MONTH, region)
    on_time = rules.late_fee(100_000, due, due, region)
    late = rules.late_fee(100_000, due, date.fromordinal(due.toordinal() + 1), region)
    assert (on_time.days, on_time.fee_fen) == (0, 0)
    assert (late.days, late.fee_fen) == (1, 0) and late.ruling.source.startswith("工会法 第四十四条")


def test_beijing_charges_half_a_percent_a_day_from_the_day_after_the_due_day(db):
    due, ruling = rules.due_on(date(2026, 3, 1), "110101")
    assert due == date(2026, 4, 15) and "第五十五条" in ruling.source
    assert rules.late_fee(100_000, due, due, "110101").fee_fen == 0
    one = rules.late_fee(100_000, due, date(2026, 4, 16), "110101")
    assert (one.days, one.fee_fen) == (1, 500) and "0.5%" in one.text
    assert rules.late_fee(100_001, due, date(2026, 4, 25), "110101").fee_fen == 5000  # 5000.05 → down


def test_a_due_day_on_a_holiday_moves_to_the_next_working_day(db):
    # January 2026's contribution: 15 February is a Sunday inside the 春节 holiday (15-23 Feb)
    assert rules.due_on(date(2026, 1, 1), "430421")[0] == date(2026, 2, 24)


def test_two_percent_rounds_half_up_and_dues_drop_the_wage_under_ten_yuan(db):
    assert rules.due_fen(12_345, "430421")[0] == 247  # 246.9 fen
    assert rules.due_fen(12_325, "430421")[0] == 247  # 246.5 → 247
    assert rules.due_fen(12_324, "430421")[0] == 246
    assert rules.dues_fen(345_678, "430421")[0] == 1725  # 3456.78 → 3450 → 17.25
    assert rules.dues_fen(345_000, "430421")[0] == 1725
    assert rules.dues_fen(344_999, "430421")[0] == 1720
    assert rules.dues_fen(999, "430421")[0] == 0


def _rows(firms, paid=True):
    out = []
    for e, wage in firms:
        due = rules.due_fen(wage * 100, e.region_id)[0]
        out.append((e.uscc, e.name, wage, f"{due / 100:.2f}", f"{due / 100:.2f}" if paid else "0", "2026-02-10"))
    return out


def test_a_statement_is_imported_and_split_into_every_level(city, start):
    fin = finance(city)
    a, b = firm(city), firm(city, union=False)
    rows = _rows([(a, 100_000), (b, 50_001)])
    st_ = start(acting_user=fin, union=city.root, month=MONTH, channel="tax",
                                   upload=upload(statement_csv(rows, total=(150_001, "3000.02", "3000.02"))))
    st_.refresh_from_db()
    assert st_.state == "done", st_.problems
    assert (st_.rows, st_.paid_total_fen) == (2, 300_002)
    ca = Contribution.objects.get(employer=a)
    assert (ca.kind, ca.due_fen, ca.paid_fen, ca.union.employer) == ("contribution", 200_000, 200_000, a)
    by_level = dict(ca.entries.values_list("level").annotate(s=Sum("amount_fen")))
    assert by_level == {"base": 120_000, "county": 30_000, "city": 20_000, "province": 20_000, "national": 10_000}
    assert ca.entries.get(level="county").union == city.county
    assert ca.entries.get(level="city").union == city.root
    assert ca.entries.get(level="province").union == city.root  # the tree's top remits what is above it
    cb = Contribution.objects.get(employer=b)
    assert cb.kind == "preparatory" and cb.union == city.county  # 筹备金 held by the county
    assert LedgerEntry.objects.filter(contribution=cb).aggregate(s=Sum("amount_fen"))["s"] == 100_002
    assert cb.entries.get(level="base").amount_fen == 60_002  # the odd fen stays at the base


def test_a_statement_whose_totals_do_not_match_is_rejected_whole_with_the_rows_named(city, start):
    fin = finance(city)
    a, b = firm(city), firm(city)
    rows = _rows([(a, 100_000), (b, 50_000)])
    rows[1] = (*rows[1][:3], "1000.50", *rows[1][4:])  # not 2% of 50,000
    rows.append(("91430421MA0000000X", "无此单位", 10, "0.20", "0.20", "2026-02-10"))
    before = (Contribution.objects.count(), LedgerEntry.objects.count())
    st_ = start(acting_user=fin, union=city.root, month=MONTH, channel="tax",
                                   upload=upload(statement_csv(rows, total=(150_010, "3000.70", "3000.70"))))
    st_.refresh_from_db()
    assert st_.state == "rejected"
    named = {p["row"]: p["message"] for p in st_.problems}
    assert set(named) == {3, 4, 5}, named
    assert "2%" in named[3] and "91430421MA0000000X" in named[4] and "合计" in named[5]
    assert (Contribution.objects.count(), LedgerEntry.objects.count()) == before


def test_a_statement_is_refused_for_the_declared_total_and_for_a_month_already_imported(city, start):
    fin = finance(city)
    a = firm(city)
    rows = _rows([(a, 10_000)])
    st_ = start(acting_user=fin, union=city.root, month=MONTH, channel="tax",
                                   upload=upload(statement_csv(rows)), declared_paid_fen=1)
    st_.refresh_from_db()
    assert st_.state == "rejected" and "申报" in st_.problems[0]["message"] or "declared" in st_.problems[0]["message"]
    ok = start(acting_user=fin, union=city.root, month=MONTH, channel="tax",
                                  upload=upload(statement_csv(rows)))
    ok.refresh_from_db()
    assert ok.state == "done"
    again = start(acting_user=fin, union=city.root, month=MONTH, channel="tax",
                                     upload=upload(statement_csv(rows)))
    again.refresh_from_db()
    assert again.state == "rejected" and Contribution.objects.filter(employer=a).count() == 1


def test_only_finance_staff_of_the_area_import_and_a_county_clerk_sees_only_its_county(city, start):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        start(acting_user=city.users["city"], union=city.root, month=MONTH, channel="tax",
                                 upload=upload(statement_csv([])))
    assert not Statement.objects.exists()
    fin = finance(city)
    a = firm(city)
    start(acting_user=fin, union=city.root, month=MONTH, channel="tax",
                             upload=upload(statement_csv(_rows([(a, 10_000)]))))
    seen = {lv for lv, in LedgerEntry.objects.restrict(city.users["county2"]).values_list("level")}
    assert seen == set()
    county = set(LedgerEntry.objects.restrict(city.users["county"]).values_list("level", flat=True))
    assert county == {"base", "county"}  # not the city's, the province's or the ACFTU's part


def test_arrears_a_direct_payment_and_the_notice(city, start):
    fin = finance(city)
    a = firm(city)
    rows = _rows([(a, 10_000)], paid=False)
    start(acting_user=fin, union=city.root, month=MONTH, channel="tax",
                             upload=upload(statement_csv(rows)))
    owing = services.arrears_queryset(Contribution.objects.all(), on=date(2026, 3, 1))
    assert [c.employer for c in owing] == [a]
    assert services.notify_arrears(list(owing), acting_user=fin) == 1
    with pytest.raises(ValidationError, match="尚欠"):
        services.record_payment(acting_user=fin, employer=a, month=MONTH, wage_bill_fen=1_000_000,
                                paid_fen=20_001, received_on=date(2026, 3, 2))
    c = services.record_payment(acting_user=fin, employer=a, month=MONTH, wage_bill_fen=1_000_000, paid_fen=20_000,
                                received_on=date(2026, 3, 2))
    assert c.owed_fen == 0 and c.late_days == 6 and c.late_fee_fen == 0  # 湖南: no late fee
    assert c.entries.aggregate(s=Sum("amount_fen"))["s"] == 20_000
    assert not services.arrears_queryset(Contribution.objects.all(), on=date(2026, 3, 3)).exists()


def test_the_preparatory_fund_goes_to_the_union_once_founded(city, start):
    fin = finance(city)
    b = firm(city, union=False)
    start(acting_user=fin, union=city.root, month=MONTH, channel="tax",
                             upload=upload(statement_csv(_rows([(b, 10_000)]))))
    with pytest.raises(ValidationError, match="尚未建会"):
        services.hand_over_preparatory(acting_user=fin, employer=b)
    new = Union.objects.add_child(city.township, dict(name=f"{b.name}工会", kind="grassroots", region=b.region,
                                                      employer=b))
    assert services.hand_over_preparatory(acting_user=fin, employer=b) == 12_000
    assert LedgerEntry.objects.filter(union=new).aggregate(s=Sum("amount_fen"))["s"] == 12_000
    held = LedgerEntry.objects.filter(union=city.county, level="base").aggregate(s=Sum("amount_fen"))["s"]
    assert held == 0


def test_member_dues_per_union_and_month(city):
    from tests.wcongress.conftest import member

    fin = finance(city)
    m1, m2 = member(city, city.grassroots), member(city, city.grassroots)
    other = member(city, city.grassroots2)
    with pytest.raises(ValidationError):
        services.set_dues(acting_user=city.users["union"], union=city.grassroots, month=MONTH,
                          wages=[(m1, 500_000), (other, 400_000)])
    assert not MemberDues.objects.exists()
    rows = services.set_dues(acting_user=city.users["union"], union=city.grassroots, month=MONTH,
                             wages=[(m1, 500_009), (m2, 345_678)])
    assert [r.dues_fen for r in rows] == [2500, 1725]
    assert services.mark_dues_paid([rows[0]], acting_user=fin, paid_on=date(2026, 1, 20)) == 1
    assert list(MemberDues.objects.filter(paid_on__isnull=True).values_list("member", flat=True)) == [m2.pk]
    assert member_services  # the roster service made the members


def _year(city, e, wage_yuan):
    fin = finance(city)
    due = rules.due_fen(wage_yuan * 100, e.region_id)[0]
    services.record_payment(acting_user=fin, employer=e, month=MONTH, wage_bill_fen=wage_yuan * 100, paid_fen=due,
                            received_on=date(2026, 2, 10))
    return due


def test_the_small_firm_threshold_at_its_edge_and_the_refund_with_four_eyes(city):
    fin_county = finance(city, "county")
    at = firm(city, headcount=25)      # 25 staff: 以下 includes the threshold
    over = firm(city, headcount=26)    # just over: keeps the normal share
    big_pay = firm(city, headcount=5)  # 10,000.01 yuan paid: over the amount
    paid_at = _year(city, at, 50_000)  # 1,000 yuan
    _year(city, over, 50_000)
    _year(city, big_pay, 500_000)      # 10,000 yuan: at the edge, qualifies
    fin = finance(city)
    services.record_payment(acting_user=fin, employer=big_pay, month=date(2026, 2, 1), wage_bill_fen=50,
                            paid_fen=1, received_on=date(2026, 3, 10))
    listed = services.list_refunds(acting_user=fin_county, county=city.county, year=2026)
    assert {r.employer for r in listed} == {at}
    with pytest.raises(ValidationError, match="normal share|正常"):
        services.apply_refund(acting_user=city.users["union"], employer=over, year=2026)
    r = listed[0]
    assert r.refund_fen == paid_at * 2 // 5  # the 40% that went up comes back: 100% of what it paid
    r = services.check_refund(r, acting_user=fin_county)
    with pytest.raises(ValidationError, match="colleague|同事"):
        services.decide_refund(r, acting_user=fin_county, approve=True)
    r = services.decide_refund(r, acting_user=city.users["fin_county_colleague"], approve=True)
    services.set_refund_account(r, acting_user=fin_county, account_holder=r.payee.name, bank_name="中国工商银行",
                                bank_account="43010000000000001234")
    batch = services.make_refund_batch(acting_user=fin_county, county=city.county)
    with pytest.raises(ValidationError):
        services.mark_batch_paid(batch, acting_user=fin_county)
    services.mark_batch_paid(batch, acting_user=city.users["fin_county_colleague"])
    assert Refund.objects.get(pk=r.pk).state == "paid"
    base = LedgerEntry.objects.filter(employer=at, level="base").aggregate(s=Sum("amount_fen"))["s"]
    assert base == paid_at
    assert LedgerEntry.objects.filter(employer=at).aggregate(s=Sum("amount_fen"))["s"] == paid_at
    for level in ("county", "city", "province", "national"):
        assert LedgerEntry.objects.filter(employer=at, level=level).aggregate(s=Sum("amount_fen"))["s"] == 0


def test_a_pairing_records_visits_and_only_in_the_county(city):
    e = firm(city, union=False)
    far = firm(city, region="430422001", union=False) if False else None
    p = services.pair(acting_user=city.users["county"], county=city.county, employer=e, staff=city.users["county"])
    v = services.record_visit(p, acting_user=city.users["county"], visited_on=date(2026, 1, 5), outcome="preparing")
    assert v.pairing.employer == e
    with pytest.raises(ValidationError):
        services.pair(acting_user=city.users["county"], county=city.county, employer=city.employer2,
                      staff=city.users["county"])
    assert far is None
    assert Rule.objects.filter(name="funds.small_firm_staff_max").exists()
