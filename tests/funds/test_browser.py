"""A finance clerk at 1366 px imports a tax-bureau statement: a statement whose 合计 does not add
up is refused whole with its rows named and nothing written; the corrected one is imported and
its split between the levels shown, each figure linking to its ledger rows."""

from playwright.sync_api import expect

from gonghui.funds import rules
from gonghui.funds.models import Contribution, LedgerEntry

from .conftest import finance, firm, statement_csv


def test_a_statement_is_refused_then_imported_and_split(sign_in, page, city, tmp_path):
    finance(city)
    a, b = firm(city), firm(city, union=False)
    rows = []
    for e, wage in ((a, 100_000), (b, 50_000)):
        due = rules.due_fen(wage * 100, e.region_id)[0]
        rows.append((e.uscc, e.name, wage, f"{due / 100:.2f}", f"{due / 100:.2f}", "2026-02-10"))
    bad = tmp_path / "2026-01税务代收明细（错）.csv"
    bad.write_bytes(statement_csv(rows, total=(150_000, "3000.00", "2999.00")))
    good = tmp_path / "2026-01税务代收明细.csv"
    good.write_bytes(statement_csv(rows, total=(150_000, "3000.00", "3000.00")))

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("fin_city")

    def upload(path):
        page.goto("/funds/statements/new/")
        page.locator("#id_union").select_option(label=city.root.name)
        page.locator("#id_month").fill("2026-01")
        page.locator("#id_file").set_input_files(str(path))
        page.get_by_role("button", name="保存").click()

    upload(bad)
    expect(page.get_by_test_id("statement-state")).to_have_text("已拒绝")
    expect(page.get_by_test_id("statement-problems")).to_contain_text("第 4 行")
    expect(page.get_by_test_id("statement-problems")).to_contain_text("实缴金额")
    assert not Contribution.objects.exists() and not LedgerEntry.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366

    upload(good)
    expect(page.get_by_test_id("statement-state")).to_have_text("已导入")
    expect(page.get_by_test_id("statement-paid")).to_have_text("3,000.00")
    split = page.get_by_test_id("statement-split")
    expect(split).to_contain_text("1,800.00")  # the base unions' 60% (the county holds the 筹备金's)
    expect(split).to_contain_text("150.00")    # the ACFTU's 5%
    split.get_by_role("link", name="450.00").click()  # the county's 15%
    expect(page.get_by_test_id("ledger-table")).to_contain_text(city.county.name)
    assert page.console_errors == []
