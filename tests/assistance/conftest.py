"""Shared makers for the assistance tests: a 金秋助学 programme run by the city, members, and an
application carried to any state."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from stdnum import luhn
from stdnum.cn import ric

ACCOUNT = "622202100000000000"
ACCOUNT = ACCOUNT + luhn.calc_check_digit(ACCOUNT)  # 19 digits with a good check digit


def rid(n, county="430421"):
    body = f"{county}19900101{n:03d}"
    return body + ric.calc_check_digit(body + "0")


def account(n):
    body = f"6222021{n:011d}"
    return body + luhn.calc_check_digit(body)


def member(city, n, union=None, **optional):
    from gonghui.members import services

    return services.add_member(acting_user=city.users["city"], union=union or city.grassroots, name=f"王学{n}",
                               id_number=rid(n, (union or city.grassroots).region_id[:6]), **optional)


def student_aid(city, *, budget_fen=10_000_000, owner=None, publicity_days=0, **fields):
    """金秋助学 of the year, run by the city: undergraduates 5,000 元 with a hardship file and 3,000
    without; high school 2,000; open to members with a hardship file and to migrant workers."""
    from gonghui.assistance import services

    today = timezone.localdate()
    values = {"hardship_categories": ["deep", "relative", "accident"], "migrant_workers": True,
              "per_person_limit_fen": 500_000, "publicity_days": publicity_days, "period": "秋季"} | fields
    return services.create_programme(
        acting_user=city.users["rights"], owner=owner or city.root, name="金秋助学", kind="student_aid",
        year=today.year, opens_on=today - datetime.timedelta(days=10), closes_on=today + datetime.timedelta(days=30),
        budget_fen=budget_fen,
        amount_rules=[("undergraduate", True, 500_000), ("undergraduate", False, 300_000),
                      ("high_school", None, 200_000)],
        **values)


def apply(city, programme, m, *, by="union", **kw):
    from gonghui.assistance import services

    values = {"school_level": "undergraduate", "student_name": m.name + "之子", "bank_name": "工商银行",
              "bank_account": ACCOUNT} | kw
    return services.apply(acting_user=city.users[by], programme=programme, member=m, **values)


def to_publicity(city, application, *, by="rights"):
    from gonghui.assistance import services

    services.approve(application, acting_user=city.users[by], opinion="同意")
    services.publish([application], acting_user=city.users["rights"])
    application.refresh_from_db()
    return application


def pdf(name="录取通知书.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def result_csv(rows, header=("序号", "状态", "原因")):
    text = ",".join(header) + "\n" + "\n".join(",".join(str(c) for c in r) for r in rows) + "\n"
    return SimpleUploadedFile("result.csv", text.encode("utf-8"), content_type="text/csv")


def result_xlsx(rows, header=("序号", "状态", "原因")):
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf)
    sheet = book.add_worksheet()
    for c, h in enumerate(header):
        sheet.write_string(0, c, h)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            sheet.write_string(r, c, str(v))
    book.close()
    return SimpleUploadedFile("result.xlsx", buf.getvalue())
