"""Printable documents: PDFs made from Django templates with WeasyPrint.

Every document extends ``core/pdf/base.html``: A4, a running header with the issuing union
and the document's title, "第 X 页 共 Y 页" in the footer (CSS page counters), Chinese set in
Debian's Noto CJK fonts (``fonts-noto-cjk``; WeasyPrint itself needs Pango), table headers
repeated on every page and rows never split. A QR code (segno) opens the record on the site;
it is drawn as an image wrapped in a link, so a phone can scan the paper and a PDF reader can
follow it.

Rendering never reaches the network: only ``data:`` URLs are fetched (the QR image); styles
are inlined by the template. Each download is written to the audit trail as the xlsx exports
are, since even a 公示 list carries (masked) names.
"""

import re
from urllib.parse import quote

import segno
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit

CONTENT_TYPE = "application/pdf"
FILE_NAME_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def _fetcher():
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def page_counter_css():
    """The footer's CSS ``content`` value: the translated "Page {page} of {pages}" with the two
    numbers as CSS counters (in Chinese "第 1 页 共 3 页")."""
    text = _("Page {page} of {pages}")
    out = []
    for piece in re.split(r"(\{page\}|\{pages\})", text):
        if piece == "{page}":
            out.append("counter(page)")
        elif piece == "{pages}":
            out.append("counter(pages)")
        elif piece:
            out.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(out)


class QR:
    """A QR code for `url`: one pixel per module in a PNG, scaled up crisply by the stylesheet."""

    def __init__(self, url, *, border=2):
        self.url = url
        self.code = segno.make(url, error="m")
        self.data_uri = self.code.png_data_uri(scale=1, border=border)


def render_pdf(template_name, context, *, request=None):
    """Render `template_name` (which extends ``core/pdf/base.html``) with `context` to PDF bytes."""
    from weasyprint import HTML

    context = {"page_counter": page_counter_css(), "printed_at": timezone.localtime(), **context}
    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).write_pdf()


def file_name(title, suffix=".pdf"):
    """A download name from `title` and the local date: Chinese kept, path characters replaced."""
    return f"{FILE_NAME_UNSAFE.sub('_', str(title)).strip('_')}-{timezone.localtime():%Y%m%d}{suffix}"


def pdf_response(content, filename, *, as_attachment=False):
    """Serve PDF bytes under a (Chinese) file name: RFC 6266 ``filename*`` for browsers, and an
    ASCII fallback for clients that read only ``filename``."""
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    kind = "attachment" if as_attachment else "inline"
    response["Content-Disposition"] = f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document(request, template_name, context, *, title, issuer, qr_url=None, rows=None, obj=None, union=None,
             as_attachment=False):
    """Render a printable document, audit its download and answer it.

    `issuer` is the union (or unions, joined) that issues the paper; `qr_url` a site path or
    absolute URL the QR code opens (made absolute from the request); `rows` how many people it
    lists, for the audit entry; `obj` / `union` what the audit entry hangs on (who may read it).
    """
    qr = None
    if qr_url:
        qr = QR(qr_url if "://" in qr_url else request.build_absolute_uri(qr_url))
    content = render_pdf(template_name, {**context, "title": title, "issuer": issuer, "qr": qr}, request=request)
    changes = {"format": "pdf", "query": request.GET.dict()}
    if rows is not None:
        changes["rows"] = rows
    if obj is not None:
        audit.record("export", actor=request.user, obj=obj, changes=changes | {"document": str(title)})
    else:
        audit.record("export", actor=request.user, object_type="export", object_repr=str(title), changes=changes,
                     union=union)
    return pdf_response(content, file_name(title), as_attachment=as_attachment)
