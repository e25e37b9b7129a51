"""Building blocks of the dispute tests: employers and their unions in Shanghai (310101) and
Zhejiang (330102) beside the Hunan test city, disputes received on a given day by the rights
department, and users of the rights department per county."""

from datetime import date

from gonghui.disputes import services
from gonghui.orgs.models import Region, Union

from ..factories import employer, user

_seq = iter(range(10**6))
SHANGHAI, ZHEJIANG = "310101", "330102"


def firm(c, region=SHANGHAI, name=None):
    """An employer in `region` and its grassroots union, under the city's root."""
    n = next(_seq)
    e = employer(500 + n, Region.objects.get(code=region), name or f"争议测试企业{n}有限公司", headcount=300)
    u = Union.objects.add_child(c.root, dict(name=f"{e.name}工会", kind="grassroots", region_id=region, employer=e))
    return e, u


def rights_user(c, where="county"):
    """A rights-department user of `where` (county, county2 or root): made once per test."""
    name = f"rights_{where}"
    if name not in c.users:
        c.users[name] = user(name, "rights", getattr(c, where))
    return c.users[name]


def dispute(c, *, employer_=None, union=None, received_on=date(2026, 3, 2), by="rights", claim="wages",
            amount_fen=800_000, workers=1, employed=False, ended=date(2026, 2, 20), knew=date(2026, 2, 25),
            event=date(2026, 2, 20), **kw):
    """A dispute received for mediation (by default at 衡阳县第一机械, by the city's rights department)."""
    if employer_ is None:
        employer_, union = c.employer, c.grassroots
    return services.receive(acting_user=c.users[by], union=union, employer=employer_, worker_name="张三",
                            workers=workers, claim=claim, amount_fen=amount_fen, event_on=event, knew_on=knew,
                            employed=employed, employment_ended_on=ended if not employed else None,
                            received_on=received_on, claim_text="拖欠两个月工资", **kw)


def to_accepted(c, d, applied=date(2026, 7, 27), accepted=date(2026, 8, 3), by="rights", simple=False):
    u = c.users[by]
    if d.state == "mediating":
        services.end_mediation(d, acting_user=u, on=d.received_on, reason="单位拒绝调解")
    services.apply_arbitration(d, acting_user=u, applied_on=applied, commission="衡阳县劳动人事争议仲裁委员会")
    return services.accept_arbitration(d, acting_user=u, accepted_on=accepted, simple=simple)
