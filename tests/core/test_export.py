"""The streamed xlsx writer (core/export.py) makes workbooks that Excel's stricter readers open:
openpyxl (which parses the sheet's XML as Excel does) and python-calamine (what imports read)
read back every cell as written: Chinese, XML's special characters, characters XML cannot hold
(control characters, a lone surrogate: dropped), text that only looks like a number, ISO dates,
numbers, truth values and formula-like text."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
from python_calamine import CalamineWorkbook

from gonghui.core.export import ROWS_PER_CHUNK, xlsx_chunks

HEADERS = ["姓名", "单位 & 备注", "证件号码", "会员编号", "入会日期", "金额（元）", "人数", "零工", "说明"]
ROWS = [
    ["张三丰", "AT&T <工会> \"联合\" 'x'", "43042119900101123X", "0012345", "2026-12-07", Decimal("1234.50"), 12,
     True, "=SUM(A1:A9)"],
    ["李\x01四\x1f", "  两端有空格  ", "430421199001011234", "00", date(2026, 1, 5), 0.25, -3, False,
     "第一行\n第二行\t制表"],
    ["王五\ud800", None, "", "1e5", "2026-02-30", None, 0, None, "+86 138\ufffe"],
]
EXPECTED = [
    ["张三丰", "AT&T <工会> \"联合\" 'x'", "43042119900101123X", "0012345", "2026-12-07", 1234.5, 12, True,
     "'=SUM(A1:A9)"],
    ["李四", "  两端有空格  ", "430421199001011234", "00", "2026-01-05", 0.25, -3, False, "第一行\n第二行\t制表"],
    ["王五", None, None, "1e5", "2026-02-30", None, 0, None, "'+86 138"],
]


def workbook(rows, counter=None):
    return b"".join(xlsx_chunks("会员名册 & <导出>", HEADERS, rows, counter))


def openpyxl_rows(data):
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    return sheet.title, [list(r) for r in sheet.iter_rows(values_only=True)], sheet


def test_openpyxl_reads_every_cell_as_written():
    data = workbook(ROWS)
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None  # every entry's CRC holds
    title, rows, sheet = openpyxl_rows(data)
    assert title == "会员名册 & <导出>"
    assert rows == [HEADERS, *EXPECTED]
    # ID-like text stays text (not 4.30421199001011E+17, nor 12345 without its zeros)
    assert sheet["C3"].data_type == "s" and sheet["D2"].data_type == "s" and sheet["D4"].data_type == "s"
    assert sheet["F2"].data_type == "n" and sheet["H2"].data_type == "b"
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"


def test_calamine_reads_the_same_cells():
    book = CalamineWorkbook.from_filelike(io.BytesIO(workbook(ROWS)))
    rows = book.get_sheet_by_name("会员名册 & <导出>").to_python()
    assert rows[0] == HEADERS
    assert [r[:4] for r in rows[1:]] == [r[:4] for r in [[v if v is not None else "" for v in e] for e in EXPECTED]]


def test_a_long_sheet_keeps_every_row_across_its_pieces():
    n = ROWS_PER_CHUNK * 2 + 7
    counter = [0]
    data = workbook(([f"会员{i}", f"<{i}&>", f"{i:018d}"] for i in range(n)), counter)
    _title, rows, _sheet = openpyxl_rows(data)
    assert counter[0] == n and len(rows) == n + 1
    assert rows[1][:3] == ["会员0", "<0&>", "0" * 18]
    assert rows[-1][:3] == [f"会员{n - 1}", f"<{n - 1}&>", f"{n - 1:018d}"]
