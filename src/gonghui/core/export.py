"""Streamed xlsx export: the workbook is written and sent as the rows are read, so the first
bytes leave at once, memory stays flat whatever the number of rows, and no proxy times out
waiting (issue 21: the whole roster, about 300,000 rows, used to be built whole before a byte
was sent). Every export is recorded in the audit trail.

An xlsx file is a zip of XML parts. The zip is written as a stream by `stream_zip` (entries
with data descriptors, so no size is needed up front) and the sheet's XML row by row with
inline strings (a shared-strings table would need every string before the sheet). The
response has no Content-Length: its length is known only at the end.
"""

import re
import zlib
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from stream_zip import ZIP_32, stream_zip

from . import audit, replica

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COMPRESSION = 1  # zlib level: the fastest; a sheet of IDs and names is still about a fifth of its XML
ROWS_PER_CHUNK = 1000  # sheet rows joined into one piece of XML before it goes to the zip


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value  # amounts in yuan stay numbers the sheet can add up; yes/no stays a truth value
    text = str(value)
    # A leading =, +, - or @ would make a spreadsheet run the cell as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


FILE_NAME_UNSAFE = re.compile(r'[\\/:*?"<>|]')
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not allowed in XML 1.0


def sheet_title(title):
    """Excel refuses sheet names with []:*?/\\, longer than 31 characters or edged with '."""
    return re.sub(r"[\[\]:*?/\\]", "_", str(title))[:31].strip("'") or "Sheet1"


def column_letter(index):
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_NEEDS_CARE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _row_xml(r, refs, values, style=""):
    """One sheet row. Text is written inline; xml:space="preserve" only on text with a space at
    an edge (Excel would trim it), so the common cell is short: less to build and to deflate."""
    cells = []
    add = cells.append
    for ref, value in zip(refs, values, strict=False):
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            if isinstance(value, bool):
                add(f'<c r="{ref}{r}"{style} t="b"><v>{int(value)}</v></c>')
                continue
            if isinstance(value, int | Decimal) or (isinstance(value, float) and value == value):
                add(f'<c r="{ref}{r}"{style}><v>{value}</v></c>')  # amounts stay numbers the sheet can add up
                continue
            if isinstance(value, float):  # NaN has no place in a sheet
                continue
            value = _cell(value)
        elif value[0] in "=+-@":  # a spreadsheet would run the cell as a formula
            value = "'" + value
        if _NEEDS_CARE.search(value) is not None:  # rare: something to escape or drop
            value = escape(XML_UNSAFE.sub("", value))
            if not value:
                continue
        if value[0].isspace() or value[-1].isspace():
            add(f'<c r="{ref}{r}"{style} t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>')
        else:
            add(f'<c r="{ref}{r}"{style} t="inlineStr"><is><t>{value}</t></is></c>')
    return f'<row r="{r}">{"".join(cells)}</row>'


def _sheet(headers, rows, counter):
    """The worksheet's XML in pieces: the header row (bold, frozen), then the rows as they come."""
    refs = [column_letter(i) for i in range(max(len(headers), 1))]
    widths = "".join(f'<col min="{i}" max="{i}" width="{max(10, min(40, len(str(h)) * 3))}" customWidth="1"/>'
                     for i, h in enumerate(headers, start=1))
    yield ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
           'state="frozen"/></sheetView></sheetViews>'
           f'{f"<cols>{widths}</cols>" if widths else ""}<sheetData>'
           + _row_xml(1, refs, [str(h) for h in headers], ' s="1"')).encode()
    chunk, n = [], 0
    for n, row in enumerate(rows, start=2):
        if len(row) > len(refs):
            refs += [column_letter(i) for i in range(len(refs), len(row))]
        chunk.append(_row_xml(n, refs, row))
        if len(chunk) == ROWS_PER_CHUNK:
            counter[0] = n - 1
            yield "".join(chunk).encode()
            chunk = []
    counter[0] = max(n - 1, 0)
    yield ("".join(chunk) + "</sheetData></worksheet>").encode()


def _parts(title, headers, rows, counter):
    ns = "http://schemas.openxmlformats.org/"
    rel = f"{ns}officeDocument/2006/relationships"
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    fixed = {
        "[Content_Types].xml": (
            f'<Types xmlns="{ns}package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'),
        "_rels/.rels": (
            f'<Relationships xmlns="{ns}package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<workbook xmlns="{ns}spreadsheetml/2006/main" xmlns:r="{rel}">'
            f'<sheets><sheet name="{escape(sheet_title(title), {chr(34): "&quot;"})}" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{ns}package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/></Relationships>'),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{ns}spreadsheetml/2006/main">'
            '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
            '</fill><fill><patternFill patternType="solid"><fgColor rgb="FFE9ECEF"/></patternFill></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
    }
    now = datetime.now()  # noqa: DTZ005 - zip entries carry local wall-clock times
    for name, xml in fixed.items():
        yield name, now, 0o644, ZIP_32, [(head + xml).encode()]
    yield "xl/worksheets/sheet1.xml", now, 0o644, ZIP_32, _sheet(headers, rows, counter)


def xlsx_chunks(title, headers, rows, counter=None):
    """The bytes of an xlsx workbook of one sheet `title`: `headers`, then `rows` (an iterable
    of sequences, read lazily). `counter[0]` holds the number of rows written so far."""
    counter = counter if counter is not None else [0]
    return stream_zip(_parts(title, headers, rows, counter), chunk_size=64 * 1024,
                      get_compressobj=lambda: zlib.compressobj(wbits=-zlib.MAX_WBITS, level=COMPRESSION))


def file_name(title, ext="xlsx"):
    return f"{FILE_NAME_UNSAFE.sub('_', str(title))}-{timezone.localtime():%Y%m%d-%H%M}.{ext}"


def xlsx_response(*, user, title, headers, rows, filters=None):
    """A download of `rows` (an iterable of sequences) under `headers`, streamed as the rows are
    read. The audit record is written when the stream ends (its rows as the count sent; a
    download broken off is recorded too, with `complete` false: what went out was read)."""
    counter, filters = [0], _plain(filters or {})

    def body():
        complete = False
        try:
            with replica.reads():  # a list as it stands is a report: the replica may serve it
                yield from xlsx_chunks(title, headers, rows, counter)
            complete = True
        finally:
            changes = {"rows": counter[0], "filters": filters}
            if not complete:
                changes["complete"] = False
            audit.record("export", actor=user, object_type="export", object_repr=str(title), changes=changes)

    response = StreamingHttpResponse(body(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name(title))}"
    response["X-Accel-Buffering"] = "no"  # nginx passes each piece on as it comes
    response["Cache-Control"] = "no-store"
    return response


def _plain(filters):
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in filters.items()}


def write_xlsx(out, *, user, title, headers, rows, filters=None):
    """Write the workbook into the binary file `out` (a task's file, offered later by
    `download`) and record the export. Returns the number of rows."""
    counter = [0]
    for chunk in xlsx_chunks(title, headers, rows, counter):
        out.write(chunk)
    audit.record("export", actor=user, object_type="export", object_repr=str(title),
                 changes={"rows": counter[0], "filters": _plain(filters or {})})
    return counter[0]


def download(file, name):
    """A FileResponse of the open binary `file`, offered as `name`."""
    response = FileResponse(file, as_attachment=True, filename=name, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
