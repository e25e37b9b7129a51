"""A small city for tests: two counties, townships, grassroots and industry unions, and the
demo personas with their grants. Built explicitly so each test can see what it relies on."""

from dataclasses import dataclass, field

from stdnum.cn import uscc

from gonghui.accounts.models import Grant, Role, User
from gonghui.core.models import Code
from gonghui.orgs.models import Employer, Region, Union

PASSWORD = "Gonghui@2026"


def make_uscc(n, region="430421"):
    body = f"91{region}{n:09d}"
    return body + uscc.calc_check_digit(body)


def employer(n, region, name=None, headcount=50):
    return Employer.objects.create(
        name=name or f"测试企业{n}有限公司", uscc=make_uscc(n, region.code[:6]), region=region,
        headcount=headcount, industry=Code.objects.get(table="industry", code="C"),
        ownership=Code.objects.get(table="ownership", code="170"))


def user(username, role=None, union=None, covers_subtree=True, **kw):
    u = User.objects.create_user(username=username, password=PASSWORD, full_name=kw.pop("full_name", username),
                                 **kw)
    if role:
        Grant.objects.create(user=u, union=union, role=Role.objects.get(code=role), covers_subtree=covers_subtree)
    return u


def colleague(city, persona):
    """A second user with exactly `persona`'s grants, as `<persona>_colleague` in city.users (made once):
    the person who decides what `persona` submitted, since nobody approves their own."""
    name = f"{persona}_colleague"
    if name not in city.users:
        original = city.users[persona]
        twin = user(name, full_name=f"{original.full_name}（同事）")
        for g in Grant.objects.filter(user=original):
            Grant.objects.create(user=twin, union=g.union, role=g.role, covers_subtree=g.covers_subtree)
        city.users[name] = twin
    return name


@dataclass
class City:
    root: Union
    county: Union
    county2: Union
    township: Union
    township2: Union
    grassroots: Union
    grassroots_b: Union
    grassroots2: Union
    industry: Union
    employer: Employer
    employer2: Employer
    employer_free: Employer
    users: dict = field(default_factory=dict)


def build_city():
    r = Region.objects.get
    city_r, c1, c2 = r(code="430400"), r(code="430421"), r(code="430422")
    t1 = Region.objects.filter(parent=c1).order_by("code").first()
    t2 = Region.objects.filter(parent=c2).order_by("code").first()
    e1 = employer(1, t1, "衡阳县第一机械有限公司")
    e1b = employer(2, t1, "衡阳县湘江物流有限公司")
    e2 = employer(3, t2, "衡南县云集化工有限公司")
    free = employer(4, t1, "衡阳县未建会建材有限公司", headcount=80)
    add = Union.objects.add_child
    root = Union.objects.add_root(dict(name="衡阳市总工会", kind="federation", region=city_r))
    county = add(root, dict(name="衡阳县总工会", kind="federation", region=c1))
    county2 = add(root, dict(name="衡南县总工会", kind="federation", region=c2))
    township = add(county, dict(name=f"{t1.name}工会", kind="township", region=t1))
    township2 = add(county2, dict(name=f"{t2.name}工会", kind="township", region=t2))
    g1 = add(township, dict(name="衡阳县第一机械有限公司工会", kind="grassroots", region=t1, employer=e1,
                            chair_name="刘越高"))
    g1b = add(township, dict(name="衡阳县湘江物流有限公司工会", kind="grassroots", region=t1, employer=e1b))
    g2 = add(township2, dict(name="衡南县云集化工有限公司工会", kind="grassroots", region=t2, employer=e2))
    industry = add(root, dict(name="衡阳市物流行业工会", kind="industry", region=city_r))
    city = City(root, county, county2, township, township2, g1, g1b, g2, industry, e1, e2, free)
    city.users = {
        "city": user("city", "organisation", root),
        "county": user("county", "organisation", county),
        "county2": user("county2", "organisation", county2),
        "union": user("union", "union_staff", g1),
        "auditor": user("auditor", "auditor", root),
        "rights": user("rights", "rights", root),
        "publicity": user("publicity", "publicity", root),
        "merchant": user("merchant", "merchant", root),
        "operator": user("operator", "operator", root),
        "nobody": user("nobody"),
    }
    for u in city.users.values():
        u.refresh_from_db()
    return city


def read_xlsx(response):
    """The sheets of a downloaded workbook: {sheet name: rows as lists}."""
    import io

    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def hardship_file(member, *, by, year=2026, state="active", category="deep", **fields):
    """A hardship file written directly (no review), for tests of what reads files."""
    from gonghui.core.models import Code
    from gonghui.hardship.models import HardshipFile

    values = {"household_size": 3, "annual_income_fen": 2_400_000, "necessary_spending_fen": 600_000,
              "main_cause": Code.objects.get(table="hardship_cause", code="illness"), **fields}
    return HardshipFile.objects.create(member=member, union=member.union, year=year, state=state,
                                       category=category, created_by=by, **values)
