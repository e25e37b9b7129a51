"""Building blocks of the collective-contract tests: contracts of a firm in Shanghai (310101),
Zhejiang (330102) or of the Hunan test city's own employer (national rules), moved on to a
state with fixed past dates, and a 职代会 with enough delegates to vote."""

from datetime import date, timedelta

from gonghui.contracts import services
from gonghui.contracts.models import CollectiveContract as C

from ..wcongress.conftest import SHANGHAI, ZHEJIANG, congress, firm  # noqa: F401

UNION_SIDE = ["王工会", "李代表", "赵代表"]
EMPLOYER_SIDE = ["陈总", "周经理", "吴经理"]


def contract(c, *, union=None, employer=None, region=None, requested_on=date(2026, 3, 4), kind=C.Kind.GENERAL,
             by="city", title="集体合同"):
    """A bargaining request: of `union` for `employer` (the home grassroots union and employer by
    default, national rules), or of a new firm in `region`."""
    if region is not None:
        employer, union = firm(c, region)
    union = union or c.grassroots
    employer = employer or c.employer
    return services.request_bargaining(acting_user=c.users[by], union=union, title=f"{employer.name}{title}",
                                       employers=[employer], requested_on=requested_on, kind=kind)


def negotiating(c, k, by="city"):
    u = c.users[by]
    services.record_reply(k, acting_user=u, replied_on=k.requested_on + timedelta(days=5))
    services.set_negotiators(k, acting_user=u, union_side=UNION_SIDE, employer_side=EMPLOYER_SIDE)
    services.add_meeting(k, acting_user=u, held_on=k.requested_on + timedelta(days=10), summary="首次协商")
    return k


def drafted(c, k, by="city"):
    negotiating(c, k, by)
    return services.agree_draft(k, acting_user=c.users[by], agreed_on=k.requested_on + timedelta(days=12),
                                text="工资增长5%，夜班津贴提高。", wage_increase_pct="5")


def approved(c, k, by="city"):
    """Approved without a recorded vote (a historical contract): for tests of later steps."""
    drafted(c, k, by)
    C.objects.filter(pk=k.pk).update(state=C.State.APPROVED)
    k.refresh_from_db()
    return k


def signed(c, k, signed_on=None, term_years=3, by="city"):
    approved(c, k, by)
    signed_on = signed_on or k.requested_on + timedelta(days=20)
    start = signed_on
    end = date(start.year + term_years, start.month, start.day) - timedelta(days=1)
    return services.sign(k, acting_user=c.users[by], signed_on=signed_on, term_start=start, term_end=end)


def in_force(c, k, by="city"):
    signed(c, k, by=by)
    services.record_filing(k, acting_user=c.users[by], filed_on=k.signed_on + timedelta(days=2))
    return services.take_effect(k, acting_user=c.users[by], today=k.review_ends_on + timedelta(days=1))
