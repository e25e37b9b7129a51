"""Reading a roster file (xlsx or CSV) one row at a time, with the spreadsheet's own row
numbers, and the file-level problems a clerk must hear about before any row: a file that is
not what its name says, formulas (a formula's value is not what the clerk sees typed) and
merged cells (a merged block holds one value for many rows).

xlsx is read with python-calamine (Rust), CSV with the standard library; CSV may be UTF-8
(with or without BOM) or GB18030, which Excel writes on Chinese Windows.
"""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

KINDS = {".xlsx": "xlsx", ".csv": "csv"}


class RosterFileError(ValueError):
    """The file as a whole cannot be read; the message says why in the clerk's words."""


@dataclass
class FileProblem:
    row: int
    column: str
    message: str
    hint: str = ""


@dataclass
class RosterFile:
    """An opened roster: `rows()` yields (row number, cells) after the header row; `total`
    is the number of data rows when known up front (xlsx), else None (CSV: see `fraction`)."""

    header: list
    header_row: int
    total: int | None
    problems: list = field(default_factory=list)
    _rows: object = None
    _fraction: object = None

    def rows(self):
        return self._rows

    def fraction(self):
        """How far through the file the reader is, 0..1."""
        return self._fraction()


def kind_of(file_name):
    kind = KINDS.get(Path(file_name).suffix.lower())
    if kind is None:
        raise RosterFileError(_("%(name)s is not an xlsx or CSV file. Save the roster as .xlsx (Excel) or .csv "
                                "and upload it again.") % {"name": file_name})
    return kind


def column_letter(index):
    """0 -> A, 25 -> Z, 26 -> AA: as the spreadsheet labels its columns."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def open_roster(source, kind):
    """`source`: the file's path, or its bytes (a sealed upload opened in memory)."""
    return _open_xlsx(source) if kind == "xlsx" else _open_csv(source)


def _reader(source):
    """A fresh binary file object over `source` (a path or bytes)."""
    return io.BytesIO(source) if isinstance(source, bytes | bytearray) else open(source, "rb")  # noqa: SIM115


def _size(source):
    return len(source) if isinstance(source, bytes | bytearray) else Path(source).stat().st_size


# CSV ------------------------------------------------------------------------------------------------------------

def _encoding(source):
    with _reader(source) as f:
        head = f.read(65536)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def _open_csv(source):
    size = _size(source)
    if size == 0:
        raise RosterFileError(_("The file is empty."))
    raw = _reader(source)  # closed when the row generator ends
    text = io.TextIOWrapper(raw, encoding=_encoding(source), newline="", errors="strict")
    first = text.readline()
    dialect = "excel-tab" if "\t" in first and "," not in first else "excel"
    header = next(csv.reader([first], dialect=dialect), [])
    if not any(c.strip() for c in header):
        raw.close()
        raise RosterFileError(_("The first row of the file should hold the column names, but it is empty."))

    def rows():
        try:
            yield from enumerate(csv.reader(text, dialect=dialect), start=2)
        except UnicodeDecodeError:
            raise RosterFileError(_("The file mixes text encodings; save it again as CSV (UTF-8).")) from None
        except csv.Error as e:
            raise RosterFileError(_("The CSV file is malformed: %(error)s") % {"error": e}) from None
        finally:
            raw.close()

    return RosterFile(header=header, header_row=1, total=None, _rows=rows(),
                      _fraction=lambda: min(1.0, raw.tell() / size) if not raw.closed else 1.0)


# xlsx -----------------------------------------------------------------------------------------------------------

_FORMULA = re.compile(rb"<(?:\w+:)?c\s[^>]*?r=\"([A-Z]+)(\d+)\"[^>]*>\s*<(?:\w+:)?f[\s>/]")


def _first_sheet_part(zf):
    """The zip member holding the first sheet, by the workbook's own order."""
    workbook = zf.read("xl/workbook.xml")
    rels = zf.read("xl/_rels/workbook.xml.rels")
    rid = re.search(rb"<(?:\w+:)?sheet\b[^>]*?r:id=\"([^\"]+)\"", workbook)
    if rid is None:
        return None
    target = re.search(rb"<Relationship\b[^>]*?Id=\"" + re.escape(rid.group(1)) + rb"\"[^>]*?Target=\"([^\"]+)\"",
                       rels) or re.search(rb"<Relationship\b[^>]*?Target=\"([^\"]+)\"[^>]*?Id=\""
                                          + re.escape(rid.group(1)) + rb"\"", rels)
    if target is None:
        return None
    name = target.group(1).decode().lstrip("/")
    return name if name.startswith("xl/") else f"xl/{name}"


def formula_cells(source, limit=1000):
    """(column letter, row) of cells holding a formula in the first sheet, scanning the sheet's
    XML in chunks (a million rows stay out of memory)."""
    found, seen = [], set()
    with _reader(source) as raw, zipfile.ZipFile(raw) as zf:
        part = _first_sheet_part(zf)
        if part is None or part not in zf.namelist():
            return found
        with zf.open(part) as f:
            tail = b""
            while len(found) < limit:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                data = tail + chunk
                for m in _FORMULA.finditer(data):
                    ref = (m.group(1).decode(), int(m.group(2)))
                    if ref not in seen:
                        seen.add(ref)
                        found.append(ref)
                tail = data[-512:]
    return found[:limit]


def _open_xlsx(source):
    with _reader(source) as f:
        is_zip = zipfile.is_zipfile(f)
    if not is_zip:
        raise RosterFileError(_("The file is not a valid xlsx workbook (it may be an old .xls file or a renamed "
                                "file). Open it in Excel and save it as .xlsx."))
    try:
        book = (CalamineWorkbook.from_filelike(io.BytesIO(source)) if isinstance(source, bytes | bytearray)
                else CalamineWorkbook.from_path(str(source)))
        sheet = book.get_sheet_by_index(0)
    except CalamineError as e:
        raise RosterFileError(_("The workbook cannot be read: %(error)s") % {"error": e}) from None
    start = sheet.start
    if start is None or sheet.height == 0:
        raise RosterFileError(_("The first sheet of the workbook is empty."))
    first_row, first_col = start
    rows = sheet.iter_rows()
    header = [("" if v is None else str(v)) for v in next(rows)]
    problems = []
    for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or []:
        ref = f"{column_letter(c1)}{r1 + 1}:{column_letter(c2)}{r2 + 1}"
        problems.append(FileProblem(r1 + 1, column_letter(c1), _("Cells %(ref)s are merged.") % {"ref": ref},
                                    _("Unmerge the cells and fill in every row's own value.")))
    for col, row in formula_cells(source):
        problems.append(FileProblem(row, col, _("Cell %(ref)s holds a formula.") % {"ref": f"{col}{row}"},
                                    _("Copy the column and paste it as values only, then upload again.")))
    total = sheet.height - 1
    done = [0]

    def data_rows():
        pad = [None] * first_col
        for n, cells in enumerate(rows, start=first_row + 2):
            done[0] += 1
            yield n, pad + cells if first_col else cells

    header = [""] * first_col + header
    return RosterFile(header=header, header_row=first_row + 1, total=total, problems=problems, _rows=data_rows(),
                      _fraction=lambda: done[0] / total if total else 1.0)
