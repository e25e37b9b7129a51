"""Demo step: the demo logins, one per kind of user in DESIGN.md, each with its grant.

Every demo login has the password ``Gonghui@2026``; `gonghui demo --logins` prints them
(``make run`` does so after start-up).
"""

import unicodedata
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from gonghui.core.access import subtree_q
from gonghui.core.demo import demo_step
from gonghui.orgs.choices import UnionKind, UnionStatus
from gonghui.orgs.models import Union

from .models import Grant, Role, User

PASSWORD = "Gonghui@2026"  # noqa: S105 - the published password of the demo logins
COUNTY, COUNTY2 = "430421", "430422"  # 衡阳县, 衡南县


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    where: str  # "root", a county's region code, or "grassroots" (a union under 衡阳县)
    who: str  # shown after the person's name; {union} is the union of the grant
    sees: str  # {union} and {n}, the number of unions in the grant's subtree
    operator: bool = False


LOGINS = (
    DemoLogin("city", "organisation", "root", "{union}组织部", "全市 {n:,} 个工会组织，可维护组织与单位"),
    DemoLogin("county", "organisation", COUNTY, "{union}组织部", "{union}及以下 {n:,} 个工会组织，看不到其他县"),
    DemoLogin("county2", "organisation", COUNTY2, "{union}组织部", "{union}及以下 {n:,} 个工会组织，看不到衡阳县"),
    DemoLogin("union", "union_staff", "grassroots", "{union}主席", "只有本工会"),
    DemoLogin("rights", "rights", "root", "{union}权益保障部",
              "全市 {n:,} 个工会组织的困难职工档案、帮扶与医疗互助；唯一能看健康、收入和银行账户的演示账号"),
    DemoLogin("publicity", "publicity", "root", "{union}宣教部",
              "全市 {n:,} 个工会组织的普惠活动、职工活动、每月一答、打卡阅读与点单课程"),
    DemoLogin("merchant", "merchant", "root", "合作商户核销员", "只能核销普惠活动的领取码"),
    DemoLogin("auditor", "auditor", "root", "{union}经费审查委员会", "全市 {n:,} 个工会组织，只读，含审计日志"),
    DemoLogin("operator", "operator", "root", "平台运维", "全部数据与运维后台 /ops/，首次登录须绑定动态口令（TOTP）",
              operator=True),
)


def _chair_union(county):
    """A grassroots union of 衡阳县 of a size worth showing, whose chair gets the `union` login."""
    unions = Union.objects.filter(subtree_q("path", county.path), kind=UnionKind.GRASSROOTS,
                                  status=UnionStatus.ACTIVE).order_by("path")
    sized = unions.filter(employer__headcount__range=(100, 1000))
    return sized.filter(name__startswith=county.region.name).first() or sized.first() or unions.first()


@demo_step(order=20)
def build(ctx):
    """The demo logins (password Gonghui@2026) and their grants."""
    roles = {r.code: r for r in Role.objects.all()}
    hashed = make_password(PASSWORD)  # hashed once: the slow part of creating a user
    created = {}
    for spec in LOGINS:
        if spec.where == "root":
            union = ctx.root
        elif spec.where == "grassroots":
            union = _chair_union(ctx.counties[COUNTY])
        else:
            union = ctx.counties[spec.where]
        full_name = union.chair_name if spec.where == "grassroots" else ctx.fake.name()
        user = User.objects.create(username=spec.username, password=hashed, kind=User.Kind.STAFF,
                                   full_name=full_name, is_staff=spec.operator, is_superuser=spec.operator)
        Grant.objects.create(user=user, union=union, role=roles[spec.role], covers_subtree=True)
        ctx.users[spec.username] = user
        created[spec.username] = f"{spec.role} @ {union.name}"
    return {"users": created}


def clerk(ctx, union):
    """Who entered a submission of `union` (with its pk and path) in the demo records: the `union`
    login for its own union, else a clerk of the county federation above it (县总工会 staff enter
    the grassroots unions' files, as many counties do). Clerks have no demo login (no usable password); they
    exist so that no record is submitted and decided by the same person, the rule every
    review follows. Made on first use, one per county, kept on ``ctx.extras``."""
    if union.pk == _granted(ctx).get("union", (None,))[0]:
        return ctx.users["union"]
    county = next((c for c in ctx.counties.values() if union.path.startswith(c.path)), ctx.root)
    clerks = ctx.extras.setdefault("clerks", {})
    if county.pk not in clerks:
        user = User.objects.create(username=f"clerk-{county.region_id}", kind=User.Kind.STAFF,
                                   full_name=ctx.fake.name(), password=make_password(None))
        Grant.objects.create(user=user, union=county, role=Role.objects.get(code="union_staff"), covers_subtree=True)
        clerks[county.pk] = user
    return clerks[county.pk]


def reviewer(ctx, union):
    """Who reviews a submission of `union` for the union above it in the demo: the county login of
    its county (衡阳县, 衡南县), else the city's organisation department."""
    granted = _granted(ctx)
    for name in ("county", "county2"):
        if name in granted and union.path.startswith(granted[name][1]):
            return ctx.users[name]
    return ctx.users["city"]


def _granted(ctx):
    """username → (union id, union path) of the demo logins' grants, read once."""
    if "granted" not in ctx.extras:
        ctx.extras["granted"] = {g.user.username: (g.union_id, g.union.path)
                                 for g in Grant.objects.filter(user__in=ctx.users.values()).select_related("user",
                                                                                                            "union")}
    return ctx.extras["granted"]


def _width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text, width):
    return text + " " * (width - _width(text))


def login_rows():
    """(username, password, who, sees) for each demo login present in the database."""
    rows = []
    for spec in LOGINS:
        user = User.objects.filter(username=spec.username).first()
        grant = user and user.grants.select_related("union").order_by("id").first()
        if grant is None:
            continue
        union = grant.union
        n = Union.objects.filter(subtree_q("path", union.path)).count()
        rows.append((spec.username, PASSWORD, f"{user.full_name}，{spec.who.format(union=union.name)}",
                     spec.sees.format(union=union.name, n=n)))
    return rows + member_login_rows()


def member_login_rows():
    """The demo members (members/demo.py): they sign in on the member tab with their mobile number,
    so the table gives the number (a made-up one) where a staff row gives the username."""
    from gonghui.members.models import Member

    rows = []
    for username in ("member", "member2", "member3"):
        member = Member.objects.filter(user__username=username).select_related("union", "user").first()
        if member is not None:
            rows.append((member.user.phone.reveal(), PASSWORD, f"{member.name}，{member.union.name}会员",
                         "会员登录（手机号）：本人的会员证、福利、申请与个人信息副本"))
    return rows


def login_table(port="8000"):
    """The demo logins as an aligned table in Chinese, for the terminal."""
    rows = login_rows()
    if not rows:
        return "还没有演示账号：请先运行 gonghui demo。"
    header = ("用户名或手机号", "密码", "身份", "可见范围")
    widths = [max(_width(r[i]) for r in (header, *rows)) for i in range(len(header))]
    lines = [f"演示账号（密码均为 {PASSWORD}），打开 http://127.0.0.1:{port} 登录：", ""]
    for r in (header, *rows):
        lines.append("  ".join(_pad(cell, w) for cell, w in zip(r, widths, strict=True)).rstrip())
        if r is header:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
