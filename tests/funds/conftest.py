"""Building blocks of the funds tests: a finance clerk at the city and at 衡阳县, statements
written as CSV, employers in other provinces' divisions."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.orgs.models import Region, Union

from ..factories import colleague, employer, user

_seq = iter(range(10**6))
MONTH = date(2026, 1, 1)


def finance(c, where="city"):
    """A finance-department user (`fin_city` or `fin_county`) with its colleague for four eyes."""
    name = f"fin_{where}"
    if name not in c.users:
        union = c.root if where == "city" else c.county
        c.users[name] = user(name, "finance", union)
        colleague(c, name)
    return c.users[name]


def firm(c, *, region=None, headcount=10, union=True, name=None):
    """A new employer in 衡阳县's township (or `region`), with its own union under the township."""
    n = next(_seq)
    reg = Region.objects.get(code=region) if region else c.grassroots.region
    e = employer(500 + n, reg, name or f"经费测试企业{n}有限公司", headcount=headcount)
    if union:
        parent = c.township if not region else (c.township2 if region == c.grassroots2.region_id else c.root)
        Union.objects.add_child(parent, dict(name=f"{e.name}工会", kind="grassroots", region=reg, employer=e))
    return e


def statement_csv(rows, total=None):
    """A tax-bureau statement as CSV bytes; rows are (uscc, name, wage yuan, due yuan, paid yuan, date)."""
    out = io.StringIO()
    out.write("统一社会信用代码,单位名称,工资总额,应缴金额,实缴金额,入库日期\n")
    for r in rows:
        out.write(",".join(str(x) for x in r) + "\n")
    if total is not None:
        out.write("," .join(["合计", "", *[str(x) for x in total], ""]) + "\n")
    return out.getvalue().encode("utf-8")


def upload(data, name="2026-01税务代收明细.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")



@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """services.start_statement with its queued import run (the test profile runs tasks inline
    once the transaction commits; here the commit callbacks are run at once)."""
    from gonghui.funds import services

    def _start(**kw):
        with django_capture_on_commit_callbacks(execute=True):
            st = services.start_statement(**kw)
        st.refresh_from_db()
        return st

    return _start
