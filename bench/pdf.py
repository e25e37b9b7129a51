"""How long a printable document takes (core/pdf.py): a 公示 list of N rows and a member card,
rendered in process (no database: the rows are made here). Prints wall and CPU seconds per
document, pages and size; the first figure includes loading WeasyPrint and the fonts.

    .venv/bin/python bench/pdf.py [ROWS ...]     (default: 30 300)
"""

import datetime
import io
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
os.environ.setdefault("GONGHUI_ENV", "test")


class _Union:
    name = "衡阳县第一机械有限公司工会"


class _Application:
    def __init__(self, i):
        self.union = _Union()
        self.amount_fen = 300_000 + i * 100
        self.publicity_until = datetime.date(2026, 12, 12)

    def get_school_level_display(self):
        return "本科"


class _Programme:
    name, year, publicity_days = "金秋助学", 2026, 5


class _Member:
    name, union, number, joined_on = "欧阳晓燕", _Union(), "HY2026000123", datetime.date(2019, 5, 1)


def timed(label, template, context):
    import pypdf

    from gonghui.core import pdf

    wall, cpu = time.perf_counter(), time.process_time()
    data = pdf.render_pdf(template, {**context, "qr": pdf.QR("http://127.0.0.1:8000/members/verify/?t=x")})
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    print(f"{label:<28} {wall:6.2f} s wall {cpu:6.2f} s CPU  {pages:3d} pages  {len(data) // 1024:5d} KiB")


def main(sizes):
    import django

    django.setup()
    from django.utils import translation

    translation.activate("zh-hans")
    timed("member card (cold start)", "members/card_pdf.html",
          {"title": "会员卡", "issuer": _Union.name, "member": _Member(), "until": datetime.date(2027, 12, 6)})
    timed("member card", "members/card_pdf.html",
          {"title": "会员卡", "issuer": _Union.name, "member": _Member(), "until": datetime.date(2027, 12, 6)})
    for n in sizes:
        rows = [(f"王*{i}", _Application(i)) for i in range(n)]
        timed(f"公示 list, {n} rows", "assistance/publicity_pdf.html",
              {"title": "公示：金秋助学", "issuer": "衡阳市总工会", "p": _Programme(), "rows": rows})


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [30, 300])
