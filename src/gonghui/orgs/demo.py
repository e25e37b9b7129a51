"""Demo step: the union tree and the employers of a city modelled on 衡阳 (seed 000) and the
clean-up 吉安's counties reported (seed 003).

At full size: 衡阳市总工会; one federation per county-level division (12); about 150
township / street unions named after real townships; about 3,000 grassroots unions, each
with its own employer in its township; 1,500 more employers with no union (so the city's
建会率 is about two thirds, and some of them are large enough to organise); city and
county industry unions; joint unions of small firms; union groups in large enterprises;
and a few paper unions revoked and unions merged after a reorganisation.

Rows are bulk-created with treebeard-correct paths (steplen 4, depth, numchild), which is
what ``Union.objects.add_child`` would write, a hundred times faster.
"""

import datetime
import math
from collections import Counter, defaultdict

from django.core.management.base import CommandError
from stdnum.cn import uscc

from gonghui.core.demo import demo_step
from gonghui.core.models import Code

from . import choices
from .models import Employer, Region, Union

K = choices.UnionKind
CITY = "430400"
CITY_NAME = "衡阳市"
AREA_CODE = "0734"
URBAN = ("430405", "430406", "430407", "430408")  # 珠晖 雁峰 石鼓 蒸湘: firms register as 衡阳(市)…

FULL = {"townships": 150, "grassroots": 3000, "free_employers": 1500, "joint": 24, "county_industry": 8,
        "groups": 40, "revoked": 12, "merged": 6}

CITY_INDUSTRY_UNIONS = ("物流", "快递", "安保", "房产中介")
COUNTY_INDUSTRY_UNIONS = (("430481", "快递"), ("430421", "物流"), ("430482", "有色金属"), ("430422", "建筑"),
                          ("430412", "旅游服务"), ("430426", "餐饮"), ("430481", "煤炭"), ("430424", "物流"))

# GB/T 4754-2017 sections: (weight among unionised employers, among employers without a union,
# business words that go into a company name).
INDUSTRIES = {
    "A": (3, 4, ("农业开发", "生态农业", "油茶开发", "农业科技", "茶业")),
    "B": (1, 1, ("矿业", "石膏矿业")),
    "C": (30, 14, ("机械制造", "电子科技", "化工", "纺织", "食品", "建材", "电缆", "钢管", "汽车零部件", "服饰",
                   "新材料", "陶瓷", "电气", "制药", "印务", "鞋业", "竹木制品")),
    "D": (1, 0, ("电力", "水务", "燃气", "新能源")),
    "E": (9, 8, ("建筑工程", "建设工程", "路桥建设", "装饰工程", "市政工程", "水电安装工程")),
    "F": (13, 22, ("商贸", "贸易", "超市", "医药连锁", "农资", "汽车销售服务", "建材贸易")),
    "G": (7, 9, ("物流", "运输", "货运", "客运", "快递服务", "供应链管理")),
    "H": (6, 13, ("餐饮管理", "酒店管理", "大酒店", "宾馆")),
    "I": (3, 3, ("网络科技", "信息技术", "软件开发", "数字科技")),
    "J": (2, 0, ("小额贷款", "融资担保")),
    "K": (4, 4, ("房地产开发", "物业管理", "置业", "房产经纪")),
    "L": (5, 5, ("人力资源", "保安服务", "商务咨询", "劳务", "企业管理")),
    "M": (2, 2, ("检测", "工程设计", "工程咨询", "测绘")),
    "N": (2, 1, ("环境卫生管理", "园林绿化", "环保科技")),
    "O": (4, 10, ("家政服务", "汽车维修", "洗涤服务", "物业服务")),
    "P": (5, 2, ("职业培训学校", "教育咨询")),
    "Q": (4, 2, ("医院", "养老服务", "健康管理")),
    "R": (1, 1, ("文化传媒", "体育发展", "影城", "文化旅游")),
}
SHOPS = {"F": ("超市", "商行", "经营部", "建材店"), "H": ("餐馆", "饭店", "小吃店"),
         "O": ("汽车修理店", "理发店", "家电维修部")}
OWNERSHIP = {"170": 50, "150": 36, "160": 5, "120": 2, "190": 2, "200": 2, "300": 3}
PUBLIC_SHARE = {"P": 0.6, "Q": 0.6, "D": 0.4}  # schools, health centres, utilities: 事业单位 / state-owned
ZIHAO = ("华鑫宏恒鸿瑞祥泰盛兴达通源丰安康博远新金湘雁蒸云海正东永德信诚和嘉卓创凯旺隆福顺汇联明星光辉"
         "伟佳利富强荣昌盈润泽")
ROADS = ("人民", "解放", "建设", "新华", "向阳", "团结", "胜利", "和平", "中山", "文化", "东风", "红旗", "光明",
         "幸福", "迎宾", "工业", "车站", "朝阳", "学府", "滨江", "船山", "蒸阳", "雁城", "湘江")
GROUP_DEPARTMENTS = ("一车间", "二车间", "三车间", "生产部", "技术部", "销售部", "后勤部", "质检部")
REVOKE_REASONS = ("纸上工会，经核查撤销", "纸上工会，长期无活动、无会员，经核查撤销", "企业注销，工会撤销")
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z


def _weighted(rng, table):
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


def _date(rng, first_year, last_year, last=datetime.date(2025, 10, 31)):
    """A day from 1 January of `first_year` to the end of `last_year`, never after `last`."""
    start = datetime.date(first_year, 1, 1)
    end = min(datetime.date(last_year, 12, 31), last)
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _organisation_code(rng, new):
    """Nine characters (GB 11714): eight, then their check character. Firms registered since
    2015 carry the newer MA… codes of the market regulator."""
    body = "MA4" + "".join(rng.choices(USCC_ALPHABET, k=5)) if new else f"{rng.randrange(10**8):08d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(w * (int(c) if c.isdigit() else ord(c) - 55) for w, c in zip(weights, body, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


class _Tree:
    """Hands out treebeard paths the way add_root/add_child would, for bulk_create."""

    def __init__(self):
        self.nodes = []
        self.roots = 0

    def add(self, parent, **fields):
        if parent is None:
            self.roots += 1
            depth, path = 1, Union._get_path("", 1, self.roots)
        else:
            parent.numchild += 1
            depth = parent.depth + 1
            path = Union._get_path(parent.path, depth, parent.numchild)
        node = Union(path=path, depth=depth, numchild=0, **fields)
        self.nodes.append(node)
        return node


class _City:
    """The generators for one build: names, codes, addresses, all drawn from ctx's seeds."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = ctx.rng
        self.fake = ctx.fake
        self.names = set()
        self.usccs = set()
        self.industries = {c.code: c for c in Code.objects.filter(table=choices.INDUSTRY)}
        self.ownerships = {c.code: c for c in Code.objects.filter(table=choices.OWNERSHIP)}

    # --- places --------------------------------------------------------------------------
    @staticmethod
    def county_label(county):
        """How a county is written in front of a township: 衡阳县, 耒阳市, 衡阳市珠晖区."""
        return CITY_NAME + county.name if county.name.endswith("区") else county.name

    def firm_prefix(self, county):
        if county.code in URBAN:
            return self.rng.choice(("衡阳", "衡阳", "衡阳市"))
        short = "衡阳县" if county.name == "衡阳县" else county.name[:-1]
        return self.rng.choice((short, short, short, county.name))

    def address(self, county, town=None):
        road = self.rng.choice(ROADS) + self.rng.choice(("路", "路", "街", "大道"))
        place = self.county_label(county) + (town.name if town else "")
        return f"湖南省{place}{road}{self.rng.randint(1, 399)}号"

    def phone(self, landline=False):
        if landline:
            return f"{AREA_CODE}-{self.rng.randint(8_000_000, 8_999_999)}"
        return self.fake.phone_number()

    # --- employers -----------------------------------------------------------------------
    def zihao(self):
        if self.rng.random() < 0.3:
            word = self.fake.company_prefix()
            if 2 <= len(word) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in word):
                return word
        return "".join(self.rng.sample(ZIHAO, 2))

    def unique_name(self, make):
        for _ in range(50):
            name = make()
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("The demo ran out of employer names; lower --size.")

    def public_name(self, industry, county, town):
        label = self.county_label(county)
        if town.name.endswith("街道"):
            base = town.name.removesuffix("街道")
            options = {"P": (f"{label}{base}小学",), "Q": (f"{label}{town.name}社区卫生服务中心",),
                       "D": (f"{label}{base}供电所",)}[industry]
        else:
            options = {"P": (f"{label}{town.name}中心学校", f"{label}{town.name}中学", f"{label}{town.name}中心幼儿园"),
                       "Q": (f"{label}{town.name}卫生院", f"{label}{town.name}敬老院"),
                       "D": (f"{label}{town.name}供电所", f"{label}{town.name}自来水厂")}[industry]
        for name in options:
            if name not in self.names:
                self.names.add(name)
                return name
        return None

    def uscc(self, kind, county, new):
        head = {"enterprise": "91", "individual": "92", "institution": "12"}[kind]
        while True:
            body = head + county.code + _organisation_code(self.rng, new)
            code = body + uscc.calc_check_digit(body)
            if code not in self.usccs:
                self.usccs.add(code)
                return code

    def employer(self, county, town, *, organised, founded=None):
        """One employer in `town`. Organised ones are bigger and more often in manufacturing."""
        rng = self.rng
        col = 0 if organised else 1
        industry = _weighted(rng, {k: v[col] for k, v in INDUSTRIES.items() if v[col]})
        new = (founded.year >= 2016 if founded else rng.random() < 0.7) and rng.random() < 0.85
        name = None
        if organised and rng.random() < PUBLIC_SHARE.get(industry, 0):
            name = self.public_name(industry, county, town)
        if name is not None:
            kind, ownership = "institution" if industry != "D" else "enterprise", "110"
            headcount = rng.randint(25, 320)
            new = False
        elif not organised and industry in SHOPS and rng.random() < 0.3:
            kind, ownership = "individual", "400"
            name = self.unique_name(lambda: f"{town.name}{self.zihao()}{rng.choice(SHOPS[industry])}")
            headcount = rng.randint(3, 15)
        else:
            kind = "enterprise"
            ownership = "160" if industry == "J" else _weighted(rng, OWNERSHIP)
            suffix = {"160": "股份有限公司"}.get(ownership, rng.choice(("有限公司", "有限公司", "有限责任公司")))

            def make():
                prefix = self.firm_prefix(county) if rng.random() < 0.85 else rng.choice(("湖南", ""))
                return f"{prefix}{self.zihao()}{rng.choice(INDUSTRIES[industry][2])}{suffix}"

            name = self.unique_name(make)
            # Skewed: most firms have a few dozen staff, a few have thousands.
            mu, sigma, low, high = (math.log(70), 1.0, 10, 3000) if organised else (math.log(20), 0.9, 3, 600)
            headcount = int(min(high, max(low, rng.lognormvariate(mu, sigma))))
        return Employer(name=name, uscc=self.uscc(kind, county, new), industry=self.industries[industry],
                        ownership=self.ownerships[ownership], headcount=headcount, region=town,
                        address=self.address(county, town))


def _spread(rng, total, buckets, weights, minimum=1):
    """Split `total` over `buckets`: `minimum` each, the rest drawn by weight."""
    counts = Counter({b: minimum for b in buckets})
    extra = max(0, total - minimum * len(buckets))
    counts.update(rng.choices(buckets, weights=weights, k=extra))
    return counts


def _town_weight(town):
    if town.name.endswith("街道"):
        return 3.0
    return 2.0 if town.name.endswith("镇") else 1.0


@demo_step(order=10)
def build(ctx):
    """The union tree and the employers of the demo city."""
    rng, fake = ctx.rng, ctx.fake
    city_region = Region.objects.filter(code=CITY).first()
    if city_region is None:
        raise CommandError("The administrative divisions are not loaded; run `gonghui migrate` first.")
    # County-level divisions; the development zones (fifth digit 7) have no federation of their own.
    counties = [c for c in Region.objects.filter(parent=city_region).order_by("code") if c.code[4] != "7"]
    towns_of = defaultdict(list)
    for t in Region.objects.filter(parent__in=counties).order_by("code"):
        towns_of[t.parent_id].append(t)
    g = _City(ctx)
    tree = _Tree()

    # --- federations -----------------------------------------------------------------------
    root = tree.add(None, name=f"{CITY_NAME}总工会", kind=K.FEDERATION, region=city_region,
                    founded_on=_date(rng, 1950, 1950), chair_name=fake.name(), contact_phone=g.phone(True),
                    address=f"湖南省{CITY_NAME}{rng.choice(ROADS)}路{rng.randint(1, 99)}号")
    county_unions = {}
    for c in counties:
        first = 1984 if c.code in URBAN else 1950
        county_unions[c.code] = tree.add(root, name=f"{c.name}总工会", kind=K.FEDERATION, region=c,
                                         founded_on=_date(rng, first, first + 20), chair_name=fake.name(),
                                         contact_phone=g.phone(True), address=g.address(c))

    # --- township / street unions: quota per county in proportion to its townships ----------
    available = sum(len(towns_of[c.code]) for c in counties)
    n_towns = min(available, max(len(counties), ctx.scaled(FULL["townships"])))
    quota = {c.code: max(1, math.floor(n_towns * len(towns_of[c.code]) / available)) for c in counties}
    for c in sorted(counties, key=lambda c: -len(towns_of[c.code])):
        if sum(quota.values()) >= n_towns:
            break
        quota[c.code] = min(len(towns_of[c.code]), quota[c.code] + 1)
    township_unions = []  # (union, county, town)
    for c in counties:
        for t in sorted(rng.sample(towns_of[c.code], quota[c.code]), key=lambda t: t.code):
            u = tree.add(county_unions[c.code], name=f"{t.name}工会", kind=K.TOWNSHIP, region=t,
                         founded_on=_date(rng, 1985, 2012), chair_name=fake.name(), contact_phone=g.phone(True),
                         address=g.address(c, t))
            township_unions.append((u, c, t))

    # --- grassroots unions, each with its own employer in the township -----------------------
    n_grassroots = max(len(township_unions), ctx.scaled(FULL["grassroots"]))
    per_town = _spread(rng, n_grassroots, list(range(len(township_unions))),
                       [_town_weight(t) * (1.3 if c.code in URBAN else 1.0) for _, c, t in township_unions])
    employers, grassroots = [], []  # grassroots: (union, town index)
    for i, (tu, c, t) in enumerate(township_unions):
        for _ in range(per_town[i]):
            # Founding years 1990-2025, more of them recent (the drive to organise new firms).
            year = min(2025, 1990 + int(36 * rng.betavariate(1.8, 1.2)))
            founded = _date(rng, year, year)
            e = g.employer(c, t, organised=True, founded=founded)
            employers.append(e)
            u = tree.add(tu, name=f"{e.name}工会", kind=K.GRASSROOTS, region=t, employer=e, founded_on=founded,
                         chair_name=fake.name(), contact_phone=g.phone(), address=e.address)
            grassroots.append((u, i))

    # --- employers without a union: the organising targets -------------------------------------
    all_towns = [(c, t) for c in counties for t in towns_of[c.code]]
    for c, t in rng.choices(all_towns, weights=[_town_weight(t) for _, t in all_towns],
                            k=ctx.scaled(FULL["free_employers"])):
        employers.append(g.employer(c, t, organised=False))

    # --- industry unions, joint unions, union groups ------------------------------------------
    for word in CITY_INDUSTRY_UNIONS:
        tree.add(root, name=f"{CITY_NAME}{word}行业工会", kind=K.INDUSTRY, region=city_region,
                 founded_on=_date(rng, 2015, 2022), chair_name=fake.name(), contact_phone=g.phone(True),
                 address=g.address(counties[0]))
    for code, word in COUNTY_INDUSTRY_UNIONS[: min(len(COUNTY_INDUSTRY_UNIONS), ctx.scaled(FULL["county_industry"]))]:
        c = next(c for c in counties if c.code == code)
        tree.add(county_unions[code], name=f"{c.name}{word}行业工会", kind=K.INDUSTRY, region=c,
                 founded_on=_date(rng, 2016, 2023), chair_name=fake.name(), contact_phone=g.phone(True),
                 address=g.address(c))
    n_joint = min(len(township_unions), ctx.scaled(FULL["joint"]))
    for tu, c, t in sorted(rng.sample(township_unions, n_joint), key=lambda x: x[0].path):
        kind_of = "楼宇" if t.name.endswith("街道") and rng.random() < 0.5 else "小微企业"
        tree.add(tu, name=f"{t.name}{kind_of}联合工会", kind=K.JOINT, region=t, founded_on=_date(rng, 2010, 2024),
                 chair_name=fake.name(), contact_phone=g.phone(), address=g.address(c, t))
    by_size = sorted((u for u, _ in grassroots), key=lambda u: -u.employer.headcount)
    hosts = [u for u in by_size if u.employer.headcount >= 300] or by_size[:1]
    n_groups, made = ctx.scaled(FULL["groups"]), 0
    while made < n_groups and hosts:
        u = hosts.pop(rng.randrange(len(hosts)))
        for dept in rng.sample(GROUP_DEPARTMENTS, min(rng.randint(1, 3), n_groups - made)):
            tree.add(u, name=f"{u.employer.name}{dept}工会小组", kind=K.GROUP, region=u.region,
                     founded_on=max(u.founded_on, _date(rng, 2000, 2025)), chair_name=fake.name())
            made += 1

    # --- the clean-up: paper unions revoked, unions merged after a reorganisation (seed 003) ---
    n_revoked, n_merged = ctx.scaled(FULL["revoked"]), ctx.scaled(FULL["merged"])
    childless = [(u, i) for u, i in grassroots if u.numchild == 0]
    picked = rng.sample(childless, min(len(childless), n_revoked + n_merged))
    revoked, to_merge = picked[:n_revoked], picked[n_revoked:]
    for u, _ in revoked:
        u.status = choices.UnionStatus.REVOKED
        u.status_reason = rng.choice(REVOKE_REASONS)
        if u.status_reason.startswith("企业注销"):
            u.employer.status = choices.EmployerStatus.CLOSED
    leaving = {id(u) for u, _ in to_merge}
    ownership_110 = g.ownerships["110"].pk
    merges = []
    for u, i in to_merge:
        # Into an active union of a firm in the same trade and county (a reorganisation), or
        # else of the same township.
        staying = [(v, j) for v, j in grassroots if v.is_active and id(v) not in leaving]
        peers = [v for v, _ in staying if v.path[:8] == u.path[:8] and v.employer.ownership_id != ownership_110
                 and v.employer.industry_id == u.employer.industry_id] or [v for v, j in staying if j == i]
        if peers:
            into = rng.choice(peers)
            u.status = choices.UnionStatus.MERGED
            u.status_reason = f"机构改革并转，并入{into.name}"
            merges.append((u, into))

    # --- write ----------------------------------------------------------------------------------
    Employer.objects.bulk_create(employers, batch_size=500)
    Union.objects.bulk_create(tree.nodes, batch_size=500)
    for u, into in merges:
        u.merged_into = into
    Union.objects.bulk_update([u for u, _ in merges], ["merged_into"])

    ctx.root = root
    ctx.counties = county_unions
    kinds = Counter(u.kind for u in tree.nodes)
    organised = {u.employer.pk for u in tree.nodes if u.employer is not None and u.is_active}
    rate = len(organised) / len(employers)
    ctx.log(f"{len(tree.nodes):,} unions ({', '.join(f'{k} {n:,}' for k, n in sorted(kinds.items()))}), "
            f"{len(employers):,} employers; 建会率 {rate:.1%}")
    return {"unions": dict(sorted(kinds.items())), "employers": len(employers),
            "employers_with_union": len(organised), "organised_rate": round(rate, 4),
            "revoked": len(revoked), "merged": len(merges)}
