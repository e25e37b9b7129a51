"""Streaming xlsx export: rows are written with constant memory to a temporary file, which
is then streamed to the browser; every export is recorded in the audit trail."""

import re
import tempfile
from decimal import Decimal
from urllib.parse import quote

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone

from . import audit


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):  # amounts in yuan stay numbers the sheet can add up
        return value
    text = str(value)
    # A leading =, +, - or @ would make a spreadsheet run the cell as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


FILE_NAME_UNSAFE = re.compile(r'[\\/:*?"<>|]')


def sheet_title(title):
    """Excel refuses sheet names with []:*?/\\, longer than 31 characters or edged with '."""
    return re.sub(r"[\[\]:*?/\\]", "_", str(title))[:31].strip("'") or "Sheet1"


def write_xlsx(out, *, user, title, headers, rows, filters=None):
    """Write `rows` (an iterable of sequences) under `headers` into the binary file `out`, and
    record the export in the audit trail. Returns the number of rows."""
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False,
                                     "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet(sheet_title(title))
    bold = book.add_format({"bold": True, "bg_color": "#E9ECEF"})
    for c, h in enumerate(headers):
        sheet.write_string(0, c, str(h), bold)
        sheet.set_column(c, c, max(10, min(40, len(str(h)) * 3)))
    n = 0
    for n, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            sheet.write(n, c, _cell(value))
    sheet.freeze_panes(1, 0)
    book.close()
    audit.record("export", actor=user, object_type="export", object_repr=str(title),
                 changes={"rows": n, "filters": filters or {}})
    return n


def file_name(title):
    return f"{FILE_NAME_UNSAFE.sub('_', str(title))}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"


def download(file, name):
    """A FileResponse of the open binary `file`, offered as `name`."""
    response = FileResponse(file, as_attachment=True, filename=name,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def xlsx_response(*, user, title, headers, rows, filters=None):
    """Write `rows` (an iterable of sequences) under `headers` and return a download."""
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after streaming
    write_xlsx(tmp, user=user, title=title, headers=headers, rows=rows, filters=filters)
    tmp.seek(0)
    return download(tmp, file_name(title))
