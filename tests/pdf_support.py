"""Reading the PDFs the site makes, for the tests of every app that prints (core/pdf.py).

The checks read the real file with pypdf: its text (through the fonts' ToUnicode maps, so a
missing or wrong font fails), the fonts embedded, the links, and the QR image itself, compared
module by module with the QR code of the URL it must open."""

import io
import re

import pypdf
import segno

MM = 72 / 25.4  # PDF points per millimetre


def read_pdf(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(content))


def pages_text(reader):
    """Each page's text with every space and line break taken out ("第 1 页 共 2 页" reads 第1页共2页)."""
    return [re.sub(r"\s+", "", p.extract_text() or "") for p in reader.pages]


def embedded_fonts(reader):
    """Base names of the fonts whose program is embedded in the file (a subset is fine)."""
    found = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for f in [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]:
                fd = f.get("/FontDescriptor")
                if fd is not None and any(k in fd.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    found.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return found


def assert_cjk_font(reader):
    fonts = embedded_fonts(reader)
    assert any("CJK-SC" in f for f in fonts), fonts


def links(reader, page=0):
    """(URI, width in mm, height in mm) of the page's link annotations."""
    out = []
    for a in reader.pages[page].get("/Annots") or []:
        a = a.get_object()
        if a.get("/Subtype") == "/Link" and "/URI" in a.get("/A", {}):
            x1, y1, x2, y2 = (float(v) for v in a["/Rect"])
            out.append((str(a["/A"]["/URI"]), abs(x2 - x1) / MM, abs(y2 - y1) / MM))
    return out


def qr_url(reader, page=0):
    """The URL of the QR code drawn on the page: the image must be, pixel for pixel, the QR code
    of the URL its link opens (one pixel per module, a two-module border), so a phone scanning
    the paper lands where the link does."""
    (url, width, height), = {link for link in links(reader, page) if link[1] > 0}  # WeasyPrint may write it twice
    assert width >= 20 and height >= 20, (width, height)  # the whole image is the link, big enough to scan
    expected = segno.make(url, error="m").matrix
    images = [i.image.convert("1") for i in reader.pages[page].images]
    assert images, "no QR image on the page"
    img = images[0]
    size = len(expected) + 4
    assert img.size == (size, size), img.size
    drawn = tuple(tuple(int(img.getpixel((x + 2, y + 2)) == 0) for x in range(len(expected)))
                  for y in range(len(expected)))
    assert drawn == tuple(tuple(int(bool(v)) for v in row) for row in expected)
    return url
